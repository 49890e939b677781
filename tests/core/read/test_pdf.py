"""The reader. PDF: lines and ruled tables, without running heads, page numbers or wrapping."""

from __future__ import annotations

import re

import pytest

from duban.core.read import read_document
from duban.core.read.pdf import TableLine, unruled_rows
from tests.core.read.common import PlanFileOf, assert_numbered, rows, squash, texts
from tests.fixtures.files import HEADER, NOTICE, NOTICE_TITLE, SIGNATURE, TITLE, inline_lines, table_rows


def test_pdf_lines_in_reading_order_without_page_furniture(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("pdf"))
    assert doc.kind == "pdf"
    want = [NOTICE_TITLE, *NOTICE, *SIGNATURE, TITLE, *inline_lines()]
    assert [squash(t) for t in texts(doc)] == [squash(t) for t in want]
    assert "示例区人民政府办公室文件" not in doc.text()  # the running header
    assert not any(re.fullmatch(r"-\s*\d+\s*-", t) for t in texts(doc))  # page numbers
    assert any("页码" in n for n in doc.notes)
    assert_numbered(doc)


@pytest.mark.parametrize(
    ("text", "page", "is_number"),
    [("- 3 -", 3, True), ("—3—", 3, True), ("第3页 共9页", 3, True), ("共9页 第3页", 3, True), ("3/9", 3, True),
     ("3", 3, True), ("3", 40, False), ("2023年", 1, False), ("1.地区生产总值", 1, False)],
)
def test_page_numbers_are_told_from_text(text: str, page: int, is_number: bool) -> None:
    from duban.core.read.pdf import _is_page_number

    assert _is_page_number(text, page) is is_number


def test_pdf_paragraph_broken_by_a_page_break_is_joined(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("pdf"))
    task7 = next(t for t in texts(doc) if t.startswith("7."))
    assert squash(task7).endswith("完成时限:2024年10月底)")


def test_pdf_table_rows_keep_cells_and_merged_cells(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("pdf_table"))
    got = [tuple(squash(c) for c in r) for r in rows(doc)]
    want = [tuple(squash(c) for c in row) for row in [HEADER, *table_rows()]]
    assert got == want
    assert any("纵向合并" in n for n in doc.notes)
    # the table's text is not repeated as plain lines
    assert not any(line.text.startswith("1") and not line.is_row for line in doc.lines)


# -- tables printed without rules ---------------------------------------------------------------


def test_an_unruled_table_is_read_as_rows_across_its_page_break(plan_file_of: PlanFileOf) -> None:
    """No rules for pdfplumber to find: the columns come from the header and the strips no text
    crosses, each row from the block its number stands in (centred in its cells here), and the
    second page, without a header, goes on in the same columns."""
    doc = read_document(plan_file_of("pdf_unruled"))
    got = [tuple(squash(c) for c in r) for r in rows(doc)]
    tasks = [tuple(squash(c) for c in r) for r in table_rows() if len(r) > 1]
    assert got[0] == tuple(HEADER)
    assert [r for r in got if len(r) > 1 and r[0].isdigit()] == tasks
    assert any("小巨人”企业3家" in r[1] for r in got if len(r) > 1)  # the row on the second page, whole


def _lines(*spec: tuple[float, bool]) -> list[TableLine]:
    """Table lines 10 pt high from (top, numbered)."""
    return [TableLine(top, top + 10, numbered) for top, numbered in spec]


def test_unruled_rows_by_their_spacing_wherever_the_number_stands() -> None:
    centred = _lines((0, False), (10, True), (20, False), (34, True), (48, False), (58, True))
    assert unruled_rows([centred], continued=False) == [(-0.5, 30.5), (33.5, 44.5), (47.5, 68.5)]


def test_unruled_rows_evenly_spaced_start_at_their_number() -> None:
    top_aligned = _lines((0, True), (12, False), (24, True), (36, True), (48, False), (60, False))
    assert unruled_rows([top_aligned], continued=False) == [(-0.5, 22.5), (23.5, 34.5), (35.5, 70.5)]
    # evenly spaced lines above the first number cannot be placed: left to the line reader
    assert unruled_rows([_lines((0, False), (12, True), (24, False))], continued=False) is None
    # unless the page goes on with a table: the rest of the row the break cut off
    assert unruled_rows([_lines((0, False), (12, True), (24, False))], continued=True) == [(-0.5, 10.5), (11.5, 34.5)]
