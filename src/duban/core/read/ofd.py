"""OFD (GB/T 33190-2016, the national fixed-layout e-document format), read with lxml.

An OFD file is a zip of XML: OFD.xml names each document's Document.xml, which lists the pages;
a page's Content.xml holds layers of text objects (a box, a font size, and text codes whose
glyphs are placed by X/Y and DeltaX), path objects (the ruling of tables among them) and image
objects, over the template pages it names (running heads, page numbers). Coordinates are in
millimetres from the page's top left; an object may carry a transformation matrix (CTM).

No package on PyPI was maintained and fit (evaluated in docs/plan-format.md): so the glyphs
become characters with positions, the path objects' straight segments become a table's rules,
and both go through the same layout reading as a PDF (`laid_out_document`): lines in reading
order, tables as rows with their merged cells, running heads and page numbers dropped, wrapped
paragraphs joined, scanned pages (images, no text) named.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import statistics
import zipfile
from collections.abc import Iterator
from typing import Any

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import Budget, check_zip
from duban.core.read.pdf import Box, PageLine, char_lines, laid_out_document, line_text, table_grid

PT_PER_MM = 72 / 25.4
# glyphs a Chinese font draws a full em wide: CJK, full-width forms, and the quotes, dash and
# ellipsis of Chinese text (a writer that gives no advance leaves the width to be guessed)
WIDE = re.compile(r"[\u1100-\u11ff\u2014\u2018\u2019\u201c\u201d\u2026\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff"
                  r"\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
SNAP = 1.0  # points: rules closer than this are one rule


def read_ofd(data: bytes, name: str) -> Document:
    check_zip(data, name, "ofd", "OFD 文件")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = _Package(zf, name)
            pages, heights, imaged = package.read_pages()
    except ReadError:
        raise
    except Exception as exc:  # zip, XML and number errors alike mean a damaged file
        raise ReadError("OFD 文件已损坏或不完整,无法读取;请重新下载", path=name) from exc
    return laid_out_document(pages, heights, imaged, name, kind="ofd", what="OFD")


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Any, name: str) -> Any | None:
    return next((c for c in el if _local(c) == name), None)


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    v = _numbers(text)
    return (v[0], v[1], v[2], v[3]) if len(v) == 4 else None


class _Package:
    """The files of one OFD package, found as the format locates them."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        from lxml import etree

        self.zf = zf
        self.name = name
        self.members = {n.lower(): n for n in zf.namelist()}
        self.parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                      remove_comments=True)

    def locate(self, base_dir: str, loc: str) -> str | None:
        """A location as OFD writes it: absolute from the package root ("/Doc_0/…"), or relative
        to the file that names it; some writers give paths from the root without the slash."""
        loc = loc.strip().replace("\\", "/")
        if not loc:
            return None
        tries = [loc.lstrip("/")] if loc.startswith("/") else [posixpath.normpath(posixpath.join(base_dir, loc)), loc]
        for t in tries:
            found = self.members.get(t.lower())
            if found is not None:
                return found
        return None

    def xml(self, member: str) -> Any:
        from lxml import etree

        return etree.fromstring(self.zf.read(member), self.parser)

    def read_pages(self) -> tuple[list[list[PageLine]], list[float], list[bool]]:
        root = self.xml(self.locate("", "OFD.xml") or "OFD.xml")
        doc_roots = [d for body in _children(root, "DocBody") if (d := _child(body, "DocRoot")) is not None]
        if not doc_roots:
            raise ReadError("OFD 文件缺少文档(OFD.xml 中没有 DocRoot),无法读取", path=self.name)
        pages: list[list[PageLine]] = []
        heights: list[float] = []
        imaged: list[bool] = []
        budget = Budget(self.name)
        for doc_root in doc_roots:
            doc_path = self.locate("", doc_root.text or "")
            if doc_path is None:
                raise ReadError(f"OFD 文件不完整(缺少 {doc_root.text}),请重新下载", path=self.name)
            for page_objects, height, image in self._document_pages(doc_path):
                lines = page_objects.lines(len(pages))
                for ln in lines:  # page by page: an OFD that unfolds into too much text stops here
                    budget.add(len(ln.text) + sum(len(c.text) for c in ln.cells or ()), len(ln.cells or ()))
                pages.append(lines)
                heights.append(height)
                imaged.append(image)
        return pages, heights, imaged

    def _document_pages(self, doc_path: str) -> Iterator[tuple[_PageObjects, float, bool]]:
        document = self.xml(doc_path)
        base = posixpath.dirname(doc_path)
        common = _child(document, "CommonData")
        area = _child(common, "PageArea") if common is not None else None
        physical_default = _child(area, "PhysicalBox") if area is not None else None
        default_box = _box(physical_default.text) if physical_default is not None else None
        templates: dict[str, str] = {}
        for tpl in _children(common, "TemplatePage") if common is not None else []:
            found = self.locate(base, tpl.get("BaseLoc", ""))
            if found is not None:
                templates[tpl.get("ID", "")] = found
        pages_el = _child(document, "Pages")
        for index, page in enumerate(_children(pages_el, "Page") if pages_el is not None else []):
            content_path = self.locate(base, page.get("BaseLoc", ""))
            if content_path is None:
                raise ReadError(f"OFD 文件不完整(缺少第 {index + 1} 页的内容),请重新下载", path=self.name)
            content = self.xml(content_path)
            page_area = _child(content, "Area")
            physical = _child(page_area, "PhysicalBox") if page_area is not None else None
            box = (_box(physical.text) if physical is not None else None) or default_box or (0.0, 0.0, 210.0, 297.0)
            layers: list[Any] = []
            for ref in _children(content, "Template"):
                tpl_path = templates.get(ref.get("TemplateID", ""))
                if tpl_path is not None:
                    layers.extend(self._layers(self.xml(tpl_path)))
            layers.extend(self._layers(content))
            page_objects = _PageObjects()
            for layer in layers:
                page_objects.collect(layer)
            height = box[3] * PT_PER_MM
            covered = page_objects.image_area / max(box[2] * box[3], 1.0)
            yield page_objects, height, covered >= 0.5

    @staticmethod
    def _layers(page_xml: Any) -> list[Any]:
        content = _child(page_xml, "Content")
        return _children(content, "Layer") if content is not None else []


