"""A province-wide office (an office account with no government of its own) chooses the
government it acts for, and its directory export holds every government's entries (issue 18:
its uploads went to whichever government came first, and its export held half the units)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from duban.web.directory.models import Unit
from duban.web.plans.models import Plan
from tests.web.builders import build_neighbour

PLAN = """邻区2031年政府工作报告目标任务责任分解方案
一、重点工作
1.新建高标准农田1.2万亩。(牵头单位:邻区发改局;完成时限:10月底前)
""".encode()


def _province(world: Any) -> tuple[Client, dict[str, Any]]:
    n = build_neighbour()
    c = Client(raise_request_exception=False)
    c.force_login(n["province"])
    return c, n


def test_a_province_office_chooses_the_government_it_uploads_for(world: Any) -> None:
    c, n = _province(world)
    page = c.get("/plans/upload/").content.decode()
    assert 'id="government-switch"' in page and "邻区人民政府" in page and "示例区人民政府" in page
    before = Plan.objects.count()
    unsaid = c.post("/plans/upload/", {"file": SimpleUploadedFile("方案.txt", PLAN)})
    assert unsaid.status_code == 400 and "请先选择为哪个政府办理" in unsaid.content.decode()
    assert Plan.objects.count() == before
    chosen = c.post("/plans/upload/", {"file": SimpleUploadedFile("方案.txt", PLAN), "government": n["gov"].pk})
    assert chosen.status_code == 302, chosen.content.decode()[:300]
    assert Plan.objects.get(year=2031).government == n["gov"]
    assert c.get("/plans/upload/", {"government": "99999"}).status_code == 404


def test_an_office_of_one_government_sees_no_chooser(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    assert 'id="government-switch"' not in c.get("/plans/upload/").content.decode()
    other = build_neighbour()["gov"]
    assert c.get("/plans/upload/", {"government": other.pk}).status_code == 404  # not its government


def test_a_province_office_exports_every_governments_directory(world: Any) -> None:
    c, n = _province(world)
    wb = load_workbook(io.BytesIO(c.get("/directory/export.xlsx").content))
    rows = [[v for v in r] for r in wb["单位"].iter_rows(values_only=True)]
    assert rows[0][0] == "政府"
    exported = {(r[0], r[1]) for r in rows[1:]}
    assert exported == {(u.government.name, u.name) for u in Unit.objects.select_related("government")}
    one = load_workbook(io.BytesIO(c.get("/directory/export.xlsx", {"government": n["gov"].pk}).content))
    assert [r[0] for r in one["单位"].iter_rows(values_only=True)] == ["单位全称", "邻区发展和改革局"]


def test_importing_the_whole_export_takes_only_the_chosen_governments_rows(world: Any) -> None:
    c, n = _province(world)
    data = c.get("/directory/export.xlsx").content
    before = set(Unit.objects.filter(government=n["gov"]).values_list("name", flat=True))
    resp = c.post("/directory/import/", {"file": SimpleUploadedFile("名录.xlsx", data), "government": n["gov"].pk})
    assert resp.status_code == 302, resp.content.decode()[:300]
    assert set(Unit.objects.filter(government=n["gov"]).values_list("name", flat=True)) == before
    assert not Unit.objects.filter(government=n["gov"], name="示例区统计局").exists()


def test_a_province_office_says_which_government_it_imports_for_over_the_api(world: Any) -> None:
    from duban.web.accounts.services import create_token
    from tests.web.builders import core_plan

    n = build_neighbour()
    _tok, key = create_token(actor=n["province"], user=n["province"], name="省级接口")
    c, h = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    plan = core_plan([{"text": "一项任务。", "lead": ["邻区发改局"]}], year=2031).to_dict()
    unsaid = c.post("/api/plans/import", {"plan": plan}, content_type="application/json", **h)
    assert unsaid.status_code == 400 and unsaid.json()["field"] == "government_id"
    said = c.post("/api/plans/import", {"plan": plan, "government_id": n["gov"].pk}, content_type="application/json", **h)
    assert said.status_code == 201 and Plan.objects.get(pk=said.json()["id"]).government == n["gov"]
    theirs = c.post("/api/plans/import", {"plan": plan, "government_id": n["gov"].pk},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world.office_key}")
    assert theirs.status_code == 404  # 示例区's office cannot import for 邻区
