"""The reader: every file type into numbered lines and table rows, and every bad input into one
clear Chinese reason (through `read_document` and through `duban parse`)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.cli import main
from duban.core.document import Document, render_row
from duban.core.errors import ReadError
from duban.core.read import (
    MAX_BYTES,
    chinese_number,
    decode_text,
    decode_text_with_encoding,
    excel_value_text,
    read_bytes,
    read_document,
)
from tests.fixtures.files import (
    HEADER,
    NOTICE,
    NOTICE_TITLE,
    SIGNATURE,
    TITLE,
    inline_lines,
    plan_text,
    table_rows,
)

PlanFileOf = Callable[[str], Path]


def squash(text: str) -> str:
    """Text without white space: PDF and HTML may keep or drop the padding in "陈  晓"."""
    return re.sub(r"\s+", "", text)


def texts(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def rows(doc: Document) -> list[tuple[str, ...]]:
    return [line.cells for line in doc.lines if line.cells is not None]


def expected_table() -> list[tuple[str, ...]]:
    """The fixture table as the reader gives it: the one unit list typed one unit a line."""
    out = [HEADER]
    for row in table_rows():
        if len(row) > 1 and "、各" in row[4]:
            first, rest = row[4].split("、", 1)
            row = (*row[:4], f"{first}\n{rest}", *row[5:])
        out.append(row)
    return out


def assert_numbered(doc: Document) -> None:
    assert [line.no for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    for line in doc.lines:
        if line.cells is not None:
            assert line.text == render_row(line.cells)


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "encoding"), [("txt_utf8", "utf-8"), ("txt_bom", "utf-8-sig"), ("txt_gb18030", "gb18030")]
)
def test_text_files_read_the_same_in_every_encoding(plan_file_of: PlanFileOf, key: str, encoding: str) -> None:
    doc = read_document(plan_file_of(key))
    assert doc.kind == "txt"
    assert doc.encoding == encoding
    assert texts(doc) == plan_text().splitlines()
    assert_numbered(doc)


def test_gb18030_four_byte_characters_are_not_mistaken_for_another_encoding() -> None:
    text = "责任人:𠮷祥、䶮明\n牵头单位:区发改局\n"
    assert decode_text(text.encode("gb18030")) == text


@pytest.mark.parametrize("sample", ["牵头单位:区发改局", "区委人才办(区委组织部)", "陈晓", "喆"])
def test_short_gbk_text_decodes_as_gb18030(sample: str) -> None:
    assert decode_text(sample.encode("gbk")) == sample


def test_utf16_with_bom_is_read() -> None:
    doc = read_bytes("1.地区生产总值增长6%。\n".encode("utf-16"), "plan.txt")
    assert texts(doc) == ["1.地区生产总值增长6%。"]
    assert doc.encoding == "utf-16"


def test_windows_and_old_mac_line_ends_become_lines() -> None:
    doc = read_bytes("一、目标\r\n1.甲\r2.乙".encode(), "plan.txt")
    assert texts(doc) == ["一、目标", "1.甲", "2.乙"]


def test_csv_is_read_as_table_rows_with_quoted_line_breaks() -> None:
    data = '序号,目标任务,牵头单位\n1,"地区生产总值增长6%,力争7%",区发改局\n2,甲,"区财政局\n区税务局"\n'.encode("gb18030")
    doc = read_bytes(data, "plan.csv")
    assert rows(doc) == [("序号", "目标任务", "牵头单位"), ("1", "地区生产总值增长6%,力争7%", "区发改局"), ("2", "甲", "区财政局\n区税务局")]
    assert doc.encoding == "gb18030"


def test_csv_with_an_unbalanced_quote_is_a_read_error() -> None:
    data = ('序号,目标任务\n1,"甲\n' + "乙" * 200_000 + "\n").encode()
    with pytest.raises(ReadError, match="引号不成对"):
        read_bytes(data, "plan.csv")


def test_tab_separated_text_from_excel_is_read_as_rows() -> None:
    text = "序号\t目标任务\t牵头单位\t责任单位\n1\t甲\t区发改局\t区统计局\n2\t乙\t区财政局\t\n"
    doc = read_bytes(text.encode("utf-16"), "plan.txt")
    assert rows(doc) == [("序号", "目标任务", "牵头单位", "责任单位"), ("1", "甲", "区发改局", "区统计局"), ("2", "乙", "区财政局")]
    assert "按制表符分隔的表格读取" in doc.notes


def test_text_with_a_few_tabs_stays_text() -> None:
    doc = read_bytes("一、目标\n1.甲\t(牵头单位:区发改局)\n2.乙\n".encode(), "plan.txt")
    assert rows(doc) == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_few_damaged_bytes_do_not_turn_the_file_into_another_encoding(encoding: str) -> None:
    data = plan_text().encode(encoding)
    cut = data.index("区统计局".encode(encoding)) + 1  # inside a character
    damaged = data[:cut] + b"\xff" + data[cut + 1 :]
    doc = read_bytes(damaged, "plan.txt")
    assert doc.encoding == encoding
    assert texts(doc)[0] == plan_text().splitlines()[0]
    assert texts(doc)[-1] == plan_text().splitlines()[-1]
    assert any("有 " in n and "处字节无法按" in n for n in doc.notes)


def test_page_declaring_latin1_but_written_in_gbk_is_read_as_chinese() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>牵头单位:区发改局</p></body></html>'
    doc = read_bytes(page.encode("gbk"), "p.html")
    assert texts(doc) == ["牵头单位:区发改局"]


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(ReadError, match="无法识别文件编码"):
        read_bytes(b"plan \x80\x80\x80 text\xff" * 10, "plan.txt")


def test_text_of_control_characters_is_binary() -> None:
    with pytest.raises(ReadError, match="二进制文件"):
        read_bytes(bytes(range(1, 32)) * 50, "plan.txt")


# -- bad input, through read_document and through the command line ---------------------------


def _truncated(path: Path, tmp_path: Path) -> Path:
    data = path.read_bytes()
    out = tmp_path / ("cut-" + path.name)
    out.write_bytes(data[: len(data) // 2])
    return out


def _ole(tmp_path: Path, name: str) -> Path:
    p = tmp_path / name
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return p


BAD_INPUTS: dict[str, tuple[Callable[[Path, PlanFileOf], Path], str]] = {
    "missing": (lambda t, f: t / "nope.txt", "文件不存在"),
    "directory": (lambda t, f: t, "这是一个目录"),
    "empty": (lambda t, f: _write(t / "empty.txt", b""), "文件是空的"),
    "binary": (lambda t, f: _write(t / "blob.txt", bytes(range(256)) * 20), "二进制文件"),
    "image": (lambda t, f: _write(t / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100)), "图片文件"),
    "undecodable": (lambda t, f: _write(t / "bad.txt", b"\x80\x80 \xff\xfe\x81" * 40), "无法识别文件编码"),
    "truncated docx": (lambda t, f: _truncated(f("docx_table"), t), "Word 文件已损坏或不完整"),
    "truncated xlsx": (lambda t, f: _truncated(f("xlsx"), t), "Excel 文件已损坏或不完整"),
    "truncated pdf": (lambda t, f: _truncated(f("pdf"), t), "PDF 文件不完整"),
    "text named docx": (lambda t, f: _write(t / "plan.docx", "一、目标".encode()), "Word 文件已损坏或不完整"),
    "legacy doc": (lambda t, f: _ole(t, "plan.doc"), "另存为”.docx"),
    "legacy xls": (lambda t, f: _ole(t, "plan.xls"), "另存为”.xlsx"),
    "legacy wps": (lambda t, f: _ole(t, "plan.wps"), "旧版 Word/WPS"),
    "encrypted docx": (lambda t, f: _ole(t, "plan.docx"), "密码保护"),
    "plain zip": (lambda t, f: _zip(t / "plans.zip"), "压缩包"),
    "scanned pdf": (lambda t, f: _scanned(t, f), "PDF 没有文字层(可能是扫描件),请先进行文字识别"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "x")
    return path


def _scanned(tmp_path: Path, plan_file_of: PlanFileOf) -> Path:
    from tests.fixtures.files import write_scanned_pdf

    plan_file_of("pdf")  # skips with the reason when the font (and so fpdf output) is not set up
    return write_scanned_pdf(tmp_path / "scan.pdf")


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_a_read_error_naming_the_file(case: str, tmp_path: Path, plan_file_of: PlanFileOf) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path, plan_file_of)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert reason in info.value.reason
    assert str(info.value) == f"{path}: {info.value.reason}"
    assert re.search(r"[\u4e00-\u9fff]", info.value.reason)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    case: str, tmp_path: Path, plan_file_of: PlanFileOf, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path, plan_file_of)
    assert main(["parse", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"duban: {path}: ")
    assert reason in err
    assert "Traceback" not in err


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written to disk

    def never(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(ReadError, match="文件太大"):
        read_document(big)


def test_a_file_over_50_mb_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    assert main(["parse", str(big)]) == 2
    assert "文件太大" in capsys.readouterr().err


def test_bytes_over_50_mb_are_refused() -> None:
    with pytest.raises(ReadError, match="文件太大"):
        read_bytes(b"a" * (MAX_BYTES + 1), "big.txt")


def test_docx_with_broken_xml_inside_a_good_zip_is_damaged(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    src = zipfile.ZipFile(plan_file_of("docx_table"))
    out = tmp_path / "broken.docx"
    with zipfile.ZipFile(out, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            zf.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="Word 文件已损坏或不完整"):
        read_document(out)


def test_an_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("一、目标", encoding="utf-8")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as root: permissions do not stop reading")
        with pytest.raises(ReadError, match="权限"):
            read_document(p)
    finally:
        p.chmod(0o644)


# -- content decides the type ----------------------------------------------------------------


def test_a_word_file_with_the_wrong_suffix_is_read_as_word(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_bytes(plan_file_of("docx_table").read_bytes())
    doc = read_document(p)
    assert doc.kind == "docx"
    assert rows(doc)[0] == HEADER
    assert "文件扩展名是 .txt,但内容是Word 文档,已按Word 文档读取" in doc.notes


def test_a_web_page_saved_without_suffix_is_read_as_html() -> None:
    page = "<!DOCTYPE html><html><body><p>一、目标</p><p>1.甲</p><script>x()</script></body></html>"
    doc = read_bytes(page.encode(), "download")
    assert doc.kind == "html"
    assert texts(doc) == ["一、目标", "1.甲"]


def test_text_that_mentions_a_tag_stays_text() -> None:
    doc = read_bytes("1.在官网<p>栏目公开。\n2.乙".encode(), "plan.txt")
    assert doc.kind == "txt"


# -- HTML ------------------------------------------------------------------------------------


def test_web_page_is_read_from_its_main_content(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("html_inline"))
    assert doc.kind == "html"
    assert texts(doc) == [NOTICE_TITLE, *NOTICE, *SIGNATURE, TITLE, *(re.sub(" +", " ", x) for x in inline_lines())]
    assert any("从网页正文区读取" in n for n in doc.notes)
    assert_numbered(doc)


def test_web_page_table_keeps_cells_with_rowspan_repeated_and_colspan_as_one(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("html_table"))
    assert doc.encoding == "gb18030"  # declared gb2312, read as its superset
    want = [tuple(re.sub(" +", " ", c).replace("\n", "、\n") for c in row) for row in expected_table()]
    assert rows(doc) == want
    assert ("一、主要预期目标",) in rows(doc)
    assert "索引号" not in doc.text()
    assert any("纵向合并" in n for n in doc.notes)


def test_an_articles_own_header_is_kept_and_the_pages_is_not() -> None:
    page = """<html><body><header>示例区人民政府门户网站</header><article><header><h1>关于印发分解方案的通知</h1></header>
    <p>1.甲</p><footer>(此件公开发布)</footer></article><footer>网站地图</footer></body></html>"""
    assert texts(read_bytes(page.encode(), "p.html")) == ["关于印发分解方案的通知", "1.甲", "(此件公开发布)"]


def test_thousands_of_unclosed_font_tags_do_not_overflow_the_stack() -> None:
    page = "<html><body>" + "".join(f"<font><p>{i}.任务{i}</p>" for i in range(1, 3001)) + "</body></html>"
    doc = read_bytes(page.encode(), "deep.html")
    assert texts(doc)[0] == "1.任务1"
    assert texts(doc)[-1] == "3000.任务3000"
    assert len(doc.lines) == 3000


def test_page_without_a_clear_content_block_keeps_every_line() -> None:
    page = """<html><body><div class="top">示例区人民政府门户网站</div>
    <p>一、主要目标</p><p>1.地区生产总值增长6%。(牵头单位:区发改局)</p>
    <div class="bottom">网站地图</div></body></html>"""
    doc = read_bytes(page.encode(), "p.html")
    assert texts(doc) == ["示例区人民政府门户网站", "一、主要目标", "1.地区生产总值增长6%。(牵头单位:区发改局)", "网站地图"]
    assert not any("正文区" in n for n in doc.notes)


def test_content_block_is_not_chosen_when_plan_lines_lie_outside_it() -> None:
    notice = "".join(f"<p>通知正文第{i}段,请各单位认真贯彻落实。</p>" for i in range(12))
    page = f"""<html><body><div id="content">{notice}</div>
    <div class="fj"><p>1.地区生产总值增长6%。(牵头单位:区发改局)</p></div></body></html>"""
    doc = read_bytes(page.encode(), "p.html")
    assert "1.地区生产总值增长6%。(牵头单位:区发改局)" in texts(doc)


def test_single_file_web_page_mht_is_read() -> None:
    import quopri

    page = "<html><body><p>一、主要目标</p><p>1.地区生产总值增长6%。(牵头单位:区发改局)</p></body></html>"
    body = quopri.encodestring(page.encode("gb18030")).decode("ascii")
    mht = (
        "From: <Saved by Microsoft Word>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        "------=_NextPart_01\r\nContent-Location: file:///C:/plan.htm\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        'Content-Type: text/html; charset="gb2312"\r\n\r\n'
        f"{body}\r\n------=_NextPart_01--\r\n"
    )
    doc = read_bytes(mht.encode("ascii"), "plan.mht")
    assert doc.kind == "html"
    assert texts(doc) == ["一、主要目标", "1.地区生产总值增长6%。(牵头单位:区发改局)"]


def test_declared_gb2312_page_with_gbk_only_characters() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>责任人:王喆</p></body></html>'
    doc = read_bytes(page.encode("gbk"), "p.htm")
    assert texts(doc) == ["责任人:王喆"]


def test_page_declaring_the_wrong_charset_is_still_read() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>牵头单位:区发改局</p></body></html>'
    doc = read_bytes(page.encode("gb18030"), "p.html")
    assert texts(doc) == ["牵头单位:区发改局"]
    assert any("声明的编码" in n for n in doc.notes)


def test_html_white_space_between_chinese_characters_disappears() -> None:
    page = "<html><body><p>地区生产\n  总值增长6%</p><p>GDP\ngrowth&nbsp;rate</p><p>1.甲<br>2.乙</p></body></html>"
    assert texts(read_bytes(page.encode(), "p.html")) == ["地区生产总值增长6%", "GDP growth rate", "1.甲", "2.乙"]


def test_layout_table_is_read_as_blocks_and_its_data_table_as_rows() -> None:
    page = """<html><body><table><tr><td>网站导航</td></tr><tr><td>
    <p>一、主要目标</p>
    <table><tr><td>序号</td><td>目标任务</td><td>牵头单位</td></tr>
    <tr><td>1</td><td>地区生产总值增长6%。</td><td>区发改局</td></tr></table>
    </td></tr></table></body></html>"""
    doc = read_bytes(page.encode(), "p.html")
    assert rows(doc) == [("序号", "目标任务", "牵头单位"), ("1", "地区生产总值增长6%。", "区发改局")]
    assert "一、主要目标" in texts(doc)


def test_partial_colspan_repeats_the_value_so_cells_stay_aligned() -> None:
    page = """<html><body><table><tr><th>序号</th><th>目标任务</th><th>牵头单位</th><th>责任单位</th></tr>
    <tr><td>1</td><td>甲</td><td colspan="2">区发改局</td></tr></table></body></html>"""
    doc = read_bytes(page.encode(), "p.html")
    assert rows(doc)[1] == ("1", "甲", "区发改局", "区发改局")
    assert any("横向合并" in n for n in doc.notes)


# -- Word ------------------------------------------------------------------------------------


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


# -- Excel -----------------------------------------------------------------------------------


def test_excel_rows_keep_cells_merged_values_filled_and_numbers_plain(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("xlsx"))
    assert doc.kind == "xlsx"
    got = rows(doc)
    assert got[0] == (TITLE,)  # the title row merged across: one cell; the blank row 2 is skipped
    assert got[1] == HEADER
    want = [tuple(c.replace("\n", "、") for c in row) for row in expected_table()[1:]]
    assert got[2 : 2 + len(want)] == want
    assert got[-1] == ("备注:★为区级重点指标。",)  # the second sheet, after the first
    assert all(line.is_row for line in doc.lines)
    assert_numbered(doc)


def test_excel_hidden_sheets_are_skipped_and_said_so(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("xlsx"))
    assert "区发改局" not in [r[0] for r in rows(doc)]
    assert "已跳过隐藏的工作表“单位列表”" in doc.notes
    assert any("纵向合并" in n for n in doc.notes)


def test_excel_sheet_formatted_far_beyond_its_data_is_read_quickly(tmp_path: Path) -> None:
    import time

    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "序号"
    ws["B1"] = "目标任务"
    ws["A2"] = 1
    ws["B2"] = "甲"
    ws.cell(row=1_000_000, column=300).font = Font(bold=True)  # formatting only, no value
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    start = time.process_time()
    doc = read_document(path)
    assert rows(doc) == [("序号", "目标任务"), ("1", "甲")]
    assert time.process_time() - start < 5


def test_excel_formulas_give_their_cached_values(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "序号"
    ws["A2"] = "=1+1"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    # openpyxl writes no cached value; put one in as Excel would have saved it
    src = zipfile.ZipFile(path)
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(out, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
            zf.writestr(item, data)
    assert rows(read_document(out)) == [("序号",), ("2",)]
    assert not any("公式" in n for n in read_document(out).notes)


def test_excel_formulas_saved_without_results_are_reported(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "目标任务"])
    ws.append(["=ROW()-1", "甲"])
    ws.append(["=ROW()-1", "乙"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    doc = read_document(path)
    assert rows(doc)[1] == ("", "甲")
    assert "有 2 个公式单元格没有保存计算结果,读出为空;请用 Excel 或 WPS 打开并保存后再读取" in doc.notes


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (15.0, "General", "15"),
        (2.5, "General", "2.5"),
        (0.1 + 0.2, "General", "0.30000000000000004"),
        (1.8e10, "General", "18000000000"),
        (0.155, "0.0%", "15.5%"),
        (0.2, "0%", "20%"),
        (datetime(2023, 6, 30), "yyyy-mm-dd", "2023年6月30日"),  # noqa: DTZ001
        (date(2024, 12, 31), "yyyy-mm-dd", "2024年12月31日"),
        (None, "General", ""),
        ("区发改局_x000D_", "General", "区发改局"),
    ],
)
def test_excel_values_print_as_a_person_reads_them(value: object, fmt: str, text: str) -> None:
    assert excel_value_text(value, fmt) == text


# -- PDF -------------------------------------------------------------------------------------


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
    from duban.core.read import _is_page_number

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


# -- the same plan in every format parses to the same tasks ----------------------------------


def _tasks(path: Path) -> list[tuple[object, ...]]:
    from duban.core.parse import parse_file

    plan = parse_file(path)
    return [
        (t.number, t.starred, squash(t.text), t.leaders, t.lead_units, t.cooperating_units,
         [squash(p) for p in t.persons], t.deadline)
        for t in plan.tasks
    ]


def test_every_format_of_the_plan_parses_to_the_same_tasks(plan_file: Path, plan_files: dict[str, Path]) -> None:
    from tests.fixtures.files import items

    got = _tasks(plan_file)
    assert got == _tasks(plan_files["txt_utf8"])
    want = [(i.number, i.text.startswith("★"), squash(i.text.lstrip("★")), [i.leader], [i.lead]) for i in items()]
    assert [g[:5] for g in got] == want


def test_exported_table_parses_back_to_the_same_tasks(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from duban.core.export import plan_to_xlsx
    from duban.core.parse import parse_file

    source = plan_file_of("docx_table")
    out = tmp_path / "exported.xlsx"
    out.write_bytes(plan_to_xlsx(parse_file(source)))
    assert _tasks(out) == _tasks(source)


# -- never a crash ---------------------------------------------------------------------------

SUFFIXES = ["plan.txt", "plan.html", "plan.docx", "plan.xlsx", "plan.pdf", "plan.doc", "plan", "plan.zip"]
PREFIXES = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600), name=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_a_document_or_a_read_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        doc = read_bytes(prefix + body, name)
    except ReadError as exc:
        assert exc.reason and exc.path == name
        return
    assert [line.no for line in doc.lines] == list(range(1, len(doc.lines) + 1))


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=400), name=st.sampled_from(["plan.txt", "plan.html"]))
def test_arbitrary_text_never_crashes_the_reader(text: str, name: str) -> None:
    try:
        doc = read_bytes(text.encode("utf-8"), name)
    except ReadError:
        return
    if name == "plan.txt":  # plain text loses no line
        assert len(doc.lines) == len(text.replace("\r\n", "\n").replace("\r", "\n").splitlines())


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.lists(st.text(alphabet="甲乙丙1、 <>&", max_size=6), min_size=1, max_size=5), min_size=1, max_size=6),
       spans=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=30, max_size=30))
def test_html_tables_with_any_spans_read_without_crashing(cells: list[list[str]], spans: list[tuple[int, int]]) -> None:
    import html as h

    k = 0
    trs = []
    for row in cells:
        tds = []
        for c in row:
            cs, rs = spans[k % len(spans)]
            k += 1
            tds.append(f'<td colspan="{cs}" rowspan="{rs}">{h.escape(c)}</td>')
        trs.append("<tr>" + "".join(tds) + "</tr>")
    doc = read_bytes(("<html><body><table>" + "".join(trs) + "</table></body></html>").encode(), "t.html")
    assert all(line.cells is not None for line in doc.lines)


def test_pdf_with_some_scanned_pages_reads_the_rest_and_says_which_pages_are_missing(
    plan_file_of: PlanFileOf, tmp_path: Path
) -> None:
    from tests.fixtures.files import write_scanned_pages_pdf

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_scanned_pages_pdf(tmp_path / "mixed.pdf", text_pages=1, scanned_pages=2))
    assert squash(texts(doc)[0]) == squash(inline_lines()[0])
    assert "第 2、3 页没有文字层(可能是扫描页),其内容未能读取,请核对原件" in doc.notes


def test_pdf_of_scanned_pages_with_typed_page_numbers_has_no_text_layer(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_scanned_pages_pdf

    plan_file_of("pdf")
    with pytest.raises(ReadError, match="没有文字层"):
        read_document(write_scanned_pages_pdf(tmp_path / "scan.pdf", text_pages=0, scanned_pages=3))


def test_pdf_table_over_several_pages_keeps_one_header_row(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_long_pdf_table

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_long_pdf_table(tmp_path / "long.pdf", 60))
    assert [r[0] for r in rows(doc)] == ["序号", *map(str, range(1, 61))]
    assert "表格在每页重复的表头只保留第一次" in doc.notes
    assert "示例区人民政府办公室文件" not in doc.text()


@pytest.mark.parametrize("key", ["docx_table", "xlsx", "pdf", "html_table"])
def test_damaged_files_give_a_document_or_a_read_error(plan_file_of: PlanFileOf, key: str) -> None:
    original = plan_file_of(key).read_bytes()
    name = plan_file_of(key).name

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.integers(0, len(original) - 1), at=st.integers(0, len(original) - 1), junk=st.binary(min_size=1, max_size=40))
    def check(cut: int, at: int, junk: bytes) -> None:
        for data in (original[:cut], original[:at] + junk + original[at + len(junk):]):
            try:
                read_bytes(data, name)
            except ReadError:
                pass

    check()


def test_pdf_cell_keeps_its_own_line_breaks_and_joins_wrapped_lines(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_pdf_cells

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_pdf_cells(tmp_path / "cells.pdf"))
    assert rows(doc)[1] == (
        "1",
        "加快推进淦河二期系统治理、汀泗河系统治理项目,启动两湖流域综合治理,完成年度投资目标。",
        "区财政局\n区税务局\n各街道办事处",
        "区发改局\n区水利局",
    )


TRADITIONAL_PLAN = (
    "各鄉鎮人民政府,區直各單位:\n現將《示例區2026年政府工作報告重點工作責任分解方案》印發給你們,請認真貫徹執行。\n"
    "一、主要預期目標\n1.地區生產總值增長6%。(責任單位:區發改局)\n2.推進項目建設,完成固定資產投資增長8%。(牽頭單位:區發改局)\n"
)


@pytest.mark.parametrize("encoding", ["cp950", "big5hkscs"])
def test_big5_text_is_read_as_big5_not_as_gb18030_mojibake(encoding: str) -> None:
    doc = read_bytes(TRADITIONAL_PLAN.encode(encoding), "plan.txt")
    assert doc.encoding == "big5"
    assert texts(doc) == TRADITIONAL_PLAN.splitlines()
    assert "按 big5 编码读取" in doc.notes


def test_simplified_text_full_of_rare_names_stays_gb18030() -> None:
    text = "责任人:𠮷祥、䶮明、喆、堃、昇、赟、燊\n" * 5 + "牵头单位:区发改局、区财政局、区住建局、区农业农村局\n"
    assert decode_text_with_encoding(text.encode("gb18030"))[1] == "gb18030"
