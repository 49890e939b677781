"""Keeping the directory without a spreadsheet: leaders and what they oversee, groups, people and
units through the services (rules, bad input, audit rows, the optimistic lock), and retiring or
deleting an entry without a plan ever losing a name it printed."""

from __future__ import annotations

from typing import Any

import pytest

from duban.web.common.models import AuditLog
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import ConflictError, ServiceError
from duban.web.directory import services as ds
from duban.web.directory.models import Group, Leader, Person, Unit
from duban.web.plans.models import Task


def other_government() -> tuple[Any, Unit]:
    gov = ds.create_government(actor=SYSTEM, name="邻区人民政府", region="邻区")
    return gov, ds.create_unit(actor=SYSTEM, government=gov, name="邻区财政局")


def last_audit(obj: Any, action: str) -> AuditLog:
    row = AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).first()
    assert row is not None, f"no {action} audit row for {obj}"
    return row


# --- leaders -------------------------------------------------------------------------------

def test_a_leader_oversees_units_and_the_write_is_audited(world: Any) -> None:
    office = world.users["office"]
    li = ds.create_leader(actor=office, government=world.gov, name=" 李华 ", title="副区长",
                          units=[world.units["nyj"], world.units["town"]])
    assert li.name == "李华" and {u.pk for u in li.units.all()} == {world.units["nyj"].pk, world.units["town"].pk}
    row = last_audit(li, "create")
    assert row.actor == office and sorted(row.after["units"]) == sorted([world.units["nyj"].pk, world.units["town"].pk])

    ds.update_leader(actor=office, leader=li, expected_version=li.version, name="李华", title="区委常委、副区长",
                     units=[world.units["nyj"]], position=3)
    fresh = Leader.objects.get(pk=li.pk)
    assert fresh.title == "区委常委、副区长" and fresh.version == 2 and list(fresh.units.all()) == [world.units["nyj"]]
    upd = last_audit(li, "update")
    assert len(upd.before["units"]) == 2 and upd.after["units"] == [world.units["nyj"].pk]


def test_a_leader_cannot_oversee_another_governments_unit(world: Any) -> None:
    _gov, foreign = other_government()
    before = AuditLog.objects.count()
    with pytest.raises(ServiceError, match="不属于示例区人民政府,不能由其分管") as err:
        ds.create_leader(actor=SYSTEM, government=world.gov, name="李华", units=[world.units["nyj"], foreign])
    assert err.value.field == "units"
    assert not Leader.objects.filter(name="李华").exists() and AuditLog.objects.count() == before
    with pytest.raises(ServiceError, match="不属于"):
        ds.update_leader(actor=SYSTEM, leader=world.leader, expected_version=world.leader.version, name="王明",
                         units=[foreign])
    assert {u.name for u in Leader.objects.get(pk=world.leader.pk).units.all()} == {"示例区发展和改革局", "示例区统计局"}


def test_a_retired_unit_is_not_given_to_a_leader(world: Any) -> None:
    ds.set_active(actor=SYSTEM, obj=world.units["nyj"], active=False)
    with pytest.raises(ServiceError, match="已停用,不能由其分管"):
        ds.create_leader(actor=SYSTEM, government=world.gov, name="李华", units=[Unit.objects.get(pk=world.units["nyj"].pk)])


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_a_leader_needs_a_name(world: Any, name: str) -> None:
    with pytest.raises(ServiceError, match="领导姓名不能为空"):
        ds.create_leader(actor=SYSTEM, government=world.gov, name=name)


def test_two_leaders_of_one_name_are_refused(world: Any) -> None:
    with pytest.raises(ServiceError, match="已有同名领导"):
        ds.create_leader(actor=SYSTEM, government=world.gov, name="王明")
    li = ds.create_leader(actor=SYSTEM, government=world.gov, name="李华")
    with pytest.raises(ServiceError, match="已有同名领导"):
        ds.update_leader(actor=SYSTEM, leader=li, expected_version=li.version, name="王明")


