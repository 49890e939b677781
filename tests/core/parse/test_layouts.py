"""Every plan layout the reader knows, as reference files: input text and the expected reading.

Three piles (dev: the layouts we built for; eval: plans held back to check we did not build for
the dev pile only; bugs: each bug caught, kept so it stays fixed). Each expected file lists the
tasks in order with the fields that matter for that layout; fields it leaves out are not checked.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from duban.core.parse import parse_file

PLANS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
CASES = sorted(p for pile in ("dev", "eval", "bugs") for p in (PLANS / pile).glob("*.txt"))


def norm(value: object) -> object:
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split())
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


@pytest.mark.parametrize("source", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_layout_reads_as_expected(source: Path) -> None:
    expected = json.loads(source.with_suffix(".expected.json").read_text(encoding="utf-8"))
    plan = parse_file(source).to_dict()
    for key in ("title", "region", "year", "issuer"):
        if key in expected:
            assert norm(plan[key]) == norm(expected[key]), key
    if "sections" in expected:
        assert len(plan["sections"]) == expected["sections"]
    got = plan["tasks"]
    want = expected["tasks"]
    assert [t["number"] for t in got] == [t["number"] for t in want]
    for g, w in zip(got, want, strict=True):
        for key, value in w.items():
            assert norm(g[key]) == norm(value), f"task {w['number']}: {key}"
