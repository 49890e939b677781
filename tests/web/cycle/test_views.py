"""The cycle's pages through Django's test client: filing without JavaScript, the HTMX auto-save,
what a failed submission keeps, evidence checks, review, and who may open what."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from duban.web.cycle import services as cs
from duban.web.cycle.models import Attachment, FilingState, Report
from tests.web.builders import PASSWORD
from tests.web.cycle.conftest import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def started(cycle: Cycle) -> tuple[Client, Report]:
    c = client_for(cycle.liaison)
    r = c.post(reverse("cycle:report_start", args=[cycle.rnd.pk, cycle.w.task_a.pk]))
    assert r.status_code == 302
    rep = Report.objects.get(round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    return c, rep


def test_unit_files_a_report_without_javascript(cycle: Cycle) -> None:
    c, rep = started(cycle)
    page = c.get(reverse("cycle:round_mine", args=[cycle.rnd.pk]))
    assert "继续填写" in page.content.decode()
    r = c.post(reverse("cycle:report_detail", args=[rep.pk]), {
        "version": rep.version, "status": "on_track", "summary": "完成储备项目12个", "action": "submit"})
    assert r.status_code == 302
    rep.refresh_from_db()
    assert rep.state == FilingState.SUBMITTED
    page = c.get(reverse("cycle:report_detail", args=[rep.pk])).content.decode()
    assert "完成储备项目12个" in page and 'id="report-form"' not in page  # locked: shown, not editable


def test_failed_submission_keeps_what_was_typed(cycle: Cycle) -> None:
    c, rep = started(cycle)
    r = c.post(reverse("cycle:report_detail", args=[rep.pk]), {
        "version": rep.version, "status": "", "summary": "我写了很长的一段情况说明", "action": "submit"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "请选择进展情况" in body and "我写了很长的一段情况说明" in body
    rep.refresh_from_db()
    assert rep.state == FilingState.DRAFT


def test_a_unit_opening_the_review_queue_is_told_it_is_the_office_s(cycle: Cycle) -> None:
    """It said 您无权修改此项, as if the unit had tried to change something by looking."""
    c, rep = started(cycle)
    r = c.get(reverse("cycle:round_queue", args=[rep.round_id]))
    assert r.status_code == 403
    body = r.content.decode()
    assert "只有督查室" in body and "您无权修改此项" not in body


def test_the_status_radios_are_the_statuses_only(cycle: Cycle) -> None:
    """请选择 was a radio of its own beside 已完成, 序时推进…: a choice that chose nothing."""
    c, rep = started(cycle)
    page = c.get(reverse("cycle:report_detail", args=[rep.pk])).content.decode()
    radios = re.findall(r'<input type="radio" name="status" value="([^"]*)"', page)
    assert radios and "" not in radios and "请选择" not in page


def test_htmx_autosave_saves_and_moves_the_version(cycle: Cycle) -> None:
    c, rep = started(cycle)
    r = c.post(reverse("cycle:report_detail", args=[rep.pk]),
               {"version": rep.version, "summary": "草稿一", "action": "autosave"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "已自动保存" in r.content.decode()
    rep.refresh_from_db()
    assert rep.summary == "草稿一"
    assert f'value="{rep.version}"' in r.content.decode()
    # the same person's own auto-save in flight does not block their next save …
    again = c.post(reverse("cycle:report_detail", args=[rep.pk]),
                   {"version": rep.version - 1, "summary": "草稿二", "action": "autosave"}, HTTP_HX_REQUEST="true")
    assert "已自动保存" in again.content.decode()
    rep.refresh_from_db()
    # … but a colleague's page opened before it does
    head = client_for(cycle.w.users["head"])
    stale = head.post(reverse("cycle:report_detail", args=[rep.pk]),
                      {"version": rep.version - 1, "summary": "旧窗口", "action": "autosave"}, HTTP_HX_REQUEST="true")
    assert "未能自动保存" in stale.content.decode()
    rep.refresh_from_db()
    assert rep.summary == "草稿二"


def test_evidence_is_checked_by_content_and_served_only_to_those_allowed(cycle: Cycle, settings: Any) -> None:
    c, rep = started(cycle)
    url = reverse("cycle:report_detail", args=[rep.pk])
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    exe.name = "现场照片.jpg"
    r = c.post(url, {"action": "upload", "file": exe}, follow=True)
    assert "可执行程序" in r.content.decode()
    fake = io.BytesIO(b"just some text pretending")
    fake.name = "photo.png"
    assert "无法识别" in c.post(url, {"action": "upload", "file": fake}, follow=True).content.decode()
    img = io.BytesIO(png_bytes())
    img.name = "现场.png"
    assert "已上传" in c.post(url, {"action": "upload", "file": img}, follow=True).content.decode()
    att = Attachment.objects.get(report=rep)
    assert att.stored_name != "现场.png" and att.stored_name.endswith(".png")
    got = c.get(reverse("cycle:attachment", args=[att.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert client_for(cycle.nyj).get(reverse("cycle:attachment", args=[att.pk])).status_code == 404
    assert client_for(cycle.office).get(reverse("cycle:attachment", args=[att.pk])).status_code == 200
    settings.DUBAN_MAX_EVIDENCE_BYTES = 20
    big = io.BytesIO(png_bytes())
    big.name = "大.png"
    assert "过大" in c.post(url, {"action": "upload", "file": big}, follow=True).content.decode()


def test_what_was_typed_is_saved_with_an_evidence_upload(cycle: Cycle) -> None:
    """Text pasted just before pressing 上传 (before the auto-save ran) is kept: the upload button
    belongs to the report's form, which saves the draft first; a stale page uploads nothing."""
    c, rep = started(cycle)
    url = reverse("cycle:report_detail", args=[rep.pk])
    img = io.BytesIO(png_bytes())
    img.name = "现场.png"
    r = c.post(url, {"action": "upload", "version": rep.version, "summary": "刚粘贴的完成情况", "status": "on_track",
                     "file": img}, follow=True)
    assert "已上传" in r.content.decode()
    rep.refresh_from_db()
    assert rep.summary == "刚粘贴的完成情况" and Attachment.objects.filter(report=rep).count() == 1
    img.seek(0)
    stale = c.post(url, {"action": "upload", "version": rep.version - 1, "summary": "旧窗口里的字", "file": img})
    assert stale.status_code == 409 and "材料没有上传" in stale.content.decode() and "旧窗口里的字" in stale.content.decode()
    assert Attachment.objects.filter(report=rep).count() == 1


