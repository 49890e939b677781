"""催办 by hand: the office chases one unit or every late one, with the message previewed, through
the in-app notice, e-mail (a real SMTP server on loopback), an SMS gateway and a group robot
(real HTTP servers on loopback); the list for a WeChat group names unit, tasks, days late,
liaison and phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from duban.web.common.models import AuditLog
from duban.web.common.services import ServiceError
from duban.web.cycle import chase
from duban.web.cycle import services as cs
from duban.web.cycle.models import Delivery, Notification, Reminder
from tests.web.cycle.conftest import Cycle
from tests.web.cycle.smtp import point_django_at, smtp_server
from tests.web.cycle.webhook import webhook_server

DAY = dt.date(2026, 4, 25)  # five days after the first quarter's date


@pytest.fixture
def late(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> Cycle:
    """发改局 files on time; 农业农村局 (task_b), 统计局 (its part of task_a) and 东湖镇 (its part of
    task_b) do not. The first two have their liaison on the roster, with mobile and e-mail."""
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                     data={"status": "on_track", "summary": "按序时推进"})
    for user, unit, name, mobile in ((cycle.nyj, "nyj", "孙晓东", "13900000003"), (cycle.coop, "tjj", "周丽", "139-0000-0004")):
        cs.save_roster_entry(actor=user, unit=cycle.w.units[unit], slot="liaison", name=name, mobile=mobile,
                             email=f"{unit}@example.gov.cn")
    monkeypatch.setattr(cs, "today", lambda: DAY)
    return cycle


def test_the_list_for_a_wechat_group_names_each_late_unit_with_its_liaison(late: Cycle) -> None:
    rows = chase.owing(late.rnd)
    assert [o.unit.name for o in rows] == ["东湖镇人民政府", "示例区农业农村局", "示例区统计局"]
    text = chase.group_text(late.rnd, rows, DAY)
    assert "截至4月25日尚未报送的单位(3个)" in text
    assert "1. 东湖镇人民政府,配合部分未交牵头单位1项(任务2),逾期5天,联系人:经办人未报" in text
    assert "2. 示例区农业农村局,未报1项(任务2),逾期5天,联系人:孙晓东 13900000003" in text
    assert "3. 示例区统计局,配合部分未交牵头单位1项(任务1),逾期5天,联系人:周丽 139-0000-0004" in text
    one = chase.unit_text(rows[1], chase.default_message(late.rnd, DAY), DAY)
    assert one.startswith("示例区农业农村局:2026年第一季度完成情况已于4月20日截止报送") and "已逾期5天" in one


def test_the_chase_page_and_the_bulletin_count_what_is_not_in_alike(late: Cycle) -> None:
    """应报 and 未报 are the lead units' reports to the office, on the 催办 page as in the 通报: a
    unit that leads one task and cooperates on another owes one report; its part of the other is
    named apart (配合部分未交牵头单位), and a report sent back is 退回待重报, not 未报."""
    from django.test import Client

    from duban.web.documents.builders.bulletin import OfficeText, blocks
    from duban.web.documents.collect import round_figures
    from duban.web.plans.models import TaskUnit, UnitRole

    fgj, nyj = late.w.units["fgj"], late.w.units["nyj"]
    TaskUnit.objects.create(task=late.w.task_b, unit=fgj, role=UnitRole.COOP)  # 发改局 also helps with task_b
    fig = round_figures(late.rnd)
    table = next(b for b in blocks(fig, OfficeText(), with_charts=False) if b.header and b.header[1] == "应报")
    assert ("示例区农业农村局", "1", "0", "0", "1") in table.rows  # 应报 1, 未报 1
    assert "示例区发展和改革局" not in [r[0] for r in table.rows]  # its one report is in on time
    c = Client()
    c.force_login(late.office)
    page = c.get(f"/cycle/rounds/{late.rnd.pk}/chase/").content.decode()
    assert "示例区农业农村局</label>\n<span class=\"muted\">未报1项(任务2)" in page
    assert "示例区发展和改革局</label>\n<span class=\"muted\">配合部分未交牵头单位1项(任务2)" in page
    assert "与通报、台账的“未报”同一口径" in page  # the page says what it counts
    for line in fig.units:  # one count behind both: every unit's 未报 on the page is the 通报's
        owing = {o.unit.pk: o for o in chase.owing(late.rnd)}.get(line.unit_id)
        assert line.missing == (len(owing.tasks) if owing else 0), line.name
    rep = cs.Report.objects.get(round=late.rnd, unit=fgj, task=late.w.task_a)
    cs.review_report(actor=late.office, report=rep, accept=False, comment="请补充数据")
    fgj_owes = {o.unit.pk: o for o in chase.owing(late.rnd)}[fgj.pk]
    assert fgj_owes.what == "退回待重报1项(任务1)、配合部分未交牵头单位1项(任务2)"
    assert next(u for u in round_figures(late.rnd).units if u.unit_id == fgj.pk).missing == 0
    assert {o.unit.pk: o.missing for o in cs.overdue_units(late.rnd)}[nyj.pk] == 1


def test_chasing_every_late_unit_reaches_mail_sms_and_the_group(late: Cycle, settings: Any) -> None:
    office = late.office
    with smtp_server() as (inbox, port), webhook_server() as hook:
        point_django_at(settings, port)
        robot = chase.save_channel(actor=office, government=late.w.gov, data={
            "kind": "wecom", "name": "区直单位督办群", "url": hook.url("/cgi-bin/webhook/send", key="k")})
        sms = chase.save_channel(actor=office, government=late.w.gov, data={
            "kind": "sms", "name": "区短信平台", "url": hook.url("/sms"), "secret": "tok", "sign": "示例区督查室"})
        result = chase.chase(actor=office, round=late.rnd, unit_ids=[o.unit.pk for o in chase.owing(late.rnd)],
                             message="请今天下班前报送。", channels=[robot, sms])
        assert sorted(m["X-Envelope-To"] for m in inbox.messages) == ["nyj@example.gov.cn", "tjj@example.gov.cn"]
        assert all("请今天下班前报送" in m.get_content() for m in inbox.messages)
        group = [h for h in hook.hits if h.path == "/cgi-bin/webhook/send"]
        assert len(group) == 1 and "示例区农业农村局" in group[0].body["text"]["content"]
        assert group[0].body["text"]["mentioned_mobile_list"] == ["13900000003", "13900000004"]
        texts = {tuple(h.body["mobiles"]): h.body["content"] for h in hook.hits if h.path == "/sms"}
        assert texts[("13900000003",)].startswith("【示例区督查室】示例区农业农村局:请今天下班前报送。")
    assert not result.failed and len(result.deliveries) == 3
    assert {r.kind for r in result.reminders} == {"manual"} and len(result.reminders) == 3
    assert sorted(r.email_state for r in result.reminders) == ["none", "sent", "sent"]  # 东湖镇 named no one
    assert Notification.objects.filter(user=late.nyj, reminder__kind="manual").exists()
    log = AuditLog.objects.get(action="chase", object_type="cycle.round")
    assert log.after["units_chased"] == 3 and "区直单位督办群" in log.after["channels"]
    assert log.action_label == "催办"
    assert "tok" not in str(AuditLog.objects.filter(object_type="cycle.deliverychannel").values_list("after"))


def test_a_robot_that_refuses_is_recorded_and_the_rest_still_goes(late: Cycle) -> None:
    with webhook_server() as hook:
        hook.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
        robot = chase.save_channel(actor=late.office, government=late.w.gov, data={
            "kind": "dingtalk", "name": "钉钉督办群", "url": hook.url(access_token="t"), "secret": "SECx"})
        result = chase.chase(actor=late.office, round=late.rnd, unit_ids=[late.w.units["nyj"].pk],
                             message="请报送。", channels=[robot])
    assert [d.outcome for d in result.failed] == ["钉钉督办群拒收(错误码 310000:keywords not in content)"]
    assert Reminder.objects.filter(kind="manual", unit=late.w.units["nyj"]).count() == 1  # the notice stands
    assert Delivery.objects.get(channel=robot).sent is False


def test_only_the_office_chases_and_only_units_that_owe(late: Cycle) -> None:
    with pytest.raises(PermissionDenied):
        chase.chase(actor=late.liaison, round=late.rnd, unit_ids=[late.w.units["nyj"].pk], message="请报送")
    with pytest.raises(ServiceError, match="已全部报送"):
        chase.chase(actor=late.office, round=late.rnd, unit_ids=[late.w.units["fgj"].pk], message="请报送")
    with pytest.raises(ServiceError, match="催办内容"):
        chase.chase(actor=late.office, round=late.rnd, unit_ids=[late.w.units["nyj"].pk], message="  ")


def test_the_chase_page_previews_then_sends(late: Cycle) -> None:
    from django.test import Client

    c = Client()
    c.force_login(late.office)
    url = f"/cycle/rounds/{late.rnd.pk}/chase/"
    page = c.get(url).content.decode()
    assert "催办全部逾期单位" in c.get(f"/cycle/rounds/{late.rnd.pk}/").content.decode()
    assert "各单位将收到的内容" in page and "联系人:孙晓东 13900000003" in page  # the group list
    nyj = late.w.units["nyj"].pk
    preview = c.post(url, {"action": "preview", "unit": [nyj], "message": "请明天上午报送。"}).content.decode()
    assert "示例区农业农村局:请明天上午报送。" in preview and "示例区统计局:" not in preview
    assert not Reminder.objects.filter(kind="manual").exists()  # a preview sends nothing
    done = c.post(url, {"action": "send", "unit": [nyj], "message": "请明天上午报送。"}, follow=True)
    assert "已催办 1 个单位" in done.content.decode()
    assert Reminder.objects.get(kind="manual").body.startswith("示例区农业农村局:请明天上午报送。")
    with webhook_server() as hook:
        c.post("/cycle/channels/", {"kind": "dingtalk", "name": "政务钉钉督办群", "url": hook.url(access_token="a"),
                                    "active": "1"})
        robot = chase.DeliveryChannel.objects.get(name="政务钉钉督办群")
        tried = c.post(f"/cycle/channels/{robot.pk}/try/", follow=True).content.decode()
        assert "政务钉钉督办群:已送达" in tried and "测试消息" in hook.hits[0].body["text"]["content"]


def test_scheduled_overdue_reminders_also_go_by_sms_where_the_office_asked(late: Cycle) -> None:
    from duban.web.cycle import reminders as rm

    with webhook_server() as hook:
        hook.answer = {"code": 0}
        chase.save_channel(actor=late.office, government=late.w.gov, data={
            "kind": "sms", "name": "区短信平台", "url": hook.url("/sms"), "auto": True})
        made = rm.run_due_reminders(DAY)
        sms = {tuple(h.body["mobiles"]): h.body["content"] for h in hook.hits}
    assert {r.unit.name for r in made} >= {"示例区农业农村局", "示例区统计局"}
    assert set(sms) == {("13900000003",), ("13900000004",)}  # 东湖镇 named no one to text
    assert sms[("13900000003",)].startswith("示例区农业农村局:2026年第一季度完成情况应于4月20日前报送,现已逾期5天")
    assert Delivery.objects.filter(channel__name="区短信平台", sent=True).count() == 2


def test_sending_with_no_unit_ticked_chases_nobody_and_says_so(late: Cycle) -> None:
    """Unticking every unit is a choice: 发送催办 then refuses (the message kept), never chases them all."""
    from django.test import Client

    c = Client()
    c.force_login(late.office)
    r = c.post(f"/cycle/rounds/{late.rnd.pk}/chase/", {"action": "send", "message": "请今天下班前报送。"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "请勾选要催办的单位" in page and "请今天下班前报送。</textarea>" in page
    assert f'name="unit" value="{late.w.units["nyj"].pk}" checked' not in page
    assert not Reminder.objects.filter(kind="manual").exists()
    with pytest.raises(ServiceError, match="请勾选要催办的单位"):
        chase.chase(actor=late.office, round=late.rnd, unit_ids=[], message="请报送")
