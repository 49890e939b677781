"""The audit log is read by the office only, and changed by nobody."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.common.models import AuditLog
from duban.web.common.permissions import VIEW, rule


@rule(AuditLog)
def audit(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if action == VIEW and user.role == "office":
        return qs
    return qs.none()
