from __future__ import annotations

import datetime as dt

import pytest

from duban.web.plans.deadlines import due_date


@pytest.mark.parametrize(("text", "want"), [
    ("6月底前", dt.date(2026, 6, 30)),
    ("12月底前", dt.date(2026, 12, 31)),
    ("十月底前", dt.date(2026, 10, 31)),
    ("三季度末", dt.date(2026, 9, 30)),
    ("上半年", dt.date(2026, 6, 30)),
    ("年内持续推进", dt.date(2026, 12, 31)),
    ("2027年6月", dt.date(2027, 6, 30)),
    ("3月中旬", dt.date(2026, 3, 20)),
    ("6月底前完成方案,11月底前完工", dt.date(2026, 11, 30)),
])
def test_printed_deadline_gives_its_due_date(text: str, want: dt.date) -> None:
    assert due_date(text, 2026) == want


@pytest.mark.parametrize("text", [None, "", "按上级要求", "13月"])
def test_text_without_a_date_gives_none(text: str | None) -> None:
    assert due_date(text, 2026) is None