class _PageObjects:
    """One page's characters (as pdfplumber gives a PDF's, in points), its straight rules, and
    how much of it is covered by images."""

    def __init__(self) -> None:
        self.chars: list[dict[str, Any]] = []
        self.horizontal: list[tuple[float, float, float]] = []  # y, x0, x1
        self.vertical: list[tuple[float, float, float]] = []  # x, top, bottom
        self.image_area = 0.0

    def collect(self, layer: Any) -> None:
        for el in layer.iter():
            kind = _local(el)
            if kind not in ("TextObject", "PathObject", "ImageObject") or el.get("Visible", "true") == "false":
                continue
            boundary = _box(el.get("Boundary"))
            if boundary is None:
                continue
            ctm = _numbers(el.get("CTM"))
            matrix = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]) if len(ctm) == 6 else None
            if kind == "TextObject":
                self._text(el, boundary, matrix)
            elif kind == "PathObject":
                self._path(el, boundary, matrix)
            else:
                self.image_area += boundary[2] * boundary[3]

    def _text(self, el: Any, boundary: tuple[float, float, float, float], matrix: tuple[float, ...] | None) -> None:
        size = float(el.get("Size") or 3.5)
        scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) if matrix else 1.0
        x = y = 0.0
        for code in _children(el, "TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            dx = _deltas(code.get("DeltaX"))
            dy = _deltas(code.get("DeltaY"))
            for i, ch in enumerate(text):
                advance = dx[i] if i < len(dx) else None
                px, py = _apply(matrix, x, y)
                # the glyph's width: its advance where given (full-width quotes included), else a
                # CJK glyph is square and a Latin one about half as wide
                width = size * (1.0 if WIDE.match(ch) else 0.5)
                if advance is not None and 0 < advance <= size * 1.05:
                    width = advance
                wx, _ = _apply(matrix, x + width, y)
                ex = abs(wx - px) or width * scale
                gx, gy = boundary[0] + px, boundary[1] + py
                s = size * scale
                self.chars.append({
                    "text": ch, "x0": gx * PT_PER_MM, "x1": (gx + ex) * PT_PER_MM,
                    "top": (gy - 0.88 * s) * PT_PER_MM, "bottom": (gy + 0.12 * s) * PT_PER_MM, "size": s * PT_PER_MM,
                })
                x += advance if advance is not None else width
                y += dy[i] if i < len(dy) else 0.0

    def _path(self, el: Any, boundary: tuple[float, float, float, float], matrix: tuple[float, ...] | None) -> None:
        if el.get("Stroke", "true") == "false" and el.get("Fill", "false") == "false":
            return
        data = _child(el, "AbbreviatedData")
        if data is None or not data.text:
            return
        for (x0, y0), (x1, y1) in _segments(data.text):
            ax, ay = _apply(matrix, x0, y0)
            bx, by = _apply(matrix, x1, y1)
            ax, bx = (boundary[0] + ax) * PT_PER_MM, (boundary[0] + bx) * PT_PER_MM
            ay, by = (boundary[1] + ay) * PT_PER_MM, (boundary[1] + by) * PT_PER_MM
            if abs(ay - by) < SNAP and abs(ax - bx) >= SNAP:
                self.horizontal.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
            elif abs(ax - bx) < SNAP and abs(ay - by) >= SNAP:
                self.vertical.append(((ax + bx) / 2, min(ay, by), max(ay, by)))

    def lines(self, index: int) -> list[PageLine]:
        """The page's table rows and text lines, top to bottom."""
        items: list[PageLine] = []
        boxes: list[Box] = []
        for bbox, rows in _tables(self.horizontal, self.vertical):
            if not any(_inside(c, bbox) for c in self.chars):
                continue  # ruled boxes with nothing in them
            boxes.append(bbox)
            for i, (grid, top, bottom) in enumerate(table_grid(self.chars, bbox, rows)):
                items.append(PageLine("", top, bottom, bbox[0], bbox[2], 0.0, index, grid, i == 0))
        rest = [c for c in self.chars if not any(_inside(c, b) for b in boxes)]
        for line in char_lines(rest):
            text = line_text(line).strip()
            if not text:
                continue
            sizes = [float(c["size"]) for c in line]
            items.append(PageLine(text, min(float(c["top"]) for c in line), max(float(c["bottom"]) for c in line),
                                  float(line[0]["x0"]), max(float(c["x1"]) for c in line), statistics.median(sizes), index))
        items.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
        return items


def _inside(c: dict[str, Any], b: Box) -> bool:
    cx = (float(c["x0"]) + float(c["x1"])) / 2
    cy = (float(c["top"]) + float(c["bottom"])) / 2
    return b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1


def _apply(matrix: tuple[float, ...] | None, x: float, y: float) -> tuple[float, float]:
    if matrix is None:
        return x, y
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, where "g N v" stands for N times v."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 100_000))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _segments(data: str) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments of an abbreviated path: S/M start a subpath, L draws a line, C closes
    it; curves (Q, B, A) move the pen without drawing a rule."""
    arity = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    tokens = data.replace(",", " ").split()
    pos = (0.0, 0.0)
    start = pos
    i = 0
    while i < len(tokens):
        op = tokens[i]
        n = arity.get(op)
        if n is None:
            i += 1  # a stray number: skip it
            continue
        args = [float(v) for v in tokens[i + 1:i + 1 + n]]
        i += 1 + n
        if len(args) < n:
            break
        if op in ("S", "M"):
            pos = start = (args[0], args[1])
        elif op == "L":
            new = (args[0], args[1])
            yield pos, new
            pos = new
        elif op == "C":
            if pos != start:
                yield pos, start
            pos = start
        else:
            pos = (args[-2], args[-1])


def _merge_rules(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear rules that touch or overlap become one (a table's rule drawn cell by cell)."""
    out: list[tuple[float, float, float]] = []
    for at, lo, hi in sorted(rules):
        if out and abs(out[-1][0] - at) < SNAP and lo <= out[-1][2] + SNAP:
            prev = out[-1]
            out[-1] = (prev[0], prev[1], max(prev[2], hi))
        else:
            out.append((at, lo, hi))
    return out


def _tables(horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]) -> Iterator[tuple[Box, list[list[Box | None]]]]:
    """Ruled tables: sets of crossing rules, each read as a grid whose positions are merged where
    the rule between them is missing. Each table is given as pdfplumber gives one: its box, and per
    row a merged cell's box at its first position and None at the others it covers."""
    hs = _merge_rules(horizontal)
    vs = _merge_rules([(x, top, bottom) for x, top, bottom in vertical])
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, top, bottom) in enumerate(vs):
            if x0 - SNAP <= x <= x1 + SNAP and top - SNAP <= y <= bottom + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    for g_h, g_v in groups.values():
        if len(g_h) < 2 or len(g_v) < 2:
            continue
        ys = _distinct([h[0] for h in g_h])
        xs = _distinct([v[0] for v in g_v])
        if len(ys) < 2 or len(xs) < 3:
            continue  # one column is a frame around text (a box, a page border), not a table
        yield (xs[0], ys[0], xs[-1], ys[-1]), _grid(xs, ys, g_h, g_v)


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] >= SNAP:
            out.append(v)
    return out


