"""Charts with Chinese labels, drawn by matplotlib to PNG for Word and PDF.

The browser dashboards draw the same figures with chart.js (served locally); these PNGs are for
paper. Figures are built with `matplotlib.figure.Figure` (no pyplot state), so two requests can
draw at once.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from duban.web.documents.fonts import matplotlib_family

STATUS_COLOURS = {
    "已完成": "#2e7d32", "序时推进": "#1976d2", "滞后": "#e65100", "未启动": "#9e9e9e", "无法完成": "#b71c1c",
    "未报送": "#cfd8dc",
}
LIGHT_COLOURS = {"绿灯": "#43a047", "黄灯": "#fbc02d", "红灯": "#e53935", "灰灯": "#b0bec5"}


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    family = matplotlib_family()
    fig = Figure(figsize=(width, height), dpi=150)
    fig.set_layout_engine("constrained")
    return fig, family


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor="white")
    return buf.getvalue()


def _short(label: str, n: int = 14) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
              colours: Sequence[str] | None = None, unit: str = "项") -> bytes:
    """One bar per label, its value written on it (counts by status, by light…)."""
    fig, family = _figure(6.4, 3.4)
    ax = fig.add_subplot()
    xs = range(len(labels))
    bars = ax.bar(xs, values, color=list(colours) if colours else "#1976d2")
    ax.set_xticks(list(xs), [_short(lb, 8) for lb in labels], fontfamily=family)
    ax.bar_label(bars, labels=[f"{v:g}" for v in values], fontfamily=family)
    ax.set_ylabel(unit, fontfamily=family)
    ax.set_title(title, fontfamily=family, fontsize=13)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def stacked_bars(title: str, categories: Sequence[str], series: dict[str, Sequence[float]], *,
                 colours: dict[str, str] | None = None, max_rows: int = 30) -> bytes:
    """Horizontal stacked bars: one row per category (section, unit, leader's area), one colour
    per series (status or light). Only the first `max_rows` categories are drawn."""
    cats = list(categories)[:max_rows]
    fig, family = _figure(6.4, max(2.2, 0.32 * len(cats) + 1.2))
    ax = fig.add_subplot()
    left = [0.0] * len(cats)
    ys = list(range(len(cats)))
    for name, vals in series.items():
        vs = [float(v) for v in list(vals)[: len(cats)]]
        ax.barh(ys, vs, left=left, label=name, color=(colours or {}).get(name))
        left = [a + b for a, b in zip(left, vs, strict=True)]
    ax.set_yticks(ys, [_short(c) for c in cats], fontfamily=family, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, fontfamily=family, fontsize=13)
    fig.legend(prop={"family": family, "size": 8}, loc="outside lower center", ncols=min(len(series), 5))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def trend_chart(title: str, rounds: Sequence[str], series: dict[str, Sequence[float]], *,
                unit: str = "%") -> bytes:
    """Lines across rounds (share on time, share green, completion…)."""
    fig, family = _figure(6.4, 3.2)
    ax = fig.add_subplot()
    for name, vals in series.items():
        ax.plot(list(rounds), list(vals), marker="o", label=name)
    ax.set_xticks(range(len(rounds)), list(rounds), fontfamily=family)
    ax.set_ylabel(unit, fontfamily=family)
    ax.set_title(title, fontfamily=family, fontsize=13)
    ax.legend(prop={"family": family, "size": 8})
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def indicator_chart(title: str, labels: Sequence[str], target: Sequence[float], expected: Sequence[float],
                    actual: Sequence[float]) -> bytes:
    """Each indicator's actual against its target and against time (序时), as % of target."""
    fig, family = _figure(6.4, max(2.4, 0.4 * len(labels) + 1.2))
    ax = fig.add_subplot()
    ys = list(range(len(labels)))
    pct = [100 * a / t if t else 0.0 for a, t in zip(actual, target, strict=True)]
    exp = [100 * e / t if t else 0.0 for e, t in zip(expected, target, strict=True)]
    ax.barh(ys, pct, color="#1976d2", label="实际完成(占目标%)")
    ax.scatter(exp, ys, marker="|", s=300, color="#e53935", label="序时进度", zorder=3)
    ax.axvline(100, color="#555", linewidth=0.8)
    ax.set_yticks(ys, [_short(lb, 16) for lb in labels], fontfamily=family, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, fontfamily=family, fontsize=13)
    ax.legend(prop={"family": family, "size": 8}, loc="lower right")
    return _png(fig)
