"""The table family: a plan printed as a table, with rows kept as cells or flattened to a cell a line.

Rows come from Word, Excel, HTML, PDF and "a | b | c" text, each under a header row that names the
columns (`columns`). A table copied from a web page loses its rows: its cells come one a line, the
header cells first (`|` lines between cells, blank lines between cells, or neither). Both give
`Item`s whose fields are already sorted into leaders, lead and cooperating units, persons and
deadline, so the assembler treats them like the text reader's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.core.document import Line
from duban.core.parse.columns import Columns, columns_from_cells, header_role
from duban.core.parse.items import Item
from duban.core.parse.lines import BARE_NUMBER, compact, is_blank, numbering, shadow, strip_star
from duban.core.parse.notes import NoteFields, find_trailing_note, looks_like_deadline
from duban.core.parse.text import HEADING_STYLES, REMARK_RX, SHORT_HEADING
from duban.core.plan import Warning


@dataclass
class TableWalk:
    """The state of reading one table: its header, what was read, what could not be."""

    items: list[Item] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    columns: Columns | None = None

    @property
    def last_task(self) -> Item | None:
        for it in reversed(self.items):
            if it.kind == "task":
                return it
            return None
        return None


def _clean(text: str) -> str:
    return text.strip().strip("\u3000").rstrip(" ;;,,")


# ---------------------------------------------------------------------------------------------
# Header cells one a line


def flat_header(lines: list[Line], i: int) -> tuple[Columns, int] | None:
    """Header cells on consecutive lines (blank lines between allowed) from line index i, and where
    the body starts."""
    cells: list[str] = []
    j = i
    while j < len(lines) and len(cells) < 10:
        t = lines[j].text
        if lines[j].is_row:
            break
        if is_blank(t):
            j += 1
            continue
        if header_role(t) is None:
            break
        cells.append(t)
        j += 1
    if len(cells) < 3 or header_role(cells[0]) not in ("number", "text"):
        return None
    cols = columns_from_cells(cells)
    if cols is None or not cols.has_units:
        return None
    return cols, j


def flat_line(walk: TableWalk, lines: list[Line], i: int) -> None:
    """One line of a table flattened to a cell a line (seed 000's layout)."""
    line = lines[i]
    raw = line.text
    if is_blank(raw):
        return
    no = line.no
    current = walk.items[-1] if walk.items else None
    bare = BARE_NUMBER.match(shadow(raw))
    if bare:
        walk.items.append(Item("task", "", no, no, "bare", bare.group(1), columns=walk.columns))
        return
    num = numbering(raw)
    if num and num.style in HEADING_STYLES:
        body = raw[num.rest :]
        note = find_trailing_note(body)
        if note is None or not note.fields.has_units:
            text = _clean(body[: note.start] + body[note.end :]) if note else _clean(body)
            fields = note.fields if note else NoteFields()
            walk.items.append(Item("heading", text, no, no, num.style, num.number, False, fields, note is not None))
            return
    if REMARK_RX.match(shadow(raw)):
        return
    if current is None or current.kind != "task":
        if len(shadow(raw).strip()) <= SHORT_HEADING:
            walk.items.append(Item("heading", _clean(raw), no, no, "plain", None))
        else:
            walk.warnings.append(Warning((no, no), f"表格中无法归属的内容,未作为任务读取:{raw.strip()[:40]}…"))
        return
    if not current.text:
        text, starred = strip_star(raw.strip())
        current.text = text
        current.starred = starred
        current.last = no
        return
    prev_blank = i > 0 and is_blank(lines[i - 1].text)
    current.values.append((no, raw.strip(), prev_blank))
    current.last = no


def finish_flat(item: Item, warnings: list[Warning]) -> None:
    """Sort a flattened row's value lines into leaders, units, persons and deadline (item.fields)."""
    from duban.core.units import looks_like_leader_title, looks_like_person, looks_like_unit, split_names

    cols = item.columns
    order = [r for r in (cols.order if cols else ()) if r not in ("number", "text", "empty", "other", "remark")]
    leaders: list[str] = []
    unit_lines: list[tuple[str, bool]] = []
    persons: list[str] = []
    deadline: list[str] = []
    seen_unit = False
    for no, value, blank_before in item.values:
        sh = shadow(value).strip()
        if re.fullmatch(r"[((][^()()]{1,12}[))]", sh) and unit_lines:
            # "(林业局)" qualifies the unit line above it
            unit, blank = unit_lines[-1]
            unit_lines[-1] = (unit + value.strip(), blank)
            continue
        if looks_like_deadline(value) and "deadline" in order:
            deadline.append(value)
            continue
        if looks_like_person(value):
            if not seen_unit and "leaders" in order and order.index("leaders") < _first_unit_col(order):
                leaders.extend(split_names(value))
            else:
                persons.extend(split_names(value))
            continue
        if looks_like_leader_title(value) and not seen_unit and "leaders" in order:
            leaders.append(value.strip())
            continue
        if looks_like_unit(value) or not seen_unit or not persons:
            unit_lines.append((value.strip(), blank_before))
            seen_unit = True
            continue
        warnings.append(Warning((no, no), f"表格单元格内容无法归类(单位/责任人/时限):{value.strip()[:30]}"))
    units = [u for u, _ in unit_lines]
    lead: list[str]
    coop: list[str]
    has_lead_col = "lead" in order
    has_coop_col = "cooperating" in order
    if has_lead_col and has_coop_col:
        k = _repeat_split(units)
        if k:
            lead, coop = units[:k], units[k:]
        else:
            groups = _blank_groups(unit_lines)
            if len(groups) >= 2:  # blank lines mark the cells: the first cell is the lead
                lead, coop = groups[0], [u for g in groups[1:] for u in g]
            else:  # one unbroken run: only the first line can be told to be the lead
                lead, coop = units[:1], units[1:]
    elif has_lead_col:
        lead, coop = units, []
    else:
        lead, coop = [], units
    item.fields = NoteFields(
        leaders=leaders, lead=lead, cooperating=coop, persons=[p for p in persons if p], deadline=[",".join(deadline)] if deadline else []
    )


def _first_unit_col(order: list[str]) -> int:
    idx = [order.index(r) for r in ("lead", "cooperating") if r in order]
    return min(idx) if idx else len(order)


def _repeat_split(units: list[str]) -> int:
    """The shortest k for which the 责任单位 cell repeats the k lead units: units[k:2k] == units[:k]."""
    keys = [compact(u) for u in units]
    for k in range(1, len(keys) // 2 + 1):
        if keys[k : 2 * k] == keys[:k]:
            return k
    return 0


def _blank_groups(unit_lines: list[tuple[str, bool]]) -> list[list[str]]:
    groups: list[list[str]] = []
    for unit, blank in unit_lines:
        if blank or not groups:
            groups.append([unit])
        else:
            groups[-1].append(unit)
    return groups


# ---------------------------------------------------------------------------------------------
# Rows


def row_line(walk: TableWalk, line: Line) -> None:
    """One table row under a header row."""
    cols = walk.columns
    assert cols is not None and line.cells is not None
    cells = line.cells
    if columns_from_cells(cells) is not None:
        walk.columns = columns_from_cells(cells)  # a repeated or a new header
        return

    def cell(role: str) -> str:
        idx = cols.get(role)
        return cells[idx].strip() if idx is not None and idx < len(cells) else ""

    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return
    number = cell("number")
    text = cell("text")
    distinct = set(filled)
    unit_cells = "".join(cell(r) for r in ("lead", "cooperating"))
    num = numbering(number) if number else None
    head_num = numbering(filled[0])
    if len(distinct) == 1 and (not unit_cells or len(filled) > 1) and not BARE_NUMBER.match(shadow(filled[0])):
        # one value across the row: a section heading (merged cells)
        only = filled[0]
        n = numbering(only)
        body = only[n.rest :] if n else only
        note = find_trailing_note(body)
        title = _clean(body[: note.start] + body[note.end :]) if note else _clean(body)
        walk.items.append(
            Item("heading", title, line.no, line.no, n.style if n else "plain", n.number if n else None, False,
                 note.fields if note else NoteFields(), note is not None)
        )
        return
    if (num and num.style in HEADING_STYLES and not unit_cells) or (
        head_num and head_num.style in HEADING_STYLES and not unit_cells and not text
    ):
        src = number if num else filled[0]
        n = numbering(src)
        assert n is not None
        rest = (src[n.rest :] + " " + text).strip() if num else src[n.rest :]
        walk.items.append(Item("heading", _clean(rest), line.no, line.no, n.style, n.number))
        return
    if not text and not unit_cells:
        return
    if REMARK_RX.match(shadow(number or text)):
        return
    prev_row = walk.last_task
    if not number and prev_row is not None and prev_row.row is not None and (
        not shadow(prev_row.text).rstrip().endswith(("。", ";", "!", "?")) or (unit_cells and not text)
    ):
        # the rest of a row the page broke: its 序号 cell is empty and the task text is unfinished
        prev_row.row = tuple(
            (a + ("" if i == cols.get("text") else "\n") + b).strip() if b.strip() else a
            for i, (a, b) in enumerate(zip(prev_row.row, cells, strict=False))
        )
        prev_row.text = _clean(prev_row.text + text)
        prev_row.last = line.no
        return
    if not number and not unit_cells and not cell("leaders"):
        # a heading written in the task column: "(一)做强工业经济" or "扩大有效投资"
        n = numbering(text)
        if (n and n.style in HEADING_STYLES) or (not n and len(shadow(text).strip()) <= SHORT_HEADING):
            walk.items.append(
                Item("heading", _clean(text[n.rest :] if n else text), line.no, line.no,
                     n.style if n else "plain", n.number if n else None)
            )
            return
    printed_number = _row_number(number)
    prev = walk.last_task
    if prev is not None and prev.row is not None and printed_number and printed_number == prev.number and text != prev.text:
        prev.text = prev.text + text  # one task over several rows (merged 序号)
        prev.last = line.no
        return
    body, starred = strip_star(text)
    inner = numbering(body)
    if inner and not printed_number:
        printed_number = inner.number
        starred = starred or inner.starred
        body = body[inner.rest :]
    note = find_trailing_note(body)
    fields = NoteFields()
    if note is not None:
        fields = note.fields
        body = body[: note.start] + body[note.end :]
    walk.items.append(
        Item("task", _clean(body), line.no, line.no, "row", printed_number, starred, fields, note is not None,
             columns=cols, row=cells)
    )


def finish_row(item: Item) -> None:
    """Sort a row's cells into the item's fields (after all of its broken parts were joined)."""
    cols = item.columns
    row = item.row
    assert cols is not None and row is not None

    def cell(role: str) -> str:
        idx = cols.get(role)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    fields = NoteFields()
    if cell("lead"):
        fields.lead.append(cell("lead"))
    if cell("cooperating"):
        if cols.get("lead") is None:
            fields.unkeyed.append(cell("cooperating"))
        else:
            fields.cooperating.append(cell("cooperating"))
    if cell("leaders"):
        fields.leaders.append(cell("leaders"))
    if cell("persons"):
        fields.persons.append(cell("persons"))
    if cell("deadline"):
        fields.deadline.append(cell("deadline").replace("\n", ""))
    if item.has_note:
        fields = fields.merged(item.fields)
    item.fields = fields


def _row_number(cell: str) -> str | None:
    sh = shadow(cell).strip()
    if not sh:
        return None
    m = re.match(r"^★?\s*\(?\s*([0-9]{1,4}|[一二三四五六七八九十百]{1,4})\s*\)?\s*[.、]?\s*★?$", sh)
    return m.group(1) if m else sh


def finish(walk: TableWalk) -> list[Item]:
    """The table's items with their fields sorted."""
    for item in walk.items:
        if item.kind != "task":
            continue
        if item.row is not None:
            finish_row(item)
        elif item.columns is not None:
            finish_flat(item, walk.warnings)
    return walk.items


__all__ = ["TableWalk", "finish", "flat_header", "flat_line", "row_line"]
