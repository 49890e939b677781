"""Bad input through the pages and the API: a clear Chinese message, and saved data unchanged."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.web.plans.models import Plan, Task
from tests.web.builders import core_plan


def office(world: Any) -> Client:
    c = Client()
    c.force_login(world.users["office"])
    return c


def test_file_the_reader_rejects_shows_its_reason(world: Any) -> None:
    n = Plan.objects.count()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("方案.docx", b"\x00\x01not a docx\xff" * 20)})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "无法读取“方案.docx”" in html
    assert Plan.objects.count() == n


def test_empty_file_is_refused(world: Any) -> None:
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("a.txt", b"")})
    assert resp.status_code == 400 and Plan.objects.count() == 2


def test_oversized_upload_is_refused_before_reading(world: Any, settings: Any) -> None:
    settings.DUBAN_MAX_UPLOAD_BYTES = 1024
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("big.txt", "一".encode() * 2000)})
    assert resp.status_code == 400 and "文件过大" in resp.content.decode()
    assert Plan.objects.count() == 2


def test_second_plan_for_a_year_via_upload_is_refused(world: Any) -> None:
    doc = core_plan([{"text": "任务。", "lead": ["区发改局"]}], year=2026).to_json()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("p.json", doc.encode())})
    assert resp.status_code == 400 and "2026年已有责任分解方案" in resp.content.decode()
    assert Plan.objects.count() == 2


def test_json_upload_imports_a_draft(world: Any) -> None:
    doc = core_plan([{"text": "任务。", "lead": ["区发改局"]}], year=2035).to_json()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("p.json", doc.encode())})
    assert resp.status_code == 302
    assert Plan.objects.filter(year=2035, status="draft").exists()


def test_concurrent_save_in_the_form_is_refused_and_keeps_what_was_typed(world: Any) -> None:
    task = world.task_a
    form = {"number": "1", "kind": "target", "text": "", "lead_names": "区发改局", "coop_names": "区统计局",
            "leader_names": "王明", "persons": "", "deadline": "12月底前", "indicators": "", "reason": "调整",
            "version": task.version}
    c = office(world)
    first = c.post(f"/plans/tasks/{task.pk}/edit/", {**form, "text": "甲先保存的内容。"})
    assert first.status_code == 302
    second = c.post(f"/plans/tasks/{task.pk}/edit/", {**form, "text": "乙后保存的内容。"})
    html = second.content.decode()
    assert second.status_code == 409
    assert "您的修改没有保存" in html and "乙后保存的内容。" in html and "甲先保存的内容。" in html
    assert Task.objects.get(pk=task.pk).text == "甲先保存的内容。"


def test_unit_not_in_directory_in_the_form(world: Any) -> None:
    task = world.task_a
    resp = office(world).post(f"/plans/tasks/{task.pk}/edit/", {
        "number": "1", "kind": "target", "text": "地区生产总值增长7%以上。", "lead_names": "区火星局", "reason": "试",
        "version": task.version, "deadline": ""})
    assert resp.status_code == 400 and "牵头单位“区火星局”不在单位名录中" in resp.content.decode()
    assert Task.objects.get(pk=task.pk).lead_names == ["区发改局"]


def test_script_in_a_text_field_is_shown_as_text(world: Any) -> None:
    task = world.task_a
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    c = office(world)
    resp = c.post(f"/plans/tasks/{task.pk}/edit/", {
        "number": "1", "kind": "target", "text": evil, "lead_names": "区发改局", "reason": evil,
        "version": task.version, "deadline": ""})
    assert resp.status_code == 302
    for url in (f"/plans/tasks/{task.pk}/", f"/plans/{world.plan.pk}/", f"/plans/{world.plan.pk}/history/", "/audit/"):
        html = c.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in c.get(f"/plans/tasks/{task.pk}/").content.decode()


def test_api_conflict_and_bad_input_are_json_in_chinese(world: Any) -> None:
    c = office(world)
    url = f"/api/tasks/{world.task_a.pk}"
    ok = c.patch(url, json.dumps({"version": world.task_a.version, "reason": "甲", "text": "甲。"}),
                 content_type="application/json")
    assert ok.status_code == 200
    stale = c.patch(url, json.dumps({"version": world.task_a.version, "reason": "乙", "text": "乙。"}),
                    content_type="application/json")
    assert stale.status_code == 409 and "没有保存" in stale.json()["detail"]
    no_reason = c.patch(url, json.dumps({"version": ok.json()["version"], "text": "丙。"}), content_type="application/json")
    assert no_reason.status_code == 400 and "调整原因" in no_reason.json()["detail"]
    assert Task.objects.get(pk=world.task_a.pk).text == "甲。"
    dup = c.post("/api/plans/import", json.dumps({"plan": core_plan([{"text": "x", "lead": ["区发改局"]}]).to_dict()}),
                 content_type="application/json")
    assert dup.status_code == 400 and "已有责任分解方案" in dup.json()["detail"]


def test_publish_with_unknown_units_is_refused_with_the_names(world: Any) -> None:
    c = office(world)
    resp = c.post(f"/plans/{world.draft.pk}/publish/", follow=True)
    assert "区新设单位" in resp.content.decode() and "不在单位名录中" in resp.content.decode()
    assert Plan.objects.get(pk=world.draft.pk).status == "draft"


def test_review_shows_source_beside_draft_with_warnings_marked(world: Any) -> None:
    html = office(world).get(f"/plans/{world.plan.pk}/review/").content.decode()
    assert '<li id="L3" class="warn" title="这一行没有读清">第三行</li>' in html
    html = office(world).get(f"/plans/{world.draft.pk}/review/").content.decode()
    assert "这一行没有读清" in html and "区新设单位" in html and "tag unknown" in html
    # the same one-line account of the reading as `duban parse` prints on stderr
    assert "读取提示 1 条(第3行),请核对" in html


def test_resolve_page_applies_the_choice(world: Any) -> None:
    c = office(world)
    page = c.get(f"/plans/{world.draft.pk}/resolve/").content.decode()
    assert "区新设单位" in page
    c.post(f"/plans/{world.draft.pk}/resolve/", {"d0": "new:department", "confirm": "1"})
    resp = c.post(f"/plans/{world.draft.pk}/publish/")
    assert resp.status_code == 302 and Plan.objects.get(pk=world.draft.pk).is_published


def test_portal_lists_my_tasks_and_whats_due(world: Any) -> None:
    c = Client()
    c.force_login(world.users["liaison"])
    html = c.get("/plans/portal/").content.decode()
    assert "地区生产总值增长7%以上" in html and "粮食" not in html
    c.force_login(world.users["wrong_liaison"])
    html = c.get("/plans/portal/").content.decode()
    assert "粮食" in html and "地区生产总值" not in html


def test_an_ofd_plan_is_imported_through_the_upload_page(world: Any, tmp_path: Any) -> None:
    from tests.fixtures.ofd import write_ofd_table

    data = write_ofd_table(tmp_path / "方案.ofd").read_bytes()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("方案.ofd", data), "kind": "plan"})
    assert resp.status_code == 302
    assert Plan.objects.get(source_name="方案.ofd").tasks.count() == 8


def test_a_wps_plan_is_imported_through_the_upload_page(world: Any, tmp_path: Any) -> None:
    import pytest

    from duban.core.read.convert import soffice
    from tests.fixtures.files import SOFFICE_MISSING, write_docx_table, write_legacy

    if soffice() is None:
        pytest.skip(SOFFICE_MISSING)
    data = write_legacy(write_docx_table(tmp_path / "方案.docx"), tmp_path / "方案.wps", "doc").read_bytes()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("方案.wps", data)})
    assert resp.status_code == 302
    assert Plan.objects.get(source_name="方案.wps").tasks.count() == 8


def test_without_libreoffice_the_page_says_what_to_install(world: Any, tmp_path: Any, monkeypatch: Any) -> None:
    from tests.fixtures.ole import write_ole

    monkeypatch.setenv("DUBAN_SOFFICE", str(tmp_path / "not-installed"))
    data = write_ole(tmp_path / "方案.doc", {"WordDocument": bytes(64), "1Table": bytes(64)}).read_bytes()
    resp = office(world).post("/plans/upload/", {"file": SimpleUploadedFile("方案.doc", data)})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "需要 LibreOffice" in html and "libreoffice-writer-nogui" in html
    assert Plan.objects.count() == 2


def test_a_deeply_nested_json_plan_is_refused_with_a_message_not_a_500(world: Any) -> None:
    """Issue 18: 100,000 nested brackets in an uploaded .json overflowed the JSON reader (500);
    a document nested deeper than any plan, or with a field of the wrong shape, is refused too."""
    c = Client(raise_request_exception=False)
    c.force_login(world.users["office"])
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    nested = {"format": "duban.plan/1", "year": 2031, "tasks": [
        {"id": "T1", "text": "一项。", "indicators": json.loads("[" * 500 + "]" * 500)}]}
    wrong_shape = {"format": "duban.plan/1", "year": 2031, "tasks": [["不是对象"]]}
    for name, data, said in (("深.json", deep, "嵌套层数过多"), ("深2.json", json.dumps(nested).encode(), "嵌套层数过多"),
                             ("错.json", json.dumps(wrong_shape).encode(), "不是有效的 duban.plan/1 文档"),
                             ("非.json", b"\xff\xfe{", "不是有效的 JSON 文件")):
        resp = c.post("/plans/upload/", {"file": SimpleUploadedFile(name, data)})
        assert resp.status_code == 400 and said in resp.content.decode(), (name, resp.status_code)
    assert Plan.objects.count() == 2
    h = {"HTTP_AUTHORIZATION": f"Bearer {world.office_key}"}
    api = c.post("/api/plans/import", {"plan": nested, "year": 2031}, content_type="application/json", **h)
    assert api.status_code == 400 and "嵌套层数过多" in api.json()["detail"]
    api = c.post("/api/plans/import", {"plan": wrong_shape}, content_type="application/json", **h)
    assert api.status_code == 400
    assert Plan.objects.count() == 2
