"""The assessment (考核): each unit's score from the office's rules, with every line of the
calculation kept so the office can show a unit how its score came about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.core.cells import xlsx_bytes
from duban.web.documents.figures import RoundFigures


@dataclass
class ScoreLine:
    item: str  # what was counted
    count: float
    points: float  # per item
    total: float  # signed: added or deducted

    @property
    def text(self) -> str:
        sign = "+" if self.total >= 0 else "−"
        return f"{self.item} {self.count:g} × {abs(self.points):g} = {sign}{abs(self.total):g}"


@dataclass
class UnitScore:
    unit: str
    lines: list[ScoreLine] = field(default_factory=list)
    rank: int = 0
    not_yet: list[str] = field(default_factory=list)  # rounds not counted yet: "2026年第四季度(1月20日截止)"

    @property
    def total(self) -> float:
        return round(sum(line.total for line in self.lines), 2)


def _add(s: UnitScore, item: str, count: float, points: float, sign: int) -> None:
    if count and points:
        s.lines.append(ScoreLine(item, count, points, round(sign * count * points, 2)))


# the office's review marks (cycle.ReviewMark labels) in the order their lines are shown, each
# with its rule in DEFAULT_RULES and whether its points are added (+1) or deducted (−1)
MARKS: tuple[tuple[str, str, int], ...] = (
    ("优", "mark_excellent", +1), ("良", "mark_good", +1), ("中", "mark_fair", +1), ("差", "mark_poor", -1))


def score_round(fig: RoundFigures, rules: dict[str, float], *, include_base: bool = True) -> dict[str, UnitScore]:
    """Each lead unit's lines for one round (a task counts for its first lead unit). A report
    the office accepted with a mark (优/良/中/差) counts that mark's points once.

    A round counts for a unit only once its due date (or its extension) has passed: before
    that nothing of it is added or deducted (a report not in yet is not 未报送), and the unit's
    score says which round is still to come."""
    out: dict[str, UnitScore] = {}
    waiting: set[str] = set()
    for u in fig.units:
        s = out[u.name] = UnitScore(u.name)
        if include_base:
            s.lines.append(ScoreLine("基础分", 1, rules["base"], rules["base"]))
        if not fig.is_due(u):
            waiting.add(u.name)
            due = f"{u.due.month}月{u.due.day}日截止" if u.due else "未到截止日期"
            s.not_yet.append(f"{fig.period}({due},尚未计分)")
            continue
        _add(s, f"{fig.period}按时报送", u.on_time, rules["on_time"], +1)
        _add(s, f"{fig.period}逾期报送", u.late, rules["late"], -1)
        _add(s, f"{fig.period}未报送", u.missing, rules["missing"], -1)
        _add(s, f"{fig.period}报告被退回", u.returned, rules["returned"], -1)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in fig.tasks:
        if not t.lead_units or t.lead_units[0] in waiting:
            continue
        c = counts[t.lead_units[0]]
        if t.light == "红灯":
            c["lagging"] += 1
        if t.status == "已完成" and t.review == "已通过":
            c["completed"] += 1
        if t.starred and t.light == "绿灯":
            c["starred"] += 1
        if t.mark and t.review == "已通过":
            c["mark:" + t.mark] += 1
    for name, c in counts.items():
        s = out.setdefault(name, UnitScore(name, [ScoreLine("基础分", 1, rules["base"], rules["base"])]
                                           if include_base else []))
        _add(s, f"{fig.period}红灯任务", c["lagging"], rules["lagging"], -1)
        _add(s, f"{fig.period}已完成并通过审核", c["completed"], rules["completed"], +1)
        _add(s, f"{fig.period}★任务绿灯", c["starred"], rules["starred"], +1)
        for mark, key, sign in MARKS:
            _add(s, f"{fig.period}审核评定为{mark}", c["mark:" + mark], rules[key], sign)
    return out


def rank(scores: dict[str, UnitScore]) -> list[UnitScore]:
    """Highest first; equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), key=lambda s: (-s.total, s.unit))
    prev, r = None, 0
    for i, s in enumerate(ordered, start=1):
        if s.total != prev:
            r, prev = i, s.total
        s.rank = r
    return ordered


def score_year(rounds: Sequence[RoundFigures], rules: dict[str, float]) -> list[UnitScore]:
    """The year: the base once, then every round's lines, in order."""
    total: dict[str, UnitScore] = {}
    for fig in rounds:
        for name, s in score_round(fig, rules, include_base=False).items():
            if name not in total:
                total[name] = UnitScore(name, [ScoreLine("基础分", 1, rules["base"], rules["base"])])
            total[name].lines.extend(s.lines)
            total[name].not_yet.extend(s.not_yet)
    return rank(total)


def scores_xlsx(title: str, ranked: Sequence[UnitScore]) -> bytes:
    """The ranking and, on a second sheet, every line of every unit's calculation."""

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "排名"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["名次", "单位", "得分", "计算过程"])
    for c in ws[2]:
        c.font = Font(bold=True)
    for s in ranked:
        ws.append([s.rank, s.unit, s.total, ";".join([*(line.text for line in s.lines), *s.not_yet])])
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:D{ws.max_row}"
    for col, w in zip("ABCD", (8, 30, 10, 100), strict=True):
        ws.column_dimensions[col].width = w
    detail = wb.create_sheet("计算明细")
    detail.append(["单位", "项目", "数量", "分值", "得分"])
    for c in detail[1]:
        c.font = Font(bold=True)
    for s in ranked:
        for line in s.lines:
            detail.append([s.unit, line.item, line.count, line.points, line.total])
        detail.append([s.unit, "合计", None, None, s.total])
    detail.freeze_panes = "A2"
    detail.auto_filter.ref = f"A1:E{detail.max_row}"
    detail.column_dimensions["A"].width = 30
    detail.column_dimensions["B"].width = 30
    return xlsx_bytes(wb)
