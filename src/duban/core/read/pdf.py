"""PDF: text lines and ruled tables per page, without running heads, page numbers or wrapping."""

from __future__ import annotations

import bisect
import io
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import Budget, check_pdf_streams
from duban.core.read.structure import check_pdf
from duban.core.read.tables import GridCell, LineBuilder, cells_of_row

PAGE_NUMBER = re.compile(
    r"^(?:[-—–_~·\s]*\d+[-—–_~·\s]*|第\s*\d+\s*页\s*[,,/]?\s*(?:共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?|共\s*\d+\s*页\s*第\s*\d+\s*页)$"
)
STARTS_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[((][一二三四五六七八九十百\d]+[))]|\d+[.、.．]|[①-⑳]|★|☆|附件|附表|——)"
)
STARTS_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[((][一二三四五六七八九十百\d]+[))]|\d+[.、.．]|[①-⑳]|★|☆|"
    r"附件|附表|——|[((]?(?:牵头|责任|配合)单位)"
)


@dataclass
class PageLine:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page: int
    cells: list[GridCell] | None = None
    first_row: bool = False  # the first row of a table on its page


SCANNED = "这是扫描件({what} 中没有文字层,只有图片),无法读取其中的文字;请提供可复制文字的版本或 Word 文件"


def read_pdf(data: bytes, name: str) -> Document:
    import pdfplumber

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise ReadError("PDF 文件不完整(缺少文件结尾,可能下载中断),请重新下载", path=name)
    check_pdf_streams(data, name)  # before pdfminer decompresses any stream whole
    check_pdf(data, name)  # parsed first: a web page behind a %PDF- header is not read as a PDF
    pages: list[list[PageLine]] = []
    heights: list[float] = []
    imaged: list[bool] = []  # the page is mostly covered by pictures
    budget = Budget(name)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            columns: list[float] | None = None  # an unruled table's column edges, carried to the next page
            for i, page in enumerate(pdf.pages):
                lines, columns = _pdf_page_lines(page, i, columns)
                for ln in lines:  # page by page: a PDF that unfolds into too much text stops here
                    budget.add(len(ln.text) + sum(len(c.text) for c in ln.cells or ()), len(ln.cells or ()))
                pages.append(lines)
                heights.append(float(page.height))
                imaged.append(_mostly_image(page))
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged, encrypted or odd files
        if type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise ReadError("PDF 文件有密码保护,请先解除密码再读取", path=name) from exc
        raise ReadError("PDF 文件已损坏或不完整,无法读取;请重新下载", path=name) from exc
    return laid_out_document(pages, heights, imaged, name, kind="pdf", what="PDF")


def laid_out_document(pages: list[list[PageLine]], heights: list[float], imaged: list[bool], name: str, *,
                      kind: str, what: str) -> Document:
    """A document from the lines and table rows of fixed-layout pages (PDF, OFD): running heads,
    page numbers and repeated table headers dropped, wrapped paragraphs joined, scanned pages
    named. Positions are in points, top to bottom."""
    if not pages:
        raise ReadError(f"{what} 文件没有页面", path=name)
    notes: list[str] = []
    dropped = _drop_page_furniture(pages, heights)
    chars = [sum(len(ln.text) + sum(len(c.text) for c in ln.cells or ()) for ln in page) for page in pages]
    scanned = [i for i, (n, img) in enumerate(zip(chars, imaged, strict=True)) if n < 20 and img]
    if sum(chars) < 10 or len(scanned) == len(pages):
        raise ReadError(SCANNED.format(what=what), path=name)
    if scanned:
        listed = "、".join(str(i + 1) for i in scanned[:20]) + ("等" if len(scanned) > 20 else "")
        notes.append(f"第 {listed} 页没有文字层(可能是扫描页),其内容未能读取,请核对原件")
    if _drop_repeated_headers(pages):
        notes.append("表格在每页重复的表头只保留第一次")
    if dropped:
        notes.append(f"已去掉页眉、页脚和页码 {dropped} 行")
    body = [ln for page in pages for ln in page]
    joined = _join_wrapped(body)
    if len(joined) < len(body):
        notes.append(f"{what} 中因换行断开的段落已接上")
    out = LineBuilder(name)
    for ln in joined:
        if ln.cells is not None:
            out.row(ln.cells)
        else:
            out.text(ln.text)
    return Document(lines=out.lines, kind=kind, path=name, notes=notes + out.notes())


