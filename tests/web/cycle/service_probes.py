"""The cycle's rows of the service permission matrix (tests/web/service_matrix.py): each write
service, what it needs made first, and who may call it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.web.cycle import chase
from duban.web.cycle import reminders as rm
from duban.web.cycle import services as cs
from tests.web.cycle.matrix import att, cr, failed_reminder, ins, insp, ip, rep, rnd
from tests.web.service_matrix import EVERYONE, FILERS, OFFICES, Probe, the_world


def _fgj(p: Any) -> Any:
    return p.w.units["fgj"]


def _coop_liaison(p: Any) -> Any:
    """统计局 cooperates on task_a, which 发改局 leads."""
    from duban.web.accounts.models import User
    from duban.web.accounts.services import create_user
    from duban.web.common.permissions import SYSTEM
    from tests.web.builders import PASSWORD

    return User.objects.filter(username="tjj_liaison").first() or create_user(
        actor=SYSTEM, username="tjj_liaison", password=PASSWORD, role="liaison", unit=p.w.units["tjj"])


def _coop_report(p: Any) -> Any:
    who = _coop_liaison(p)
    r = cs.start_report(actor=who, round=rnd(p.w), task=p.w.task_a, unit=p.w.units["tjj"])
    return cs.submit_report(actor=who, report=r, expected_version=r.version,
                            data={"status": "on_track", "summary": "统计局配合完成数据核算"})


def _coop_impl(p: Any) -> Any:
    who = _coop_liaison(p)
    x = cs.start_impl_plan(actor=who, task=p.w.task_a, unit=p.w.units["tjj"])
    x = cs.save_impl_plan(actor=who, impl_plan=x, expected_version=x.version, items=[{"content": "核算", "month": 6}])
    return cs.submit_impl_plan(actor=who, impl_plan=x)


def _saved_impl(p: Any) -> Any:
    x = ip(p.w)
    return cs.save_impl_plan(actor=p.w.users["liaison"], impl_plan=x, expected_version=x.version,
                             leader_in_charge="李副局长", items=[{"content": "谋划", "month": 3}])


def _lead_with_coop_part(p: Any) -> Any:
    _coop_report(p)
    return rep(p.w)


def _answered(p: Any) -> Any:
    return cs.answer_instruction(actor=p.w.users["liaison"], instruction=ins(p.w), answer="已召开专题会")


def _robot(p: Any) -> Any:
    from tests.web.cycle.matrix import robot

    return robot(p.w)


def _draft_round(p: Any) -> Any:
    return cs.create_round(actor=p.w.users["office"], plan=p.w.plan, kind="quarterly", number=3)


def _png() -> bytes:
    from tests.web.cycle.test_views import png_bytes

    return png_bytes()


CYCLE_PROBES: dict[str, Probe] = {
    "cycle.create_round": Probe(the_world, lambda a, m: cs.create_round(actor=a, plan=m.plan, number=2), OFFICES),
    "cycle.create_calendar": Probe(the_world, lambda a, m: cs.create_calendar(actor=a, plan=m.plan), OFFICES),
    "cycle.open_round": Probe(_draft_round, lambda a, m: cs.open_round(actor=a, round=m), OFFICES),
    "cycle.close_round": Probe(lambda p: rnd(p.w), lambda a, m: cs.close_round(actor=a, round=m), OFFICES),
    "cycle.extend_round": Probe(lambda p: the_world(p, round=rnd(p.w)), lambda a, m: cs.extend_round(
        actor=a, round=m.round, unit=m.fgj, due_date=m.round.due_date + dt.timedelta(days=10), reason="机构改革"),
                                OFFICES),
    "cycle.set_calendar": Probe(the_world, lambda a, m: cs.set_calendar(actor=a, plan=m.plan, remind_days_before=[5]),
                                OFFICES),
    "cycle.start_impl_plan": Probe(the_world, lambda a, m: cs.start_impl_plan(actor=a, task=m.task_a, unit=m.fgj),
                                   FILERS),
    "cycle.save_impl_plan": Probe(lambda p: ip(p.w), lambda a, m: cs.save_impl_plan(
        actor=a, impl_plan=m, expected_version=m.version, items=[{"content": "谋划", "month": 3}]), FILERS),
    "cycle.submit_impl_plan": Probe(_saved_impl, lambda a, m: cs.submit_impl_plan(actor=a, impl_plan=m), FILERS),
    "cycle.review_impl_plan": Probe(lambda p: ip(p.w, submitted=True), lambda a, m: cs.review_impl_plan(
        actor=a, impl_plan=m, accept=True), OFFICES),
    "cycle.review_impl_plan:coop": Probe(_coop_impl, lambda a, m: cs.review_impl_plan(actor=a, impl_plan=m, accept=True),
                                         FILERS, note="a cooperating unit's part: its lead unit reviews it too"),
    "cycle.save_roster_entry": Probe(the_world, lambda a, m: cs.save_roster_entry(actor=a, unit=m.fgj, slot="liaison",
                                                                                 name="陈晓"), FILERS),
    "cycle.start_report": Probe(lambda p: the_world(p, round=rnd(p.w)), lambda a, m: cs.start_report(
        actor=a, round=m.round, task=m.task_a, unit=m.fgj), FILERS),
    "cycle.save_report": Probe(lambda p: rep(p.w), lambda a, m: cs.save_report(
        actor=a, report=m, expected_version=m.version, data={"summary": "改"}), FILERS),
    "cycle.submit_report": Probe(lambda p: rep(p.w), lambda a, m: cs.submit_report(
        actor=a, report=m, expected_version=m.version, data={"status": "on_track", "summary": "推进"}), FILERS),
    "cycle.review_report": Probe(lambda p: rep(p.w, submitted=True), lambda a, m: cs.review_report(
        actor=a, report=m, accept=True), OFFICES),
    "cycle.review_report:coop": Probe(_coop_report, lambda a, m: cs.review_report(actor=a, report=m, accept=True),
                                      FILERS, note="a cooperating unit's part: its lead unit reviews it too"),
    "cycle.consolidate": Probe(_lead_with_coop_part, lambda a, m: cs.consolidate(
        actor=a, report=m, expected_version=m.version), FILERS),
    "cycle.add_attachment": Probe(lambda p: rep(p.w), lambda a, m: cs.add_attachment(
        actor=a, report=m, name="现场.png", data=_png()), FILERS),
    "cycle.add_request_attachment": Probe(lambda p: cr(p.w), lambda a, m: cs.add_request_attachment(
        actor=a, change=m, name="证明.png", data=_png()), FILERS),
    "cycle.remove_attachment": Probe(lambda p: att(p.w), lambda a, m: cs.remove_attachment(actor=a, attachment=m),
                                     FILERS),
    "cycle.mark_inspection": Probe(the_world, lambda a, m: cs.mark_inspection(actor=a, task=m.task_a, kind="onsite"),
                                   OFFICES),
    "cycle.record_findings": Probe(lambda p: insp(p.w), lambda a, m: cs.record_findings(
        actor=a, inspection=m, findings="现场已开工"), OFFICES),
    "cycle.request_change": Probe(the_world, lambda a, m: cs.request_change(
        actor=a, task=m.task_a, unit=m.fgj, kind="appeal", reason="不可抗力"), FILERS),
    "cycle.decide_change": Probe(lambda p: cr(p.w), lambda a, m: cs.decide_change(
        actor=a, change=m, approve=False, decision="不符合条件"), OFFICES),
    "cycle.give_instruction": Probe(the_world, lambda a, m: cs.give_instruction(
        actor=a, task=m.task_a, unit=m.fgj, text="抓紧推进"), OFFICES | {"leader"},
                                    note="the leader leads task_a; 邻区's leader may not read it"),
    "cycle.answer_instruction": Probe(lambda p: ins(p.w), lambda a, m: cs.answer_instruction(
        actor=a, instruction=m, answer="已召开专题会"), FILERS),
    "cycle.close_instruction": Probe(_answered, lambda a, m: cs.close_instruction(actor=a, instruction=m),
                                     OFFICES | {"leader"}, note="the leader who gave it"),
    "cycle.mark_read": Probe(the_world, lambda a, m: cs.mark_read(actor=a), EVERYONE),
    "cycle.retry_email": Probe(lambda p: failed_reminder(p.w), lambda a, m: rm.retry_email(actor=a, reminder=m),
                               OFFICES),
    "cycle.fix_round_lights": Probe(lambda p: rnd(p.w), lambda a, m: cs.fix_round_lights(actor=a, round=m), OFFICES),
    "cycle.submit_all": Probe(lambda p: the_world(p, round=rnd(p.w), report=rep(p.w)), lambda a, m: cs.submit_all(
        actor=a, round=m.round, unit=m.fgj), FILERS),
    "cycle.chase": Probe(lambda p: the_world(p, round=rnd(p.w)), lambda a, m: chase.chase(
        actor=a, round=m.round, unit_ids=[m.nyj.pk], message="请报送"), OFFICES,
                         note="农业农村局 owes task_b's report"),
    "cycle.save_channel": Probe(the_world, lambda a, m: chase.save_channel(actor=a, government=m.gov, data={
        "kind": "wecom", "name": "督办群", "url": "http://127.0.0.1:9/cgi-bin/webhook/send?key=x"}), OFFICES),
    "cycle.try_channel": Probe(_robot, lambda a, m: chase.try_channel(actor=a, channel=m), OFFICES,
                               note="nothing listens there: the try is recorded as not delivered"),
}
