"""Plan services: import, one plan per government and year, name matching, publication,
adjustments with reasons, optimistic locking, merge and split, reading the plan on a past date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from duban.web.common.models import AuditLog
from duban.web.common.services import ConflictError, ServiceError
from duban.web.directory import services as ds
from duban.web.plans import services as ps
from duban.web.plans.models import Plan, Task, TaskRevision
from tests.web.builders import core_plan


def audit(action: str, obj: Any) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def test_import_creates_a_draft_with_an_audit_row(world: Any) -> None:
    p = ps.import_plan(actor=world.users["office"], government=world.gov,
                       plan=core_plan([{"text": "任务一。", "lead": ["区发改局"]}], year=2031))
    assert p.status == "draft" and p.tasks.count() == 1
    [row] = audit("import", p)
    assert row.actor == world.users["office"] and row.after["tasks"] == 1


def test_second_plan_for_the_same_year_is_refused_and_nothing_is_saved(world: Any) -> None:
    before = Plan.objects.count()
    with pytest.raises(ServiceError, match="2026年已有责任分解方案"):
        ps.import_plan(actor=world.users["office"], government=world.gov,
                       plan=core_plan([{"text": "又一个。", "lead": ["区发改局"]}], year=2026))
    assert Plan.objects.count() == before


def test_unknown_unit_blocks_publication_until_confirmed(world: Any) -> None:
    office = world.users["office"]
    assert ps.unknown_names(world.draft) == ["区新设单位"]
    with pytest.raises(ServiceError, match="区新设单位"):
        ps.publish_plan(actor=office, plan=world.draft)
    assert Plan.objects.get(pk=world.draft.pk).status == "draft"
    [proposal] = ds.propose(world.gov, ["区新设单位"])
    assert proposal.kind == "department"
    ds.apply_resolution(actor=office, government=world.gov, decisions={"区新设单位": ("new", "department")})
    published = ps.publish_plan(actor=office, plan=world.draft)
    assert published.is_published
    task = published.tasks.get()
    assert {tu.unit.name for tu in task.task_units.all()} == {"示例区发展和改革局", "区新设单位"}


def test_alias_resolution_links_the_unit(world: Any) -> None:
    office = world.users["office"]
    ds.apply_resolution(actor=office, government=world.gov, decisions={"区新设单位": ("alias", world.units["tjj"].pk)})
    ps.relink_plan(actor=office, plan=world.draft)
    t = world.draft.tasks.get()
    assert world.units["tjj"].pk in set(t.task_units.values_list("unit_id", flat=True))


def test_group_names_expand_to_their_members(world: Any) -> None:
    assert set(world.task_b.task_units.values_list("unit__name", "role")) == {
        ("示例区农业农村局", "lead"), ("东湖镇人民政府", "coop")}


def test_edit_after_publication_needs_a_reason_and_is_kept_as_an_adjustment(world: Any) -> None:
    office, task = world.users["office"], world.task_a
    with pytest.raises(ServiceError, match="调整原因"):
        ps.update_task(actor=office, task=task, expected_version=task.version, changes={"deadline": "9月底前"})
    assert Task.objects.get(pk=task.pk).deadline == "12月底前"
    t = ps.update_task(actor=office, task=task, expected_version=task.version, changes={"deadline": "9月底前"},
                       reason="区政府常务会议调整")
    assert t.due_date == dt.date(2026, 9, 30) and t.version == task.version + 1
    rev = TaskRevision.objects.filter(task=task, kind="adjust").get()
    assert rev.reason == "区政府常务会议调整" and rev.actor == office and rev.snapshot["deadline"] == "9月底前"
    [row] = audit("adjust", task)
    assert row.before["deadline"] == "12月底前" and row.after["deadline"] == "9月底前"


def test_second_of_two_concurrent_saves_is_refused_and_the_first_kept(world: Any) -> None:
    office, task = world.users["office"], world.task_a
    read_version = task.version  # both people opened the form at this version
    ps.update_task(actor=office, task=task, expected_version=read_version, changes={"text": "甲的修改。"}, reason="甲")
    with pytest.raises(ConflictError, match="已被.*修改"):
        ps.update_task(actor=office, task=task, expected_version=read_version, changes={"text": "乙的修改。"}, reason="乙")
    assert Task.objects.get(pk=task.pk).text == "甲的修改。"


def test_unit_not_in_directory_is_refused_on_edit(world: Any) -> None:
    task = world.task_a
    with pytest.raises(ServiceError, match="不在单位名录中"):
        ps.update_task(actor=world.users["office"], task=task, expected_version=task.version,
                       changes={"lead_names": ["区不存在局"]}, reason="试")
    assert Task.objects.get(pk=task.pk).lead_names == ["区发改局"]


def test_plan_reads_back_as_it_was_on_a_past_date(world: Any) -> None:
    office, task = world.users["office"], world.task_a
    before_change = timezone.now()
    TaskRevision.objects.filter(plan=world.plan).update(created_at=before_change - dt.timedelta(days=10))
    ps.update_task(actor=office, task=task, expected_version=task.version, changes={"text": "新的说法。"}, reason="调整")
    then = {r["text"] for r in ps.plan_at(world.plan, before_change - dt.timedelta(days=1))}
    now = {r["text"] for r in ps.plan_at(world.plan, timezone.now())}
    assert "地区生产总值增长7%以上。" in then and "新的说法。" not in then
    assert "新的说法。" in now
    assert ps.plan_at(world.plan, before_change - dt.timedelta(days=30)) == []  # before publication


def test_merge_and_split_keep_history(world: Any) -> None:
    office = world.users["office"]
    draft = ps.import_plan(actor=office, government=world.gov, plan=core_plan([
        {"text": "甲。", "lead": ["区发改局"]}, {"text": "乙。", "lead": ["区统计局"]}], year=2032))
    a, b = draft.tasks.order_by("position")
    merged = ps.merge_tasks(actor=office, task=a, other=b, expected_version=a.version)
    assert merged.text == "甲。乙。" and merged.lead_names == ["区发改局", "区统计局"]
    assert Task.objects.get(pk=b.pk).removed
    first, second = ps.split_task(actor=office, task=merged, expected_version=merged.version, first="甲。", second="乙。")
    assert (first.text, second.text) == ("甲。", "乙。")
    assert list(draft.tasks.filter(removed=False).order_by("position").values_list("text", flat=True)) == ["甲。", "乙。"]
    assert audit("merge", a) and audit("split", a)


def test_export_round_trips_through_duban_plan_1(world: Any) -> None:
    doc = ps.to_core(world.plan).to_dict()
    assert doc["format"] == "duban.plan/1" and doc["year"] == 2026 and doc["region"] == "示例区"
    assert [t["lead_units"] for t in doc["tasks"]] == [["区发改局"], ["区农业农村局"]]
    again = ps.import_json(actor=world.users["office"], government=world.gov, data=doc, year=2040)
    assert ps.to_core(again).to_dict()["tasks"] == doc["tasks"]


def test_a_rolled_back_write_leaves_no_audit_row(world: Any) -> None:
    n = AuditLog.objects.count()
    with pytest.raises(ServiceError):
        ps.import_plan(actor=world.users["office"], government=world.gov, plan=core_plan([], year=2033))
    assert AuditLog.objects.count() == n
