"""Web pages (and .mht archives of them): the main content, its tables, without the site's furniture."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from duban.core.document import Document, render_row
from duban.core.errors import ReadError
from duban.core.read.limits import MAX_HTML_BLOCK_DEPTH, MAX_HTML_DEPTH
from duban.core.read.sniff import MHT_START
from duban.core.read.tables import GridCell, LineBuilder, cells_of_row, clean_cell
from duban.core.read.text import CJK, decode_text_with_encoding, note_damage

FURNITURE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "select",
                  "button", "input", "textarea", "template", "svg", "head", "object", "embed", "map"]
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
              "article", "main", "aside", "blockquote", "pre", "address", "center", "figure", "figcaption",
              "hr", "caption", "tbody", "thead", "tfoot", "body", "html", "font_block", "fieldset", "details",
              "summary", "tr", "td", "th", "table"}
CONTAINER_TAGS = {"div", "section", "article", "main", "td", "body"}
CONTENT_HINT = re.compile(
    r"content|article|zoom|trs_?editor|main-?txt|zhengwen|^zw|_zw|zw_|detail|text|view|neirong|^nr|wenzhang|"
    r"custom_unionstyle|xxgk|pages?_con|con_?text|wzy|news_?con|body",
    re.I,
)
PLAN_WORDS = re.compile(r"牵头单位|责任单位|责任领导|配合单位|牵头领导|完成时限|责任人")
CHARSET_DECL = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""", re.I)
GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb_2312", "cp936", "ms936", "x-euc-cn", "euc-cn", "gb18030"}
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACE_RUN = re.compile(r"[ \t\r\n\f\xa0]+")
CJK_OR_PUNCT = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _decode_html(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode a web page: its BOM, else the charset it declares, else as text is decoded."""
    notes: list[str] = []
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = CHARSET_DECL.search(data[:8192])
        if m:
            declared = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
            codec = "gb18030" if declared in GB_ALIASES else declared
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                notes.append(f"网页声明的编码 {declared} 与内容不符,已自动识别")
            else:
                if CJK.search(text) or not re.search(rb"[\x80-\xff]", data):
                    return text, codec, notes
                notes.append(f"网页声明的编码 {declared} 与内容不符,已自动识别")  # Latin-1 never fails
    text, encoding = decode_text_with_encoding(data, name=name)
    return text, encoding, notes


@dataclass
class _HtmlLine:
    text: str
    grid: list[GridCell] | None
    ancestors: frozenset[int]  # the blocks it is inside, by id
    heading: bool = False


@dataclass
class _HtmlWalk:
    lines: list[_HtmlLine] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    stack: list[Any] = field(default_factory=list)
    tags: dict[int, Any] = field(default_factory=dict)  # every block entered, by id
    heading_depth: int = 0
    buf_heading: bool = False

    def flush(self) -> None:
        text = _collapse("".join(self.buf))
        self.buf.clear()
        if text:
            self.lines.append(_HtmlLine(text, None, frozenset(id(t) for t in self.stack), self.buf_heading))
        self.buf_heading = False


def _collapse(text: str) -> str:
    """HTML white space: runs become one space, or nothing where a line break fell between two
    Chinese characters (as browsers do); the line is stripped."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        src = m.string
        if "\n" in m.group(0) and s > 0 and e < len(src) and CJK_OR_PUNCT.match(src[s - 1]) and CJK_OR_PUNCT.match(src[e]):
            return ""
        return " "

    return SPACE_RUN.sub(repl, text).strip(" \u3000")


def read_html(data: bytes, name: str) -> Document:
    from bs4 import BeautifulSoup
    from bs4.element import Tag

    mht_note: list[str] = []
    if MHT_START.match(data[:2048]):
        data = _mht_html(data, name)
        mht_note = ["从单个文件网页(.mht)中读取网页"]
    text, encoding, notes = _decode_html(data, name)
    notes = mht_note + notes
    check_nesting(text, name)  # before the tree is built: 200,000 nested <div> took minutes
    soup = BeautifulSoup(text, "lxml")
    furniture = set(FURNITURE_TAGS)
    doomed = [
        t for t in soup.descendants
        if isinstance(t, Tag) and (t.name in furniture or HIDDEN.search(str(t.get("style") or "")))
        # an <article>'s own <header> holds its title: only the page's header and footer go
        and not (t.name in ("header", "footer") and t.find_parent(["article", "main"]) is not None)
    ]
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()
    root = soup.body or soup
    walk = _HtmlWalk()
    _walk_html(root, walk)
    walk.flush()
    lines = walk.lines
    chosen = _main_container(walk.tags, lines)
    if chosen is not None:
        lines, kept_title = chosen
        notes.append("从网页正文区读取" + (",保留了正文前的标题" if kept_title else ""))
    out = LineBuilder(name)
    for hl in lines:
        if hl.grid is not None:
            out.row(hl.grid)
        else:
            out.text(hl.text)
    doc = Document(lines=out.lines, kind="html", path=name, encoding=encoding, notes=notes + out.notes())
    note_damage(doc, data, text, encoding)
    return doc


class _Depth:
    """An lxml parser target that only counts how deep elements and blocks nest, and stops the
    parse the moment either passes its limit. libxml2 sends a parser target the same elements as
    BeautifulSoup's lxml builder receives, so the depth counted is the depth of the soup."""

    def __init__(self) -> None:
        self.depth = 0
        self.blocks: list[bool] = []
        self.block_depth = 0
        self.too_deep: str | None = None

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        block = tag.lower() in BLOCK_TAGS
        self.blocks.append(block)
        self.block_depth += block
        if self.depth > MAX_HTML_DEPTH:
            self.too_deep = f"网页元素嵌套超过 {MAX_HTML_DEPTH:,} 层"
        elif self.block_depth > MAX_HTML_BLOCK_DEPTH:
            self.too_deep = f"网页的区块(div、table 等)嵌套超过 {MAX_HTML_BLOCK_DEPTH:,} 层"
        if self.too_deep:
            raise _TooDeep

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.blocks:
            self.block_depth -= self.blocks.pop()

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class _TooDeep(Exception):
    pass


def check_nesting(text: str, name: str) -> None:
    """Refuse a page nested deeper than any real page, while parsing it (in 64 KB pieces)."""
    from lxml import etree

    target = _Depth()
    parser = etree.HTMLParser(target=target, no_network=True, recover=True)
    try:
        for i in range(0, len(text), 65536):
            parser.feed(text[i:i + 65536])
            if target.too_deep:
                break
        if not target.too_deep:
            parser.close()
    except _TooDeep:
        pass
    except etree.LxmlError:
        return  # what lxml cannot parse, BeautifulSoup reads as best it can
    if target.too_deep:
        raise ReadError(f"{target.too_deep},不像是一份方案;请检查文件是否完整、正确", path=name)


def _mht_html(data: bytes, name: str) -> bytes:
    """The HTML part of a single-file web page (.mht, as Word and browsers save it), decoded from
    its transfer encoding; its charset is put back as a <meta> so the page decodes as declared."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                charset = part.get_content_charset()
                if charset and not CHARSET_DECL.search(payload[:8192]):
                    payload = f'<meta charset="{charset}">'.encode("ascii", "ignore") + payload
                return payload
    raise ReadError("单个文件网页(.mht)中没有找到网页内容", path=name)


def _walk_html(node: Any, walk: _HtmlWalk) -> None:
    """Walk the tree in document order, flushing a line at each block's start and end. Iterative:
    old pages nest unclosed <font> tags thousands deep, past Python's recursion limit."""
    from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    work: list[tuple[Iterator[Any], bool, bool]] = [(iter(node.children), False, False)]
    while work:
        children, block, heading = work[-1]
        child = next(children, None)
        if child is None:
            work.pop()
            if heading:
                walk.heading_depth -= 1
            if block:
                walk.flush()
                walk.stack.pop()
            continue
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            walk.buf.append(str(child))
            if walk.heading_depth:
                walk.buf_heading = True
            continue
        if not isinstance(child, Tag):
            continue
        tag = child.name.lower()
        if tag == "br":
            walk.flush()
            continue
        if tag == "table" and not _is_layout_table(child):
            walk.flush()
            walk.stack.append(child)
            for grid in _html_table_grid(child):
                walk.lines.append(_HtmlLine("", grid, frozenset(id(t) for t in walk.stack)))
            walk.stack.pop()
            continue
        is_block = tag in BLOCK_TAGS
        is_heading = tag in ("h1", "h2", "h3") or bool(re.search(r"title|biaoti", _attrs(child), re.I))
        if is_block:
            walk.flush()
            walk.stack.append(child)
            walk.tags[id(child)] = child
        if is_heading:
            walk.heading_depth += 1
        work.append((iter(child.children), is_block, is_heading))


def _attrs(tag: Any) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([str(tag.get("id") or ""), *map(str, classes)])


def _children(node: Any, names: tuple[str, ...]) -> list[Any]:
    return [c for c in node.children if getattr(c, "name", None) in names]


def _own_rows(table: Any) -> list[Any]:
    """The table's own rows (directly or in thead/tbody/tfoot), not those of nested tables."""
    rows: list[Any] = []
    for child in _children(table, ("tr", "thead", "tbody", "tfoot")):
        rows.extend([child] if child.name == "tr" else _children(child, ("tr",)))
    return rows


def _is_layout_table(table: Any) -> bool:
    """A table used to lay out the page (old government sites are built of them): its cells hold
    further tables or whole articles. Read it as blocks, not as rows."""
    if str(table.get("role") or "").lower() == "presentation":
        return True
    nested = table.find("table") is not None
    for tr in _own_rows(table):
        for cell in _children(tr, ("td", "th")):
            if (nested and cell.find("table") is not None) or len(cell.get_text()) > 3000:
                return True
    return False


def _span(cell: Any, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr) or "1").strip() or "1"), 1000))
    except ValueError:
        return 1


