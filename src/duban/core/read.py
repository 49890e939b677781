"""Read a file of any supported type into a `Document`.

The type comes from the content first (a zip with word/document.xml is Word whatever its name,
%PDF is a PDF, tags are HTML) and from the suffix where the content says nothing. Text is
decoded from UTF-8 (with or without BOM) or GB18030, detected. Everything that can go wrong
with the file itself becomes a `ReadError` whose Chinese reason a user can act on; a document
that reads fine but holds no plan is the parser's business (`NoPlanError`), not the reader's.

Tables keep their cells in every format, with merged cells expanded the same way: a value
merged down several rows is repeated in each (a 责任领导 merged over three tasks leads all
three); a value merged across part of a row is repeated in each column it covers, so the cells
stay aligned with the header; a row that is one value across the whole table (a section
heading) is a one-cell row.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from duban.core.document import Document, Line, render_row
from duban.core.errors import ReadError

MAX_BYTES = 50 * 1024 * 1024  # a published plan is a few hundred kB; 50 MB is not a plan

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".shtm", ".asp", ".aspx", ".jsp", ".php", ".mht", ".mhtml"}
WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
LEGACY_WORD = {".doc", ".wps", ".dot"}
LEGACY_EXCEL = {".xls", ".et", ".xlt"}

SAVE_AS_DOCX = "请用 Word 或 WPS 打开后“另存为”.docx 格式再读取"
SAVE_AS_XLSX = "请用 Excel 或 WPS 打开后“另存为”.xlsx 格式再读取"

# Magic numbers of files that are certainly not a document we read, with what to call them.
OTHER_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "图片文件(PNG)"),
    (b"\xff\xd8\xff", "图片文件(JPEG)"),
    (b"GIF87a", "图片文件(GIF)"),
    (b"GIF89a", "图片文件(GIF)"),
    (b"BM", "图片文件(BMP)"),
    (b"II*\x00", "图片文件(TIFF)"),
    (b"MM\x00*", "图片文件(TIFF)"),
    (b"Rar!", "压缩包(RAR)"),
    (b"7z\xbc\xaf\x27\x1c", "压缩包(7z)"),
    (b"\x1f\x8b", "压缩包(gzip)"),
    (b"\x7fELF", "程序文件"),
    (b"MZ", "程序文件"),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .wps .et .ppt: the old binary formats


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read `path` by its type; raise `ReadError` naming the file and the reason."""
    p = Path(path)
    name = str(path)
    try:
        if not p.exists():
            raise ReadError("文件不存在", path=name)
        if p.is_dir():
            raise ReadError("这是一个目录,不是文件", path=name)
        size = p.stat().st_size  # before reading: a 2 GB file is refused without being loaded
        if size == 0:
            raise ReadError("文件是空的", path=name)
        if size > MAX_BYTES:
            raise ReadError(f"文件太大({_mb(size)},上限 {_mb(MAX_BYTES)}),不像是一份分解方案", path=name)
        data = p.read_bytes()
    except PermissionError as exc:
        raise ReadError("没有读取这个文件的权限", path=name) from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件({exc.strerror or exc})", path=name) from exc
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str = "<input>") -> Document:
    """Read a document from bytes; the type comes from the content and the name's suffix."""
    if not data:
        raise ReadError("文件是空的", path=name)
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件太大({_mb(len(data))},上限 {_mb(MAX_BYTES)}),不像是一份分解方案", path=name)
    suffix = Path(name).suffix.lower()
    kind = sniff(data, suffix, name)
    readers = {"docx": _read_docx, "xlsx": _read_xlsx, "pdf": _read_pdf, "html": _read_html, "txt": _read_txt}
    doc = readers[kind](data, name)
    doc.kind = kind
    doc.path = name
    expected = _kind_of_suffix(suffix)
    if expected is not None and expected != kind:
        doc.notes.insert(0, f"文件扩展名是 {suffix},但内容是{KIND_NAMES[kind]},已按{KIND_NAMES[kind]}读取")
    return doc


