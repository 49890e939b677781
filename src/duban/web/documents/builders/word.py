"""python-docx helpers shared by every Word document: GB/T 9704 page and fonts, page numbers
"— 1 —" at the foot, tables with borders and a repeated header row, and the parts of a 红头文件
(the red 发文机关标志 and rule, the 版记)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

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


def new_document(*, landscape: bool = False, official: bool = True, title: str = "", outside_numbers: bool = False) -> Any:
    """A blank A4 document. `official`: GB/T 9704 margins (天头 37 mm, 订口 28 mm) and a 仿宋 三号
    body; otherwise narrower margins for wide tables. `outside_numbers`: page numbers outside."""
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
    chinese(doc)
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
    ppr = title_style.element.get_or_add_pPr()
    for el in ppr.findall(qn("w:pBdr")):  # python-docx's template underlines its Title in blue
        ppr.remove(el)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.space_after = Pt(16)
    page_numbers(doc, outside=outside_numbers)
    if title:
        doc.core_properties.title = title
    doc.core_properties.author = "duban"
    return doc


def chinese(doc: Any) -> None:
    """Mark the document's East Asian text as Chinese (python-docx's template says en-US): Word
    and LibreOffice then apply the Chinese line-breaking rules (no line starts with 、,。 or a
    closing bracket, none ends with an opening one), which `w:kinsoku` switches on."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    # kinsoku: the line-breaking rules; overflowPunct; no extra space between Chinese and figures
    # (autoSpaceDE/DN), so that a line holds 28 characters whatever figures it has. Schema order.
    for i, (tag, val) in enumerate((("w:kinsoku", "1"), ("w:overflowPunct", "1"), ("w:autoSpaceDE", "0"),
                                    ("w:autoSpaceDN", "0"))):
        if ppr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            ppr.insert(i, el)


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


def page_numbers(doc: Any, *, outside: bool = False) -> None:
    """"— 1 —" at the foot of every page in 四号 (GB/T 9704 §7.5): centred, or `outside` as a
    公文 printed on both sides has them, odd pages right and even pages left, one character in."""
    sec = doc.sections[0]
    feet = [(sec.footer, "right")]
    if outside:
        doc.settings.odd_and_even_pages_header_footer = True
        sec.even_page_footer.is_linked_to_previous = False
        feet.append((sec.even_page_footer, "left"))
        sec.footer_distance = Mm(22)  # the dashes 7 mm under the type area (35 mm bottom margin)
    for footer, side in feet:
        p = footer.paragraphs[0]
        if not outside:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif side == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(SIHAO)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.left_indent = Pt(SIHAO)
        p.paragraph_format.line_spacing = 1.0
        p.add_run("— ")
        _field(p, "PAGE")
        p.add_run(" —")
        for r in p.runs:
            set_font(r, "宋体", SIHAO)


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


RED = RGBColor(0xFF, 0x00, 0x00)  # GB/T 9704: 发文机关标志 and 分隔线 in red
TYPE_AREA_MM = 156