def _mostly_image(page: Any) -> bool:
    """Half the page or more is pictures: a scanned page, when it has (almost) no text."""
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
        for im in page.images
    )
    return covered >= area * 0.5


def _pdf_page_lines(page: Any, index: int, carried: list[float] | None = None) -> tuple[list[PageLine], list[float] | None]:
    """A page's text lines and table rows, in reading order (top to bottom), and the column edges
    of an unruled table that runs on to the next page (None when the page ends no such table)."""
    tables = page.find_tables()
    items: list[PageLine] = []
    rest = page
    for table in tables:
        rest = rest.outside_bbox(table.bbox)
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        bbox = (x0, top, x1, bottom)
        for i, (grid, top, bottom) in enumerate(table_grid(page.chars, bbox, [list(r.cells) for r in table.rows])):
            items.append(PageLine("", top, bottom, bbox[0], bbox[2], 0.0, index, grid, i == 0))
    unruled = None if tables else unruled_table(page.chars, carried, float(page.height))
    spans: list[tuple[float, float]] = []
    if unruled is not None:
        x0, x1 = unruled.columns[0], unruled.columns[-1]
        # each column's cells end where its text does (the widest line), so that a line which
        # stopped short of that ended where the writer broke it (units one a line), as in a ruled cell
        ends = unruled.text_ends(page.chars)
        boxes = [[(a, top, end, bottom) for a, end in zip(unruled.columns, ends, strict=False)]
                 for top, bottom in unruled.rows]
        for i, (grid, top, bottom) in enumerate(table_grid(page.chars, (x0, unruled.rows[0][0], x1, unruled.rows[-1][1]), boxes)):
            items.append(PageLine("", top, bottom, x0, x1, 0.0, index, grid, i == 0 and unruled.header))
        spans = unruled.rows
    for tl in rest.extract_text_lines(strip=True, return_chars=True):
        text = str(tl["text"])
        if not text.strip():
            continue
        middle = (float(tl["top"]) + float(tl["bottom"])) / 2
        if any(top <= middle <= bottom for top, bottom in spans):
            continue  # read as a row of the unruled table
        sizes = [float(c.get("size", 0.0)) for c in tl.get("chars", [])] or [10.0]
        items.append(PageLine(text.strip(), float(tl["top"]), float(tl["bottom"]), float(tl["x0"]),
                              float(tl["x1"]), statistics.median(sizes), index))
    items.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return items, unruled.columns if unruled is not None and unruled.runs_on else None


# -- tables printed without rules ---------------------------------------------------------------
# A Word table without borders, or a spreadsheet printed without gridlines, leaves no lines for
# pdfplumber to find: its cells are read from where the text stands. The header row names the
# columns (序号, 工作任务, 牵头单位 …); the gutters between them are the vertical strips that no
# character of the table's lines crosses; a row starts where its number stands in the 序号 column,
# as Word prints a cell's text from the top. A table without a 序号 column, or one whose numbers
# stand lower than the first line of their rows (text centred in its cells), is left to the
# line reader, which keeps each visual line whole.

_HEADER_CELL = re.compile(
    r"^(?:序号|编号|[^\s]{0,6}(?:任务|工作|内容|事项|目标|指标|措施|举措|单位|部门|领导|时限|时间|进度|备注|责任人))$"
)
_NUMBER_HEAD = re.compile(r"^(?:序号|编号)$")
_SECTION_ROW = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[((][一二三四五六七八九十]+[))]|第[一二三四五六七八九十]+[部分章节])")
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[((]?[一二三四五六七八九十]+[))、]?)[.、．]?$")


@dataclass
class UnruledTable:
    columns: list[float]  # the column edges, left to right (one more than the columns)
    rows: list[tuple[float, float]]  # each row's top and bottom, the header's first when on this page
    header: bool  # the header row is on this page
    runs_on: bool  # the table reaches the foot of the page: it may go on on the next

    def text_ends(self, page_chars: list[dict[str, Any]]) -> list[float]:
        """Where each column's text ends on this page (its widest line), a point past it."""
        top, bottom = self.rows[0][0], self.rows[-1][1]
        ends = [a + 1.0 for a in self.columns[:-1]]
        for c in page_chars:
            mid = (float(c["top"]) + float(c["bottom"])) / 2
            if not str(c.get("text", "")).strip() or not top <= mid <= bottom:
                continue
            x = (float(c["x0"]) + float(c["x1"])) / 2
            i = bisect.bisect_right(self.columns, x) - 1
            if 0 <= i < len(ends):
                ends[i] = max(ends[i], min(float(c["x1"]) + 1.0, self.columns[i + 1]))
        return ends


