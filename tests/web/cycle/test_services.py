"""The cycle's services: rounds, reports (draft → submit → return/accept), cooperation, 减负
carry-over, the bad inputs of issue 4, lights, roster, 办理方案, requests and instructions."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from duban.core.progress import Light
from duban.web.common.models import AuditLog
from duban.web.common.services import ConflictError, ServiceError
from duban.web.cycle import services as cs
from duban.web.cycle.models import FilingState, Report, RoundState
from tests.web.cycle.conftest import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set the cycle's clock: on(date)."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(cs, "today", lambda: day)

    set_day(dt.date(2026, 4, 10))
    return set_day


def start(c: Cycle, task: Any = None, unit: Any = None, actor: Any = None) -> Report:
    return cs.start_report(actor=actor or c.liaison, round=c.rnd, task=task or c.w.task_a,
                           unit=unit or c.w.units["fgj"])


def test_quarterly_calendar_is_due_on_the_20th_of_the_next_month(world: Any) -> None:
    rounds = cs.create_calendar(actor=world.users["office"], plan=world.plan)
    assert [(r.title, r.due_date) for r in rounds] == [
        ("2026年第一季度", dt.date(2026, 4, 20)), ("2026年第二季度", dt.date(2026, 7, 20)),
        ("2026年第三季度", dt.date(2026, 10, 20)), ("2026年第四季度", dt.date(2027, 1, 20))]
    assert rounds[0].period_end == dt.date(2026, 3, 31)
    assert cs.create_calendar(actor=world.users["office"], plan=world.plan) == []  # nothing twice
    assert AuditLog.objects.filter(object_type="cycle.round", action="create").count() == 4


def test_a_draft_plan_gets_no_rounds(world: Any) -> None:
    with pytest.raises(ServiceError, match="尚未发布"):
        cs.create_round(actor=world.users["office"], plan=world.draft)


def test_open_round_tells_the_units(cycle: Cycle) -> None:
    assert cycle.rnd.state == RoundState.OPEN
    assert cycle.liaison.notifications.filter(text__contains="报送已开启").exists()
    with pytest.raises(ServiceError, match="已在报送中"):
        cs.open_round(actor=cycle.office, round=cycle.rnd)


def test_report_draft_submit_lock_return_and_resubmit(cycle: Cycle, on: Any) -> None:
    rep = start(cycle)
    rep = cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                         data={"status": "on_track", "summary": "已完成项目储备"})
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version)
    assert rep.state == FilingState.SUBMITTED and not rep.late
    with pytest.raises(ServiceError, match="已锁定"):
        cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version, data={"summary": "改"})
    with pytest.raises(ServiceError, match="修改意见"):
        cs.review_report(actor=cycle.office, report=rep, accept=False)
    rep = cs.review_report(actor=cycle.office, report=rep, accept=False, comment="请补充投资完成额")
    assert rep.state == FilingState.RETURNED and rep.returns == 1
    assert cycle.liaison.notifications.filter(text__contains="被退回").exists()
    rep = cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                         data={"summary": "已完成项目储备,完成投资2亿元"})
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version)
    rep = cs.review_report(actor=cycle.office, report=rep, accept=True)
    assert rep.state == FilingState.ACCEPTED
    actions = list(AuditLog.objects.filter(object_type="cycle.report", object_id=str(rep.pk))
                   .order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["create", "save_draft", "submit", "return", "save_draft", "submit", "accept"]


def test_submitting_after_the_due_date_is_marked_late(cycle: Cycle, on: Any) -> None:
    on(dt.date(2026, 4, 25))
    rep = start(cycle)
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "lagging", "summary": "推进中", "problems": "资金未到位"})
    assert rep.late
    stored = Report.objects.get(pk=rep.pk)  # what the submit wrote, read back from the database
    assert (stored.state, stored.late, stored.status, stored.summary, stored.problems, stored.version) == (
        FilingState.SUBMITTED, True, "lagging", "推进中", "资金未到位", rep.version)
    assert stored.submitted_by_id == cycle.liaison.pk and stored.submitted_at == rep.submitted_at
    assert stored.updated_at >= stored.created_at


def test_a_unit_cannot_report_a_task_it_does_not_hold(cycle: Cycle) -> None:
    with pytest.raises(ServiceError, match="不承担任务"):
        cs.start_report(actor=cycle.nyj, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["nyj"])
    with pytest.raises(PermissionDenied, match="本单位"):
        cs.start_report(actor=cycle.nyj, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])


def test_after_the_round_closed_nothing_is_filed_unless_extended(cycle: Cycle, on: Any) -> None:
    rep = start(cycle)
    rep = cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version, data={"summary": "草稿内容"})
    cs.close_round(actor=cycle.office, round=cycle.rnd)
    with pytest.raises(ServiceError, match="已于4月20日截止"):
        cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                         data={"status": "on_track", "summary": "x"})
    assert Report.objects.get(pk=rep.pk).summary == "草稿内容"  # what was saved is kept
    on(dt.date(2026, 4, 22))
    cs.extend_round(actor=cycle.office, round=cycle.rnd, unit=cycle.w.units["fgj"], due_date=dt.date(2026, 4, 30),
                    reason="单位主要负责人调整")
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "on_track", "summary": "推进中"})
    assert rep.state == FilingState.SUBMITTED and not rep.late  # within the extension


def test_indicator_values_must_be_numbers_and_are_kept_in_the_printed_unit(cycle: Cycle, world: Any, on: Any) -> None:
    from duban.web.plans import services as ps

    task = world.task_b
    ps.update_task(actor=cycle.office, task=task, expected_version=task.version, reason="补录指标", changes={
        "indicators": [{"text": "粮食播种面积4.5万亩", "metric": "粮食播种面积", "measure": "level", "value": 45000.0,
                        "unit": "亩", "comparator": ">=", "value_text": "4.5万亩"}]})
    task.refresh_from_db()
    rep = cs.start_report(actor=cycle.nyj, round=cycle.rnd, task=task, unit=world.units["nyj"])
    with pytest.raises(ServiceError, match="不是数字"):
        cs.save_report(actor=cycle.nyj, report=rep, expected_version=rep.version,
                       data={"indicator_values": {"0": "约四万"}})
    assert cs.indicator_scale(task.indicators[0]) == (1e4, "万亩")
    rep = cs.save_report(actor=cycle.nyj, report=rep, expected_version=rep.version,
                         data={"indicator_values": {"0": "1.2"}})
    assert rep.indicator_values == {"0": 12000.0}


def test_two_submissions_at_the_same_moment_one_wins(cycle: Cycle, on: Any) -> None:
    rep = start(cycle)
    v = rep.version
    cs.submit_report(actor=cycle.liaison, report=rep, expected_version=v, data={"status": "done", "summary": "完成"})
    with pytest.raises(ConflictError, match="已经报送"):
        cs.submit_report(actor=cycle.liaison, report=rep, expected_version=v, data={"status": "lagging",
                                                                                     "summary": "别的"})
    assert Report.objects.get(pk=rep.pk).summary == "完成"


@pytest.mark.django_db(transaction=True)
def test_two_threads_submitting_the_same_report_one_is_refused(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.web.cycle.conftest import make_cycle

    c = make_cycle(world)
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    rep = start(c)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def go(text: str) -> None:
        from django.db import connection

        barrier.wait()
        try:
            cs.submit_report(actor=c.liaison, report=rep, expected_version=rep.version,
                             data={"status": "on_track", "summary": text})
            results.append("ok")
        except ServiceError as exc:
            results.append(exc.message)
        except Exception as exc:  # SQLite may say "database is locked" past its busy timeout
            results.append(f"error {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert Report.objects.get(pk=rep.pk).state == FilingState.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_a_report_being_saved_does_not_hold_its_round_for_the_other_units(world: Any) -> None:
    """On the deadline day every unit's save and submit locks its report: the round, task and
    unit rows read with it must stay free, or the whole round's writes go one at a time."""
    from django.db import connection, transaction

    from tests.web.cycle.conftest import make_cycle

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite locks the whole file for each writer")
    c = make_cycle(world)
    rep = start(c)
    answers: list[str] = []

    def other_writer() -> None:
        from django.db import DatabaseError
        from django.db import connection as own

        try:
            with transaction.atomic(), own.cursor() as cur:
                for table, pk in (("cycle_round", rep.round_id), ("plans_task", rep.task_id),
                                  ("directory_unit", rep.unit_id), ("cycle_report", rep.pk)):
                    try:
                        with transaction.atomic():
                            cur.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk])  # noqa: S608
                            answers.append(f"{table} free")
                    except DatabaseError:
                        answers.append(f"{table} locked")
        finally:
            own.close()

    with transaction.atomic():
        cs._locked_report(rep.pk)
        t = threading.Thread(target=other_writer)
        t.start()
        t.join()
    assert answers == ["cycle_round free", "plans_task free", "directory_unit free", "cycle_report locked"]


