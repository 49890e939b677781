"""The quarterly 通报: its content as a list of blocks built once from the round's figures and
the office's own paragraphs, then rendered to Word and to PDF, so both say the same thing.

Both are laid out as GB/T 9704-2012 lays out a 红头 简报/通报: the 发文机关标志 in red (the
office's own text), the 期数, the 编发机关 and 发文日期, the red rule; the title in 2号 小标宋;
the body in 3号 仿宋_GB2312 with 1级 headings in 黑体 and 2级 in 楷体_GB2312, 28 characters a
line and 22 lines a page on A4 with 天头 37 mm and 订口 28 mm; page numbers "— 1 —" in 4号,
outside (odd pages right, even left); the 落款 and 成文日期 (the day it is issued, unless the
office dates it); the 版记 (抄送, 印发机关和印发日期) at the foot of the last page. Word gets
those font names and sizes; the PDF embeds the office's fonts where the machine has them and
the closest free faces otherwise (fonts.role_font), named in its metadata.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from duban.web.documents import charts
from duban.web.documents.builders.typeset import break_lines, full_width
from duban.web.documents.figures import LIGHT_ORDER, STATUS_ORDER, RoundFigures

CN_NUM = "一二三四五六七八九十"


@dataclass
class Block:
    # masthead | title | heading | heading2 | para | para_noindent | table | image | signature | note | colophon
    kind: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # mm
    image: bytes = b""
    caption: str = ""
    parts: tuple[str, ...] = ()  # masthead: 期数, 编发机关, 发文日期; colophon: 抄送, 印发机关, 印发日期


@dataclass
class OfficeText:
    """What the office writes itself and edits before issuing."""

    title: str = ""
    number: str = ""  # 期数, e.g. 第1期
    addressee: str = "各乡镇人民政府、街道办事处,区直各单位:"
    intro: str = ""
    requirements: str = ""  # 下一步工作要求: paragraphs separated by blank lines
    issuer: str = ""  # 落款
    date: str = ""  # 成文日期; empty: the day it is issued
    masthead: str = ""  # 发文机关标志, e.g. 示例区人民政府督查室
    cc: str = ""  # 抄送
    printer: str = ""  # 印发机关; empty: the masthead's organ
    issued: dt.date | None = None  # the day it is issued (today for a preview)


def cn_date(d: dt.date) -> str:
    """A date as GB/T 9704 writes it: 2026年10月20日 (Arabic figures, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def default_masthead(fig: RoundFigures) -> str:
    return f"{fig.government}督查室"


def default_title(fig: RoundFigures) -> str:
    return f"关于{fig.period}《政府工作报告》重点任务推进情况的通报"


def default_intro(fig: RoundFigures) -> str:
    return (f"为推动{fig.year}年《政府工作报告》确定的目标任务落地见效,按照责任分解方案要求,"
            f"现将{fig.period}各项任务推进情况通报如下。")


def default_requirements() -> str:
    return ("各责任单位要对照责任分解方案,逐项梳理任务进展,对进度滞后的任务制定整改措施,明确时间节点,"
            "确保按期完成。\n\n各单位要严格落实报送要求,按时、准确报送完成情况,不得迟报、漏报。")


def _status_sentence(fig: RoundFigures) -> str:
    n = len(fig.tasks)
    st = fig.by_status()
    lt = fig.by_light()
    parts = [f"{k}{v}项" for k, v in st.items() if v]
    lights = [f"{k}{v}项" for k, v in lt.items() if v]
    return (f"本期纳入督办的目标任务共{n}项。从进展状态看,{'、'.join(parts) or '暂无报送'};"
            f"从序时进度看,{'、'.join(lights)}。")


def _report_sentence(fig: RoundFigures) -> str:
    exp = fig.reports_expected
    due = f"(报送截止{fig.due.month}月{fig.due.day}日)" if fig.due else ""
    return (f"本期应报送完成情况{exp}份{due},按时报送{fig.reports_on_time}份,"
            f"按时报送率{fig.pct(fig.reports_on_time, exp)};逾期报送{fig.reports_late}份;"
            f"截至统计时尚未报送{fig.reports_missing}份。")


def _group_rows(groups: Sequence[tuple[str, dict[str, int], dict[str, int]]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for name, st, lt in groups:
        total = sum(st.values())
        rows.append((name, str(total), str(st["已完成"]), str(st["序时推进"]), str(st["滞后"] + st["无法完成"]),
                     str(st["未报送"]), str(lt["红灯"]), fig_pct(st["已完成"] + st["序时推进"], total)))
    return rows


CELL_PAD_MM = 2 * 1.905 + 1.0  # Word's and LibreOffice's cell margins (108 twips a side) and a millimetre to spare


def fit_widths(header: Sequence[str], *, first_min: float = 0.0, total: float = 156.0) -> tuple[float, ...]:
    """Column widths (mm) in which every header prints on one line in the tables' bold 5号: each
    column but the first as wide as its header needs (序时推进 had 16 mm and printed 序时推 / 进),
    the first (a name or a task, which may wrap) the rest of the type area."""
    rest = [round(_width_pt(h, TABLE_PT) * PT_MM + CELL_PAD_MM, 1) for h in header[1:]]
    return (max(first_min, round(total - sum(rest), 1)), *rest)


def fig_pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


GROUP_HEADER = ("名称", "任务数", "已完成", "序时推进", "滞后", "未报送", "红灯", "正常推进率")
UNIT_HEADER = ("单位", "应报", "按时", "逾期", "未报")
RED_HEADER = ("序号", "任务", "牵头单位", "原因")


def _paras(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()] or \
        [p.strip() for p in text.splitlines() if p.strip()]


def blocks(fig: RoundFigures, office: OfficeText, *, with_charts: bool = True, max_rows: int = 100) -> list[Block]:
    """The bulletin's content. Raises ValueError with a Chinese reason for a round with no reports."""
    if not fig.tasks:
        raise ValueError("本轮没有任何任务,无法生成通报")
    if not fig.has_reports and not fig.reports_expected:
        raise ValueError("本轮尚无任何单位报送完成情况,无法生成通报")
    out: list[Block] = []
    issued = office.issued or fig.as_of
    masthead = office.masthead.strip() or default_masthead(fig)
    organ = office.printer.strip() or masthead
    out.append(Block("masthead", masthead, parts=(office.number, organ, cn_date(issued))))
    out.append(Block("title", office.title or default_title(fig)))
    out.append(Block("para_noindent", office.addressee))
    for p in _paras(office.intro or default_intro(fig)):
        out.append(Block("para", p))
    h = iter(CN_NUM)

    out.append(Block("heading", f"{next(h)}、总体情况"))
    out.append(Block("para", _status_sentence(fig)))
    out.append(Block("para", _report_sentence(fig)))
    if with_charts:
        st = fig.by_status()
        out.append(Block("image", image=charts.bar_chart(
            "各进展状态任务数", list(st), list(st.values()),
            colours=[charts.STATUS_COLOURS.get(k, "#888") for k in st]), caption="图1 各进展状态任务数"))
        sec = fig.by_section()
        out.append(Block("image", image=charts.stacked_bars(
            "各章节任务灯号", [s[0] for s in sec], {k: [s[2][k] for s in sec] for k in LIGHT_ORDER},
            colours=charts.LIGHT_COLOURS), caption="图2 各章节任务灯号分布"))

    out.append(Block("heading", f"{next(h)}、分领域推进情况"))
    out.append(Block("heading2", "(一)按章节"))
    out.append(Block("table", header=GROUP_HEADER, rows=_group_rows(fig.by_section()),
                     widths=fit_widths(GROUP_HEADER)))
    leaders = fig.by_leader()
    if leaders:
        out.append(Block("heading2", "(二)按分管领域"))
        out.append(Block("table", header=GROUP_HEADER, rows=_group_rows(leaders), widths=fit_widths(GROUP_HEADER)))
    flagged = sorted((g for g in fig.by_unit() if g[2]["红灯"]), key=lambda g: (-g[2]["红灯"], g[0]))
    out.append(Block("heading2", f"({'二三'[1 if leaders else 0]})按牵头单位"))
    if flagged:
        out.append(Block("para", f"共有{len(flagged)}个牵头单位有红灯任务,按红灯任务数排列如下:"))
        out.append(Block("table", header=GROUP_HEADER, rows=_group_rows(flagged[:max_rows]),
                         widths=fit_widths(GROUP_HEADER)))
    else:
        out.append(Block("para", "各牵头单位均无红灯任务。"))

    out.append(Block("heading", f"{next(h)}、各单位报送情况"))
    late = fig.late_units()
    if late:
        missing = [u.name for u in late if u.missing]
        slow = [u.name for u in late if u.late and not u.missing]
        if missing:
            out.append(Block("para", f"截至统计时,{'、'.join(missing)}共{len(missing)}个单位仍有完成情况未报送。"))
        if slow:
            out.append(Block("para", f"{'、'.join(slow)}共{len(slow)}个单位逾期报送。"))
    else:
        out.append(Block("para", "各单位均按时报送了完成情况。"))
    if late:
        shown = late[:max_rows]
        out.append(Block("table", header=UNIT_HEADER,
                         rows=[(u.name, str(u.expected), str(u.on_time), str(u.late), str(u.missing)) for u in shown],
                         widths=(80, 18, 18, 18, 18)))
        if len(late) > len(shown):
            out.append(Block("note", f"(仅列出前{len(shown)}个单位,其余{len(late) - len(shown)}个单位见台账“单位报送”表)"))

    out.append(Block("heading", f"{next(h)}、进度滞后的任务"))
    lag = fig.lagging()
    red = [t for t in lag if t.light == "红灯"]
    yellow = len(lag) - len(red)
    if lag:
        out.append(Block("para", f"经审核,共有{len(lag)}项任务进度滞后或需要关注,其中红灯{len(red)}项、黄灯{yellow}项。"
                                 + ("红灯任务如下:" if red else "黄灯任务详见台账。")))
    else:
        out.append(Block("para", "本期没有进度滞后的任务。"))
    if red:
        shown_t = red[:max_rows]
        out.append(Block("table", header=RED_HEADER,
                         rows=[(t.number, t.label, "、".join(t.lead_units), t.reasons) for t in shown_t],
                         widths=(12, 66, 34, 44)))
        if len(red) > len(shown_t):
            out.append(Block("note", f"(仅列出前{len(shown_t)}项红灯任务,其余{len(red) - len(shown_t)}项见台账)"))

    out.append(Block("heading", f"{next(h)}、下一步工作要求"))
    for p in _paras(office.requirements or default_requirements()):
        out.append(Block("para", p))
    out.append(Block("signature", parts=(office.issuer or fig.government, office.date.strip() or cn_date(issued))))
    cc = office.cc.strip().rstrip("。.,,、;;")
    out.append(Block("colophon", parts=(cc + "。" if cc else "", organ, cn_date(issued))))
    return [_typeset(b) for b in out]


def _typeset(b: Block) -> Block:
    """Full-width punctuation in every Chinese text of the block (typeset.full_width)."""
    return replace(b, text=full_width(b.text), caption=full_width(b.caption),
                   header=tuple(full_width(h) for h in b.header),
                   rows=[tuple(full_width(c) for c in r) for r in b.rows],
                   parts=tuple(full_width(p) for p in b.parts))


# --- Word ------------------------------------------------------------------------------------

def _width_pt(text: str, size: float) -> float:
    """A text's width in points as set: full-width characters one em, figures and Latin half."""
    return sum(size / 2 if ch.isascii() else size for ch in text)


def signature_indents(parts: Sequence[str], size: float) -> tuple[float, ...]:
    """Right indents (pt) of the 落款 and the 成文日期 (GB/T 9704 §7.3.5.1): the date four
    characters in from the right, the issuer centred over it."""
    issuer, date = parts
    right = 4 * size
    offset = (_width_pt(date, size) - _width_pt(issuer, size)) / 2
    return (max(0.0, right + offset), right)


CHART_WIDTH_MM, CHART_MAX_HEIGHT_MM = 150.0, 180.0


def chart_size_mm(png: bytes) -> tuple[float, float]:
    """The size a chart is printed at: 150 mm wide, or less for a tall one, so that it and its
    caption fit on one page of the 225 mm type area."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        w, h = img.size
    width = CHART_WIDTH_MM
    height = width * h / w
    if height > CHART_MAX_HEIGHT_MM:
        width, height = width * CHART_MAX_HEIGHT_MM / height, CHART_MAX_HEIGHT_MM
    return width, height


def to_docx(content: Sequence[Block], *, title: str = "") -> bytes:
    from docx.shared import Pt

    from duban.web.documents.builders import word
    from duban.web.documents.fonts import font_note

    doc = word.new_document(official=True, title=title, outside_numbers=True)
    doc.core_properties.comments = ("字体按 GB/T 9704 命名:发文机关标志和标题方正小标宋简体,正文仿宋_GB2312三号,一级标题黑体,"
                                    "二级标题楷体_GB2312;本机没有这些字体时由办公软件替代。PDF 版" + font_note())
    body = word.SANHAO
    for b in content:
        if b.kind == "masthead":
            number, organ, date = b.parts
            word.masthead(doc, b.text, number, organ, date)
        elif b.kind == "title":
            p = word.title(doc, b.text)
            p.paragraph_format.space_before = Pt(28.9)  # a line free under the red rule
            p.paragraph_format.space_after = Pt(28.9)
            p.paragraph_format.line_spacing = Pt(35)  # a title on two lines stays readable
        elif b.kind == "heading":
            word.heading(doc, b.text, 1)
        elif b.kind == "heading2":
            word.heading(doc, b.text, 2)
        elif b.kind == "para":
            word.para(doc, b.text, size=body)
        elif b.kind == "para_noindent":
            word.para(doc, b.text, indent=False, size=body)
        elif b.kind == "table":
            word.table(doc, b.header, b.rows, widths_mm=b.widths or [156 / len(b.header)] * len(b.header),
                       size=word.WUHAO)
        elif b.kind == "image":
            width, height = chart_size_mm(b.image)
            word.picture(doc, b.image, width_mm=width, height_mm=height, caption=b.caption)
        elif b.kind == "note":
            word.para(doc, b.text, indent=False, size=word.WUHAO)
        elif b.kind == "signature":
            for text, right in zip(b.parts, signature_indents(b.parts, body), strict=True):
                p = word.para(doc, text, indent=False, align="right", size=body)
                p.paragraph_format.right_indent = Pt(right)
            doc.paragraphs[-2].paragraph_format.space_before = Pt(28.9)  # 正文下空一行
        elif b.kind == "colophon":
            cc, organ, date = b.parts
            word.colophon(doc, cc, organ, date)
    return word.to_bytes(doc)


# --- PDF ---------------------------------------------------------------------------------------

# GB/T 9704 in points and millimetres: 2号 title, 3号 body and headings, 4号 page numbers and
# 版记, 5号 tables and notes; a type area of 156 × 225 mm holding 22 lines of 28 characters.
TITLE_PT, BODY_PT, FOLIO_PT, TABLE_PT = 22.0, 16.0, 14.0, 10.5
LEFT_MM, TOP_MM, RIGHT_MM, BOTTOM_MM = 28.0, 37.0, 26.0, 35.0
TYPE_W = 210 - LEFT_MM - RIGHT_MM  # 156 mm
LINE_MM = 225 / 22 - 0.001  # 10.23 mm (≈ 29 pt); the thousandth keeps the 22nd line on the page
# 28 characters of 16 pt are 158 mm, 2 mm wider than the type area: each character gives back
# a quarter point, as Word's document grid does (28 × 15.75 pt = 155.6 mm)
BODY_SPACING_PT = -0.25
PT_MM = 25.4 / 72
RED = (255, 0, 0)
ROLES = ("body", "title", "heading", "heading2")


def _new_pdf(texts: dict[str, str], workdir: Path) -> Any:
    """A blank A4 document (GB/T 9704 margins, "— 1 —" page numbers outside) with a Chinese
    font for each role: "body" (仿宋), "title" (小标宋), "heading" (黑体), "heading2" (楷体),
    each the machine's own or a stand-in (see fonts.role_font); which one stood in is written
    into the PDF's metadata. `texts` holds, for each role, every character the document sets in
    it: fonts with CFF outlines are embedded as TrueType copies of those glyphs only
    (fonts.pdf_font_file), which is most of the time a PDF takes.

    The fonts are parsed afresh each time: a deep copy of a prepared document shares fontTools'
    lazily read tables and breaks the glyph subsetting of the second copy."""
    from fpdf import FPDF

    from duban.web.documents.fonts import font_note, pdf_font_file, role_font

    class Doc(FPDF):
        def footer(self) -> None:
            """四号 "— n —" 7 mm under the type area, one character in from the outer edge."""
            self.set_y(297 - BOTTOM_MM + 7)
            self.set_char_spacing(0)
            self.set_text_color(0, 0, 0)
            self.set_font("body", size=FOLIO_PT)
            folio = f"— {self.page_no()} —"
            inset = FOLIO_PT * PT_MM
            width = self.get_string_width(folio)
            x = 210 - RIGHT_MM - inset - width if self.page_no() % 2 else LEFT_MM + inset
            self.set_x(x)
            self.cell(width, 6, folio)

    pdf = Doc(format="A4", unit="mm")
    pdf.set_margins(LEFT_MM, TOP_MM, RIGHT_MM)
    pdf.set_auto_page_break(True, margin=BOTTOM_MM)
    pdf.c_margin = 0  # text runs the full 156 mm of the type area, as on the grid of the Word file
    fonts = {role: role_font(role).font for role in ROLES}
    needed: dict[tuple[Path, int], str] = {}
    for role, font in fonts.items():  # a face serving two roles is embedded once with both's text
        needed[(font.path, font.index)] = needed.get((font.path, font.index), "") + texts.get(role, "")
    files = {key: pdf_font_file(fonts[next(r for r in ROLES if (fonts[r].path, fonts[r].index) == key)],
                                text, workdir, f"font{i}")
             for i, (key, text) in enumerate(needed.items())}
    for role, font in fonts.items():
        path, index = files[(font.path, font.index)]
        pdf.add_font(role, fname=str(path), collection_font_number=index)
    pdf.set_creator("duban")
    pdf.set_keywords(font_note())
    return pdf


class _Wrapper:
    """Breaks text into lines that fit a width by the Chinese rules (typeset.break_lines),
    measuring each character once per font and size: fpdf2's own table lays out every cell
    twice and is far too slow for a few hundred rows."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.widths: dict[tuple[str, str, float, float], float] = {}

    def width(self, ch: str) -> float:
        """The advance of one character in the current font, size and character spacing."""
        pdf = self.pdf
        key = (ch, pdf.font_family, pdf.font_size_pt, pdf.char_spacing)
        w = self.widths.get(key)
        if w is None:
            w = self.widths[key] = pdf.get_string_width(ch)  # fpdf2 counts the spacing in
        return w

    def lines(self, text: str, width: float) -> list[str]:
        return break_lines(text, width, self.width)


def _text_lines(pdf: Any, wrap: _Wrapper, text: str, *, align: str = "L", indent: bool = False,
                line_h: float = LINE_MM) -> None:
    """A paragraph set line by line at a fixed pitch: broken by the Chinese rules, each full line
    justified to the type area (a line shortened to keep 、 off the next one is spread out)."""
    base = pdf.char_spacing
    text = ("\u3000\u3000" if indent else "") + text
    lines = wrap.lines(text, TYPE_W)
    natural = [sum(wrap.width(ch) for ch in line) for line in lines]
    for i, line in enumerate(lines):
        spacing = base
        if align == "J" and i < len(lines) - 1 and len(line) > 1:
            glyphs = natural[i] - len(line) * base * PT_MM
            spacing = (TYPE_W - glyphs) / (len(line) - 1) / PT_MM
            spacing = min(spacing, base + pdf.font_size_pt)  # never more than a character between two
        pdf.set_char_spacing(spacing)
        pdf.cell(TYPE_W, line_h, line, align="C" if align == "C" else ("R" if align == "R" else "L"),
                 new_x="LMARGIN", new_y="NEXT")
    pdf.set_char_spacing(base)


def _pdf_table(pdf: Any, wrap: _Wrapper, header: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[float], size: float = TABLE_PT) -> None:
    pad, lh = 1.2, size * PT_MM * 1.35
    pdf.set_char_spacing(0)
    pdf.set_font("body", size=size)
    bottom = pdf.h - pdf.b_margin

    def draw(cells: Sequence[str], fill: bool) -> None:
        pdf.set_font("heading" if fill else "body", size=size)
        wrapped = [wrap.lines(str(c), w - 2 * pad) for c, w in zip(cells, widths, strict=False)]
        h = max(len(x) for x in wrapped) * lh + 2 * pad
        if pdf.get_y() + h > bottom:
            pdf.add_page()
            if not fill:
                draw(header, True)
                pdf.set_font("body", size=size)
        x, y = pdf.l_margin, pdf.get_y()
        for lines, w in zip(wrapped, widths, strict=False):
            pdf.set_fill_color(217, 217, 217)
            pdf.rect(x, y, w, h, style="DF" if fill else "D")
            for i, line in enumerate(lines):
                if line:
                    pdf.text(x + pad, y + pad + (i + 0.8) * lh, line)
            x += w
        pdf.set_y(y + h)

    if pdf.get_y() + 3 * (lh + 2 * pad) > bottom:  # no header alone at the foot of a page
        pdf.add_page()
    draw(header, True)
    for r in rows:
        draw(r, False)


def _masthead(pdf: Any, wrap: _Wrapper, b: Block) -> None:
    number, organ, date = b.parts
    size = min(42.0, float(int(TYPE_W / PT_MM / max(len(b.text), 1))))
    pdf.set_text_color(*RED)
    pdf.set_font("title", size=size)
    pdf.set_char_spacing(0)
    pdf.cell(TYPE_W, size * PT_MM * 1.3, b.text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font("body", size=BODY_PT)
    if number:
        pdf.cell(TYPE_W, LINE_MM, number, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    pdf.cell(TYPE_W, LINE_MM, organ, align="L")
    pdf.set_xy(LEFT_MM, y)
    pdf.cell(TYPE_W, LINE_MM, date, align="R", new_x="LMARGIN", new_y="NEXT")
    rule_y = pdf.get_y() + 1.4
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.53)  # 1.5 pt, as the Word file's border
    pdf.line(LEFT_MM, rule_y, LEFT_MM + TYPE_W, rule_y)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_y(rule_y + LINE_MM)


def _colophon(pdf: Any, wrap: _Wrapper, b: Block) -> None:
    """The 版记 at the foot of the last page: thick rule, 抄送, thin rule, 印发机关 and 印发日期,
    thick rule; 4号 仿宋, one character in from each side."""
    cc, organ, date = b.parts
    pdf.set_font("body", size=FOLIO_PT)
    pdf.set_char_spacing(0)
    inset = FOLIO_PT * PT_MM
    cc_lines = wrap.lines(f"抄送\uff1a{cc}", TYPE_W - 2 * inset) if cc else []
    lh = 7.0
    height = (len(cc_lines) + 1) * lh + (2 if cc_lines else 1) * 1.5
    bottom = pdf.h - pdf.b_margin
    if pdf.get_y() + height > bottom:
        pdf.add_page()
    y = bottom - height

    def rule(at: float, thick: bool) -> None:
        pdf.set_line_width(0.35 if thick else 0.25)
        pdf.line(LEFT_MM, at, LEFT_MM + TYPE_W, at)

    rule(y, True)
    y += 0.75
    for line in cc_lines:
        pdf.set_xy(LEFT_MM + inset, y)
        pdf.cell(TYPE_W - 2 * inset, lh, line)
        y += lh
    if cc_lines:
        y += 0.75
        rule(y, False)
        y += 0.75
    pdf.set_xy(LEFT_MM + inset, y)
    pdf.cell(TYPE_W - 2 * inset, lh, organ)
    pdf.set_xy(LEFT_MM + inset, y)
    pdf.cell(TYPE_W - 2 * inset, lh, f"{date}印发", align="R")
    y += lh + 0.75
    rule(y, True)
    pdf.set_line_width(0.2)


def _role_texts(content: Sequence[Block]) -> dict[str, str]:
    """The characters each font role sets: the title face only the masthead and the title, the
    heading faces their headings, table headers and captions, the body face the rest."""
    texts = {"title": "", "heading": "", "heading2": "", "body": "— 0123456789\u3000抄送\uff1a印发。"}
    for b in content:
        if b.kind in ("masthead", "title"):
            texts["title"] += b.text
            texts["body"] += "".join(b.parts)
        elif b.kind in ("heading", "heading2"):
            texts[b.kind] += b.text + "\u3000"
        else:
            texts["heading"] += "".join(b.header) + b.caption
            texts["body"] += b.text + "".join(b.parts) + "".join(c for r in b.rows for c in r)
    return texts


def to_pdf(content: Sequence[Block], *, title: str = "") -> bytes:
    """The same content as a PDF with the Chinese fonts embedded (fpdf2)."""
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as tmp:
        pdf = _new_pdf(_role_texts(content), Path(tmp))
        pdf.set_title(title)
        pdf.add_page()
        wrap = _Wrapper(pdf)

        def font(role: str, size: float, spacing: float = 0.0) -> None:
            pdf.set_font(role, size=size)
            pdf.set_char_spacing(spacing)

        for b in content:
            if b.kind == "masthead":
                _masthead(pdf, wrap, b)
            elif b.kind == "title":
                font("title", TITLE_PT)
                for line in wrap.lines(b.text, TYPE_W):
                    pdf.cell(TYPE_W, LINE_MM * 1.2, line, align="C", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(LINE_MM / 2)
            elif b.kind in ("heading", "heading2"):
                font(b.kind, BODY_PT, BODY_SPACING_PT)
                _text_lines(pdf, wrap, b.text, indent=True, align="J")
            elif b.kind in ("para", "para_noindent"):
                font("body", BODY_PT, BODY_SPACING_PT)
                _text_lines(pdf, wrap, b.text, indent=b.kind == "para", align="J")
            elif b.kind == "table":
                widths = b.widths or tuple([TYPE_W / len(b.header)] * len(b.header))
                _pdf_table(pdf, wrap, b.header, b.rows, widths)
                pdf.ln(2)
            elif b.kind == "image":
                width, height = chart_size_mm(b.image)
                if pdf.get_y() + height + 8 > pdf.h - pdf.b_margin:  # the chart and its caption on one page
                    pdf.add_page()
                pdf.image(io.BytesIO(b.image), w=width, h=height, x=LEFT_MM + (TYPE_W - width) / 2)
                if b.caption:
                    font("heading", TABLE_PT)
                    pdf.cell(TYPE_W, 7, b.caption, align="C", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            elif b.kind == "note":
                font("body", TABLE_PT)
                _text_lines(pdf, wrap, b.text, line_h=5.5)
            elif b.kind == "signature":
                font("body", BODY_PT, BODY_SPACING_PT)
                pdf.ln(LINE_MM)  # 正文下空一行
                for text, right in zip(b.parts, signature_indents(b.parts, BODY_PT), strict=True):
                    pdf.set_x(LEFT_MM)
                    pdf.cell(TYPE_W - right * PT_MM, LINE_MM, text, align="R", new_x="LMARGIN", new_y="NEXT")
            elif b.kind == "colophon":
                _colophon(pdf, wrap, b)
        return bytes(pdf.output())


__all__ = ["STATUS_ORDER", "Block", "OfficeText", "blocks", "cn_date", "default_masthead", "default_title",
           "to_docx", "to_pdf"]