def _chunks(line: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A line's characters in runs, split where the gap is wider than half a character (a column gap;
    a table's cells are at least their padding apart, and a header cell's words run on)."""
    out: list[list[dict[str, Any]]] = []
    for c in line:
        size = float(c.get("size", 10.0))
        if out and float(c["x0"]) - float(out[-1][-1]["x1"]) <= 0.5 * size:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _text(chars: list[dict[str, Any]]) -> str:
    return "".join(str(c.get("text", "")) for c in chars).strip()


def _crosses(line: list[dict[str, Any]], edges: list[float]) -> bool:
    return any(float(c["x0"]) + 0.5 < e < float(c["x1"]) - 0.5 for c in line for e in edges)


def unruled_table(page_chars: list[dict[str, Any]], carried: list[float] | None = None,
                  height: float = 0.0) -> UnruledTable | None:
    """The rows and columns of a table printed without rules on this page, or None. `carried` are
    the column edges of one the previous page ended in, for a page that goes on without a header;
    `height` the page's, whose foot (a page number) does not end the table."""
    lines = char_lines([c for c in page_chars if str(c.get("text", "")).strip()])
    start = header_at = -1
    edges: list[float] | None = None
    for k, line in enumerate(lines):
        chunks = _chunks(line)
        names = [_text(ch) for ch in chunks]
        if (len(chunks) >= 3 and all(_HEADER_CELL.match(n) for n in names) and _NUMBER_HEAD.match(names[0])
                and any(re.search("单位|部门", n) for n in names)):
            edges = _gutters(lines[k + 1:], chunks)
            if edges is not None:
                start = header_at = k
                break
    if edges is None and carried is not None:
        edges = carried[1:-1]
        numbered = next((k for k, line in enumerate(lines) if not _crosses(line, edges) and _in_first(line, edges)), -1)
        start = numbered
        while start > 0 and not _crosses(lines[start - 1], edges):
            start -= 1  # the rest of the row the previous page broke off
    if edges is None or start < 0:
        return None
    body = lines[start + (header_at >= 0):]
    last_bottom = max(float(c["bottom"]) for c in lines[header_at]) if header_at >= 0 else float(lines[start][0]["top"])
    runs: list[list[TableLine]] = [[]]  # the table's lines, in runs that headings across it divide
    runs_on = True
    for k, line in enumerate(body):
        top = min(float(c["top"]) for c in line)
        bottom = max(float(c["bottom"]) for c in line)
        size = float(line[0].get("size", 10.0))
        if k and top - last_bottom > 2.5 * size:
            runs_on = top > height * 0.88  # a wide gap: the table has ended, or only the page's foot is left
            break
        last_bottom = bottom
        if _crosses(line, edges):
            if _SECTION_ROW.match(_text(line)):
                runs.append([])
                continue  # a heading across the columns (一、…): read as a line; the table goes on
            runs_on = False  # prose across the columns: the table has ended
            break
        first = [c for c in line if float(c["x1"]) <= edges[0] + 0.5]
        if first and not _ROW_NUMBER.match(_text(first)):
            return None  # a first column that is not the rows' numbers
        runs[-1].append(TableLine(top, bottom, bool(first)))
    rows = unruled_rows([r for r in runs if r], continued=header_at < 0)
    if rows is None:
        return None
    if header_at >= 0:
        head = lines[header_at]
        rows.insert(0, (min(float(c["top"]) for c in head) - 0.5, max(float(c["bottom"]) for c in head) + 0.5))
    if len(rows) < 2 + (header_at >= 0) and carried is None:
        return None
    table_lines = [c for line in lines[start:] for c in line if rows[0][0] <= float(c["top"]) <= rows[-1][1]]
    left = min(float(c["x0"]) for c in table_lines) - 1.0
    right = max(float(c["x1"]) for c in table_lines) + 1.0
    if carried is not None and header_at < 0:
        left, right = min(left, carried[0]), max(right, carried[-1])
    return UnruledTable([left, *edges, right], rows, header_at >= 0, runs_on)


