"""The quarterly 通报: its content as a list of blocks built once from the round's figures and
the office's own paragraphs, then rendered to Word (GB/T 9704 style) and to PDF, so both say
the same thing.

GB/T 9704 asks for: A4, 天头 37 mm, 订口 28 mm; the title in 2号 方正小标宋; the body in 3号
仿宋_GB2312, first-level headings in 黑体, second-level in 楷体; page numbers "— 1 —" in 4号 at
the foot; 28 characters a line, 22 lines a page. Word gets those font names and sizes and the
document grid; the PDF uses the same sizes and embeds the machine's 仿宋/小标宋/黑体 when it
has them, otherwise the fallback Chinese font (fonts.role_font), named in its metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from duban.web.documents import charts
from duban.web.documents.figures import LIGHT_ORDER, STATUS_ORDER, RoundFigures

CN_NUM = "一二三四五六七八九十"


@dataclass
class Block:
    kind: str  # title | subtitle | heading | para | table | image | signature | note
    text: str = ""
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # mm
    image: bytes = b""
    caption: str = ""


@dataclass
class OfficeText:
    """What the office writes itself and edits before issuing."""

    title: str = ""
    number: str = ""  # 文号 or 期号, e.g. 第1期
    addressee: str = "各乡镇人民政府、街道办事处,区直各单位:"
    intro: str = ""
    requirements: str = ""  # 下一步工作要求: paragraphs separated by blank lines
    issuer: str = ""
    date: str = ""


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


def fig_pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


GROUP_HEADER = ("名称", "任务数", "已完成", "序时推进", "滞后", "未报送", "红灯", "正常推进率")


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
    if office.number:
        out.append(Block("subtitle", office.number))
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
                     widths=(52, 14, 14, 16, 12, 14, 12, 20)))
    leaders = fig.by_leader()
    if leaders:
        out.append(Block("heading2", "(二)按分管领域"))
        out.append(Block("table", header=GROUP_HEADER, rows=_group_rows(leaders), widths=(52, 14, 14, 16, 12, 14, 12, 20)))
    flagged = sorted((g for g in fig.by_unit() if g[2]["红灯"]), key=lambda g: (-g[2]["红灯"], g[0]))
    out.append(Block("heading2", f"({'二三'[1 if leaders else 0]})按牵头单位"))
    if flagged:
        out.append(Block("para", f"共有{len(flagged)}个牵头单位有红灯任务,按红灯任务数排列如下:"))
        out.append(Block("table", header=GROUP_HEADER, rows=_group_rows(flagged[:max_rows]),
                         widths=(52, 14, 14, 16, 12, 14, 12, 20)))
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
        out.append(Block("table", header=("单位", "应报", "按时", "逾期", "未报"),
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
        out.append(Block("table", header=("序号", "任务", "牵头单位", "原因"),
                         rows=[(t.number, _clip(t.label, 60), "、".join(t.lead_units), _clip(t.reasons, 50))
                               for t in shown_t], widths=(12, 70, 34, 40)))
        if len(red) > len(shown_t):
            out.append(Block("note", f"(仅列出前{len(shown_t)}项红灯任务,其余{len(red) - len(shown_t)}项见台账)"))

    out.append(Block("heading", f"{next(h)}、下一步工作要求"))
    for p in _paras(office.requirements or default_requirements()):
        out.append(Block("para", p))
    out.append(Block("signature", office.issuer or fig.government))
    out.append(Block("signature", office.date or f"{fig.as_of.year}年{fig.as_of.month}月{fig.as_of.day}日"))
    return out


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# --- Word ------------------------------------------------------------------------------------

def to_docx(content: Sequence[Block], *, title: str = "") -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from duban.web.documents.builders import word
    from duban.web.documents.fonts import HEADING_FONT, font_note

    doc = word.new_document(official=True, title=title)
    doc.core_properties.comments = ("字体按 GB/T 9704 命名:标题方正小标宋简体二号,正文仿宋_GB2312三号,一级标题黑体,"
                                    "二级标题楷体_GB2312;本机没有这些字体时由办公软件替代。PDF 版" + font_note())
    body = word.SANHAO
    for b in content:
        if b.kind == "title":
            word.title(doc, b.text)
        elif b.kind == "subtitle":
            word.para(doc, b.text, indent=False, align="center", size=body)
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
            doc.add_picture(io.BytesIO(b.image), width=Mm(150))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if b.caption:
                word.para(doc, b.caption, indent=False, align="center", size=word.WUHAO, font=HEADING_FONT)
        elif b.kind == "note":
            word.para(doc, b.text, indent=False, size=word.WUHAO)
        elif b.kind == "signature":
            word.para(doc, b.text, indent=False, align="right", size=body)
    return word.to_bytes(doc)


# --- PDF ---------------------------------------------------------------------------------------

# GB/T 9704 in points and millimetres: 2号 title, 3号 body and headings, 4号 page numbers, 5号
# tables and notes; a type area of 156 × 225 mm holding 22 lines of 28 characters.
TITLE_PT, BODY_PT, FOLIO_PT, TABLE_PT = 22.0, 16.0, 14.0, 10.5
LINE_MM = 225 / 22 - 0.001  # 10.23 mm (≈ 29 pt); the thousandth keeps the 22nd line on the page
# 28 characters of 16 pt are 158 mm, 2 mm wider than the type area: each character gives back
# a quarter point, as Word's document grid does (28 × 15.75 pt = 155.6 mm)
BODY_SPACING_PT = -0.25


def _new_pdf() -> Any:
    """A blank A4 document (GB/T 9704 margins, "— 1 —" page numbers) with the Chinese fonts:
    "body" (仿宋), "title" (小标宋) and "heading" (黑体), each the machine's own or the fallback
    (see fonts.role_font); which one stood in is written into the PDF's metadata.

    The fonts are parsed afresh each time: a deep copy of a prepared document shares fontTools'
    lazily read tables and breaks the glyph subsetting of the second copy."""
    from fpdf import FPDF

    from duban.web.documents.fonts import font_note, role_font

    class Doc(FPDF):
        def footer(self) -> None:
            self.set_y(-25)
            self.set_char_spacing(0)
            self.set_font("body", size=FOLIO_PT)
            self.cell(0, 10, f"— {self.page_no()} —", align="C")

    pdf = Doc(format="A4", unit="mm")
    pdf.set_margins(28, 37, 26)
    pdf.set_auto_page_break(True, margin=35)
    pdf.c_margin = 0  # text runs the full 156 mm of the type area, as on the grid of the Word file
    for role in ("body", "title", "heading"):
        font = role_font(role).font
        pdf.add_font(role, fname=str(font.path), collection_font_number=font.index)
    pdf.set_creator("duban")
    pdf.set_keywords(font_note())
    return pdf


class _Wrapper:
    """Breaks text into lines that fit a width, measuring each character once per font size:
    fpdf2's own table lays out every cell twice and is far too slow for a few hundred rows."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.widths: dict[tuple[str, float], float] = {}

    def lines(self, text: str, width: float) -> list[str]:
        size = self.pdf.font_size_pt
        out: list[str] = []
        for para in text.split("\n"):
            line, acc = "", 0.0
            for ch in para:
                key = (ch, size)
                w = self.widths.get(key)
                if w is None:
                    w = self.widths[key] = self.pdf.get_string_width(ch)
                if acc + w > width and line:
                    out.append(line)
                    line, acc = "", 0.0
                line += ch
                acc += w
            out.append(line)
        return out


