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
