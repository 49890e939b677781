"""Every write of the supervision cycle, each with a keyword-only `actor`, inside
`transaction.atomic`, validated, with its audit row: rounds and extensions, 办理方案, the roster,
reports (draft → submit → accept/return), evidence, inspections, change requests and appeals,
leaders' instructions, notifications. Reading helpers the pages and the documents app share
(obligations, effective due dates, lights) are at the end.

Views and the API only translate HTTP into these calls and their ServiceErrors into messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from duban.core.progress import IndicatorActual, Judgement, Light, Milestone, judge
from duban.web.accounts.models import UNIT_ROLES, Role, User
from duban.web.common import pagecache
from duban.web.common.permissions import allowed, require
from duban.web.common.services import ConflictError, ServiceError, record, validate
from duban.web.cycle import evidence
from duban.web.cycle.models import (
    Attachment,
    ChangeKind,
    ChangeRequest,
    ChangeState,
    EmailState,
    FilingState,
    FixedBy,
    FixedLight,
    ImplementationPlan,
    Inspection,
    Instruction,
    InstructionState,
    Notification,
    PlanCalendar,
    Report,
    ReportStatus,
    ReviewMark,
    RosterEntry,
    RosterSlot,
    Round,
    RoundExtension,
    RoundKind,
    RoundState,
    WorkItem,
)
from duban.web.cycle.permissions import (
    may_close_instruction,
    may_file_for,
    may_grade,
    may_instruct,
    may_review,
    may_run_cycle,
    signed_in,
)
from duban.web.directory.models import Unit
from duban.web.plans.models import Plan, Section, Task, TaskUnit, UnitRole

Row = TypeVar("Row")
CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}


def one(qs: models.QuerySet[Any, Row]) -> Row | None:
    """The row of a lookup by a unique key, or None: `first()` without its ORDER BY. `first()`
    sorts by the model's default ordering, which for a report follows round → plan → government,
    task and unit → government: six joins and most of the query's cost in Python to sort one row."""
    return next(iter(qs.order_by()[:1]), None)


def today() -> dt.date:
    """The local date every rule of the cycle uses (one place, so tests can set the clock)."""
    return timezone.localdate()

# --- the calendar ---------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def round_dates(year: int, kind: str, number: int) -> tuple[str, dt.date, dt.date, dt.date]:
    """Title, period and due date of a standard round: a quarter is due on the 20th of the
    month after it (Q1 → 4月20日, Q4 → next 1月20日); a month on the 10th of the next month."""
    if kind == RoundKind.QUARTERLY:
        if not 1 <= number <= 4:
            raise ServiceError("季度应为 1–4", field="number")
        start = dt.date(year, 3 * number - 2, 1)
        end = _month_end(year, 3 * number)
        due = dt.date(year + (number == 4), (3 * number) % 12 + 1, 20)
        return f"{year}年第{CN_QUARTER[number]}季度", start, end, due
    if kind == RoundKind.MONTHLY:
        if not 1 <= number <= 12:
            raise ServiceError("月份应为 1–12", field="number")
        end = _month_end(year, number)
        due = dt.date(year + (number == 12), number % 12 + 1, 10)
        return f"{year}年{number}月", dt.date(year, number, 1), end, due
    raise ServiceError("专项报送须写明名称、统计期和截止日期", field="kind")


@transaction.atomic
def create_round(
    *, actor: Any, plan: Plan, kind: str = RoundKind.QUARTERLY, number: int = 1, title: str = "",
    period_start: dt.date | None = None, period_end: dt.date | None = None, due_date: dt.date | None = None,
    note: str = "",
) -> Round:
    """A round of `plan` (not yet open). Standard dates for quarterly and monthly rounds unless
    given; a special round (专项) needs its own title, period and due date."""
    require(actor, may_run_cycle, plan)
    if not plan.is_published:
        raise ServiceError("方案尚未发布,不能安排报送")
    if kind in (RoundKind.QUARTERLY, RoundKind.MONTHLY):
        t, s, e, d = round_dates(plan.year, kind, number)
        title, period_start, period_end = title or t, period_start or s, period_end or e
        due_date = due_date or d
    if not (title and period_start and period_end and due_date):
        raise ServiceError("请填写名称、统计起止日期和报送截止日期")
    if Round.objects.filter(plan=plan, title=title).exists():
        raise ServiceError(f"本方案已有“{title}”", field="title")
    r = Round(plan=plan, kind=kind, number=number, title=title.strip()[:100], period_start=period_start,
              period_end=period_end, due_date=due_date, note=note)
    validate(r)
    r.save()
    record(actor=actor, action="create", obj=r, after=r.audit_snapshot())
    return r


@transaction.atomic
def create_calendar(*, actor: Any, plan: Plan, kind: str = RoundKind.QUARTERLY) -> list[Round]:
    """Every standard round of the plan's year not made yet (quarterly by default)."""
    require(actor, may_run_cycle, plan)
    count = 4 if kind == RoundKind.QUARTERLY else 12
    out = []
    for n in range(1, count + 1):
        title = round_dates(plan.year, kind, n)[0]
        if not Round.objects.filter(plan=plan, title=title).exists():
            out.append(create_round(actor=actor, plan=plan, kind=kind, number=n))
    return out


def _lock_round(rnd: Round, expected_version: int | None) -> Round:
    fresh = Round.objects.select_for_update().select_related("plan").get(pk=rnd.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError(f"“{fresh}”已被他人修改,请刷新后再操作")
    return fresh


@transaction.atomic
def open_round(*, actor: Any, round: Round, expected_version: int | None = None) -> Round:  # noqa: A002
    """Open (or reopen) a round for filing, and tell every unit with a task in it."""
    require(actor, may_run_cycle, round.plan)
    fresh = _lock_round(round, expected_version)
    if fresh.state == RoundState.OPEN:
        raise ServiceError(f"“{fresh}”已在报送中")
    before = fresh.audit_snapshot()
    first = fresh.opened_at is None
    fresh.state = RoundState.OPEN
    fresh.opened_at = fresh.opened_at or timezone.now()
    fresh.closed_at = None
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="open" if first else "reopen", obj=fresh, before=before, after=fresh.audit_snapshot())
    if first:
        unit_ids = TaskUnit.objects.filter(task__plan=fresh.plan, task__removed=False).values("unit_id")
        users = User.objects.filter(unit_id__in=unit_ids, role__in=UNIT_ROLES, is_active=True)
        notify(users, f"{fresh}完成情况报送已开启,请于{_md(fresh.due_date)}前报送", url=f"/cycle/rounds/{fresh.pk}/mine/")
    return fresh


@transaction.atomic
def close_round(*, actor: Any, round: Round, expected_version: int | None = None) -> Round:  # noqa: A002
    """Close a round: units without an extension can no longer file or change drafts."""
    require(actor, may_run_cycle, round.plan)
    fresh = _lock_round(round, expected_version)
    if fresh.state != RoundState.OPEN:
        raise ServiceError(f"“{fresh}”不在报送中,无需截止")
    before = fresh.audit_snapshot()
    fresh.state = RoundState.CLOSED
    fresh.closed_at = timezone.now()
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="close", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


@transaction.atomic
def extend_round(*, actor: Any, round: Round, unit: Unit, due_date: dt.date, reason: str) -> RoundExtension:  # noqa: A002
    """Give one unit until `due_date` (it may then file even after the round is closed)."""
    require(actor, may_run_cycle, round.plan)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写延期原因", field="reason")
    if due_date <= round.due_date:
        raise ServiceError(f"延期日期应晚于本轮截止日期{_md(round.due_date)}", field="due_date")
    if not TaskUnit.objects.filter(task__plan_id=round.plan_id, task__removed=False, unit=unit).exists():
        raise ServiceError(f"“{unit}”在本方案中没有任务", field="unit")
    ext = RoundExtension.objects.select_for_update().filter(round=round, unit=unit).first()
    before = ext.audit_snapshot() if ext else None
    if ext is None:
        ext = RoundExtension(round=round, unit=unit, due_date=due_date, reason=reason)
    else:
        ext.due_date, ext.reason, ext.version = due_date, reason, ext.version + 1
    validate(ext)
    ext.save()
    record(actor=actor, action="extend", obj=ext, before=before, after=ext.audit_snapshot(), reason=reason)
    notify(_unit_users(unit), f"{round}:督查室同意延期至{_md(due_date)}报送", url=f"/cycle/rounds/{round.pk}/mine/")
    return ext