KIND_NAMES = {"docx": "Word 文档", "xlsx": "Excel 表格", "pdf": "PDF", "html": "网页", "txt": "文本"}


def _kind_of_suffix(suffix: str) -> str | None:
    if suffix in WORD_SUFFIXES:
        return "docx"
    if suffix in EXCEL_SUFFIXES:
        return "xlsx"
    if suffix == ".pdf":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return None


# -- what is it ------------------------------------------------------------------------------

HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
MHT_START = re.compile(rb"^\s*(?:[\w-]+:[^\n]*\r?\n)*?MIME-Version:", re.I)
HTML_TAG = re.compile(rb"</?(p|div|table|tr|td|span|br|body|html|h[1-6]|li)\b[^>]*>", re.I)


def sniff(data: bytes, suffix: str, name: str) -> str:
    """The kind of `data` (docx, xlsx, pdf, html, txt), or a `ReadError` saying what it is instead."""
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, suffix, name)
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        if suffix in WORD_SUFFIXES or suffix in EXCEL_SUFFIXES or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00" in data[:65536]:
            raise ReadError("文件有密码保护(加密的 Office 文件),请先取消密码再读取", path=name)
        if suffix in LEGACY_EXCEL:
            raise ReadError(f"这是旧版 Excel 文件({suffix}),暂不支持;{SAVE_AS_XLSX}", path=name)
        if suffix in LEGACY_WORD:
            raise ReadError(f"这是旧版 Word/WPS 文件({suffix}),暂不支持;{SAVE_AS_DOCX}", path=name)
        raise ReadError(f"这是旧版 Office/WPS 文件(.doc/.xls/.wps),暂不支持;{SAVE_AS_DOCX},表格另存为 .xlsx", path=name)
    if data.lstrip()[:5] == b"{\\rtf":
        raise ReadError(f"这是 RTF 文件,暂不支持;{SAVE_AS_DOCX}", path=name)
    if suffix in WORD_SUFFIXES:
        raise ReadError("Word 文件已损坏或不完整(不是有效的 .docx),请重新下载或重新保存", path=name)
    if suffix in EXCEL_SUFFIXES:
        raise ReadError("Excel 文件已损坏或不完整(不是有效的 .xlsx),请重新下载或重新保存", path=name)
    if suffix == ".pdf":
        raise ReadError("PDF 文件已损坏(缺少 PDF 文件头)", path=name)
    if suffix in LEGACY_WORD:
        raise ReadError(f"这是旧版 Word/WPS 文件({suffix}),暂不支持;{SAVE_AS_DOCX}", path=name)
    if suffix in LEGACY_EXCEL:
        raise ReadError(f"这是旧版 Excel 文件({suffix}),暂不支持;{SAVE_AS_XLSX}", path=name)
    for magic, what in OTHER_BINARY:
        if data.startswith(magic) and (len(magic) > 2 or b"\x00" in head):  # "BM…" may begin a text
            hint = ",扫描件请先进行文字识别" if what.startswith("图片") else ""
            raise ReadError(f"这是{what},不是文字文档{hint}", path=name)
    if suffix in (".mht", ".mhtml") or MHT_START.match(data[:2048]):
        return "html"
    if suffix in HTML_SUFFIXES or HTML_START.match(data[:4096]) or len(HTML_TAG.findall(data[:8192])) >= 8:
        return "html"
    return "txt"


