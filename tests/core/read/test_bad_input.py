"""The reader. Every bad input into one clear Chinese reason, through `read_document` and through `duban parse`."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from duban.cli import main
from duban.core.errors import ReadError
from duban.core.read import MAX_BYTES, read_bytes, read_document
from tests.core.read.common import PlanFileOf
from tests.fixtures.ofd import write_scanned_ofd
from tests.fixtures.ole import write_ole


def _truncated(path: Path, tmp_path: Path) -> Path:
    data = path.read_bytes()
    out = tmp_path / ("cut-" + path.name)
    out.write_bytes(data[: len(data) // 2])
    return out


def _ole(tmp_path: Path, name: str) -> Path:
    p = tmp_path / name
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return p


BAD_INPUTS: dict[str, tuple[Callable[[Path, PlanFileOf], Path], str]] = {
    "missing": (lambda t, f: t / "nope.txt", "文件不存在"),
    "directory": (lambda t, f: t, "这是一个目录"),
    "empty": (lambda t, f: _write(t / "empty.txt", b""), "文件是空的"),
    "binary": (lambda t, f: _write(t / "blob.txt", bytes(range(256)) * 20), "二进制文件"),
    "image": (lambda t, f: _write(t / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(100)), "图片文件"),
    "undecodable": (lambda t, f: _write(t / "bad.txt", b"\x80\x80 \xff\xfe\x81" * 40), "无法识别文件编码"),
    "truncated docx": (lambda t, f: _truncated(f("docx_table"), t), "Word 文件已损坏或不完整"),
    "truncated xlsx": (lambda t, f: _truncated(f("xlsx"), t), "Excel 文件已损坏或不完整"),
    "truncated pdf": (lambda t, f: _truncated(f("pdf"), t), "PDF 文件不完整"),
    "text named docx": (lambda t, f: _write(t / "plan.docx", "一、目标".encode()), "Word 文件已损坏或不完整"),
    "ole magic only doc": (lambda t, f: _ole(t, "plan.doc"), "Office 文件已损坏或不完整(复合文档结构无效)"),
    "ole magic only xls": (lambda t, f: _ole(t, "plan.xls"), "Office 文件已损坏或不完整(复合文档结构无效)"),
    "ole magic only wps": (lambda t, f: _ole(t, "plan.wps"), "Office 文件已损坏或不完整(复合文档结构无效)"),
    "text named et": (lambda t, f: _write(t / "plan.et", "一、目标".encode()), "旧版 Excel/WPS 表格文件(.et)已损坏或不完整"),
    "encrypted docx": (lambda t, f: write_ole(t / "plan.docx", {"EncryptionInfo": b"\x04\x00", "EncryptedPackage": bytes(64)}), "密码保护"),
    "plain zip": (lambda t, f: _zip(t / "plans.zip"), "压缩包"),
    "scanned pdf": (lambda t, f: _scanned(t, f), "这是扫描件(PDF 中没有文字层,只有图片),无法读取其中的文字;请提供可复制文字的版本或 Word 文件"),
    "scanned ofd": (lambda t, f: write_scanned_ofd(t / "scan.ofd"), "这是扫描件(OFD 中没有文字层"),
    "text named ofd": (lambda t, f: _write(t / "plan.ofd", "一、目标".encode()), "OFD 文件已损坏或不完整"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "x")
    return path


def _scanned(tmp_path: Path, plan_file_of: PlanFileOf) -> Path:
    from tests.fixtures.files import write_scanned_pdf

    plan_file_of("pdf")  # skips with the reason when the font (and so fpdf output) is not set up
    return write_scanned_pdf(tmp_path / "scan.pdf")


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_a_read_error_naming_the_file(case: str, tmp_path: Path, plan_file_of: PlanFileOf) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path, plan_file_of)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert reason in info.value.reason
    assert str(info.value) == f"{path}: {info.value.reason}"
    assert re.search(r"[\u4e00-\u9fff]", info.value.reason)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    case: str, tmp_path: Path, plan_file_of: PlanFileOf, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD_INPUTS[case]
    path = make(tmp_path, plan_file_of)
    assert main(["parse", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"duban: {path}: ")
    assert reason in err
    assert "Traceback" not in err


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 50 MB written to disk

    def never(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(ReadError, match="文件太大"):
        read_document(big)


def test_a_file_over_50_mb_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    assert main(["parse", str(big)]) == 2
    assert "文件太大" in capsys.readouterr().err


def test_bytes_over_50_mb_are_refused() -> None:
    with pytest.raises(ReadError, match="文件太大"):
        read_bytes(b"a" * (MAX_BYTES + 1), "big.txt")


def test_docx_with_broken_xml_inside_a_good_zip_is_damaged(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    src = zipfile.ZipFile(plan_file_of("docx_table"))
    out = tmp_path / "broken.docx"
    with zipfile.ZipFile(out, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            zf.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="Word 文件已损坏或不完整"):
        read_document(out)


def test_an_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("一、目标", encoding="utf-8")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as root: permissions do not stop reading")
        with pytest.raises(ReadError, match="权限"):
            read_document(p)
    finally:
        p.chmod(0o644)


def test_a_zip_needing_a_newer_zip_version_is_damaged_not_a_crash(plan_file_of: PlanFileOf) -> None:
    data = bytearray(plan_file_of("xlsx").read_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6] = 64  # "version needed to extract": 6.4, which zipfile raises NotImplementedError for
    with pytest.raises(ReadError, match="Excel 文件已损坏或不完整"):
        read_bytes(bytes(data), "plan.xlsx")
