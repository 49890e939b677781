"""Accounts: creating users, signing in with lock-out, and API tokens (hashed at rest)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from duban.web.accounts.models import UNIT_ROLES, ApiToken, LoginFailure, Role, User, hash_token
from duban.web.accounts.permissions import (
    government_id_of,
    government_of_account,
    may_change_password_of,
    may_manage_account,
    may_manage_tokens_of,
)
from duban.web.common.permissions import require
from duban.web.common.services import ServiceError, record, validate


@transaction.atomic
def create_user(
    *, actor: Any, username: str, password: str, role: str, display_name: str = "",
    unit: Any = None, leader: Any = None, government: Any = None, email: str = "",
) -> User:
    """An account, made by the office of the government it will belong to (that of its unit or
    leader, or `government`). What the account is for is checked first: it says whose it is."""
    if role not in Role.values:
        raise ServiceError(f"角色“{role}”无效")
    if role in UNIT_ROLES and unit is None:
        raise ServiceError("单位负责人和单位经办人必须指定所在单位", field="unit")
    if role == Role.LEADER and leader is None:
        raise ServiceError("领导账户必须对应名录中的一位领导", field="leader")
    require(actor, may_manage_account,
            government_of_account(role, government=government, unit=unit, leader=leader))
    if User.objects.filter(username=username).exists():
        raise ServiceError(f"用户名“{username}”已被使用", field="username")
    user = User(username=username, display_name=display_name, role=role, unit=unit, leader=leader, government=government,
                email=(email or "").strip())
    check_password_policy(user, password, field="password")
    user.set_password(password)
    validate(user, exclude=["password"])
    user.save()
    record(actor=actor, action="create", obj=user, after=user.audit_snapshot())
    return user


@transaction.atomic
def set_active(*, actor: Any, user: User, active: bool) -> User:
    """Accounts are switched off, never deleted: the audit trail keeps naming them."""
    require(actor, may_manage_account, government_id_of(user))
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ServiceError("不能停用自己的账户")
    before = user.audit_snapshot()
    user.is_active = active
    user.save(update_fields=["is_active"])
    ended = 0 if active else end_sessions(user)
    record(actor=actor, action="activate" if active else "deactivate", obj=user, before=before,
           after={**user.audit_snapshot(), **({"sessions_ended": ended} if not active else {})})
    return user


def end_sessions(user: User) -> int:
    """Sign the user out everywhere: their session rows are deleted (a disabled account's sessions
    would otherwise come back to life if it were switched on again). How many were ended."""
    from django.contrib.sessions.models import Session

    mine = []
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk):  # {} for one that no longer decodes
            mine.append(s.session_key)
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


def _government_of_user(user: User | None) -> int | None:
    """The government whose log a row about `user` belongs in (None: an unknown name, or an
    account of every government)."""
    return government_id_of(user) if user is not None else None


class LockedOut(ServiceError):
    """Too many failed logins for this username from this address."""


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return str(request.META.get("REMOTE_ADDR") or "-")[:64]


def login_user(request: HttpRequest, username: str, password: str) -> User:
    """Check the password, counting failures per username and address; locked pairs are refused
    before the password is even checked, so guessing cannot continue during the lock."""
    ip = _client_ip(request)
    now = timezone.now()
    fail = LoginFailure.objects.filter(username=username, ip=ip).first()
    if fail and fail.locked_until and fail.locked_until > now:
        minutes = max(1, int((fail.locked_until - now).total_seconds() // 60) + 1)
        raise LockedOut(f"登录失败次数过多,该账户已暂时锁定,请 {minutes} 分钟后再试,或联系督查室")
    user = authenticate(request, username=username, password=password)
    if user is None:
        _count_failure(username, ip, now)
        known = User.objects.filter(username=username[:150]).select_related("unit", "leader").first()
        with transaction.atomic():  # who tried which account from where, in that account's government's log
            record(actor=None, action="login_failed", object_type="accounts.user",
                   object_id=str(known.pk) if known else username[:40], object_repr=username[:200],
                   after={"username": username[:150], "ip": ip, "known": known is not None},
                   government=_government_of_user(known), changes_data=False)
        raise ServiceError("用户名或密码不正确")
    LoginFailure.objects.filter(username=username, ip=ip).delete()
    with transaction.atomic():
        record(actor=user, action="login", obj=user, after={"ip": ip}, changes_data=False)
    return user


def _count_failure(username: str, ip: str, now: dt.datetime) -> None:
    window = dt.timedelta(seconds=settings.DUBAN_LOGIN_LOCK_SECONDS)
    with transaction.atomic():
        fail, created = LoginFailure.objects.select_for_update().get_or_create(
            username=username[:150], ip=ip, defaults={"count": 1, "last_at": now}
        )
        if not created:
            if fail.last_at < now - window or (fail.locked_until and fail.locked_until <= now):
                fail.count = 1  # an old streak, or a lock that has run out: start counting again
                fail.locked_until = None
            else:
                fail.count = F("count") + 1
            fail.last_at = now
            fail.save()
            fail.refresh_from_db()
        if fail.count >= settings.DUBAN_LOGIN_MAX_FAILURES and not fail.locked_until:
            fail.locked_until = now + window
            fail.save(update_fields=["locked_until"])
            known = User.objects.filter(username=username).select_related("unit", "leader").first()
            record(actor=None, action="lockout", object_type="accounts.user", object_id=username[:40],
                   after={"username": username, "ip": ip, "until": fail.locked_until.isoformat()},
                   government=_government_of_user(known))


@transaction.atomic
def create_token(*, actor: User, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """A new API token for `user`; returns the row and the key, which is never shown again."""
    require(actor, may_manage_tokens_of, user)
    raw = ApiToken.new_key()
    token = ApiToken(
        user=user, name=name.strip() or "接口", prefix=raw[:10], key_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    validate(token)
    token.save()
    record(actor=actor, action="create_token", obj=token, after=token.audit_snapshot())
    return token, raw


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> None:
    require(actor, may_manage_tokens_of, token.user)
    before = token.audit_snapshot()
    token.revoked = True
    token.save(update_fields=["revoked", "updated_at"])
    record(actor=actor, action="revoke_token", obj=token, before=before, after=token.audit_snapshot())


def user_for_token(raw: str) -> User | None:
    """The active user a presented key belongs to, if the key is valid, unexpired, unrevoked.

    Read on every API call, fresh from the database each time (a revoked key or a disabled user
    is refused at once, in every process), with the user's unit and leader: every permission
    rule reads the user's government through them."""
    if not raw or len(raw) > 200:
        return None
    tok = next(iter(ApiToken.objects.select_related("user", "user__unit", "user__leader")  # a unique key: no ORDER BY
                    .filter(key_hash=hash_token(raw), revoked=False).order_by()[:1]), None)
    if tok is None or not tok.user.is_active:
        return None
    now = timezone.now()
    if tok.expires_at and tok.expires_at <= now:
        return None
    if tok.last_used_at is None or now - tok.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=tok.pk).update(last_used_at=now)  # at most one write per 5 minutes
    return tok.user