def test_office_returns_with_comment_and_unit_sees_it(cycle: Cycle) -> None:
    c, rep = started(cycle)
    c.post(reverse("cycle:report_detail", args=[rep.pk]),
           {"version": rep.version, "status": "on_track", "summary": "推进", "action": "submit"})
    office = client_for(cycle.office)
    page = office.get(reverse("cycle:report_detail", args=[rep.pk])).content.decode()
    assert "退回修改" in page
    r = office.post(reverse("cycle:report_review", args=[rep.pk]), {"decision": "return", "comment": "请补充数据"})
    assert r.status_code == 302
    rep.refresh_from_db()
    assert rep.state == FilingState.RETURNED
    assert "请补充数据" in c.get(reverse("cycle:report_detail", args=[rep.pk])).content.decode()
    # a unit cannot review its own report
    rep2 = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version)
    c.post(reverse("cycle:report_review", args=[rep2.pk]), {"decision": "accept"})
    rep2.refresh_from_db()
    assert rep2.state == FilingState.SUBMITTED


def test_round_page_shows_lights_with_reasons_and_the_rule_page(cycle: Cycle) -> None:
    office = client_for(cycle.office)
    page = office.get(reverse("cycle:round_detail", args=[cycle.rnd.pk])).content.decode()
    assert "灰灯" in page and "尚未报送" in page
    rules = office.get(reverse("cycle:rules")).content.decode()
    assert "序时进度" in rules


def test_roster_form_keeps_bad_input_with_a_message(cycle: Cycle) -> None:
    c = client_for(cycle.liaison)
    r = c.post(reverse("cycle:roster"), {"liaison-name": "陈晓", "liaison-mobile": "abc", "liaison-email": "x@y.cn"})
    assert r.status_code == 400
    assert "格式不对" in r.content.decode() and "陈晓" in r.content.decode()
    r = c.post(reverse("cycle:roster"), {"liaison-name": "陈晓", "liaison-mobile": "13800000001"})
    assert r.status_code == 302


def test_impl_plan_page_saves_items_and_submits(cycle: Cycle) -> None:
    c = client_for(cycle.liaison)
    r = c.post(reverse("cycle:impl_start", args=[cycle.w.task_a.pk]))
    assert r.status_code == 302
    url = r["Location"]
    r = c.post(url, {"version": 1, "leader_in_charge": "李副局长", "department": "规划科", "action": "submit",
                     "item_content": ["谋划项目", ""], "item_month": ["3", ""], "item_expected": ["", ""],
                     "item_leader": ["", ""], "item_department": ["", ""]})
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "已报送" in page and "谋划项目" in page


