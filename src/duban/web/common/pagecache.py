"""Whole pages kept per session until the data changes: the busiest pages (the task list, a
unit's portal) are read far more often than anything in them is written.

A view opts in with `@per_session` (inside `login_required`); `PageCacheMiddleware`, placed
before the session and authentication middleware, answers a repeated look at such a page with
one query (the data version and the session row) and no other work. Correctness rests on:

- The key holds everything a page may depend on besides the database: the session's key and its
  stored data (so the user, their login and any message waiting in the session), the CSRF cookie
  (so a page, with its CSRF token, only ever goes back to the browser it was made for; a page that
  gave the browser its first CSRF cookie is kept under that new cookie), the full
  path with its query, the HTMX headers, the accepted languages and today's date.
- The key also holds the data version of the apps the page depends on, read *before* the page is
  built. Every write goes through a service, and every service writes its audit row with
  `common.services.record()`: that call moves the version of the audited object's app once its
  transaction commits (once per app and transaction), so a page built from older data is never
  found again, whatever the write did (`save()`, `bulk_create()`, `update()`, several apps at
  once: each writes its own audit row). A report filed in the cycle app leaves the task list's
  pages kept. A page built while a write commits may hold the newer data under the older
  version: harmless, the next request misses.
- A page is served only while its session row exists and has not expired: signing out (which
  deletes the row) ends it at once, in every process. Everything else (login, permissions, the
  view's own checks) runs in full on a miss, and only a plain 200 page that set no cookie of its
  own and left the session as it was is kept.

Writes outside the services (SQL by hand, a migration) do not move the version; entries expire
after `TIMEOUT` seconds to bound that. Each process keeps its own entries (Django's "pages" cache); the version
and the sessions live in the database, so several processes agree on what is stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from duban.web.common.models import DataVersion

TIMEOUT = 300  # seconds: bounds how long a write made outside Django can stay unseen
IGNORED = {"accounts.apitoken"}  # audited, but shown in no kept page
# Only writes to these apps move a counter, and a kept page may depend only on them: a write to any
# other app (a report) costs nothing extra. A page that shows the cycle's data would
# add "cycle" here, and with it one small UPDATE after every report filed.
WATCHED_APPS = frozenset({"accounts", "directory", "plans"})
# Apps a kept page may also depend on whose counter moves not on every audited write but only where
# their services say a kept page's data changed (`signal`). The cycle's moves when a lead unit's
# report on a task past its completion date is filed or reviewed: the portal counts 已过完成时限
# only the tasks not reported done. The deadline rush's reports, on tasks not yet due, move nothing.
SIGNALLED_APPS = frozenset({"cycle"})


def current_version(scopes: tuple[str, ...]) -> int:
    """The data version of the apps `scopes` now: the sum of their counters, which only ever grow."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT {_version_sql(scopes)}", list(scopes))
        row = cur.fetchone()
    return int(row[0]) if row else 0


def _version_sql(scopes: tuple[str, ...]) -> str:
    marks = ", ".join(["%s"] * len(scopes))
    return f"(SELECT COALESCE(SUM(value), 0) FROM {DataVersion._meta.db_table} WHERE scope IN ({marks}))"  # noqa: S608


def bump(scope: str) -> None:
    """One more write to the models of app `scope` has committed: the pages built on them are stale."""
    if not DataVersion.objects.filter(scope=scope).update(value=models.F("value") + 1):
        DataVersion.objects.get_or_create(scope=scope, defaults={"value": 1})


