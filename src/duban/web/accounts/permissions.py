"""Who may see and change users and API tokens, and the predicates of the accounts' services."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import UNIT_ROLES, ApiToken, Role, User
from duban.web.common.permissions import VIEW, predicate, rule


def government_id_of(user: Any) -> int | None:
    """The government a user works for (None: an office account for every government)."""
    if user.role in UNIT_ROLES and user.unit_id:
        return int(user.unit.government_id)
    if user.role == Role.LEADER and user.leader_id:
        return int(user.leader.government_id)
    return int(user.government_id) if user.government_id else None


def in_government(qs: models.QuerySet[Any], user: Any, field: str = "government_id") -> models.QuerySet[Any]:
    """Narrow `qs` to the user's government (`field` is the lookup that names it)."""
    gid = government_id_of(user)
    if gid is None:
        if user.role in (Role.OFFICE, Role.VIEWER):
            return qs
        return qs.none()
    return qs.filter(**{field: gid})


def is_office_of(actor: Any, government_id: int | None) -> bool:
    """An office account of that government, or a province-wide one (no government of its own)."""
    if actor.role != Role.OFFICE:
        return False
    own = government_id_of(actor)
    return own is None or own == government_id


def is_unit_member(actor: Any, unit_id: int | None) -> bool:
    """The head or a liaison of that unit."""
    return actor.role in UNIT_ROLES and unit_id is not None and actor.unit_id == unit_id


@rule(User)
def users(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """The office sees and manages the accounts of its own government (an office account with no
    government, as a province runs for all its counties, sees every account); others only their own."""
    if user.role == Role.OFFICE:
        gid = government_id_of(user)
        if gid is None:
            return qs
        return qs.filter(models.Q(government_id=gid) | models.Q(unit__government_id=gid)
                         | models.Q(leader__government_id=gid))
    return qs.filter(pk=user.pk) if action == VIEW else qs.none()


@rule(ApiToken)
def tokens(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return qs.filter(user=user)


# --- who may do what ------------------------------------------------------------------------


def government_of_account(role: str, *, government: Any = None, unit: Any = None, leader: Any = None) -> int | None:
    """The government an account being made for `role` belongs to, as `government_id_of` will
    read it once made (None: an account of every government)."""
    where = unit if role in UNIT_ROLES else leader if role == Role.LEADER else government
    if where is None:
        return None
    return int(where.pk if where is government else where.government_id)


@predicate("只有督查室可以管理本政府的账户")
def may_manage_account(actor: Any, government_id: int | None) -> bool:
    """Making, switching off and on, and resetting the password of an account of a government:
    that government's office; an account of every government only a province-wide office."""
    return is_office_of(actor, government_id)


@predicate("只能为自己创建或撤销接口令牌")
def may_manage_tokens_of(actor: Any, user: Any) -> bool:
    """A user's API tokens: the user, or the office of their government."""
    return actor.pk == user.pk or is_office_of(actor, government_id_of(user))


@predicate("只能修改自己的密码", system=False)
def may_change_password_of(actor: Any, user: Any) -> bool:
    return bool(actor.pk == user.pk)