@transaction.atomic
def set_calendar(*, actor: Any, plan: Plan, impl_plan_due: dt.date | None = None,
                 remind_days_before: Sequence[int] | None = None) -> PlanCalendar:
    """The office's settings for the plan: 办理方案 due date and reminder days."""
    require(actor, may_run_cycle, plan)
    cal, _ = PlanCalendar.objects.select_for_update().get_or_create(plan=plan)
    before = cal.audit_snapshot()
    if impl_plan_due is not None:
        cal.impl_plan_due = impl_plan_due
        ImplementationPlan.objects.filter(task__plan=plan).update(due_date=impl_plan_due)
    if remind_days_before is not None:
        days = sorted({int(d) for d in remind_days_before if 0 < int(d) <= 60}, reverse=True)
        cal.remind_days_before = days
    cal.version += 1
    cal.save()
    record(actor=actor, action="update", obj=cal, before=before, after=cal.audit_snapshot())
    return cal


def remind_days(plan: Plan) -> list[int]:
    cal = PlanCalendar.objects.filter(plan=plan).first()
    return list(cal.remind_days_before) if cal and cal.remind_days_before else [7, 3]


# --- who files what -------------------------------------------------------------------------


def _md(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def _unit_users(unit: Unit | int, roles: Iterable[str] = UNIT_ROLES) -> models.QuerySet[User]:
    uid = unit if isinstance(unit, int) else unit.pk
    return User.objects.filter(unit_id=uid, role__in=list(roles), is_active=True)


def _unit_reports_on_task(task: int, unit: int, round: int) -> models.QuerySet[Report]:  # noqa: A002
    """This round's report of the unit on the task, and its filed reports of earlier rounds (the
    one a new report starts from, 减负), in one read."""
    earlier = models.Subquery(Round.objects.filter(pk=round).order_by().values("period_end")[:1])
    return Report.objects.filter(task_id=task, unit_id=unit).filter(
        models.Q(round_id=round) | models.Q(round__period_end__lt=earlier) & ~models.Q(state=FilingState.DRAFT)
    ).select_related("round").order_by()


def role_of(task: Task, unit: Unit | int) -> str | None:
    """'lead' or 'coop' when the unit answers for the task, else None."""
    uid = unit if isinstance(unit, int) else unit.pk
    roles = set(TaskUnit.objects.filter(task_id=task.pk, unit_id=uid).order_by().values_list("role", flat=True))
    if UnitRole.LEAD in roles:
        return "lead"
    return "coop" if roles else None


def obligations(rnd: Round, unit: Unit | int) -> list[tuple[Task, str]]:
    """The tasks `unit` reports on in `rnd`, with its role (lead first, in plan order)."""
    uid = unit if isinstance(unit, int) else unit.pk
    rows = (TaskUnit.objects.filter(task__plan_id=rnd.plan_id, task__removed=False, unit_id=uid)
            .select_related("task").order_by("task__position", "task_id"))
    best: dict[int, tuple[Task, str]] = {}
    for tu in rows:
        if tu.task_id not in best or tu.role == UnitRole.LEAD:
            best[tu.task_id] = (tu.task, "lead" if tu.role == UnitRole.LEAD else "coop")
    return sorted(best.values(), key=lambda p: (p[0].position, p[0].pk))


def effective_due(rnd: Round, unit: Unit | int) -> dt.date:
    """The round's due date, or the unit's extension."""
    uid = unit if isinstance(unit, int) else unit.pk
    ext = one(RoundExtension.objects.filter(round=rnd, unit_id=uid).values_list("due_date", flat=True))
    return ext or rnd.due_date


def filed_late(rnd: Round, unit_id: int) -> bool:
    """Filed today, is it 逾期报送? Not before the round's own due date (an extension only ever
    moves it later: `extend_round`), so only a filing after it asks for the unit's extension."""
    day = today()
    return day > rnd.due_date and day > effective_due(rnd, unit_id)


def _check_can_file(rnd: Round, unit_id: int) -> None:
    if rnd.state == RoundState.OPEN:
        return
    ext = one(RoundExtension.objects.filter(round=rnd, unit_id=unit_id))
    if rnd.state == RoundState.CLOSED and ext and ext.due_date >= today():
        return
    if rnd.state == RoundState.DRAFT:
        raise ServiceError(f"“{rnd}”尚未开启报送")
    raise ServiceError(f"“{rnd}”已于{_md(rnd.due_date)}截止报送,不能再提交或修改;如有特殊情况请联系督查室申请延期")


# --- 办理方案 --------------------------------------------------------------------------------


@transaction.atomic
def start_impl_plan(*, actor: Any, task: Task, unit: Unit) -> ImplementationPlan:
    """The unit's 办理方案 for the task (made empty if it has none yet)."""
    require(actor, may_file_for, unit)
    role = role_of(task, unit)
    if role is None:
        raise ServiceError(f"“{unit}”不承担任务“{task}”,不能为其填报办理方案")
    existing = ImplementationPlan.objects.filter(task=task, unit=unit).first()
    if existing:
        return existing
    cal = PlanCalendar.objects.filter(plan_id=task.plan_id).first()
    ip = ImplementationPlan(task=task, unit=unit, role=role, due_date=cal.impl_plan_due if cal else None)
    try:
        with transaction.atomic():
            ip.save()
    except IntegrityError:
        return ImplementationPlan.objects.get(task=task, unit=unit)
    record(actor=actor, action="create", obj=ip, after=ip.audit_snapshot())
    return ip


def _lock_impl(ip: ImplementationPlan, expected_version: int | None) -> ImplementationPlan:
    fresh = ImplementationPlan.objects.select_for_update().select_related("task", "unit").get(pk=ip.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError("办理方案已被他人修改,您的修改没有保存;请刷新后再改(您填写的内容保留在下方)")
    return fresh


@transaction.atomic
def save_impl_plan(
    *, actor: Any, impl_plan: ImplementationPlan, expected_version: int | None, leader_in_charge: str = "",
    department: str = "", measures: str = "", items: Sequence[dict[str, Any]] = (),
) -> ImplementationPlan:
    """Save the 办理方案's head and replace its work items (content, month, leader, department,
    expected %). Refused once submitted, until the office returns it."""
    fresh = _lock_impl(impl_plan, expected_version)
    require(actor, may_file_for, fresh.unit)
    if fresh.state in (FilingState.SUBMITTED, FilingState.ACCEPTED):
        raise ServiceError("办理方案已报送,已锁定;如需修改请联系督查室退回")
    before = fresh.audit_snapshot()
    fresh.leader_in_charge = leader_in_charge.strip()[:60]
    fresh.department = department.strip()[:100]
    fresh.measures = measures.strip()
    clean: list[WorkItem] = []
    for n, it in enumerate(items, start=1):
        content = str(it.get("content", "")).strip()
        if not content:
            continue
        month = _int(it.get("month"), f"第{n}项工作的完成时间(月)")
        if month is None or not 1 <= month <= 12:
            raise ServiceError(f"第{n}项工作的完成时间应为 1–12 月", field="items")
        exp = _int(it.get("expected"), f"第{n}项工作的应完成比例")
        if exp is not None and not 0 <= exp <= 100:
            raise ServiceError(f"第{n}项工作的应完成比例应在 0–100 之间", field="items")
        clean.append(WorkItem(impl_plan=fresh, position=len(clean) + 1, content=content, month=month, expected=exp,
                              leader=str(it.get("leader", "")).strip()[:60] or fresh.leader_in_charge,
                              department=str(it.get("department", "")).strip()[:100] or fresh.department))
    if fresh.state == FilingState.RETURNED:
        fresh.state = FilingState.DRAFT
    fresh.version += 1
    fresh.save()
    fresh.items.all().delete()
    WorkItem.objects.bulk_create(clean)
    record(actor=actor, action="update", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


def _int(v: Any, label: str) -> int | None:
    if v is None or str(v).strip() == "":
        return None
    try:
        return int(str(v).strip().rstrip("月%"))
    except ValueError:
        raise ServiceError(f"{label}“{v}”不是整数", field="items") from None


@transaction.atomic
def submit_impl_plan(*, actor: Any, impl_plan: ImplementationPlan, expected_version: int | None = None) -> ImplementationPlan:
    fresh = _lock_impl(impl_plan, expected_version)
    require(actor, may_file_for, fresh.unit)
    if fresh.state in (FilingState.SUBMITTED, FilingState.ACCEPTED):
        raise ServiceError("办理方案已报送,不能重复报送")
    if not fresh.items.exists():
        raise ServiceError("请至少填写一项具体工作内容和完成时间", field="items")
    if fresh.role == "lead" and not fresh.leader_in_charge:
        raise ServiceError("请填写分管领导", field="leader_in_charge")
    before = fresh.audit_snapshot()
    again = fresh.reviewed_at is not None  # returned by its reviewer before: a resubmission
    fresh.state = FilingState.SUBMITTED
    fresh.submitted_at = timezone.now()
    fresh.submitted_by = actor if getattr(actor, "pk", None) else None
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="submit", obj=fresh, before=before, after=fresh.audit_snapshot())
    if again:
        notify(_reviewers(fresh), f"{fresh.unit}已修改并重新报送“{fresh.task}”的办理方案,请审核", url=f"/cycle/impl/{fresh.pk}/")
    return fresh


Filing = TypeVar("Filing", ImplementationPlan, Report)


def _review(*, actor: Any, fresh: Filing, accept: bool, comment: str, not_submitted: str, returned_text: str,
            url: str, changes: dict[str, Any] | None = None) -> Filing:
    """The one review flow of 办理方案 and reports, on a row already locked: check the reviewer
    and the state, accept or return (a return needs comments, counts on a report and tells the
    unit), save, and write the audit row with the comment as its reason. `changes` are set on
    the row with the verdict (a report's review mark)."""
    require(actor, may_review, fresh)
    comment = (comment or "").strip()
    if fresh.state != FilingState.SUBMITTED:
        raise ServiceError(not_submitted)
    if not accept and not comment:
        raise ServiceError("退回时请写明修改意见", field="comment")
    before = fresh.audit_snapshot()
    fresh.state = FilingState.ACCEPTED if accept else FilingState.RETURNED
    fresh.reviewed_at, fresh.review_comment = timezone.now(), comment
    fresh.reviewed_by = actor if getattr(actor, "pk", None) else None
    for k, v in (changes or {}).items():
        setattr(fresh, k, v)
    if not accept and isinstance(fresh, Report):
        fresh.returns += 1
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="accept" if accept else "return", obj=fresh, before=before,
           after=fresh.audit_snapshot(), reason=comment)
    if not accept:
        notify(_unit_users(fresh.unit_id), f"{returned_text}被退回:{comment[:100]}", url=url)
    return fresh


@transaction.atomic
def review_impl_plan(*, actor: Any, impl_plan: ImplementationPlan, accept: bool, comment: str = "",
                     expected_version: int | None = None) -> ImplementationPlan:
    """Accept a submitted 办理方案, or return it with comments (then it can be edited again);
    refused when it changed since the reviewer read it (`expected_version`)."""
    fresh = _lock_impl(impl_plan, expected_version)
    return _review(actor=actor, fresh=fresh, accept=accept, comment=comment, not_submitted="只能审核已报送的办理方案",
                   returned_text=f"办理方案“{fresh.task}”", url=f"/cycle/impl/{fresh.pk}/")


# --- 督办工作人员名单 ------------------------------------------------------------------------

_PHONE = re.compile(r"^[0-9\-+() 转]{5,40}$")


@transaction.atomic
def save_roster_entry(
    *, actor: Any, unit: Unit, slot: str, name: str, title: str = "", office_phone: str = "", mobile: str = "",
    email: str = "",
) -> RosterEntry:
    """Set (or update) one of the unit's three supervision contacts."""
    require(actor, may_file_for, unit)
    if slot not in RosterSlot.values:
        raise ServiceError("岗位无效", field="slot")
    name = name.strip()
    if not name:
        raise ServiceError(f"请填写{RosterSlot(slot).label}的姓名", field="name")
    for label, v in (("办公电话", office_phone), ("手机", mobile)):
        if v.strip() and not _PHONE.match(v.strip()):
            raise ServiceError(f"{label}“{v}”格式不对,只能包含数字、-、+、括号和“转”", field="mobile")
    entry = RosterEntry.objects.select_for_update().filter(unit=unit, slot=slot).first()
    before = entry.audit_snapshot() if entry else None
    if entry is None:
        entry = RosterEntry(unit=unit, slot=slot)
    else:
        entry.version += 1
    entry.name, entry.title = name[:40], title.strip()[:60]
    entry.office_phone, entry.mobile, entry.email = office_phone.strip(), mobile.strip(), email.strip()
    validate(entry)
    entry.save()
    record(actor=actor, action="update" if before else "create", obj=entry, before=before,
           after=entry.audit_snapshot())
    return entry


def roster_missing(plan: Plan) -> list[tuple[Unit, list[str]]]:
    """Units with tasks in the plan whose roster lacks someone, and which slots are missing."""
    unit_ids = TaskUnit.objects.filter(task__plan=plan, task__removed=False).values("unit_id")
    filled: dict[int, set[str]] = {}
    for uid, slot in RosterEntry.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "slot"):
        filled.setdefault(uid, set()).add(slot)
    out = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("kind", "name"):
        missing = [RosterSlot(s).label for s in RosterSlot.values if s not in filled.get(unit.pk, set())]
        if missing:
            out.append((unit, missing))
    return out


