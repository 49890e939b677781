"""Directory services: names stay unambiguous, the spreadsheet round-trips, a bad row saves nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from duban.web.common.models import AuditLog
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import ConflictError, ServiceError
from duban.web.directory import services as ds
from duban.web.directory.models import Leader, Person, Unit


def test_a_name_points_at_one_unit_only(world: Any) -> None:
    with pytest.raises(ServiceError, match="已属于单位"):
        ds.create_unit(actor=SYSTEM, government=world.gov, name="区发改局")
    with pytest.raises(ServiceError, match="已属于单位"):
        ds.add_alias(actor=SYSTEM, unit=world.units["tjj"], name="区发改局")


def test_alias_write_is_audited(world: Any) -> None:
    ds.add_alias(actor=world.users["office"], unit=world.units["tjj"], name="统计局")
    row = AuditLog.objects.filter(action="add_alias", object_id=str(world.units["tjj"].pk)).order_by("-id").first()
    assert row is not None and row.actor == world.users["office"]
    assert "统计局" in row.after["aliases"] and "统计局" not in row.before["aliases"]


def test_spreadsheet_round_trip(world: Any) -> None:
    data = ds.export_xlsx(world.gov)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["单位", "单位组", "领导", "人员"]
    names = [r[0].value for r in wb["单位"].iter_rows(min_row=2)]
    assert "示例区发展和改革局" in names
    ws = wb["单位"]
    ws.append(["示例区审计局", "部门", "", "区审计局"])
    wb["领导"].append(["赵刚", "副区长", "区审计局、区农业农村局", 2])
    buf = io.BytesIO()
    wb.save(buf)
    counts = ds.import_xlsx(actor=world.users["office"], government=world.gov, data=buf.getvalue())
    assert counts["单位"] == 1 and counts["领导"] == 1
    zhao = Leader.objects.get(name="赵刚")
    assert {u.name for u in zhao.units.all()} == {"示例区审计局", "示例区农业农村局"}


def test_bad_row_imports_nothing(world: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位全称", "类别", "上级单位", "简称与别名"])
    ws.append(["示例区新局", "部门", "", ""])
    ws.append(["示例区另一局", "星际", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ServiceError, match="第3行:类别“星际”无效"):
        ds.import_xlsx(actor=SYSTEM, government=world.gov, data=buf.getvalue())
    assert not Unit.objects.filter(name="示例区新局").exists()


def test_not_a_spreadsheet_is_refused(world: Any) -> None:
    with pytest.raises(ServiceError, match="不是有效的 .xlsx"):
        ds.import_xlsx(actor=SYSTEM, government=world.gov, data=b"PK\x03\x04broken")


def test_contact_edit_is_version_checked(world: Any) -> None:
    p = world.person
    ds.update_person(actor=world.users["liaison"], person=p, expected_version=p.version, mobile="13900000000")
    with pytest.raises(ConflictError):
        ds.update_person(actor=world.users["head"], person=p, expected_version=p.version, mobile="13700000000")
    assert Person.objects.get(pk=p.pk).mobile == "13900000000"


def test_unit_sees_its_own_contacts_only(world: Any) -> None:
    c = Client()
    c.force_login(world.users["wrong_liaison"])
    html = c.get(f"/directory/units/{world.units['fgj'].pk}/").content.decode()
    assert "13800000001" not in html
    c.force_login(world.users["liaison"])
    assert "13800000001" in c.get(f"/directory/units/{world.units['fgj'].pk}/").content.decode()


def test_a_spreadsheet_that_unzips_past_the_limit_is_refused_before_it_is_loaded(world: Any, monkeypatch: Any) -> None:
    from duban.core.read import limits

    data = ds.export_xlsx(world.gov)
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 2000)  # as a 985 KB file holding 203 MB would be
    with pytest.raises(ServiceError, match="表格解压后有"):
        ds.import_xlsx(actor=world.users["office"], government=world.gov, data=data)
