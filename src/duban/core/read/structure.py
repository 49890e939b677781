"""What a file is by its structure, not by its first bytes: the old Office binary files (OLE) by
their streams, a PDF by parsing its catalog and pages, an Office Open XML file by its parts.

Used by the reader before it reads, and by the web app for evidence files, so a file that only
starts like a document (an HTML page behind a `%PDF-` header, eight bytes of OLE magic) or that
carries something else (macros, a program inside a .docx) is refused with the reason.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from types import ModuleType
from typing import Literal

from duban.core.errors import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# file name endings and first bytes of programs and scripts: never a part of a document
PROGRAM_SUFFIXES = {
    ".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".bat", ".cmd", ".ps1", ".psm1", ".vbs",
    ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".lnk", ".jar", ".sh", ".reg", ".msc", ".application",
    ".gadget", ".apk", ".elf", ".so", ".dylib",
}
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
MACRO_CONTENT_TYPES = ("application/vnd.ms-office.vbaproject", "application/vnd.ms-office.vbaprojectsignature")
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

NO_MACROS = "为安全起见不予读取;请用 Word/WPS 或 Excel 打开后另存为不含宏的 .docx 或 .xlsx"


def _is_program(head: bytes, filename: str) -> bool:
    suffix = posixpath.splitext(filename.lower())[1]
    return suffix in PROGRAM_SUFFIXES or head.startswith(PROGRAM_MAGIC)


# -- the old binary formats (OLE compound files) ------------------------------------------------

OleKind = Literal["doc", "xls"]

NO_OLEFILE = "本机未安装 olefile,无法检查 Office 二进制文件及其内嵌对象(pip install olefile 后再试)"


def _olefile(name: str) -> ModuleType:
    """olefile, imported when an OLE file first needs it. A machine installed before it was a
    dependency gets a message naming the missing package, not an internal error, and the file
    is refused rather than let through unchecked."""
    try:
        import olefile
    except ImportError as exc:
        raise ReadError(NO_OLEFILE, path=name) from exc
    module: ModuleType = olefile
    return module


def ole_kind(data: bytes, name: str) -> OleKind:
    """What an OLE compound file holds: a Word document ("doc": .doc, and .wps from WPS Office,
    which writes the same Word 97 format) or an Excel workbook ("xls": .xls, and WPS's .et, the
    same BIFF8 format). Refused: damaged files, password-protected ones, files with macros (a VBA
    project anywhere inside), and other OLE files (PowerPoint, Microsoft Works, Visio…)."""
    olefile = _olefile(name)

    if not data.startswith(OLE_MAGIC):
        raise ReadError("不是 Office 二进制文件(缺少复合文档文件头)", path=name)
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entries = [tuple(part.lower() for part in path) for path in ole.listdir(streams=True, storages=True)]
            top = {path[0] for path in entries}
            if "encryptioninfo" in top or "encryptedpackage" in top:
                raise ReadError("文件有密码保护(加密的 Office 文件),请先取消密码再读取", path=name)
            if any(part in ("vba", "_vba_project_cur", "macros", "_vba_project") for path in entries for part in path):
                raise ReadError(f"文件含有宏(VBA 代码),{NO_MACROS}", path=name)
            if "worddocument" in top:
                fib = ole.openstream("WordDocument").read(12)
                if len(fib) < 12:
                    raise ReadError("Word 文件已损坏(缺少文件信息块)", path=name)
                flags = int.from_bytes(fib[10:12], "little")
                if flags & 0x0100:  # fEncrypted
                    raise ReadError("文件有密码保护(加密的 Word 文件),请先取消密码再读取", path=name)
                return "doc"
            book = "workbook" if "workbook" in top else "book" if "book" in top else None
            if book is not None:
                if _biff_has_password(ole.openstream(book).read(1024 * 1024)):
                    raise ReadError("文件有密码保护(加密的 Excel 文件),请先取消密码再读取", path=name)
                return "xls"
            if "powerpoint document" in top:
                raise ReadError("这是 PowerPoint 演示文稿(.ppt),不是方案文件;请提供 Word、Excel、PDF 或 OFD 文件", path=name)
            raise ReadError("这是 Office 复合文档,但既不是 Word 也不是 Excel 文件(可能是 Microsoft Works 等其他程序的文件);"
                            "请用原程序另存为 .docx 或 .xlsx", path=name)
    except ReadError:
        raise
    except Exception as exc:  # olefile raises OSError, OleFileError and others for broken structures
        raise ReadError("Office 文件已损坏或不完整(复合文档结构无效),请重新下载或重新保存", path=name) from exc


def _biff_has_password(stream: bytes) -> bool:
    """Whether a BIFF workbook stream's globals hold a FILEPASS record (the workbook is encrypted):
    records are a 2-byte type and a 2-byte length; the globals end at the first EOF record."""
    pos = 0
    while pos + 4 <= len(stream):
        rtype = int.from_bytes(stream[pos:pos + 2], "little")
        length = int.from_bytes(stream[pos + 2:pos + 4], "little")
        if rtype == 0x002F:  # FILEPASS
            return True
        if rtype == 0x000A:  # EOF of the globals substream
            return False
        pos += 4 + length
    return False


# -- PDF ----------------------------------------------------------------------------------------

HTML_INSIDE = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|meta|a\s+href)\b", re.I)


def check_pdf(data: bytes, name: str) -> None:
    """A PDF is a file whose header is followed by a parseable document with a catalog and at
    least one page; a web page (or anything else) behind a `%PDF-` header is refused."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise ReadError("不是有效的 PDF 文件(缺少 PDF 文件头)", path=name)
    if HTML_INSIDE.search(data[start:start + 2048]):
        raise ReadError("文件以 PDF 文件头开始,内容却是网页,不是有效的 PDF", path=name)
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = PDFPage.create_pages(doc)
        first = next(iter(pages), None)
    except Exception as exc:  # pdfminer raises many types for what is not a PDF
        if type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise ReadError("PDF 文件有密码保护,请先解除密码再读取", path=name) from exc
        raise ReadError("不是有效的 PDF 文件(无法解析其结构),请重新下载或重新导出", path=name) from exc
    if first is None:
        raise ReadError("不是有效的 PDF 文件(没有页面)", path=name)