# --- 完成情况 --------------------------------------------------------------------------------

REPORT_FIELDS = ("status", "summary", "problems", "next_steps", "indicator_values", "done_items")
_MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def indicator_scale(ind: dict[str, Any]) -> tuple[float, str]:
    """The unit a user types an indicator's actual in: the one the plan printed (“4.5万亩” → 万亩,
    scale 10000), so nobody converts 亿元 into 元 by hand."""
    text = str(ind.get("value_text") or "")
    unit = str(ind.get("unit") or "")
    for ch, scale in (("亿", 1e8), ("万", 1e4)):
        if ch in text and not unit.startswith(ch):
            return scale, ch + unit
    return 1.0, unit


def parse_actual(raw: Any, ind: dict[str, Any], label: str) -> float | None:
    """A typed actual value → the indicator's base unit; '' is no figure; words are refused."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip().replace(",", "").replace(",", "")
    if not text:
        return None
    scale, _unit = indicator_scale(ind)
    m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*([万亿千百]?)\s*(\S*)", text)
    if not m or (m.group(3) and m.group(3) not in (str(ind.get("unit") or ""), "%", "%")):
        raise ServiceError(f"指标“{label}”的实际值“{raw}”不是数字,请只填写数字(如 12.5)", field="indicator_values")
    value = float(m.group(1))
    if m.group(2):
        return value * _MAGNITUDE[m.group(2)]
    return value * scale


def _clean_report_data(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in REPORT_FIELDS:
        if k not in data:
            continue
        v = data[k]
        if k == "status":
            v = str(v or "")
            if v and v not in ReportStatus.values:
                raise ServiceError(f"进展“{v}”无效,应为已完成、序时推进、滞后、未启动或无法完成", field="status")
        elif k == "indicator_values":
            inds = [i for i in (report.task.indicators or []) if isinstance(i, dict)]
            vals: dict[str, float] = {}
            for key, raw in dict(v or {}).items():
                if not str(key).isdigit() or int(key) >= len(inds):
                    raise ServiceError(f"该任务没有编号为“{key}”的指标", field="indicator_values")
                ind = inds[int(key)]
                num = parse_actual(raw, ind, str(ind.get("metric") or ind.get("text") or key))
                if num is not None:
                    vals[str(int(key))] = num
            v = vals
        elif k == "done_items":
            ids = [int(x) for x in (v or []) if str(x).isdigit()]
            allowed = set(WorkItem.objects.filter(impl_plan__task_id=report.task_id, impl_plan__unit_id=report.unit_id,
                                                  pk__in=ids).values_list("pk", flat=True))
            v = sorted(allowed)
        else:
            v = str(v or "").strip()
            if len(v) > 20000:
                raise ServiceError("内容过长(上限 2 万字)", field=k)
        out[k] = v
    return out


def last_report(task: Task, unit: Unit | int, before: Round | None = None) -> Report | None:
    """The unit's latest report on the task in an earlier round (the start of the next one)."""
    uid = unit if isinstance(unit, int) else unit.pk
    qs = Report.objects.filter(task=task, unit_id=uid).exclude(state=FilingState.DRAFT)
    if before is not None:
        qs = qs.filter(round__period_end__lt=before.period_end)
    return qs.order_by("-round__period_end", "-id").first()


