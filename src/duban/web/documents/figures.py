"""A round's figures as plain data: every task with its status, light, what was done and its
indicators; every unit with its reports due and on time. The 台账, the 通报, the dashboards and
the assessment all read this, so they agree with each other; `collect.py` fills it from the
database, and tests and benchmarks can build it directly."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

STATUS_ORDER = ("已完成", "序时推进", "滞后", "未启动", "无法完成", "未报送")
LIGHT_ORDER = ("绿灯", "黄灯", "红灯", "灰灯")


@dataclass
class IndicatorLine:
    name: str
    target: float | None
    target_text: str
    actual: float | None = None
    unit: str = ""
    expected: float | None = None  # what time elapsed asks for by now (序时), same unit as target
    scale: float = 1.0  # figures are kept in the base unit (元); shown in the one the plan printed (亿元)
    shown_unit: str = ""

    def _text(self, value: float) -> str:
        return f"{round(value / (self.scale or 1.0), 4):g}{self.shown_unit or self.unit}"

    @property
    def actual_text(self) -> str:
        """The reported figure as the plan printed its target: 5.2亿元, never 5.2e+08元."""
        if self.actual is None:
            return "未填报"
        return self._text(self.actual)

    @property
    def expected_text(self) -> str:
        """What 序时进度 asks for by now, in the same unit; empty when there is no pace."""
        return "" if self.expected is None else self._text(self.expected)


@dataclass
class TaskLine:
    task_id: int
    number: str
    text: str
    section: str = ""
    starred: bool = False
    leaders: list[str] = field(default_factory=list)  # 责任领导 as the plan names them
    lead_units: list[str] = field(default_factory=list)
    coop_units: list[str] = field(default_factory=list)
    deadline: str = ""
    persons: list[str] = field(default_factory=list)  # 责任人 as the plan names them
    status: str = "未报送"  # one of STATUS_ORDER
    light: str = "灰灯"  # one of LIGHT_ORDER
    reasons: str = ""  # why the light is what it is
    done: str = ""  # 完成情况 as the lead unit reported it
    review: str = ""  # the office's verdict: 已通过 / 已退回 / 待审核
    returned: int = 0  # times the report was returned this round
    mark: str = ""  # the office's mark on the accepted report: 优 / 良 / 中 / 差, or ""
    indicators: list[IndicatorLine] = field(default_factory=list)
    report_id: int | None = None

    @property
    def label(self) -> str:
        return ("★" if self.starred and not self.text.startswith("★") else "") + self.text


@dataclass
class UnitLine:
    unit_id: int
    name: str
    kind: str = ""
    expected: int = 0  # reports the unit owes in the round (as lead unit)
    on_time: int = 0
    late: int = 0  # submitted after the due date
    missing: int = 0  # not submitted yet
    returned: int = 0
    due: dt.date | None = None  # the round's due date, or the unit's extension (延期)
    leaders: list[str] = field(default_factory=list)  # who oversees the unit (分管)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late


@dataclass
class RoundFigures:
    plan_title: str
    government: str
    year: int
    period: str  # "2026年第一季度"
    due: dt.date | None
    as_of: dt.date
    tasks: list[TaskLine]
    units: list[UnitLine]
    leader_areas: dict[str, list[int]] = field(default_factory=dict)  # leader → task ids in their area
    round_id: int | None = None
    on: dt.date | None = None  # the day the figures were read (the cycle's today); None: all counted

    def is_due(self, unit: UnitLine) -> bool:
        """Whether the round counts for the unit yet: only once its (extended) due date has
        passed. Before that, a report not in is not missing, only not in yet."""
        return self.on is None or unit.due is None or self.on > unit.due

    # --- summaries ------------------------------------------------------------------------------

    @property
    def reports_expected(self) -> int:
        return sum(u.expected for u in self.units)

    @property
    def reports_on_time(self) -> int:
        return sum(u.on_time for u in self.units)

    @property
    def reports_late(self) -> int:
        return sum(u.late for u in self.units)

    @property
    def reports_missing(self) -> int:
        return sum(u.missing for u in self.units)

    @property
    def has_reports(self) -> bool:
        return any(t.status != "未报送" for t in self.tasks)

    def by_status(self, tasks: Iterable[TaskLine] | None = None) -> dict[str, int]:
        c = Counter(t.status for t in (self.tasks if tasks is None else tasks))
        return {s: c.get(s, 0) for s in STATUS_ORDER}

    def by_light(self, tasks: Iterable[TaskLine] | None = None) -> dict[str, int]:
        c = Counter(t.light for t in (self.tasks if tasks is None else tasks))
        return {s: c.get(s, 0) for s in LIGHT_ORDER}

    def _grouped(self, key: dict[str, list[TaskLine]]) -> list[tuple[str, dict[str, int], dict[str, int]]]:
        return [(name, self.by_status(ts), self.by_light(ts)) for name, ts in key.items()]

    def by_section(self) -> list[tuple[str, dict[str, int], dict[str, int]]]:
        groups: dict[str, list[TaskLine]] = defaultdict(list)
        for t in self.tasks:
            groups[t.section or "(未分章节)"].append(t)
        return self._grouped(groups)

    def by_leader(self) -> list[tuple[str, dict[str, int], dict[str, int]]]:
        ids = {t.task_id: t for t in self.tasks}
        groups = {name: [ids[i] for i in tids if i in ids] for name, tids in self.leader_areas.items()}
        return self._grouped({k: v for k, v in groups.items() if v})

    def by_unit(self) -> list[tuple[str, dict[str, int], dict[str, int]]]:
        groups: dict[str, list[TaskLine]] = defaultdict(list)
        for t in self.tasks:
            for u in t.lead_units[:1] or ["(未落实牵头单位)"]:
                groups[u].append(t)
        return self._grouped(groups)

    def lagging(self) -> list[TaskLine]:
        """Tasks on red (worst first), then yellow: the list a bulletin names."""
        rank = {"红灯": 0, "黄灯": 1}
        return sorted((t for t in self.tasks if t.light in rank), key=lambda t: (rank[t.light], _num_key(t.number)))

    def late_units(self) -> list[UnitLine]:
        """Units with reports missing or late, most missing first."""
        return sorted((u for u in self.units if u.missing or u.late),
                      key=lambda u: (-u.missing, -u.late, u.name))

    def pct(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "—"


def _num_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 10**9, number)
