"""What is due: a round counts against a unit only after its due date, or its extension (延期).
Before that, a report not in yet is not 未报送 and nothing of the round is added or deducted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from duban.web.cycle import services as cs
from duban.web.documents import services

NYJ = "示例区农业农村局"  # leads task_b, has filed nothing in the world's first quarter


def score(docs: Any, day: dt.date, monkeypatch: pytest.MonkeyPatch, rnd: Any = None) -> Any:
    monkeypatch.setattr(cs, "today", lambda: day)
    return {s.unit: s for s in services.assessment(docs.w.plan, rnd)}


def test_a_round_not_yet_due_deducts_nothing(docs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    before = score(docs, dt.date(2026, 4, 20), monkeypatch, docs.rnd)[NYJ]  # the due date itself
    assert before.total == 100 and [line.text for line in before.lines] == ["基础分 1 × 100 = +100"]
    assert before.not_yet == ["2026年第一季度(4月20日截止,尚未计分)"]
    after = score(docs, dt.date(2026, 4, 21), monkeypatch, docs.rnd)[NYJ]
    assert "2026年第一季度未报送 1 × 5 = −5" in [line.text for line in after.lines] and after.total == 95
    assert not after.not_yet
    # the year: the open fourth quarter of the issue (due next 20 January) takes nothing either
    q4 = cs.open_round(actor=docs.office, round=cs.create_round(actor=docs.office, plan=docs.w.plan, number=4))
    year = score(docs, dt.date(2026, 12, 7), monkeypatch)[NYJ]
    assert not [line for line in year.lines if "第四季度" in line.item]
    assert year.not_yet == [f"{q4.title}(1月20日截止,尚未计分)"] and year.total == 95


def test_an_extension_moves_the_day_a_round_counts(docs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 18))
    cs.extend_round(actor=docs.office, round=docs.rnd, unit=docs.w.units["nyj"], due_date=dt.date(2026, 4, 30),
                    reason="汛期抢险")
    assert score(docs, dt.date(2026, 4, 25), monkeypatch, docs.rnd)[NYJ].total == 100
    assert score(docs, dt.date(2026, 5, 1), monkeypatch, docs.rnd)[NYJ].total == 95
    # the other unit's round counted from the round's own date as before
    assert score(docs, dt.date(2026, 4, 25), monkeypatch, docs.rnd)["示例区发展和改革局"].not_yet == []