# --- who may open what ------------------------------------------------------------------------

ROLES = ["anon", "liaison", "wrong_liaison", "office", "leader", "viewer"]


def _urls(cycle: Cycle) -> dict[str, tuple[str, dict[str, int]]]:
    """url name → (path, expected GET status per role; 302 for anonymous means sent to login)."""
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    ip = cs.start_impl_plan(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    cr = cs.request_change(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"], kind="appeal",
                           reason="理由")
    ins = cs.give_instruction(actor=cycle.leader, task=cycle.w.task_a, unit=cycle.w.units["fgj"], text="抓紧")
    insp = cs.mark_inspection(actor=cycle.office, task=cycle.w.task_a, unit=cycle.w.units["fgj"], kind="unannounced")
    everyone = {"anon": 302, "liaison": 200, "wrong_liaison": 200, "office": 200, "leader": 200, "viewer": 200}
    own = {"anon": 302, "liaison": 200, "wrong_liaison": 404, "office": 200, "leader": 200, "viewer": 404}
    return {
        "index": (reverse("cycle:index"), everyone),
        "rules": (reverse("cycle:rules"), everyone),
        "round_detail": (reverse("cycle:round_detail", args=[cycle.rnd.pk]), everyone),
        "round_mine": (reverse("cycle:round_mine", args=[cycle.rnd.pk]),
                       {**everyone, "office": 302, "leader": 302, "viewer": 302}),
        "report_detail": (reverse("cycle:report_detail", args=[rep.pk]), {**own, "viewer": 200}),
        "impl_detail": (reverse("cycle:impl_detail", args=[ip.pk]), {**own, "viewer": 200}),
        "roster": (reverse("cycle:roster"), everyone),
        "change_list": (reverse("cycle:change_list"), everyone),
        "change_detail": (reverse("cycle:change_detail", args=[cr.pk]), own),
        "change_new": (reverse("cycle:change_new", args=[cycle.w.task_a.pk]),
                       {**own, "office": 403, "leader": 403, "viewer": 403}),
        "instruction_list": (reverse("cycle:instruction_list"), everyone),
        "instruction_detail": (reverse("cycle:instruction_detail", args=[ins.pk]), {**own, "viewer": 200}),
        "instruction_new": (reverse("cycle:instruction_new", args=[cycle.w.task_a.pk]),
                            {**own, "liaison": 403, "viewer": 403}),
        "inspection_detail": (reverse("cycle:inspection_detail", args=[insp.pk]),
                              {**own, "liaison": 404, "leader": 404}),  # an unannounced visit is not announced
        "notifications": (reverse("cycle:notifications"), everyone),
        "reminder_list": (reverse("cycle:reminder_list"), {**{k: 403 for k in everyone}, "anon": 302, "office": 200}),
    }


def test_permission_matrix_for_every_page(cycle: Cycle) -> None:
    urls = _urls(cycle)
    users = {"liaison": cycle.liaison, "wrong_liaison": cycle.nyj, "office": cycle.office, "leader": cycle.leader,
             "viewer": cycle.w.users["viewer"]}
    clients = {"anon": Client(), **{k: client_for(u) for k, u in users.items()}}
    wrong = []
    for name, (path, expected) in urls.items():
        for role in ROLES:
            got = clients[role].get(path).status_code
            if got != expected[role]:
                wrong.append(f"{name} as {role}: {got}, expected {expected[role]}")
    assert wrong == []


def test_every_cycle_url_is_in_the_matrix() -> None:
    from duban.web.cycle import urls

    post_only = {"plan_calendar", "round_create", "round_extend", "round_state", "report_start", "report_review", "report_inspect",
                 "attachment", "attachment_delete", "impl_start", "reminder_retry", "channel_try",
                 "round_submit_all"}
    names = {p.name for p in urls.urlpatterns}
    in_matrix = {"index", "rules", "round_detail", "round_mine", "report_detail", "impl_detail", "roster",
                 "change_list", "change_detail", "change_new", "instruction_list", "instruction_detail",
                 "instruction_new", "inspection_detail", "notifications", "notification_open", "unread", "reminder_list",
                 "round_chase", "channel_list", "round_queue", "todo"}
    assert names - post_only == in_matrix


def test_post_only_views_refuse_other_units_and_roles(cycle: Cycle) -> None:
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    rep = cs.submit_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                           data={"status": "on_track", "summary": "x"})
    wrong, viewer, liaison = client_for(cycle.nyj), client_for(cycle.w.users["viewer"]), client_for(cycle.liaison)
    assert wrong.post(reverse("cycle:report_review", args=[rep.pk]), {"decision": "accept"}).status_code == 404
    assert viewer.post(reverse("cycle:report_inspect", args=[rep.pk]), {"kind": "onsite"}).status_code == 403
    assert liaison.post(reverse("cycle:round_state", args=[cycle.rnd.pk, "close"])).status_code == 403
    assert liaison.post(reverse("cycle:round_create", args=[cycle.w.plan.pk]), {"kind": "quarterly"}).status_code == 403
    assert wrong.post(reverse("cycle:report_start", args=[cycle.rnd.pk, cycle.w.task_a.pk])).status_code == 404
    assert Client().post(reverse("cycle:round_extend", args=[cycle.rnd.pk])).status_code == 302
    rep.refresh_from_db()
    assert rep.state == FilingState.SUBMITTED


