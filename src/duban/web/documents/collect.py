"""From the database to plain data: a unit's tasks for its 附表, its roster, and a round's
figures (`RoundFigures`) for the 台账, the 通报, the dashboards and the assessment.

A handful of queries whatever the size of the plan (2,000 tasks, 200 units): everything is
fetched in bulk and joined in Python. Lights come from the cycle's `round_lights`, the same
rule (and the same appeals) the cycle pages show."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import Any

from duban.core.export import heading_text
from duban.core.plan import Section as CoreSection
from duban.core.progress import LIGHT_LABELS
from duban.web.cycle import services as cycle_services
from duban.web.cycle.models import FixedLight, Report, RosterEntry, RoundExtension
from duban.web.cycle.models import WorkItem as CycleItem
from duban.web.cycle.services import indicator_scale, round_lights
from duban.web.documents.builders.forms import IndicatorSlot, RosterLine, UnitTask, WorkItem
from duban.web.documents.figures import IndicatorLine, RoundFigures, TaskLine, UnitLine
from duban.web.plans.models import Plan, Section, Task, TaskUnit, UnitRole

STATUS_LABEL = {"done": "已完成", "on_track": "序时推进", "lagging": "滞后", "not_started": "未启动", "cannot": "无法完成"}
STATUS_VALUE = {v: k for k, v in STATUS_LABEL.items()}
FILED = ("submitted", "accepted", "returned")
REVIEW_LABEL = {"submitted": "待审核", "accepted": "已通过", "returned": "已退回", "draft": "草稿"}


def indicator_key(position: int) -> str:
    """The key of a task's indicator in a report's `indicator_values`: its position, from 0."""
    return str(position)


def _target_text(ind: dict[str, Any]) -> str:
    if ind.get("value_text"):
        return str(ind["value_text"])
    v = ind.get("value")
    return f"{v:g}{ind.get('unit', '')}" if isinstance(v, int | float) else ""


def _as_float(v: Any) -> float | None:
    try:
        return None if v is None or v == "" else float(v)
    except (TypeError, ValueError):
        return None


def section_names(plan: Plan) -> dict[int, str]:
    """Each section's top-level heading as printed ("二、重点工作"): dashboards group by it."""
    secs = {s.pk: s for s in Section.objects.filter(plan=plan)}
    out: dict[int, str] = {}
    for pk, s in secs.items():
        top, hops = s, 0
        while top.parent_id and top.parent_id in secs and hops < 10:
            top, hops = secs[top.parent_id], hops + 1
        out[pk] = heading_text(CoreSection(id=top.key, title=top.title, number=top.number or None))
    return out


# --- a unit's 附表 -------------------------------------------------------------------------------

def unit_tasks(plan: Plan, unit: Any, *, round: Any = None) -> list[UnitTask]:
    """The unit's tasks in the plan's order, lead ones and cooperating ones, with its 办理方案
    items and, for a round, what it already reported (or last reported: nothing asked twice)."""
    links = {tu.task_id: tu.role for tu in TaskUnit.objects.filter(task__plan=plan, unit=unit)}
    tasks = Task.objects.filter(plan=plan, removed=False, pk__in=list(links)).order_by("position", "id")
    items: dict[int, list[WorkItem]] = defaultdict(list)
    reports: dict[int, Any] = {}
    for it in CycleItem.objects.filter(impl_plan__unit=unit, impl_plan__task__in=tasks).select_related(
            "impl_plan").order_by("impl_plan__task_id", "position", "id"):
        items[it.impl_plan.task_id].append(WorkItem(it.content, f"{it.month}月", it.leader, it.department))
    qs = Report.objects.filter(unit=unit, task__in=tasks)
    if round is not None:
        qs = qs.filter(round__period_end__lte=round.period_end)
    for r in qs.order_by("round__period_end", "id"):
        reports[r.task_id] = r  # the latest wins
    out = []
    for t in tasks:
        rep = reports.get(t.pk)
        values = rep.indicator_values if rep is not None else {}
        slots = []
        for i, ind in enumerate(t.indicators or []):
            if not isinstance(ind, dict):
                continue
            scale, unit_label = indicator_scale(ind)  # typed in the unit the plan printed (万亩, 亿元)
            actual = _as_float(values.get(indicator_key(i)))
            slots.append(IndicatorSlot(indicator_key(i), str(ind.get("metric") or ind.get("text") or f"指标{i + 1}"),
                                       _target_text(ind), unit_label, "" if actual is None else f"{actual / scale:g}"))
        out.append(UnitTask(
            task_id=t.pk, number=t.number, text=t.text, starred=t.starred,
            role="牵头" if links[t.pk] == UnitRole.LEAD else "配合", indicators=slots, items=items.get(t.pk, []),
            done=rep.summary if rep is not None else "", status=STATUS_LABEL.get(rep.status, "") if rep else "",
        ))
    return out


