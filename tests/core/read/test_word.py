"""The reader. Word: paragraphs with their automatic numbering, and tables, in document order."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from duban.core.read import chinese_number, read_bytes, read_document
from tests.core.read.common import PlanFileOf, assert_numbered, expected_table, rows, texts
from tests.fixtures.files import HEADER, NOTICE, NOTICE_TITLE, SIGNATURE, TITLE, inline_lines


def test_word_paragraphs_are_lines_and_soft_breaks_split_them(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("docx_paragraphs"))
    assert doc.kind == "docx"
    assert texts(doc) == [NOTICE_TITLE, *NOTICE, *SIGNATURE, TITLE, *inline_lines()]
    assert rows(doc) == []
    assert_numbered(doc)


def test_word_table_rows_keep_cells_and_merged_cells_are_expanded(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("docx_table"))
    assert rows(doc) == expected_table()
    assert any("纵向合并" in n for n in doc.notes)
    # paragraphs and the table keep their order: notice, title, table, then the note after it
    assert texts(doc)[:4] == [NOTICE_TITLE, *NOTICE, TITLE]
    assert doc.lines[4].cells == HEADER
    assert texts(doc)[-1] == "备注:★为区级重点指标。"
    assert_numbered(doc)


def test_word_leader_merged_down_applies_to_every_task_it_spans(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("docx_table"))
    leaders = {r[0]: r[2] for r in rows(doc) if len(r) == 7 and r[0].isdigit()}
    assert leaders == {"1": "张明", "2": "张明", "3": "王芳", "4": "王芳", "5": "王芳", "6": "李强", "7": "李强", "8": "李强"}


def _docx_bytes(build: Callable[[object], None]) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_nested_table_text_stays_in_its_cell() -> None:
    def build(d: object) -> None:
        t = d.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        t.cell(0, 0).text = "1"
        inner = t.cell(0, 1).add_table(rows=2, cols=2)
        inner.cell(0, 0).text = "指标"
        inner.cell(0, 1).text = "6%"
        inner.cell(1, 0).text = "牵头"
        inner.cell(1, 1).text = "区发改局"

    doc = read_bytes(_docx_bytes(build), "n.docx")
    assert rows(doc) == [("1", "指标 6%\n牵头 区发改局")]


def test_word_partial_horizontal_merge_repeats_the_value() -> None:
    def build(d: object) -> None:
        t = d.add_table(rows=2, cols=4)  # type: ignore[attr-defined]
        for i, h in enumerate(("序号", "目标任务", "牵头单位", "责任单位")):
            t.cell(0, i).text = h
        t.cell(1, 0).text = "1"
        t.cell(1, 1).text = "甲"
        t.cell(1, 2).merge(t.cell(1, 3)).text = "区发改局"

    doc = read_bytes(_docx_bytes(build), "m.docx")
    assert rows(doc)[1] == ("1", "甲", "区发改局", "区发改局")


def test_word_empty_rows_and_paragraphs_are_skipped() -> None:
    def build(d: object) -> None:
        d.add_paragraph("一、目标")  # type: ignore[attr-defined]
        d.add_paragraph("   ")  # type: ignore[attr-defined]
        t = d.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
        t.cell(0, 0).text = "1"
        t.cell(0, 1).text = "甲"

    doc = read_bytes(_docx_bytes(build), "e.docx")
    assert texts(doc) == ["一、目标", "1 | 甲"]


W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body_xml(d: object, xml: str) -> None:
    """Append raw WordprocessingML to the body, before its section properties."""
    from docx.oxml import parse_xml

    body = d.element.body  # type: ignore[attr-defined]
    body.sectPr.addprevious(parse_xml(xml.replace("XMLNS", f'xmlns:w="{W_MAIN}"')))


def test_word_text_in_content_controls_tracked_changes_and_links_is_read() -> None:
    def build(d: object) -> None:
        _body_xml(d, '<w:sdt XMLNS><w:sdtContent><w:p><w:r><w:t>1.甲(牵头单位:区发改局)</w:t></w:r></w:p></w:sdtContent></w:sdt>')
        _body_xml(d, '<w:p XMLNS><w:r><w:t>2.</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
                     '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
                     '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:br w:type="page"/><w:t>同段</w:t></w:r></w:p>')

    doc = read_bytes(_docx_bytes(build), "c.docx")
    assert texts(doc) == ["1.甲(牵头单位:区发改局)", "2.新增链接同段"]



def _add_chinese_numbering(d: object) -> None:
    """A numbering definition as a Chinese plan uses it: 一、 then (一) then 1."""
    from docx.oxml import parse_xml

    root = d.part.numbering_part.element  # type: ignore[attr-defined]
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root.find(f"{{{W_MAIN}}}num").addprevious(
        parse_xml(f'<w:abstractNum xmlns:w="{W_MAIN}" w:abstractNumId="90">{lvls}</w:abstractNum>')
    )
    root.append(parse_xml(f'<w:num xmlns:w="{W_MAIN}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _numbered(d: object, text: str, level: int) -> None:
    from docx.oxml import parse_xml

    p = d.add_paragraph(text)  # type: ignore[attr-defined]
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_MAIN}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def test_word_automatic_numbering_is_written_into_the_text() -> None:
    def build(d: object) -> None:
        _add_chinese_numbering(d)
        for text, level in [("主要目标", 0), ("甲", 2), ("乙", 2), ("重点工作", 0), ("产业", 1), ("丙", 2), ("民生", 1), ("丁", 2)]:
            _numbered(d, text, level)

    doc = read_bytes(_docx_bytes(build), "n.docx")
    assert texts(doc) == ["一、主要目标", "1.甲", "2.乙", "二、重点工作", "(一)产业", "1.丙", "(二)民生", "1.丁"]
    assert "Word 自动编号已写入文字" in doc.notes


def test_word_numbering_from_a_style_and_inside_table_cells() -> None:
    def build(d: object) -> None:
        d.add_paragraph("列表", style="List Number")  # type: ignore[attr-defined]
        t = d.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
        for i in range(2):
            t.cell(i, 0).paragraphs[0].style = d.styles["List Number"]  # type: ignore[attr-defined]
            t.cell(i, 1).text = f"任务{i}"

    doc = read_bytes(_docx_bytes(build), "n.docx")
    assert texts(doc)[0] == "1.列表"
    assert rows(doc) == [("2.", "任务0"), ("3.", "任务1")]


def test_word_numbering_in_a_cell_merged_down_counts_once() -> None:
    def build(d: object) -> None:
        t = d.add_table(rows=3, cols=2)  # type: ignore[attr-defined]
        merged = t.cell(0, 0).merge(t.cell(1, 0))
        merged.paragraphs[0].style = d.styles["List Number"]  # type: ignore[attr-defined]
        t.cell(2, 0).paragraphs[0].style = d.styles["List Number"]  # type: ignore[attr-defined]
        for i in range(3):
            t.cell(i, 1).text = f"任务{i}"

    doc = read_bytes(_docx_bytes(build), "n.docx")
    assert [r[0] for r in rows(doc)] == ["1.", "1.", "2."]


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_numbers_count_as_headings_do(n: int, text: str) -> None:
    assert chinese_number(n) == text
