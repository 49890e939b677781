"""Reminders (催办): when they go, to whom, by e-mail through a real SMTP server on loopback,
recorded, and never twice."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.test import Client

from duban.web.cycle import chase
from duban.web.cycle import reminders as rm
from duban.web.cycle import services as cs
from duban.web.cycle.models import Notification, Reminder
from tests.web.cycle.conftest import Cycle, make_cycle
from tests.web.cycle.smtp import point_django_at, smtp_server

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 4, 20)


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2026, 4, 12), None),  # 8 days before: nothing yet
    (dt.date(2026, 4, 13), ("before7", 1)),
    (dt.date(2026, 4, 15), ("before7", 1)),  # a missed day 7 is caught up on day 5
    (dt.date(2026, 4, 17), ("before3", 1)),
    (dt.date(2026, 4, 20), ("before3", 1)),
    (dt.date(2026, 4, 21), ("overdue-2026-04-21", 2)),  # the unit head too
    (dt.date(2026, 4, 23), ("overdue-2026-04-23", 3)),  # and the leader in charge
])
def test_which_reminder_is_due(day: dt.date, expected: tuple[str, int] | None) -> None:
    d = rm.due_reminder(1, 2, DUE, day, [7, 3])
    if expected is None:
        assert d is None
    else:
        assert d is not None
        assert d.key == f"r1-u2-{expected[0]}" and d.level == expected[1]


def _roster(c: Cycle) -> None:
    fgj = c.w.units["fgj"]
    cs.save_roster_entry(actor=c.liaison, unit=fgj, slot="liaison", name="陈晓", email="chenxiao@fgj.example.cn")
    cs.save_roster_entry(actor=c.liaison, unit=fgj, slot="office_head", name="张主任", email="zhang@fgj.example.cn")
    c.leader.email = "wangming@gov.example.cn"
    c.leader.save()


def test_reminders_go_by_email_escalate_and_are_recorded_once(cycle: Cycle, settings: Any) -> None:
    _roster(cycle)
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        sent = rm.run_due_reminders(dt.date(2026, 4, 13))
        assert {r.unit.name for r in sent} == {"示例区发展和改革局", "示例区统计局", "示例区农业农村局", "东湖镇人民政府"}
        fgj = [m for m in inbox.messages if "chenxiao@fgj.example.cn" in m["X-Envelope-To"]]
        assert len(fgj) == 1
        assert "4月20日截止" in str(fgj[0]["Subject"])
        assert "zhang@fgj.example.cn" not in fgj[0]["X-Envelope-To"]  # before the date: the liaison only
        assert rm.run_due_reminders(dt.date(2026, 4, 13)) == []  # the same day again: nothing twice
        assert rm.run_due_reminders(dt.date(2026, 4, 14)) == []  # still the 7-day one
        n = len(inbox.messages)
        rm.run_due_reminders(dt.date(2026, 4, 23))
        late = [m for m in inbox.messages[n:] if "chenxiao@fgj.example.cn" in m["X-Envelope-To"]]
        assert len(late) == 1
        to = late[0]["X-Envelope-To"]
        assert "zhang@fgj.example.cn" in to and "wangming@gov.example.cn" in to  # escalated
        assert "逾期3天" in str(late[0]["Subject"])
    rem = Reminder.objects.get(key__startswith=f"r{cycle.rnd.pk}-u{cycle.w.units['fgj'].pk}-overdue")
    assert rem.emailed and rem.level == 3
    assert Notification.objects.filter(user=cycle.leader, reminder=rem).exists()
    assert Notification.objects.filter(user=cycle.liaison, reminder__isnull=False).count() == 2


def test_each_days_reminder_replaces_the_unread_one_before_it(cycle: Cycle) -> None:
    """A unit late for weeks, and the leader it is escalated to, have one unread notice about it,
    the latest (逾期N天), not one a day piling up (the demo's leader had 49 unread); the earlier
    ones stay in the list, read, and every reminder stays recorded."""
    for day in range(21, 31):
        rm.run_due_reminders(dt.date(2026, 4, day))
    fgj = cycle.w.units["fgj"]
    assert Reminder.objects.filter(unit=fgj, round=cycle.rnd, kind="overdue").count() == 10
    for user in (cycle.liaison, cycle.leader):
        unread = Notification.objects.filter(user=user, read_at__isnull=True)
        assert [n.text for n in unread.filter(reminder__unit=fgj)] == ["【逾期催办】示例区发展和改革局2026年第一季度完成情况已逾期10天"]
        assert Notification.objects.filter(user=user, reminder__unit=fgj).count() == (10 if user == cycle.liaison else 8)
    c = Client()
    c.force_login(cycle.leader)
    badge = c.get("/cycle/notifications/unread/").content.decode()
    assert '<span class="badge">2</span>' in badge  # 王明 oversees both late units, 发改局 and 统计局: one each
    manual = chase.chase(actor=cycle.office, round=cycle.rnd, unit_ids=[fgj.pk], message="请今天报送。").reminders[0]
    unread = Notification.objects.filter(user=cycle.liaison, read_at__isnull=True, reminder__isnull=False)
    assert [n.reminder_id for n in unread] == [manual.pk]  # the office's own 催办 is the one to read now
    other = Notification.objects.filter(user=cycle.coop, read_at__isnull=True, reminder__isnull=False)  # 统计局's own series is its own
    assert other.count() == 1 and "示例区统计局" in other.get().text


def test_a_reminder_names_what_is_not_in_as_the_bulletin_counts_it(cycle: Cycle) -> None:
    """A unit's own report not in is 未报; its part of another unit's task is named apart (it goes to
    the lead unit), not added in: the reminder listed every task the unit has (涉及任务序号) and said
    “尚有N项未报送” of both together."""
    from duban.web.plans.models import TaskUnit, UnitRole

    fgj = cycle.w.units["fgj"]
    TaskUnit.objects.create(task=cycle.w.task_b, unit=fgj, role=UnitRole.COOP)
    rm.run_due_reminders(dt.date(2026, 4, 21))
    body = Reminder.objects.get(unit=fgj, round=cycle.rnd).body
    assert "贵单位尚有未报1项(任务1)、配合部分未交牵头单位1项(任务2),请立即报送" in body, body
    tjj = Reminder.objects.get(unit=cycle.w.units["tjj"], round=cycle.rnd).body
    assert "贵单位尚有配合部分未交牵头单位1项(任务1)" in tjj and "未报1项" not in tjj


def test_a_unit_that_filed_everything_is_not_reminded(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    for task in (cycle.w.task_a,):
        rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=task, unit=cycle.w.units["fgj"])
        cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                         data={"status": "on_track", "summary": "推进"})
    sent = rm.run_due_reminders(dt.date(2026, 4, 21))
    assert "示例区发展和改革局" not in {r.unit.name for r in sent}


def test_an_extension_moves_the_reminders(cycle: Cycle) -> None:
    cs.extend_round(actor=cycle.office, round=cycle.rnd, unit=cycle.w.units["fgj"], due_date=dt.date(2026, 4, 30),
                    reason="机构改革")
    sent = rm.run_due_reminders(dt.date(2026, 4, 21))
    assert cycle.w.units["fgj"].pk not in {r.unit_id for r in sent}  # nine days left: not yet
    assert cycle.w.units["tjj"].pk in {r.unit_id for r in sent}  # the others are overdue
    sent = rm.run_due_reminders(dt.date(2026, 4, 24))
    fgj = [r for r in sent if r.unit_id == cycle.w.units["fgj"].pk]
    assert fgj and fgj[0].kind == "before" and fgj[0].days == 6


def test_smtp_down_is_recorded_and_the_in_app_notice_stands(cycle: Cycle, settings: Any) -> None:
    from tests.web.cycle.smtp import free_port

    _roster(cycle)
    point_django_at(settings, free_port())  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    sent = rm.run_due_reminders(dt.date(2026, 4, 13))
    rem = Reminder.objects.get(pk=[r.pk for r in sent if r.unit_id == cycle.w.units["fgj"].pk][0])
    assert not rem.emailed and rem.error
    assert Notification.objects.filter(reminder=rem, user=cycle.liaison).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(world: Any, settings: Any) -> None:
    c = make_cycle(world)
    _roster(c)
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        barrier = threading.Barrier(2)

        def worker() -> None:
            from django.db import OperationalError, connection

            barrier.wait()
            try:
                rm.run_due_reminders(dt.date(2026, 4, 13))
            except OperationalError:
                pass  # in-memory SQLite (the test database) locks whole tables: that worker sends nothing
            finally:
                connection.close()

        ts = [threading.Thread(target=worker) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert Reminder.objects.count() == 4
        assert len([m for m in inbox.messages if "chenxiao@fgj.example.cn" in m["X-Envelope-To"]]) == 1
