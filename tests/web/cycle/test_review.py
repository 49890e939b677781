"""The review (审核) of 办理方案 and reports through the one `_review` flow: the same checks,
audit rows and notices for both, and the office's optional mark (优/良/中/差) on a lead unit's
report it accepts, in the service, the page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from duban.web.accounts.services import create_token
from duban.web.common.models import AuditLog
from duban.web.common.services import ServiceError
from duban.web.cycle import services as cs
from duban.web.cycle.models import FilingState, Report, ReviewMark
from tests.web.builders import PASSWORD
from tests.web.cycle.conftest import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))


def submitted(c: Cycle, *, task: Any = None, unit: Any = None, actor: Any = None) -> Report:
    actor = actor or c.liaison
    rep = cs.start_report(actor=actor, round=c.rnd, task=task or c.w.task_a, unit=unit or c.w.units["fgj"])
    return cs.submit_report(actor=actor, report=rep, expected_version=rep.version,
                            data={"status": "on_track", "summary": "按计划推进"})


def audit(obj: Any, action: str) -> AuditLog:
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                   action=action).latest("id")


def test_both_flows_refuse_alike_and_audit_alike(cycle: Cycle) -> None:
    ip = cs.start_impl_plan(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    ip = cs.save_impl_plan(actor=cycle.liaison, impl_plan=ip, expected_version=ip.version, leader_in_charge="李副局长",
                           department="规划科", items=[{"content": "完成项目谋划", "month": 3}])
    with pytest.raises(ServiceError, match="只能审核已报送的办理方案"):
        cs.review_impl_plan(actor=cycle.office, impl_plan=ip, accept=True)
    ip = cs.submit_impl_plan(actor=cycle.liaison, impl_plan=ip)
    rep = submitted(cycle)
    for review, obj, kw in ((cs.review_impl_plan, ip, "impl_plan"), (cs.review_report, rep, "report")):
        with pytest.raises(PermissionDenied, match="只有督查室"):
            review(actor=cycle.liaison, accept=True, **{kw: obj})
        with pytest.raises(ServiceError, match="修改意见"):
            review(actor=cycle.office, accept=False, comment="  ", **{kw: obj})
        back = review(actor=cycle.office, accept=False, comment=" 请细化 ", **{kw: obj})
        assert back.state == FilingState.RETURNED and back.review_comment == "请细化"
        assert back.reviewed_by == cycle.office and back.version == obj.version + 1
        row = audit(back, "return")
        assert row.reason == "请细化" and row.before["state"] == "submitted" and row.after["state"] == "returned"
    assert Report.objects.get(pk=rep.pk).returns == 1
    texts = list(cycle.liaison.notifications.values_list("text", flat=True))
    assert f"办理方案“{cycle.w.task_a}”被退回:请细化" in texts
    assert f"“{cycle.w.task_a}”的完成情况被退回:请细化" in texts
    with pytest.raises(ServiceError, match=r"只能审核已报送的报告\(该报告已退回\)"):
        cs.review_report(actor=cycle.office, report=rep, accept=True)


def test_the_office_marks_a_report_it_accepts_and_the_audit_keeps_it(cycle: Cycle) -> None:
    rep = submitted(cycle)
    with pytest.raises(ServiceError, match="无效"):
        cs.review_report(actor=cycle.office, report=rep, accept=True, mark="甲")
    with pytest.raises(ServiceError, match="退回时不评定等次"):
        cs.review_report(actor=cycle.office, report=rep, accept=False, comment="补充", mark="good")
    assert Report.objects.get(pk=rep.pk).state == FilingState.SUBMITTED  # nothing saved by a refusal
    rep = cs.review_report(actor=cycle.office, report=rep, accept=True, mark="优")  # the label works too
    assert rep.review_mark == ReviewMark.EXCELLENT and rep.get_review_mark_display() == "优"
    row = audit(rep, "accept")
    assert row.before["review_mark"] == "" and row.after["review_mark"] == "excellent"


def test_without_a_mark_the_report_is_accepted_unmarked(cycle: Cycle) -> None:
    rep = cs.review_report(actor=cycle.office, report=submitted(cycle), accept=True)
    assert rep.state == FilingState.ACCEPTED and rep.review_mark == ""


def test_a_lead_unit_reviewing_a_cooperating_part_gives_no_mark(cycle: Cycle) -> None:
    part = submitted(cycle, unit=cycle.w.units["tjj"], actor=cycle.coop)
    assert part.role == "coop"
    with pytest.raises(ServiceError, match="督查室"):
        cs.review_report(actor=cycle.liaison, report=part, accept=True, mark="good")
    part = cs.review_report(actor=cycle.liaison, report=part, accept=True)
    assert part.state == FilingState.ACCEPTED and part.review_mark == ""


def test_the_review_page_offers_the_mark_to_the_office_and_shows_it(cycle: Cycle) -> None:
    rep = submitted(cycle)
    c = Client()
    assert c.login(username=cycle.office.username, password=PASSWORD)
    page = c.get(f"/cycle/reports/{rep.pk}/").content.decode()
    assert 'name="mark"' in page and ">优</option>" in page and ">差</option>" in page
    bad = c.post(f"/cycle/reports/{rep.pk}/review/", {"decision": "accept", "mark": "perfect"}, follow=True)
    assert "评定等次无效" in bad.content.decode()
    assert Report.objects.get(pk=rep.pk).state == FilingState.SUBMITTED
    c.post(f"/cycle/reports/{rep.pk}/review/", {"decision": "accept", "comment": "材料翔实", "mark": "good"})
    rep.refresh_from_db()
    assert rep.state == FilingState.ACCEPTED and rep.review_mark == "good"
    unit = Client()
    assert unit.login(username=cycle.liaison.username, password=PASSWORD)
    shown = unit.get(f"/cycle/reports/{rep.pk}/").content.decode()
    assert '评定等次:</strong><span id="review-mark">良</span>' in shown


def test_the_lead_unit_reviewing_a_part_sees_no_mark_field(cycle: Cycle) -> None:
    part = submitted(cycle, unit=cycle.w.units["tjj"], actor=cycle.coop)
    c = Client()
    assert c.login(username=cycle.liaison.username, password=PASSWORD)
    page = c.get(f"/cycle/reports/{part.pk}/").content.decode()
    assert "退回修改" in page and 'name="mark"' not in page


def test_the_api_takes_and_returns_the_mark(cycle: Cycle) -> None:
    rep = submitted(cycle)
    _tok, key = create_token(actor=cycle.office, user=cycle.office, name="测试")
    c, h = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    bad = c.post(f"/api/cycle/reports/{rep.pk}/review", {"accept": True, "mark": "A+"},
                 content_type="application/json", **h)
    assert bad.status_code == 400 and "评定等次" in bad.json()["detail"]
    ok = c.post(f"/api/cycle/reports/{rep.pk}/review", {"accept": True, "mark": "poor", "version": rep.version},
                content_type="application/json", **h)
    assert ok.status_code == 200 and ok.json()["review_mark"] == "poor" and ok.json()["state"] == "accepted"
    assert c.get(f"/api/cycle/reports/{rep.pk}", **h).json()["review_mark"] == "poor"
