"""`duban serve --demo`: the 示例区 demo loads on an empty database with a quarter of supervision
that the dashboards, 台账 and 通报 can show, and a second start adds nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from duban.web.demo.cycle import pick_quarter


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 11, 23), (2026, 3)),  # the third quarter, due 10月20日
    (dt.date(2026, 10, 24), (2026, 3)),  # four days after the date
    (dt.date(2026, 10, 23), (2026, 2)),  # three days after: still the quarter before
    (dt.date(2026, 5, 2), (2026, 1)),
    (dt.date(2027, 1, 10), (2026, 3)),  # early January: last year's third quarter
    (dt.date(2027, 1, 25), (2026, 4)),
])
def test_the_demo_quarter_follows_the_calendar(today: dt.date, expected: tuple[int, int]) -> None:
    assert pick_quarter(today) == expected
    assert pick_quarter(today, expected[0]) == expected


@pytest.fixture
def empty(transactional_db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DUBAN_EMAIL_ENABLED = False
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)  # the shared test world is 示例区 too


def _snapshot() -> dict[str, int]:
    from duban.web.accounts.models import User
    from duban.web.cycle.models import (
        ImplementationPlan,
        Inspection,
        Instruction,
        Notification,
        Reminder,
        Report,
        Round,
    )
    from duban.web.plans.models import Plan

    return {m.__name__: m.objects.count() for m in (User, Plan, Round, Report, ImplementationPlan, Reminder,
                                                     Notification, Inspection, Instruction)}


def test_the_demo_loads_once_with_a_quarter_to_show(empty: None, client: Any) -> None:
    from duban.web.cycle import services as cs
    from duban.web.cycle.models import ImplementationPlan, Instruction, Reminder, Report, Round
    from duban.web.demo.loader import DEMO_PASSWORD, load_demo
    from duban.web.documents import collect

    lines = load_demo()
    text = "\n".join(lines)
    for username in ("duchashi", "fgj_head", "fgj", "nyj", "wangming", "chakan"):
        assert username in text
    assert DEMO_PASSWORD in text and "已导入并发布" in text
    rnd = Round.objects.get()
    year, q = pick_quarter(cs.today())
    assert rnd.plan.year == year and rnd.number == q and rnd.is_open
    assert rnd.due_date == cs.round_dates(year, "quarterly", q)[3] and rnd.due_date.day == 20

    lead = Report.objects.filter(round=rnd, role="lead")
    assert {"done", "on_track", "lagging", "not_started"} <= set(lead.values_list("status", flat=True))
    states = Counter(lead.values_list("state", flat=True))
    assert states["accepted"] and states["submitted"]
    assert lead.filter(late=True).exists()  # one unit filed after the date
    # 报送时间 and 审核时间 are the days the demo's events happened, not the moment it loaded
    local = timezone.localtime
    assert {local(r.submitted_at).date() > rnd.due_date for r in lead.exclude(submitted_at=None)} == {True, False}
    assert all(local(r.submitted_at).date() > rnd.due_date for r in lead.filter(late=True))
    assert len(set(lead.values_list("submitted_at", flat=True))) == lead.count()  # in the order they came
    assert all(local(r.reviewed_at).date() > rnd.due_date for r in lead.exclude(reviewed_at=None))
    # the 记录 on a report's page (the audit log) says the same: each filing and review at the time the
    # report shows (it read the moment the demo loaded, a month after 报送于)
    from duban.web.common.models import AuditLog

    def logged(rep: Any, action: str) -> Any:
        return (AuditLog.objects.filter(object_type="cycle.report", object_id=str(rep.pk), action=action)
                .order_by("-created_at", "-id").values_list("created_at", flat=True).first())

    for rep in lead.exclude(submitted_at=None):
        assert logged(rep, "submit") == rep.submitted_at, rep.task.number
        started = logged(rep, "create")  # the same day, or the first filing's day for one returned and filed again
        assert started is not None and local(started) < local(rep.submitted_at)
        assert local(started).date() == local(rep.submitted_at).date() or rep.returns
    for rep in lead.filter(state="accepted"):
        assert logged(rep, "accept") == rep.reviewed_at, rep.task.number
    assert ImplementationPlan.objects.filter(submitted_at__date__lte=dt.date(rnd.plan.year, 2, 10)).exists()
    given = Instruction.objects.get(leader__name="王明")
    assert local(given.created_at).date() == rnd.due_date + dt.timedelta(days=6)  # the day the demo gives it
    assert local(given.created_at) < local(given.answered_at) and local(given.answered_at).date() < given.due_date
    overdue = cs.overdue_units(rnd)
    assert [o.unit.name for o in overdue] == ["示例区民政局"]  # one late unit ...
    chased = Reminder.objects.filter(round=rnd, unit=overdue[0].unit, kind="overdue")
    assert chased.filter(level=3).exists()  # ... reminded and escalated
    # ... every day up to today, each reminder on its own day (not all at the moment of loading)
    late_days = (cs.today() - rnd.due_date).days
    assert sorted(-d for d in chased.values_list("days", flat=True)) == list(range(1, late_days + 1))
    assert chased.values("created_at__date").distinct().count() == late_days
    assert chased.order_by("-created_at").first().subject.endswith(f"已逾期{late_days}天")
    impl = Counter(ImplementationPlan.objects.filter(role="lead").values_list("state", flat=True))
    assert impl["accepted"] and impl["submitted"] and impl["returned"]
    assert Reminder.objects.filter(about="impl").exists() and Reminder.objects.filter(about="roster").exists()
    assert cs.roster_missing(rnd.plan) and len(cs.roster_missing(rnd.plan)) < 10  # some units filed, not all
    assert Instruction.objects.filter(state="answered", leader__name="王明").exists()
    assert rnd.inspections.filter(done=True).exists()

    fig = collect.round_figures(rnd)
    assert fig.reports_expected > 0 and fig.reports_on_time > 0 and fig.reports_missing > 0
    assert fig.by_status()["已完成"] > 0 and all(fig.by_light()[lt] > 0 for lt in ("红灯", "黄灯", "绿灯", "灰灯"))
    assert any(i.actual for t in fig.tasks for i in t.indicators)  # the indicator chart has figures
    assert fig.lagging() and fig.late_units()

    client.login(username="duchashi", password=DEMO_PASSWORD)
    page = client.get("/documents/dashboard/").content.decode()
    assert rnd.title in page and "已完成" in page
    assert client.get(f"/cycle/rounds/{rnd.pk}/").status_code == 200
    assert "示例区民政局" in client.get("/cycle/reminders/").content.decode()

    before = _snapshot()
    again = load_demo()
    assert "示例数据已存在,沿用" in again and any("duchashi" in line for line in again)
    assert _snapshot() == before  # a second start adds nothing
