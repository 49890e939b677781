"""The deadline-day rush: many writers at once on the embedded SQLite file (none may fail), the
evidence upload's size limit enforced before the body is read (413 in Chinese, through the test
client and through a real HTTP server), no orphan file when a refused upload had already been
written, and the number of queries each of the rush's three calls makes."""

from __future__ import annotations

import datetime as dt
import http.client
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duban.web.cycle import evidence
from duban.web.cycle import services as cs
from duban.web.cycle.models import Attachment, Report
from duban.web.project import settings as project_settings
from tests.web.cycle.conftest import Cycle
from tests.web.cycle.test_api import api
from tests.web.cycle.test_views import png_bytes

# --- SQLite: many writers at once -------------------------------------------------------------


def _hammer(cfg: dict[str, Any], threads: int, each: int) -> list[str]:
    """`threads` real threads, each with its own connection to the same SQLite file, each running
    `each` transactions that read and then write (as the services do: lock, count, insert)."""
    alias = f"rush_{uuid.uuid4().hex[:8]}"
    connections.settings[alias] = connections.configure_settings({"default": dict(cfg), alias: cfg})[alias]
    errors: list[str] = []
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(each):
                try:
                    with transaction.atomic(using=alias), connections[alias].cursor() as cur:
                        cur.execute("SELECT COUNT(*) FROM rush")
                        (count,) = cur.fetchone()
                        cur.execute("INSERT INTO rush (who, seen) VALUES (%s, %s)", [f"{n}-{i}", count])
                except Exception as exc:  # noqa: BLE001 — every failure is what the test counts
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections[alias].close()

    try:
        with connections[alias].cursor() as cur:
            cur.execute("CREATE TABLE rush (id INTEGER PRIMARY KEY, who TEXT UNIQUE, seen INTEGER)")
        connections[alias].close()
        pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for th in pool:
            th.start()
        for th in pool:
            th.join()
        with connections[alias].cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM rush")
            (rows,) = cur.fetchone()
        connections[alias].close()
        if not errors:
            assert rows == threads * each
    finally:
        del connections.settings[alias]
    return errors


