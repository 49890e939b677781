"""Each generated .docx opened with python-docx names the fonts an office's Word has, at the sizes
GB/T 9704 gives: the title in 2号 方正小标宋简体, the body in 仿宋_GB2312, 1级 headings in 黑体
and 2级 in 楷体_GB2312 (3号 in the 通报), tables in 5号 or 小四, the 通报's red head and 版记."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from duban.web.documents import services


def _style_value(paragraph: Any, get: Any) -> Any:
    style = paragraph.style
    while style is not None:
        value = get(style.element.rPr) if style.element.rPr is not None else None
        if value is not None:
            return value
        style = style.base_style
    return None


def font_of(run: Any, paragraph: Any) -> tuple[str, float]:
    """The East Asian font name and the size in points Word resolves for a run: the run's own,
    else its paragraph style's, else the style's bases'."""
    def east_asia(rpr: Any) -> str | None:
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    name = east_asia(run._r.rPr) or _style_value(paragraph, east_asia)
    size = run.font.size.pt if run.font.size is not None else None
    if size is None:
        size = _style_value(paragraph, lambda rpr: rpr.sz.val.pt if rpr.sz is not None else None)
    assert name and size, f"no font or size for {run.text!r}"
    return name, float(size)


def fonts(paragraph: Any) -> set[tuple[str, float]]:
    return {font_of(r, paragraph) for r in paragraph.runs if r.text.strip()}


def _cell_paragraphs(doc: Any, row: int) -> list[Any]:
    return [p for t in doc.tables for c in t.rows[row].cells for p in c.paragraphs if p.text.strip()]


def test_the_bulletin_names_the_gbt_9704_fonts_and_sizes(docs: Any) -> None:
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version,
                                 changes={"cc": "区委办公室"})
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    doc = Document(io.BytesIO(b.docx))
    paras = doc.paragraphs
    masthead = paras[0]
    assert masthead.text == "示例区人民政府督查室"
    assert fonts(masthead) == {("方正小标宋简体", 42.0)} and str(masthead.runs[0].font.color.rgb) == "FF0000"
    title = next(p for p in paras if p.style.name == "Title")
    assert title.text == b.title and fonts(title) == {("方正小标宋简体", 22.0)}
    body = next(p for p in paras if p.text.startswith("为推动"))
    assert fonts(body) == {("仿宋_GB2312", 16.0)}
    h1 = [p for p in paras if p.style.name == "Heading 1"]
    h2 = [p for p in paras if p.style.name == "Heading 2"]
    assert h1 and all(fonts(p) == {("黑体", 16.0)} for p in h1)
    assert h2 and all(fonts(p) == {("楷体_GB2312", 16.0)} for p in h2)
    assert all(f == ("仿宋_GB2312", 10.5) for p in _cell_paragraphs(doc, 1) for f in fonts(p))  # 5号 tables
    assert all(f == ("黑体", 10.5) for p in _cell_paragraphs(doc, 0) for f in fonts(p))
    # the 版记 in its text box: 4号 仿宋
    box = doc.element.body.find(f".//{qn('w:txbxContent')}")
    colophon = [Paragraph(p, doc._body) for p in box.findall(qn("w:p"))]
    texts = [p.text for p in colophon if p.text]
    assert texts[0] == "抄送：区委办公室。" and texts[1].endswith("印发")
    assert all(fonts(p) == {("仿宋_GB2312", 14.0)} for p in colophon if p.text)
    # page numbers 4号, odd pages right and even pages left
    sec = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((sec.footer, "RIGHT"), (sec.even_page_footer, "LEFT")):
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and str(p.alignment).startswith(side)
        assert {size for _name, size in fonts(p)} == {14.0}


def test_the_plan_table_and_the_unit_forms_name_their_fonts(docs: Any) -> None:
    w = docs.w
    fgj = w.units["fgj"]
    expected = {  # file: (title size, table body size)
        "plan": (services.plan_table(w.plan, "docx"), 10.5),
        "form1": (services.unit_form(w.plan, fgj, 1, "docx"), 10.5),
        "form2": (services.unit_form(w.plan, fgj, 2, "docx"), 12.0),
        "form3": (services.unit_form(w.plan, fgj, 3, "docx", rnd=docs.rnd), 12.0),
    }
    for name, (data, table_size) in expected.items():
        doc = Document(io.BytesIO(data))
        title = [p for p in doc.paragraphs if p.style.name == "Title"]
        assert len(title) == 1 and fonts(title[0]) == {("方正小标宋简体", 22.0)}, name
        header = _cell_paragraphs(doc, 0)
        assert header and all(f[0] == "黑体" for p in header for f in fonts(p)), name
        cells = _cell_paragraphs(doc, -1)  # a task row (the first may be a section heading in 黑体)
        assert cells and all(f == ("仿宋_GB2312", table_size) for p in cells for f in fonts(p)), (name, cells)
        if name.startswith("form"):  # "附表1" over the form in 黑体
            mark = doc.paragraphs[0]
            assert mark.text.startswith("附表") and {f[0] for f in fonts(mark)} == {"黑体"}, name
