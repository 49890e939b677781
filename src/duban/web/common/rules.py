"""The audit log is read by the office only, each its own government's rows, and changed by nobody.

A province-wide office (an office account with no government) reads every government's rows and
the rows of no one government (a lock-out of an unknown user name)."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import Role
from duban.web.accounts.permissions import government_id_of
from duban.web.common.models import AuditLog
from duban.web.common.permissions import VIEW, rule


@rule(AuditLog)
def audit(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if action != VIEW or user.role != Role.OFFICE:
        return qs.none()
    gid = government_id_of(user)
    return qs if gid is None else qs.filter(government_id=gid)
