"""Who may see and change the directory: everyone signed in sees their government's units,
groups and leaders; only the office changes them; a unit keeps its own contacts current.
The predicates at the end are what the directory's services `require`."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.accounts.permissions import government_id_of, in_government, is_office_of, is_unit_member
from duban.web.common.permissions import VIEW, predicate, rule
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
    if user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.LEADER and action == VIEW:
        return qs.filter(unit__leaders=user.leader_id).distinct()
    return qs.none()


# --- who may do what ------------------------------------------------------------------------


@predicate("只有督查室可以维护本政府的单位名录")
def may_edit_directory(actor: Any, government: Government) -> bool:
    """Units, aliases, groups, leaders and people of a government, retiring and deleting them,
    the spreadsheet import and the names a plan taught: that government's office (or a
    province-wide one)."""
    return is_office_of(actor, government.pk)


@predicate("只能修改本单位人员的联系方式")
def may_edit_person(actor: Any, person: Person) -> bool:
    """A contact: the office of its government, or the people of its own unit (who keep their
    unit's contacts current)."""
    return is_unit_member(actor, person.unit_id) or is_office_of(actor, person.government_id)


@predicate("只有省级(全省通用)督查室账户可以新增政府")
def may_add_government(actor: Any) -> bool:
    """A new government (a county joining a province's installation): an office account of every
    government."""
    return actor.role == Role.OFFICE and government_id_of(actor) is None