def start_report(*, actor: Any, round: Round, task: Task, unit: Unit) -> Report:  # noqa: A002
    """The unit's report on the task for the round, made from its last report if it has none
    yet (减负: a unit types only what changed). Refused for a task the unit does not hold.

    Everything is read before the transaction; only the insert and its audit row are written in
    it (on SQLite the transaction holds the one write lock, so it is kept short). Two starts of
    the same report at the same moment meet at the unique constraint; the second gets the first's."""
    require(actor, may_file_for, unit)
    if task.plan_id != round.plan_id or task.removed:
        raise ServiceError("该任务不属于本轮报送的方案")
    role = role_of(task, unit)
    if role is None:
        raise ServiceError(f"“{unit}”不承担任务“{task}”,不能报送该任务的完成情况")
    # This round's report if started, and the one `last_report` would give, in one read.
    mine = sorted(_unit_reports_on_task(task.pk, unit.pk, round.pk),
                  key=lambda r: (r.round.period_end, r.pk), reverse=True)
    existing = next((r for r in mine if r.round_id == round.pk), None)
    if existing:
        return existing
    _check_can_file(round, unit.pk)
    prev = next((r for r in mine if r.round_id != round.pk), None)
    rep = Report(round=round, task=task, unit=unit, role=role)
    if prev is not None:
        rep.carried_from = prev
        rep.status = prev.status if prev.status != ReportStatus.DONE else ReportStatus.DONE
        rep.summary, rep.problems, rep.next_steps = prev.summary, prev.problems, prev.next_steps
        rep.indicator_values = dict(prev.indicator_values)
    try:
        with transaction.atomic():
            rep.save()
            record(actor=actor, action="create", obj=rep, after=rep.audit_snapshot(),
                   reason=f"沿用{prev.round}的报告" if prev else "")
    except IntegrityError:  # the same unit started it at the same moment in another tab
        return Report.objects.get(round=round, task=task, unit=unit)
    rep._prefetched_objects_cache = {"attachments": Attachment.objects.none()}  # type: ignore[attr-defined]  # just made: none yet
    return rep


def _own_autosave(fresh: Report, actor: Any) -> bool:
    """The version moved only because this same person's draft was auto-saved meanwhile (the
    page sent its submit while an auto-save was in flight): not a conflict with anyone."""
    from duban.web.common.models import AuditLog

    last = (AuditLog.objects.filter(object_type="cycle.report", object_id=str(fresh.pk))
            .order_by("-created_at", "-id").values_list("action", "actor_id").first())
    return bool(last and last[0] == "save_draft" and getattr(actor, "pk", None) and last[1] == actor.pk)


def _locked_report(pk: int) -> Report:
    """The report's row, locked until the transaction ends; its round, task and unit come with it
    but are not locked (`of=self`). Locking them too, as a plain FOR UPDATE over the join does on
    PostgreSQL, made every report of a round queue for the one round row: on the deadline day all
    units' saves and submits went one at a time. A round closed meanwhile is seen as it was when
    the report was read: the save or submit counts as made before the close, as it was sent."""
    found = one(Report.objects.select_for_update(of=("self",)).select_related("round", "task", "unit")
                .annotate(carried_status=models.F("carried_from__status")).filter(pk=pk))
    if found is None:
        raise Report.DoesNotExist(f"报告 {pk} 不存在")
    return found


def _lock_report(report: Report, expected_version: int | None, actor: Any = None) -> Report:
    fresh = _locked_report(report.pk)
    if expected_version is not None and fresh.version != expected_version:
        if not fresh.is_locked and _own_autosave(fresh, actor):
            return fresh
        if fresh.is_locked:
            raise ConflictError("该报告已经报送(可能在另一窗口或由同事报送),您的这次提交没有保存;报告内容以已报送的为准")
        raise ConflictError("该报告已被他人修改,您的修改没有保存(以免覆盖对方的修改);您填写的内容保留在下方,请对照后重新提交")
    return fresh