@dataclass
class TableLine:
    top: float
    bottom: float
    numbered: bool  # the row's number stands on this line


def unruled_rows(runs: list[list[TableLine]], continued: bool) -> list[tuple[float, float]] | None:
    """Each row's top and bottom, from the lines of an unruled table. Where rows stand further
    apart than the lines of one row (cell padding, paragraph spacing), a row is a block of lines
    with one number in it, wherever the number stands (top, middle or bottom of the cell);
    otherwise a row starts at its number, which must then stand on its first line (Word prints a
    cell's text from the top). `continued`: the page goes on with a table from the page before,
    whose first lines may be the rest of a row the page break cut. None when neither reading holds."""
    gaps = [b.top - a.bottom for run in runs for a, b in itertools.pairwise(run)]
    blocks: list[list[TableLine]] = []
    if gaps and max(gaps) - min(gaps) > 2.0:
        cut = (max(gaps) + min(gaps)) / 2
        for run in runs:
            blocks.append([run[0]])
            for a, b in itertools.pairwise(run):
                if b.top - a.bottom > cut:
                    blocks.append([])
                blocks[-1].append(b)
        if all(sum(ln.numbered for ln in block) <= 1 for block in blocks):
            return [(block[0].top - 0.5, block[-1].bottom + 0.5) for block in blocks]
    blocks = []
    for i, run in enumerate(runs):
        for j, ln in enumerate(run):
            if ln.numbered or j == 0:
                if not ln.numbered and not (continued and i == 0):
                    return None  # lines above the first number: not printed from the top of the cell
                blocks.append([])
            blocks[-1].append(ln)
    return [(b[0].top - 0.5, b[-1].bottom + 0.5) for b in blocks] or None


def _in_first(line: list[dict[str, Any]], edges: list[float]) -> bool:
    """The line starts a row: it has text in the first (序号) column."""
    return any(float(c["x1"]) <= edges[0] + 0.5 for c in line)


def _gutters(body: list[list[dict[str, Any]]], header: list[list[dict[str, Any]]]) -> list[float] | None:
    """Between each two header cells, the right end of the widest strip no character of the lines
    below crosses (up to the first line that crosses every strip, or a wide gap: the table's end).
    None when some pair of columns has no such strip."""
    windows = [(float(a[-1]["x1"]), float(b[0]["x0"])) for a, b in itertools.pairwise(header)]
    free: list[list[tuple[float, float]]] = [[w] for w in windows]
    seen = 0
    prev_bottom: float | None = None
    for line in body:
        size = float(line[0].get("size", 10.0))
        top = min(float(c["top"]) for c in line)
        if prev_bottom is not None and top - prev_bottom > 2.5 * size:
            break
        trial = [_minus(f, line) for f in free]
        if any(not t for t in trial):
            if _SECTION_ROW.match(_text(line)):
                prev_bottom = max(float(c["bottom"]) for c in line)
                continue
            break
        free, seen = trial, seen + 1
        prev_bottom = max(float(c["bottom"]) for c in line)
    if seen < 2:
        return None
    # the strip's right end: cells are printed from their left edge, so the next column starts
    # there, while this column's text may run further right on lines not seen yet (the next page)
    return [max(a, b - 1.0) for a, b in (max(f, key=lambda iv: iv[1] - iv[0]) for f in free)]


