"""The reader. What a file unfolds into is bounded while it is read: the uncompressed size of a
zip-based file, the text, lines and cells read, and the nesting of a web page."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from duban.core.errors import ReadError
from duban.core.read import limits, read_bytes, read_document
from tests.core.read.common import PlanFileOf


def _replace_part(source: Path, part: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, data if item.filename == part else src.read(item), compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def test_a_docx_that_unzips_past_the_limit_is_refused_by_its_declared_sizes(plan_file_of: PlanFileOf) -> None:
    # the finding: 773 KB of .docx held 300 MB of text; this one is 65 MB of paragraphs in ~70 KB
    body = b"<w:p><w:r><w:t>" + "重复的任务文字".encode() * 40 + b"</w:t></w:r></w:p>"
    xml = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' \
        + body * (limits.MAX_UNZIPPED_BYTES // len(body) + 1) + b"</w:body></w:document>"
    data = _replace_part(plan_file_of("docx_table"), "word/document.xml", xml)
    assert len(data) < 1024 * 1024
    with pytest.raises(ReadError, match="Word 文件解压后有 65 MB,超过上限 64 MB"):
        read_bytes(data, "bomb.docx")


def test_a_member_that_lies_about_its_size_gives_no_more_than_it_declared(
    plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member declaring 1 KB that inflates to 1 MB: decompression stops at the declared size and
    the checksum fails, so it is refused as damaged, never read whole."""
    xml = b"<w:p/>" * 200_000
    data = bytearray(_replace_part(plan_file_of("docx_table"), "word/document.xml", xml))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)  # the local header's size
    central = data.find(b"PK\x01\x02" + data[info.header_offset + 4:info.header_offset + 6])
    while central >= 0 and struct.unpack_from("<I", data, central + 42)[0] != info.header_offset:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1024)  # and the central directory's
    with pytest.raises(ReadError, match="已损坏或不完整"):
        read_bytes(bytes(data), "liar.docx")


