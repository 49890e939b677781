"""Rendered fragments, memoised on exactly the data they show.

A fragment template is rendered from a context of plain data only (str, int, bool, None, dates,
lists, tuples and dicts of them): no model instance, no queryset, no request, so nothing it shows
can come from outside that context. The cache key is a hash of the whole context, so a change to
anything shown (a task's text, a unit's name, the page number, whether the edit link is offered)
is a different key: the cache cannot serve a stale or another user's fragment, whichever process
wrote it and whichever process reads it. It only saves the template rendering, which is the cost
of the big pages (100 task rows, 200 unit options).

The cache is Django's default one (a per-process local-memory cache unless settings say
otherwise); entries are only ever looked up by that hash, so several server processes each
keeping their own copy stay correct.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 3600  # seconds; an entry is never wrong, this only bounds the memory of unused ones
VERSION = "1"  # bump when a fragment template changes in a way its context does not show


def _plain(value: Any) -> Any:
    """json.dumps' fallback: dates by their ISO text; anything not plain data is refused."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{type(value).__name__}:{value.isoformat()}"
    raise TypeError(f"fragment context must be plain data, not {type(value).__name__}")


def key_for(template: str, context: dict[str, Any]) -> str:
    """The cache key of `template` rendered with `context` (TypeError for non-plain context).
    The active language is part of it: number and date formats follow it."""
    blob = json.dumps(context, default=_plain, sort_keys=True, ensure_ascii=False, allow_nan=False)
    head = f"{VERSION}\0{translation.get_language()}\0{template}"
    digest = hashlib.sha256(f"{head}\0{blob}".encode()).hexdigest()
    return f"duban.fragment:{digest}"


def render(template: str, context: dict[str, Any]) -> SafeString:
    """`template` rendered with `context`, from the cache when the very same data was rendered before."""
    key = key_for(template, context)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - the template's own autoescaped output
