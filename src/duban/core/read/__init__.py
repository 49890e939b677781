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

import os
import re
from pathlib import Path

from duban.core.document import Document, Line
from duban.core.errors import ReadError
from duban.core.read.convert import read_doc, read_xls
from duban.core.read.excel import excel_value_text, read_xlsx
from duban.core.read.html import read_html
from duban.core.read.ofd import read_ofd
from duban.core.read.pdf import read_pdf
from duban.core.read.sniff import (
    EXCEL_SUFFIXES,
    HTML_SUFFIXES,
    LEGACY_EXCEL,
    LEGACY_WORD,
    MAX_BYTES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
    sniff,
)
from duban.core.read.text import decode_text, decode_text_with_encoding, read_txt
from duban.core.read.word import chinese_number, read_docx

__all__ = ["MAX_BYTES", "chinese_number", "decode_text", "decode_text_with_encoding", "excel_value_text", "read_bytes",
           "read_document", "sniff"]


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
    readers = {"docx": read_docx, "xlsx": read_xlsx, "pdf": read_pdf, "html": read_html, "txt": read_txt,
               "doc": read_doc, "xls": read_xls, "ofd": read_ofd}
    doc = readers[kind](data, name)
    doc.lines = [_usual_marks(line) for line in doc.lines]
    doc.kind = kind
    doc.path = name
    expected = _kind_of_suffix(suffix)
    if expected is not None and expected != kind:
        doc.notes.insert(0, f"文件扩展名是 {suffix},但内容是{KIND_NAMES[kind]},已按{KIND_NAMES[kind]}读取")
    return doc


# The small forms of the marks (﹔﹐﹑﹕), which pages converted from Big5 print for ；，、：: read as
# the usual ones, so a small semicolon ends a clause as any semicolon does. Same length, same places.
_SMALL_MARKS = str.maketrans("﹐﹑﹔﹕﹖﹗﹙﹚", "，、；：？！（）")


_SMALL_MARK_RE = re.compile("[\ufe50-\ufe5a]")


def _usual_marks(line: Line) -> Line:
    if not _SMALL_MARK_RE.search(line.text) and not (line.cells and any(map(_SMALL_MARK_RE.search, line.cells))):
        return line
    cells = tuple(c.translate(_SMALL_MARKS) for c in line.cells) if line.cells is not None else None
    return Line(no=line.no, text=line.text.translate(_SMALL_MARKS), cells=cells)


KIND_NAMES = {"docx": "Word 文档", "xlsx": "Excel 表格", "pdf": "PDF", "html": "网页", "txt": "文本",
              "doc": "旧版 Word/WPS 文档", "xls": "旧版 Excel/WPS 表格", "ofd": "OFD 版式文档"}


def _kind_of_suffix(suffix: str) -> str | None:
    if suffix in WORD_SUFFIXES:
        return "docx"
    if suffix in EXCEL_SUFFIXES:
        return "xlsx"
    if suffix in LEGACY_WORD:
        return "doc"
    if suffix in LEGACY_EXCEL:
        return "xls"
    if suffix == ".ofd":
        return "ofd"
    if suffix == ".pdf":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return None
