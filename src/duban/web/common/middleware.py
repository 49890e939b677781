"""A request id for every request, kept where the services' audit rows can read it."""

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
