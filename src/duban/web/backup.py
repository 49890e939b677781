"""Backups: everything an office would lose with the machine, copied consistently while the
server runs, and brought back into an empty data directory.

A backup is a directory `duban-backup-YYYYMMDD-HHMMSS/` holding:

- the database as of one instant: SQLite's online backup API (one step, so one read
  transaction; writers carry on meanwhile in WAL mode), or `pg_dump` in the custom format for
  PostgreSQL, run on a snapshot exported from a transaction of our own so the list of evidence
  files is read from exactly the data the dump holds;
- the evidence files that database names (`evidence/`), each checked against the SHA-256 its
  row recorded. A file is written before its row commits and never deleted once it has one, so
  every file the snapshot names is there to copy;
- the secret key (sessions and password-reset links stay valid after a restore);
- `manifest.json`: what it is, when, the counts it holds, the migrations applied.

It is written under a `.part` name and renamed when complete, so a half-written backup is never
taken for one. `run_due_backup` makes the daily one and keeps the newest `DUBAN_BACKUP_KEEP`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from duban.core.errors import DubanError

log = logging.getLogger("duban.backup")

FORMAT = "duban.backup/1"
PREFIX = "duban-backup-"
NAME = re.compile(rf"^{PREFIX}(\d{{8}})-(\d{{6}})(-\d+)?$")
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


def _tables() -> dict[str, str]:
    """What the manifest counts, by table: read straight from the snapshot, not through the ORM."""
    from duban.web.accounts.models import User
    from duban.web.common.models import AuditLog
    from duban.web.cycle.models import Attachment, Report
    from duban.web.directory.models import Government, Unit
    from duban.web.plans.models import Plan, Task

    return {label: model._meta.db_table for label, model in (
        ("governments", Government), ("units", Unit), ("users", User), ("plans", Plan), ("tasks", Task),
        ("reports", Report), ("attachments", Attachment), ("audit_rows", AuditLog))}


def _attachment_table() -> str:
    from duban.web.cycle.models import Attachment

    return Attachment._meta.db_table


@dataclass(frozen=True)
class Snapshot:
    """What was read from the database at the instant the copy was taken."""

    counts: dict[str, int]
    files: list[tuple[str, str, int]]  # (stored name, sha256, size) of every evidence row
    migrations: list[str]


def _read_snapshot(cur: Any) -> Snapshot:
    counts = {}
    for label, table in _tables().items():
        cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 — table names from the models
        counts[label] = int(cur.fetchone()[0])
    cur.execute(f"SELECT stored_name, sha256, size FROM {_attachment_table()} ORDER BY stored_name")  # noqa: S608
    files = [(str(a), str(b), int(c)) for a, b, c in cur.fetchall()]
    cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return Snapshot(counts, files, [f"{a}.{n}" for a, n in cur.fetchall()])


def _vendor() -> str:
    return "sqlite" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "postgresql"


# --- SQLite ------------------------------------------------------------------------------------

def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _sqlite_copy(target: Path) -> Snapshot:
    """SQLite's online backup in one step: one read transaction, so one instant of the data;
    in WAL mode writers are not held up meanwhile. The copy is a single file (no WAL beside it)."""
    source = _sqlite_path()
    if not source.exists():
        raise DubanError("数据库文件不存在:还没有可以备份的数据", path=str(source))
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        return _read_snapshot(dst.cursor())
    finally:
        dst.close()
        src.close()


# --- PostgreSQL --------------------------------------------------------------------------------

def _pg_params() -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {"host": str(db.get("HOST") or ""), "port": str(db.get("PORT") or ""), "user": str(db.get("USER") or ""),
            "password": str(db.get("PASSWORD") or ""), "dbname": str(db["NAME"])}


def _pg_env() -> dict[str, str]:
    p = _pg_params()
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD"),
                     ("dbname", "PGDATABASE")):
        if p[key]:
            env[var] = p[key]
    return env


def _pg_connect() -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    return psycopg.connect(make_conninfo(**{k: v for k, v in _pg_params().items() if v}))


def pg_tool(name: str, server_version: int) -> str:
    """`pg_dump` or `pg_restore` of the server's major version (Debian keeps each under
    /usr/lib/postgresql/N/bin), else the one on PATH: an older pg_dump refuses a newer server."""
    major = server_version // 10000
    exact = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if exact.exists():
        return str(exact)
    found = shutil.which(name)
    if not found:
        raise DubanError(f"找不到 {name}:请安装 PostgreSQL {major} 的客户端程序(Debian:postgresql-client-{major})")
    return found


def _run(cmd: list[str]) -> None:
    got = subprocess.run(cmd, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603 — our own argv
    if got.returncode:
        raise DubanError(f"{Path(cmd[0]).name} 失败:{got.stderr.strip()[-500:]}")


def _pg_copy(target: Path) -> Snapshot:
    """pg_dump on a snapshot exported from our own repeatable-read transaction: the evidence list
    and the counts are read from the same instant the dump holds."""
    import psycopg

    conn = _pg_connect()
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            row = cur.fetchone()
            snapshot_id = str(row[0]) if row else ""
            snap = _read_snapshot(cur)
        _run([pg_tool("pg_dump", conn.info.server_version), "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot_id}", f"--file={target}"])
        conn.rollback()
        return snap
    finally:
        conn.close()


def _pg_has_tables(conn: Any) -> bool:
    with conn.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
        row = cur.fetchone()
    return bool(row and row[0])


# --- both --------------------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _evidence_path(root: Path, stored_name: str) -> Path:
    from duban.web.cycle.evidence import path_of

    return root / path_of(stored_name).relative_to(Path(settings.DUBAN_EVIDENCE_DIR))


def _copy_checked(src: Path, dst: Path, sha256: str) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with src.open("rb") as fin, dst.open("wb") as fout:
        for chunk in iter(lambda: fin.read(1 << 20), b""):
            h.update(chunk)
            fout.write(chunk)
    if h.hexdigest() != sha256:
        raise DubanError(f"佐证材料 {src.name} 的内容与登记的校验值不符(文件已损坏?)", path=str(src))


def _unique_name(directory: Path, when: dt.datetime) -> Path:
    base = f"{PREFIX}{when:%Y%m%d-%H%M%S}"
    path, n = directory / base, 1
    while path.exists() or path.with_name(path.name + ".part").exists():
        n += 1
        path = directory / f"{base}-{n}"
    return path


def make_backup(directory: Path | str) -> tuple[Path, dict[str, Any]]:
    """Write a complete backup under `directory`; return its path and manifest."""
    from duban import __version__

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    started = timezone.localtime()
    final = _unique_name(directory, started)
    work = final.with_name(final.name + ".part")
    work.mkdir(mode=0o700)
    try:
        vendor = _vendor()
        db_file = work / (SQLITE_FILE if vendor == "sqlite" else PG_FILE)
        snap = _sqlite_copy(db_file) if vendor == "sqlite" else _pg_copy(db_file)
        evidence_root = Path(settings.DUBAN_EVIDENCE_DIR)
        total = 0
        from duban.web.cycle.evidence import locate

        for stored_name, sha, size in snap.files:
            src = locate(stored_name) if evidence_root == Path(settings.DUBAN_EVIDENCE_DIR) else \
                _evidence_path(evidence_root, stored_name)  # its own name, or pending a rename after its commit
            if not src.exists():
                raise DubanError(f"佐证材料 {stored_name} 有登记却找不到文件", path=str(src))
            _copy_checked(src, _evidence_path(work / "evidence", stored_name), sha)
            total += size
        key = work / "secret_key"
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(settings.SECRET_KEY)
        manifest = {
            "format": FORMAT, "duban_version": __version__, "created_at": started.isoformat(),
            "finished_at": timezone.localtime().isoformat(), "database": {
                "backend": vendor, "file": db_file.name, "sha256": sha256_of(db_file), "bytes": db_file.stat().st_size},
            "counts": snap.counts, "evidence": {"files": len(snap.files), "bytes": total},
            "migrations": snap.migrations,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, manifest


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / "manifest.json"
    if source.name.endswith(".part"):
        raise DubanError("这是一个没有写完的备份(.part),不能用来恢复", path=str(source))
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DubanError("不是 duban 备份目录(没有 manifest.json)", path=str(source)) from exc
    except ValueError as exc:
        raise DubanError(f"manifest.json 已损坏:{exc}", path=str(source)) from exc
    if manifest.get("format") != FORMAT:
        raise DubanError(f"不认识的备份格式 {manifest.get('format')!r}", path=str(source))
    return manifest


def restore_backup(source: Path | str) -> dict[str, Any]:
    """Bring a backup back into this installation's empty database and data directory; returns
    its manifest. Refuses (DubanError) a database or evidence folder that already holds data, a
    backup of the other backend, and a database file whose checksum does not match."""
    source = Path(source)
    manifest = read_manifest(source)
    db = manifest["database"]
    db_file = source / db["file"]
    if not db_file.exists() or sha256_of(db_file) != db["sha256"]:
        raise DubanError(f"备份中的数据库文件 {db['file']} 缺失或已损坏(校验值不符)", path=str(source))
    vendor = _vendor()
    if db["backend"] != vendor:
        names = {"sqlite": "内置 SQLite", "postgresql": "PostgreSQL"}
        raise DubanError(f"备份来自{names[db['backend']]},而当前配置的是{names[vendor]}:请用相同的数据库恢复",
                         path=str(source))
    evidence_root = Path(settings.DUBAN_EVIDENCE_DIR)
    if evidence_root.exists() and any(p.is_file() for p in evidence_root.rglob("*")):
        raise DubanError("佐证材料目录不是空的:只能恢复到新的空数据目录", path=str(evidence_root))
    if vendor == "sqlite":
        target = _sqlite_path()
        if target.exists() and target.stat().st_size > 0:
            raise DubanError("数据目录中已有数据库:只能恢复到新的空数据目录(请先停止服务并换一个 DUBAN_DATA_DIR)",
                             path=str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        src, dst = sqlite3.connect(db_file), sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
    else:
        conn = _pg_connect()
        try:
            if _pg_has_tables(conn):
                raise DubanError("目标数据库中已有数据表:只能恢复到新建的空数据库(createdb)",
                                 path=_pg_params()["dbname"])
            version = conn.info.server_version
        finally:
            conn.close()
        _run([pg_tool("pg_restore", version), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", f"--dbname={_pg_params()['dbname']}", str(db_file)])
    for path in sorted((source / "evidence").rglob("*")) if (source / "evidence").exists() else []:
        if path.is_file():
            dest = evidence_root / path.relative_to(source / "evidence")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    _check_restored_evidence(evidence_root)
    key = (source / "secret_key").read_text(encoding="ascii").strip()
    if not os.environ.get("DUBAN_SECRET_KEY"):
        path = Path(settings.DATA_DIR) / "secret_key"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("secret_key.restore")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
        tmp.replace(path)
        manifest["secret_key"] = "written"  # noqa: S105 — what happened to the key, not a key
    else:
        manifest["secret_key"] = "same" if os.environ["DUBAN_SECRET_KEY"] == key else "differs"
    return manifest


def _check_restored_evidence(root: Path) -> None:
    """Every evidence row of the restored database has its file, with the content it recorded."""
    from django.db import connection

    connection.close()  # the database was just put in place under Django: read it afresh
    with connection.cursor() as cur:
        cur.execute(f"SELECT stored_name, sha256 FROM {_attachment_table()}")  # noqa: S608
        rows = cur.fetchall()
    connection.close()
    bad = [name for name, sha in rows
           if not _evidence_path(root, name).exists() or sha256_of(_evidence_path(root, name)) != sha]
    if bad:
        raise DubanError(f"恢复后有 {len(bad)} 个佐证材料缺失或内容不符,例如 {bad[0]}")


# --- the daily backup --------------------------------------------------------------------------

def backups_in(directory: Path) -> list[Path]:
    """The complete backups in `directory`, oldest first."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_dir() and NAME.match(p.name) and (p / "manifest.json").exists())