def test_a_stale_leader_save_is_refused_and_nothing_is_overwritten(world: Any) -> None:
    ld = world.leader
    read_at = ld.version
    ds.update_leader(actor=world.users["office"], leader=ld, expected_version=read_at, name="王明", title="区长",
                     units=[world.units["fgj"]])
    with pytest.raises(ConflictError, match="已被他人修改"):
        ds.update_leader(actor=world.users["office"], leader=ld, expected_version=read_at, name="王明",
                         title="副区长", units=[])
    fresh = Leader.objects.get(pk=ld.pk)
    assert fresh.title == "区长" and fresh.units.count() == 1


# --- groups --------------------------------------------------------------------------------

def test_groups_name_their_members_of_this_government_only(world: Any) -> None:
    g = ds.create_group(actor=world.users["office"], government=world.gov, name="区直各单位",
                        members=[world.units["fgj"], world.units["tjj"]])
    assert set(g.expand().values_list("name", flat=True)) == {"示例区发展和改革局", "示例区统计局"}
    assert last_audit(g, "create").after["name"] == "区直各单位"
    _gov, foreign = other_government()
    with pytest.raises(ServiceError, match="不能列入单位组"):
        ds.update_group(actor=SYSTEM, group=g, expected_version=g.version, name="区直各单位", members=[foreign])
    with pytest.raises(ServiceError, match="已有同名单位组"):
        ds.create_group(actor=SYSTEM, government=world.gov, name="各乡镇人民政府")
    with pytest.raises(ServiceError, match="组名不能为空"):
        ds.create_group(actor=SYSTEM, government=world.gov, name=" ")
    ds.update_group(actor=SYSTEM, group=g, expected_version=g.version, name="区直部门", members=[world.units["nyj"]])
    with pytest.raises(ConflictError):
        ds.update_group(actor=SYSTEM, group=g, expected_version=1, name="又改", members=[])
    assert Group.objects.get(pk=g.pk).name == "区直部门"


# --- people --------------------------------------------------------------------------------

def test_people_are_checked(world: Any) -> None:
    office = world.users["office"]
    p = ds.create_person(actor=office, government=world.gov, name="周联络", unit=world.units["tjj"], role="联络员",
                         post="办公室主任", phone="0571-8888 转 801", mobile="13900000009")
    assert Person.objects.get(pk=p.pk).post == "办公室主任" and last_audit(p, "create").after["post"] == "办公室主任"
    with pytest.raises(ServiceError, match="已有“周联络”"):
        ds.create_person(actor=SYSTEM, government=world.gov, name="周联络", unit=world.units["tjj"])
    ds.create_person(actor=SYSTEM, government=world.gov, name="周联络", unit=world.units["nyj"])  # another unit: fine
    with pytest.raises(ServiceError, match="手机“call me”格式不对"):
        ds.create_person(actor=SYSTEM, government=world.gov, name="吴某", mobile="call me")
    with pytest.raises(ServiceError, match="姓名不能为空"):
        ds.update_person(actor=SYSTEM, person=p, expected_version=p.version, name="  ")
    _gov, foreign = other_government()
    with pytest.raises(ServiceError, match="不属于示例区人民政府"):
        ds.update_person(actor=SYSTEM, person=p, expected_version=p.version, unit=foreign)
    assert Person.objects.get(pk=p.pk).unit == world.units["tjj"]


# --- units ---------------------------------------------------------------------------------

def test_unit_edits_are_checked(world: Any) -> None:
    fgj = world.units["fgj"]
    child = ds.create_unit(actor=SYSTEM, government=world.gov, name="示例区价格认证中心", parent=fgj)
    with pytest.raises(ServiceError, match="不能是本单位或其下级单位"):
        ds.update_unit(actor=SYSTEM, unit=fgj, expected_version=fgj.version, parent=child)
    with pytest.raises(ServiceError, match="单位全称不能为空"):
        ds.create_unit(actor=SYSTEM, government=world.gov, name=" ")
    with pytest.raises(ServiceError, match="单位类别“星际”无效"):
        ds.create_unit(actor=SYSTEM, government=world.gov, name="示例区星际局", kind="星际")
    read_at = fgj.version
    ds.update_unit(actor=SYSTEM, unit=Unit.objects.get(pk=fgj.pk), expected_version=read_at, name="示例区发改局(新)")
    with pytest.raises(ConflictError):
        ds.update_unit(actor=SYSTEM, unit=fgj, expected_version=read_at, name="示例区发展改革局")


