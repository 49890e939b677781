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
            record(actor=None, action="x", object_type="t")
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
    assert "publish" in html and "测试方案" in html
    part = c.get("/audit/", {"q": "测试方案"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and "测试方案" in part
    text = c.get("/audit/export.csv", {"action": "publish"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间", "操作人", "操作"] and all(r[2] == "publish" for r in rows[1:]) and len(rows) == 2
    wb = load_workbook(io.BytesIO(c.get("/audit/export.xlsx").content))
    assert wb.active.max_row == AuditLog.objects.count() + 1