def test_a_new_round_starts_from_the_last_report(cycle: Cycle, on: Any) -> None:
    rep = start(cycle)
    cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                     data={"status": "on_track", "summary": "一季度完成储备", "problems": "资金紧张"})
    q2 = cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=2)
    q2 = cs.open_round(actor=cycle.office, round=q2)
    nxt = cs.start_report(actor=cycle.liaison, round=q2, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    assert nxt.carried_from_id == rep.pk
    assert (nxt.status, nxt.summary, nxt.problems) == ("on_track", "一季度完成储备", "资金紧张")
    assert nxt.state == FilingState.DRAFT


def test_a_new_round_starts_from_the_latest_filed_report_not_a_draft(cycle: Cycle, on: Any) -> None:
    """start_report reads this round's report and the earlier ones in one query: it must still pick
    the latest filed one (by period), skip a draft, and give back the report already started."""
    unit = cycle.w.units["fgj"]
    q1 = start(cycle)
    cs.submit_report(actor=cycle.liaison, report=q1, expected_version=q1.version,
                     data={"status": "on_track", "summary": "一季度"})
    q2 = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=2))
    r2 = cs.start_report(actor=cycle.liaison, round=q2, task=cycle.w.task_a, unit=unit)
    r2 = cs.submit_report(actor=cycle.liaison, report=r2, expected_version=r2.version,
                          data={"status": "lagging", "summary": "二季度", "problems": "征地未完成"})
    q3 = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=3))
    q4 = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan, number=4))
    r3 = cs.start_report(actor=cycle.liaison, round=q3, task=cycle.w.task_a, unit=unit)  # stays a draft
    assert (r3.carried_from_id, r3.summary) == (r2.pk, "二季度")
    r4 = cs.start_report(actor=cycle.liaison, round=q4, task=cycle.w.task_a, unit=unit)
    assert (r4.carried_from_id, r4.status, r4.summary) == (r2.pk, "lagging", "二季度")  # Q3's draft skipped
    assert AuditLog.objects.filter(object_type="cycle.report", object_id=str(r4.pk), action="create",
                                   reason=f"沿用{q2}的报告").exists()
    again = cs.start_report(actor=cycle.liaison, round=q3, task=cycle.w.task_a, unit=unit)
    assert again.pk == r3.pk and Report.objects.filter(round=q3, task=cycle.w.task_a, unit=unit).count() == 1


