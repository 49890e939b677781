"""Chromium through Playwright's sync API, for the tests that drive a real browser against the
live server while they read and write the database themselves.

Playwright's sync API keeps an asyncio event loop running in the test's thread. Django keeps its
connections in an asgiref `Local`, which in a thread with a running loop is context-local, not
thread-local: while the browser is open, the test's own ORM calls (and pytest-django's, for the
fixtures set up meanwhile) go through a second connection of their own, which nothing closes when
Playwright stops. On PostgreSQL that session then outlives the test, and at the end of the run
the test database cannot be dropped ("is being accessed by other users"). `launched` closes that
connection before Playwright's loop stops, while it can still be reached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def launched(**launch: Any) -> Iterator[Any]:
    """A Chromium launched with `launch` (Playwright's keyword arguments), closed at the end
    together with the database connections opened while it ran."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()  # the ones this context opened (see above): the thread's own are not these
