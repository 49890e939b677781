"""In-app notices: an unread count in every page's header, read by opening them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from duban.web.cycle import services as cs
from duban.web.cycle.models import Notification


def test_the_header_counts_unread_notices_and_opening_one_reads_it(cycle: Any) -> None:
    c = Client()
    c.force_login(cycle.liaison)
    Notification.objects.filter(user=cycle.liaison).update(read_at="2026-01-01T00:00:00Z")
    assert 'class="badge"' not in c.get("/plans/").content.decode()
    cs.notify([cycle.liaison], "测试:报告被退回", url="/cycle/")
    cs.notify([cycle.liaison], "测试:领导批示", url="/cycle/instructions/")
    html = c.get("/plans/").content.decode()
    assert '<span class="badge">2</span>' in html and "2 条未读" in html
    assert '<span class="badge">2</span>' in c.get("/cycle/notifications/unread/").content.decode()  # the refresh
    first = Notification.objects.filter(user=cycle.liaison, read_at__isnull=True).order_by("pk").first()
    resp = c.get(f"/cycle/notifications/{first.pk}/")
    assert resp.status_code == 302 and resp["Location"] == "/cycle/"
    assert '<span class="badge">1</span>' in c.get("/cycle/notifications/").content.decode()
    c.post("/cycle/notifications/")
    assert 'class="badge"' not in c.get("/plans/").content.decode()


def test_a_notice_pointing_elsewhere_never_redirects_off_site(cycle: Any) -> None:
    c = Client()
    c.force_login(cycle.liaison)
    cs.notify([cycle.liaison], "奇怪的链接", url="//evil.example/")
    n = Notification.objects.get(text="奇怪的链接")
    assert c.get(f"/cycle/notifications/{n.pk}/")["Location"] == "/cycle/notifications/"


def test_return_resubmission_and_instructions_notify_in_the_app_and_by_email(cycle: Any, settings: Any,
                                                                             monkeypatch: Any) -> None:
    import datetime as dt

    from duban.web.cycle import reminders as rm
    from tests.web.cycle.smtp import point_django_at, smtp_server

    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    for user, mail in ((cycle.office, "ducha@example.gov.cn"), (cycle.liaison, "fgj@example.gov.cn"),
                       (cycle.leader, "wangming@example.gov.cn")):
        user.email = mail
        user.save(update_fields=["email"])
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
        rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                               data={"status": "on_track", "summary": "按序时推进"})
        assert not Notification.objects.filter(user=cycle.office).exists()  # a first filing is no news
        rep = cs.review_report(actor=cycle.office, report=rep, accept=False, comment="请补充佐证材料")
        rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                               data={"summary": "按序时推进,已补充佐证材料"})
        ins = cs.give_instruction(actor=cycle.leader, task=cycle.w.task_a, unit=cycle.w.units["fgj"],
                                  text="请加快进度")
        cs.answer_instruction(actor=cycle.liaison, instruction=ins, answer="已部署加快推进")
        assert rm.deliver_notices() == 4
        got = {(str(m["X-Envelope-To"]), str(m["Subject"])) for m in inbox.messages}
    assert any(a == "fgj@example.gov.cn" and "被退回:请补充佐证材料" in s for a, s in got)
    assert any(a == "ducha@example.gov.cn" and "重新报送" in s for a, s in got)
    assert any(a == "fgj@example.gov.cn" and "领导批示" in s for a, s in got)
    assert any(a == "wangming@example.gov.cn" and "已回复批示" in s for a, s in got)
    office = Notification.objects.get(user=cycle.office)
    assert "示例区发展和改革局已修改并重新报送" in office.text and office.url == f"/cycle/reports/{rep.pk}/"
    assert set(Notification.objects.exclude(email_state="none").values_list("email_state", flat=True)) == {"sent"}
