"""Searching the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from duban.web.common.forms import AuditFilterForm


def filter_audit(qs: QuerySet[Any], form: AuditFilterForm) -> QuerySet[Any]:
    if not form.is_bound or not form.is_valid():
        return qs
    d = form.cleaned_data
    if d.get("q"):
        q = d["q"]
        qs = qs.filter(Q(actor_name__icontains=q) | Q(object_repr__icontains=q) | Q(reason__icontains=q)
                       | Q(object_id=q) | Q(request_id=q))
    if d.get("action"):
        qs = qs.filter(action=d["action"])
    if d.get("object_type"):
        qs = qs.filter(object_type=d["object_type"])
    tz = timezone.get_current_timezone()
    if d.get("date_from"):
        qs = qs.filter(created_at__gte=dt.datetime.combine(d["date_from"], dt.time.min, tzinfo=tz))
    if d.get("date_to"):
        qs = qs.filter(created_at__lt=dt.datetime.combine(d["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs
