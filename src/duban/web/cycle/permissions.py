"""Who may see and change the cycle's records, and who may do what in it.

- The office sees and reviews everything of its government.
- A unit (head or liaison) sees and files its own 办理方案, reports, roster, requests and
  instructions; as lead unit it also reads its cooperating units' parts of its tasks.
- A leader reads what concerns the units they oversee (分管) and the tasks they lead, and writes
  instructions.
- A viewer reads rounds, reports and lights, never phones (roster) nor inspections.

"change" on a unit's filing means the unit may edit it while it is not locked (the services
check the state); for the office it means review.

The predicates at the end (`may_run_cycle`, `may_file_for`, `may_review`, `may_instruct`,
`may_close_instruction`, `may_grade`) are what the services `require` first and what the pages
and the API ask before showing a button.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.accounts.permissions import government_id_of, in_government, is_office_of, is_unit_member
from duban.web.common.permissions import VIEW, predicate, rule
from duban.web.cycle.models import (
    Attachment,
    ChangeRequest,
    Delivery,
    DeliveryChannel,
    FixedLight,
    ImplementationPlan,
    Inspection,
    Instruction,
    Notification,
    Reminder,
    Report,
    RosterEntry,
    Round,
    RoundExtension,
    RoundState,
    WorkItem,
)
from duban.web.directory.models import Unit
from duban.web.plans.models import Plan, Task, TaskUnit, UnitRole


def _leader_units(user: Any) -> models.QuerySet[Any]:
    return Unit.objects.filter(leaders=user.leader_id).values("pk")


def _task_filed(qs: models.QuerySet[Any], user: Any, action: str, *, coop_visible_to_lead: bool = True,
                viewer: bool = True) -> models.QuerySet[Any]:
    """The rule for anything filed by a unit about a task (`task`, `unit` fields)."""
    qs = in_government(qs, user, field="task__plan__government_id")
    if user.role == Role.OFFICE:
        return qs
    if user.role in UNIT_ROLES:
        if action != VIEW:
            return qs.filter(unit_id=user.unit_id)
        q = models.Q(unit_id=user.unit_id)
        if coop_visible_to_lead:
            q |= models.Q(task__task_units__unit_id=user.unit_id, task__task_units__role="lead")
        return qs.filter(q).distinct()
    if action != VIEW:
        return qs.none()
    if user.role == Role.LEADER:
        tasks = Task.objects.filter(models.Q(leaders=user.leader_id) | models.Q(units__leaders=user.leader_id))
        return qs.filter(models.Q(unit_id__in=_leader_units(user)) | models.Q(task_id__in=tasks.values("pk")))
    if user.role == Role.VIEWER and viewer:
        return qs
    return qs.none()


@rule(Round)
def rounds(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """Rounds not yet opened are the office's draft."""
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="plan__government_id")
    if action != VIEW:
        return qs.none()
    return qs.filter(plan__in=Plan.objects.restrict(user, VIEW)).exclude(state=RoundState.DRAFT)


@rule(RoundExtension)
def extensions(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="round__plan__government_id")
    if action == VIEW and user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    if action == VIEW and user.role == Role.LEADER:
        return qs.filter(unit_id__in=_leader_units(user))
    return qs.none()