def _html_cell_text(cell: Any) -> str:
    """A cell's text: <br> and block elements inside it are its own line breaks."""
    from bs4.element import Comment, NavigableString

    kids = list(cell.children)
    if all(isinstance(k, NavigableString) and not isinstance(k, Comment) for k in kids):
        return _collapse("".join(kids))  # the common case: plain text, no markup
    walk = _HtmlWalk()
    _walk_html(cell, walk)
    walk.flush()
    return "\n".join(hl.text if hl.grid is None else render_row(cells_of_row(hl.grid) or ()) for hl in walk.lines)


def _html_table_grid(table: Any) -> Iterator[list[GridCell]]:
    """Each row of the table as grid positions: colspan covers positions with one merged value,
    rowspan carries the value down into the rows it spans."""
    pending: dict[int, tuple[int, GridCell]] = {}  # column → (rows still to fill, the cell)
    for tr in _own_rows(table):
        grid: list[GridCell] = []
        col = 0
        queue = _children(tr, ("td", "th"))
        while queue or any(c >= col for c in pending):
            if col in pending:
                left, origin = pending[col]
                grid.append(GridCell(origin.text, origin.merge, vertical=True))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, origin)
                col += 1
                continue
            if not queue:
                grid.append(GridCell(""))
                col += 1
                continue
            td = queue.pop(0)
            text = clean_cell(_html_cell_text(td))
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            merged = td if (colspan > 1 or rowspan > 1) else None
            for i in range(colspan):
                cell = GridCell(text, merged)
                grid.append(cell)
                if rowspan > 1:
                    pending[col + i] = (rowspan - 1, cell)
            col += colspan
        yield grid


