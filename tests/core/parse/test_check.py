"""The reader's self-check: what it asks the user to verify, and what it must not."""

from __future__ import annotations

from pathlib import Path

from duban.core.parse import parse_file

BUGS = Path(__file__).resolve().parents[2] / "fixtures" / "plans" / "bugs"


def test_units_carried_down_a_cell_merged_over_several_rows_are_found_in_the_text() -> None:
    # rows 2 and 3 print no unit cell: the one in row 1, merged over them, is theirs too
    plan = parse_file(BUGS / "flat_unit_cell_merged_over_rows.txt")
    assert [t.lead_units for t in plan.tasks][:3] == [["区人力社保局"]] * 3
    assert not [w.message for w in plan.warnings if "找不到" in w.message]
