"""Users with one role each, failed-login counters for lock-out, and hashed API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from duban.web.common.models import TimestampedModel
from duban.web.common.permissions import RestrictedQuerySet


class Role(models.TextChoices):
    OFFICE = "office", "督查室"
    UNIT_HEAD = "unit_head", "单位负责人"
    LIAISON = "liaison", "单位经办人"
    LEADER = "leader", "领导"
    VIEWER = "viewer", "查看"


UNIT_ROLES = (Role.UNIT_HEAD, Role.LIAISON)


class RestrictedUserManager(UserManager["User"]):
    def get_queryset(self) -> RestrictedQuerySet:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> models.QuerySet[Any]:
        return self.get_queryset().restrict(user, action)


class User(AbstractUser):
    """A person who signs in. The role says what they may do; the unit or leader says where."""

    display_name = models.CharField("姓名", max_length=60, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.VIEWER)
    government = models.ForeignKey(
        "directory.Government", verbose_name="政府", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "directory.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    leader = models.ForeignKey(
        "directory.Leader", verbose_name="对应领导", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField("手机", max_length=40, blank=True)

    objects = RestrictedUserManager()  # type: ignore[misc]  # a narrowing manager, same interface

    class Meta:
        ordering = ["username"]
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["unit_head", "liaison"]) | models.Q(unit__isnull=False),
                name="user_unit_role_has_unit",
                violation_error_message="单位负责人和单位经办人必须指定所在单位",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="leader") | models.Q(leader__isnull=False),
                name="user_leader_role_has_leader",
                violation_error_message="领导账户必须对应名录中的一位领导",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_office(self) -> bool:
        return self.is_active and self.role == Role.OFFICE

    @property
    def role_label(self) -> str:
        """The role as the user's government calls it: the office's own name (督考办…) for the office."""
        if self.role == Role.OFFICE and self.government is not None:
            return self.government.office_name
        return str(self.get_role_display())

    @property
    def is_unit_user(self) -> bool:
        return self.role in UNIT_ROLES

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "username": self.username, "display_name": self.display_name, "role": self.role,
            "government_id": self.government_id, "unit_id": self.unit_id, "leader_id": self.leader_id,
            "is_active": self.is_active,
        }


class LoginFailure(models.Model):
    """Failed logins counted per username and address; enough of them lock the pair for a while."""

    username = models.CharField("用户名", max_length=150)
    ip = models.CharField("地址", max_length=64)
    count = models.PositiveIntegerField("失败次数", default=0)
    last_at = models.DateTimeField("最近失败", default=timezone.now)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        ordering = ["-last_at"]
        verbose_name = verbose_name_plural = "登录失败记录"
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="loginfailure_unique_pair")]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip}: {self.count}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(TimestampedModel):
    """A machine client's key: only its SHA-256 is stored; the key itself is shown once."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("到期", null=True, blank=True)
    revoked = models.BooleanField("已撤销", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "dbn_" + secrets.token_urlsafe(32)

    def audit_snapshot(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "name": self.name, "prefix": self.prefix, "revoked": self.revoked}
