"""Reading ids out of a request's query string or form: a malformed one is a 400 with a message,
never a 500 (`?round=abc` reached the database as `pk='abc'` and raised)."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest

MAX_ID = 2**63 - 1  # the largest id a row can have (BigAutoField)


def id_param(request: HttpRequest, name: str, *, label: str = "") -> int | None:
    """The id `name` from the query string, else from the form; None when absent or empty.
    BadRequest (HTTP 400, its message shown) when it is not a whole number in range."""
    raw = request.GET.get(name)
    if raw is None and request.method == "POST":
        raw = request.POST.get(name)
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_ID:
        raise BadRequest(f"参数“{label or name}”应为编号(正整数),收到“{raw[:20]}”")
    return int(raw)