# --- retiring and deleting -----------------------------------------------------------------

def test_a_leader_named_by_a_published_plan_is_retired_not_deleted(world: Any) -> None:
    office = world.users["office"]
    ld = world.leader
    assert ld.tasks.filter(plan=world.plan).exists()
    with pytest.raises(ServiceError, match="仍被引用") as err:
        ds.delete_entry(actor=office, obj=ld)
    assert "已发布方案的任务1项" in err.value.message and "停用" in err.value.message
    assert Leader.objects.filter(pk=ld.pk).exists()
    ds.set_active(actor=office, obj=ld, active=False, expected_version=ld.version)
    fresh = Leader.objects.get(pk=ld.pk)
    assert not fresh.active and world.task_a.leaders.filter(pk=ld.pk).exists()  # the plan keeps its leader
    row = last_audit(ld, "retire")
    assert row.before["active"] is True and row.after["active"] is False and row.actor == office
    with pytest.raises(ConflictError):
        ds.set_active(actor=office, obj=ld, active=True, expected_version=ld.version)  # read before the retiring


def test_an_unused_entry_is_deleted_with_its_audit_row(world: Any) -> None:
    office = world.users["office"]
    li = ds.create_leader(actor=office, government=world.gov, name="李华", units=[world.units["nyj"]])
    ds.delete_entry(actor=office, obj=li, expected_version=li.version)
    assert not Leader.objects.filter(name="李华").exists()
    row = AuditLog.objects.filter(action="delete", object_type="directory.leader").first()
    assert row is not None and row.before["name"] == "李华" and row.before["units"] == [world.units["nyj"].pk]


def test_units_groups_and_people_in_use_are_not_deleted(world: Any) -> None:
    with pytest.raises(ServiceError, match="已发布方案的任务") as err:
        ds.delete_entry(actor=SYSTEM, obj=world.units["fgj"])
    assert "用户" in err.value.message and "领导分管" in err.value.message
    group = Group.objects.get(government=world.gov, name="各乡镇人民政府")
    with pytest.raises(ServiceError, match="已发布方案的任务1项"):  # task_b prints the group's name
        ds.delete_entry(actor=SYSTEM, obj=group)
    Task.objects.filter(pk=world.task_a.pk).update(persons=["陈晓"])  # a 责任人 printed by the plan
    with pytest.raises(ServiceError, match="人员“陈晓”仍被引用"):
        ds.delete_entry(actor=SYSTEM, obj=world.person)
    assert Unit.objects.filter(pk=world.units["fgj"].pk).exists() and Person.objects.filter(pk=world.person.pk).exists()


def test_a_retired_unit_is_no_longer_matched_in_new_plans(world: Any) -> None:
    assert ds.resolve(world.gov, ["区农业农村局"])[0].known
    ds.set_active(actor=SYSTEM, obj=world.units["nyj"], active=False)
    assert not ds.resolve(world.gov, ["区农业农村局"])[0].known
    assert world.task_b.units.filter(pk=world.units["nyj"].pk).exists()  # the published plan keeps it
    ds.set_active(actor=SYSTEM, obj=world.units["nyj"], active=True)
    assert ds.resolve(world.gov, ["区农业农村局"])[0].known


def test_spreadsheet_rows_go_through_the_same_rules(world: Any) -> None:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["姓名", "单位", "身份", "办公电话", "手机", "职务"])
    ws.append(["周联络", "区统计局", "联络员", "", "13900000009", "科员"])
    ws.append(["吴某", "区统计局", "联络员", "", "<b>x</b>", ""])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ServiceError, match="“人员”表第3行:手机"):
        ds.import_xlsx(actor=SYSTEM, government=world.gov, data=buf.getvalue())
    assert not Person.objects.filter(name="周联络").exists()  # nothing of the file was saved
