"""The reader on the real seed plans, scored against the hand-checked gold by ../shared's scorer.

Issue 2's bar: task F1 ≥ 0.99, task_exact ≥ 0.95, lead units exact ≥ 0.99, cooperating units
F1 ≥ 0.98, indicator F1 ≥ 0.90 on each seed. Skipped where ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from duban.core.parse import parse_file
from tests.conftest import SHARED, shared_path

GOLDS = sorted((SHARED / "gold").glob("*.json")) if (SHARED / "gold").is_dir() else []


def scorer() -> Any:
    path = shared_path("tools", "score.py")
    spec = importlib.util.spec_from_file_location("duban_shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name[:3] for g in GOLDS])
def test_seed_plan_meets_the_bar(gold_path: Path) -> None:
    seed = shared_path("seeds", gold_path.stem + ".txt")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = parse_file(seed).to_dict()
    r = scorer().score_parse(gold, pred)
    figures = {
        "task_f1": r["task_f1"], "task_exact": r["task_exact"], "lead_exact": r["lead_units"]["exact"],
        "coop_f1": r["cooperating_units"]["f1"], "indicators_f1": r["indicators"]["f1"],
        "first_inexact": r["first_inexact_gold_ids"],
    }
    assert r["task_f1"] >= 0.99, figures
    assert r["task_exact"] >= 0.95, figures
    assert r["lead_units"]["exact"] >= 0.99, figures
    assert r["cooperating_units"]["f1"] >= 0.98, figures
    assert r["indicators"]["f1"] >= 0.90, figures


def test_seed_tests_skip_cleanly_without_shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tests.conftest as c

    monkeypatch.setattr(c, "SHARED", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception, match="absent"):
        c.shared_path("gold")


REPORTS = sorted((SHARED / "reports").glob("[0-9][0-9].txt")) if (SHARED / "reports").is_dir() else []


@pytest.mark.shared
@pytest.mark.parametrize("report", REPORTS + [None], ids=[r.stem for r in REPORTS] + ["seed-002"])
def test_a_work_report_is_not_read_as_a_plan(report: Path | None) -> None:
    """A 政府工作报告 (even with an appendix of 七大项目指挥部:… lines) is refused, pointing to the drafter."""
    from duban.core.errors import NoPlanError

    path = report if report is not None else next(iter(sorted(shared_path("seeds").glob("002*.txt"))))
    with pytest.raises(NoPlanError, match="这是政府工作报告"):
        parse_file(path)
