"""What a file is: from its content first (magic numbers, zip members, tags), then its name."""

from __future__ import annotations

import io
import re
import zipfile

from duban.core.errors import ReadError
from duban.core.read.structure import OLE_MAGIC, ole_kind

MAX_BYTES = 50 * 1024 * 1024  # a published plan is a few hundred kB; 50 MB is not a plan

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".shtm", ".asp", ".aspx", ".jsp", ".php", ".mht", ".mhtml"}
WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
LEGACY_WORD = {".doc", ".wps", ".dot", ".wpt"}
LEGACY_EXCEL = {".xls", ".et", ".xlt", ".ett"}

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


HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
MHT_START = re.compile(rb"^\s*(?:[\w-]+:[^\n]*\r?\n)*?MIME-Version:", re.I)
HTML_TAG = re.compile(rb"</?(p|div|table|tr|td|span|br|body|html|h[1-6]|li)\b[^>]*>", re.I)


def sniff(data: bytes, suffix: str, name: str) -> str:
    """The kind of `data` (docx, xlsx, pdf, html, txt; doc and xls for the old binary Word and
    Excel formats, WPS's .wps and .et among them; ofd), or a `ReadError` saying what it is instead."""
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, suffix, name)
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return ole_kind(data, name)  # by its streams: Word or Excel, or refused with the reason
    if data.lstrip()[:5] == b"{\\rtf":
        raise ReadError(f"这是 RTF 文件,暂不支持;{SAVE_AS_DOCX}", path=name)
    if suffix in WORD_SUFFIXES:
        raise ReadError("Word 文件已损坏或不完整(不是有效的 .docx),请重新下载或重新保存", path=name)
    if suffix in EXCEL_SUFFIXES:
        raise ReadError("Excel 文件已损坏或不完整(不是有效的 .xlsx),请重新下载或重新保存", path=name)
    if suffix == ".pdf":
        raise ReadError("PDF 文件已损坏(缺少 PDF 文件头)", path=name)
    if suffix in LEGACY_WORD:
        raise ReadError(f"不是可识别的旧版 Word/WPS 文件({suffix},缺少复合文档文件头):可能已损坏,或是早期 WPS、"
                        "Microsoft Works 的格式;请用 WPS 或 Word 打开后另存为 .docx 再读取", path=name)
    if suffix in LEGACY_EXCEL:
        raise ReadError(f"旧版 Excel/WPS 表格文件({suffix})已损坏或不完整(缺少复合文档文件头),请重新下载或重新保存", path=name)
    if suffix == ".ofd":
        raise ReadError("OFD 文件已损坏或不完整(不是有效的 OFD 压缩包),请重新下载", path=name)
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
    what = {**dict.fromkeys(WORD_SUFFIXES, "Word 文件"), **dict.fromkeys(EXCEL_SUFFIXES, "Excel 文件"),
            ".ofd": "OFD 文件"}.get(suffix, "压缩文件")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except Exception as exc:  # BadZipFile, OSError, ValueError, NotImplementedError ("zip file version 6.4")…
        raise ReadError(f"{what}已损坏或不完整(无法解压),请重新下载或重新保存", path=name) from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    if "mimetype" in names and any(n == "content.xml" for n in names):
        raise ReadError(f"这是 OpenDocument 文件(.odt/.ods),暂不支持;{SAVE_AS_DOCX}", path=name)
    if suffix in WORD_SUFFIXES or suffix in EXCEL_SUFFIXES:
        raise ReadError(f"{what}已损坏或不完整(缺少正文部分),请重新下载或重新保存", path=name)
    raise ReadError("这是压缩包(zip),不是文档;请解压后读取其中的方案文件", path=name)
