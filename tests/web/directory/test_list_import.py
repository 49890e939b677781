"""Importing the office's own 单位名单 (Word, Excel, text) into the directory: through the matching
page, where nothing is written before the office has chosen and confirmed."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from duban.web.common.models import AuditLog
from duban.web.directory.models import Group, Unit, UnitAlias


def roster() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["示例区重点工作责任单位通讯录"])
    ws.append(["序号", "单位名称", "联系人", "手机"])
    ws.append([1, "区发改局", "陈晓", 13800000001])  # an alias the directory has
    ws.append([2, "示例区审计局", "周敏", 13800000002])  # a unit it has not
    ws.append([3, "各街道办事处", "", ""])  # a group
    ws.append([4, "示例区统计局", "王五", 13800000003])  # its own name
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def office(world: Any) -> Client:
    c = Client()
    c.force_login(world.users["office"])
    return c


def choices(html: str) -> dict[str, str]:
    """Each select of the matching page with the value it starts on."""
    out = {}
    for m in re.finditer(r'<select name="(d\d+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', m[2])
        out[m[1]] = chosen[1] if chosen else "skip"
    return out


def test_an_office_s_own_roster_is_matched_before_anything_is_written(world: Any) -> None:
    c = office(world)
    units_before, audit_before = Unit.objects.count(), AuditLog.objects.count()
    page = c.post("/directory/import/", {"file": SimpleUploadedFile("通讯录.xlsx", roster())})
    html = page.content.decode()
    assert page.status_code == 200 and "单位匹配:导入的单位名单" in html
    rows = re.findall(r'data-name="([^"]+)"', html)
    assert rows == ["示例区审计局", "各街道办事处"]  # what the directory knows is not asked again
    assert "陈晓" not in html and "13800000002" not in html  # the contact columns are not names
    assert (Unit.objects.count(), AuditLog.objects.count()) == (units_before, audit_before)

    names = re.search(r'name="names" value="([^"]*)"', html)
    assert names is not None
    form = {"names": names[1], **choices(html)}
    assert form["d0"] == "new:department" and form["d1"].startswith("group:")
    confirm = c.post("/directory/import/names/", form)
    text = confirm.content.decode()
    assert confirm.status_code == 200 and 'id="changes"' in text and "示例区审计局" in text
    assert Unit.objects.count() == units_before  # shown, not yet done

    done = c.post("/directory/import/names/", {**form, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == "/directory/units/"
    assert Unit.objects.filter(government=world.gov, name="示例区审计局", kind="department").exists()
    assert Group.objects.filter(government=world.gov, name="各街道办事处").exists()
    assert AuditLog.objects.filter(action="create", actor=world.users["office"]).count() >= 2


def test_a_name_alike_a_unit_is_offered_unselected_and_may_become_its_alias(world: Any) -> None:
    c = office(world)
    page = c.post("/directory/import/", {"file": SimpleUploadedFile("名单.txt", "区发展改革局\n区统计局\n区林业局\n".encode())})
    html = page.content.decode()
    rows = re.findall(r'data-name="([^"]+)"', html)
    assert "区统计局" not in rows  # the alias the directory has
    start = choices(html)
    forestry = rows.index("区林业局")
    assert start[f"d{forestry}"] == "skip"  # alike units offered, none chosen: the office decides
    assert f'<option value="alias:{world.units["nyj"].pk}">并入“示例区农业农村局”?' in html
    same = rows.index("区发展改革局")
    fgj = world.units["fgj"]
    assert start[f"d{same}"] == f"alias:{fgj.pk}"  # the same body under another spelling
    names = re.search(r'name="names" value="([^"]*)"', html)
    assert names is not None
    done = c.post("/directory/import/names/", {"names": names[1], **start, f"d{forestry}": "new:department", "confirm": "1"})
    assert done.status_code == 302
    assert UnitAlias.objects.filter(unit=fgj, name="区发展改革局").exists()
    assert Unit.objects.filter(government=world.gov, name="区林业局").exists()


def test_a_file_that_lists_no_unit_is_refused_in_chinese_and_nothing_is_written(world: Any) -> None:
    c = office(world)
    before = Unit.objects.count()
    page = c.post("/directory/import/", {"file": SimpleUploadedFile("通知.txt", "附件1\n责任单位名单\n".encode())})
    html = page.content.decode()
    assert page.status_code == 200 and "单位名单是空的" in html
    assert Unit.objects.count() == before


def test_only_the_office_imports_a_list(world: Any) -> None:
    c = Client()
    c.force_login(world.users["liaison"])
    resp = c.post("/directory/import/names/", {"names": "示例区审计局", "d0": "new:department", "confirm": "1"})
    assert resp.status_code == 403
    assert not Unit.objects.filter(name="示例区审计局").exists()


def test_going_back_from_the_confirmation_shows_the_choices_again_and_writes_nothing(world: Any) -> None:
    c = office(world)
    before = Unit.objects.count()
    back = c.post("/directory/import/names/", {"names": "示例区审计局", "d0": "new:department", "confirm": "1", "back": "1"})
    html = back.content.decode()
    assert back.status_code == 200 and 'data-name="示例区审计局"' in html and 'id="apply"' in html
    assert Unit.objects.count() == before


def test_the_matching_page_offers_a_class_of_governments_as_a_group_a_combined_body_as_its_half_and_a_short_name_unselected(
    world: Any,
) -> None:
    from duban.web.common.permissions import SYSTEM
    from duban.web.directory import services as ds

    wl = ds.create_unit(actor=SYSTEM, government=world.gov, name="示例区文化和旅游局")  # the 区 has no 体育局
    cf = ds.create_unit(actor=SYSTEM, government=world.gov, name="示例区城市发展投资集团有限公司", kind="soe")
    c = office(world)
    page = c.post("/directory/import/", {"file": SimpleUploadedFile("名单.txt", "县级市政府\n区文广旅体局\n城投集团\n".encode())})
    html = page.content.decode()
    rows = re.findall(r'data-name="([^"]+)"', html)
    start = choices(html)
    assert start[f"d{rows.index('县级市政府')}"].startswith("group:")
    assert start[f"d{rows.index('区文广旅体局')}"] == f"alias:{wl.pk}" and "名录中没有体育部门" in html
    assert start[f"d{rows.index('城投集团')}"] == "skip"  # offered, not chosen: 城投 is a 城市建设投资's
    assert f'<option value="alias:{cf.pk}">' in html and "通常是“城市建设投资”的简称" in html
