"""Progress against time (序时进度): a task's traffic light from its reported status, its
milestones and its indicator actuals, judged at a date, with the reasons in words.

Pure Python, no Django: the web app calls `judge()` for every task of a round and shows the
reasons beside the light, and `RULES` on the page that explains the rule, so a unit can see
why it is yellow and what would make it green.

The rule, in short:

- grey: no report for the round yet: nothing to judge;
- red: the unit says 滞后 or 无法完成; the completion date has passed and it is not done;
  未启动 when half the time or more has gone; a milestone missed by more than a month;
  a cumulative indicator below half of what the time elapsed asks; a rate or a control
  indicator far off its target;
- yellow: 未启动 once time has started to run; a milestone missed by up to a month;
  an indicator behind 序时进度 (by more than the tolerance); a task reported 已完成 whose
  indicators fall short of the target;
- green: 已完成, or 序时推进 with milestones met and indicators on pace.

序时进度: a cumulative target (a level or a count: 新增20家, 完成投资180亿元) is expected
to grow in proportion to the time elapsed between the start of the plan year and the task's
completion date, unless its milestones say otherwise (a milestone may carry the share
expected by its date). A rate (增长7%, 失业率控制在4.5%以内) is measured year-to-date and
compared with the target itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Light(StrEnum):
    """The four lights, in the order a list shows them (worst first after grey)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"


LIGHT_LABELS: dict[Light, str] = {
    Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯", Light.GREY: "灰灯",
}
LIGHT_MEANINGS: dict[Light, str] = {
    Light.GREEN: "按序时推进或已完成",
    Light.YELLOW: "进度偏慢,需要关注",
    Light.RED: "明显滞后或无法完成,需要督办",
    Light.GREY: "尚未报送,无法判断",
}
_RANK = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


class Status(StrEnum):
    """What a unit says of its task in a report (附表3 完成情况)."""

    DONE = "done"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    NOT_STARTED = "not_started"
    CANNOT = "cannot"


STATUS_LABELS: dict[Status, str] = {
    Status.DONE: "已完成",
    Status.ON_TRACK: "序时推进",
    Status.LAGGING: "滞后",
    Status.NOT_STARTED: "未启动",
    Status.CANNOT: "无法完成",
}

RULES: tuple[str, ...] = (
    "灰灯:本轮尚未报送完成情况,无法判断。",
    "红灯:单位报告“滞后”或“无法完成”;已过完成时限仍未完成;时间已过半仍“未启动”;"
    "里程碑逾期超过一个月未完成;累计类指标不到序时进度的一半;比率类指标明显偏离目标。",
    "黄灯:时间已开始仍“未启动”;里程碑逾期一个月以内未完成;指标落后于序时进度;"
    "报告“已完成”但指标未达目标。",
    "绿灯:已完成,或序时推进且里程碑按时完成、指标达到序时进度。",
    "序时进度:累计类指标(如新增20家、完成投资180亿元)应按年初至完成时限的时间比例推进,"
    "办理方案的里程碑另有约定的,以里程碑为准;比率类指标(如增长7%、控制在4.5%以内)"
    "按年度累计值直接与目标比较。",
)

MILESTONE_GRACE_DAYS = 31
TOLERANCE = 0.05  # five points of the target: a rounding of the reported figure is not a lag


@dataclass(frozen=True)
class Milestone:
    """A work item of the implementation plan (办理方案) with its completion date.

    `expected` is the share of the task (0–1) due by that date, when the plan says so."""

    due: dt.date
    text: str
    done: bool = False
    expected: float | None = None


@dataclass(frozen=True)
class IndicatorActual:
    """An indicator of the task (as in duban.plan/1) with the value reported for it.

    `measure` is growth | level | count | ratio; `comparator` is >= | <= | ~ | =.
    `actual` is None when the unit gave no figure."""

    name: str
    measure: str
    target: float
    actual: float | None
    unit: str = ""
    comparator: str = "="


@dataclass(frozen=True)
class Judgement:
    """A light and the reasons for it, each a sentence a user can read."""

    light: Light
    reasons: tuple[str, ...] = ()
    expected_share: float | None = None

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.light]

    @property
    def explanation(self) -> str:
        return ";".join(self.reasons) if self.reasons else LIGHT_MEANINGS[self.light]


@dataclass
class _Acc:
    light: Light = Light.GREEN
    reasons: list[str] = field(default_factory=list)

    def add(self, light: Light, reason: str) -> None:
        if _RANK[light] > _RANK[self.light]:
            self.light = light
        self.reasons.append(reason)


def time_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """The share of the period [start, end] gone by the end of `as_of` (0–1)."""
    if end < start:
        return 1.0
    total = (end - start).days + 1
    gone = (as_of - start).days + 1
    return min(1.0, max(0.0, gone / total))