def test_cooperating_unit_reports_to_the_lead_which_consolidates(cycle: Cycle, on: Any) -> None:
    part = cs.start_report(actor=cycle.coop, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["tjj"])
    assert part.role == "coop"
    cs.submit_report(actor=cycle.coop, report=part, expected_version=part.version,
                     data={"status": "on_track", "summary": "完成一季度数据核算"})
    assert cycle.liaison.notifications.filter(text__contains="请汇总").exists()
    lead = start(cycle)
    lead = cs.save_report(actor=cycle.liaison, report=lead, expected_version=lead.version,
                          data={"summary": "牵头推进"})
    lead = cs.consolidate(actor=cycle.liaison, report=lead, expected_version=lead.version)
    assert "【示例区统计局】完成一季度数据核算" in lead.summary
    assert Report.objects.get(pk=part.pk).state == FilingState.ACCEPTED
    lead = cs.consolidate(actor=cycle.liaison, report=lead, expected_version=lead.version)
    assert lead.summary.count("【示例区统计局】") == 1


def test_lights_follow_the_reports(cycle: Cycle, on: Any) -> None:
    lights = {tl.task.pk: tl for tl in cs.round_lights(cycle.rnd)}
    assert lights[cycle.w.task_a.pk].light == Light.GREY
    rep = start(cycle)
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "lagging", "summary": "征地未完成", "problems": "征地"})
    assert {tl.task.pk: tl.light for tl in cs.round_lights(cycle.rnd)}[cycle.w.task_a.pk] == Light.RED
    cs.review_report(actor=cycle.office, report=rep, accept=False, comment="请核实")
    assert {tl.task.pk: tl.light for tl in cs.round_lights(cycle.rnd)}[cycle.w.task_a.pk] == Light.GREY


def test_overdue_units_after_the_due_date(cycle: Cycle) -> None:
    assert cs.overdue_units(cycle.rnd, on=dt.date(2026, 4, 20)) == []
    late = cs.overdue_units(cycle.rnd, on=dt.date(2026, 4, 23))
    names = {o.unit.name for o in late}
    assert {"示例区发展和改革局", "示例区统计局", "示例区农业农村局"} <= names
    assert all(o.days == 3 for o in late)


