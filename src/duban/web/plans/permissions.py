"""Who may see and change plans and tasks.

The office sees and changes everything of its government. After publication: a viewer reads
the whole plan; a leader reads the tasks they lead or whose units they oversee; a unit reads the
tasks it leads or cooperates on. Drafts are the office's alone. The predicate at the end is what
the plans' services `require`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.accounts.permissions import in_government, is_office_of
from duban.web.common.permissions import VIEW, predicate, rule
from duban.web.directory.models import Government
from duban.web.plans.models import DraftJob, Plan, PlanStatus, Section, Task


def visible_tasks(qs: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
    """Tasks of published plans that `user` (not the office) may read."""
    qs = in_government(qs.filter(plan__status=PlanStatus.PUBLISHED, removed=False), user, field="plan__government_id")
    if user.role == Role.VIEWER:
        return qs
    if user.role == Role.LEADER:
        ids = Task.objects.filter(
            models.Q(leaders=user.leader_id) | models.Q(units__leaders=user.leader_id)
        ).values("pk")
        return qs.filter(pk__in=ids)
    if user.role in UNIT_ROLES:
        return qs.filter(pk__in=Task.objects.filter(units=user.unit_id).values("pk"))
    return qs.none()


@rule(Plan)
def plans(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user)
    if action != VIEW:
        return qs.none()
    qs = in_government(qs.filter(status=PlanStatus.PUBLISHED), user)
    if user.role == Role.VIEWER:
        return qs
    return qs.filter(pk__in=visible_tasks(Task.objects.all(), user).values("plan_id"))


@rule(Task)
def tasks(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="plan__government_id")
    if action != VIEW:
        return qs.none()
    return visible_tasks(qs, user)


@rule(Section)
def sections(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return qs.filter(plan__in=Plan.objects.restrict(user, action))


@rule(DraftJob)
def draft_jobs(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """A report being drafted is the office's alone, as the draft it makes is."""
    if user.role != Role.OFFICE:
        return qs.none()
    return in_government(qs, user)


# --- who may do what ------------------------------------------------------------------------


@predicate("只有督查室可以导入、修改、调整和发布本政府的责任分解方案")
def may_edit_plans(actor: Any, government: Government | Plan) -> bool:
    """Importing a plan for a government, reviewing and publishing its draft, adjusting its
    tasks afterwards: that government's office (or a province-wide one)."""
    gid = government.government_id if isinstance(government, Plan) else government.pk
    return is_office_of(actor, gid)