def test_office_sets_the_calendar_and_reminders_follow_it(cycle: Cycle) -> None:
    from duban.web.cycle import reminders as rm

    office = client_for(cycle.office)
    bad = office.post(reverse("cycle:plan_calendar", args=[cycle.w.plan.pk]), {"remind_days": "七天"}, follow=True)
    assert "1–60" in bad.content.decode()
    ok = office.post(reverse("cycle:plan_calendar", args=[cycle.w.plan.pk]),
                     {"remind_days": "5、1", "impl_plan_due": "2026-02-15"})
    assert ok.status_code == 302
    assert cs.remind_days(cycle.w.plan) == [5, 1]
    made = rm.run_due_reminders(dt.date(2026, 4, 14))
    assert [r for r in made if r.about == "report"] == []  # six days before: nothing with 5、1
    assert {r.about for r in made} == {"impl", "roster"}  # the 办理方案 of 2月15日 are overdue
    assert rm.run_due_reminders(dt.date(2026, 4, 15))
    ip = cs.start_impl_plan(actor=cycle.liaison, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    assert ip.due_date == dt.date(2026, 2, 15)


def test_appeal_with_evidence_and_a_disguised_file_saves_nothing(cycle: Cycle) -> None:
    from duban.web.cycle.models import ChangeRequest

    c = client_for(cycle.liaison)
    url = reverse("cycle:change_new", args=[cycle.w.task_a.pk])
    exe = io.BytesIO(b"MZ" + b"\0" * 100)
    exe.name = "证明.pdf"
    r = c.post(url, {"kind": "appeal", "reason": "受极端天气影响", "proposed_light": "yellow", "evidence": exe})
    assert r.status_code == 400 and "可执行程序" in r.content.decode() and "受极端天气影响" in r.content.decode()
    assert not ChangeRequest.objects.exists()
    img = io.BytesIO(png_bytes())
    img.name = "气象证明.png"
    r = c.post(url, {"kind": "appeal", "reason": "受极端天气影响", "proposed_light": "yellow", "evidence": img})
    assert r.status_code == 302
    cr = ChangeRequest.objects.get()
    att = cr.attachments.get()
    office = client_for(cycle.office)
    assert "气象证明.png" in office.get(reverse("cycle:change_detail", args=[cr.pk])).content.decode()
    assert office.get(reverse("cycle:attachment", args=[att.pk])).status_code == 200
    assert client_for(cycle.nyj).get(reverse("cycle:attachment", args=[att.pk])).status_code == 404


def test_submit_all_files_every_written_report_and_names_the_rest(cycle: Cycle) -> None:
    """全部报送 on the unit's round page: each written draft is submitted as one would be; one the
    rules refuse (滞后 without 存在问题) stays a draft, with why."""
    from duban.web.plans import services as ps

    w = cycle.w
    w.task_b.refresh_from_db()
    ps.update_task(actor=cycle.office, task=w.task_b, expected_version=w.task_b.version,
                   changes={"lead_names": ["区发改局"]}, reason="调整牵头单位")
    c = client_for(cycle.liaison)
    for task, data in ((w.task_a, {"status": "on_track", "summary": "按序时推进"}),
                       (w.task_b, {"status": "lagging", "summary": "进度偏慢"})):
        rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=task, unit=w.units["fgj"])
        cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version, data=data)
    page = c.get(reverse("cycle:round_mine", args=[cycle.rnd.pk])).content.decode()
    assert "全部报送(2 项已填写)" in page
    done = c.post(reverse("cycle:round_submit_all", args=[cycle.rnd.pk]), follow=True).content.decode()
    assert "已报送 1 项(序号1)" in done and "序号2未报送(仍为草稿):进展滞后或无法完成的,请在“存在问题”中说明原因" in done
    states = dict(Report.objects.filter(round=cycle.rnd, unit=w.units["fgj"]).values_list("task_id", "state"))
    assert states == {w.task_a.pk: "submitted", w.task_b.pk: "draft"}


