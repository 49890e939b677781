"""python-docx helpers shared by every Word document: GB/T 9704 page and fonts, page numbers
"— 1 —" at the foot, tables with borders and a repeated header row."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from duban.web.documents.fonts import BODY_FONT, HEADING2_FONT, HEADING_FONT, TITLE_FONT

# 字号 in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5
ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO = 22, 16, 14, 12, 10.5


def set_font(run_or_style: Any, name: str, size: float | None = None, *, bold: bool | None = None) -> None:
    """Name the font for Chinese (eastAsia) and Latin text alike; Word picks it by these names."""
    font = run_or_style.font
    font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold


def new_document(*, landscape: bool = False, official: bool = True, title: str = "") -> Any:
    """A blank A4 document. `official`: GB/T 9704 margins (天头 37 mm, 订口 28 mm) and a 仿宋 三号
    body; otherwise narrower margins for wide tables."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    if official and not landscape:
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    else:
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, SANHAO if official else XIAOSI)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    if official:
        pf.line_spacing = Pt(28.9)  # 22 lines of 28 characters on the type area
    for name, font, size in (("Heading 1", HEADING_FONT, SANHAO), ("Heading 2", HEADING2_FONT, SANHAO)):
        st = doc.styles[name]
        set_font(st, font, size, bold=False)
        st.font.color.rgb = None
        st.paragraph_format.first_line_indent = Pt(32)
        st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
    title_style = doc.styles["Title"]
    set_font(title_style, TITLE_FONT, ERHAO, bold=False)
    title_style.font.color.rgb = None
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.space_after = Pt(16)
    page_numbers(doc)
    if title:
        doc.core_properties.title = title
    doc.core_properties.author = "duban"
    return doc


def tighten(run: Any, points: float = -0.25) -> None:
    """Character spacing on a run (w:spacing, in twentieths of a point): 3号 characters are 16 pt,
    so 28 of them need 158 mm; giving back a quarter point each sets 28 on the 156 mm line, as
    GB/T 9704 asks. (A document grid would do it in Word, but LibreOffice spreads Chinese text
    and tables on such a grid, so the spacing is set on the text itself.)"""
    rpr = run._r.get_or_add_rPr()
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            sz.addprevious(el)  # schema order: … color, spacing, w, kern, position, sz …
        else:
            rpr.append(el)
    el.set(qn("w:val"), str(round(points * 20)))


def _field(paragraph: Any, instr: str) -> None:
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
            run._r.append(el)
        elif text == "1":
            t = OxmlElement("w:t")
            t.text = "1"
            run._r.append(t)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)


def page_numbers(doc: Any) -> None:
    """"— 1 —" centred at the foot of every page, 四号 (GB/T 9704 §7.5)."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r1 = p.add_run("— ")
    _field(p, "PAGE")
    r2 = p.add_run(" —")
    for r in p.runs:
        set_font(r, "宋体", SIHAO)
    del r1, r2


def title(doc: Any, text: str) -> Any:
    """The title in 2号 小标宋, the size set on the run itself as well as on the style."""
    p = doc.add_paragraph(style="Title")
    set_font(p.add_run(text), TITLE_FONT, ERHAO)
    return p


def heading(doc: Any, text: str, level: int = 1) -> Any:
    """A heading in 3号: 黑体 (level 1) or 楷体 (level 2), as GB/T 9704 asks."""
    p = doc.add_paragraph(style=f"Heading {level}")
    run = p.add_run(text)
    set_font(run, HEADING_FONT if level == 1 else HEADING2_FONT, SANHAO)
    tighten(run)
    return p


def para(doc: Any, text: str, *, indent: bool = True, align: str | None = None, bold: bool = False,
         size: float | None = None, font: str | None = None) -> Any:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    if bold:
        run.bold = True
    if font or size:
        set_font(run, font or BODY_FONT, size)
    if size == SANHAO:
        tighten(run)  # 28 characters a line
    return p


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]], *, widths_mm: Sequence[float],
          size: float = WUHAO, merged_rows: bool = True) -> Any:
    """A bordered table, header repeated on every page. A one-cell row (a section heading) is
    merged across the table in bold.

    Rows are stamped from a template row's XML rather than built cell by cell through
    python-docx, whose `row.cells` walks the whole grid each time: 2,000 rows take a fraction of
    a second instead of many seconds."""
    import copy

    t = doc.add_table(rows=2, cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    hdr = t.rows[0]
    _repeat_header(hdr)
    for cell, text, w in zip(hdr.cells, header, widths_mm, strict=False):
        cell.width = Mm(w)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(text), HEADING_FONT, size, bold=True)
    # the template: one run per cell in the body font, widths set once
    tmpl_row = t.rows[1]
    tmpl_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut at a page foot
    for cell, w in zip(tmpl_row.cells, widths_mm, strict=False):
        cell.width = Mm(w)
        set_font(cell.paragraphs[0].add_run("x"), BODY_FONT, size)
    tmpl = copy.deepcopy(tmpl_row._tr)
    t._tbl.remove(tmpl_row._tr)
    span_tmpl = None
    tbl = t._tbl
    for values in rows:
        if len(values) == 1 and merged_rows:
            if span_tmpl is None:
                span_tmpl = _span_row(tmpl, len(header))
            tr = copy.deepcopy(span_tmpl)
            _set_texts(tr, [values[0]])
        else:
            tr = copy.deepcopy(tmpl)
            _set_texts(tr, [str(v) for v in values] + [""] * (len(header) - len(values)))
        tbl.append(tr)
    return t


def _set_texts(tr: Any, texts: Sequence[str]) -> None:
    """Put each text into its cell's one run; line breaks become <w:br/>."""
    for tc, text in zip(tr.iter(qn("w:tc")), texts, strict=False):
        r = next(tc.iter(qn("w:r")))
        t = r.find(qn("w:t"))
        lines = text.split("\n")
        t.text = lines[0]
        t.set(qn("xml:space"), "preserve")
        for line in lines[1:]:
            r.append(OxmlElement("w:br"))
            extra = OxmlElement("w:t")
            extra.text = line
            extra.set(qn("xml:space"), "preserve")
            r.append(extra)


def _span_row(tmpl: Any, ncols: int) -> Any:
    """A copy of the template row with one cell spanning every column, its run in bold 黑体."""
    import copy

    tr = copy.deepcopy(tmpl)
    cells = list(tr.iter(qn("w:tc")))
    for tc in cells[1:]:
        tr.remove(tc)
    tcpr = cells[0].get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(ncols))
    tcpr.append(span)
    width = tcpr.find(qn("w:tcW"))
    if width is not None:
        tcpr.remove(width)
    r = next(cells[0].iter(qn("w:r")))
    rpr = r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), HEADING_FONT)
    fonts.addnext(OxmlElement("w:b"))  # schema order: rFonts, b, …, sz (Word rejects b after sz)
    return tr


def to_bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
