"""The reader. OFD (GB/T 33190): text in reading order, tables as rows with merged cells, the
template's running head and the page numbers dropped, however the writer laid the page out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from duban.core.errors import ReadError
from duban.core.read import read_bytes, read_document
from tests.core.read.common import PlanFileOf, assert_numbered, expected_table, rows, squash, texts
from tests.fixtures.files import TITLE, inline_lines
from tests.fixtures.ofd import write_ofd_table


def test_an_ofd_table_reads_as_rows_with_merged_cells_and_one_header(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("ofd_table"))
    assert doc.kind == "ofd"
    assert_numbered(doc)
    assert rows(doc) == expected_table()
    assert texts(doc)[0] == TITLE  # the template's running head is gone
    assert "表格在每页重复的表头只保留第一次" in doc.notes
    assert "合并单元格已展开:纵向合并的值填入所跨的每一行" in doc.notes


def test_ofd_paragraphs_are_joined_across_lines_and_pages(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("ofd"))
    got = [squash(t) for t in texts(doc)]
    for line in inline_lines():
        assert squash(line) in got
    assert not any("示例区人民政府办公室文件" in t or t.startswith("-") for t in texts(doc))


def test_another_writers_layout_reads_the_same(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    """Each glyph its own object, rules as thin filled rectangles, locations from the package root."""
    other = read_document(write_ofd_table(tmp_path / "other.ofd", other_writer=True))
    assert [(line.text, line.cells) for line in other.lines] == [
        (line.text, line.cells) for line in read_document(plan_file_of("ofd_table")).lines]


def _without(data: bytes, member: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            if item.filename != member:
                dst.writestr(item, src.read(item))
    return buf.getvalue()


@pytest.mark.parametrize(("member", "reason"), [
    ("Doc_0/Document.xml", "OFD 文件不完整(缺少 Doc_0/Document.xml)"),
    ("Doc_0/Pages/Page_1/Content.xml", "缺少第 2 页的内容"),
])
def test_an_ofd_missing_a_part_says_which(member: str, reason: str, plan_file_of: PlanFileOf) -> None:
    with pytest.raises(ReadError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_bytes(_without(plan_file_of("ofd_table").read_bytes(), member), "plan.ofd")


def test_an_ofd_with_broken_xml_is_damaged(plan_file_of: PlanFileOf) -> None:
    data = plan_file_of("ofd").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, body[: len(body) // 2] if item.filename.endswith("Page_0/Content.xml") else body)
    with pytest.raises(ReadError, match="OFD 文件已损坏或不完整"):
        read_bytes(buf.getvalue(), "plan.ofd")


def test_an_ofd_is_read_as_ofd_whatever_its_name(plan_file_of: PlanFileOf) -> None:
    doc = read_bytes(plan_file_of("ofd_table").read_bytes(), "plan.zip")
    assert doc.kind == "ofd" and rows(doc) == expected_table()