def expected_share(
    start: dt.date, end: dt.date, as_of: dt.date, milestones: Sequence[Milestone] = ()
) -> float:
    """How far the task should be by `as_of`: the `expected` of the latest milestone due by
    then when the plan gives shares, otherwise the share of time elapsed."""
    with_share = sorted((m for m in milestones if m.expected is not None), key=lambda m: m.due)
    if with_share:
        due = [m for m in with_share if m.due <= as_of]
        return float(due[-1].expected or 0.0) if due else 0.0
    return time_share(start, end, as_of)


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _num(x: float) -> str:
    return f"{x:.10g}"


def _judge_rate(ind: IndicatorActual, acc: _Acc) -> None:
    assert ind.actual is not None
    a, t = ind.actual, ind.target
    unit = ind.unit
    if ind.comparator == "<=":
        if a <= t:
            return
        over = a - t
        far = over > max(abs(t) * 0.2, 0.5)
        acc.add(Light.RED if far else Light.YELLOW,
                f"{ind.name}实际{_num(a)}{unit},超过控制目标{_num(t)}{unit}")
        return
    short = t - a
    if short <= abs(t) * TOLERANCE:
        return
    far = a < t / 2 if t > 0 else short > abs(t)
    acc.add(Light.RED if far else Light.YELLOW,
            f"{ind.name}实际{_num(a)}{unit},低于目标{_num(t)}{unit}")


def _judge_cumulative(ind: IndicatorActual, share: float, acc: _Acc, *, done: bool) -> None:
    assert ind.actual is not None
    a, t = ind.actual, ind.target
    unit = ind.unit
    if t == 0:
        return
    if ind.comparator == "<=":
        if a > t:
            acc.add(Light.RED, f"{ind.name}累计{_num(a)}{unit},已超过控制目标{_num(t)}{unit}")
        return
    reached = a / t
    want = 1.0 if done else share
    if reached + TOLERANCE >= want:
        return
    if done:
        acc.add(Light.YELLOW, f"报告已完成,但{ind.name}累计{_num(a)}{unit},未达目标{_num(t)}{unit}")
        return
    far = want >= 0.25 and reached < want / 2
    acc.add(Light.RED if far else Light.YELLOW,
            f"{ind.name}完成{_pct(reached)}({_num(a)}/{_num(t)}{unit}),低于序时进度{_pct(want)}")


def judge(
    *,
    status: str | None,
    as_of: dt.date,
    start: dt.date,
    due: dt.date | None,
    milestones: Sequence[Milestone] = (),
    indicators: Sequence[IndicatorActual] = (),
) -> Judgement:
    """The light of one task at `as_of` (usually the end of the reporting period).

    `status` is the unit's reported status (a `Status` value) or None when there is no report;
    `start` is when the time starts to run (1 January of the plan year); `due` is the task's
    completion date (31 December when the plan names none)."""
    if not status:
        return Judgement(Light.GREY, ("本轮尚未报送完成情况",))
    st = Status(status)
    end = due or dt.date(start.year, 12, 31)
    share = expected_share(start, end, as_of, milestones)
    acc = _Acc()

    if st == Status.CANNOT:
        acc.add(Light.RED, "单位报告无法完成")
    elif st == Status.LAGGING:
        acc.add(Light.RED, "单位报告进度滞后")
    elif st == Status.NOT_STARTED:
        gone = time_share(start, end, as_of)
        if gone >= 0.5:
            acc.add(Light.RED, f"时间已过{_pct(gone)},仍未启动")
        elif gone > 0:
            acc.add(Light.YELLOW, f"时间已过{_pct(gone)},尚未启动")
        else:
            acc.reasons.append("尚未到开始时间")
    if st != Status.DONE and due is not None and as_of > due:
        acc.add(Light.RED, f"已过完成时限({due.month}月{due.day}日)仍未完成")

    if st != Status.DONE:
        for m in milestones:
            if m.done or m.due >= as_of:
                continue
            late = (as_of - m.due).days
            light = Light.RED if late > MILESTONE_GRACE_DAYS else Light.YELLOW
            acc.add(light, f"里程碑“{m.text}”({m.due.month}月底)逾期{late}天未完成")

    for ind in indicators:
        if ind.actual is None:
            continue
        if ind.measure in ("growth", "ratio"):
            _judge_rate(ind, acc)
        else:
            _judge_cumulative(ind, share, acc, done=st == Status.DONE)

    if acc.light == Light.GREEN:
        if st == Status.DONE:
            acc.reasons.insert(0, "单位报告已完成")
        elif st == Status.ON_TRACK:
            acc.reasons.insert(0, f"序时推进(序时进度应达{_pct(share)})")
        elif st == Status.NOT_STARTED and not acc.reasons:
            acc.reasons.append("尚未到开始时间")
    return Judgement(acc.light, tuple(acc.reasons), expected_share=share)
