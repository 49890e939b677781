from __future__ import annotations

from typing import Any

from duban.web.documents import collect


def test_round_figures_follow_the_reports(docs: Any) -> None:
    fig = collect.round_figures(docs.rnd)
    by_no = {t.number: t for t in fig.tasks}
    assert by_no["1"].status == "序时推进" and by_no["1"].done.startswith("一季度")
    assert by_no["1"].indicators[0].actual == 6.8
    assert by_no["2"].status == "未报送" and by_no["2"].light == "灰灯"
    units = {u.name: u for u in fig.units}
    assert units["示例区发展和改革局"].expected == 1 and units["示例区发展和改革局"].submitted == 1
    assert units["示例区农业农村局"].missing == 1
