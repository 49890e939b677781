"""Searching a plan's tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet


def filter_tasks(qs: QuerySet[Any], params: Any) -> QuerySet[Any]:
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(number=q))
    unit = params.get("unit") or ""
    if unit.isdigit():
        qs = qs.filter(task_units__unit_id=int(unit)).distinct()
    section = params.get("section") or ""
    if section.isdigit():
        qs = qs.filter(Q(section_id=int(section)) | Q(section__parent_id=int(section)))
    if params.get("starred"):
        qs = qs.filter(starred=True)
    kind = params.get("kind") or ""
    if kind in ("target", "task"):
        qs = qs.filter(kind=kind)
    return qs
