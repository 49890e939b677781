"""The office's directory pages: forms in Chinese, the service's refusals shown on the form,
HTML typed into a field shown as text, the optimistic lock, and retiring instead of deleting."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from duban.web.common.models import AuditLog
from duban.web.common.permissions import SYSTEM
from duban.web.directory import services as ds
from duban.web.directory.models import Group, Leader, Person


def client_for(world: Any, role: str = "office") -> Client:
    c = Client()
    c.force_login(world.users[role])
    return c


def test_office_adds_a_leader_who_oversees_two_units(world: Any) -> None:
    c = client_for(world)
    page = c.get(reverse("directory:leader_create")).content.decode()
    assert "分管单位" in page and "示例区农业农村局" in page and 'type="checkbox"' in page
    resp = c.post(reverse("directory:leader_create"), {
        "name": "李华", "title": "副区长", "position": "2", "units": [world.units["nyj"].pk, world.units["town"].pk]})
    assert resp.status_code == 302 and resp["Location"] == reverse("directory:leader_list")
    li = Leader.objects.get(government=world.gov, name="李华")
    assert {u.name for u in li.units.all()} == {"示例区农业农村局", "东湖镇人民政府"}
    listing = c.get(reverse("directory:leader_list")).content.decode()
    assert "李华" in listing and "分管2个单位" in listing  # the success message
    assert AuditLog.objects.filter(action="create", object_type="directory.leader", actor=world.users["office"]).exists()


def test_bad_input_is_explained_in_chinese(world: Any) -> None:
    c = client_for(world)
    empty = c.post(reverse("directory:leader_create"), {"name": "  ", "position": "0"})
    assert empty.status_code == 200 and "请填写领导姓名" in empty.content.decode()
    dup = c.post(reverse("directory:leader_create"), {"name": "王明", "position": "0"})
    assert "已有同名领导" in dup.content.decode()
    gov2 = ds.create_government(actor=SYSTEM, name="邻区人民政府", region="邻区")
    foreign = ds.create_unit(actor=SYSTEM, government=gov2, name="邻区财政局")
    cross = c.post(reverse("directory:leader_create"), {"name": "李华", "position": "0", "units": [foreign.pk]})
    assert "不在本政府的在用单位中" in cross.content.decode() and not Leader.objects.filter(name="李华").exists()
    group = c.post(reverse("directory:group_create"), {"name": "各乡镇人民政府"})
    assert "已有同名单位组" in group.content.decode()
    person = c.post(reverse("directory:person_create"), {"name": "吴某", "mobile": "一三九"})
    assert "手机“一三九”格式不对" in person.content.decode()


def test_html_typed_into_a_field_is_shown_as_text(world: Any) -> None:
    c = client_for(world)
    c.post(reverse("directory:leader_create"), {"name": "<script>alert(1)</script>", "title": "<b>副区长</b>",
                                                "position": "0"})
    assert Leader.objects.filter(name="<script>alert(1)</script>").exists()
    html = c.get(reverse("directory:leader_list")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>副区长</b>" not in html


def test_a_stale_edit_is_refused_and_what_was_typed_stays(world: Any) -> None:
    c = client_for(world)
    url = reverse("directory:leader_edit", args=[world.leader.pk])
    read_at = world.leader.version
    assert c.post(url, {"name": "王明", "title": "区长", "position": "0", "version": read_at,
                        "units": [world.units["fgj"].pk]}).status_code == 302
    stale = c.post(url, {"name": "王明", "title": "第二次修改", "position": "0", "version": read_at})
    text = stale.content.decode()
    assert stale.status_code == 200 and "已被他人修改" in text and "第二次修改" in text
    assert Leader.objects.get(pk=world.leader.pk).title == "区长"
    no_version = c.post(url, {"name": "王明", "title": "x", "position": "0"})
    assert "页面已过期" in no_version.content.decode()


def test_group_members_are_ticked(world: Any) -> None:
    c = client_for(world)
    resp = c.post(reverse("directory:group_create"), {
        "name": "区直各单位", "member_kind": "", "members": [world.units["fgj"].pk, world.units["tjj"].pk]})
    assert resp.status_code == 302
    g = Group.objects.get(government=world.gov, name="区直各单位")
    assert g.members.count() == 2
    edit = reverse("directory:group_edit", args=[g.pk])
    assert c.post(edit, {"name": "区直各单位", "member_kind": "township", "version": g.version,
                         "members": [world.units["fgj"].pk]}).status_code == 302
    g.refresh_from_db()
    assert g.member_kind == "township" and list(g.members.values_list("pk", flat=True)) == [world.units["fgj"].pk]


def test_a_leader_in_a_published_plan_is_retired_from_the_delete_page(world: Any) -> None:
    c = client_for(world)
    url = reverse("directory:entry_delete", kwargs={"kind": "leaders", "pk": world.leader.pk})
    page = c.get(url).content.decode()
    assert "不能删除" in page and "已发布方案的任务1项" in page and "confirm-delete" not in page
    refused = c.post(url, {"version": world.leader.version}, follow=True).content.decode()
    assert "仍被引用" in refused and Leader.objects.filter(pk=world.leader.pk).exists()
    c.post(reverse("directory:entry_active", kwargs={"kind": "leaders", "pk": world.leader.pk}),
           {"active": "0", "version": world.leader.version})
    assert not Leader.objects.get(pk=world.leader.pk).active
    assert "已停用" in c.get(reverse("directory:leader_list")).content.decode()
    viewer = client_for(world, "viewer").get(reverse("directory:leader_list")).content.decode()
    assert "王明" not in viewer  # retired leaders are no longer listed for the other roles


def test_an_unused_contact_is_deleted_after_confirmation(world: Any) -> None:
    c = client_for(world)
    p = ds.create_person(actor=SYSTEM, government=world.gov, name="周联络", unit=world.units["tjj"])
    url = reverse("directory:entry_delete", kwargs={"kind": "people", "pk": p.pk})
    assert "confirm-delete" in c.get(url).content.decode()
    assert c.post(url, {"version": p.version})["Location"] == reverse("directory:person_list")
    assert not Person.objects.filter(pk=p.pk).exists()
    assert AuditLog.objects.filter(action="delete", object_type="directory.person", object_id=str(p.pk)).exists()


def test_office_moves_a_contact_but_a_unit_cannot(world: Any) -> None:
    p = world.person
    url = reverse("directory:person_edit", args=[p.pk])
    liaison = client_for(world, "liaison")
    assert 'name="unit"' not in liaison.get(url).content.decode()
    liaison.post(url, {"name": "陈晓", "unit": world.units["tjj"].pk, "post": "科员", "version": p.version})
    p.refresh_from_db()
    assert p.unit == world.units["fgj"] and p.post == "科员"  # the unit field is not the unit's to change
    office = client_for(world)
    office.post(url, {"name": "陈晓", "unit": world.units["tjj"].pk, "version": p.version})
    p.refresh_from_db()
    assert p.unit == world.units["tjj"]


def test_people_list_follows_who_may_see_phones(world: Any) -> None:
    assert "13800000001" in client_for(world).get(reverse("directory:person_list")).content.decode()
    assert "13800000001" in client_for(world, "liaison").get(reverse("directory:person_list")).content.decode()
    assert "13800000001" not in client_for(world, "viewer").get(reverse("directory:person_list")).content.decode()
    assert "13800000001" not in client_for(world, "wrong_liaison").get(
        reverse("directory:person_list")).content.decode()