def _sniff_zip(data: bytes, suffix: str, name: str) -> str:
    what = "Word 文件" if suffix in WORD_SUFFIXES else "Excel 文件" if suffix in EXCEL_SUFFIXES else "压缩文件"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"{what}已损坏或不完整(无法解压),请重新下载或重新保存", path=name) from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "OFD.xml" in names:
        raise ReadError("这是 OFD 版式文件,暂不支持;请另存为 PDF 或 Word(.docx)再读取", path=name)
    if "mimetype" in names and any(n == "content.xml" for n in names):
        raise ReadError(f"这是 OpenDocument 文件(.odt/.ods),暂不支持;{SAVE_AS_DOCX}", path=name)
    if suffix in WORD_SUFFIXES or suffix in EXCEL_SUFFIXES:
        raise ReadError(f"{what}已损坏或不完整(缺少正文部分),请重新下载或重新保存", path=name)
    raise ReadError("这是压缩包(zip),不是文档;请解压后读取其中的方案文件", path=name)


# -- text ------------------------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# encodings charset-normalizer may propose that can hold a Chinese plan
LEGACY_CJK = {"big5", "big5hkscs", "cp950", "hz", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}


def _read_txt(data: bytes, name: str) -> Document:
    text, encoding = decode_text_with_encoding(data, name=name)
    delimiter = _table_delimiter(text, Path(name).suffix.lower())
    if delimiter is not None:
        doc = _read_delimited(text, delimiter, name)
    else:
        doc = Document.from_text(text, kind="txt", path=name)
    doc.encoding = encoding
    if encoding not in ("utf-8", "utf-8-sig", "gb18030"):
        doc.notes.append(f"按 {encoding} 编码读取")
    damage = _damage_note(data, text, encoding)
    if damage:
        doc.notes.append(damage)
    return doc


def _damage_note(data: bytes, text: str, encoding: str) -> str | None:
    try:
        damaged = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    except (LookupError, UnicodeEncodeError):  # an encoding with no U+FFFD (Big5) cannot hold one
        return None
    if damaged <= 0:
        return None
    return f"有 {damaged} 处字节无法按 {encoding} 解码(文件可能有损坏),已用 � 代替,请核对原件"


def _table_delimiter(text: str, suffix: str) -> str | None:
    """The delimiter when text is a table: .csv (comma), .tsv, or text where most lines have the
    same number of tabs (Excel's "Unicode text" export, a .txt of tab-separated cells)."""
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
    if len(lines) < 3:
        return None
    tabs = Counter(ln.count("\t") for ln in lines)
    count, freq = tabs.most_common(1)[0]
    return "\t" if count >= 2 and freq >= len(lines) * 0.6 else None


def _read_delimited(text: str, delimiter: str, name: str) -> Document:
    import csv

    out = LineBuilder()
    try:
        for record in csv.reader(io.StringIO(text), delimiter=delimiter):
            out.row([GridCell(_clean_cell(v)) for v in record])
    except csv.Error as exc:  # an unbalanced quote swallows the rest of the file into one field
        raise ReadError(f"表格文本格式有误(第 {out.lines[-1].no + 1 if out.lines else 1} 行附近引号不成对)", path=name) from exc
    what = "逗号" if delimiter == "," else "制表符"
    return Document(lines=out.lines, kind="txt", path=name, notes=[f"按{what}分隔的表格读取"])


def decode_text(data: bytes, *, name: str = "<input>") -> str:
    """Decode bytes as UTF-8 (BOM or not) or GB18030; refuse binary and undecodable data."""
    return decode_text_with_encoding(data, name=name)[0]


