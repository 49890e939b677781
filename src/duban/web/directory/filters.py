"""Searching the directory."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet


def filter_units(qs: QuerySet[Any], q: str = "", kind: str = "") -> QuerySet[Any]:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs
