"""`duban serve --workers N`: N processes answering on one port, stopped cleanly by SIGTERM."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="--workers needs fork (POSIX)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except OSError:
                continue
    return out


def test_workers_serve_the_app_from_several_processes(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DUBAN_DATA_DIR=str(tmp_path), DUBAN_REMINDER_THREAD="1")
    proc = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/accounts/login/")
                resp = conn.getresponse()
                status, body = resp.status, resp.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else "no answer"  # type: ignore[union-attr]
        assert "登录" in body
        if Path("/proc").is_dir():
            assert len(_children(proc.pid)) == 2  # gunicorn's master and its two workers
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "2 个进程 × 4 个线程" in out  # fewer threads per process than one process's 8 (serve.THREADS_PER_WORKER)
    assert "duban worker" in err  # the reminders thread does not cross the fork: it says where they go


def test_workers_must_be_a_positive_number() -> None:
    res = subprocess.run([sys.executable, "-m", "duban.cli", "serve", "--workers", "0"], capture_output=True, text=True)
    assert res.returncode == 2 and "正整数" in res.stderr


def test_what_loading_made_is_frozen_out_of_the_collectors_walks() -> None:
    import gc

    from duban.web.serve import freeze_loaded_objects

    before = gc.get_freeze_count()
    try:
        freeze_loaded_objects()
        assert gc.get_freeze_count() > before + 10_000  # Django and the apps, not a handful
    finally:
        gc.unfreeze()
