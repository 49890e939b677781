"""Who may see and change the directory: everyone signed in sees their government's units,
groups and leaders; only the office changes them; a unit keeps its own contacts current."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import Role
from duban.web.accounts.permissions import in_government
from duban.web.common.permissions import VIEW, rule
from duban.web.directory.models import Government, Group, Leader, Person, Unit, UnitAlias


def _read_all_change_office(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if action != VIEW and user.role != Role.OFFICE:
        return qs.none()
    return in_government(qs, user)


rule(Unit)(_read_all_change_office)
rule(UnitAlias)(_read_all_change_office)
rule(Group)(_read_all_change_office)
rule(Leader)(_read_all_change_office)


@rule(Government)
def governments(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if action != VIEW and user.role != Role.OFFICE:
        return qs.none()
    return in_government(qs, user, field="pk")


@rule(Person)
def people(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """Phones are personal data: the office, the person's own unit, and the leader over it."""
    if user.role == Role.OFFICE:
        return in_government(qs, user)
    if user.role in (Role.UNIT_HEAD, Role.LIAISON):
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.LEADER and action == VIEW:
        return qs.filter(unit__leaders=user.leader_id).distinct()
    return qs.none()
