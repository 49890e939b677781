"""Evidence files are checked by their structure (issue 18, finding 7): an OLE file by its
streams, a PDF by parsing, a .docx by its parts; not by their first bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from duban.web.common.services import ServiceError
from duban.web.cycle.evidence import check
from tests.fixtures.ole import write_ole


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "report")
    return bytes(pdf.output())


def _docx(extra: dict[str, bytes], types: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="xml" ContentType="application/xml"/>' + types + "</Types>")
        zf.writestr("word/document.xml", "<w:document/>")
        for name, data in extra.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _ole(tmp_path: Path, streams: dict[str, bytes]) -> bytes:
    return write_ole(tmp_path / "x.doc", streams).read_bytes()


def test_a_parsed_pdf_a_plain_docx_and_a_word_binary_file_are_accepted(tmp_path: Path, settings: Any) -> None:
    assert check(_pdf(), "报告.pdf").ext == ".pdf"
    assert check(_docx({}), "报告.docx").ext == ".docx"
    assert check(_ole(tmp_path, {"WordDocument": bytes(64)}), "报告.wps").ext == ".wps"


@pytest.mark.parametrize(("make", "name", "reason"), [
    (lambda t: b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF", "现场.pdf", "内容却是网页"),
    (lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"<html>" * 100, "台账.xls", "复合文档结构无效"),
    (lambda t: _ole(t, {"WordDocument": bytes(64), "Macros/VBA/dir": bytes(64)}), "方案.doc", "含有宏"),
    (lambda t: _ole(t, {"WordDocument": bytes(64)}), "台账.xls", "内容是Word文件"),
    (lambda t: _docx({"word/media/run.exe": b"MZ" + bytes(100)}, '<Default Extension="exe" ContentType="application/octet-stream"/>'),
     "材料.docx", "夹带了程序文件"),
    (lambda t: _docx({"word/payload.bin": bytes(100)}), "材料.docx", "不属于文档的部件"),
])
def test_files_that_only_start_like_documents_are_refused(make: Any, name: str, reason: str, tmp_path: Path, settings: Any) -> None:
    with pytest.raises(ServiceError, match=reason):
        check(make(tmp_path), name)
