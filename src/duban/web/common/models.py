"""Base models in a stack (timestamps → audited) and the append-only audit log."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from duban.web.common.permissions import RestrictedQuerySet


class TimestampedModel(models.Model):
    """When a row was made and last changed; every model of the app has these."""

    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def audit_snapshot(self) -> dict[str, Any]:
        """The row as JSON, for the audit log's before/after (models add their relations)."""
        out: dict[str, Any] = {}
        for f in self._meta.concrete_fields:
            if f.name in ("created_at", "updated_at"):
                continue
            out[f.attname] = jsonable(f.value_from_object(self))
        return out


class AuditedModel(TimestampedModel):
    """A model whose every write goes through a service that writes an AuditLog row.

    `version` grows by one on every save through a service: the optimistic lock that refuses
    the second of two concurrent saves instead of silently overwriting the first.
    """

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


def jsonable(value: Any) -> Any:
    """A field value as something json.dumps takes, for audit rows and exports."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


class AppendOnlyQuerySet(RestrictedQuerySet):
    """Bulk update and delete are refused: the audit trail is never edited."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("审计日志只能追加,不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加,不能删除")


class AuditLog(models.Model):
    """One write: who, what, to which object, the row before and after, and why.

    Written by the services in the same transaction as the write itself, so a rolled-back write
    leaves no audit row and a committed one always has one. Never updated, never deleted.
    """

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=40, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, db_index=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("原因", blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    # Whose log the row is in (not a foreign key: a row outlives what it names, and is never
    # updated); None only for rows of no one government, which a province-wide office reads.
    government_id = models.BigIntegerField("政府", null=True, blank=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "审计日志"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("审计日志只能追加,不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加,不能删除")

    @property
    def action_label(self) -> str:
        """What was done, in the office's words (common/labels.py)."""
        from duban.web.common.labels import action_label

        return action_label(self.action, self.object_type)

    @property
    def object_label(self) -> str:
        from duban.web.common.labels import object_label

        return object_label(self.object_type)

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) of what changed, with Chinese field names and values."""
        from duban.web.common.labels import changes

        return changes(self.object_type, self.before, self.after)

    @property
    def change_rows(self) -> list[tuple[str, str, str, bool]]:
        """`changes`, each with whether its values are Latin on purpose (a username)."""
        from duban.web.common.labels import change_rows

        return change_rows(self.object_type, self.before, self.after)


class DataVersion(models.Model):
    """A counter per app that goes up after every committed write to its models (see
    `common.pagecache`): a page kept under an older value is never served again. Not audited, it
    is not data."""

    scope = models.CharField("应用", max_length=50, unique=True)
    value = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "数据版本"

    def __str__(self) -> str:
        return f"{self.scope} 数据版本 {self.value}"
