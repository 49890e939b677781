"""A request id for every request, kept where the services' audit rows can read it; behind a
proxy, the client's own address."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str | None] = ContextVar("duban_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served, or None (CLI, tests, the demo loader)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Tag each request with an id (from X-Request-ID when a proxy gives a sane one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if given.isascii() and 0 < len(given) <= 64 and given.replace("-", "").isalnum() else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


# Scripts and styles come from this site's own files (htmx, chart.js and the pages' scripts are
# served by the app itself); no inline script, no eval, no plugin, no framing, forms post here only.
# Inline style attributes remain allowed (the templates use a few). A view that sets its own policy
# keeps it (an evidence file is served with a sandbox).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
))


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every response, and `Cache-Control: no-store` on the API's
    (a machine client's answers hold the same personal data as the pages: nothing keeps them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class ProxiedClientMiddleware:
    """Behind nginx or Caddy on the same machine (DUBAN_BEHIND_PROXY=1), every request comes from
    127.0.0.1: the client's address is the last one the proxy added to X-Forwarded-For. The
    lock-out, the audit and the first-run page then see who really asked. Only for a server that
    listens on 127.0.0.1 alone, or anyone could claim any address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.enabled = bool(getattr(settings, "DUBAN_BEHIND_PROXY", False))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.enabled:
            chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
            if chain:
                request.META["REMOTE_ADDR"] = chain[-1][:64]
        return self.get_response(request)
