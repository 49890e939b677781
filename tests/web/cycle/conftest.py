"""The cycle's test world: the shared `world` (a published 2026 plan with two tasks) plus a
liaison for the cooperating 统计局 and the 农业农村局, and the first quarter's round, all made
through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from duban.web.common.permissions import SYSTEM
from tests.web.builders import PASSWORD


@dataclass
class Cycle:
    w: Any
    rnd: Any
    office: Any
    liaison: Any  # 发改局 (lead of task_a)
    coop: Any  # 统计局 (cooperating on task_a)
    nyj: Any  # 农业农村局 (lead of task_b), the shared world's "wrong_liaison"
    leader: Any


def make_cycle(world: Any, *, open_round: bool = True) -> Cycle:
    from duban.web.accounts.services import create_user
    from duban.web.cycle import services as cs

    office = world.users["office"]
    coop = create_user(actor=SYSTEM, username="tjj_liaison", password=PASSWORD, role="liaison",
                       display_name="统计局经办", unit=world.units["tjj"])
    rnd = cs.create_round(actor=office, plan=world.plan, kind="quarterly", number=1)
    if open_round:
        rnd = cs.open_round(actor=office, round=rnd)
    return Cycle(world, rnd, office, world.users["liaison"], coop, world.users["wrong_liaison"], world.users["leader"])


@pytest.fixture
def cycle(world: Any) -> Cycle:
    return make_cycle(world)


def q1_day(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)
