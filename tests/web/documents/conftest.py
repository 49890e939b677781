"""The documents' test world: the shared `world` with indicators on its two tasks, the first
quarter open, 发改局 reporting task_a (submitted), 农业农村局 not yet reporting task_b; all made
through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.cycle.conftest import make_cycle

GDP = {"text": "地区生产总值增长7%以上", "metric": "地区生产总值增长", "measure": "growth", "value": 7.0, "unit": "%",
       "comparator": ">=", "value_text": "7%"}
GRAIN = {"text": "稳定粮食播种面积4.5万亩", "metric": "粮食播种面积", "measure": "level", "value": 45000.0, "unit": "亩",
         "comparator": ">=", "value_text": "4.5万亩"}


@dataclass
class Docs:
    w: Any
    c: Any
    rnd: Any
    office: Any
    report_a: Any


def make_docs(world: Any) -> Docs:
    from duban.web.cycle import services as cs
    from duban.web.plans import services as ps

    office = world.users["office"]
    for task, ind in ((world.task_a, GDP), (world.task_b, GRAIN)):
        task.refresh_from_db()
        ps.update_task(actor=office, task=task, expected_version=task.version, changes={"indicators": [ind]},
                       reason="补充指标")
        task.refresh_from_db()
    c = make_cycle(world)
    liaison = world.users["liaison"]
    rep = cs.start_report(actor=liaison, round=c.rnd, task=world.task_a, unit=world.units["fgj"])
    rep = cs.submit_report(actor=liaison, report=rep, expected_version=rep.version, data={
        "status": "on_track", "summary": "一季度地区生产总值增长6.8%,联系人电话13800000001。",
        "indicator_values": {"0": "6.8"}})
    return Docs(world, c, c.rnd, office, rep)


@pytest.fixture
def docs(world: Any) -> Docs:
    return make_docs(world)


@pytest.fixture(autouse=True)
def _fresh_figures_cache() -> None:
    """Database ids and timestamps repeat across rolled-back tests; cached figures must not."""
    from django.core.cache import cache

    cache.clear()
