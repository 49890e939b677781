"""The reader. The old binary formats (.doc .wps .xls .et) through LibreOffice run headless."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from duban.cli import main
from duban.core.errors import ReadError
from duban.core.read import read_bytes, read_document
from duban.core.read.convert import convert_ole
from duban.core.read.structure import ole_kind
from tests.core.read.common import PlanFileOf, rows
from tests.fixtures.files import HEADER


@pytest.mark.parametrize(("key", "kind"), [("doc", "doc"), ("wps", "doc"), ("xls", "xls"), ("et", "xls")])
def test_wps_and_et_files_are_the_word_and_excel_binary_formats(key: str, kind: str, plan_file_of: PlanFileOf) -> None:
    path = plan_file_of(key)
    assert ole_kind(path.read_bytes(), path.name) == kind


def test_a_doc_table_reads_as_its_docx_twin_with_a_note(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("doc"))
    assert doc.kind == "doc"
    assert rows(doc)[0] == HEADER
    assert doc.notes[0] == "旧版 Word/WPS 文件已由 LibreOffice 转换为 .docx 后读取"


def test_an_et_sheet_reads_as_its_xlsx_twin(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("et"))
    assert doc.kind == "xls"
    assert HEADER in rows(doc)
    assert "文件扩展名" not in " ".join(doc.notes)  # .et is an Excel binary file: no mismatch to report


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def _some_doc(plan_file_of: PlanFileOf) -> bytes:
    return plan_file_of("doc").read_bytes()


def test_without_libreoffice_the_reason_names_what_to_install(
    plan_file_of: PlanFileOf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _some_doc(plan_file_of)
    monkeypatch.setenv("DUBAN_SOFFICE", str(tmp_path / "not-installed"))
    with pytest.raises(ReadError, match="需要 LibreOffice") as info:
        read_bytes(data, "plan.wps")
    assert "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in info.value.reason
    path = tmp_path / "plan.doc"
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"duban: {path}: ") and "需要 LibreOffice" in err


def test_a_conversion_that_hangs_is_stopped_with_its_children(
    plan_file_of: PlanFileOf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _some_doc(plan_file_of)  # made by the real LibreOffice, before the stand-in is set
    pids = tmp_path / "pids"
    # the fake starts a child that would outlive it, as soffice starts soffice.bin
    monkeypatch.setenv("DUBAN_SOFFICE", str(_fake_soffice(tmp_path, f"sleep 60 & echo $! > {pids}; wait")))
    with pytest.raises(ReadError, match="文件转换超时"):
        convert_ole(data, "doc", "plan.doc", timeout=3)  # time for the fake to start its child on a loaded machine
    child = int(pids.read_text())
    state = ""
    for _ in range(50):  # a killed process may pass through D (being torn down) before it is gone
        try:
            os.kill(child, 0)
            with open(f"/proc/{child}/stat", encoding="ascii") as f:
                state = f.read().split()[2]
        except (ProcessLookupError, FileNotFoundError):
            return
        if state == "Z":  # killed, not yet reaped by init
            return
        time.sleep(0.1)
    raise AssertionError(f"the converter's child still runs (state {state})")


def test_a_conversion_that_writes_nothing_says_libreoffice_could_not_open_it(
    plan_file_of: PlanFileOf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _some_doc(plan_file_of)
    monkeypatch.setenv("DUBAN_SOFFICE", str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2")))
    with pytest.raises(ReadError, match=r"LibreOffice 无法打开这个文件\(文件可能已损坏\);请用 Word/WPS 打开后另存为"):
        convert_ole(data, "doc", "plan.doc")


def test_conversions_at_once_each_have_their_own_profile_and_leave_nothing_behind(
    plan_file_of: PlanFileOf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile
    from collections import OrderedDict

    from duban.core.read import convert

    monkeypatch.setattr(convert, "_recent", OrderedDict())  # really convert, not from memory
    sources = {"doc": plan_file_of("doc").read_bytes(), "xls": plan_file_of("xls").read_bytes()}
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def convert(kind: str) -> None:
        try:
            results[kind] = convert_ole(sources[kind], kind, f"plan.{kind}")  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(k,)) for k in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results["doc"].startswith(b"PK") and results["xls"].startswith(b"PK")
    assert list(work.iterdir()) == []  # profiles, copies and outputs all removed


def test_the_same_file_read_twice_is_converted_once(plan_file_of: PlanFileOf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upload is read twice (is it a 政府工作报告 or a plan?): the second read reuses the result."""
    runs = tmp_path / "runs"
    real = plan_file_of("docx_table").read_bytes()
    out = tmp_path / "made.docx"
    out.write_bytes(real)
    # a stand-in that counts its runs and "converts" by copying a .docx to where soffice would write it
    script = f'echo run >> {runs}; while [ "$1" != "--outdir" ]; do shift; done; mkdir -p "$2"; cp {out} "$2/input.docx"'
    data = _some_doc(plan_file_of)
    monkeypatch.setenv("DUBAN_SOFFICE", str(_fake_soffice(tmp_path, script)))
    first = read_bytes(data, "plan.doc")
    second = read_bytes(data, "plan.doc")
    assert first.lines == second.lines
    assert runs.read_text().count("run") == 1