def test_concurrent_writers_on_the_sqlite_file_all_succeed(tmp_path: Path, django_db_blocker: Any) -> None:
    cfg = project_settings.sqlite_database(tmp_path / "rush.sqlite3")
    assert cfg["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and cfg["OPTIONS"]["timeout"] >= 10
    with django_db_blocker.unblock():  # a database of the test's own, not the test database
        assert _hammer(cfg, threads=12, each=40) == []


def test_deferred_transactions_are_what_fails(tmp_path: Path, django_db_blocker: Any) -> None:
    """Why the transactions begin IMMEDIATE: one that begins deferred, reads, and then needs the
    write lock gets "database is locked" at once when another wrote meanwhile — the timeout does
    not help it. Same load, same file settings, only the mode differs. (The rush's 500s measured
    before were the other kind: BEGIN IMMEDIATE waiting past a 5-second timeout.)"""
    cfg = project_settings.sqlite_database(tmp_path / "deferred.sqlite3")
    cfg["OPTIONS"] = {**cfg["OPTIONS"], "transaction_mode": "DEFERRED"}
    with django_db_blocker.unblock():
        errors = _hammer(cfg, threads=12, each=40)
    assert errors and all("database is locked" in e for e in errors)


# --- the size limit, before the body is read -------------------------------------------------


@pytest.fixture
def small_limit(settings: Any) -> int:
    settings.DUBAN_MAX_EVIDENCE_BYTES = 40 * 1024
    return int(settings.DUBAN_MAX_EVIDENCE_BYTES)


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_413_before_it_is_read(cycle: Cycle, small_limit: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    c, h = api(cycle.liaison)
    rep = c.post(f"/api/cycle/rounds/{cycle.rnd.pk}/tasks/{cycle.w.task_a.pk}/report", **h).json()
    url = f"/api/cycle/reports/{rep['id']}/attachments"
    body, ctype = _multipart("现场.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (200 * 1024))
    before = set(evidence.evidence_dir().rglob("*")) if evidence.evidence_dir().exists() else set()

    with CaptureQueriesContext(connection) as q:  # the body is not parsed: no query (not even the token's) runs
        r = c.generic("POST", url, body, content_type=ctype, **h)
    seen = [x["sql"] for x in q.captured_queries]
    assert r.status_code == 413, r.content
    assert "过大" in r.json()["detail"] and "上限为" in r.json()["detail"] and r.json()["field"] == "file"
    assert seen == []
    # without a token too: refused for its size before anything else is looked at
    assert Client().generic("POST", url, body, content_type=ctype).status_code == 413

    # a file just over the limit whose body is within the multipart slack: refused after parsing, also 413
    just, ctype2 = _multipart("现场.png", png_bytes() + b"\0" * (small_limit + 1))
    r2 = c.generic("POST", url, just, content_type=ctype2, **h)
    assert r2.status_code == 413 and "过大" in r2.json()["detail"]

    # within the limit: accepted
    ok, ctype3 = _multipart("现场.png", png_bytes())
    assert c.generic("POST", url, ok, content_type=ctype3, **h).status_code == 201
    assert Attachment.objects.filter(report_id=rep["id"]).count() == 1
    after = {p for p in evidence.evidence_dir().rglob("*") if p.is_file()}
    assert len(after - before) == 1  # only the accepted file was written


def test_a_real_http_request_with_an_oversized_body_gets_413_in_chinese(small_limit: int) -> None:
    """Through waitress (what `duban serve` runs) on loopback: no database needed, the refusal
    comes before the token is looked up."""
    from waitress.server import create_server

    from duban.web.project.wsgi import application

    server: Any = create_server(application, host="127.0.0.1", port=0, threads=2)
    port = server.effective_port
    stop = threading.Event()

    def loop() -> None:  # waitress's own loop, a turn at a time, so that it can be stopped cleanly
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, use_poll=True, count=1)

    th = threading.Thread(target=loop, daemon=True)
    th.start()
    try:
        body, ctype = _multipart("现场.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (300 * 1024))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/api/cycle/reports/1/attachments", body=body,
                     headers={"Content-Type": ctype, "Authorization": "Bearer dbn_nothing"})
        resp = conn.getresponse()
        raw = resp.read()
        assert resp.status == 413, raw[:300]
        assert "单个佐证材料上限为" in raw.decode("utf-8")
        assert resp.getheader("Content-Type", "").startswith("application/json")
        conn.close()
    finally:
        stop.set()
        th.join()
        server.task_dispatcher.shutdown()
        server.close()


# --- no orphan file, few queries --------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_upload_leaves_no_row_and_no_file(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is written before the report is locked; when the locked row then refuses (the
    colleague submitted meanwhile), the file just written is removed."""
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    stale = Report.objects.get(pk=rep.pk)  # what the request loaded before the submit landed
    cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                     data={"status": "on_track", "summary": "推进顺利"})
    before = {p for p in evidence.evidence_dir().rglob("*") if p.is_file()} if evidence.evidence_dir().exists() else set()
    with pytest.raises(cs.ServiceError, match="已锁定"):
        cs.add_attachment(actor=cycle.liaison, report=stale, name="现场.png", data=png_bytes())
    after = {p for p in evidence.evidence_dir().rglob("*") if p.is_file()}
    assert after == before
    assert not Attachment.objects.filter(report=rep).exists()


@pytest.mark.django_db
def test_the_rush_calls_make_few_queries(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start, upload, submit: a fixed number of queries each, whatever the report holds."""
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    c, h = api(cycle.liaison)
    c.get("/api/cycle/rounds", **h)  # the token's last-used time is written once
    with CaptureQueriesContext(connection) as q_start:
        rep = c.post(f"/api/cycle/rounds/{cycle.rnd.pk}/tasks/{cycle.w.task_a.pk}/report", **h).json()
    url = f"/api/cycle/reports/{rep['id']}/attachments"
    for _ in range(3):
        body, ctype = _multipart("现场.png", png_bytes())
        with CaptureQueriesContext(connection) as q_up:
            assert c.generic("POST", url, body, content_type=ctype, **h).status_code == 201
    with CaptureQueriesContext(connection) as q_submit:
        done = c.post(f"/api/cycle/reports/{rep['id']}/submit", {"version": rep["version"], "status": "on_track",
                                                                   "summary": "推进顺利"},
                      content_type="application/json", **h)
    assert done.status_code == 200 and len(done.json()["attachments"]) == 3
    counts = {k: len([x for x in q.captured_queries if "SAVEPOINT" not in x["sql"]])
              for k, q in (("start", q_start), ("upload", q_up), ("submit", q_submit))}
    # start: token (with the user's unit), round, task, role, the unit's reports on the task, insert,
    # audit; upload: token, report, lock, count, insert, audit; submit: token, report, lock, update,
    # audit, attachments (the extension is read only when a report is filed after the due date).
    assert counts == {"start": 7, "upload": 6, "submit": 6}, counts
    # No read sorts one row through the default orderings (report → round → plan → government …).
    sql = [x["sql"] for q in (q_start, q_up, q_submit) for x in q.captured_queries]
    assert not [x for x in sql if "directory_government" in x], sql