@transaction.atomic
def save_report(*, actor: Any, report: Report, expected_version: int | None, data: dict[str, Any]) -> Report:
    """Save a draft (also the auto-save): refused when locked or when the round is closed."""
    fresh = _lock_report(report, expected_version, actor)
    require(actor, may_file_for, fresh.unit)
    if fresh.is_locked:
        raise ServiceError("报告已报送,已锁定;如需修改请联系督查室退回")
    _check_can_file(fresh.round, fresh.unit_id)
    changes = _clean_report_data(fresh, data)
    before = fresh.audit_snapshot()
    for k, v in changes.items():
        setattr(fresh, k, v)
    fresh.version += 1
    fresh.save(update_fields=[*changes, "version", "updated_at"])  # the row is locked: only what changed
    record(actor=actor, action="save_draft", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


@transaction.atomic
def submit_report(*, actor: Any, report: Report, expected_version: int | None,
                  data: dict[str, Any] | None = None) -> Report:
    """Submit (报送) the report: status and what was done are required; the work items marked
    done are dated; it is locked until returned. A second submission of the same version at the
    same moment finds it locked and is refused, with nothing lost."""
    fresh = _lock_report(report, expected_version, actor)
    require(actor, may_file_for, fresh.unit)
    if fresh.is_locked:
        raise ServiceError("报告已报送,不能重复报送")
    _check_can_file(fresh.round, fresh.unit_id)
    changes = _clean_report_data(fresh, data or {})
    before = fresh.audit_snapshot()
    again = fresh.state == FilingState.RETURNED
    for k, v in changes.items():
        setattr(fresh, k, v)
    if not fresh.status:
        raise ServiceError("请选择进展情况(已完成、序时推进、滞后、未启动或无法完成)", field="status")
    if not fresh.summary.strip():
        raise ServiceError("请填写完成情况", field="summary")
    if fresh.status in (ReportStatus.LAGGING, ReportStatus.CANNOT) and not fresh.problems.strip():
        raise ServiceError("进展滞后或无法完成的,请在“存在问题”中说明原因", field="problems")
    fresh.state = FilingState.SUBMITTED
    fresh.submitted_at = timezone.now()
    fresh.submitted_by = actor if getattr(actor, "pk", None) else None
    fresh.late = filed_late(fresh.round, fresh.unit_id)
    fresh.version += 1
    fresh.save(update_fields=[*changes, "state", "submitted_at", "submitted_by", "late", "version", "updated_at"])
    if fresh.done_items:
        WorkItem.objects.filter(pk__in=fresh.done_items, done_at__isnull=True).update(done_at=fresh.round.period_end)
    record(actor=actor, action="submit", obj=fresh, before=before, after=fresh.audit_snapshot())
    _doneness_may_change(fresh)
    if fresh.role == "coop":
        leads = TaskUnit.objects.filter(task_id=fresh.task_id, role=UnitRole.LEAD).values("unit_id")
        notify(User.objects.filter(unit_id__in=leads, role__in=UNIT_ROLES, is_active=True),
               f"配合单位{fresh.unit}已{'重新' if again else ''}报送“{fresh.task}”的完成情况,请汇总",
               url=f"/cycle/reports/{fresh.pk}/")
    elif again:
        notify(_reviewers(fresh), f"{fresh.unit}已修改并重新报送“{fresh.task}”的完成情况(退回{fresh.returns}次),请审核",
               url=f"/cycle/reports/{fresh.pk}/")
    return fresh


def submit_all(*, actor: Any, round: Round, unit: Unit) -> tuple[list[Report], list[tuple[Report, str]]]:  # noqa: A002
    """Submit every report of the unit in the round that is written and not yet submitted (a
    draft, or one returned and corrected), each as `submit_report` would; one the rules refuse
    (no status, 滞后 without 存在问题) stays a draft and is named with why. Tasks not started are
    left alone: a report is filed by someone who has read it."""
    require(actor, may_file_for, unit)
    _check_can_file(round, unit.pk)
    done: list[Report] = []
    refused: list[tuple[Report, str]] = []
    for rep in (Report.objects.filter(round=round, unit=unit, state__in=(FilingState.DRAFT, FilingState.RETURNED))
                .select_related("task").order_by("task__position", "pk")):
        try:
            done.append(submit_report(actor=actor, report=rep, expected_version=rep.version))
        except ServiceError as exc:
            refused.append((rep, exc.message))
    if done:
        with transaction.atomic():
            record(actor=actor, action="submit_all", obj=round, after={
                "unit": unit.name, "submitted": [r.task.number for r in done],
                "refused": [f"{r.task.number}:{why}" for r, why in refused]})
    return done, refused


@transaction.atomic
def review_report(*, actor: Any, report: Report, accept: bool, comment: str = "",
                  expected_version: int | None = None, mark: str = "") -> Report:
    """Accept a submitted report, or return it with comments (the unit can then edit it again).
    The office reviews lead units' reports; a lead unit reviews its cooperating units' parts.
    On accepting a lead unit's report the office may give it a mark (优/良/中/差, `ReviewMark`),
    which the assessment counts; a return clears any earlier mark."""
    fresh = _lock_report(report, expected_version)
    require(actor, may_review, fresh)
    mark = (mark or "").strip()
    mark = {label: value for value, label in ReviewMark.choices}.get(mark, mark)  # 优 as well as excellent
    if mark:
        if mark not in ReviewMark.values:
            raise ServiceError(f"评定等次“{mark}”无效,应为优、良、中、差之一", field="mark")
        if not accept:
            raise ServiceError("退回时不评定等次:请把评定等次改为“不评定”后再退回", field="mark")
        if not allowed(actor, may_grade, fresh):
            raise ServiceError(may_grade.denied, field="mark")
    done = _review(actor=actor, fresh=fresh, accept=accept, comment=comment,
                   not_submitted=f"只能审核已报送的报告(该报告{fresh.get_state_display()})",
                   returned_text=f"“{fresh.task}”的完成情况", url=f"/cycle/reports/{fresh.pk}/",
                   changes={"review_mark": mark})
    if accept and done.role == "lead":
        _fix_if_reviewed(done.round, done.task, actor)  # the light is fixed with the verdict
    _doneness_may_change(done)
    return done


def coop_parts(report: Report) -> list[Report]:
    """The cooperating units' reports on the same task and round (for the lead unit to read)."""
    return list(Report.objects.filter(round_id=report.round_id, task_id=report.task_id, role="coop")
                .exclude(pk=report.pk).select_related("unit").order_by("unit__name"))


@transaction.atomic
def consolidate(*, actor: Any, report: Report, expected_version: int | None) -> Report:
    """Append the cooperating units' submitted parts to the lead unit's draft (汇总), each under
    its unit's name, skipping parts already included; the parts are marked accepted."""
    fresh = _lock_report(report, expected_version)
    require(actor, may_file_for, fresh.unit)
    if fresh.role != "lead":
        raise ServiceError("只有牵头单位汇总配合单位的情况")
    if fresh.is_locked:
        raise ServiceError("报告已报送,已锁定")
    parts = [p for p in coop_parts(fresh) if p.state in (FilingState.SUBMITTED, FilingState.ACCEPTED)]
    if not parts:
        raise ServiceError("还没有配合单位报送情况")
    before = fresh.audit_snapshot()
    text = fresh.summary.rstrip()
    for p in parts:
        head = f"【{p.unit.name}】"
        if head not in text:
            text = f"{text}\n{head}{p.summary.strip()}".strip()
        if p.state == FilingState.SUBMITTED:
            review_report(actor=actor, report=p, accept=True, comment="已汇总")
    fresh.summary = text
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="consolidate", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


def add_attachment(*, actor: Any, report: Report, name: str, data: bytes) -> Attachment:
    """Check an evidence file by its content and keep it with the report (drafts only).

    The content check and the write of the bytes happen before the report row is locked, so the
    lock (on SQLite: the database's one writer) is held only for the row and its audit line; if
    anything then refuses or fails, the file just written is removed: no row without its file,
    no file without its row."""
    require(actor, may_file_for, report.unit_id)
    if report.is_locked:  # refused before the file is even read (checked again under the lock)
        raise ServiceError("报告已报送,已锁定,不能再添加材料")
    clean_name = (name or "材料").replace("\\", "/").split("/")[-1].strip()[:200] or "材料"
    checked = evidence.check(data, clean_name)
    stored = evidence.store(data, checked)
    try:
        with transaction.atomic():
            fresh = _locked_report(report.pk)
            require(actor, may_file_for, fresh.unit)
            if fresh.is_locked:
                raise ServiceError("报告已报送,已锁定,不能再添加材料")
            _check_can_file(fresh.round, fresh.unit_id)
            if Attachment.objects.filter(report_id=fresh.pk).count() >= 20:
                raise ServiceError("每份报告最多 20 个佐证材料", field="file")
            att = Attachment(report=fresh, original_name=clean_name, stored_name=stored,
                             content_type=checked.content_type, size=len(data), sha256=checked.sha256,
                             uploaded_by=actor if getattr(actor, "pk", None) else None)
            att.save()
            transaction.on_commit(lambda: evidence.keep(stored))  # its own name once the row is in
            record(actor=actor, action="attach", obj=fresh, after={"file": clean_name, "size": len(data),
                                                                   "type": checked.content_type, "attachment": att.pk})
    except BaseException:
        evidence.discard(stored)
        raise
    return att


@transaction.atomic
def add_request_attachment(*, actor: Any, change: ChangeRequest, name: str, data: bytes) -> Attachment:
    """Evidence for a change request or an appeal (while it waits for the office's decision)."""
    fresh = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    require(actor, may_file_for, fresh.unit_id)
    if fresh.state != ChangeState.PENDING:
        raise ServiceError("申请已审批,不能再添加材料")
    if fresh.attachments.count() >= 10:
        raise ServiceError("每项申请最多 10 个材料", field="file")
    clean_name = (name or "材料").replace("\\", "/").split("/")[-1].strip()[:200] or "材料"
    checked = evidence.check(data, clean_name)
    stored = evidence.store(data, checked)  # pending until the row commits (a rollback leaves a .part to sweep)
    att = Attachment(change_request=fresh, original_name=clean_name, stored_name=stored,
                     content_type=checked.content_type, size=len(data), sha256=checked.sha256,
                     uploaded_by=actor if getattr(actor, "pk", None) else None)
    att.save()
    transaction.on_commit(lambda: evidence.keep(stored))
    record(actor=actor, action="attach", obj=fresh, after={"file": clean_name, "size": len(data), "attachment": att.pk})
    return att


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    report = attachment.report
    if report is None:
        raise ServiceError("只能删除报告的材料")
    require(actor, may_file_for, report.unit_id)
    if report.is_locked:
        raise ServiceError("报告已报送,已锁定,不能删除材料")
    record(actor=actor, action="detach", obj=report, before={"file": attachment.original_name,
                                                             "attachment": attachment.pk})
    attachment.delete()  # the stored bytes stay (evidence is never destroyed by a click)


# --- review: on-site checks -----------------------------------------------------------------


@transaction.atomic
def mark_inspection(*, actor: Any, task: Task, kind: str = "onsite", reason: str = "", round: Round | None = None,  # noqa: A002
                    unit: Unit | None = None, report: Report | None = None) -> Inspection:
    """Mark a task (or one unit's report) for on-site checking (督查) or a visit (暗访)."""
    require(actor, may_run_cycle, task.plan)
    if report is not None:
        task, unit, round = report.task, report.unit, report.round
    insp = Inspection(task=task, kind=kind, reason=reason.strip(), round=round, unit=unit, report=report)
    validate(insp)
    insp.save()
    record(actor=actor, action="create", obj=insp, after=insp.audit_snapshot())
    return insp


@transaction.atomic
def record_findings(*, actor: Any, inspection: Inspection, findings: str, checked_on: dt.date | None = None) -> Inspection:
    require(actor, may_run_cycle, inspection.task.plan)
    findings = findings.strip()
    if not findings:
        raise ServiceError("请填写核查结果", field="findings")
    fresh = Inspection.objects.select_for_update().get(pk=inspection.pk)
    before = fresh.audit_snapshot()
    fresh.findings, fresh.checked_on, fresh.done = findings, checked_on or today(), True
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="findings", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


# --- adjustment, extension, appeal ----------------------------------------------------------


@transaction.atomic
def request_change(
    *, actor: Any, task: Task, unit: Unit, kind: str, reason: str, proposed_deadline: str = "",
    proposed_text: str = "", proposed_light: str = "", report: Report | None = None,
) -> ChangeRequest:
    """A unit asks to change a task's deadline or target, or contests a judgement (申诉)."""
    require(actor, may_file_for, unit)
    if role_of(task, unit) is None:
        raise ServiceError(f"“{unit}”不承担该任务,不能申请")
    reason = reason.strip()
    if not reason:
        raise ServiceError("请写明理由", field="reason")
    if kind == ChangeKind.DEADLINE and not proposed_deadline.strip():
        raise ServiceError("请填写申请调整后的完成时限", field="proposed_deadline")
    if kind == ChangeKind.TARGET and not proposed_text.strip():
        raise ServiceError("请填写申请调整后的目标表述", field="proposed_text")
    if kind == ChangeKind.APPEAL and report is not None and report.unit_id != unit.pk:
        raise ServiceError("只能就本单位的报告申诉")
    if ChangeRequest.objects.filter(task=task, unit=unit, kind=kind, state=ChangeState.PENDING).exists():
        raise ServiceError("已有一项同类申请在审批中,请等待结果")
    cr = ChangeRequest(task=task, unit=unit, kind=kind, reason=reason, proposed_deadline=proposed_deadline.strip()[:100],
                       proposed_text=proposed_text.strip(), proposed_light=proposed_light, report=report,
                       requested_by=actor if getattr(actor, "pk", None) else None)
    validate(cr)
    cr.save()
    record(actor=actor, action="create", obj=cr, after=cr.audit_snapshot(), reason=reason)
    return cr


@transaction.atomic
def decide_change(*, actor: Any, change: ChangeRequest, approve: bool, decision: str = "") -> ChangeRequest:
    """Approve or refuse a request. An approved deadline or target change goes through the plans
    app's adjustment service (so the plan's history records it with the reason); an approved
    appeal sets the report's light as asked."""
    from duban.web.plans import services as plan_services

    require(actor, may_run_cycle, change.task.plan)
    fresh = ChangeRequest.objects.select_for_update().select_related("task", "unit").get(pk=change.pk)
    if fresh.state != ChangeState.PENDING:
        raise ServiceError(f"该申请已{fresh.get_state_display()}")
    decision = decision.strip()
    if not approve and not decision:
        raise ServiceError("不同意时请写明理由", field="decision")
    before = fresh.audit_snapshot()
    if approve:
        why = f"{fresh.unit}申请{fresh.get_kind_display()}:{fresh.reason}" + (f";审批意见:{decision}" if decision else "")
        if fresh.kind == ChangeKind.DEADLINE:
            task = Task.objects.get(pk=fresh.task_id)
            plan_services.update_task(actor=actor, task=task, expected_version=task.version,
                                      changes={"deadline": fresh.proposed_deadline}, reason=why)
        elif fresh.kind == ChangeKind.TARGET:
            task = Task.objects.get(pk=fresh.task_id)
            plan_services.update_task(actor=actor, task=task, expected_version=task.version,
                                      changes={"text": fresh.proposed_text}, reason=why)
        elif fresh.kind == ChangeKind.APPEAL and fresh.report_id and fresh.proposed_light:
            rep = Report.objects.select_for_update().get(pk=fresh.report_id)
            rb = rep.audit_snapshot()
            rep.light_override, rep.override_reason = fresh.proposed_light, decision or fresh.reason
            rep.version += 1
            rep.save()
            record(actor=actor, action="appeal_upheld", obj=rep, before=rb, after=rep.audit_snapshot(), reason=why)
            if rep.role == "lead" and FixedLight.objects.filter(round_id=rep.round_id, task_id=rep.task_id).exists():
                _fix(rep.round, rep.task, FixedBy.APPEAL, actor, replace=True)  # the office's own decision
    fresh.state = ChangeState.APPROVED if approve else ChangeState.REFUSED
    fresh.decided_at, fresh.decision = timezone.now(), decision
    fresh.decided_by = actor if getattr(actor, "pk", None) else None
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="approve" if approve else "refuse", obj=fresh, before=before,
           after=fresh.audit_snapshot(), reason=decision)
    notify(_unit_users(fresh.unit_id), f"您的{fresh.get_kind_display()}申请{fresh.get_state_display()}"
           + (f":{decision[:80]}" if decision else ""), url=f"/cycle/changes/{fresh.pk}/")
    return fresh


