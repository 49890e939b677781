"""Word (.docx): paragraphs with their automatic numbering, and tables, in document order."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import check_zip
from duban.core.read.structure import check_ooxml_parts
from duban.core.read.tables import GridCell, LineBuilder, cells_of_row, clean_cell


def read_docx(data: bytes, name: str) -> Document:
    import docx

    check_zip(data, name, "docx", "Word 文件")  # before python-docx loads every part into memory
    check_ooxml_parts(data, name, "Word 文件")
    try:
        wd = docx.Document(io.BytesIO(data))
        numbering = WordNumbering(wd)
        out = LineBuilder(name)
        for kind, block in _docx_blocks(wd.element.body, wd._body):
            if kind == "p":
                for part in (numbering.label(block) + paragraph_text(block)).split("\n"):
                    out.text(part)
            else:
                for grid in _docx_table_grid(block, numbering):
                    out.row(grid)
    except ReadError:
        raise
    except Exception as exc:  # zip, XML and python-docx errors alike mean a damaged file
        raise ReadError("Word 文件已损坏或不完整,无法读取;请重新下载或用 Word 打开后重新保存", path=name) from exc
    notes = out.notes()
    if numbering.used:
        notes.insert(0, "Word 自动编号已写入文字")
    return Document(lines=out.lines, kind="docx", path=name, notes=notes)


def _docx_blocks(container: Any, parent: Any) -> Iterator[tuple[str, Any]]:
    """Paragraphs (as <w:p> elements) and tables (as python-docx Tables) in document order,
    including those inside content controls (<w:sdt>) and custom XML, which python-docx's
    iter_inner_content skips."""
    from docx.table import Table

    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{W_NS}p":
            yield "p", child
        elif tag == f"{W_NS}tbl":
            yield "tbl", Table(child, parent)
        elif tag == f"{W_NS}sdt":
            content = child.find(f"{W_NS}sdtContent")
            if content is not None:
                yield from _docx_blocks(content, parent)
        elif tag == f"{W_NS}customXml":
            yield from _docx_blocks(child, parent)


SKIP_IN_PARAGRAPH = {"del", "moveFrom", "drawing", "pict", "object", "fldData", "instrText", "delText"}


def paragraph_text(p: Any) -> str:
    """A paragraph's text as Word shows it with changes accepted: runs, hyperlinks, fields'
    results and tracked insertions in; tracked deletions, field codes and text boxes out;
    a line break (soft return) is "\n"."""
    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local in SKIP_IN_PARAGRAPH or local == "AlternateContent":
                continue
            if local == "t":
                out.append(child.text or "")
            elif local == "tab":
                out.append("\t")
            elif local == "br":
                if child.get(f"{W_NS}type") in (None, "textWrapping"):
                    out.append("\n")
            elif local == "cr":
                out.append("\n")
            elif local == "noBreakHyphen":
                out.append("-")
            elif local in ("pPr", "rPr"):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _docx_table_grid(table: Any, numbering: WordNumbering) -> Iterator[list[GridCell]]:
    """Each row as grid positions. python-docx gives a horizontally merged cell once per column
    it spans and a vertically merged one (vMerge) as its origin cell in every row below; each
    cell's text is read once, so automatic numbering inside it counts once."""
    texts: dict[Any, str] = {}  # keyed by the <w:tc> element itself, which keeps it alive
    above: list[Any] = []
    for row in table.rows:
        grid: list[GridCell] = [GridCell("") for _ in range(row.grid_cols_before)]
        cells = list(row.cells)
        tcs = [cell._tc for cell in cells]
        for cell, tc in zip(cells, tcs, strict=True):
            if tc not in texts:
                texts[tc] = clean_cell(_docx_cell_text(cell, numbering))
            vertical = any(tc is a for a in above)
            spans = sum(1 for t in tcs if t is tc) > 1
            merged = tc if (spans or vertical or tc.vMerge == "restart") else None
            grid.append(GridCell(texts[tc], merged, vertical=vertical))
        grid.extend(GridCell("") for _ in range(row.grid_cols_after))
        above = tcs
        yield grid


def _docx_cell_text(cell: Any, numbering: WordNumbering) -> str:
    """A cell's text: its paragraphs one a line, a nested table's rows one a line."""
    parts: list[str] = []
    for kind, block in _docx_blocks(cell._tc, cell):
        if kind == "p":
            parts.append(numbering.label(block) + paragraph_text(block))
        else:
            for grid in _docx_table_grid(block, numbering):
                cells = cells_of_row(grid)
                if cells:
                    parts.append(" ".join(c.replace("\n", " ") for c in cells))
    return "\n".join(parts)


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as 一、 and (一) headings count)."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // value) % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(("" if value == 10 and digit == 1 and not parts else CN_DIGITS[digit]) + unit)
    return "".join(parts)


