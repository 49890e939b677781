from __future__ import annotations

from typing import Any


def test_world_builds(world: Any) -> None:
    assert world.plan.is_published
    assert world.task_a.task_units.count() == 2