def decode_text_with_encoding(data: bytes, *, name: str = "<input>") -> tuple[str, str]:
    """Decode text and say how: UTF-8 first, then GB18030 (a superset of GBK and GB2312), then
    only as a last resort another CJK-capable encoding that charset-normalizer is sure of."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_strict(data[3:], "utf-8", name), name), "utf-8-sig"
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(_strict(data, enc, name), name), enc
    if b"\x00" in data[:4096]:
        raise ReadError("这是二进制文件,不是文本文档", path=name)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible_gb(text):
            big5 = _as_big5(data)
            if big5 is not None:
                return _checked(big5, name), "big5"
        return _checked(text, name), enc
    for enc in ("utf-8", "gb18030"):
        mostly = _mostly(data, enc)
        if mostly is not None:
            return _checked(mostly, name), enc
    guess = _guess_encoding(data)
    if guess is not None:
        return _checked(guess[0], name), guess[1]
    raise ReadError("无法识别文件编码(不是 UTF-8、GB18030/GBK 等中文编码),请另存为 UTF-8 文本", path=name)


def _plausible_gb(text: str) -> bool:
    """Whether GB18030-decoded text looks like Chinese written in GB: nearly every non-ASCII
    character of a real plan is a GB2312 hanzi or full-width punctuation. GB18030 accepts almost
    any byte pairs, so Big5 (traditional) text also decodes, but into kana, Greek and rare
    extension characters — a fifth of them common at most."""
    sample = [ch for ch in text[:50_000] if ord(ch) > 127]
    if len(sample) < 20:
        return True
    common = 0
    for ch in sample:
        b = ch.encode("gb18030")
        if len(b) == 2 and (0xB0 <= b[0] <= 0xF7 or b[0] in (0xA1, 0xA3)) and b[1] >= 0xA1:
            common += 1
    return common >= 0.6 * len(sample)


def _as_big5(data: bytes) -> str | None:
    """Big5 text (Taiwan, Hong Kong, old traditional-Chinese files), decoded strictly; Microsoft's
    cp950 first (what Windows writes), then the HKSCS superset."""
    for enc in ("cp950", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if CJK.search(text):
            return text
    return None


def _mostly(data: bytes, encoding: str) -> str | None:
    """Text in `encoding` with a few damaged bytes (a download cut inside a character, a bad copy):
    decoded with U+FFFD for each, when the Chinese text around them is plentiful. A file in the
    other encoding yields almost no Chinese this way, so GB18030 is never read as damaged UTF-8."""
    text = data.decode(encoding, errors="replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    if 0 < errors and len(CJK.findall(text)) >= 50 * errors:
        return text
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"文件有 {encoding.upper()} 标记,但内容无法按 {encoding.upper()} 解码(文件可能已损坏)", path=name) from exc


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding not in LEGACY_CJK:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if len(CJK.findall(text)) < max(1, len(text) // 10):
        return None
    return text, best.encoding


def _checked(text: str, name: str) -> str:
    """Normalise line ends; refuse text that is mostly control characters (a binary file)."""
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x1a")
    if sample and controls > max(8, len(sample) // 100):
        raise ReadError("这是二进制文件,不是文本文档", path=name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- tables, in every format -----------------------------------------------------------------


@dataclass
class GridCell:
    """One grid position of a table: its text and, when merged, what it was merged from."""

    text: str
    merge: object | None = None  # the same object for every position one merged cell covers
    vertical: bool = False  # filled from a cell above


def cells_of_row(grid: Sequence[GridCell]) -> tuple[str, ...] | None:
    """The cells of one table row: trailing empty positions trimmed; a row that is one merged value
    across the table is one cell; other merged values repeated; an empty row is None."""
    cells = list(grid)
    while cells and not cells[-1].text.strip():
        cells.pop()
    if not cells:
        return None
    first = cells[0].merge
    if len(cells) > 1 and first is not None and all(c.merge is first for c in cells):
        return (cells[0].text,)
    return tuple(c.text for c in cells)


class LineBuilder:
    """Collects the document's lines, numbering them and counting what a user may want to know."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.merged_down = False
        self.merged_across = False

    def text(self, text: str) -> None:
        text = text.strip()
        if text:
            self.lines.append(Line(no=len(self.lines) + 1, text=text))

    def row(self, grid: Sequence[GridCell]) -> None:
        if any(c.vertical for c in grid):
            self.merged_down = True
        cells = cells_of_row(grid)
        if cells is None:
            return
        if len(cells) > 1 and any(a.merge is not None and a.merge is b.merge for a, b in zip(grid, grid[1:], strict=False)):
            self.merged_across = True
        self.lines.append(Line(no=len(self.lines) + 1, text=render_row(cells), cells=cells))

    def notes(self) -> list[str]:
        out = []
        if self.merged_down:
            out.append("合并单元格已展开:纵向合并的值填入所跨的每一行")
        if self.merged_across:
            out.append("合并单元格已展开:横向合并的值填入所跨的每一列")
        return out


