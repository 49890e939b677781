"""One rule for what is judged, and when it is fixed:

- lights are judged from the lead unit's 办理方案 as the office accepted it (a cooperating unit's
  part, or a plan not yet reviewed, says nothing of the task's pace);
- a milestone counts as done in a round only if it was done by the end of that round;
- a light is fixed when the office accepts the lead unit's report, or issues the round's 通报:
  what is filed later never rewrites it (it shows in the next round); an upheld appeal, the
  office's own decision, does.
(A round not yet due deducting nothing is pinned in tests/web/documents/test_due_rule.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from duban.web.common.models import AuditLog
from duban.web.cycle import services as cs
from duban.web.cycle.models import FixedLight
from tests.web.cycle.conftest import Cycle


def light(c: Cycle, task: Any, rnd: Any = None) -> tuple[str, str]:
    tl = next(t for t in cs.round_lights(rnd or c.rnd) if t.task.pk == task.pk)
    return tl.light.value, tl.judgement.explanation


def file_plan(c: Cycle, user: Any, unit: str, task: Any, month: int, *, accept: bool = True) -> Any:
    ip = cs.start_impl_plan(actor=user, task=task, unit=c.w.units[unit])
    ip = cs.save_impl_plan(actor=user, impl_plan=ip, expected_version=ip.version, leader_in_charge="副局长",
                           items=[{"content": "完成前期摸底", "month": month}])
    ip = cs.submit_impl_plan(actor=user, impl_plan=ip)
    return cs.review_impl_plan(actor=c.office, impl_plan=ip, accept=True) if accept else ip


def file_report(c: Cycle, user: Any, unit: str, task: Any, rnd: Any = None, **data: Any) -> Any:
    rep = cs.start_report(actor=user, round=rnd or c.rnd, task=task, unit=c.w.units[unit])
    return cs.submit_report(actor=user, report=rep, expected_version=rep.version,
                            data={"status": "on_track", "summary": "按序时推进", **data})


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, dt.date]:
    day = {"today": dt.date(2026, 4, 10)}
    monkeypatch.setattr(cs, "today", lambda: day["today"])
    return day


def test_only_the_lead_units_accepted_plan_judges_the_pace(cycle: Cycle, clock: Any) -> None:
    task = cycle.w.task_a  # 发改局 leads, 统计局 cooperates
    file_report(cycle, cycle.liaison, "fgj", task)
    assert light(cycle, task)[0] == "green"
    file_plan(cycle, cycle.coop, "tjj", task, 1)  # the cooperating part, a January item not done
    assert light(cycle, task)[0] == "green"
    file_plan(cycle, cycle.liaison, "fgj", task, 1, accept=False)  # the lead's own, not reviewed yet
    assert light(cycle, task)[0] == "green"


def test_a_milestone_done_later_does_not_turn_an_earlier_round_green(cycle: Cycle, clock: Any) -> None:
    task = cycle.w.task_a
    file_plan(cycle, cycle.liaison, "fgj", task, 1)
    file_report(cycle, cycle.liaison, "fgj", task)
    assert light(cycle, task)[0] == "red"  # January's item more than a month late at 31 March
    clock["today"] = dt.date(2026, 7, 5)
    q2 = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=2))
    item = cycle.w.task_a.impl_plans.get().items.get()
    file_report(cycle, cycle.liaison, "fgj", task, q2, done_items=[item.pk])  # ticked done in the second quarter
    assert light(cycle, task, q2)[0] == "green"
    assert light(cycle, task)[0] == "red"  # the first quarter as it was


def test_a_reviewed_rounds_light_does_not_change_when_a_later_plan_arrives(cycle: Cycle, clock: Any) -> None:
    task = cycle.w.task_a
    rep = file_report(cycle, cycle.liaison, "fgj", task)
    cs.review_report(actor=cycle.office, report=rep, accept=True, mark="良")
    fixed = FixedLight.objects.get(round=cycle.rnd, task=task)
    assert (fixed.light, fixed.source, fixed.report_id) == ("green", "reviewed", rep.pk)
    assert AuditLog.objects.filter(action="fix_judgement", object_type="cycle.fixedlight").exists()
    before = light(cycle, task)
    clock["today"] = dt.date(2026, 5, 2)
    file_plan(cycle, cycle.liaison, "fgj", task, 1)  # the lead's 办理方案 accepted after: January missed
    assert light(cycle, task) == before and before[0] == "green"
    assert cs._live_lights(cycle.rnd, [task])[0].light.value == "red"  # judged now it would be red


def test_an_issued_bulletins_lights_do_not_change_when_a_later_plan_arrives(cycle: Cycle, clock: Any) -> None:
    from duban.web.documents import collect
    from duban.web.documents import services as docs

    a, b = cycle.w.task_a, cycle.w.task_b
    file_report(cycle, cycle.liaison, "fgj", a)  # filed, not reviewed
    clock["today"] = dt.date(2026, 4, 22)
    bulletin = docs.create_bulletin(actor=cycle.office, rnd=cycle.rnd)
    bulletin = docs.issue_bulletin(actor=cycle.office, bulletin=bulletin, expected_version=bulletin.version)
    issued = {t.number: t.light for t in collect.round_figures(cycle.rnd).tasks}
    assert issued == {"1": "绿灯", "2": "灰灯"} and bulletin.figures["light"]["绿灯"] == 1
    assert set(FixedLight.objects.filter(round=cycle.rnd).values_list("source", flat=True)) == {"issued"}
    clock["today"] = dt.date(2026, 5, 2)
    file_plan(cycle, cycle.liaison, "fgj", a, 1)  # a later 办理方案: January missed
    file_report(cycle, cycle.nyj, "nyj", b, status="lagging", problems="资金未到位")  # a late report
    assert {t.number: t.light for t in collect.round_figures(cycle.rnd).tasks} == issued
    bulletin.refresh_from_db()
    assert bulletin.figures["light"]["绿灯"] == 1 and bulletin.figures["light"]["红灯"] == 0
    # the next round judges what is filed now
    clock["today"] = dt.date(2026, 7, 5)
    q2 = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=2))
    file_report(cycle, cycle.liaison, "fgj", a, q2)
    assert light(cycle, a, q2)[0] == "red"


def test_an_upheld_appeal_replaces_a_fixed_light(cycle: Cycle, clock: Any) -> None:
    task = cycle.w.task_a
    file_plan(cycle, cycle.liaison, "fgj", task, 1)
    rep = file_report(cycle, cycle.liaison, "fgj", task)
    cs.review_report(actor=cycle.office, report=rep, accept=True)
    assert light(cycle, task)[0] == "red"
    cr = cs.request_change(actor=cycle.liaison, task=task, unit=cycle.w.units["fgj"], kind="appeal", report=rep,
                           reason="一月摸底已按时完成,报告漏勾", proposed_light="green")
    cs.decide_change(actor=cycle.office, change=cr, approve=True, decision="经核实已按时完成")
    assert light(cycle, task) == ("green", "经申诉,督查室认定:经核实已按时完成")
    assert FixedLight.objects.get(round=cycle.rnd, task=task).source == "appeal"
