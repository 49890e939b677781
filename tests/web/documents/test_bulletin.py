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