class _Bump:
    """The after-commit callback for one app (a class, so one per app and transaction is enough)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.__qualname__ = f"pagecache.bump({scope})"  # Django names a failed robust callback by it

    def __call__(self) -> None:
        bump(self.scope)


def bump_after_commit(scope: str) -> None:
    """Move the version of `scope` once the current transaction commits (once per transaction and
    app, however many rows it writes; at once outside a transaction). Never raises: a page cache
    must not fail a write."""
    if connection.in_atomic_block and any(isinstance(entry[1], _Bump) and entry[1].scope == scope
                                          for entry in connection.run_on_commit):
        return
    transaction.on_commit(_Bump(scope), robust=True)


def written(object_type: str) -> None:
    """A service wrote (and audited) a row of `object_type` ("plans.task"): once the transaction
    commits, the pages built on its app are stale. Called by `common.services.record()`."""
    app = object_type.partition(".")[0]
    if app in WATCHED_APPS and object_type not in IGNORED and getattr(settings, "DUBAN_PAGE_CACHE", True):
        bump_after_commit(app)


HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_BOOSTED", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER",
                "HTTP_HX_HISTORY_RESTORE_REQUEST")
DROPPED_HEADERS = {"set-cookie", "x-request-id"}  # per response, never kept


def signal(scope: str) -> None:
    """A service of `scope` (one of SIGNALLED_APPS) changed what a kept page shows: once the
    transaction commits, the pages built on it are stale."""
    if scope not in SIGNALLED_APPS:
        raise ImproperlyConfigured(f"{scope} is moved by every audited write, or by none")
    if getattr(settings, "DUBAN_PAGE_CACHE", True):
        bump_after_commit(scope)


def per_session(*, depends_on: tuple[str, ...]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Let `PageCacheMiddleware` keep the GET pages of the view, as long as no model of the apps
    `depends_on` (app labels) changes (see the module's note). Name every app whose rows the page
    shows or whose rows decide what it shows (permissions): `tests/web/common/test_pagecache.py`
    checks the list against the tables the view reads. `functools.wraps` carries the mark through
    `login_required`."""

    allowed = WATCHED_APPS | SIGNALLED_APPS
    unwatched = set(depends_on) - allowed
    if unwatched or not depends_on:
        raise ImproperlyConfigured(f"kept pages may depend only on {sorted(allowed)}, not on {sorted(unwatched)}")

    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.duban_keep_page = tuple(sorted(depends_on))  # type: ignore[attr-defined]
        return view

    return mark


def _version_and_session(scopes: tuple[str, ...], session_key: str) -> tuple[int, str | None]:
    """The data version of `scopes` and the live session's stored data (None: no such session, or
    expired), in one query."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {_version_sql(scopes)}, (SELECT session_data FROM {Session._meta.db_table} "  # noqa: S608
            "WHERE session_key = %s AND expire_date > %s)",
            [*scopes, session_key, now])
        row = cur.fetchone()
    return (int(row[0]), row[1]) if row else (-1, None)


def _key(request: HttpRequest, version: int, session_key: str, session_data: str, csrf_cookie: str) -> str:
    parts = [
        str(version), session_key, session_data, csrf_cookie,
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
        timezone.localdate().isoformat(),
        *(request.META.get(h, "") for h in HTMX_HEADERS),
    ]
    return "duban.page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain page of a signed-in user that changed nothing about the browser's state but,
    at most, its CSRF cookie (the key then holds the cookie the browser will send from now on)."""
    if response.status_code != 200 or response.streaming or not request.user.is_authenticated:
        return False
    if request.session.modified or request.session.session_key != request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    return all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)  # not a message or session cookie


class PageCacheMiddleware:
    """Serve a kept page when the data version, the session and the request all match (see the
    module's note); keep the page a `per_session` view builds otherwise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        if (request.method != "GET" or not session_key or not getattr(settings, "DUBAN_PAGE_CACHE", True)
                or "messages" in request.COOKIES):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        scopes = getattr(match.func, "duban_keep_page", None)
        if not scopes:
            return self.get_response(request)
        version, session_data = _version_and_session(scopes, session_key)
        if session_data is None:  # Django will send this browser to the login page
            return self.get_response(request)
        store = caches["pages"]
        incoming_csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        kept = store.get(_key(request, version, session_key, session_data, incoming_csrf))
        if kept is not None:
            status, headers, body = kept
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _keepable(request, response):
            given = response.cookies.get(settings.CSRF_COOKIE_NAME)
            key = _key(request, version, session_key, session_data, given.value if given else incoming_csrf)
            headers = [(n, v) for n, v in response.items() if n.lower() not in DROPPED_HEADERS]
            store.set(key, (response.status_code, headers, response.content), TIMEOUT)
        return response
