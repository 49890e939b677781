"""Read a file of any supported type into a `Document`.

Text is decoded from UTF-8 (with or without BOM) or GB18030, detected. Other types are read by
their own libraries. Everything that can go wrong with the file itself becomes a `ReadError`
whose reason a user can act on.
"""

from __future__ import annotations

import os
from pathlib import Path

from duban.core.document import Document
from duban.core.errors import ReadError

MAX_BYTES = 50 * 1024 * 1024  # a published plan is a few hundred kB; 50 MB is not a plan

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ""}


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read `path` by its type; raise `ReadError` naming the file and the reason."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise ReadError("文件不存在", path=name)
    if p.is_dir():
        raise ReadError("这是一个目录,不是文件", path=name)
    size = p.stat().st_size
    if size == 0:
        raise ReadError("文件是空的", path=name)
    if size > MAX_BYTES:
        raise ReadError(f"文件太大({size // (1024 * 1024)} MB,上限 {MAX_BYTES // (1024 * 1024)} MB)", path=name)
    data = p.read_bytes()
    return read_bytes(data, name=name)


def read_bytes(data: bytes, *, name: str = "<input>") -> Document:
    """Read a document from bytes; the type comes from the name's suffix and the content."""
    if not data:
        raise ReadError("文件是空的", path=name)
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件太大(上限 {MAX_BYTES // (1024 * 1024)} MB)", path=name)
    text = decode_text(data, name=name)
    doc = Document.from_text(text, kind="txt", path=name)
    return doc


def decode_text(data: bytes, *, name: str = "<input>") -> str:
    """Decode bytes as UTF-8 (BOM or not) or GB18030; refuse binary and undecodable data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise ReadError("这是二进制文件,不是文本文档", path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ReadError("无法识别文件编码(既不是 UTF-8 也不是 GB18030)", path=name) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
