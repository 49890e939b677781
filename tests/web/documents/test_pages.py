"""The flows through the pages: a unit uploads its 附表3 and confirms; the office drafts, edits
and issues a bulletin; a leader's dashboard shows only their area; bad requests get messages."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duban.web.cycle.models import Report
from duban.web.documents.collect import round_figures
from duban.web.documents.models import Bulletin, ReturnUpload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_unit_downloads_fills_uploads_and_confirms_its_form(docs: Any) -> None:
    w, c = docs.w, _client(docs.w.users["wrong_liaison"])  # 农业农村局, lead of task_b
    url = reverse("documents:unit_form", kwargs={"pk": w.plan.pk, "unit_id": w.units["nyj"].pk, "form": 3, "fmt": "xlsx"})
    up_url = reverse("documents:return_upload", kwargs={"pk": docs.rnd.pk})
    assert f'href="{url}?round={docs.rnd.pk}"' in c.get(up_url).content.decode()  # the page it is returned on offers it
    resp = c.get(url + f"?round={docs.rnd.pk}")
    assert resp.status_code == 200 and resp["Content-Type"] == XLSX
    assert "filename*=UTF-8''" in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["附表3"]
    for row in ws.iter_rows(min_row=5):
        if row[0].value == "2":
            row[2].value, row[3].value = "播种面积已落实。", "序时推进"
    buf = io.BytesIO()
    wb.save(buf)
    resp = c.post(up_url, {"file": SimpleUploadedFile("附表3.xlsx", buf.getvalue(), content_type=XLSX)})
    assert resp.status_code == 302
    up = ReturnUpload.objects.get()
    page = c.get(resp["Location"]).content.decode()
    assert "播种面积已落实。" in page and "确认并报送" in page and "只保存为草稿" in page
    assert not Report.objects.filter(task=w.task_b).exists()
    c.post(resp["Location"], {"action": "confirm"})
    assert Report.objects.get(task=w.task_b).summary == "播种面积已落实。"
    up.refresh_from_db()
    assert up.state == "confirmed"


def test_a_bad_upload_says_why_and_keeps_nothing(docs: Any) -> None:
    c = _client(docs.w.users["wrong_liaison"])
    resp = c.post(reverse("documents:return_upload", kwargs={"pk": docs.rnd.pk}),
                  {"file": SimpleUploadedFile("附表3.xlsm", b"PK\x03\x04macro", content_type=XLSX)})
    assert resp.status_code == 400 and "含宏" in resp.content.decode()
    assert not ReturnUpload.objects.exists()


def test_the_office_drafts_edits_and_issues_a_bulletin_through_the_page(docs: Any) -> None:
    c = _client(docs.office)
    resp = c.post(reverse("documents:bulletin_create", kwargs={"pk": docs.rnd.pk}))
    b = Bulletin.objects.get()
    assert resp["Location"] == reverse("documents:bulletin_edit", kwargs={"pk": b.pk})
    edit = reverse("documents:bulletin_edit", kwargs={"pk": b.pk})
    form = {"title": b.title, "number": "第1期", "addressee": b.addressee, "intro": "开头一段。",
            "requirements": "要求一段。", "issuer": "示例区人民政府办公室", "date_text": "2026年4月25日"}
    waiting = Report.objects.filter(round=docs.rnd, state="submitted", role="lead").count()
    unfiled = sum(u.missing for u in round_figures(docs.rnd).units)  # as the 通报 counts 未报
    assert waiting or unfiled
    page = c.get(edit).content.decode()  # issuing fixes the lights of what is still waiting: said before, not after
    assert "印发后,这些任务的灯色即按通报所写确定" in page
    assert (f"{waiting} 份完成情况待审核" in page) == bool(waiting) and (f"{unfiled} 份未报送" in page) == bool(unfiled)
    stale = c.post(edit, {**form, "version": str(b.version - 1 if b.version > 1 else 99)})
    assert stale.status_code == 409
    c.post(edit, {**form, "version": str(b.version), "action": "issue"})
    b.refresh_from_db()
    assert b.is_issued and b.intro == "开头一段。"
    pdf = c.get(reverse("documents:bulletin_file", kwargs={"pk": b.pk, "fmt": "pdf"}))
    assert pdf.status_code == 200 and pdf.content == bytes(b.pdf)
    # the leader reads the issued bulletin but cannot change it
    lc = _client(docs.w.users["leader"])
    assert lc.get(edit).status_code == 200
    assert lc.post(edit, {**form, "version": str(b.version)}).status_code == 403


def test_a_leaders_dashboard_shows_only_their_area(docs: Any) -> None:
    office = _client(docs.office).get(reverse("documents:dashboard")).content.decode()
    assert "地区生产总值增长7%以上" in office and "稳定粮食播种面积4.5万亩" in office
    leader = _client(docs.w.users["leader"]).get(reverse("documents:dashboard")).content.decode()
    assert "地区生产总值增长7%以上" in leader and "稳定粮食播种面积4.5万亩" not in leader
    assert '"chart-data"' in leader and "chart.js/chart.umd.min.js" in leader


def test_export_of_an_empty_plan_is_a_message_not_a_file(world: Any) -> None:
    from duban.web.plans.models import Task

    Task.objects.filter(plan=world.plan).update(removed=True)
    resp = _client(world.users["office"]).get(reverse("documents:plan_table", kwargs={"pk": world.plan.pk, "fmt": "xlsx"}))
    assert resp.status_code == 400 and "没有任何任务" in resp.content.decode()


def test_the_api_gives_a_leader_the_figures_of_their_area_only(docs: Any) -> None:
    url = reverse("api:documents_round_figures", kwargs={"round_id": docs.rnd.pk})
    office = _client(docs.office).get(url).json()
    assert office["tasks"] == 2 and office["by_status"]["序时推进"] == 1 and office["reports"]["missing"] == 1
    leader = _client(docs.w.users["leader"]).get(url).json()
    assert [line["number"] for line in leader["lines"]] == ["1"]


def test_the_office_can_look_at_one_leaders_area(docs: Any) -> None:
    page = _client(docs.office).get(reverse("documents:dashboard") + "?area=赵刚").content.decode()
    assert "稳定粮食播种面积4.5万亩" in page and "地区生产总值增长7%以上" not in page
    assert '<option selected>赵刚</option>' in page


def test_the_hub_offers_each_role_its_files(docs: Any) -> None:
    office = _client(docs.office).get(reverse("documents:index")).content.decode()
    assert reverse("documents:ledger", kwargs={"pk": docs.rnd.pk}) in office and "起草通报" in office
    unit = _client(docs.w.users["liaison"]).get(reverse("documents:index")).content.decode()
    assert "附表1 办理方案" in unit and reverse("documents:return_upload", kwargs={"pk": docs.rnd.pk}) in unit
    assert reverse("documents:ledger", kwargs={"pk": docs.rnd.pk}) not in unit