def _format_counter(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n).translate(str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟"))
    if fmt == "ideographDigital":
        return "".join(CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional", "ideographZodiac"):
        signs = "甲乙丙丁戊己庚辛壬癸" if fmt == "ideographTraditional" else "子丑寅卯辰巳午未申酉戌亥"
        return signs[(n - 1) % len(signs)]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


class WordNumbering:
    """Word's automatic numbering, which is not in the text: "1." "(一)" "①" are drawn by Word
    from numbering.xml. A plan numbered this way would lose every task number without it."""

    def __init__(self, wd: Any) -> None:
        self.used = False
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNum → level → (start, format, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNum, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles, self.default_style = _style_numbering(wd)
        try:
            root = wd.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for an in root.iter(f"{W_NS}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in an.iter(f"{W_NS}lvl"):
                ilvl = int(lvl.get(f"{W_NS}ilvl", "0"))
                start = _w_val(lvl, "start")
                fmt = _w_val(lvl, "numFmt")
                text = _w_val(lvl, "lvlText")
                levels[ilvl] = (int(start) if start and start.isdigit() else 1, fmt or "decimal", text or "")
            self.levels[an.get(f"{W_NS}abstractNumId", "")] = levels
        for num in root.iter(f"{W_NS}num"):
            abstract = _w_val(num, "abstractNumId") or ""
            overrides: dict[int, int] = {}
            for ov in num.iter(f"{W_NS}lvlOverride"):
                start = _w_val(ov, "startOverride")
                if start and start.isdigit():
                    overrides[int(ov.get(f"{W_NS}ilvl", "0"))] = int(start)
            self.nums[num.get(f"{W_NS}numId", "")] = (abstract, overrides)

    def label(self, p: Any) -> str:
        """The number Word draws before this paragraph ("1." "(一)"), or "" if none."""
        if not self.nums:
            return ""
        num_id, ilvl = _num_pr(p, self.styles, self.default_style)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        start, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else overrides.get(ilvl, start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def level_value(m: re.Match[str]) -> str:
            lv = int(m.group(1)) - 1
            lv_start, lv_fmt, _ = levels.get(lv, (1, "decimal", ""))
            return _format_counter(counters.get(lv, overrides.get(lv, lv_start)), lv_fmt)

        self.used = True
        return re.sub(r"%(\d)", level_value, text)


def _w_val(el: Any, tag: str) -> str | None:
    child = el.find(f"{W_NS}{tag}")
    if child is None:
        return None
    value = child.get(f"{W_NS}val")
    return str(value) if value is not None else None


def _num_pr(p: Any, styles: dict[str, tuple[str | None, int | None, str | None]], default: str | None) -> tuple[str | None, int]:
    """numId and level of a paragraph, from its own properties or else from its style's chain
    (read from styles.xml once: python-docx's style lookup is too slow for long tables)."""
    num_id: str | None = None
    ilvl: int | None = None
    ppr = p.find(f"{W_NS}pPr")
    style_id: str | None = default
    if ppr is not None:
        pstyle = _w_val(ppr, "pStyle")
        style_id = pstyle or default
        numpr = ppr.find(f"{W_NS}numPr")
        if numpr is not None:
            num_id = _w_val(numpr, "numId")
            lv = _w_val(numpr, "ilvl")
            ilvl = int(lv) if lv and lv.isdigit() else None
    seen: set[str] = set()
    while style_id is not None and style_id not in seen and (num_id is None or ilvl is None):
        seen.add(style_id)
        s_num, s_lvl, based_on = styles.get(style_id, (None, None, None))
        num_id = num_id if num_id is not None else s_num
        ilvl = ilvl if ilvl is not None else s_lvl
        style_id = based_on
    return num_id, ilvl or 0


def _style_numbering(wd: Any) -> tuple[dict[str, tuple[str | None, int | None, str | None]], str | None]:
    """Each paragraph style's numId, level and parent style; and the default paragraph style."""
    out: dict[str, tuple[str | None, int | None, str | None]] = {}
    default: str | None = None
    try:
        root = wd.styles.element
    except (KeyError, AttributeError, NotImplementedError):
        return out, None
    for st in root.iter(f"{W_NS}style"):
        if st.get(f"{W_NS}type") not in (None, "paragraph"):
            continue
        sid = st.get(f"{W_NS}styleId")
        if sid is None:
            continue
        if st.get(f"{W_NS}default") in ("1", "true", "on"):
            default = sid
        num_id: str | None = None
        ilvl: int | None = None
        ppr = st.find(f"{W_NS}pPr")
        numpr = ppr.find(f"{W_NS}numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _w_val(numpr, "numId")
            lv = _w_val(numpr, "ilvl")
            ilvl = int(lv) if lv and lv.isdigit() else None
        out[str(sid)] = (num_id, ilvl, _w_val(st, "basedOn"))
    return out, default
