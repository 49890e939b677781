"""Upgrades: `duban serve` creates a new database by itself, but refuses to start on one that lacks
migrations of this version unless told to apply them (`--migrate`), saying what they will change."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals as on POSIX")


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DUBAN_DATA_DIR=str(data_dir), DUBAN_REMINDER_THREAD="0")
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "duban.web.manage", *args], env=env, check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_until_it_answers(env: dict[str, str], *extra: str) -> tuple[int | None, str, str]:
    """Start `duban serve`; once it answers on its port, stop it. (exit status, stdout, stderr)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve", "--port", str(port), *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
            continue
        break
    # SIGTERM, not SIGINT: a process started under pytest-xdist ignores SIGINT, and would be left serving
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out, err


def test_serve_refuses_a_database_that_lacks_migrations_and_says_what_they_change(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _manage(env, "migrate")
    _manage(env, "migrate", "documents", "zero")  # as if the new version had brought the documents app
    code, out, err = _serve_until_it_answers(env)
    assert code == 2, out + err
    assert "督办已启动" not in out
    assert "documents.0001_initial" in err and "Create model Bulletin" in err  # what will change
    assert "duban backup" in err and "--migrate" in err  # and how to go on
    worker = subprocess.run([sys.executable, "-m", "duban.cli", "worker", "--once"], env=env, capture_output=True,
                            text=True)
    assert worker.returncode == 2 and "documents.0001_initial" in worker.stderr  # the worker never migrates

    listed = err.count("\n  documents.")
    code, out, err = _serve_until_it_answers(env, "--migrate")
    assert f"已应用 {listed} 个数据库迁移" in out and "督办已启动" in out, err


def test_serve_creates_a_new_database_by_itself(tmp_path: Path) -> None:
    code, out, err = _serve_until_it_answers(_env(tmp_path))
    assert "督办已启动" in out, err
    with sqlite3.connect(tmp_path / "duban.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'cycle'").fetchone()[0] >= 1
