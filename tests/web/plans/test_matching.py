"""Matching a plan's names to the directory: the same body pre-selected, alike units offered with
their reasons and never pre-selected, group names as 单位组, and nothing applied before the
office has seen what will be merged and confirmed it."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from duban.web.directory import services as ds
from duban.web.directory.models import Group, Unit, UnitAlias
from duban.web.plans import services as ps
from tests.web.builders import core_plan

NAMES = ["区发展改革局", "区林业局", "区农业局", "各乡镇办场", "区竹产业发展领导小组成员单位", "区气象局"]


def draft_with(world: Any, names: list[str]) -> Any:
    return ps.import_plan(actor=world.users["office"], government=world.gov, plan=core_plan(
        [{"text": f"任务{i}。", "lead": [n]} for i, n in enumerate(names, start=1)], year=2031))


def test_only_the_same_body_is_pre_selected(world: Any) -> None:
    by_name = {p.name: p for p in ds.propose(world.gov, NAMES)}
    fgj, nyj = world.units["fgj"], world.units["nyj"]
    assert by_name["区发展改革局"].default == f"alias:{fgj.pk}" and "同一部门" in by_name["区发展改革局"].same.reason
    assert by_name["区农业局"].default == f"alias:{nyj.pk}"  # renamed to 农业农村局 in 2018–2019
    forestry = by_name["区林业局"]
    assert forestry.same is None and forestry.default == "skip"  # 农业农村局 is offered, not chosen
    assert [c.name for c in forestry.candidates] == ["示例区农业农村局"] and forestry.candidates[0].reason
    assert by_name["区气象局"].default == "new:vertical" and not by_name["区气象局"].candidates


def test_group_names_are_offered_as_groups(world: Any) -> None:
    by_name = {p.name: p for p in ds.propose(world.gov, NAMES)}
    towns = by_name["各乡镇办场"]
    assert towns.group is not None and towns.default == "group:township" and "各乡镇人民政府" in towns.groups
    members = by_name["区竹产业发展领导小组成员单位"]
    assert members.group is not None and members.default == "group:" and not members.candidates
    ds.apply_resolution(actor=world.users["office"], government=world.gov,
                        decisions={"各乡镇办场": ("group", "township"), "区竹产业发展领导小组成员单位": ("group", "")})
    assert list(Group.objects.get(name="各乡镇办场").expand()) == [world.units["town"]]
    assert not Unit.objects.filter(name__in=["各乡镇办场", "区竹产业发展领导小组成员单位"]).exists()


def test_the_page_shows_what_will_be_merged_and_applies_only_when_confirmed(world: Any) -> None:
    plan = draft_with(world, NAMES)
    c = Client()
    c.force_login(world.users["office"])
    url = reverse("plans:plan_resolve", args=[plan.pk])
    page = c.get(url).content.decode()
    assert "可能是“示例区农业农村局”" in page and "单位组" in page
    form = {f"d{i}": ds_choice for i, ds_choice in enumerate(p.default for p in ds.propose(world.gov, NAMES))}
    shown = c.post(url, form).content.decode()
    assert "确认执行" in shown and "并入“示例区发展和改革局”" in shown and "新建单位组" in shown
    assert "区林业局" in shown and "暂不处理" in shown  # left for the office to decide
    assert not UnitAlias.objects.filter(name="区发展改革局").exists()  # nothing applied yet
    done = c.post(url, {**form, "confirm": "1"})
    assert done.status_code == 302
    assert UnitAlias.objects.get(name="区发展改革局").unit == world.units["fgj"]
    assert not UnitAlias.objects.filter(name="区林业局").exists()
    assert ps.unknown_names(plan) == ["区林业局"]
