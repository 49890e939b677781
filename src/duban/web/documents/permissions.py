"""Who may see and change what the documents area keeps.

- Bulletins: the office drafts and issues them; once issued, anyone of the government who may
  read the plan reads them (leaders, viewers, units). Drafts are the office's alone.
- Public settings, published progress, plan links and scoring rules: the office changes them;
  anyone who may read the plan reads them (the public page reads published ones without login,
  through its own narrow query, not through these rules).
- Returned spreadsheets: the unit that uploaded them, and the office.

`may_edit_documents` is what the documents' office services `require`; a returned 附表3 is the
unit's filing (`cycle.permissions.may_file_for`).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.accounts.permissions import in_government, is_office_of
from duban.web.common.permissions import VIEW, predicate, rule
from duban.web.documents.models import (
    Bulletin,
    BulletinState,
    PlanLink,
    PublicPlan,
    PublicProgress,
    ReturnUpload,
    ScoringRules,
    TaskMatch,
)
from duban.web.plans.models import Plan


def _by_plan(qs: models.QuerySet[Any], user: Any, action: str, field: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user, field=f"{field}__government_id")
    if action != VIEW:
        return qs.none()
    return qs.filter(**{f"{field}__in": Plan.objects.restrict(user, VIEW)})


@rule(Bulletin)
def bulletins(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="round__plan__government_id")
    if action != VIEW:
        return qs.none()
    return qs.filter(state=BulletinState.ISSUED, round__plan__in=Plan.objects.restrict(user, VIEW))


@rule(PublicPlan)
def public_plans(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _by_plan(qs, user, action, "plan")


@rule(PublicProgress)
def public_progress(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _by_plan(qs, user, action, "task__plan")


@rule(PlanLink)
def plan_links(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _by_plan(qs, user, action, "plan")


@rule(TaskMatch)
def task_matches(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _by_plan(qs, user, action, "link__plan")


@rule(ScoringRules)
def scoring(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role != Role.OFFICE:
        return qs.none()
    return in_government(qs, user, field="plan__government_id")


@rule(ReturnUpload)
def returns(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="unit__government_id")
    if user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


# --- who may do what ------------------------------------------------------------------------


@predicate("只有督查室可以编发通报、设置公开、衔接上年方案和考核规则")
def may_edit_documents(actor: Any, plan: Plan) -> bool:
    """Bulletins of a plan's rounds, its public page and published progress, its link to last
    year's plan, its scoring rules: the office of its government (or a province-wide one)."""
    return is_office_of(actor, plan.government_id)