# --- 领导批示 --------------------------------------------------------------------------------


@transaction.atomic
def give_instruction(*, actor: Any, task: Task, unit: Unit, text: str, due_date: dt.date | None = None,
                     report: Report | None = None) -> Instruction:
    """A leader's instruction (or one the office records for a leader) that the unit must answer."""
    require(actor, may_instruct, task)
    role = getattr(actor, "role", None)
    if role_of(task, unit) is None:
        raise ServiceError(f"“{unit}”不承担该任务")
    text = text.strip()
    if not text:
        raise ServiceError("请填写批示内容", field="text")
    ins = Instruction(task=task, unit=unit, text=text, due_date=due_date, report=report,
                      leader=getattr(actor, "leader", None) if role == Role.LEADER else None,
                      author=actor if getattr(actor, "pk", None) else None)
    validate(ins)
    ins.save()
    record(actor=actor, action="create", obj=ins, after=ins.audit_snapshot())
    notify(_unit_users(unit), f"领导批示(“{task}”):{text[:80]}", url=f"/cycle/instructions/{ins.pk}/")
    return ins


@transaction.atomic
def answer_instruction(*, actor: Any, instruction: Instruction, answer: str) -> Instruction:
    fresh = Instruction.objects.select_for_update().get(pk=instruction.pk)
    require(actor, may_file_for, fresh.unit_id)
    if fresh.state == InstructionState.CLOSED:
        raise ServiceError("该批示已办结")
    answer = answer.strip()
    if not answer:
        raise ServiceError("请填写办理情况", field="answer")
    before = fresh.audit_snapshot()
    fresh.answer, fresh.state = answer, InstructionState.ANSWERED
    fresh.answered_at = timezone.now()
    fresh.answered_by = actor if getattr(actor, "pk", None) else None
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="answer", obj=fresh, before=before, after=fresh.audit_snapshot())
    who = User.objects.filter(models.Q(leader_id=fresh.leader_id, role=Role.LEADER) if fresh.leader_id else
                              models.Q(pk=fresh.author_id), is_active=True)
    notify(who, f"{fresh.unit}已回复批示:{answer[:80]}", url=f"/cycle/instructions/{fresh.pk}/")
    return fresh


@transaction.atomic
def close_instruction(*, actor: Any, instruction: Instruction, reopen_comment: str = "") -> Instruction:
    """Close an answered instruction (办结), or with a comment send it back to the unit."""
    fresh = Instruction.objects.select_for_update().get(pk=instruction.pk)
    require(actor, may_close_instruction, fresh)
    before = fresh.audit_snapshot()
    if reopen_comment.strip():
        fresh.state = InstructionState.OPEN
        fresh.answer = f"{fresh.answer}\n〔退回:{reopen_comment.strip()}〕".strip()
    else:
        if fresh.state != InstructionState.ANSWERED:
            raise ServiceError("单位尚未回复,不能办结")
        fresh.state, fresh.closed_at = InstructionState.CLOSED, timezone.now()
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="close" if fresh.state == InstructionState.CLOSED else "reopen", obj=fresh,
           before=before, after=fresh.audit_snapshot(), reason=reopen_comment)
    return fresh