def _due_time() -> dt.time:
    text = str(settings.DUBAN_BACKUP_TIME)
    try:
        return dt.time.fromisoformat(text)
    except ValueError as exc:
        raise DubanError(f"DUBAN_BACKUP_TIME 应为 时:分(如 02:30),而不是“{text}”") from exc


def run_due_backup(now: dt.datetime | None = None) -> Path | None:
    """Make today's backup if it is past DUBAN_BACKUP_TIME and the backup directory has none of
    today yet (a day the server was down is caught up when it starts), then keep only the newest
    DUBAN_BACKUP_KEEP. One process at a time (a lock file), so `serve` and `worker` may both run
    it. None when nothing was due."""
    keep = int(settings.DUBAN_BACKUP_KEEP)
    if keep <= 0:
        return None
    now = timezone.localtime(now)
    directory = Path(settings.DUBAN_BACKUP_DIR)
    today = f"{PREFIX}{now:%Y%m%d}-"
    if now.time() < _due_time() or any(p.name.startswith(today) for p in backups_in(directory)):
        return None
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another process is making it
        if any(p.name.startswith(today) for p in backups_in(directory)):
            return None
        path, manifest = make_backup(directory)
        log.warning("daily backup written: %s (%s reports, %s evidence files)", path,
                    manifest["counts"]["reports"], manifest["evidence"]["files"])
        for old in backups_in(directory)[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
        for stale in directory.glob(f"{PREFIX}*.part"):  # left by a process killed while writing
            if stale.stat().st_mtime < now.timestamp() - 86400:
                shutil.rmtree(stale, ignore_errors=True)
        return path


def daily_loop(stop: threading.Event, every: float = 600.0) -> None:
    """Check every `every` seconds whether the daily backup is due; never lets a failure end it.
    Each check closes its database connection: the thread holds no session while it waits, nor
    after it ends (nothing else closes a finished thread's connection)."""
    from django.db import connections

    while not stop.is_set():
        try:
            run_due_backup()
        except Exception:
            log.exception("daily backup failed")
        finally:
            connections.close_all()  # this thread's own connections
        stop.wait(every)


def start_daily(*, delay: float = 30.0) -> threading.Thread:
    """The daily backup in a daemon thread, first checked `delay` seconds after start."""
    stop = threading.Event()

    def target() -> None:
        if not stop.wait(delay):
            daily_loop(stop)

    t = threading.Thread(target=target, name="duban-backup", daemon=True)
    t.stop_event = stop  # type: ignore[attr-defined]
    t.start()
    return t
