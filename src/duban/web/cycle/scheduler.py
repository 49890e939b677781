"""Running the reminders periodically: a daemon thread inside `duban serve` (the embedded
default: no extra service), or `duban worker` as its own process (for PostgreSQL deployments).
Both call the same loop; the reminders' unique keys make running both harmless."""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger("duban.reminders")


def run_once() -> int:
    """One pass: send the reminders due now; the number sent. Errors are logged, not raised.
    The pass closes its database connection at its end: the loop then sleeps for minutes, when an
    idle session on the server serves nothing, and a thread that ends must not leave its session
    open (nothing else closes a finished thread's connection)."""
    from django.db import DatabaseError, close_old_connections, connections

    from duban.web.cycle.reminders import run_due_reminders

    close_old_connections()
    try:
        return len(run_due_reminders())
    except DatabaseError as exc:  # tables not migrated yet, database restarting: try next time
        log.warning("reminders: %s", exc)
        return 0
    finally:
        connections.close_all()  # this thread's own connections


def loop(interval: float, stop: threading.Event) -> None:
    """Run a pass, then every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            run_once()
        except Exception:  # never let one bad pass end the loop
            log.exception("reminders: pass failed")
        stop.wait(interval)


def should_start_thread() -> bool:
    """The thread runs in the embedded default; with DATABASE_URL the worker is expected,
    unless DUBAN_REMINDER_THREAD=1 asks for the thread anyway (or 0 turns it off)."""
    flag = os.environ.get("DUBAN_REMINDER_THREAD")
    if flag in ("0", "1"):
        return flag == "1"
    return not os.environ.get("DATABASE_URL")


def start_background(interval: float | None = None, *, delay: float = 15.0) -> threading.Thread:
    """Start the loop in a daemon thread after `delay` seconds (the server migrates first)."""
    from django.conf import settings

    stop = threading.Event()
    every = float(interval or settings.DUBAN_REMINDER_INTERVAL)

    def target() -> None:
        if stop.wait(delay):
            return
        loop(every, stop)

    t = threading.Thread(target=target, name="duban-reminders", daemon=True)
    t.stop_event = stop  # type: ignore[attr-defined]
    t.start()
    return t
