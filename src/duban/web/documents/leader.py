"""A leader's areas at a glance (领导页面): how the tasks they lead and the units they oversee are
doing in the latest round that has been reviewed, worst first, and how that moved round by round.

Plain data from the round's figures (the same lights as the round page, the 台账 and the 通报).
Which round counts: one whose due date has passed (or that the office closed) — a round opened
today, with nothing in yet, would show every task grey and pull a trend to nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from duban.web.documents.figures import RoundFigures, TaskLine, UnitLine

LIGHT_RANK = {"红灯": 0, "黄灯": 1, "灰灯": 2, "绿灯": 3}


def is_reviewed(rnd: Any, today: dt.date) -> bool:
    """A round whose reports are in and judged: past its due date, or closed by the office."""
    return rnd.state == "closed" or (rnd.state != "draft" and today > rnd.due_date)


def latest_reviewed(rounds: Sequence[Any], today: dt.date) -> Any | None:
    done = [r for r in rounds if is_reviewed(r, today)]
    return done[-1] if done else None


@dataclass
class UnitRow:
    """One unit of the leader's area: its tasks' lights as lead unit and its reports."""

    name: str
    lights: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LIGHT_RANK, 0))
    line: UnitLine | None = None

    @property
    def tasks(self) -> int:
        return sum(self.lights.values())

    @property
    def sort_key(self) -> tuple[int, int, int, int, str]:
        missing = self.line.missing if self.line else 0
        late = self.line.late if self.line else 0
        return (-self.lights["红灯"], -self.lights["黄灯"], -missing, -late, self.name)


@dataclass
class TrendPoint:
    period: str
    tasks: int
    green: int
    red: int
    on_time: int
    expected: int

    def pct(self, n: int, whole: int) -> float:
        return round(100 * n / whole, 1) if whole else 0.0

    @property
    def green_pct(self) -> float:
        return self.pct(self.green, self.tasks)

    @property
    def red_pct(self) -> float:
        return self.pct(self.red, self.tasks)

    @property
    def on_time_pct(self) -> float:
        return self.pct(self.on_time, self.expected)


def area(fig: RoundFigures, task_ids: Iterable[int], unit_names: Iterable[str]) -> RoundFigures:
    """The figures narrowed to a leader's area: the tasks they lead or whose lead unit they
    oversee, and those units (a new object: the figures may be the shared cached ones)."""
    from dataclasses import replace

    ids = set(task_ids)
    tasks = [t for t in fig.tasks if t.task_id in ids]
    names = set(unit_names) | {t.lead_units[0] for t in tasks if t.lead_units}
    return replace(fig, tasks=tasks, units=[u for u in fig.units if u.name in names])


def reports_missing(owed: Mapping[int, Any], task_ids: Iterable[int]) -> int:
    """The lead reports never submitted (未报, as `cycle.services.owed` counts them for the 通报)
    on the tasks of `task_ids`: those the leader answers for (责任领导), not everything the units
    they oversee or that lead their tasks owe on other leaders' tasks."""
    ids = set(task_ids)
    return sum(1 for o in owed.values() for t in o.unfiled if t.pk in ids)


def lagging_first(tasks: Iterable[TaskLine]) -> list[TaskLine]:
    """Red, then yellow, then not judged yet, then green; in plan order within each."""
    from duban.web.documents.figures import _num_key

    return sorted(tasks, key=lambda t: (LIGHT_RANK.get(t.light, 9), _num_key(t.number)))


def unit_rows(fig: RoundFigures, own_units: Iterable[str]) -> list[UnitRow]:
    """Each unit the leader oversees, and each lead unit of their tasks, worst first."""
    rows: dict[str, UnitRow] = {n: UnitRow(n) for n in own_units}
    for t in fig.tasks:
        for name in t.lead_units[:1]:
            lights = rows.setdefault(name, UnitRow(name)).lights  # before the sum: a unit not overseen is new here
            lights[t.light] = lights.get(t.light, 0) + 1
    lines = {u.name: u for u in fig.units}
    for r in rows.values():
        r.line = lines.get(r.name)
    return sorted((r for r in rows.values() if r.tasks or r.line), key=lambda r: r.sort_key)


def trend(figs: Sequence[RoundFigures]) -> list[TrendPoint]:
    out = []
    for f in figs:
        lights = f.by_light()
        out.append(TrendPoint(f.period, len(f.tasks), lights["绿灯"], lights["红灯"], f.reports_on_time,
                              f.reports_expected))
    return out
