"""The old binary formats (.doc .wps .xls .et) through LibreOffice run headless, into .docx/.xlsx.

Each conversion runs `soffice --headless --convert-to docx|xlsx` in a temporary directory of its
own, with a private user profile there (`-env:UserInstallation`), so conversions running at once
never share a profile (LibreOffice refuses a second process on one profile, or hands the work to
the first); it is stopped after `TIMEOUT_S` seconds and everything it wrote is removed. The input
is copied under the suffix its structure says it is (`ole_kind`), so a WPS .wps is opened by the
Word filter and not mistaken for Microsoft Works. A profile of its own costs about one second.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import MAX_UNZIPPED_BYTES, mb, too_big
from duban.core.read.structure import OleKind

TIMEOUT_S = 120  # a 10,000-task .doc took 38 s on a loaded 2-core machine (bench/parse.py)
TARGET = {"doc": "docx", "xls": "xlsx"}
INSTALL_HINT = (
    "读取旧版 Word/WPS/Excel 文件(.doc .wps .xls .et)需要 LibreOffice,本机未安装;"
    "请安装 LibreOffice(Debian/Ubuntu:apt-get install libreoffice-writer-nogui libreoffice-calc-nogui),"
    "或用 Word/WPS 另存为 .docx/.xlsx 后再读取"
)


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (`$DUBAN_SOFFICE` overrides)."""
    configured = os.environ.get("DUBAN_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


_recent: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()  # the last conversions, by content
_recent_lock = threading.Lock()
KEEP = 4
KEEP_BYTES = 16 * 1024 * 1024  # a larger result is not kept: at most 64 MB held between reads


def convert_ole(data: bytes, kind: OleKind, name: str, *, timeout: float | None = None) -> bytes:
    """The .docx (for "doc") or .xlsx (for "xls") LibreOffice makes of `data`; a `ReadError`
    naming what to install when LibreOffice is absent, or why the conversion failed. The last few
    results are kept by the content's digest: an upload is read twice (is it a report or a plan?)
    and a second conversion of the same bytes would cost another second or more."""
    program = soffice()
    if program is None:
        raise ReadError(INSTALL_HINT, path=name)
    key = (hashlib.sha256(data).hexdigest(), kind, program)
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    result = _convert(program, data, kind, name, TIMEOUT_S if timeout is None else timeout)
    if len(result) > KEEP_BYTES:
        return result
    with _recent_lock:
        _recent[key] = result
        while len(_recent) > KEEP:
            _recent.popitem(last=False)
    return result


def _convert(program: str, data: bytes, kind: OleKind, name: str, timeout: float) -> bytes:
    target = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="duban-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"input.{kind}"
        source.write_bytes(data)
        out = work / "out"
        cmd = [
            program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
            "--nologo", "--nodefault", "--nolockcheck", "--norestore",
            "--convert-to", target, "--outdir", str(out), str(source),
        ]
        env = {**os.environ, "HOME": tmp, "TMPDIR": tmp}  # nothing written outside the directory
        try:
            proc = subprocess.Popen(  # noqa: S603 - our program and arguments; the file is only a path
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=env, cwd=tmp, start_new_session=True)
        except OSError as exc:
            raise ReadError(f"无法启动 LibreOffice({exc.strerror or exc});{INSTALL_HINT}", path=name) from exc
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(f"文件转换超时(超过 {timeout:.0f} 秒),文件可能过大或已损坏;请用 Word/WPS 另存为 .docx/.xlsx 后再读取",
                            path=name) from exc
        finally:
            _stop(proc)
        result = out / f"input.{target}"
        if not result.is_file() or result.stat().st_size == 0:  # LibreOffice's own words (English) stay out
            raise ReadError("LibreOffice 无法打开这个文件(文件可能已损坏);请用 Word/WPS 打开后另存为 .docx/.xlsx 再读取",
                            path=name)
        if result.stat().st_size > MAX_UNZIPPED_BYTES:
            raise too_big("转换后的文件过大", mb(MAX_UNZIPPED_BYTES), name)
        return result.read_bytes()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End what is left of the conversion's process group (soffice starts soffice.bin in it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended by itself
    proc.wait()


def read_doc(data: bytes, name: str) -> Document:
    """A Word 97 binary file (.doc, or WPS's .wps), converted to .docx and read as Word."""
    from duban.core.read.word import read_docx

    doc = read_docx(convert_ole(data, "doc", name), name)
    doc.notes.insert(0, "旧版 Word/WPS 文件已由 LibreOffice 转换为 .docx 后读取")
    return doc


def read_xls(data: bytes, name: str) -> Document:
    """An Excel binary workbook (.xls, or WPS's .et), converted to .xlsx and read as Excel."""
    from duban.core.read.excel import read_xlsx

    doc = read_xlsx(convert_ole(data, "xls", name), name)
    doc.notes.insert(0, "旧版 Excel/WPS 表格文件已由 LibreOffice 转换为 .xlsx 后读取")
    return doc