# --- notifications --------------------------------------------------------------------------


def notify(users: Iterable[User] | models.QuerySet[User], text: str, *, url: str = "", reminder: Any = None) -> int:
    """In-app messages, one per user (written in the caller's transaction). A notice of its own
    (a return, a resubmission, a 批示, a round opened with its due date) is also e-mailed to the
    user's address when SMTP is set up: the scheduler's next pass sends it
    (`reminders.deliver_notices`). A reminder's notice is not: the reminder has its own e-mail."""
    from django.conf import settings

    mail = reminder is None and settings.DUBAN_EMAIL_ENABLED
    rows = [Notification(user_id=u.pk, text=text[:300], url=url[:200], reminder=reminder,
                         email_state=EmailState.PENDING if mail and u.email else EmailState.NONE) for u in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _reviewers(filing: ImplementationPlan | Report) -> models.QuerySet[User]:
    """Who reviews a filing: the office of the plan's government for a lead unit's, the lead
    unit's people for a cooperating unit's part."""
    if filing.role == "coop":
        leads = TaskUnit.objects.filter(task_id=filing.task_id, role=UnitRole.LEAD).values("unit_id")
        return User.objects.filter(unit_id__in=leads, role__in=UNIT_ROLES, is_active=True)
    return User.objects.filter(role=Role.OFFICE, is_active=True, government_id=filing.task.plan.government_id)


def mark_read(*, actor: Any, ids: Sequence[int] | None = None) -> int:
    require(actor, signed_in)
    qs = Notification.objects.filter(user_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- lights and lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskLight:
    """A task's light in a round and the report (if any) it was judged from."""

    task: Task
    judgement: Judgement
    report: Report | None

    @property
    def light(self) -> Light:
        return self.judgement.light


COUNTED = (FilingState.SUBMITTED, FilingState.ACCEPTED)


def reported_done(task_ids: Iterable[int]) -> set[int]:
    """The tasks of `task_ids` every lead unit has reported 已完成 in its latest report that
    stands (submitted or accepted; one sent back waits for its new version). Such a task is no
    longer late, whatever its completion date: the portal's 已过完成时限 counts the others."""
    ids = list(task_ids)
    if not ids:
        return set()
    latest: dict[tuple[int, int], str] = {}
    for task_id, unit_id, status in (Report.objects.filter(task_id__in=ids, role="lead", state__in=COUNTED)
                                     .order_by("round__period_end", "submitted_at", "pk")
                                     .values_list("task_id", "unit_id", "status")):
        latest[(task_id, unit_id)] = status
    leads: dict[int, list[int]] = {}
    for task_id, unit_id in TaskUnit.objects.filter(task_id__in=ids, role=UnitRole.LEAD).values_list("task_id",
                                                                                                    "unit_id"):
        leads.setdefault(task_id, []).append(unit_id)
    return {t for t, units in leads.items() if all(latest.get((t, u)) == ReportStatus.DONE for u in units)}


def _doneness_may_change(report: Report) -> None:
    """A lead unit's report was filed or reviewed that may change whether its task reads as done
    (`reported_done`): it says 已完成, or the report it was carried from did. The kept portals
    leave such tasks out of 即将到期 and 已过完成时限, so they are stale. Only then: the deadline
    rush's 序时推进 reports cost the page cache nothing. The earlier report's status comes with the
    locked read (`_locked_report`), not from another query."""
    if report.role != "lead" or report.task.due_date is None:
        return  # the portal lists only tasks with a completion date
    carried = getattr(report, "carried_status", None)
    if ReportStatus.DONE in (report.status, carried):
        pagecache.signal("cycle")


def plan_items(task_ids: Iterable[int]) -> dict[tuple[int, int], list[WorkItem]]:
    """(task, unit) → the work items of that lead unit's 办理方案 as the office accepted it. A
    cooperating unit's part, or a 办理方案 not yet reviewed, says nothing of the task's pace."""
    out: dict[tuple[int, int], list[WorkItem]] = {}
    for w in WorkItem.objects.filter(impl_plan__task_id__in=list(task_ids), impl_plan__role="lead",
                                     impl_plan__state=FilingState.ACCEPTED).select_related("impl_plan"):
        out.setdefault((w.impl_plan.task_id, w.impl_plan.unit_id), []).append(w)
    return out


def milestones_of(task: Task, plan_year: int, items: Sequence[WorkItem], as_of: dt.date | None = None) -> list[Milestone]:
    """The milestones of a 办理方案's work items; one is done only if it was done by `as_of` (an
    item ticked in the second quarter was not done in the first)."""
    return [Milestone(due=_month_end(plan_year, w.month), text=w.content[:40],
                      done=w.done_at is not None and (as_of is None or w.done_at <= as_of),
                      expected=(w.expected / 100 if w.expected is not None else None)) for w in items]


def indicators_of(task: Task, report: Report | None) -> list[IndicatorActual]:
    out = []
    vals = report.indicator_values if report else {}
    for i, ind in enumerate(task.indicators or []):
        if not isinstance(ind, dict) or "value" not in ind:
            continue
        actual = vals.get(str(i))
        out.append(IndicatorActual(
            name=str(ind.get("metric") or ind.get("text") or f"指标{i + 1}"), measure=str(ind.get("measure", "level")),
            target=float(ind["value"]), actual=float(actual) if actual is not None else None,
            unit=str(ind.get("unit", "")), comparator=str(ind.get("comparator", "="))))
    return out


def judge_task(task: Task, rnd: Round, report: Report | None, items: Sequence[WorkItem] = ()) -> Judgement:
    """The light of `task` at the end of `rnd`'s period from the lead unit's report and the work
    items of that unit's accepted 办理方案 (`plan_items`)."""
    if report is not None and report.state == FilingState.RETURNED:
        return Judgement(Light.GREY, ("报告已退回修改,待重新报送",))
    if report is not None and report.light_override:
        return Judgement(Light(report.light_override), (f"经申诉,督查室认定:{report.override_reason}",))
    year = rnd.plan.year
    return judge(
        status=report.status if report is not None and report.state in COUNTED else None,
        as_of=rnd.period_end, start=dt.date(year, 1, 1), due=task.due_date,
        milestones=milestones_of(task, year, items, as_of=rnd.period_end), indicators=indicators_of(task, report),
    )


_WORST = {Light.RED: 3, Light.YELLOW: 2, Light.GREEN: 1, Light.GREY: 0}


def _live_lights(rnd: Round, task_list: Sequence[Task]) -> list[TaskLight]:
    """Each task's light judged now from what is filed (with two lead units, the worse one)."""
    ids = [t.pk for t in task_list]
    reports: dict[int, list[Report]] = {}
    for r in Report.objects.filter(round=rnd, task_id__in=ids, role="lead").select_related("unit"):
        reports.setdefault(r.task_id, []).append(r)
    items = plan_items(ids)
    out = []
    for t in task_list:
        best: TaskLight | None = None
        for r in reports.get(t.pk, []) or [None]:  # type: ignore[list-item]
            tl = TaskLight(t, judge_task(t, rnd, r, items.get((t.pk, r.unit_id), []) if r else ()), r)
            if best is None or _WORST[tl.light] > _WORST[best.light]:
                best = tl
        assert best is not None
        out.append(best)
    return out


def round_lights(rnd: Round, tasks: models.QuerySet[Task] | None = None) -> list[TaskLight]:
    """Every task's light in a round: the light fixed when the office accepted the lead unit's
    report or issued the round's 通报 (`FixedLight`), else the one judged now. Used by the round
    page, the leader's page and the documents app (台账, 通报, 考核), so all agree."""
    tasks_qs = tasks if tasks is not None else Task.objects.filter(plan_id=rnd.plan_id, removed=False)
    task_list = list(tasks_qs.order_by("position", "pk"))
    fixed = {f.task_id: f for f in FixedLight.objects.filter(round=rnd, task_id__in=[t.pk for t in task_list])
             .select_related("report", "report__unit")}
    live = {tl.task.pk: tl for tl in _live_lights(rnd, [t for t in task_list if t.pk not in fixed])}
    out = []
    for t in task_list:
        f = fixed.get(t.pk)
        if f is None:
            out.append(live[t.pk])
        else:
            out.append(TaskLight(t, Judgement(Light(f.light), tuple(f.reasons), f.expected_share), f.report))
    return out


def _fix(rnd: Round, task: Task, source: str, actor: Any, *, replace: bool = False) -> FixedLight | None:
    """Keep the task's light in the round as judged now; an existing one stays unless `replace`
    (an upheld appeal). Written in the caller's transaction, with its audit row."""
    existing = FixedLight.objects.filter(round=rnd, task=task).first()
    if existing is not None and not replace:
        return None
    tl = _live_lights(rnd, [task])[0]
    j = tl.judgement
    row = existing or FixedLight(round=rnd, task=task)
    before = existing.audit_snapshot() if existing else None
    row.light, row.reasons, row.expected_share = j.light.value, list(j.reasons), j.expected_share
    row.report, row.source = tl.report, source
    row.fixed_by = actor if getattr(actor, "pk", None) else None
    row.save()
    record(actor=actor, action="fix_judgement", obj=row, before=before, after=row.audit_snapshot(),
           reason=FixedBy(source).label)
    return row


def _fix_if_reviewed(rnd: Round, task: Task, actor: Any) -> None:
    """Once the office has accepted every lead unit's report on the task, its light is fixed."""
    leads = set(TaskUnit.objects.filter(task=task, role=UnitRole.LEAD).values_list("unit_id", flat=True))
    accepted = set(Report.objects.filter(round=rnd, task=task, role="lead", state=FilingState.ACCEPTED)
                   .values_list("unit_id", flat=True))
    if leads and leads <= accepted:
        _fix(rnd, task, FixedBy.REVIEWED, actor)


@transaction.atomic
def fix_round_lights(*, actor: Any, round: Round) -> int:  # noqa: A002
    """Fix every task's light of the round not fixed yet (the office issues its 通报): what the
    通报 says is what the round shows from then on. Returns how many were fixed now."""
    require(actor, may_run_cycle, round.plan)
    n = 0
    for t in Task.objects.filter(plan_id=round.plan_id, removed=False).order_by("position", "pk"):
        n += _fix(round, t, FixedBy.ISSUED, actor) is not None
    return n


def top_sections(plan_id: int) -> dict[int, str]:
    """Each section's top-level heading (一、主要预期目标): the queue groups and filters by it."""
    secs = {s.pk: s for s in Section.objects.filter(plan_id=plan_id)}
    out = {}
    for pk, s in secs.items():
        top, hops = s, 0
        while top.parent_id and top.parent_id in secs and hops < 10:
            top, hops = secs[top.parent_id], hops + 1
        out[pk] = f"{top.number}、{top.title}" if top.number else top.title
    return out


def queue_next(rnd: Round, *, unit: str = "", section: str = "") -> Report | None:
    """The report to review next: the one waiting longest (first submitted), within the filter."""
    qs = Report.objects.filter(round=rnd, role="lead", state=FilingState.SUBMITTED).select_related("task")
    if unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    if section:
        secs = top_sections(rnd.plan_id)
        qs = qs.filter(task__section_id__in=[pk for pk, name in secs.items() if name == section])
    return qs.order_by("submitted_at", "pk").first()


@dataclass
class Owed:
    """What one unit owes in a round, as the office counts it (docs/cycle.md, 应报与未报).

    应报 is one report for each task the unit leads: what the office receives, reviews, judges,
    通报s and scores. 未报 are those never submitted; one sent back and not filed again is
    退回待重报 (it was filed: the 通报 counts it on time or late). A cooperating unit's part goes
    to the lead unit, which consolidates it: it is owed and chased, never 应报 or 未报."""

    unit_id: int
    due: dt.date  # the round's date, or the unit's extension
    lead: list[Task] = field(default_factory=list)  # 应报, in plan order
    unfiled: list[Task] = field(default_factory=list)  # 未报
    returned: list[Task] = field(default_factory=list)  # 退回待重报
    parts: list[Task] = field(default_factory=list)  # 配合部分 not handed in (or sent back by the lead unit)

    @property
    def outstanding(self) -> list[Task]:
        """Everything the unit still has to hand in, in plan order."""
        return sorted([*self.unfiled, *self.returned, *self.parts], key=lambda t: (t.position, t.pk))

    @property
    def what(self) -> str:
        return describe_owed(self.unfiled, self.returned, self.parts)


def task_numbers(tasks: Sequence[Task], limit: int = 30) -> str:
    return "、".join(t.number or str(t.pk) for t in tasks[:limit]) + ("等" if len(tasks) > limit else "")


def describe_owed(unfiled: Sequence[Task], returned: Sequence[Task], parts: Sequence[Task]) -> str:
    """What is not in, in the office's words, the same on every page and message:
    未报1项(任务2)、退回待重报1项(任务3)、配合部分未交牵头单位1项(任务5)."""
    return "、".join(f"{label}{len(ts)}项(任务{task_numbers(ts)})" for label, ts in
                    (("未报", unfiled), ("退回待重报", returned), ("配合部分未交牵头单位", parts)) if ts)


def owed(rnd: Round, unit_ids: Iterable[int] | None = None) -> dict[int, Owed]:
    """unit id → what it owes in `rnd` (every unit with a task in the plan, owing or not): the one
    count of 应报 and 未报 that the 通报, the 台账, the 催办 page, the review queue, the round page
    and the reminders share. Three queries."""
    pairs = TaskUnit.objects.filter(task__plan_id=rnd.plan_id, task__removed=False).select_related("task")
    if unit_ids is not None:
        pairs = pairs.filter(unit_id__in=list(unit_ids))
    filed = {(task_id, unit_id): (state, submitted_at) for task_id, unit_id, state, submitted_at in
             Report.objects.filter(round=rnd).values_list("task_id", "unit_id", "state", "submitted_at")}
    exts = dict(RoundExtension.objects.filter(round=rnd).values_list("unit_id", "due_date"))
    out: dict[int, Owed] = {}
    seen: set[tuple[int, int]] = set()
    # lead rows first: a unit that leads a task and is also listed cooperating owes it once, as lead
    for tu in sorted(pairs, key=lambda tu: (tu.role != UnitRole.LEAD, tu.task.position, tu.task_id)):
        if (tu.task_id, tu.unit_id) in seen:
            continue
        seen.add((tu.task_id, tu.unit_id))
        o = out.get(tu.unit_id)
        if o is None:
            o = out[tu.unit_id] = Owed(tu.unit_id, exts.get(tu.unit_id, rnd.due_date))
        state, submitted_at = filed.get((tu.task_id, tu.unit_id), (None, None))
        if tu.role == UnitRole.LEAD:
            o.lead.append(tu.task)
            if state == FilingState.RETURNED:
                o.returned.append(tu.task)
            elif state not in COUNTED or submitted_at is None:
                o.unfiled.append(tu.task)
        elif state not in COUNTED:
            o.parts.append(tu.task)
    for o in out.values():
        for tasks in (o.lead, o.unfiled, o.returned, o.parts):
            tasks.sort(key=lambda t: (t.position, t.pk))
    return out


@dataclass(frozen=True)
class Overdue:
    unit: Unit
    due: dt.date
    missing: int  # 未报: lead reports never submitted
    days: int
    returned: int = 0  # 退回待重报
    parts: int = 0  # cooperating parts not handed to the lead unit


def overdue_units(rnd: Round, on: dt.date | None = None, unit_ids: Iterable[int] | None = None) -> list[Overdue]:
    """Units past their due date (extension counted) with anything not in (`owed`)."""
    day = on or today()
    late = [o for o in owed(rnd, unit_ids).values() if o.outstanding and day > o.due]
    units = Unit.objects.in_bulk([o.unit_id for o in late])
    out = [Overdue(units[o.unit_id], o.due, len(o.unfiled), (day - o.due).days, len(o.returned), len(o.parts))
           for o in late]
    out.sort(key=lambda o: (-o.days, o.unit.name))
    return out


def pending_units(rnd: Round) -> dict[int, int]:
    """unit id → how many things it still has to hand in in the round (`Owed.outstanding`: its
    lead reports not in or sent back, its cooperating parts), all units, due or not."""
    return {u: len(o.outstanding) for u, o in owed(rnd).items() if o.outstanding}