# -- Office Open XML (.docx .xlsx) --------------------------------------------------------------


def check_ooxml_parts(data: bytes, name: str, what: str) -> None:
    """Every part of a .docx or .xlsx must be a part of the document: declared in its
    [Content_Types].xml (the format requires it), not a macro project, not a program. A program
    wrapped as an embedded "package" object (the classic attack) is looked for inside embedded
    OLE objects too."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.filename.endswith("/")]
            try:
                types_xml = zf.read("[Content_Types].xml")
            except KeyError as exc:
                raise ReadError(f"{what}缺少内容类型清单([Content_Types].xml),不是有效的 Office 文件", path=name) from exc
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
            root = etree.fromstring(types_xml, parser)
            defaults = {str(d.get("Extension", "")).lower(): str(d.get("ContentType", "")).lower()
                        for d in root.iter(f"{CT_NS}Default")}
            overrides = {str(o.get("PartName", "")).lower(): str(o.get("ContentType", "")).lower()
                         for o in root.iter(f"{CT_NS}Override")}
            for info in infos:
                part = info.filename
                if part == "[Content_Types].xml":
                    continue
                base = posixpath.basename(part)
                ext = base.rsplit(".", 1)[1].lower() if "." in base else ""  # "_rels/.rels" is of extension rels
                ctype = overrides.get("/" + part.lower()) or defaults.get(ext)
                if ctype is None and part.startswith("[trash]/"):
                    ctype = ""  # what Office 2007 leaves of deleted content: undeclared, and ignored by Office
                if ctype is None:
                    raise ReadError(f"{what}中含有不属于文档的部件“{part}”,为安全起见不予读取", path=name)
                if ctype in MACRO_CONTENT_TYPES or part.lower().endswith("vbaproject.bin"):
                    raise ReadError(f"文件含有宏(VBA 代码),{NO_MACROS}", path=name)
                with zf.open(info) as member:
                    head = member.read(8)
                if _is_program(head, part):
                    raise ReadError(f"{what}中夹带了程序文件“{posixpath.basename(part)}”,为安全起见不予读取", path=name)
                if head.startswith(OLE_MAGIC) and info.file_size <= 64 * 1024 * 1024:
                    packaged = _packaged_file(zf.read(info), name)
                    if packaged is not None:
                        raise ReadError(f"{what}中嵌入了程序文件“{packaged}”,为安全起见不予读取", path=name)
    except ReadError:
        raise
    except Exception as exc:  # zip and XML errors: the readers say "damaged" with more detail
        raise ReadError(f"{what}已损坏或不完整,无法读取;请重新下载或重新保存", path=name) from exc


def _packaged_file(data: bytes, name: str) -> str | None:
    """The name of a program wrapped in an embedded OLE "package" (the \\x01Ole10Native stream:
    a size, two bytes, then the label and the original path, each ending in a zero byte, and
    later the file itself), or None when there is no package or it holds no program."""
    olefile = _olefile(name)

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("\x01Ole10Native"):
                return None
            stream: bytes = ole.openstream("\x01Ole10Native").read()
    except Exception:  # not a readable OLE object: nothing packaged that we can see
        return None
    body = stream[6:]
    label, _, rest = body.partition(b"\x00")
    path, _, rest = rest.partition(b"\x00")
    names = [n.decode("gb18030", "replace") for n in (label, path)]
    for n in names:
        if posixpath.splitext(n.replace("\\", "/").lower())[1] in PROGRAM_SUFFIXES:
            return n.replace("\\", "/").rsplit("/", 1)[-1]
    # the packaged bytes: after 4 unknown bytes, a length-prefixed temp path, then size and data
    try:
        rest = rest[4:]
        temp_len = int.from_bytes(rest[:4], "little")
        rest = rest[4 + temp_len:]
        payload = rest[4:12]
    except (IndexError, ValueError):
        return None
    if payload.startswith(PROGRAM_MAGIC):
        return names[0] or names[1] or "程序"
    return None
