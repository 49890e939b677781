"""PDF: text lines and ruled tables per page, without running heads, page numbers or wrapping."""

from __future__ import annotations

import io
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
            for i, page in enumerate(pdf.pages):
                lines = _pdf_page_lines(page, i)
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


def _pdf_page_lines(page: Any, index: int) -> list[PageLine]:
    """A page's text lines and table rows, in reading order (top to bottom)."""
    tables = page.find_tables()
    items: list[PageLine] = []
    rest = page
    for table in tables:
        rest = rest.outside_bbox(table.bbox)
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        bbox = (x0, top, x1, bottom)
        for i, (grid, top, bottom) in enumerate(table_grid(page.chars, bbox, [list(r.cells) for r in table.rows])):
            items.append(PageLine("", top, bottom, bbox[0], bbox[2], 0.0, index, grid, i == 0))
    for tl in rest.extract_text_lines(strip=True, return_chars=True):
        text = str(tl["text"])
        if not text.strip():
            continue
        sizes = [float(c.get("size", 0.0)) for c in tl.get("chars", [])] or [10.0]
        items.append(PageLine(text.strip(), float(tl["top"]), float(tl["bottom"]), float(tl["x0"]),
                              float(tl["x1"]), statistics.median(sizes), index))
    items.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return items


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
