"""The plans' rows of the service permission matrix (tests/web/service_matrix.py)."""

from __future__ import annotations

from typing import Any

from duban.web.plans import drafting
from duban.web.plans import services as ps
from tests.web.service_matrix import OFFICES, Probe, the_world

PLAN_TEXT = """示例区2031年政府工作报告目标任务责任分解方案
一、主要预期目标
1.地区生产总值增长7%以上。(责任领导:王明;牵头单位:区发改局;责任单位:区统计局;完成时限:12月底前)
二、重点工作
2.新建高标准农田1.2万亩。(牵头单位:区农业农村局;完成时限:10月底前)
""".encode()


def _core(year: int) -> Any:
    from tests.web.builders import core_plan

    return core_plan([{"text": "新建高标准农田1.2万亩。", "lead": ["区农业农村局"]}], year=year)


def _publishable(p: Any) -> Any:
    """A draft whose every name is in the directory."""
    return ps.import_plan(actor=p.w.users["office"], government=p.w.gov, plan=_core(2034))


def _task_a(p: Any) -> Any:
    return p.w.task_a


def _draft_task(p: Any) -> Any:
    return p.w.draft.tasks.first()


REPORT = "示例区2031年政府工作报告\n二、2031年工作安排\n(一)抓项目稳投资。新建高标准农田1.2万亩。\n".encode()


PLANS_PROBES: dict[str, Probe] = {
    "plans.import_plan": Probe(the_world, lambda a, m: ps.import_plan(actor=a, government=m.gov, plan=_core(2031)),
                               OFFICES),
    "plans.upload_plan": Probe(the_world, lambda a, m: ps.upload_plan(actor=a, government=m.gov, data=PLAN_TEXT,
                                                                      name="分解方案.txt"), OFFICES),
    "plans.import_json": Probe(the_world, lambda a, m: ps.import_json(actor=a, government=m.gov,
                                                                      data=_core(2032).to_dict()), OFFICES),
    "plans.relink_plan": Probe(the_world, lambda a, m: ps.relink_plan(actor=a, plan=m.draft), OFFICES),
    "plans.update_task": Probe(_task_a, lambda a, m: ps.update_task(
        actor=a, task=m, expected_version=m.version, changes={"deadline": "11月底前"}, reason="口径调整"), OFFICES),
    "plans.merge_tasks": Probe(the_world, lambda a, m: ps.merge_tasks(
        actor=a, task=m.task_a, other=m.task_b, expected_version=m.task_a.version, reason="合并督办"), OFFICES),
    "plans.split_task": Probe(_task_a, lambda a, m: ps.split_task(
        actor=a, task=m, expected_version=m.version, first="地区生产总值增长7%以上。", second="财政收入稳定增长。",
        reason="分开督办"), OFFICES),
    "plans.confirm_units": Probe(_draft_task, lambda a, m: ps.confirm_units(
        actor=a, task=m, expected_version=m.version, lead_names=["区发改局"], coop_names=[]), OFFICES),
    "plans.confirm_all_units": Probe(the_world, lambda a, m: ps.confirm_all_units(actor=a, plan=m.draft), OFFICES),
    "plans.move_task": Probe(lambda p: p.w.task_b, lambda a, m: ps.move_task(
        actor=a, task=m, expected_version=m.version, direction="up"), OFFICES),
    "plans.start_draft": Probe(the_world, lambda a, m: drafting.start_draft(
        actor=a, government=m.gov, data=REPORT, name="政府工作报告.txt"), OFFICES),
    "plans.publish_plan": Probe(_publishable, lambda a, m: ps.publish_plan(actor=a, plan=m), OFFICES),
    "plans.delete_draft": Probe(the_world, lambda a, m: ps.delete_draft(actor=a, plan=m.draft), OFFICES),
}