def _grid(xs: list[float], ys: list[float], hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[list[Box | None]]:
    def ruled_v(x: float, top: float, bottom: float) -> bool:
        mid = (top + bottom) / 2
        return any(abs(vx - x) < SNAP and vt - SNAP <= mid <= vb + SNAP for vx, vt, vb in vs)

    def ruled_h(y: float, x0: float, x1: float) -> bool:
        mid = (x0 + x1) / 2
        return any(abs(hy - y) < SNAP and hx0 - SNAP <= mid <= hx1 + SNAP for hy, hx0, hx1 in hs)

    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(p: tuple[int, int]) -> tuple[int, int]:
        while owner[p] != p:
            owner[p] = owner[owner[p]]
            p = owner[p]
        return p

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not ruled_v(xs[c + 1], ys[r], ys[r + 1]):
                a, b = find((r, c)), find((r, c + 1))
                owner[max(a, b)] = min(a, b)
            if r + 1 < n_rows and not ruled_h(ys[r + 1], xs[c], xs[c + 1]):
                a, b = find((r, c)), find((r + 1, c))
                owner[max(a, b)] = min(a, b)
    extent: dict[tuple[int, int], list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = find((r, c))
            e = extent.setdefault(root, [r, c, r, c])
            e[0], e[1], e[2], e[3] = min(e[0], r), min(e[1], c), max(e[2], r), max(e[3], c)
    rows: list[list[Box | None]] = []
    for r in range(n_rows):
        row: list[Box | None] = []
        for c in range(n_cols):
            r0, c0, r1, c1 = extent[find((r, c))]
            row.append((xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]) if (r0, c0) == (r, c) else None)
        rows.append(row)
    return rows
