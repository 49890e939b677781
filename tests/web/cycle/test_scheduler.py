"""The reminder loop as `duban serve` runs it in a thread (and `duban worker` in a process)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from duban.web.cycle import scheduler
from duban.web.cycle import services as cs
from duban.web.cycle.models import Reminder
from tests.web.cycle.conftest import make_cycle


def _reminders_so_far() -> int:
    """How many reminders the thread has written yet. The test database of the SQLite run is in
    memory with a shared cache, whose table locks a reader meets at once (no busy wait) while the
    thread writes: that is "not yet", not a failure (a file database, as deployed, waits)."""
    from django.db import OperationalError

    try:
        return Reminder.objects.count()
    except OperationalError:
        return -1


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_sends_due_reminders(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    make_cycle(world)
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 13))
    t = scheduler.start_background(0.2, delay=0)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _reminders_so_far() < 4:
            time.sleep(0.2)
    finally:
        t.stop_event.set()  # type: ignore[attr-defined]
        t.join(5)
    assert Reminder.objects.count() == 4  # one per unit owing reports, however many passes ran
    assert not t.is_alive()


def test_thread_by_default_only_in_the_embedded_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUBAN_REMINDER_THREAD", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert scheduler.should_start_thread()
    monkeypatch.setenv("DATABASE_URL", "postgres://x@127.0.0.1/x")
    assert not scheduler.should_start_thread()
    monkeypatch.setenv("DUBAN_REMINDER_THREAD", "1")
    assert scheduler.should_start_thread()


@pytest.mark.django_db(transaction=True)
def test_the_reminder_thread_holds_no_database_session_between_passes_nor_after_it_ends(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread sleeps for minutes between passes: it closes its connection after each one, so
    that it keeps no idle session on the server, and none is left open when it ends."""
    from tests.web.dbsessions import assert_thread_leaves_no_session, require_postgresql

    require_postgresql()
    make_cycle(world)
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 13))
    assert_thread_leaves_no_session(
        lambda: scheduler.start_background(3600, delay=0),  # one pass, then an hour's sleep
        lambda: Reminder.objects.count() == 4,  # the pass sent its reminders
        "reminder thread",
    )