def test_an_xlsx_with_more_cells_than_the_limit_is_refused_while_its_xml_streams_by(plan_file_of: PlanFileOf) -> None:
    # the finding: 985 KB of .xlsx held 203 MB; here 1.1 million small cells in well under 64 MB
    cells = b'<row r="1">' + b"<c/>" * 1_100_000 + b"</row>"  # empty cells, so that cells and not elements run out first
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + cells + b"</sheetData></worksheet>")
    assert len(sheet) < limits.MAX_UNZIPPED_BYTES
    data = _replace_part(plan_file_of("xlsx"), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(ReadError, match="Excel 文件的表格超过 1,000,000 个单元格"):
        read_bytes(data, "bomb.xlsx")


def test_a_zip_of_too_many_parts_is_refused(plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 5)
    with pytest.raises(ReadError, match="内含 .* 个部件"):
        read_document(plan_file_of("docx_table"))


@pytest.mark.parametrize("key", ["docx_table", "xlsx", "pdf_table", "html_table", "ofd_table", "txt_utf8"])
def test_text_past_the_limit_is_refused_while_reading(key: str, plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_file_of(key)
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 200)
    with pytest.raises(ReadError, match="文件中的文字超过 200 个字符"):
        read_document(path)


@pytest.mark.parametrize("key", ["docx_paragraphs", "pdf", "ofd", "txt_utf8"])
def test_lines_past_the_limit_are_refused_while_reading(key: str, plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_file_of(key)
    monkeypatch.setattr(limits, "MAX_LINES", 5)
    with pytest.raises(ReadError, match="文件超过 5 行"):
        read_document(path)


@pytest.mark.parametrize(("key", "reason"), [
    ("docx_table", "Word 文件的表格超过 20 个单元格"), ("xlsx", "Excel 文件的表格超过 20 个单元格"),
    ("html_table", "文件中的表格超过 20 个单元格"), ("pdf_table", "文件中的表格超过 20 个单元格"),
    ("ofd_table", "文件中的表格超过 20 个单元格"),
])
def test_cells_past_the_limit_are_refused_while_reading(key: str, reason: str, plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_file_of(key)
    monkeypatch.setattr(limits, "MAX_CELLS", 20)
    with pytest.raises(ReadError, match=reason):
        read_document(path)


def test_200000_nested_divs_are_refused_while_parsing() -> None:
    # the finding: this page took 172 s of a request thread
    page = "<html><body>" + "<div>x" * 200_000 + "一、目标" + "</div>" * 200_000 + "</body></html>"
    with pytest.raises(ReadError, match=re.escape("网页的区块(div、table 等)嵌套超过 500 层")):
        read_bytes(page.encode(), "deep.html")


def test_elements_nested_past_the_limit_are_refused() -> None:
    page = "<html><body>" + "<span>" * (limits.MAX_HTML_DEPTH + 10) + "一、目标</body></html>"
    with pytest.raises(ReadError, match="网页元素嵌套超过 10,000 层"):
        read_bytes(page.encode(), "deep.html")


def test_pages_as_deep_as_real_ones_read() -> None:
    page = ("<html><body>" + "<div class='c'>" * 60 + "".join(f"<font><p>{i}.任务{i}</p>" for i in range(1, 3001))
            + "</div>" * 60 + "</body></html>")
    assert len(read_bytes(page.encode(), "deep.html").lines) == 3000


def test_the_largest_real_plan_is_well_inside_every_limit() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from parse import generate_plan  # type: ignore[import-not-found]

    doc = read_bytes(generate_plan(10_000).encode(), "plan.txt")
    chars = sum(len(line.text) for line in doc.lines)
    assert len(doc.lines) * 10 < limits.MAX_LINES
    assert chars * 10 < limits.MAX_TEXT_CHARS


@pytest.mark.parametrize(("key", "what"), [("docx_table", "Word 文件"), ("xlsx", "Excel 文件"), ("ofd_table", "OFD 文件")])
def test_xml_past_the_element_limit_is_refused_before_it_is_parsed(
    key: str, what: str, plan_file_of: PlanFileOf, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An XML parser's memory follows the element count: 60 MB of one-letter paragraphs (214 KB
    zipped) took 1 GB before the line limit stopped it; now the count stops it while unzipping."""
    path = plan_file_of(key)
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 100)
    with pytest.raises(ReadError, match=f"{what}的内容超过 100 个 XML 元素"):
        read_document(path)


def _pdf_with_streams(*contents: bytes) -> bytes:
    """A one-page PDF whose page content is the given streams, each FlateDecode-compressed."""
    streams = [zlib.compress(c, 9) for c in contents]
    kids = " ".join(f"{4 + i} 0 R" for i in range(len(streams))).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + kids + b"] >>",
        *(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s) + s + b"\nendstream" for s in streams),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_a_pdf_stream_that_unfolds_past_the_limit_is_refused_before_pdfminer_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 4 * 1024 * 1024)
    bomb = _pdf_with_streams(b"BT ET\n", b" " * (5 * 1024 * 1024))  # 5 MB of spaces in a few KB
    assert len(bomb) < 64 * 1024
    with pytest.raises(limits.LimitError, match="PDF 的压缩内容解开后"):
        limits.check_pdf_streams(bomb, "bomb.pdf")
    with pytest.raises(limits.LimitError):
        read_bytes(bomb, "bomb.pdf")


@pytest.mark.parametrize("layer", ["/ASCIIHexDecode", "/A85"])
def test_a_pdf_bomb_behind_a_text_layer_is_refused_too(monkeypatch: pytest.MonkeyPatch, layer: str) -> None:
    import base64

    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 4 * 1024 * 1024)
    packed = zlib.compress(b" " * (5 * 1024 * 1024), 9)
    text = packed.hex().encode() + b">" if layer == "/ASCIIHexDecode" else base64.a85encode(packed, wrapcol=72) + b"~>"
    bomb = _pdf_with_streams(b"BT ET\n", b"").replace(
        b"/Filter /FlateDecode >>\nstream\n" + zlib.compress(b"", 9),
        b"/Filter [" + layer.encode() + b" /FlateDecode] >>\nstream\n" + text,
    )
    assert layer.encode() in bomb and len(bomb) < 64 * 1024
    with pytest.raises(limits.LimitError, match="PDF 的压缩内容解开后"):
        limits.check_pdf_streams(bomb, "bomb.pdf")


def test_an_lzw_pdf_bomb_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """LZW unfolds up to ~2,700 times (each code a run one longer than the last): counted as Flate is."""
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 16 * 1024)
    codes = [256, 32, *range(258, 498)]  # clear, " ", then "  ", "   ", …: 29 KB of spaces from 270 bytes
    bits = "".join(f"{c:09b}" for c in codes)
    packed = int(bits + "0" * (-len(bits) % 8), 2).to_bytes((len(bits) + 7) // 8, "big")
    from pdfminer.lzw import lzwdecode

    assert lzwdecode(packed) == b" " * (241 * 242 // 2)
    bomb = _pdf_with_streams(b"BT ET\n", b"").replace(
        b"/Filter /FlateDecode >>\nstream\n" + zlib.compress(b"", 9), b"/Filter /LZWDecode >>\nstream\n" + packed
    )
    with pytest.raises(limits.LimitError, match="PDF 的压缩内容解开后"):
        limits.check_pdf_streams(bomb, "bomb.pdf")
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 64 * 1024)
    limits.check_pdf_streams(bomb, "ok.pdf")


def test_pdf_streams_within_the_limit_pass_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 4 * 1024 * 1024)
    limits.check_pdf_streams(_pdf_with_streams(b"BT ET\n", b" " * (1024 * 1024), b" " * (1024 * 1024)), "ok.pdf")
