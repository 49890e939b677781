"""How much the reader takes from one file, checked while it reads, each refusal a Chinese reason.

A file's own size is not enough: a 773 KB .docx expanded to 300 MB of text, a 985 KB .xlsx to
203 MB, and 200,000 nested <div> took minutes. So the reader also bounds what a file unfolds into:
the uncompressed size of a zip-based file (Word, Excel, OFD) by its members' declared sizes and by
what decompressing them actually yields, the XML elements and table cells counted as they stream
by (an XML parser's memory follows the elements: 60 MB of tiny paragraphs took 1 GB), the text,
lines and cells read, and the nesting of a web page.

The limits are generous for real plans. The largest plan we can make, 10,000 tasks (five times a
province's plan), measures: as a Word table 204 KB zipped and 8.9 MB unzipped, as Excel 428 KB
and 7.6 MB, 10,500 lines, 50,500 cells and 0.8 million characters; web pages nest 20–40 blocks
deep, and old ones leave thousands of <font> tags unclosed; the Word table has 429,000 XML
elements and reads in 143 MB. Each limit is 5 to 20 times that.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from duban.core.errors import ReadError

MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # 7× the 10,000-task Word table (8.9 MB)
MAX_ZIP_MEMBERS = 10_000  # a .docx has ~20 parts, an OFD two per page
MAX_XML_ELEMENTS = 2_000_000  # 4.7× the 10,000-task Word table's 429,000; memory follows this count
MAX_TEXT_CHARS = 10_000_000  # 12× the 10,000-task plan (0.8 million characters)
MAX_LINES = 200_000  # 19× its 10,500 lines
MAX_CELLS = 1_000_000  # 20× its 50,500 cells
MAX_HTML_DEPTH = 10_000  # elements inside elements: old pages leave 3,000 <font> tags unclosed
MAX_HTML_BLOCK_DEPTH = 500  # blocks (div, table, li…) inside blocks: real pages nest 20–40

CHUNK = 1024 * 1024
# the start of a table cell in each zip-based format's XML: <w:tc> (Word), <c …> (Excel)
CELL_TAG = {"docx": re.compile(rb"<w:tc[\s>]"), "xlsx": re.compile(rb"<c[\s>/]")}


def mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


class LimitError(ReadError):
    """A file that unfolds into more than a plan can hold (see the limits above)."""


def too_big(what: str, limit: str, name: str) -> LimitError:
    return LimitError(f"{what},超过上限 {limit};请检查文件是否正确,或拆分后再读取", path=name)


@dataclass
class Unzipped:
    """What checking a zip found: its members' names and how much they hold uncompressed."""

    names: list[str]
    total: int
    cells: int


def check_zip(data: bytes, name: str, kind: str, what: str) -> Unzipped:
    """Refuse a zip-based file that unfolds too far: first by the sizes its members declare, then
    by decompressing every member in chunks and counting what comes out (a declared size can lie),
    and counting table cells in the XML as it streams by. Nothing is kept: the readers decompress
    again, which costs tens of milliseconds for the largest real plan."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise too_big(f"{what}内含 {len(infos)} 个部件", f"{MAX_ZIP_MEMBERS} 个", name)
            declared = sum(i.file_size for i in infos)
            if declared > MAX_UNZIPPED_BYTES:
                raise too_big(f"{what}解压后有 {mb(declared)}", mb(MAX_UNZIPPED_BYTES), name)
            cell_tag = CELL_TAG.get(kind)
            total = cells = elements = 0
            for info in infos:
                xml = info.filename.endswith((".xml", ".rels"))
                tail = b""
                with zf.open(info) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > MAX_UNZIPPED_BYTES:
                            raise too_big(f"{what}解压后超过 {mb(MAX_UNZIPPED_BYTES)}", mb(MAX_UNZIPPED_BYTES), name)
                        if xml:  # the XML's elements: what the XML parser's memory grows with
                            elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
                            if elements > MAX_XML_ELEMENTS:
                                raise too_big(f"{what}的内容超过 {MAX_XML_ELEMENTS:,} 个 XML 元素",
                                              f"{MAX_XML_ELEMENTS:,} 个", name)
                        if xml and cell_tag is not None:
                            # the last bytes of the chunk before go in front, so a tag split between
                            # chunks is found; tags wholly inside them were counted already
                            cells += len(cell_tag.findall(tail + chunk)) - len(cell_tag.findall(tail))
                            tail = chunk[-8:]
                            if cells > MAX_CELLS:
                                raise too_big(f"{what}的表格超过 {MAX_CELLS:,} 个单元格", f"{MAX_CELLS:,} 个", name)
            return Unzipped(names=[i.filename for i in infos], total=total, cells=cells)
    except ReadError:
        raise
    except Exception as exc:
        # a bad CRC, a truncated member, broken deflate data (zlib.error), an encrypted member
        # (RuntimeError), an unknown compression method: damaged or unreadable either way
        raise ReadError(f"{what}已损坏或不完整(无法解压),请重新下载或重新保存", path=name) from exc


# A PDF's compressed streams: "stream" after a dictionary that names FlateDecode (the filter a
# compression bomb uses; the others either do not expand far or are pictures, which are not read).
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_PDF_IMAGE = re.compile(rb"/Subtype\s*/Image")
# a text layer before the compression (/Filter [/ASCIIHexDecode /FlateDecode]): decoded first, or
# the compressed data behind it would not be counted
_PDF_HEX = re.compile(rb"/ASCIIHexDecode|/AHx\b")
_PDF_A85 = re.compile(rb"/ASCII85Decode|/A85\b")
_SPACE = re.compile(rb"\s+")
_PDF_LZW = re.compile(rb"/LZWDecode|/LZW\b")


def check_pdf_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams unfold past the limit, before pdfminer decompresses
    each of them whole (a 400 KB file of one stream took 0.86 GB). Each stream is decompressed in
    chunks and counted, nothing kept; a stream's end is where its compressed data ends."""
    total = 0
    for m in _PDF_STREAM.finditer(data):
        head = data[max(0, m.start() - 512) : m.start()]
        opened = head.rfind(b"<<")
        if opened < 0 or not head.rstrip().endswith(b">>"):
            continue  # the word "stream" in text, not a stream object
        head = head[opened:]
        lzw = bool(_PDF_LZW.search(head))
        if not (lzw or _PDF_FLATE.search(head)) or _PDF_IMAGE.search(head):
            continue
        source, pos = data, m.end()
        if _PDF_HEX.search(head) or _PDF_A85.search(head):
            source, pos = _text_layer(data, m.end(), hex_layer=bool(_PDF_HEX.search(head))), 0
        if lzw:
            total = _count_lzw(source, pos, total, name)
            continue
        inflate = zlib.decompressobj()
        while not inflate.eof:
            if inflate.unconsumed_tail:
                piece = inflate.unconsumed_tail
            elif pos < len(source):
                piece, pos = source[pos : pos + CHUNK], pos + CHUNK
            else:
                break
            try:
                total += len(inflate.decompress(piece, CHUNK))
            except zlib.error:
                break  # damaged data: pdfminer says so when it reads the page
            if total > MAX_UNZIPPED_BYTES:
                raise too_big(f"PDF 的压缩内容解开后已有 {mb(total)}", mb(MAX_UNZIPPED_BYTES), name)


