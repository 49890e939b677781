"""HTMX helpers: one view renders the whole page, or only its partial when HTMX asks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """Render `template`, or `partial` (its fragment) for an HTMX request that is not boosted."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.boosted:
        return render(request, partial, context, status=status)
    return render(request, template, context, status=status)
