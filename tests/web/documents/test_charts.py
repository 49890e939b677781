"""Every chart renders to a non-empty PNG whose Chinese labels are real glyphs, not boxes."""

from __future__ import annotations

import io
import warnings

import pytest

from duban.web.documents import charts
from duban.web.documents.fonts import FontMissing, cjk_font


@pytest.fixture(autouse=True)
def _need_font() -> None:
    try:
        cjk_font()
    except FontMissing as exc:
        pytest.skip(str(exc))


def _pixels(png: bytes):  # type: ignore[no-untyped-def]
    import numpy as np
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    return np.asarray(img.convert("L"), dtype=float)


CHARTS = {
    "bar": lambda: charts.bar_chart("各进展状态任务数", ["已完成", "序时推进", "滞后"], [3, 5, 1]),
    "stacked": lambda: charts.stacked_bars("各章节灯号", ["一、主要预期目标", "二、重点工作"],
                                           {"绿灯": [3, 4], "黄灯": [1, 2], "红灯": [0, 1]}, colours=charts.LIGHT_COLOURS),
    "trend": lambda: charts.trend_chart("各轮趋势", ["第一季度", "第二季度"], {"按时报送率": [80, 90]}),
    "indicator": lambda: charts.indicator_chart("指标完成", ["地区生产总值", "粮食播种面积"], [7, 45000], [7, 11250],
                                                [6.8, 9000]),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_is_a_non_empty_png_with_real_chinese_glyphs(name: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = CHARTS[name]()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing  # matplotlib warns for every glyph it has to draw as a box
    px = _pixels(png)
    assert px.shape[0] > 200 and px.shape[1] > 400
    assert px.std() > 10  # not a blank image


def test_chinese_title_differs_from_the_same_chart_drawn_without_a_chinese_font() -> None:
    """Drawn with DejaVu Sans (no CJK), every Chinese glyph becomes the same box: the images differ."""
    from matplotlib.figure import Figure

    def draw(family: str) -> bytes:
        fig = Figure(figsize=(3, 1), dpi=100)
        fig.text(0.05, 0.4, "完成情况通报", fontfamily=family, fontsize=20)
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.savefig(buf, format="png")
        return buf.getvalue()

    from duban.web.documents.fonts import matplotlib_family

    cjk, plain = _pixels(draw(matplotlib_family())), _pixels(draw("DejaVu Sans"))
    assert abs(cjk - plain).mean() > 1.0