# --- passwords -----------------------------------------------------------------------------

_VALIDATOR_TEXT = {  # Django's own messages are not all translated (the length one stays English)
    "password_too_short": "密码太短,至少需要 {min_length} 个字符",
    "password_too_common": "这个密码太常见,容易被猜中",
    "password_entirely_numeric": "密码不能全是数字",
    "password_too_similar": "密码与{verbose_name}太相似",
}


def check_password_policy(user: User, new_password: str, *, field: str = "new_password1") -> None:
    """The one password policy, for every way a password is set (an account made by the office,
    by `duban init` or the first-run page, a change, a reset): Django's validators (at least 8
    characters, not a common password, not all digits, not like the user's name), in Chinese."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        said = [_VALIDATOR_TEXT.get(e.code or "", "").format(**(e.params or {})) or str(e.messages[0])
                for e in exc.error_list]
        raise ServiceError(";".join(said), field=field) from exc


def change_password(*, actor: User, old_password: str, new_password: str, request: HttpRequest | None = None) -> User:
    """A signed-in user changes their own password. A wrong old password counts as a failed login
    for the lock-out (someone at an unattended screen cannot guess on here instead), and a locked
    pair is refused before the old password is checked. The audit row never holds a password.

    Not one transaction as a whole: a failure counted for a wrong old password must stay counted
    when the refusal is raised; the write itself and its audit row are one transaction."""
    require(actor, may_change_password_of, actor)
    ip = _client_ip(request)
    now = timezone.now()
    fail = LoginFailure.objects.filter(username=actor.username, ip=ip).first()
    if fail and fail.locked_until and fail.locked_until > now:
        minutes = max(1, int((fail.locked_until - now).total_seconds() // 60) + 1)
        raise LockedOut(f"密码输错次数过多,已暂时锁定,请 {minutes} 分钟后再试,或联系督查室", field="old_password")
    if not actor.check_password(old_password):
        _count_failure(actor.username, ip, now)
        raise ServiceError("原密码不正确", field="old_password")
    if old_password == new_password:
        raise ServiceError("新密码不能与原密码相同", field="new_password1")
    check_password_policy(actor, new_password)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(actor=actor, action="change_password", obj=user, after={"username": user.username})
    actor.password = user.password  # the caller's instance follows (update_session_auth_hash reads it)
    return user


@transaction.atomic
def reset_password(*, actor: User, user: User, new_password: str) -> User:
    """The office sets a new password for a user of its own government (one who forgot theirs).
    It also lifts a lock-out of that username, on the office's word; the audit row says so and
    never holds the password. The user's open sessions end, as with any password change."""
    require(actor, may_manage_account, government_id_of(user))
    if user.pk == getattr(actor, "pk", None):
        raise ServiceError("请在“修改密码”页面修改自己的密码")
    check_password_policy(user, new_password)
    fresh = User.objects.select_for_update().get(pk=user.pk)
    fresh.set_password(new_password)
    fresh.save(update_fields=["password"])
    unlocked, _ = LoginFailure.objects.filter(username=fresh.username).delete()
    record(actor=actor, action="reset_password", obj=fresh,
           after={"username": fresh.username, "unlocked": unlocked})
    return fresh