def test_roster_and_who_has_not_filed(cycle: Cycle) -> None:
    fgj = cycle.w.units["fgj"]
    for slot, name in (("leader", "李副局长"), ("office_head", "张主任"), ("liaison", "陈晓")):
        cs.save_roster_entry(actor=cycle.liaison, unit=fgj, slot=slot, name=name, mobile="13800000001")
    missing = dict((u.name, m) for u, m in cs.roster_missing(cycle.w.plan))
    assert "示例区发展和改革局" not in missing
    assert missing["示例区统计局"] == ["分管领导", "办公室或综合协调处室负责人", "经办人"]
    with pytest.raises(ServiceError, match="格式不对"):
        cs.save_roster_entry(actor=cycle.liaison, unit=fgj, slot="liaison", name="陈晓", mobile="call me")
    with pytest.raises(PermissionDenied, match="本单位"):
        cs.save_roster_entry(actor=cycle.nyj, unit=fgj, slot="liaison", name="冒名")


def test_implementation_plan_milestones_feed_the_light(cycle: Cycle, on: Any) -> None:
    ip = cs.start_impl_plan(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    with pytest.raises(ServiceError, match="至少填写一项"):
        cs.submit_impl_plan(actor=cycle.liaison, impl_plan=ip)
    ip = cs.save_impl_plan(actor=cycle.liaison, impl_plan=ip, expected_version=ip.version, leader_in_charge="李副局长",
                           department="规划科", items=[{"content": "完成项目谋划", "month": "1"},
                                                   {"content": "开工建设", "month": 9}])
    ip = cs.submit_impl_plan(actor=cycle.liaison, impl_plan=ip)
    ip = cs.review_impl_plan(actor=cycle.office, impl_plan=ip, accept=True)
    assert ip.state == FilingState.ACCEPTED and ip.items.count() == 2
    rep = start(cycle)
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "on_track", "summary": "推进"})
    tl = {t.task.pk: t for t in cs.round_lights(cycle.rnd)}[cycle.w.task_a.pk]
    assert tl.light == Light.RED  # the January milestone two months late
    assert "完成项目谋划" in tl.judgement.explanation


def test_deadline_change_approved_goes_into_the_plan_history(cycle: Cycle) -> None:
    from duban.web.plans.models import TaskRevision

    cr = cs.request_change(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"], kind="deadline",
                           reason="上级政策调整", proposed_deadline="2027年6月底前")
    cs.decide_change(actor=cycle.office, change=cr, approve=True, decision="同意")
    cycle.w.task_a.refresh_from_db()
    assert cycle.w.task_a.deadline == "2027年6月底前"
    rev = TaskRevision.objects.filter(task=cycle.w.task_a, kind="adjust").first()
    assert rev is not None and "上级政策调整" in rev.reason
    refused = cs.request_change(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"], kind="target",
                                reason="太难", proposed_text="降低目标")
    with pytest.raises(ServiceError, match="理由"):
        cs.decide_change(actor=cycle.office, change=refused, approve=False)


def test_appeal_upheld_sets_the_light(cycle: Cycle, on: Any) -> None:
    rep = start(cycle)
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "lagging", "summary": "x", "problems": "天气"})
    cr = cs.request_change(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"], kind="appeal",
                           reason="受极端天气影响,属不可抗力", proposed_light="yellow", report=rep)
    cs.decide_change(actor=cycle.office, change=cr, approve=True, decision="情况属实")
    tl = {t.task.pk: t for t in cs.round_lights(cycle.rnd)}[cycle.w.task_a.pk]
    assert tl.light == Light.YELLOW and "情况属实" in tl.judgement.explanation


def test_leader_instruction_answered_and_closed(cycle: Cycle) -> None:
    ins = cs.give_instruction(actor=cycle.leader, task=cycle.w.task_a, unit=cycle.w.units["fgj"],
                              text="请加快进度,月底前报进展")
    assert cycle.liaison.notifications.filter(text__contains="领导批示").exists()
    with pytest.raises(ServiceError, match="尚未回复"):
        cs.close_instruction(actor=cycle.leader, instruction=ins)
    ins = cs.answer_instruction(actor=cycle.liaison, instruction=ins, answer="已召开专题会")
    ins = cs.close_instruction(actor=cycle.leader, instruction=ins)
    assert ins.state == "closed"
    with pytest.raises(PermissionDenied, match="只有领导"):
        cs.give_instruction(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"], text="x")


def test_inspection_findings(cycle: Cycle) -> None:
    insp = cs.mark_inspection(actor=cycle.office, task=cycle.w.task_a, kind="unannounced", reason="报告与实际不符")
    with pytest.raises(PermissionDenied, match="只有督查室"):
        cs.record_findings(actor=cycle.liaison, inspection=insp, findings="x")
    insp = cs.record_findings(actor=cycle.office, inspection=insp, findings="现场已开工", checked_on=dt.date(2026, 4, 28))
    assert insp.done
