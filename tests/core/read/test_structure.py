"""The reader. Files are checked by their structure, not their first bytes: OLE files by their
streams (olefile), PDFs by parsing, .docx/.xlsx by their parts."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from duban.core.errors import ReadError
from duban.core.read import read_bytes, read_document
from duban.core.read.structure import check_ooxml_parts, check_pdf, ole_kind
from tests.core.read.common import PlanFileOf
from tests.fixtures.ole import streams_of, write_ole

# -- OLE ----------------------------------------------------------------------------------------


def _ole_variant(plan_file_of: PlanFileOf, key: str, tmp_path: Path, change: dict[str, bytes], name: str) -> Path:
    """A real .doc/.xls (LibreOffice's) rewritten with streams added or replaced."""
    streams = streams_of(plan_file_of(key))
    streams.update(change)
    return write_ole(tmp_path / name, streams)


def test_a_word_file_carrying_macros_is_refused(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    path = _ole_variant(plan_file_of, "doc", tmp_path, {"Macros/VBA/dir": b"\x01" * 40, "Macros/VBA/ThisDocument": b"x"}, "m.doc")
    assert ole_kind(plan_file_of("doc").read_bytes(), "plain.doc") == "doc"  # the same file without them is Word
    with pytest.raises(ReadError, match="文件含有宏"):
        read_document(path)


def test_an_excel_file_carrying_macros_is_refused(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    path = _ole_variant(plan_file_of, "xls", tmp_path, {"_VBA_PROJECT_CUR/VBA/dir": b"\x01" * 40}, "m.et")
    with pytest.raises(ReadError, match="文件含有宏"):
        read_document(path)


def test_a_password_protected_word_file_is_refused(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    word = bytearray(streams_of(plan_file_of("doc"))["WordDocument"])
    word[11] |= 0x01  # fEncrypted in the file information block's flags
    path = _ole_variant(plan_file_of, "doc", tmp_path, {"WordDocument": bytes(word)}, "locked.doc")
    with pytest.raises(ReadError, match="密码保护"):
        read_document(path)


def test_a_password_protected_excel_file_is_refused(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    book = streams_of(plan_file_of("xls"))["Workbook"]
    bof_end = 4 + int.from_bytes(book[2:4], "little")
    filepass = b"\x2f\x00\x06\x00" + bytes(6)
    path = _ole_variant(plan_file_of, "xls", tmp_path, {"Workbook": book[:bof_end] + filepass + book[bof_end:]}, "locked.xls")
    with pytest.raises(ReadError, match="密码保护"):
        read_document(path)


@pytest.mark.parametrize(("streams", "name", "reason"), [
    ({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64}, "plan.docx", "密码保护"),
    ({"PowerPoint Document": b"\x00" * 64, "Current User": b"\x00" * 20}, "plan.doc", "PowerPoint"),
    ({"CONTENTS": b"\x00" * 64, "SPELLING": b"\x00" * 8}, "plan.wps", "既不是 Word 也不是 Excel"),
])
def test_other_ole_files_say_what_they_are(streams: dict[str, bytes], name: str, reason: str, tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=reason):
        read_document(write_ole(tmp_path / name, streams))


@pytest.mark.parametrize("name", ["plan.doc", "plan.xls", "plan.wps", "plan.et"])
def test_eight_bytes_of_ole_magic_are_not_an_office_file(name: str) -> None:
    with pytest.raises(ReadError, match="复合文档结构无效"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"<html><body>x</body></html>" * 40, name)


_WITHOUT_OLEFILE = """
import sys
sys.modules["olefile"] = None  # as on a machine installed before olefile was a dependency
from duban.core.errors import ReadError
from duban.core.read import read_bytes
try:
    read_bytes(open(sys.argv[1], "rb").read(), "plan.doc")
except ReadError as exc:
    print(exc)
"""


def test_without_olefile_an_office_binary_is_refused_naming_the_package(plan_file_of: PlanFileOf) -> None:
    """Such a file is checked for macros and programs by olefile; without it the file is refused
    with a message that names what to install, never an internal ModuleNotFoundError, and never
    let through unchecked."""
    run = subprocess.run([sys.executable, "-c", _WITHOUT_OLEFILE, str(plan_file_of("doc"))],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "olefile" in run.stdout and "未安装" in run.stdout


# -- PDF ----------------------------------------------------------------------------------------


def test_a_web_page_behind_a_pdf_header_is_not_a_pdf() -> None:
    page = b"%PDF-1.7\n<html><body><script>alert(1)</script><p>1.\xe4\xbb\xbb\xe5\x8a\xa1</p></body></html>\n%%EOF\n"
    with pytest.raises(ReadError, match="内容却是网页"):
        check_pdf(page, "evidence.pdf")
    with pytest.raises(ReadError, match="内容却是网页"):
        read_bytes(page, "plan.pdf")


def test_a_pdf_header_on_anything_else_fails_to_parse() -> None:
    with pytest.raises(ReadError, match="无法解析其结构"):
        check_pdf(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "x.pdf")


def test_a_real_pdf_passes(plan_file_of: PlanFileOf) -> None:
    path = plan_file_of("pdf")
    check_pdf(path.read_bytes(), path.name)


# -- .docx / .xlsx parts ------------------------------------------------------------------------


def _docx_with(source: Path, out: Path, extra: dict[str, bytes], types: str = "") -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            dst.writestr(item, data)
        for name, data in extra.items():
            dst.writestr(name, data)
    return out


PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)


@pytest.mark.parametrize(("extra", "types", "reason"), [
    ({"word/media/setup.exe": PROGRAM}, '<Default Extension="exe" ContentType="application/octet-stream"/>', "夹带了程序文件“setup.exe”"),
    ({"word/media/image9.png": PROGRAM}, '<Default Extension="png" ContentType="image/png"/>', "夹带了程序文件“image9.png”"),
    ({"word/extra.bin": b"\x00" * 50}, "", "不属于文档的部件“word/extra.bin”"),
    ({"word/vbaProject.bin": b"\x00" * 50}, '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>', "文件含有宏"),
])
def test_a_docx_carrying_a_program_or_a_foreign_part_is_refused(
    extra: dict[str, bytes], types: str, reason: str, plan_file_of: PlanFileOf, tmp_path: Path
) -> None:
    path = _docx_with(plan_file_of("docx_table"), tmp_path / "plan.docx", extra, types)
    with pytest.raises(ReadError, match=reason):
        read_document(path)


def test_a_program_wrapped_in_an_embedded_package_object_is_refused(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    # an OLE "Package" object: size, 2 bytes, label, path, 4 bytes, temp path (length-prefixed), size, data
    temp = b"C:\\Temp\\invoice.exe\x00"
    native = (b"\x00\x00\x00\x00\x02\x00" + b"invoice.exe\x00" + b"C:\\Users\\a\\invoice.exe\x00" + b"\x00\x00\x03\x00"
              + len(temp).to_bytes(4, "little") + temp + len(PROGRAM).to_bytes(4, "little") + PROGRAM)
    package = write_ole(tmp_path / "oleObject1.bin", {"\x01Ole10Native": native}).read_bytes()
    path = _docx_with(plan_file_of("docx_table"), tmp_path / "plan.docx", {"word/embeddings/oleObject1.bin": package},
                      '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>')
    with pytest.raises(ReadError, match="嵌入了程序文件“invoice.exe”"):
        read_document(path)


@pytest.mark.parametrize("key", ["docx_paragraphs", "docx_table", "xlsx"])
def test_office_files_as_word_excel_and_libreoffice_write_them_pass(key: str, plan_file_of: PlanFileOf) -> None:
    path = plan_file_of(key)
    check_ooxml_parts(path.read_bytes(), path.name, "文件")


def test_files_libreoffice_and_our_export_write_pass(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from duban.core.export import plan_to_xlsx
    from duban.core.parse import parse_file
    from duban.core.read.convert import convert_ole

    check_ooxml_parts(plan_to_xlsx(parse_file(plan_file_of("docx_table"))), "export.xlsx", "文件")
    check_ooxml_parts(convert_ole(plan_file_of("doc").read_bytes(), "doc", "plan.doc"), "plan.docx", "文件")


def test_what_office_2007_leaves_in_its_trash_folder_is_no_foreign_part(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    path = _docx_with(plan_file_of("docx_table"), tmp_path / "plan.docx", {"[trash]/0000.dat": b"\x00" * 40})
    assert read_document(path).lines
    program = _docx_with(plan_file_of("docx_table"), tmp_path / "p2.docx", {"[trash]/0001.dat": PROGRAM})
    with pytest.raises(ReadError, match="夹带了程序文件"):
        read_document(program)