def _pdf_table(pdf: Any, wrap: _Wrapper, header: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[float], size: float = TABLE_PT) -> None:
    pad, lh = 1.2, size * 0.3528 * 1.35
    pdf.set_char_spacing(0)
    pdf.set_font("body", size=size)
    bottom = pdf.h - pdf.b_margin

    def draw(cells: Sequence[str], fill: bool) -> None:
        wrapped = [wrap.lines(str(c), w - 2 * pad) for c, w in zip(cells, widths, strict=False)]
        h = max(len(x) for x in wrapped) * lh + 2 * pad
        if pdf.get_y() + h > bottom:
            pdf.add_page()
            if not fill:
                draw(header, True)
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


def to_pdf(content: Sequence[Block], *, title: str = "") -> bytes:
    """The same content as a PDF with the machine's Chinese font embedded (fpdf2)."""
    from fpdf.enums import WrapMode

    pdf = _new_pdf()
    pdf.set_title(title)
    pdf.add_page()
    wrap = _Wrapper(pdf)
    lh = LINE_MM

    def font(role: str, size: float, spacing: float = 0.0) -> None:
        pdf.set_font(role, size=size)
        pdf.set_char_spacing(spacing)

    for b in content:
        if b.kind == "title":
            font("title", TITLE_PT)
            pdf.multi_cell(0, lh * 1.2, b.text, align="C", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(lh / 2)
        elif b.kind == "subtitle":
            font("body", BODY_PT, BODY_SPACING_PT)
            pdf.multi_cell(0, lh, b.text, align="C", new_x="LMARGIN", new_y="NEXT")
        elif b.kind in ("heading", "heading2"):
            font("heading" if b.kind == "heading" else "body", BODY_PT, BODY_SPACING_PT)
            pdf.multi_cell(0, lh, "\u3000\u3000" + b.text, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        elif b.kind in ("para", "para_noindent"):
            font("body", BODY_PT, BODY_SPACING_PT)
            text = ("\u3000\u3000" if b.kind == "para" else "") + b.text
            pdf.multi_cell(0, lh, text, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "table":
            widths = b.widths or tuple([156 / len(b.header)] * len(b.header))
            _pdf_table(pdf, wrap, b.header, b.rows, widths)
            pdf.ln(2)
        elif b.kind == "image":
            pdf.image(io.BytesIO(b.image), w=150, x=(210 - 150) / 2)
            if b.caption:
                font("heading", TABLE_PT)
                pdf.multi_cell(0, 6, b.caption, align="C", new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "note":
            font("body", TABLE_PT)
            pdf.multi_cell(0, 5.5, b.text, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "signature":
            font("body", BODY_PT, BODY_SPACING_PT)
            pdf.multi_cell(0, lh, b.text, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


__all__ = ["STATUS_ORDER", "Block", "OfficeText", "blocks", "default_title", "to_docx", "to_pdf"]