@rule(ImplementationPlan)
def impl_plans(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _task_filed(qs, user, action)


@rule(WorkItem)
def work_items(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return qs.filter(impl_plan__in=ImplementationPlan.objects.restrict(user, action))


@rule(Report)
def reports(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _task_filed(qs, user, action)


@rule(Attachment)
def attachments(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return qs.filter(
        models.Q(report__in=Report.objects.restrict(user, action))
        | models.Q(change_request__in=ChangeRequest.objects.restrict(user, action))
    )


@rule(ChangeRequest)
def change_requests(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return _task_filed(qs, user, action, coop_visible_to_lead=False, viewer=False)


@rule(RosterEntry)
def roster(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """Phones are personal data: the office, the unit itself, the leader over it (read)."""
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="unit__government_id")
    if user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.LEADER and action == VIEW:
        return qs.filter(unit_id__in=_leader_units(user))
    return qs.none()


@rule(Inspection)
def inspections(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """Planned checks are the office's (an announced 暗访 is no 暗访); findings, once recorded,
    are read by the unit concerned and its leader."""
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="task__plan__government_id")
    if action != VIEW:
        return qs.none()
    if user.role in UNIT_ROLES:
        return qs.filter(done=True, unit_id=user.unit_id)
    if user.role == Role.LEADER:
        return qs.filter(done=True, unit_id__in=_leader_units(user))
    return qs.none()


@rule(Instruction)
def instructions(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    qs = in_government(qs, user, field="task__plan__government_id")
    if user.role == Role.OFFICE:
        return qs
    if user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.LEADER:
        mine = models.Q(leader_id=user.leader_id) | models.Q(author_id=user.pk)
        if action == VIEW:
            mine |= models.Q(unit_id__in=_leader_units(user))
        return qs.filter(mine)
    if user.role == Role.VIEWER and action == VIEW:
        return qs
    return qs.none()


@rule(Reminder)
def reminders(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    if action != VIEW:
        return qs.none()  # reminders are written by the scheduler only
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="plan__government_id")
    if user.role in UNIT_ROLES:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.LEADER:
        return qs.filter(unit_id__in=_leader_units(user))
    return qs.none()


@rule(Notification)
def notifications(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    return qs.filter(user_id=user.pk)


@rule(FixedLight)
def fixed_lights(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """Read with the round; written by the services only (on review, on issuing the 通报)."""
    if action != VIEW:
        return qs.none()
    return qs.filter(round__in=Round.objects.restrict(user, VIEW))


@rule(DeliveryChannel)
def delivery_channels(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """The office's own SMS gateway and group robots: its keys are nobody else's to read."""
    if user.role == Role.OFFICE:
        return in_government(qs, user, field="government_id")
    return qs.none()


@rule(Delivery)
def deliveries(qs: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
    """What the office sent and how it went: the office reads it; nobody edits it."""
    if user.role != Role.OFFICE or action != VIEW:
        return qs.none()
    gid = government_id_of(user)
    if gid is None:
        return qs
    return qs.filter(models.Q(round__plan__government_id=gid) | models.Q(channel__government_id=gid))


# --- who may do what ------------------------------------------------------------------------


@predicate("只有督查室可以安排和管理本政府的督办工作")
def may_run_cycle(actor: Any, plan: Plan) -> bool:
    """Rounds (arrange, open, close, extend for a unit), the plan's calendar, on-site checks and
    their findings, decisions on requests, reminders sent again: the office of the plan's
    government (or a province-wide one)."""
    return is_office_of(actor, plan.government_id)


@predicate("只能填报本单位的材料")
def may_file_for(actor: Any, unit: Unit | int) -> bool:
    """A unit's 办理方案, reports, evidence, roster, requests and answers to instructions: its own
    head and liaisons, or the office of its government on its behalf. Takes the unit or its id
    (the deadline-day calls know the id only: a unit's own people need no read)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    if is_unit_member(actor, unit_id):
        return True
    if actor.role != Role.OFFICE:
        return False
    if isinstance(unit, Unit):
        return is_office_of(actor, unit.government_id)
    return is_office_of(actor, Unit.objects.filter(pk=unit_id).values_list("government_id", flat=True).first())


@predicate("只有督查室(或牵头单位对配合单位的材料)可以审核")
def may_review(actor: Any, filing: ImplementationPlan | Report) -> bool:
    """The office reviews every unit's filing of its government; a lead unit reviews its
    cooperating units' parts of the task it leads."""
    if is_office_of(actor, filing.unit.government_id):
        return True
    return bool(filing.role == "coop" and actor.role in UNIT_ROLES
                and TaskUnit.objects.filter(task_id=filing.task_id, unit_id=actor.unit_id, role=UnitRole.LEAD).exists())


@predicate("评定等次由督查室在审核牵头单位的报告时给出")
def may_grade(actor: Any, report: Report) -> bool:
    """The mark (优/良/中/差) is the office's, on a lead unit's report."""
    return report.role == "lead" and is_office_of(actor, report.unit.government_id)


@predicate("只有领导(或督查室代录)可以作出批示")
def may_instruct(actor: Any, task: Task) -> bool:
    """A leader on a task they may read (they lead it, or oversee one of its units), or the office
    recording a leader's instruction."""
    if actor.role == Role.LEADER:
        return Task.objects.restrict(actor, VIEW).filter(pk=task.pk).exists()
    return is_office_of(actor, task.plan.government_id)


@predicate("只有批示领导或督查室可以办结")
def may_close_instruction(actor: Any, instruction: Instruction) -> bool:
    if actor.role == Role.LEADER:
        return instruction.leader_id == actor.leader_id or instruction.author_id == actor.pk
    return is_office_of(actor, instruction.unit.government_id)


@predicate("只有督查室可以设置催办渠道")
def may_set_channels(actor: Any, government_id: int | None) -> bool:
    """The SMS gateway and the work groups' robots (with their keys): the office of that government."""
    return is_office_of(actor, government_id)


@predicate("请先登录")
def signed_in(actor: Any) -> bool:
    """Anyone with a role (their own notifications)."""
    return True