def _clean_cell(text: str) -> str:
    """A cell's text: its own line breaks kept, blank lines and padding around them dropped."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")]
    return "\n".join(p for p in parts if p)


# -- HTML ------------------------------------------------------------------------------------

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
    damage = _damage_note(data, text, encoding)
    return text, encoding, notes + ([damage] if damage else [])


@dataclass
class _HtmlLine:
    text: str
    grid: list[GridCell] | None
    ancestors: tuple[int, ...]
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
            self.lines.append(_HtmlLine(text, None, tuple(id(t) for t in self.stack), self.buf_heading))
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


def _read_html(data: bytes, name: str) -> Document:
    from bs4 import BeautifulSoup
    from bs4.element import Tag

    mht_note: list[str] = []
    if MHT_START.match(data[:2048]):
        data = _mht_html(data, name)
        mht_note = ["从单个文件网页(.mht)中读取网页"]
    text, encoding, notes = _decode_html(data, name)
    notes = mht_note + notes
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
    out = LineBuilder()
    for hl in lines:
        if hl.grid is not None:
            out.row(hl.grid)
        else:
            out.text(hl.text)
    doc = Document(lines=out.lines, kind="html", path=name, encoding=encoding, notes=notes + out.notes())
    return doc


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
                walk.lines.append(_HtmlLine("", grid, tuple(id(t) for t in walk.stack)))
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
            text = _clean_cell(_html_cell_text(td))
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
        for a in set(hl.ancestors):
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


# -- Word ------------------------------------------------------------------------------------


def _read_docx(data: bytes, name: str) -> Document:
    import docx

    try:
        wd = docx.Document(io.BytesIO(data))
        numbering = WordNumbering(wd)
        out = LineBuilder()
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
                texts[tc] = _clean_cell(_docx_cell_text(cell, numbering))
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


# -- Excel -----------------------------------------------------------------------------------


def _read_xlsx(data: bytes, name: str) -> Document:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False, keep_vba=False)
    except Exception as exc:  # zip, XML and openpyxl errors alike mean a damaged file
        raise ReadError("Excel 文件已损坏或不完整,无法读取;请重新下载或用 Excel 打开后重新保存", path=name) from exc
    out = LineBuilder()
    notes: list[str] = []
    read_sheets: list[str] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                if ws.max_row > 1 or ws.max_column > 1:
                    notes.append(f"已跳过隐藏的工作表“{ws.title}”")
                continue
            before = len(out.lines)
            for grid in _xlsx_grid(ws):
                out.row(grid)
            if len(out.lines) > before:
                read_sheets.append(ws.title)
    finally:
        wb.close()
    if len(read_sheets) > 1:
        notes.append("读取了工作表:" + "、".join(read_sheets))
    uncached = _formulas_without_values(data)
    if uncached:
        notes.append(f"有 {uncached} 个公式单元格没有保存计算结果,读出为空;请用 Excel 或 WPS 打开并保存后再读取")
    return Document(lines=out.lines, kind="xlsx", path=name, notes=notes + out.notes())


CELL_XML = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.S)


def _formulas_without_values(data: bytes) -> int:
    """Formula cells saved without their result (files written by programs, never opened in
    Excel): data_only reading gives them as empty, so the user must be told."""
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    for m in CELL_XML.finditer(zf.read(info)):
                        inner = m.group(1) or b""
                        if b"<f" in inner and not re.search(rb"<v>[^<]", inner):
                            count += 1
    except (zipfile.BadZipFile, OSError, KeyError):
        return 0
    return count


def _xlsx_grid(ws: Any) -> Iterator[list[GridCell]]:
    """Each row as grid positions, merged ranges filled into every position they cover. Only the
    area that holds values is walked: a sheet formatted down to row 1048576 is not a million rows."""
    filled = [key for key, cell in ws._cells.items() if cell.value is not None and cell.value != ""]
    if not filled:
        return
    max_row = max(r for r, _ in filled)
    max_col = max(c for _, c in filled)
    merged: dict[tuple[int, int], tuple[Any, int]] = {}  # (row, col) → (range, its first row)
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                merged[(r, c)] = (rng, rng.min_row)
    origin_text: dict[int, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col):
        grid: list[GridCell] = []
        for cell in row:
            r, c = cell.row, cell.column
            m = merged.get((r, c)) if isinstance(r, int) and isinstance(c, int) else None
            if m is None:
                grid.append(GridCell(_clean_cell(excel_value_text(cell.value, cell.number_format))))
                continue
            rng, first_row = m
            if id(rng) not in origin_text:
                top = ws.cell(row=rng.min_row, column=rng.min_col)
                origin_text[id(rng)] = _clean_cell(excel_value_text(top.value, top.number_format))
            grid.append(GridCell(origin_text[id(rng)], rng, vertical=r > first_row))
        yield grid


def excel_value_text(value: object, number_format: str = "General") -> str:
    """A cell value as a person reads it: 15 not 15.0, 15% for 0.15 shown as a percentage,
    dates as 2023年6月30日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, (int, float)):
        fmt = number_format or "General"
        if "%" in fmt and not fmt.startswith("@"):
            m = re.search(r"0\.(0+)%", fmt)
            places = len(m.group(1)) if m else 0
            return _plain_number(round(float(value) * 100, places)) + "%"
        return _plain_number(value)
    return str(value).replace("_x000D_", "")