def roster_lines(unit: Any) -> list[RosterLine]:
    """The unit's 督办工作人员名单 as filed in the cycle (empty lines where it has not filed)."""
    duty = {"leader": "分管领导", "office_head": "办公室或者综合协调处室负责人", "liaison": "经办人"}
    return [RosterLine(duty.get(e.slot, e.get_slot_display()), e.name, e.title, e.office_phone, e.mobile)
            for e in RosterEntry.objects.filter(unit=unit)]


# --- a round's figures --------------------------------------------------------------------------

def round_figures(rnd: Any, *, as_of: dt.date | None = None) -> RoundFigures:
    """Everything the 台账, the 通报 and the dashboards say about one round. Lights come from the
    cycle's `round_lights`, so every page and every document shows the same light."""

    plan = rnd.plan
    on = cycle_services.today()
    as_of = as_of or min(on, rnd.period_end)
    secs = section_names(plan)
    tunits: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for tu in TaskUnit.objects.filter(task__plan=plan, task__removed=False).select_related("unit"):
        tunits[tu.task_id].append((tu.role, tu.unit))
    by_pair = {(r.task_id, r.unit_id): r for r in Report.objects.filter(round=rnd, role="lead")}
    lines: list[TaskLine] = []
    leader_areas: dict[str, list[int]] = defaultdict(list)
    tasks: list[Task] = []
    for tl in round_lights(rnd):
        t, rep, j = tl.task, tl.report, tl.judgement
        tasks.append(t)
        filed = rep is not None and rep.state in FILED and bool(rep.status)
        values = rep.indicator_values if filed and rep is not None else {}
        inds = []
        for i, ind in enumerate(t.indicators or []):
            if not isinstance(ind, dict):
                continue
            target = _as_float(ind.get("value"))
            scale, shown = indicator_scale(ind)
            il = IndicatorLine(str(ind.get("metric") or ind.get("text") or f"指标{i + 1}"), target, _target_text(ind),
                               _as_float(values.get(indicator_key(i))), str(ind.get("unit", "")), scale=scale,
                               shown_unit=shown)
            if target is not None and j.expected_share is not None:
                cumulative = str(ind.get("measure")) in ("level", "count")
                il.expected = round(target * j.expected_share, 4) if cumulative else target
            inds.append(il)
        units = tunits.get(t.pk, [])
        lines.append(TaskLine(
            task_id=t.pk, number=t.number, text=t.text, section=secs.get(t.section_id or 0, ""), starred=t.starred,
            leaders=list(t.leader_names),
            lead_units=[u.name for role, u in units if role == UnitRole.LEAD] or list(t.lead_names),
            coop_units=[u.name for role, u in units if role == UnitRole.COOP] or list(t.coop_names),
            deadline=t.deadline, persons=list(t.persons or []), status=STATUS_LABEL.get(rep.status, "未报送") if filed and rep else "未报送",
            light=LIGHT_LABELS[j.light], reasons=j.explanation, done=rep.summary if filed and rep else "",
            review=REVIEW_LABEL.get(rep.state, "") if rep else "", returned=rep.returns if rep else 0,
            mark=rep.get_review_mark_display() if rep and rep.review_mark else "",
            indicators=inds, report_id=rep.pk if rep else None,
        ))
        for name in t.leader_names:
            leader_areas[name].append(t.pk)
    units_out = _unit_lines(rnd, tasks, tunits, by_pair)
    return RoundFigures(plan_title=str(plan), government=plan.government.name, year=plan.year, period=rnd.title,
                        due=rnd.due_date, as_of=as_of, tasks=lines, units=units_out, leader_areas=dict(leader_areas),
                        round_id=rnd.pk, on=on)


def _unit_lines(rnd: Any, tasks: list[Task], tunits: dict[int, list[tuple[str, Any]]],
                by_pair: dict[tuple[int, int], Any]) -> list[UnitLine]:
    from duban.web.directory.models import Leader

    overseers: dict[int, list[str]] = defaultdict(list)
    for lid, name in Leader.objects.filter(government=rnd.plan.government_id).values_list("units", "name"):
        if lid:
            overseers[lid].append(name)
    owed = cycle_services.owed(rnd)  # 应报 and 未报 as every page of the cycle counts them
    names = {unit.pk: unit for pairs in tunits.values() for _role, unit in pairs}
    by_unit: dict[int, UnitLine] = {}
    for uid, o in owed.items():
        if not o.lead:
            continue  # a unit that only cooperates owes the office nothing: its parts go to the lead unit
        unit = names[uid]
        ul = by_unit[uid] = UnitLine(uid, unit.name, unit.get_kind_display(), due=o.due,
                                     leaders=overseers.get(uid, []))
        ul.expected, ul.missing = len(o.lead), len(o.unfiled)
        for t in o.lead:
            mine = by_pair.get((t.pk, uid))
            if mine is not None and mine.submitted_at and t not in o.unfiled:
                if mine.late:
                    ul.late += 1
                else:
                    ul.on_time += 1
                ul.returned += mine.returns
    return sorted(by_unit.values(), key=lambda u: u.name)


def cached_round_figures(rnd: Any) -> RoundFigures:
    """`round_figures`, remembered until anything it depends on changes: the round, a report of
    it, a task or a work item of the plan (their latest change and count make the key), or the
    day. The dashboard's trend line reads every round of the year on every visit."""
    from django.core.cache import cache
    from django.db.models import Count, Max

    from duban.web.cycle.models import WorkItem as Item

    r = Report.objects.filter(round=rnd).aggregate(m=Max("updated_at"), n=Count("id"))
    t = Task.objects.filter(plan_id=rnd.plan_id).aggregate(m=Max("updated_at"), n=Count("id"))
    w = Item.objects.filter(impl_plan__task__plan_id=rnd.plan_id).aggregate(m=Max("updated_at"), n=Count("id"))
    e = RoundExtension.objects.filter(round=rnd).aggregate(m=Max("updated_at"), n=Count("id"))
    f = FixedLight.objects.filter(round=rnd).aggregate(m=Max("fixed_at"), n=Count("id"))
    key = ":".join(str(x) for x in ("docfig", rnd.pk, rnd.version, r["m"], r["n"], t["m"], t["n"], w["m"], w["n"],
                                    e["m"], e["n"], f["m"], f["n"], cycle_services.today(),
                                    TaskUnit.objects.filter(task__plan_id=rnd.plan_id).count()))
    key = "docfig:" + hashlib.sha256(key.encode()).hexdigest()
    fig = cache.get(key)
    if fig is None:
        fig = round_figures(rnd)
        cache.set(key, fig, 3600)
    return fig  # shared: callers narrow it into new objects, never change it
