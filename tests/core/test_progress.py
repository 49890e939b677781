"""The traffic-light rule (序时进度): each clause of duban.core.progress pinned by a case."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.core.progress import (
    RULES,
    IndicatorActual,
    Light,
    Milestone,
    Status,
    expected_share,
    judge,
    time_share,
)

Y = 2026
START = dt.date(Y, 1, 1)
Q1_END = dt.date(Y, 3, 31)
Q2_END = dt.date(Y, 6, 30)


def j(status: str | None, as_of: dt.date = Q1_END, due: dt.date | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return judge(status=status, as_of=as_of, start=START, due=due, **kw)  # type: ignore[arg-type]


def count(actual: float | None, target: float = 20, comparator: str = ">=") -> IndicatorActual:
    return IndicatorActual(name="新增高新技术企业", measure="count", target=target, actual=actual, unit="家",
                           comparator=comparator)


def test_no_report_is_grey_with_the_reason() -> None:
    r = j(None)
    assert r.light == Light.GREY
    assert "尚未报送" in r.explanation


def test_done_is_green() -> None:
    assert j(Status.DONE).light == Light.GREEN


@pytest.mark.parametrize("status", [Status.LAGGING, Status.CANNOT])
def test_lagging_or_cannot_is_red(status: Status) -> None:
    r = j(status)
    assert r.light == Light.RED
    assert r.reasons


def test_on_track_with_nothing_against_it_is_green_and_says_the_expected_share() -> None:
    r = j(Status.ON_TRACK)
    assert r.light == Light.GREEN
    assert "25%" in r.explanation  # a quarter of the year gone at the end of Q1


def test_quarter_of_the_year_is_a_quarter_of_the_way() -> None:
    assert time_share(START, dt.date(Y, 12, 31), Q1_END) == pytest.approx(0.25, abs=0.01)
    assert time_share(START, dt.date(Y, 6, 30), Q1_END) == pytest.approx(0.5, abs=0.01)
    assert time_share(START, dt.date(Y, 12, 31), dt.date(Y - 1, 12, 1)) == 0.0
    assert time_share(START, dt.date(Y, 12, 31), dt.date(Y + 1, 2, 1)) == 1.0


def test_not_started_yellow_early_red_after_half_the_time() -> None:
    assert j(Status.NOT_STARTED).light == Light.YELLOW
    r = j(Status.NOT_STARTED, as_of=dt.date(Y, 7, 31))
    assert r.light == Light.RED
    assert "未启动" in r.explanation


def test_not_started_before_time_runs_is_green() -> None:
    assert j(Status.NOT_STARTED, as_of=dt.date(Y - 1, 12, 31)).light == Light.GREEN


def test_past_the_completion_date_and_not_done_is_red() -> None:
    r = j(Status.ON_TRACK, as_of=Q2_END, due=dt.date(Y, 5, 31))
    assert r.light == Light.RED
    assert "5月31日" in r.explanation
    assert j(Status.DONE, as_of=Q2_END, due=dt.date(Y, 5, 31)).light == Light.GREEN


def test_cumulative_indicator_on_pace_behind_and_far_behind() -> None:
    assert j(Status.ON_TRACK, indicators=[count(5)]).light == Light.GREEN  # 25% at 25%
    assert j(Status.ON_TRACK, indicators=[count(4.5)]).light == Light.GREEN  # within tolerance
    behind = j(Status.ON_TRACK, indicators=[count(3)])  # 15% at 25%
    assert behind.light == Light.YELLOW
    assert "低于序时进度" in behind.explanation
    far = j(Status.ON_TRACK, as_of=Q2_END, indicators=[count(4)])  # 20% at 50%
    assert far.light == Light.RED


def test_missing_indicator_figure_is_not_judged() -> None:
    assert j(Status.ON_TRACK, indicators=[count(None)]).light == Light.GREEN


def test_milestone_shares_override_the_time_share() -> None:
    ms = [Milestone(dt.date(Y, 3, 31), "完成选址", done=True, expected=0.1),
          Milestone(dt.date(Y, 9, 30), "开工建设", expected=0.6)]
    assert expected_share(START, dt.date(Y, 12, 31), Q1_END, ms) == pytest.approx(0.1)
    assert j(Status.ON_TRACK, indicators=[count(2)], milestones=ms).light == Light.GREEN  # 10% asked, 10% done
    assert expected_share(START, dt.date(Y, 12, 31), dt.date(Y, 2, 1), ms) == 0.0


def test_missed_milestone_yellow_then_red_after_a_month() -> None:
    ms = [Milestone(dt.date(Y, 3, 15), "完成招标")]
    r = j(Status.ON_TRACK, milestones=ms)
    assert r.light == Light.YELLOW
    assert "完成招标" in r.explanation
    assert j(Status.ON_TRACK, as_of=dt.date(Y, 5, 31), milestones=ms).light == Light.RED
    done = [Milestone(dt.date(Y, 3, 15), "完成招标", done=True)]
    assert j(Status.ON_TRACK, milestones=done).light == Light.GREEN


def test_growth_rate_is_compared_with_the_target_not_prorated() -> None:
    gdp = IndicatorActual(name="地区生产总值", measure="growth", target=7, actual=7.2, unit="%", comparator=">=")
    assert j(Status.ON_TRACK, indicators=[gdp]).light == Light.GREEN
    slow = IndicatorActual(name="地区生产总值", measure="growth", target=7, actual=5.5, unit="%", comparator=">=")
    assert j(Status.ON_TRACK, indicators=[slow]).light == Light.YELLOW
    bad = IndicatorActual(name="地区生产总值", measure="growth", target=7, actual=2, unit="%", comparator=">=")
    assert j(Status.ON_TRACK, indicators=[bad]).light == Light.RED


def test_control_ratio_above_its_ceiling() -> None:
    ok = IndicatorActual(name="城镇登记失业率", measure="ratio", target=4.5, actual=4.1, unit="%", comparator="<=")
    assert j(Status.ON_TRACK, indicators=[ok]).light == Light.GREEN
    over = IndicatorActual(name="城镇登记失业率", measure="ratio", target=4.5, actual=4.8, unit="%", comparator="<=")
    r = j(Status.ON_TRACK, indicators=[over])
    assert r.light == Light.YELLOW
    assert "超过控制目标" in r.explanation


def test_done_but_short_of_the_target_is_yellow() -> None:
    r = j(Status.DONE, indicators=[count(12)])
    assert r.light == Light.YELLOW
    assert "未达目标" in r.explanation


def test_the_worst_clause_wins_and_every_reason_is_kept() -> None:
    ms = [Milestone(dt.date(Y, 1, 31), "完成规划")]
    r = j(Status.ON_TRACK, milestones=ms, indicators=[count(3)])
    assert r.light == Light.RED  # milestone two months late
    assert len(r.reasons) == 2


def test_the_rule_is_written_for_every_light() -> None:
    text = "".join(RULES)
    for word in ("灰灯", "红灯", "黄灯", "绿灯", "序时进度"):
        assert word in text