def _plain_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- PDF -------------------------------------------------------------------------------------

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
class _PdfLine:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page: int
    cells: list[GridCell] | None = None
    first_row: bool = False  # the first row of a table on its page


def _read_pdf(data: bytes, name: str) -> Document:
    import pdfplumber

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise ReadError("PDF 文件不完整(缺少文件结尾,可能下载中断),请重新下载", path=name)
    pages: list[list[_PdfLine]] = []
    heights: list[float] = []
    imaged: list[bool] = []  # the page is mostly covered by pictures
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i, page in enumerate(pdf.pages):
                pages.append(_pdf_page_lines(page, i))
                heights.append(float(page.height))
                imaged.append(_mostly_image(page))
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged, encrypted or odd files
        if type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise ReadError("PDF 文件有密码保护,请先解除密码再读取", path=name) from exc
        raise ReadError("PDF 文件已损坏或不完整,无法读取;请重新下载", path=name) from exc
    if not pages:
        raise ReadError("PDF 文件没有页面", path=name)
    notes: list[str] = []
    dropped = _drop_page_furniture(pages, heights)
    chars = [sum(len(ln.text) + sum(len(c.text) for c in ln.cells or ()) for ln in page) for page in pages]
    scanned = [i for i, (n, img) in enumerate(zip(chars, imaged, strict=True)) if n < 20 and img]
    if sum(chars) < 10 or len(scanned) == len(pages):
        raise ReadError("PDF 没有文字层(可能是扫描件),请先进行文字识别", path=name)
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
        notes.append("PDF 中因换行断开的段落已接上")
    out = LineBuilder()
    for ln in joined:
        if ln.cells is not None:
            out.row(ln.cells)
        else:
            out.text(ln.text)
    return Document(lines=out.lines, kind="pdf", path=name, notes=notes + out.notes())


def _mostly_image(page: Any) -> bool:
    """Half the page or more is pictures: a scanned page, when it has (almost) no text."""
    area = float(page.width) * float(page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
        for im in page.images
    )
    return covered >= area * 0.5