def _minus(intervals: list[tuple[float, float]], line: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """What of `intervals` no character of `line` covers, keeping strips at least 2 pt wide."""
    out = intervals
    for c in line:
        x0, x1 = float(c["x0"]), float(c["x1"])
        nxt: list[tuple[float, float]] = []
        for a, b in out:
            if x1 <= a or x0 >= b:
                nxt.append((a, b))
                continue
            if x0 - a >= 2:
                nxt.append((a, x0))
            if b - x1 >= 2:
                nxt.append((x1, b))
        out = nxt
    return out


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def table_grid(page_chars: list[dict[str, Any]], table_bbox: Box, rows: list[list[Any]]) -> Iterator[tuple[list[GridCell], float, float]]:
    """Each row of a ruled table as grid positions, with the row's top and bottom. `rows` gives,
    as pdfplumber does, a merged cell's box once, at its first row and column, and None for the
    positions it covers; `page_chars` are the page's characters (pdfplumber's dicts)."""
    if not rows:
        return
    tx0, ttop, tx1, tbottom = table_bbox
    chars = [
        c for c in page_chars
        if tx0 - 1 <= float(c["x0"]) and float(c["x1"]) <= tx1 + 1 and ttop - 1 <= float(c["top"]) and float(c["bottom"]) <= tbottom + 1
    ]
    xs = sorted({round(float(b[0]), 1) for r in rows for b in r if b is not None})
    above: dict[int, tuple[tuple[float, float, float, float], GridCell]] = {}
    pad = _table_padding(chars, [b for r in rows for b in r if b is not None])
    for row in rows:
        grid: list[GridCell] = []
        bboxes = list(row)
        top = min((float(b[1]) for b in bboxes if b is not None), default=0.0)
        bottom = max((float(b[3]) for b in bboxes if b is not None), default=0.0)
        for col, bbox in enumerate(bboxes):
            if bbox is not None:
                text = _pdf_cell_text(chars, bbox, pad)
                spans = sum(1 for x in xs if bbox[0] - 0.5 <= x < bbox[2] - 0.5) > 1
                tall = any(float(b[3]) + 0.5 < float(bbox[3]) for b in bboxes if b is not None and b is not bbox)
                cell = GridCell(text, bbox if (spans or tall) else None)
                above[col] = (bbox, cell)
                grid.append(cell)
                continue
            left = next((g for g in reversed(grid) if g.merge is not None), None)
            origin = above.get(col)
            if origin is not None and float(origin[0][3]) > top + 0.5:
                grid.append(GridCell(origin[1].text, origin[1].merge or origin[0], vertical=True))
            elif left is not None and isinstance(left.merge, tuple) and float(left.merge[2]) > _col_x(xs, col):
                grid.append(GridCell(left.text, left.merge, vertical=left.vertical))
            else:
                grid.append(GridCell(""))
        yield grid, top, bottom


def _col_x(xs: list[float], col: int) -> float:
    return xs[col] if col < len(xs) else float("inf")


def _pdf_cell_text(chars: list[dict[str, Any]], bbox: Any, pad: float) -> str:
    """A cell's text from the characters whose centre lies in it (one pass over the page's
    characters, not a crop per cell: a 30-page table has thousands of cells). A line after which
    the next line's first character would still have fitted ends where the writer broke it (units
    one a line); otherwise the text was wrapped, and the lines join. `pad` is the table's cell
    padding, read from its left-aligned cells (centred cells would mislead)."""
    x0, top, x1, bottom = (float(v) for v in bbox)
    mine = [
        c for c in chars
        if x0 <= (float(c["x0"]) + float(c["x1"])) / 2 <= x1 and top <= (float(c["top"]) + float(c["bottom"])) / 2 <= bottom
    ]
    lines = [line for line in char_lines(mine) if line_text(line).strip()]
    if not lines:
        return ""
    limit = x1 - pad  # where text stops in this cell: as far from the right as it starts from the left
    parts: list[str] = []
    prev_x1 = 0.0
    for line in lines:
        text = line_text(line).strip()
        first = next(c for c in line if not str(c.get("text", " ")).isspace())
        size = float(first.get("size", 10.0))
        room = limit - prev_x1  # what was left on the line before
        wrapped = bool(parts) and room < float(first["x1"]) - float(first["x0"]) + 0.3 * size
        if wrapped and not STARTS_ITEM.match(text):
            parts[-1] += text
        else:
            parts.append(text)
        prev_x1 = max(float(c["x1"]) for c in line)
    return "\n".join(parts)


def _table_padding(chars: list[dict[str, Any]], bboxes: list[Any]) -> float:
    """The smallest gap between a cell's left edge and its text, over the table (capped at 6 pt,
    Word's default cell margin being 5.4 pt)."""
    best = 6.0
    for c in chars:
        cx = (float(c["x0"]) + float(c["x1"])) / 2
        cy = (float(c["top"]) + float(c["bottom"])) / 2
        for b in bboxes:
            if float(b[0]) <= cx <= float(b[2]) and float(b[1]) <= cy <= float(b[3]):
                best = min(best, max(0.0, float(c["x0"]) - float(b[0])))
                break
    return best


def char_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into visual lines, top to bottom, each left to right."""
    lines: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: (float(c["top"]), float(c["x0"]))):
        size = float(c.get("size", 10.0))
        if lines and abs(float(lines[-1][0]["top"]) - float(c["top"])) <= max(1.5, size * 0.4):
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: float(c["x0"])) for line in lines]


def line_text(line: list[dict[str, Any]]) -> str:
    """A line's characters, with a space where there is a gap wider than pdfplumber's default
    tolerance (3 pt) and no space character already."""
    out: list[str] = []
    prev_x1: float | None = None
    for c in line:
        text = str(c.get("text", ""))
        if prev_x1 is not None and float(c["x0"]) - prev_x1 > 3 and out and not out[-1].isspace() and not text.isspace():
            out.append(" ")
        out.append(text)
        prev_x1 = float(c["x1"])
    return "".join(out)


def _drop_repeated_headers(pages: list[list[PageLine]]) -> int:
    """A table that runs over several pages repeats its header row on each (Word's "repeat as
    header row"): keep the first, drop the repeats, so the parser sees one table."""
    header: tuple[str, ...] | None = None
    header_page = -1
    dropped = 0
    for page in pages:
        keep = []
        for ln in page:
            if ln.first_row and ln.cells is not None:
                cells = tuple(re.sub(r"\s+", "", c) for c in cells_of_row(ln.cells) or ())
                if header is None and len(cells) > 1:
                    header, header_page = cells, ln.page
                elif cells == header and ln.page != header_page:
                    dropped += 1
                    continue
            keep.append(ln)
        page[:] = keep
    return dropped


def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_page_furniture(pages: list[list[PageLine]], heights: list[float]) -> int:
    """Drop page numbers and running headers/footers: lines in a page's top or bottom tenth that
    are a page number, or that come back (digits aside) on at least half of the pages."""
    def zone(ln: PageLine, h: float) -> bool:
        return ln.cells is None and (ln.bottom < h * 0.1 or ln.top > h * 0.9)

    repeats: Counter[str] = Counter()
    for page, h in zip(pages, heights, strict=True):
        repeats.update({_norm_furniture(ln.text) for ln in page if zone(ln, h)})
    n = len(pages)
    dropped = 0
    for i, (page, h) in enumerate(zip(pages, heights, strict=True)):
        keep = []
        edge = {id(ln) for ln in page[:2] + page[-2:]}
        for ln in page:
            if zone(ln, h) and id(ln) in edge:
                if _is_page_number(ln.text, i + 1) or (n >= 2 and repeats[_norm_furniture(ln.text)] >= max(2, n / 2)):
                    dropped += 1
                    continue
            keep.append(ln)
        page[:] = keep
    return dropped


def _is_page_number(text: str, page_no: int) -> bool:
    text = text.strip()
    if not PAGE_NUMBER.match(text):
        return False
    if re.fullmatch(r"\d+", text):  # a bare number is a page number only if it is about right
        return abs(int(text) - page_no) <= 2
    return True


def _join_wrapped(lines: list[PageLine]) -> list[PageLine]:
    """Join the visual lines of one paragraph: a line that reaches the right margin continues on
    the next line unless that one is indented or starts a new numbered item."""
    text_lines = [ln for ln in lines if ln.cells is None]
    if not text_lines:
        return lines
    right = max(ln.x1 for ln in text_lines)
    left = min(ln.x0 for ln in text_lines)
    body = statistics.median(ln.size for ln in text_lines)
    out: list[PageLine] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is None or prev.cells is not None or ln.cells is not None or STARTS_NUMBERED.match(ln.text):
            out.append(ln)
            continue
        same_size = abs(prev.size - ln.size) <= 0.1 * max(prev.size, ln.size)
        close = ln.page == prev.page and ln.top - prev.bottom <= 1.2 * max(ln.size, prev.size)
        paragraph = (
            same_size
            and prev.x1 >= right - 1.6 * prev.size  # reaches the right margin (ragged by trailing spaces)
            and ln.x0 <= left + 0.8 * ln.size
            and (ln.page != prev.page or close)
        )
        title = same_size and prev.size > body * 1.1 and close  # a title in a larger font, wrapped
        if paragraph or title:
            out[-1] = PageLine(prev.text + ln.text, prev.top, ln.bottom, prev.x0, ln.x1, prev.size, ln.page)
            continue
        out.append(ln)
    return out