def test_the_roster_is_saved_whole_or_not_at_all(cycle: Any) -> None:
    """A bad value in one of the three contacts refuses the page (400) and saves none of them: the
    fuzz found the other two saved behind the refusal."""
    from django.test import Client

    from duban.web.cycle.models import RosterEntry

    c = Client()
    c.force_login(cycle.liaison)
    resp = c.post("/cycle/roster/", {"office_head-name": "王主任", "liaison-name": "陈晓", "liaison-mobile": "不是号码"})
    assert resp.status_code == 400 and "王主任" in resp.content.decode()  # what was typed is kept on the page
    assert not RosterEntry.objects.filter(unit=cycle.w.units["fgj"]).exists()
    ok = c.post("/cycle/roster/", {"office_head-name": "王主任", "liaison-name": "陈晓", "liaison-mobile": "13800000001"})
    assert ok.status_code == 302 and RosterEntry.objects.filter(unit=cycle.w.units["fgj"]).count() == 2


def test_a_refused_round_keeps_what_the_office_typed_on_the_right_plans_form(cycle: Cycle) -> None:
    """A 专项 round without its period is refused with why, its title still typed in the form of that
    plan; each plan's form has ids of its own, so a label reaches its own field."""
    from duban.web.plans import services as ps
    from tests.web.builders import core_plan

    other = ps.publish_plan(actor=cycle.office, plan=ps.import_plan(actor=cycle.office, government=cycle.w.gov, plan=core_plan(
        [{"text": "完成全区营商环境评价。", "lead": ["区发改局"], "leaders": ["王明"]}], year=2023, title="2023年方案")))
    c = client_for(cycle.office)
    page = c.get("/cycle/").content.decode()
    assert page.count('id="id_kind"') <= 1 and f'id="id_r{other.pk}_kind"' in page
    r = c.post(reverse("cycle:round_create", args=[other.pk]), {"kind": "special", "title": "营商环境专项督查"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "请填写名称、统计起止日期和报送截止日期" in page
    typed = re.search(rf'<input[^>]*id="id_r{other.pk}_title"[^>]*>', page)
    assert typed and 'value="营商环境专项督查"' in typed.group(0)
    assert not cycle.w.plan.rounds.filter(title="营商环境专项督查").exists()


def test_a_report_and_a_plan_of_work_are_titled_by_the_task_they_are_for(cycle: Cycle) -> None:
    """“完成情况:1” and “办理方案(附表1):1” read as a bare figure; the title says 任务1."""
    c = client_for(cycle.liaison)
    task, unit = cycle.w.task_a, cycle.w.units["fgj"]
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=task, unit=unit)
    ip = cs.start_impl_plan(actor=cycle.liaison, task=task, unit=unit)
    assert f"<h1>{cycle.rnd}完成情况 · 任务{task.number}</h1>" in c.get(f"/cycle/reports/{rep.pk}/").content.decode()
    assert f"<h1>办理方案(附表1) · 任务{task.number}</h1>" in c.get(f"/cycle/impl/{ip.pk}/").content.decode()


def test_a_leaders_instruction_goes_by_default_to_the_unit_of_the_report_or_the_lead_unit(cycle: Cycle) -> None:
    """批示 beside a report opens with that report's unit chosen; from a task, its lead unit, listed
    first: never whichever cooperating unit sorts first."""
    c = client_for(cycle.leader)
    task, fgj, tjj = cycle.w.task_a, cycle.w.units["fgj"], cycle.w.units["tjj"]  # 发改局 leads, 统计局 cooperates
    page = c.get(f"/cycle/tasks/{task.pk}/instruct/").content.decode()
    options = re.findall(r'<option value="(\d+)"( selected)?>', page)
    assert options[0] == (str(fgj.pk), " selected"), options
    rep = cs.start_report(actor=cycle.coop, round=cycle.rnd, task=task, unit=tjj)
    page = c.get(f"/cycle/tasks/{task.pk}/instruct/?report={rep.pk}").content.decode()
    assert f'<option value="{tjj.pk}" selected>' in page
