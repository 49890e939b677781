"""Drafting a plan from an uploaded 政府工作报告: the job and its progress, the draft in the same
review as an imported plan, suggested units confirmed before publication, reordering; who may."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from duban.web.common.models import AuditLog
from duban.web.common.services import ServiceError
from duban.web.plans import drafting
from duban.web.plans import services as ps
from duban.web.plans.models import DraftJob, Plan, Task
from tests.fixtures.reports.score import HERE

REPORT = (HERE / "S1.txt").read_bytes()  # 示例区 2021: five-year goals, targets one a line, 1. items


@pytest.fixture(autouse=True)
def _draft_in_the_request(settings: Any) -> None:
    settings.DUBAN_DRAFT_IN_BACKGROUND = False  # the test's transaction is not seen by another thread


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def drafted(world: Any, data: bytes = REPORT, name: str = "示例区2021年政府工作报告.txt") -> DraftJob:
    return drafting.start_draft(actor=world.users["office"], government=world.gov, data=data, name=name)


def test_a_report_is_drafted_into_a_draft_plan_with_units_suggested_from_the_directory(world: Any) -> None:
    job = drafted(world)
    assert job.status == "done", job.message
    assert job.data == b""  # the file is dropped once the draft is made
    plan = Plan.objects.get(pk=job.plan_id)
    assert plan.status == "draft" and plan.year == 2021 and plan.source_name.endswith(".txt")
    tasks = list(plan.tasks.order_by("position"))
    targets = [t for t in tasks if t.kind == "target"]
    assert [t.text for t in targets][:2] == ["地区生产总值增长8%左右。", "一般公共预算收入增长6%以上。"]
    assert not any("年均增长" in t.text for t in tasks)  # the five-year goals are not this year's
    assert all("lead" in t.suggestions and not t.units_confirmed for t in tasks)
    assert sum(1 for t in tasks if t.lead_names) >= 0.6 * len(tasks)  # four units: not every task has one
    names = {"示例区发展和改革局", "示例区统计局", "示例区农业农村局", "东湖镇人民政府", "各乡镇人民政府"}
    assert all(set(t.lead_names) <= names for t in tasks)
    gdp = targets[0]
    assert gdp.lead_names == ["示例区发展和改革局"] and gdp.leader_names == ["王明"]  # the leader from the directory
    assert "五年规划" in " ".join(w["message"] for w in plan.warnings)
    assert AuditLog.objects.filter(action="draft", object_id=str(job.pk)).exists()
    assert AuditLog.objects.filter(action="import", object_id=str(plan.pk)).exists()


def test_suggested_units_are_confirmed_before_the_plan_is_published(world: Any) -> None:
    office = world.users["office"]
    plan = Plan.objects.get(pk=drafted(world).plan_id)
    with pytest.raises(ServiceError, match="建议单位尚未确认"):
        ps.publish_plan(actor=office, plan=plan)
    task = plan.tasks.filter(kind="task").order_by("position").first()
    assert task is not None
    task = ps.confirm_units(actor=office, task=task, expected_version=task.version, lead_names=["示例区农业农村局"])
    assert task.units_confirmed and task.lead_names == ["示例区农业农村局"]
    assert {tu.unit.name for tu in task.task_units.select_related("unit")} >= {"示例区农业农村局"}
    with pytest.raises(ServiceError, match="不在单位名录中"):
        ps.confirm_units(actor=office, task=task, expected_version=task.version, lead_names=["不存在的局"])
    with_lead = plan.tasks.filter(units_confirmed=False).exclude(lead_names=[]).count()
    assert ps.confirm_all_units(actor=office, plan=plan) == with_lead
    for t in plan.tasks.filter(units_confirmed=False):  # no unit's remit matched: the office chooses
        ps.confirm_units(actor=office, task=t, expected_version=t.version, lead_names=["示例区发展和改革局"])
    published = ps.publish_plan(actor=office, plan=plan)
    assert published.is_published
    assert AuditLog.objects.filter(action="confirm_units", object_type="plans.plan").count() == 1


def test_a_task_moves_up_and_down_and_is_audited(world: Any) -> None:
    office = world.users["office"]
    plan = Plan.objects.get(pk=drafted(world).plan_id)
    first, second = list(plan.tasks.filter(removed=False).order_by("position"))[:2]
    moved = ps.move_task(actor=office, task=second, expected_version=second.version, direction="up")
    order = list(plan.tasks.filter(removed=False).order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk] and moved.section_id == first.section_id
    with pytest.raises(ServiceError, match="已在最前"):
        ps.move_task(actor=office, task=moved, expected_version=moved.version, direction="up")
    assert AuditLog.objects.filter(action="move", object_id=str(second.pk)).exists()


def test_only_the_office_may_draft_or_confirm(world: Any) -> None:
    for who in ("liaison", "viewer", "leader"):
        with pytest.raises(PermissionDenied):
            drafting.start_draft(actor=world.users[who], government=world.gov, data=REPORT, name="r.txt")
    plan = Plan.objects.get(pk=drafted(world).plan_id)
    task = plan.tasks.first()
    assert task is not None
    with pytest.raises(PermissionDenied):
        ps.confirm_units(actor=world.users["liaison"], task=task, expected_version=task.version,
                         lead_names=["示例区统计局"])
    with pytest.raises(PermissionDenied):
        ps.confirm_all_units(actor=world.users["viewer"], plan=plan)


def test_a_file_that_is_no_report_fails_with_a_message_in_chinese(world: Any) -> None:
    job = drafted(world, data="购物清单\n苹果三斤\n".encode(), name="清单.txt")
    assert job.status == "failed" and "不是政府工作报告" in job.message
    assert AuditLog.objects.filter(action="draft_failed", object_id=str(job.pk)).exists()
    page = client_for(world.users["office"]).get(f"/plans/drafts/{job.pk}/")
    assert page.status_code == 200 and "不是政府工作报告" in page.content.decode() and "重新上传" in page.content.decode()


def test_a_year_that_has_a_plan_is_refused_before_drafting(world: Any) -> None:
    with pytest.raises(ServiceError, match="2026年已有"):
        drafting.start_draft(actor=world.users["office"], government=world.gov, data=REPORT, name="r.txt", year=2026)
    assert not DraftJob.objects.exists()


def test_uploading_a_report_drafts_it_and_opens_the_review(world: Any) -> None:
    c = client_for(world.users["office"])
    f = io.BytesIO(REPORT)
    f.name = "示例区2021年政府工作报告.txt"
    resp = c.post("/plans/upload/", {"file": f, "kind": "auto"})
    job = DraftJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/plans/drafts/{job.pk}/"
    resp = c.get(resp["Location"])
    assert resp.status_code == 302 and resp["Location"] == f"/plans/{job.plan_id}/review/"
    html = c.get(resp["Location"]).content.decode()
    assert "建议,待确认" in html and "确认全部建议单位" in html and "报告原文" in html and "主要预期目标" in html
    # 待确认 marks the doubtful suggestions only, as the draft does; the others are suggestions all the same
    assert "项把握不足,标为“待确认”" in html and "建议,未确认" in html
    htmx = c.get(f"/plans/drafts/{job.pk}/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == f"/plans/{job.plan_id}/review/"


def test_the_exports_mark_the_doubtful_leads_as_the_review_page_does_until_they_are_confirmed(world: Any) -> None:
    import openpyxl

    from duban.core.export import plan_to_xlsx

    job = drafted(world)
    plan = Plan.objects.get(pk=job.plan_id)
    marked = [t for t in ps.to_core(plan).tasks if t.lead_unconfirmed]
    html = client_for(world.users["office"]).get(f"/plans/{plan.pk}/review/").content.decode()
    assert marked and f"其中 {len(marked)} 项把握不足" in html  # the same tasks, counted the same
    sheet = openpyxl.load_workbook(io.BytesIO(plan_to_xlsx(ps.to_core(plan)))).active
    assert sum("(待确认)" in str(c.value) for row in sheet.iter_rows() for c in row) == len(marked)
    ps.confirm_all_units(actor=world.users["office"], plan=plan)
    assert not any(t.lead_unconfirmed for t in ps.to_core(plan).tasks)


def test_a_docx_report_is_drafted_too(world: Any, tmp_path: Any) -> None:
    import docx

    d = docx.Document()
    for line in REPORT.decode("utf-8").splitlines():
        d.add_paragraph(line)
    path = tmp_path / "report.docx"
    d.save(str(path))
    job = drafted(world, data=path.read_bytes(), name="示例区政府工作报告.docx")
    assert job.status == "done", job.message
    assert Plan.objects.get(pk=job.plan_id).tasks.filter(kind="target").count() == 7


def test_progress_is_shown_while_drafting_and_a_silent_job_is_shown_as_interrupted(world: Any) -> None:
    job = DraftJob.objects.create(government=world.gov, created_by=world.users["office"], source_name="r.txt",
                                  data=REPORT, status="running", stage="切分重点工作", done=30, total=120)
    c = client_for(world.users["office"])
    html = c.get(f"/plans/drafts/{job.pk}/").content.decode()
    assert "切分重点工作" in html and "30/120" in html and 'value="25"' in html and 'hx-trigger="every 1s"' in html
    DraftJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    assert "起草中断" in c.get(f"/plans/drafts/{job.pk}/").content.decode()


def test_another_role_cannot_see_a_draft_job(world: Any) -> None:
    job = drafted(world)
    for who in ("liaison", "viewer", "leader"):
        assert client_for(world.users[who]).get(f"/plans/drafts/{job.pk}/").status_code == 404


def test_confirming_and_moving_through_the_review_page(world: Any) -> None:
    c = client_for(world.users["office"])
    plan = Plan.objects.get(pk=drafted(world).plan_id)
    task = plan.tasks.filter(kind="task").order_by("position").first()
    assert task is not None
    resp = c.post(f"/plans/tasks/{task.pk}/units/", {"lead": "示例区统计局", "version": task.version})
    assert resp.status_code == 302 and resp["Location"].endswith(f"/review/#task-{task.pk}")
    task = Task.objects.get(pk=task.pk)
    assert task.units_confirmed and task.lead_names == ["示例区统计局"]
    stale = c.post(f"/plans/tasks/{task.pk}/units/", {"lead": "示例区发展和改革局", "version": task.version - 1})
    assert stale.status_code == 302 and Task.objects.get(pk=task.pk).lead_names == ["示例区统计局"]
    c.post(f"/plans/tasks/{task.pk}/move/", {"direction": "down", "version": task.version})
    assert Task.objects.get(pk=task.pk).position > task.position
    c.post(f"/plans/{plan.pk}/confirm-units/")
    assert not plan.tasks.filter(units_confirmed=False).exclude(lead_names=[]).exists()


def test_a_range_and_a_decline_survive_the_task_form() -> None:
    from duban.web.plans.forms import indicators_to_text, text_to_indicators

    items = [
        {"text": "增长6.5%－7%", "metric": "国内生产总值", "measure": "growth", "value": 6.5, "value_max": 7.0,
         "unit": "%", "comparator": ">="},
        {"text": "能耗下降3.4%以上", "metric": "单位国内生产总值能耗", "measure": "growth", "value": 3.4, "unit": "%",
         "comparator": ">=", "direction": "down"},
    ]
    assert text_to_indicators(indicators_to_text(items)) == items
