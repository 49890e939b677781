"""`duban backup` while units file reports against a running server, `duban restore` into an
empty installation elsewhere: every report filed before the backup began is there with its
photo, nothing confirmed after it ended is, and every restored file has the content its row
recorded. On SQLite (the embedded default) and, when the suite runs on PostgreSQL, on a
database of its own on that server. Then the refusals, and the daily backup with its kept count."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import REPO
from tests.web.filing import Filers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX servers and signals")
DUBAN = [sys.executable, "-m", "duban.cli"]


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DUBAN_DATA_DIR=str(data_dir), DUBAN_REMINDER_THREAD="0", DUBAN_BACKUP_KEEP="0",
               PYTHONPATH=str(REPO))
    env.pop("DUBAN_SECRET_KEY", None)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    got = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    assert got.returncode == 0, f"{cmd[3:]}: {got.stderr[-3000:]}"
    return got


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two installations, the second empty: SQLite data directories, or, when the suite runs on
    PostgreSQL, two new databases on its server (each with its own data directory for evidence)."""
    src, dst = _base_env(tmp_path / "source"), _base_env(tmp_path / "restored")
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield src, dst
        return
    import psycopg

    names = [f"duban_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("source", "restored")]
    admin = psycopg.connect(url, autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(url)
        src["DATABASE_URL"], dst["DATABASE_URL"] = (urlunsplit(parts._replace(path=f"/{n}")) for n in names)
        yield src, dst
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen([*DUBAN, "serve", "--port", str(port)], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("duban serve did not answer")


def _wait_for(filers: Filers, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while filers.count() < n and time.monotonic() < deadline and not filers.errors:
        time.sleep(0.05)


def test_backup_while_reports_are_filed_then_restore_elsewhere(
        installations: tuple[dict[str, str], dict[str, str]], tmp_path: Path) -> None:
    source, restored = installations
    data = json.loads(_run([sys.executable, "-m", "tests.web.filing", "build", "12", "25"], source).stdout)
    server, port = _serve(source)
    filers = Filers(port, data)
    try:
        filers.start()
        _wait_for(filers, 25)
        began = time.time()
        made = _run([*DUBAN, "backup", str(tmp_path / "backups")], source)  # the server and the filers carry on
        ended = time.time()
        at_end = filers.count()
        _wait_for(filers, at_end + 25)
    finally:
        filers.join()
        server.send_signal(signal.SIGTERM)  # not SIGINT: under pytest-xdist it is ignored
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
    assert filers.errors == []
    assert "已备份到" in made.stdout
    before = [f for f in filers.filed if f[2] < began]
    after = [f for f in filers.filed if f[2] > ended]
    assert len(before) >= 25 and len(after) >= 20  # filing went on before, during and after the backup

    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["backend"] == ("postgresql" if "DATABASE_URL" in source else "sqlite")
    got = _run([*DUBAN, "restore", str(backup)], restored)
    assert "已从" in got.stdout and "恢复" in got.stdout
    assert re.search(r"备份于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", got.stdout), got.stdout  # not an ISO stamp

    state = json.loads(_run([sys.executable, "-m", "tests.web.filing", "state"], restored).stdout)
    reports = state["reports"]
    for rid, digest, _when in before:  # every report filed before the backup began, with its photo
        r = reports[str(rid)]
        assert r["state"] == "submitted" and [f["sha256"] for f in r["files"]] == [digest]
    for rid, _digest, _when in after:  # nothing confirmed after the backup ended: it is a copy of one instant
        assert reports.get(str(rid), {}).get("state") != "submitted"
    assert all(f["file_ok"] for r in reports.values() for f in r["files"])  # every file there, same content
    assert all(r["audit"] >= 2 for r in reports.values() if r["state"] == "submitted")  # with their audit rows
    assert manifest["counts"]["reports"] == len(reports)
    original = json.loads(_run([sys.executable, "-m", "tests.web.filing", "state"], source).stdout)
    assert state["secret_key_sha256"] == original["secret_key_sha256"]  # sessions survive the move

    again = subprocess.run([*DUBAN, "restore", str(backup)], env=restored, cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 2 and "空" in again.stderr  # never over data already there


def test_restore_refuses_what_is_not_a_complete_backup_of_this_backend(tmp_path: Path) -> None:
    from django.db import connection

    from duban.core.errors import DubanError
    from duban.web.backup import FORMAT, restore_backup, sha256_of

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = tmp_path / "duban-backup-20260101-023000"
    backup.mkdir()
    (backup / "database.x").write_bytes(b"a database of the other backend")
    manifest = {"format": FORMAT, "database": {"backend": other, "file": "database.x",
                                                "sha256": sha256_of(backup / "database.x")}}
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    def refusal(path: Path) -> str:
        with pytest.raises(DubanError) as exc:
            restore_backup(path)
        return str(exc.value)

    assert "manifest.json" in refusal(tmp_path)  # not a backup at all
    part = backup.with_name(backup.name + ".part")
    shutil.copytree(backup, part)
    assert "没有写完" in refusal(part)  # one whose writing was cut short
    assert "请用相同的数据库恢复" in refusal(backup)  # SQLite's into PostgreSQL, or the other way
    with (backup / "database.x").open("ab") as fh:
        fh.write(b"\0")
    assert "校验值不符" in refusal(backup)  # a damaged copy


def test_the_daily_backup_is_made_once_a_day_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the schedule is the same on both backends; checked on SQLite")
    env = {**_base_env(tmp_path / "data"), "DUBAN_BACKUP_KEEP": "2", "DUBAN_BACKUP_TIME": "00:00",
           "DUBAN_BACKUP_DIR": str(tmp_path / "daily")}
    _run([sys.executable, "-m", "duban.web.manage", "migrate"], env)
    first = _run([*DUBAN, "worker", "--once"], env)
    assert "已写入今天的备份" in first.stdout
    (today,) = (tmp_path / "daily").glob("duban-backup-*")
    for old in ("20200101-023000", "20200102-023000"):  # two older days' backups
        shutil.copytree(today, tmp_path / "daily" / f"duban-backup-{old}")
    second = _run([*DUBAN, "worker", "--once"], env)
    assert "备份" not in second.stdout  # today's exists: nothing due
    names = sorted(p.name for p in (tmp_path / "daily").iterdir() if not p.name.startswith("."))
    assert len(names) == 3  # pruning happens when a backup is made
    shutil.rmtree(today)
    _run([*DUBAN, "worker", "--once"], env)
    names = sorted(p.name for p in (tmp_path / "daily").iterdir() if not p.name.startswith("."))
    assert names[0] == "duban-backup-20200102-023000" and len(names) == 2  # the newest two kept
    off = _run([*DUBAN, "worker", "--once"], {**env, "DUBAN_BACKUP_KEEP": "0", "DUBAN_BACKUP_DIR": str(tmp_path / "none")})
    assert "备份" not in off.stdout and not (tmp_path / "none").exists()


@pytest.mark.django_db(transaction=True)
def test_the_daily_backup_thread_holds_no_database_session_while_it_waits_nor_after_it_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each check of the daily backup closes the thread's connection: the thread waits ten minutes
    between checks and must keep no idle session on the server meanwhile, nor leave one when it
    ends. (The check stands in here for a backup reading through Django's ORM.)"""
    import threading

    from duban.web import backup as bk
    from duban.web.directory.models import Government
    from tests.web.dbsessions import assert_thread_leaves_no_session, require_postgresql

    require_postgresql()
    checked = threading.Event()

    def check() -> None:
        Government.objects.count()
        checked.set()

    monkeypatch.setattr(bk, "run_due_backup", check)
    assert_thread_leaves_no_session(lambda: bk.start_daily(delay=0), checked.is_set, "backup thread")
