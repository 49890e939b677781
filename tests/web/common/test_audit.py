"""The audit log: written inside the service's transaction, never edited, searchable, exportable."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from duban.web.common.models import AuditLog
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import record


def test_audit_rows_cannot_be_edited_or_deleted(world: Any) -> None:
    row = AuditLog.objects.first()
    assert row is not None
    row.reason = "改写"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().update(reason="x")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()


def test_record_refuses_to_write_outside_a_transaction(world: Any, django_db_blocker: Any) -> None:
    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False  # as if called from code that forgot transaction.atomic
    try:
        with pytest.raises(RuntimeError):
            record(actor=SYSTEM, action="x", object_type="t")
    finally:
        conn.in_atomic_block = saved


def test_request_id_is_kept(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    resp = c.post("/directory/units/new/", {"name": "示例区档案馆", "kind": "department"}, HTTP_X_REQUEST_ID="req-123")
    assert resp["X-Request-ID"] == "req-123"
    assert AuditLog.objects.filter(request_id="req-123", action="create", object_repr="示例区档案馆").exists()


def test_office_searches_and_exports(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    html = c.get("/audit/", {"action": "publish"}).content.decode()
    assert "发布方案" in html and "测试方案" in html and ">publish<" not in html  # in the office's words
    part = c.get("/audit/", {"q": "测试方案"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and "测试方案" in part
    text = c.get("/audit/export.csv", {"action": "publish"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间", "操作人", "操作"] and all(r[2] == "发布方案" for r in rows[1:]) and len(rows) == 2
    wb = load_workbook(io.BytesIO(c.get("/audit/export.xlsx").content))
    assert wb.active.max_row == AuditLog.objects.count() + 1


def _neighbour(world: Any) -> dict[str, Any]:
    """A second government with its own office and a unit whose name only its log should show,
    and a province-wide office (no government) over both."""
    from duban.web.accounts.services import create_user
    from duban.web.directory import services as ds
    from tests.web.builders import PASSWORD

    gov = ds.create_government(actor=SYSTEM, name="邻区人民政府", region="邻区")
    office = create_user(actor=SYSTEM, username="office_linqu", password=PASSWORD, role="office", government=gov)
    ds.create_unit(actor=office, government=gov, name="邻区暗访专项工作组")
    province = create_user(actor=SYSTEM, username="province", password=PASSWORD, role="office")
    return {"gov": gov, "office": office, "province": province}


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _found(c: Client, q: str) -> str:
    """The rows a search finds (the HTMX partial: the search box would echo the query)."""
    return c.get("/audit/", {"q": q}, HTTP_HX_REQUEST="true").content.decode()


def test_an_office_reads_only_its_own_governments_log(world: Any) -> None:
    n = _neighbour(world)
    ours, theirs = _client(world.users["office"]), _client(n["office"])
    assert "邻区暗访专项工作组" not in _found(ours, "邻区暗访")
    assert "邻区暗访专项工作组" in _found(theirs, "邻区暗访")
    assert "测试方案" not in _found(theirs, "测试方案")

    exported = ours.get("/audit/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))[1:]
    assert rows and not [r for r in rows if "邻区" in ",".join(r)]
    assert len(rows) == AuditLog.objects.filter(government_id=world.gov.pk).count()
    wb = load_workbook(io.BytesIO(theirs.get("/audit/export.xlsx").content))
    assert wb.active.max_row - 1 == AuditLog.objects.filter(government_id=n["gov"].pk).count()


def test_a_province_wide_office_reads_every_governments_log(world: Any) -> None:
    n = _neighbour(world)
    province = _client(n["province"])
    html = _found(province, "暗访专项")
    assert "邻区暗访专项工作组" in html
    assert "测试方案" in _found(province, "测试方案")
    rows = list(csv.reader(io.StringIO(province.get("/audit/export.csv").content.decode("utf-8-sig"))))[1:]
    assert len(rows) == AuditLog.objects.count()


def test_a_lockout_is_filed_under_the_locked_users_government(world: Any, settings: Any) -> None:
    """Lock-out rows carry a user name and an address: the user's own office reads them, not
    another government's."""
    n = _neighbour(world)
    settings.DUBAN_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        Client().post("/accounts/login/", {"username": "office_linqu", "password": "wrong"})
    lock = AuditLog.objects.get(action="lockout")
    assert lock.government_id == n["gov"].pk
    assert not AuditLog.objects.restrict(world.users["office"]).filter(action="lockout").exists()
    assert AuditLog.objects.restrict(n["office"]).filter(action="lockout").exists()


def test_rows_are_filed_under_the_government_of_what_they_name(world: Any) -> None:
    """Written by the services through the row's relations: a task's row by its plan's government."""
    from duban.web.common.services import government_of

    assert government_of(world.task_a) == world.gov.pk
    assert government_of(world.users["liaison"]) == world.gov.pk  # through the unit
    assert government_of(world.users["leader"]) == world.gov.pk  # through the leader
    assert government_of(world.office_token) == world.gov.pk  # through the token's user
    assert not AuditLog.objects.filter(government_id__isnull=True).exclude(action="lockout").exists()


def test_the_log_names_actions_objects_and_fields_in_chinese(world: Any) -> None:
    """A report's review reads 审核通过 on 完成情况报告, with 状态 已报送 → 已通过: no code word."""
    from duban.web.common.labels import changes

    rows = changes("cycle.report", {"state": "submitted", "review_mark": "", "late": False, "version": 2},
                   {"state": "accepted", "review_mark": "excellent", "late": False, "version": 3})
    assert rows == [("状态", "已报送", "已通过"), ("评定等次", "—", "优")]
    log = AuditLog(action="accept", object_type="cycle.report", object_id="7")
    assert (log.action_label, log.object_label) == ("审核通过", "完成情况报告")
    assert AuditLog(action="a_code_nobody_named", object_type="x.y").action_label == "其他操作"
    plan_items = changes("cycle.implementationplan", None, {"items": [{"content": "制定方案", "month": 3}]})
    assert plan_items == [("工作事项", "", "具体工作内容:制定方案、完成时间(月):3")]
    # a username is Latin on purpose: the page marks it translate="no" (the wording crawl reads the rest)
    from duban.web.common.labels import change_rows

    assert change_rows("accounts.user", None, {"username": "fgj", "role": "liaison"})[0] == ("用户名", "", "fgj", True)
    assert not change_rows("accounts.user", None, {"role": "liaison"})[0][3]