def _pdf_page_lines(page: Any, index: int) -> list[_PdfLine]:
    """A page's text lines and table rows, in reading order (top to bottom)."""
    tables = page.find_tables()
    items: list[_PdfLine] = []
    rest = page
    for table in tables:
        rest = rest.outside_bbox(table.bbox)
        for i, (grid, top, bottom) in enumerate(_pdf_table_grid(page, table)):
            items.append(_PdfLine("", top, bottom, table.bbox[0], table.bbox[2], 0.0, index, grid, i == 0))
    for tl in rest.extract_text_lines(strip=True, return_chars=True):
        text = str(tl["text"])
        if not text.strip():
            continue
        sizes = [float(c.get("size", 0.0)) for c in tl.get("chars", [])] or [10.0]
        items.append(_PdfLine(text.strip(), float(tl["top"]), float(tl["bottom"]), float(tl["x0"]),
                              float(tl["x1"]), statistics.median(sizes), index))
    items.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return items


def _pdf_table_grid(page: Any, table: Any) -> Iterator[tuple[list[GridCell], float, float]]:
    """Each row of a ruled PDF table as grid positions. pdfplumber gives a merged cell once, at
    its first row and column, and None for the positions it covers."""
    rows = table.rows
    if not rows:
        return
    tx0, ttop, tx1, tbottom = (float(v) for v in table.bbox)
    chars = [
        c for c in page.chars
        if tx0 - 1 <= float(c["x0"]) and float(c["x1"]) <= tx1 + 1 and ttop - 1 <= float(c["top"]) and float(c["bottom"]) <= tbottom + 1
    ]
    xs = sorted({round(float(b[0]), 1) for r in rows for b in r.cells if b is not None})
    above: dict[int, tuple[tuple[float, float, float, float], GridCell]] = {}
    pad = _table_padding(chars, [b for r in rows for b in r.cells if b is not None])
    for row in rows:
        grid: list[GridCell] = []
        bboxes = list(row.cells)
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
    lines = [line for line in _char_lines(mine) if _line_text(line).strip()]
    if not lines:
        return ""
    limit = x1 - pad  # where text stops in this cell: as far from the right as it starts from the left
    parts: list[str] = []
    prev_x1 = 0.0
    for line in lines:
        text = _line_text(line).strip()
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


def _char_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into visual lines, top to bottom, each left to right."""
    lines: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: (float(c["top"]), float(c["x0"]))):
        size = float(c.get("size", 10.0))
        if lines and abs(float(lines[-1][0]["top"]) - float(c["top"])) <= max(1.5, size * 0.4):
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: float(c["x0"])) for line in lines]


def _line_text(line: list[dict[str, Any]]) -> str:
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


def _drop_repeated_headers(pages: list[list[_PdfLine]]) -> int:
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


def _drop_page_furniture(pages: list[list[_PdfLine]], heights: list[float]) -> int:
    """Drop page numbers and running headers/footers: lines in a page's top or bottom tenth that
    are a page number, or that come back (digits aside) on at least half of the pages."""
    def zone(ln: _PdfLine, h: float) -> bool:
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


def _join_wrapped(lines: list[_PdfLine]) -> list[_PdfLine]:
    """Join the visual lines of one paragraph: a line that reaches the right margin continues on
    the next line unless that one is indented or starts a new numbered item."""
    text_lines = [ln for ln in lines if ln.cells is None]
    if not text_lines:
        return lines
    right = max(ln.x1 for ln in text_lines)
    left = min(ln.x0 for ln in text_lines)
    body = statistics.median(ln.size for ln in text_lines)
    out: list[_PdfLine] = []
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
            out[-1] = _PdfLine(prev.text + ln.text, prev.top, ln.bottom, prev.x0, ln.x1, prev.size, ln.page)
            continue
        out.append(ln)
    return out


__all__ = [
    "MAX_BYTES",
    "decode_text",
    "decode_text_with_encoding",
    "excel_value_text",
    "read_bytes",
    "read_document",
    "sniff",
]