def _looks_like_furniture(lines: list[_HtmlLine]) -> bool:
    """Banners, breadcrumbs, 索引号 boxes, share links, disclaimers: short lines, at most a small
    table, and no word of a plan's responsibility notes."""
    rows = 0
    for hl in lines:
        text = hl.text if hl.grid is None else render_row([c.text for c in hl.grid])
        if len(text) >= 120 or PLAN_WORDS.search(text):
            return False
        rows += hl.grid is not None
    return rows <= 8


def _main_container(blocks: dict[int, Any], lines: list[_HtmlLine]) -> tuple[list[_HtmlLine], bool] | None:
    """The page's main content, when one container clearly holds it: most of the text is inside,
    and nothing outside looks like part of a plan (no long paragraph, no table, no 牵头单位).
    Where several qualify, a container named like one (content, zoom, TRS_Editor…) is preferred,
    then the innermost. None means: keep every line."""
    sizes = [len(hl.text) + sum(len(c.text) for c in hl.grid or ()) for hl in lines]
    total = sum(sizes)
    if total == 0:
        return None
    tags = {key: t for key, t in blocks.items() if t.name in CONTAINER_TAGS}
    inside: Counter[int] = Counter()
    for hl, size in zip(lines, sizes, strict=True):
        for a in hl.ancestors:
            inside[a] += size
    candidates = []
    for key, chars in inside.items():
        tag = tags.get(key)
        if tag is None or chars < total * 0.5:
            continue
        outside = [hl for hl in lines if key not in hl.ancestors]
        if not outside or not _looks_like_furniture(outside):
            continue
        named = bool(CONTENT_HINT.search(_attrs(tag)))
        candidates.append((not named, chars, key))
    if not candidates:
        return None
    _, _, key = min(candidates)
    kept = [hl for hl in lines if key in hl.ancestors]
    first = next(i for i, hl in enumerate(lines) if key in hl.ancestors)
    title = next((hl for hl in reversed(lines[:first]) if hl.heading), None)
    if title is not None:
        kept.insert(0, title)
    return kept, title is not None