def _border(p: Any, edge: str, *, eighths: int, colour: str = "000000", space_pt: int = 1) -> None:
    """A rule under or over a paragraph, as wide as the type area: a paragraph border, which Word
    and LibreOffice both draw and neither moves away from its text."""
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        anchor = next((ppr.find(qn(t)) for t in ("w:shd", "w:tabs", "w:kinsoku", "w:spacing", "w:ind", "w:jc")
                       if ppr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    el = OxmlElement(f"w:{edge}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), str(space_pt))
    el.set(qn("w:color"), colour)
    borders.append(el)


def masthead(doc: Any, text: str, number: str, organ: str, date: str) -> None:
    """The head of a 简报/通报 (GB/T 9704): the 发文机关标志 in red 小标宋, centred and as large as
    fits the type area (at most 42 pt); the 期数 under it; the 编发机关 and 发文日期 on one line,
    the red rule under them."""
    size = min(42.0, float(int(TYPE_AREA_MM / 25.4 * 72 / max(len(text), 1))))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_after = Pt(12)
    run = p.add_run(text)
    set_font(run, TITLE_FONT, size)
    run.font.color.rgb = RED
    if number:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(number), BODY_FONT, SANHAO)
    p = doc.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Mm(TYPE_AREA_MM), WD_TAB_ALIGNMENT.RIGHT)
    set_font(p.add_run(f"{organ}\t{date}"), BODY_FONT, SANHAO)
    _border(p, "bottom", eighths=12, colour="FF0000", space_pt=4)  # 1.5 pt red, 4 pt under the line


def picture(doc: Any, png: bytes, *, width_mm: float, height_mm: float, caption: str = "") -> None:
    """A chart in a paragraph of its own with automatic line height (the body's exact 28.9 pt
    would show only a strip of it), kept on one page with its caption under it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.line_spacing = 1.0
    pf.first_line_indent = Pt(0)
    pf.keep_with_next = bool(caption)
    pf.keep_together = True
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm), height=Mm(height_mm))
    if caption:
        cap = doc.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.line_spacing = 1.0
        cap.paragraph_format.space_after = Pt(8)
        set_font(cap.add_run(caption), HEADING_FONT, WUHAO)


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_MM = 36000


def colophon(doc: Any, cc: str, organ: str, date: str) -> None:
    """The 版记 (GB/T 9704 §7.4): 抄送 and 印发机关和印发日期 in 4号 仿宋 between rules as wide
    as the type area (the first and last thick, the one between thin), one character in from
    each side, at the foot of the last page wherever the text ends: a text box anchored to the
    bottom of the type area, which Word and LibreOffice both place there (neither positions a
    floating table or a framed paragraph at the bottom reliably)."""
    from docx.oxml import parse_xml

    line_pt = 24.0
    chars_a_line = int((TYPE_AREA_MM / 25.4 * 72 - 2 * SIHAO) / SIHAO)
    cc_text = f"抄送\uff1a{cc}" if cc else ""
    cc_lines = -(-len(cc_text) // chars_a_line) if cc else 0
    height_mm = ((cc_lines + 1) * line_pt + 8) * 25.4 / 72
    width_emu, height_emu = int(TYPE_AREA_MM * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    box = parse_xml(f"""
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="{WP}" xmlns:wps="{WPS}"
     xmlns:a="{A}"><w:drawing>
 <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0"
            locked="0" layoutInCell="1" allowOverlap="0">
  <wp:simplePos x="0" y="0"/>
  <wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
  <wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
  <wp:extent cx="{width_emu}" cy="{height_emu}"/>
  <wp:effectExtent l="0" t="0" r="0" b="0"/>
  <wp:wrapTopAndBottom/>
  <wp:docPr id="9704" name="版记"/>
  <wp:cNvGraphicFramePr/>
  <a:graphic><a:graphicData uri="{WPS}"><wps:wsp>
   <wps:cNvSpPr txBox="1"/>
   <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
   <wps:txbx><w:txbxContent/></wps:txbx>
   <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"><a:noAutofit/></wps:bodyPr>
  </wps:wsp></a:graphicData></a:graphic>
 </wp:anchor></w:drawing></w:r>""")
    content = box.find(f".//{qn('w:txbxContent')}")

    def paragraph(text: str = "", *, rule: int = 0) -> Any:
        p = OxmlElement("w:p")
        content.append(p)
        para_ = Paragraph(p, doc._body)
        pf = para_.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        if rule:  # an empty line 1 pt high whose border is the rule, as wide as the type area
            pf.line_spacing = Pt(1)
            _border(para_, "bottom", eighths=rule, space_pt=0)
            return para_
        pf.line_spacing = Pt(line_pt)
        pf.left_indent = pf.right_indent = Pt(SIHAO)  # 左右各空一字
        set_font(para_.add_run(text), BODY_FONT, SIHAO)
        return para_

    thick, thin = 8, 6  # eighths of a point: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt
    paragraph(rule=thick)
    if cc:
        pf = paragraph(cc_text).paragraph_format
        pf.left_indent = Pt(SIHAO * 4)  # a second line aligns with the first organ after the colon
        pf.first_line_indent = Pt(-SIHAO * 3)
        paragraph(rule=thin)
    last = paragraph(f"{organ}\t{date}印发")
    last.paragraph_format.tab_stops.add_tab_stop(Mm(TYPE_AREA_MM) - Pt(SIHAO * 2), WD_TAB_ALIGNMENT.RIGHT)
    paragraph(rule=thick)
    anchor = doc.add_paragraph()
    anchor.paragraph_format.line_spacing = 1.0
    anchor._p.append(box)


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
    fixed_widths(t, widths_mm)
    hdr = t.rows[0]
    _repeat_header(hdr)
    for cell, text, w in zip(hdr.cells, header, widths_mm, strict=False):
        cell.width = Mm(w)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _cell_paragraph(p)
        set_font(p.add_run(text), HEADING_FONT, size, bold=True)
    # the template: one run per cell in the body font, widths set once
    tmpl_row = t.rows[1]
    tmpl_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut at a page foot
    for cell, w in zip(tmpl_row.cells, widths_mm, strict=False):
        cell.width = Mm(w)
        _cell_paragraph(cell.paragraphs[0])
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


def fixed_widths(t: Any, widths_mm: Sequence[float]) -> None:
    """The columns' widths in the table's grid, which LibreOffice reads (it ignores the cells'
    own widths and would share the page equally), and a fixed layout, so Word keeps them too."""
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(layout)
    else:
        tblpr.append(layout)
    width = tblpr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:w"), str(int(sum(widths_mm) / 25.4 * 1440)))
        width.set(qn("w:type"), "dxa")


def _cell_paragraph(p: Any) -> None:
    """Table text at single line height with no indent: the body's exact 28.9 pt would make every
    row of a 5号 table as tall as a line of 3号 text."""
    pf = p.paragraph_format
    pf.line_spacing = 1.0
    pf.first_line_indent = Pt(0)
    pf.space_before = pf.space_after = Pt(0)


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
