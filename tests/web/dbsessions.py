"""The PostgreSQL sessions open on the test database, for tests that a thread leaves none behind.

A thread's Django connection is the thread's own: when the thread ends, nothing closes it, and the
session stays open on the server (until the garbage collector happens to free the connection).
Such sessions pile up idle in production and, in the tests, keep the test database from being
dropped at the end ("database … is being accessed by other users")."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest


def require_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("counts the server's sessions (pg_stat_activity): SQLite has no server, nor sessions to leave open")


def other_sessions() -> set[int]:
    """The client sessions on this test database other than this thread's own (their backend pids)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
        return {int(pid) for (pid,) in cur.fetchall()}


def settles(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Whether `check` holds within `timeout` seconds (a closed session leaves the view at once,
    but a thread may still be finishing its pass)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def assert_thread_leaves_no_session(start: Callable[[], threading.Thread], passed: Callable[[], bool], what: str) -> None:
    """Start a background thread (one with a `stop_event`), wait until `passed` says it has done a pass,
    and check that it holds no session of its own while it waits for the next, nor once it has ended."""
    before = other_sessions()
    t = start()
    try:
        assert settles(passed, timeout=20), f"the {what} made no pass"
        assert settles(lambda: other_sessions() <= before), f"the waiting {what} keeps sessions {other_sessions() - before} open"
    finally:
        t.stop_event.set()  # type: ignore[attr-defined]
        t.join(5)
    assert not t.is_alive()
    assert other_sessions() <= before, f"the ended {what} left sessions {other_sessions() - before} open"
