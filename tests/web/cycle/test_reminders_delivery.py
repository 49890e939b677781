"""Reminder e-mails delivered reliably (recorded, retried with backoff, bounded, never twice) and
the reminders for 办理方案 and rosters, all against a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from duban.web.cycle import reminders as rm
from duban.web.cycle import services as cs
from duban.web.cycle.models import EmailState, Notification, Reminder
from tests.web.cycle.conftest import Cycle, make_cycle
from tests.web.cycle.smtp import Inbox, free_port, point_django_at, smtp_server

pytestmark = pytest.mark.django_db
Q1_BEFORE7 = dt.date(2026, 4, 13)


def _fgj_roster(c: Cycle) -> None:
    fgj = c.w.units["fgj"]
    cs.save_roster_entry(actor=c.liaison, unit=fgj, slot="liaison", name="陈晓", email="chenxiao@fgj.example.cn")
    cs.save_roster_entry(actor=c.liaison, unit=fgj, slot="office_head", name="张主任", email="zhang@fgj.example.cn")
    c.leader.email = "wangming@gov.example.cn"
    c.leader.save()


def _to(inbox: Inbox, address: str) -> list[Any]:
    return [m for m in inbox.messages if address in m["X-Envelope-To"]]


def test_smtp_down_then_up_the_first_pass_records_the_failure_the_next_delivers_once(
        cycle: Cycle, settings: Any) -> None:
    _fgj_roster(cycle)
    port = free_port()
    point_django_at(settings, port)  # nothing listens on the port yet
    settings.EMAIL_TIMEOUT = 2
    settings.DUBAN_EMAIL_RETRY_BASE = 600
    t0 = timezone.now()
    made = rm.run_due_reminders(Q1_BEFORE7, now=t0)
    rem = next(r for r in made if r.unit_id == cycle.w.units["fgj"].pk)
    assert rem.email_state == EmailState.PENDING and rem.attempts == 1 and not rem.emailed
    assert "第1次发送失败" in rem.error and rem.next_attempt_at == t0 + dt.timedelta(seconds=600)
    assert Notification.objects.filter(reminder=rem, user=cycle.liaison).exists()  # the in-app notice stands

    inbox = Inbox()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()  # the server comes up on the same port
    try:
        assert rm.run_due_reminders(Q1_BEFORE7, now=t0 + dt.timedelta(seconds=60)) == []
        assert inbox.messages == []  # the backoff has not run out: no retry yet
        assert rm.run_due_reminders(Q1_BEFORE7, now=t0 + dt.timedelta(seconds=601)) == []  # no new reminder ...
        assert len(_to(inbox, "chenxiao@fgj.example.cn")) == 1  # ... but the retry delivered it
        rm.run_due_reminders(Q1_BEFORE7, now=t0 + dt.timedelta(days=1))
        rm.deliver_pending(t0 + dt.timedelta(days=2))
        assert len(_to(inbox, "chenxiao@fgj.example.cn")) == 1  # and only once
    finally:
        ctl.stop()
    rem.refresh_from_db()
    assert rem.email_state == EmailState.SENT and rem.emailed and rem.attempts == 2 and rem.sent_at


def test_attempts_are_bounded_then_the_office_sees_the_failure_and_may_send_again(
        cycle: Cycle, settings: Any, client: Any) -> None:
    _fgj_roster(cycle)
    port = free_port()
    point_django_at(settings, port)
    settings.EMAIL_TIMEOUT = 2
    settings.DUBAN_EMAIL_MAX_ATTEMPTS = 3
    settings.DUBAN_EMAIL_RETRY_BASE = 10
    t0 = timezone.now()
    rm.run_due_reminders(Q1_BEFORE7, now=t0)
    rem = Reminder.objects.get(unit=cycle.w.units["fgj"])
    rm.deliver_pending(t0 + dt.timedelta(seconds=11))  # second attempt after 10 s
    rem.refresh_from_db()
    assert rem.attempts == 2 and rem.email_state == EmailState.PENDING
    assert rem.next_attempt_at == t0 + dt.timedelta(seconds=11 + 20)  # the wait doubles
    rm.deliver_pending(t0 + dt.timedelta(seconds=40))
    rem.refresh_from_db()
    assert rem.attempts == 3 and rem.email_state == EmailState.FAILED and "第3次发送失败" in rem.error
    rm.deliver_pending(t0 + dt.timedelta(days=5))
    rem.refresh_from_db()
    assert rem.attempts == 3  # given up: no fourth attempt by itself

    client.force_login(cycle.office)
    page = client.get("/cycle/reminders/").content.decode()
    assert "邮件发送失败" in page and rem.subject in page and "ConnectionRefusedError" in page
    round_page = client.get(f"/cycle/rounds/{cycle.rnd.pk}/").content.decode()
    assert "发送失败" in round_page
    client.force_login(cycle.liaison)
    assert client.post(f"/cycle/reminders/{rem.pk}/retry/").status_code == 403  # the office's decision

    client.force_login(cycle.office)
    with smtp_server() as (inbox, up):
        settings.EMAIL_PORT = up
        resp = client.post(f"/cycle/reminders/{rem.pk}/retry/")
        assert resp.status_code == 302
        rem.refresh_from_db()
        assert rem.email_state == EmailState.PENDING and rem.attempts == 0
        rm.deliver_pending()
        assert len(_to(inbox, "chenxiao@fgj.example.cn")) == 1
    rem.refresh_from_db()
    assert rem.email_state == EmailState.SENT


def test_without_addresses_or_smtp_there_is_nothing_to_deliver(cycle: Cycle, settings: Any) -> None:
    settings.DUBAN_EMAIL_ENABLED = False
    _fgj_roster(cycle)
    made = rm.run_due_reminders(Q1_BEFORE7)
    assert made and {r.email_state for r in made} == {EmailState.NONE}
    assert rm.deliver_pending() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_retries_send_each_once(world: Any, settings: Any) -> None:
    c = make_cycle(world)
    _fgj_roster(c)
    point_django_at(settings, free_port())
    settings.EMAIL_TIMEOUT = 2
    t0 = timezone.now()
    rm.run_due_reminders(Q1_BEFORE7, now=t0)  # first attempt fails: the retry waits
    assert Reminder.objects.filter(email_state=EmailState.PENDING).count() == 1
    with smtp_server() as (inbox, port):
        settings.EMAIL_PORT = port
        barrier = threading.Barrier(2)
        claimed: list[list[int]] = []

        def worker() -> None:
            from django.db import OperationalError, connection

            barrier.wait()
            try:
                claimed.append(rm.claim_emails(t0 + dt.timedelta(hours=1)))
            except OperationalError:
                claimed.append([])  # in-memory SQLite locks the table: that worker takes nothing
            finally:
                connection.close()

        ts = [threading.Thread(target=worker) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert sorted(len(x) for x in claimed) == [0, 1]  # exactly one worker owns the e-mail
        assert rm.deliver_pending(t0 + dt.timedelta(hours=1)) == 0  # claimed (sending): nobody else takes it
        pk = next(x for x in claimed if x)[0]
        assert rm._send_one(pk, t0)
        assert len(_to(inbox, "chenxiao@fgj.example.cn")) == 1


def test_an_interrupted_send_is_taken_again_once_its_claim_lapses(cycle: Cycle, settings: Any) -> None:
    _fgj_roster(cycle)
    settings.DUBAN_EMAIL_ENABLED = False  # make the reminders without sending ...
    rm.run_due_reminders(Q1_BEFORE7)
    Reminder.objects.filter(unit=cycle.w.units["fgj"]).update(email_state=EmailState.PENDING)  # as if SMTP had been on
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        t0 = timezone.now()
        mine = rm.claim_emails(t0)  # a worker claims them and dies before sending
        assert len(mine) == 1
        assert rm.deliver_pending(t0 + dt.timedelta(seconds=30)) == 0  # still its claim
        assert inbox.messages == []
        sent = rm.deliver_pending(t0 + rm.claim_lease() + dt.timedelta(seconds=1))
        assert sent == 1 and len(_to(inbox, "chenxiao@fgj.example.cn")) == 1
        assert rm.deliver_pending(t0 + dt.timedelta(days=1)) == 0


# --- 办理方案 and rosters -------------------------------------------------------------------

IMPL_DUE = dt.date(2026, 2, 10)


def _impl(c: Cycle, task: Any, unit_key: str, actor: Any, *, submit: bool = True) -> Any:
    ip = cs.start_impl_plan(actor=actor, task=task, unit=c.w.units[unit_key])
    ip = cs.save_impl_plan(actor=actor, impl_plan=ip, expected_version=ip.version, leader_in_charge="李副局长",
                           items=[{"content": "制定工作方案", "month": 3}])
    return cs.submit_impl_plan(actor=actor, impl_plan=ip) if submit else ip


def test_impl_plans_and_rosters_are_chased_before_and_after_their_date(cycle: Cycle, settings: Any) -> None:
    _fgj_roster(cycle)
    cs.set_calendar(actor=cycle.office, plan=cycle.w.plan, impl_plan_due=IMPL_DUE)
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        assert rm.run_due_reminders(dt.date(2026, 2, 2)) == []  # 8 days before: nothing yet
        made = rm.run_due_reminders(dt.date(2026, 2, 3))
        impl = {r.unit.name for r in made if r.about == "impl"}
        assert impl == {"示例区发展和改革局", "示例区农业农村局"}  # the lead units only
        roster = {r.unit.name for r in made if r.about == "roster"}
        assert roster == {"示例区发展和改革局", "示例区统计局", "示例区农业农村局", "东湖镇人民政府"}
        mail = _to(inbox, "chenxiao@fgj.example.cn")
        assert len(mail) == 2 and any("办理方案将于2月10日截止" in str(m["Subject"]) for m in mail)
        fgj_roster = next(r for r in made if r.about == "roster" and r.unit_id == cycle.w.units["fgj"].pk)
        assert "分管领导" in fgj_roster.body and fgj_roster.kind == "before"

        _impl(cycle, cycle.w.task_a, "fgj", cycle.liaison)  # 发改局 files in time
        ip = _impl(cycle, cycle.w.task_b, "nyj", cycle.nyj)
        cs.review_impl_plan(actor=cycle.office, impl_plan=ip, accept=False, comment="请细化到月")
        assert rm.run_due_reminders(dt.date(2026, 2, 3)) == []  # the same day again: nothing twice

        made = rm.run_due_reminders(dt.date(2026, 2, 13))  # three days late
        impl = [r for r in made if r.about == "impl"]
        assert [r.unit.name for r in impl] == ["示例区农业农村局"]  # returned and not resubmitted
        assert impl[0].level == 2 and "已退回待重新报送" in impl[0].body and "逾期3天" in impl[0].subject
        assert Notification.objects.filter(reminder=impl[0], user=cycle.nyj).exists()
        fgj_late = [m for m in _to(inbox, "chenxiao@fgj.example.cn") if "逾期" in str(m["Subject"])]
        assert len(fgj_late) == 1 and "督办工作人员名单" in str(fgj_late[0]["Subject"])  # roster still short
        assert "wangming@gov.example.cn" not in fgj_late[0]["X-Envelope-To"]  # a roster is not a leader's business
        assert "zhang@fgj.example.cn" in fgj_late[0]["X-Envelope-To"]  # the unit's office head is

        ip.refresh_from_db()
        ip = cs.save_impl_plan(actor=cycle.nyj, impl_plan=ip, expected_version=ip.version, leader_in_charge="赵副局长",
                               items=[{"content": "1月完成摸底", "month": 1}, {"content": "3月完成播种", "month": 3}])
        cs.submit_impl_plan(actor=cycle.nyj, impl_plan=ip)
        made = rm.run_due_reminders(dt.date(2026, 2, 14))
        assert [r for r in made if r.about == "impl"] == []
    late_next_year = rm.run_due_reminders(dt.date(2027, 1, 5))
    assert [r for r in late_next_year if r.about != "report"] == []  # a past year's plan: no longer chased


def test_no_date_no_filing_reminders(cycle: Cycle) -> None:
    assert [r for r in rm.run_due_reminders(dt.date(2026, 2, 13)) if r.about != "report"] == []


def test_the_office_page_lists_who_has_not_filed(cycle: Cycle, client: Any) -> None:
    cs.set_calendar(actor=cycle.office, plan=cycle.w.plan, impl_plan_due=IMPL_DUE)
    _impl(cycle, cycle.w.task_a, "fgj", cycle.liaison)
    client.force_login(cycle.office)
    page = client.get("/cycle/reminders/").content.decode()
    assert "办理方案未报送" in page and "示例区农业农村局" in page
    assert "督办工作人员名单" in page and "东湖镇人民政府" in page
    client.force_login(cycle.liaison)
    assert client.get("/cycle/reminders/").status_code == 403


def test_a_late_impl_plan_reaches_a_leader_weekly_and_only_about_his_own_tasks(cycle: Cycle, settings: Any) -> None:
    """The demo's 王明 read a notice a day about 税务局's roster, 300 days late. Now the unit hears
    daily; a 责任领导 hears of the 办理方案 of his own tasks from day 3, once a week, with the day
    count (a missed day caught up, never doubled); a roster, and another leader's task at a unit he
    oversees, never reach him. His units' overdue quarterly reports still reach him daily."""
    from duban.web.cycle.models import Reminder

    _fgj_roster(cycle)
    cycle.w.leader.units.add(cycle.w.units["nyj"])  # 王明 oversees 农业农村局 too; its task_b is 赵刚's
    cs.set_calendar(actor=cycle.office, plan=cycle.w.plan, impl_plan_due=IMPL_DUE)
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        for day in [11, 12, *range(14, 28)]:  # 2月13日 (day 3) missed: the server was down
            rm.run_due_reminders(dt.date(2026, 2, day))
        to_leader = _to(inbox, "wangming@gov.example.cn")
    theirs = Reminder.objects.filter(pk__in=Notification.objects.filter(user=cycle.leader).values("reminder_id")
                                     ).order_by("created_at", "pk")
    assert [(r.about, r.unit.name, -r.days) for r in theirs] == [
        ("impl", "示例区发展和改革局", 4), ("impl", "示例区发展和改革局", 10), ("impl", "示例区发展和改革局", 17)]
    assert f"您任责任领导的1项任务(任务{cycle.w.task_a.number})" in theirs[0].body and "逾期17天" in theirs[2].subject
    assert [str(m["Subject"]).strip() for m in to_leader] == [r.subject for r in theirs]  # by e-mail too, nothing else
    unit_daily = Reminder.objects.filter(unit=cycle.w.units["fgj"], about="impl", level=2, kind="overdue")
    assert unit_daily.count() == 16  # the unit: every day it is late
    assert not Reminder.objects.filter(about="roster", level=3).exists()
    unread = Notification.objects.filter(user=cycle.leader, read_at__isnull=True)
    assert [n.reminder_id for n in unread] == [theirs[2].pk]  # one unread per unit and thing: the latest

    rm.run_due_reminders(dt.date(2026, 4, 23))  # the first quarter's reports, three days late
    report = Reminder.objects.get(about="report", unit=cycle.w.units["fgj"], kind="overdue")
    assert report.level == 3 and Notification.objects.filter(user=cycle.leader, reminder=report).exists()
