"""The 通报: drafted, edited, issued; the Word file in GB/T 9704 style and the PDF both carry the
round's figures; an issued bulletin is kept byte for byte."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest
from docx import Document

from duban.web.common.services import ServiceError
from duban.web.cycle import services as cs
from duban.web.documents import services
from duban.web.documents.builders.typeset import full_width


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_a_bulletin_is_drafted_edited_and_issued_with_the_rounds_figures(docs: Any) -> None:
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version, changes={
        "requirements": "请农业农村局于五日内补报。"})
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    assert b.is_issued and b.docx and b.pdf

    doc = Document(io.BytesIO(b.docx))
    text = _text(b.docx)
    assert doc.paragraphs[0].text == "示例区人民政府督查室"  # the red head comes first
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [b.title]
    assert "请农业农村局于五日内补报。" in text  # the office's own paragraph
    assert "本期纳入督办的目标任务共2项" in text and "序时推进1项" in text and "未报送1项" in text
    assert "示例区农业农村局" in text  # a late unit is named
    body = doc.styles["Normal"]
    assert body.font.size.pt == 16  # 三号
    assert body.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    sec = doc.sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28
    footer = sec.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in sec.footer.paragraphs[0].text
    assert len(doc.inline_shapes) == 2  # the two charts

    with pdfplumber.open(io.BytesIO(b.pdf)) as pdf:
        pdf_text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        assert sum(len(p.images) for p in pdf.pages) == 2  # the charts
    flat = pdf_text.replace("\n", "")
    assert "本期纳入督办的目标任务共2项" in flat and "请农业农村局于五日内补报。" in flat
    assert "— 1 —" in pdf_text


def test_an_issued_bulletin_stays_as_issued_when_the_data_changes(docs: Any) -> None:
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    docx, pdf = bytes(b.docx), bytes(b.pdf)
    cs.review_report(actor=docs.office, report=docs.report_a, accept=False, comment="数据有误")
    assert services.render_bulletin(b, "docx") == docx and services.render_bulletin(b, "pdf") == pdf
    with pytest.raises(ServiceError, match="已印发"):
        services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version, changes={"title": "改"})


def test_a_round_with_no_reports_gets_no_bulletin(world: Any) -> None:
    from tests.web.cycle.conftest import make_cycle

    c = make_cycle(world)
    with pytest.raises(ServiceError, match="还没有任何单位报送"):
        services.create_bulletin(actor=world.users["office"], rnd=c.rnd)


def test_without_a_chinese_font_the_office_is_told_what_to_install(docs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.web.documents import fonts

    monkeypatch.setattr(fonts, "CANDIDATES", (("/nonexistent/font.ttc", 0),))
    monkeypatch.delenv("DUBAN_CJK_FONT", raising=False)
    fonts.cjk_font.cache_clear()
    fonts.matplotlib_family.cache_clear()
    try:
        b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
        with pytest.raises(ServiceError, match="fonts-wqy-microhei"):
            services.render_bulletin(b, "pdf")
    finally:
        fonts.cjk_font.cache_clear()
        fonts.matplotlib_family.cache_clear()



def test_the_red_head_and_the_colophon_are_the_offices_own_and_carried_to_its_next_bulletin(docs: Any) -> None:
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    assert b.masthead == "示例区人民政府督查室" and b.cc == "" and b.number == "第1期"
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version, changes={
        "masthead": "督查通报", "printer": "示例区人民政府办公室", "cc": "区委办公室、区人大常委会办公室"})
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    doc = Document(io.BytesIO(b.docx))
    assert doc.paragraphs[0].text == "督查通报" and doc.paragraphs[1].text == "第1期"
    assert doc.paragraphs[2].text.startswith("示例区人民政府办公室\t")  # 编发机关, then the 发文日期
    box = "".join(doc.element.body.xpath(".//w:txbxContent//w:t/text()"))
    assert "抄送：区委办公室、区人大常委会办公室。" in box and "示例区人民政府办公室" in box
    nxt = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    assert (nxt.masthead, nxt.printer, nxt.cc, nxt.number) == ("督查通报", "示例区人民政府办公室",
                                                                "区委办公室、区人大常委会办公室", "第2期")


def test_the_date_defaults_to_the_day_of_issue_and_is_kept(docs: Any) -> None:
    from django.utils import timezone

    from duban.web.documents.builders.bulletin import cn_date

    today = cn_date(timezone.localdate())
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    assert b.date_text == ""
    with pdfplumber.open(io.BytesIO(services.render_bulletin(b, "pdf"))) as pdf:  # a preview is dated today
        last = (pdf.pages[-1].extract_text() or "").replace(" ", "")
    assert today in last and f"{today}印发" in last
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    assert b.date_text == today  # stored with the bulletin as issued
    text = _text(b.docx)
    assert today in text
    assert "2026年3月31日" not in text  # not the end of the round's period


def test_red_tasks_reasons_are_printed_in_full(docs: Any) -> None:
    from duban.web.documents.builders import bulletin as bb
    from duban.web.documents.figures import RoundFigures, TaskLine, UnitLine

    reason = "单位报告进展滞后:春季持续干旱,部分乡镇播种推迟约两周,已协调水利部门抽水保苗,预计二季度追平序时进度" * 2
    fig = RoundFigures("方案", "示例区人民政府", 2026, "2026年第一季度", None, docs.rnd.period_end,
                       [TaskLine(1, "1", "稳定粮食播种面积4.5万亩", section="一、", lead_units=["示例区农业农村局"],
                                 status="滞后", light="红灯", reasons=reason)],
                       [UnitLine(1, "示例区农业农村局", expected=1, late=1)])
    content = bb.blocks(fig, bb.OfficeText(), with_charts=False)
    table = next(b for b in content if b.kind == "table" and "原因" in b.header)
    assert table.rows[0][3] == full_width(reason) and "…" not in table.rows[0][3]
    with pdfplumber.open(io.BytesIO(bb.to_pdf(content))) as pdf:
        flat = "".join(c["text"] for p in pdf.pages for c in p.chars)
    assert full_width(reason).replace(" ", "") in flat.replace(" ", "")
