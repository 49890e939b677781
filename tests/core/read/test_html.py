"""The reader. Web pages: the main content and its tables, without the site's furniture."""

from __future__ import annotations

import re

from duban.core.read import read_bytes, read_document
from tests.core.read.common import PlanFileOf, assert_numbered, expected_table, rows, texts
from tests.fixtures.files import NOTICE, NOTICE_TITLE, SIGNATURE, TITLE, inline_lines


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
