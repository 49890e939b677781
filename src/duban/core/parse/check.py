"""The reader checks its own reading of every document, so a misread shows up as a warning with
its lines instead of passing silently into a year of supervision.

- Numbering: items numbered 1, 2, 4 under one heading lack item 3 (a task read as part of another,
  or lost); a gap is reported where it is.
- Units: every unit read must be found in the text (after undoing the shorthand a plan prints: a
  shared level prefix or suffix); one that is not is reported with the task's lines.
"""

from __future__ import annotations

import unicodedata

from duban.core.document import Line
from duban.core.parse.lines import small_number
from duban.core.plan import Plan, Warning


def _value(number: str | None) -> int | None:
    """The value of a printed number ("12", "(三)", "⑷", "十二"), or None."""
    if not number:
        return None
    n = number.strip("()()、. ")
    if len(n) == 1 and "\u2474" <= n <= "\u2487":
        return ord(n) - 0x2474 + 1
    if len(n) == 1 and "\u2460" <= n <= "\u2473":
        return ord(n) - 0x2460 + 1
    return small_number(n)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def self_check(plan: Plan, lines: list[Line]) -> None:
    """Append warnings for numbering gaps and for units that cannot be found in the text."""
    _numbering_gaps(plan)
    _units_in_text(plan, lines)


def _numbering_gaps(plan: Plan) -> None:
    """Items numbered 1, 2, 4 lack item 3. Numbers restart under a heading (1 again) or run on
    across headings (11 under one, 12 under the next): both are followed."""
    last: dict[str, tuple[str | None, int, tuple[int, int]]] = {}  # kind of number → (section, value, lines)
    for task in plan.tasks:
        value = _value(task.number)
        if value is None:
            continue
        kind = "ar" if (task.number or "").strip("()()").isascii() else "other"
        prev = last.get(kind)
        restarts = prev is not None and prev[0] != task.section and value == 1
        if prev is not None and not restarts and value > prev[1] + 1:
            missing = f"第{prev[1] + 1}项" if value == prev[1] + 2 else f"第{prev[1] + 1}至{value - 1}项"
            plan.warnings.append(
                Warning((prev[2][0], task.lines[1]), f"编号不连续:第{prev[1]}项之后是第{value}项,{missing}没有读到,请核对原文")
            )
        last[kind] = (task.section, value, task.lines)


def _units_in_text(plan: Plan, lines: list[Line]) -> None:
    by_no: dict[int, str] = {}
    for ln in lines:
        text = ln.text if not ln.is_row else " ".join(ln.cells or ())
        by_no[ln.no] = by_no.get(ln.no, "") + _key(text)
    sections = {s.id: s for s in plan.sections}

    def span(first: int, last: int) -> str:
        return "".join(by_no.get(no, "") for no in range(first, last + 1))

    previous: tuple[int, int] | None = None  # the last row that printed its units
    for task in plan.tasks:
        own = span(*task.lines)
        here = own
        if previous is not None:
            here += span(*previous)  # a table's merged cells carry the units of a row above down
        units = [*task.lead_units, *task.cooperating_units]
        if previous is None or not units or any(_found(_key(unit), own) for unit in units):
            previous = task.lines  # (a row that took its units from above leaves them to the next)
        sid = task.section
        while sid is not None and sid in sections:  # a lead given by a heading above the task
            section = sections[sid]
            if section.lines:
                here += span(*section.lines)
            sid = section.parent
        for unit in units:
            if not _found(_key(unit), here):
                plan.warnings.append(Warning(task.lines, f"单位“{unit}”在原文中找不到,请核对"))


def _found(unit: str, text: str) -> bool:
    """The unit is in the text, or is made of at most three pieces of it: the shorthand a plan prints
    (a shared level, suffix, or 各 over a list: 区科技局、投促局 → 区投促局; 各县、市、区政府 → 各市政府)."""
    if unit in text:
        return True
    pos = 0
    for _ in range(3):
        size = len(unit) - pos
        while size > 0 and unit[pos : pos + size] not in text:
            size -= 1
        if size == 0:
            return False
        pos += size
        if pos == len(unit):
            return True
    return False


def summary_line(*, targets: int, tasks: int, sections: int, warning_lines: list[int]) -> str:
    """What a reading found, in one line (the command line's stderr and the web import say the same)."""
    total = targets + tasks
    parts = f"读出 {total} 项"
    if targets and tasks:
        parts += f"(主要目标 {targets} 项,重点工作 {tasks} 项)"
    elif targets:
        parts += "(均为主要目标)"
    if sections:
        parts += f",分属 {sections} 个标题"
    if not warning_lines:
        return parts + ";没有读取提示"
    shown = "、".join(str(n) for n in warning_lines[:5]) + ("等" if len(warning_lines) > 5 else "")
    return parts + f";读取提示 {len(warning_lines)} 条(第{shown}行),请核对"


def summary(plan: Plan) -> str:
    """`summary_line` of a plan as read."""
    return summary_line(
        targets=sum(1 for t in plan.tasks if t.kind == "target"),
        tasks=sum(1 for t in plan.tasks if t.kind != "target"),
        sections=len(plan.sections),
        warning_lines=[w.lines[0] for w in plan.warnings],
    )