def _count_lzw(source: bytes, pos: int, total: int, name: str) -> int:
    """`total` plus what an LZW stream unfolds to (up to about 2,700 times its size, as Flate's 1,000),
    decoded code by code with pdfminer's own decoder and nothing kept."""
    from pdfminer.lzw import CorruptDataError, LZWDecoder

    end = source.find(b"endstream", pos)
    decoder = LZWDecoder(io.BytesIO(source[pos : end if end >= 0 else len(source)]))
    while True:
        try:
            total += len(decoder.feed(decoder.readbits(decoder.nbits)))
        except (EOFError, CorruptDataError, IndexError, TypeError):
            return total  # the end, or damaged data: pdfminer says so when it reads the page
        if total > MAX_UNZIPPED_BYTES:
            raise too_big(f"PDF 的压缩内容解开后已有 {mb(total)}", mb(MAX_UNZIPPED_BYTES), name)


def _text_layer(data: bytes, start: int, *, hex_layer: bool) -> bytes:
    """The bytes a stream's ASCIIHex or ASCII85 layer stands for (no larger than the file), or b""
    when it is damaged."""
    end = data.find(b"endstream", start)
    raw = _SPACE.sub(b"", data[start : end if end >= 0 else len(data)])
    try:
        if hex_layer:
            digits = raw.split(b">", 1)[0]
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        return base64.a85decode(raw.split(b"~>", 1)[0])
    except ValueError:
        return b""


class Budget:
    """Counts what a reader has produced so far and refuses the moment a limit is passed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.chars = 0
        self.lines = 0
        self.cells = 0

    def add(self, chars: int, cells: int = 0) -> None:
        self.chars += chars
        self.lines += 1
        self.cells += cells
        if self.chars > MAX_TEXT_CHARS:
            raise too_big(f"文件中的文字超过 {MAX_TEXT_CHARS:,} 个字符", f"{MAX_TEXT_CHARS:,} 个字符", self.name)
        if self.lines > MAX_LINES:
            raise too_big(f"文件超过 {MAX_LINES:,} 行", f"{MAX_LINES:,} 行", self.name)
        if self.cells > MAX_CELLS:
            raise too_big(f"文件中的表格超过 {MAX_CELLS:,} 个单元格", f"{MAX_CELLS:,} 个", self.name)


def check_text(text: str, name: str) -> None:
    """Plain text: its size and line count before it is split into lines."""
    if len(text) > MAX_TEXT_CHARS:
        raise too_big(f"文件中的文字超过 {MAX_TEXT_CHARS:,} 个字符", f"{MAX_TEXT_CHARS:,} 个字符", name)
    if text.count("\n") > MAX_LINES:
        raise too_big(f"文件超过 {MAX_LINES:,} 行", f"{MAX_LINES:,} 行", name)
