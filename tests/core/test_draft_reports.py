"""The drafter scored on reports read by hand: the twelve real ones in ../shared/reports, the
project's own fictional ones (tests/fixtures/reports/S*.txt), and the real pages kept in
tests/fixtures/reports/real (news copies, digests, converted pages; see its README), against
their `*.expected.json`.

The bars are the issue's: the main targets found with the right value and comparator ≥ 0.95 of
all, and ≥ 0.98 of the drafted tasks drawn from this year's work. `bench/draft.py` prints the
same figures per report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.core.draft import draft_file
from duban.core.errors import DubanError
from duban.core.plan import Plan
from tests.conftest import shared_path
from tests.fixtures.reports.score import HERE, Score, expectations, pooled, score

REAL_PAGES = HERE / "real"
FICTIONAL = [(name, exp) for name, exp in expectations() if (HERE / exp["report"]).exists()]
REAL = [(name, exp) for name, exp in expectations() if not (HERE / exp["report"]).exists()]


def _scored(folder: Path, name: str, exp: dict) -> Score:
    path = folder / exp["report"]
    try:
        plan = draft_file(path)
    except DubanError:  # refused as holding no year's work: nothing drafted, every target missed
        plan = Plan(title="")
    return score(name, plan, exp, path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(("name", "exp"), FICTIONAL, ids=[n for n, _ in FICTIONAL])
def test_a_fictional_report_s_targets_and_work_are_all_found(name: str, exp: dict) -> None:
    s = _scored(HERE, name, exp)
    assert s.missed == [], f"{name}: targets missed: {s.missed}"
    assert s.outside == [], f"{name}: tasks from outside this year's work: {s.outside}"
    assert s.extra_targets == 0


@pytest.mark.shared
def test_the_twelve_real_reports_meet_the_bars_for_targets_and_this_year_s_work() -> None:
    folder = shared_path("reports")
    scores = [_scored(folder, name, exp) for name, exp in REAL]
    figures = pooled(scores)
    missed = [f"{s.name}: {m}" for s in scores for m in s.missed]
    outside = [f"{s.name} {o}" for s in scores for o in s.outside]
    assert len(scores) == 12
    assert figures["targets"] >= 0.95, missed
    assert figures["work_share"] >= 0.98, outside[:20]


def test_the_real_pages_meet_the_bars_for_targets_and_this_year_s_work() -> None:
    scores = [_scored(REAL_PAGES, name, exp) for name, exp in expectations(REAL_PAGES)]
    figures = pooled(scores)
    missed = [f"{s.name}: {m}" for s in scores for m in s.missed]
    outside = [f"{s.name} {o}" for s in scores for o in s.outside]
    assert len(scores) >= 20
    assert figures["targets"] >= 0.95, missed
    assert figures["work_share"] >= 0.98, outside[:20]
    assert figures["extra_targets"] <= 0.02 * sum(s.targets_expected for s in scores)


def test_the_expectations_are_well_formed() -> None:
    for name, exp in expectations() + expectations(REAL_PAGES):
        lo, hi = exp["parts"]["work"]
        assert exp["parts"]["targets"] is None or lo <= exp["parts"]["targets"] <= hi, name
        assert (HERE / exp["report"]).exists() or (REAL_PAGES / exp["report"]).exists() or name[:2].isdigit(), name
        for t in exp["targets"]:
            assert ("text" in t) != ("value" in t), (name, t)
            if "value" in t:
                assert t["comparator"] in (">=", "<=", "~", "="), (name, t)
