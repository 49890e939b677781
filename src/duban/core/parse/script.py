"""Plans printed in traditional characters (a stored copy, a Hong Kong or Taiwan mirror) read as any other.

The reader's words (牵头, 负责, 单位, the unit endings) are simplified characters. A document printed
in traditional ones is read through a simplified copy made character for character, so every line
keeps its length and every span its place; what the plan says (task text, units, leaders) is then
given back in the characters the document printed, through the map of which traditional character
each simplified one stood for in this document. The character table comes from OpenCC, loaded the
first time a document needs it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import islice

from duban.core.document import Line
from duban.core.plan import Plan

_MIN_TRADITIONAL = 8  # characters: fewer is a name or a quotation, not a traditional document


@lru_cache(maxsize=1)
def _traditional_rx() -> re.Pattern[str]:
    """Any character the table simplifies (none without the table)."""
    table = _table()
    return re.compile("[" + "".join(sorted(chr(cp) for cp in table)) + "]") if table else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Traditional → simplified, one character for one, over the CJK unified ideographs; empty where
    OpenCC is not installed (a traditional document is then read as printed, not refused)."""
    try:
        import opencc
    except ImportError:
        return {}

    convert = opencc.OpenCC("t2s").convert
    table: dict[int, str] = {}
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        simple = convert(ch)
        if simple != ch and len(simple) == 1:
            table[cp] = simple
    return table


_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")


def _all_simplified(text: str) -> bool:
    """Every Han character of `text` is in GB2312, as no traditional-only one is: the table (and
    OpenCC) is not needed for it. An encode of the text, or of its Han characters."""
    try:
        text.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        "".join(_HAN_RE.findall(text)).encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def simplified_text(text: str) -> str:
    """A name or a task's text in simplified characters, for comparing what it says (省發改委 is the
    省发改委). The table is loaded only for a text with a character outside GB2312."""
    return text if _all_simplified(text) else text.translate(_table())


def simplified(lines: list[Line]) -> tuple[list[Line], dict[str, str]] | None:
    """The lines in simplified characters and the map back, or None when the document is not traditional."""
    text = "".join(ln.text if not ln.is_row else "".join(ln.cells or ()) for ln in lines)
    if _all_simplified(text):
        return None
    table = _table()
    if len(list(islice(_traditional_rx().finditer(text), _MIN_TRADITIONAL))) < _MIN_TRADITIONAL:
        return None
    seen: dict[str, Counter[str]] = {}
    for ch in text:
        simple = table.get(ord(ch))
        if simple is not None:
            seen.setdefault(simple, Counter())[ch] += 1
    back = {simple: counts.most_common(1)[0][0] for simple, counts in seen.items()}
    out = [
        Line(no=ln.no, text=ln.text.translate(table), cells=tuple(c.translate(table) for c in ln.cells) if ln.cells is not None else None)
        for ln in lines
    ]
    return out, back


def unreadable_traditional(lines: list[Line]) -> bool:
    """Many characters outside GB2312 and no table to read them by: a traditional document on a
    machine without OpenCC."""
    if _table():
        return False
    text = "".join(ln.text if not ln.is_row else "".join(ln.cells or ()) for ln in lines)
    outside = 0
    for ch in "".join(_HAN_RE.findall(text)):
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            outside += 1
            if outside >= _MIN_TRADITIONAL:
                return True
    return False


def restore(plan: Plan, back: dict[str, str], printed: list[Line] | None = None) -> None:
    """Give the plan's words back in the characters the document printed.

    A simplified character may stand for two printed ones in the same document (回 for 迴 in 迴应
    and for 回 in 回复): where a value is found as printed in the document's text (a task in its own
    lines first), the printed characters at that place are given back; else the document's most
    usual one for each character."""
    table = str.maketrans(back)
    simple_table = _table()
    pieces = [ln.text if not ln.is_row else " | ".join(ln.cells or ()) for ln in printed or []]
    original = "\n".join(pieces)
    simple = original.translate(simple_table)
    by_line: dict[int, tuple[int, int]] = {}  # a line number -> its span in `original`
    at = 0
    for ln, piece in zip(printed or [], pieces, strict=True):
        by_line.setdefault(ln.no, (at, at + len(piece)))
        at += len(piece) + 1

    def as_printed(value: str, span: tuple[int, int] | None = None) -> str:
        if not value or not original:
            return value.translate(table)
        for lo, hi in ([span] if span else []) + [(0, len(simple))]:
            k = simple.find(value, lo, hi)
            if k >= 0:
                return original[k : k + len(value)]
        return value.translate(table)

    def t(value: str | None) -> str | None:
        return as_printed(value) if value is not None else None

    def ts(values: list[str]) -> list[str]:
        return [as_printed(v) for v in values]

    plan.title, plan.region, plan.issuer = t(plan.title), t(plan.region), t(plan.issuer)
    for section in plan.sections:
        section.title = as_printed(section.title)
        section.leaders = ts(section.leaders)
        section.general_lead_units = ts(section.general_lead_units)
    for task in plan.tasks:
        first, last = by_line.get(task.lines[0]), by_line.get(task.lines[1])
        span = (first[0], last[1]) if first and last else None
        task.text = as_printed(task.text, span)
        task.leaders, task.persons = ts(task.leaders), ts(task.persons)
        task.lead_units, task.cooperating_units = ts(task.lead_units), ts(task.cooperating_units)
        task.deadline = t(task.deadline)
        for ind in task.indicators:
            ind.text, ind.metric = as_printed(ind.text), as_printed(ind.metric)
