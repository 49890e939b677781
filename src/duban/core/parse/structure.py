"""Build a `Plan` from a document's lines: find the plan, its headings, its items, their notes.

One walk over the lines handles the three forms a plan takes:
- text, each item a numbered paragraph with its responsibility note (inline or on keyed lines);
- a table as rows (Word, Excel, HTML, PDF, "a | b" text), with a header row naming the columns;
- a table flattened to one cell a line (a web page copied as text), with the header cells first.
Headings become sections; numbered items with units become tasks; what cannot be read cleanly
becomes a warning with its lines, never a task glued to its neighbour.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from duban.core.document import Document, Line
from duban.core.errors import NoPlanError
from duban.core.parse import meta
from duban.core.parse.columns import Columns, columns_from_cells, header_role
from duban.core.parse.lines import (
    BARE_NUMBER,
    DASH_HEAD,
    Numbered,
    compact,
    is_blank,
    numbering,
    shadow,
    strip_star,
)
from duban.core.parse.notes import (
    NoteFields,
    find_trailing_note,
    looks_like_deadline,
    parse_field_line,
    says_first_listed_leads,
)
from duban.core.plan import Plan, Section, Task, Warning

HEADING_STYLES = ("cn", "(cn)")
ATTACHMENT_RX = re.compile(r"^\s*(?:附表|附件)\s*[0-9一二三四五六七八九十]*\s*[::]?\s*$")
REMARK_RX = re.compile(r"^\s*(?:备注|注|说明)\s*[::]")
TARGET_SECTION_RX = re.compile(r"(?:主要预期目标|主要目标|预期目标|主要指标|约束性指标|主要经济社会发展指标|目标任务指标)$")
TITLE_WORDS = re.compile(r"(?:分解方案|分解表|分工方案|任务清单|责任清单|分解清单|责任表|任务表|分工表|分工的意见|分工意见|清单|方案|分解|分工)")
PLAN_TITLE = re.compile(r"(?:分解|分工|责任|任务清单|台账)")
NOT_HEADING_RX = re.compile(r"(?:〔\d{4}〕\d+号|\[\d{4}\]\d+号|^附件\s*\d*$|^\(此件.*\)$|^索引号|^发布日期|^来源)")
SHORT_HEADING = 40  # an unnumbered line this short, without a note, between items is a sub-head


@dataclass
class Item:
    """A heading or a task as read, before sections and ids are assigned."""

    kind: str  # "heading" or "task"
    text: str
    first: int
    last: int
    style: str | None = None
    number: str | None = None
    starred: bool = False
    fields: NoteFields = field(default_factory=NoteFields)
    has_note: bool = False
    # flattened tables: the value lines under the task text, with whether a blank preceded each
    values: list[tuple[int, str, bool]] = field(default_factory=list)
    columns: Columns | None = None
    row: tuple[str, ...] | None = None


@dataclass
class Walk:
    """The state of one pass over the plan's lines."""

    items: list[Item] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    columns: Columns | None = None  # the header of the table being read, if any
    flat: Columns | None = None  # the header of a flattened table, if any
    task_styles: set[str] = field(default_factory=set)
    ended_at: int | None = None  # line number where attachments (附表) begin

    @property
    def last_task(self) -> Item | None:
        for it in reversed(self.items):
            if it.kind == "task":
                return it
            return None
        return None


# ---------------------------------------------------------------------------------------------
# Finding the plan in the document


def _flat_header(lines: list[Line], i: int) -> tuple[Columns, int] | None:
    """Header cells on consecutive lines (blank lines between allowed), starting at line index i."""
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


def _anchor(lines: list[Line]) -> tuple[int, str]:
    """Index of the first line that shows the plan itself, and how the plan is laid out there."""
    for i, line in enumerate(lines):
        if line.is_row:
            if line.cells and columns_from_cells(line.cells):
                return i, "rows"
            continue
        text = line.text
        if is_blank(text):
            continue
        if header_role(text) in ("number", "text") and _flat_header(lines, i):
            return i, "flat"
        num = numbering(text)
        logical = _logical_text(lines, i)
        body = logical[num.rest :] if num else logical
        note = find_trailing_note(body)
        if note is not None and note.fields.has_units and (num or _clean_text(body[: note.start])):
            return i, "text"
        if parse_field_line(text) is not None and i > 0:
            return i, "text"
    # no notes anywhere: under a plan's own title, numbered items still make a plan (units missing)
    titled = [i for i, ln in enumerate(lines[:60]) if not ln.is_row and _looks_like_title(ln.text) and PLAN_TITLE.search(shadow(ln.text))]
    if titled:
        numbered = [
            i for i, ln in enumerate(lines) if i > titled[0] and not ln.is_row and (n := numbering(ln.text)) and n.style == "ar"
        ]
        if len(numbered) >= 2:
            return numbered[0], "text"
    text = "\n".join(ln.text for ln in lines[:400])
    if "政府工作报告" in text and re.search(r"各位代表|过去一年|今年工作", text):
        raise NoPlanError("这是政府工作报告,不是责任分解方案;可用 `duban draft` 从报告起草方案")
    raise NoPlanError("没有找到方案:文中没有带编号、并写明牵头或责任单位的任务")


def _unbalanced(text: str) -> bool:
    sh = shadow(text)
    return sh.count("(") != sh.count(")") or sh.count("〔") != sh.count("〕")


def _logical_text(lines: list[Line], i: int) -> str:
    """A line joined with the lines after it while a bracket it opened is still open (wrapped notes)."""
    text = lines[i].text.strip()
    j = i + 1
    while _unbalanced(text) and j < len(lines) and j - i <= 5 and not lines[j].is_row:
        text += lines[j].text.strip()
        j += 1
    return text


def _item_start(lines: list[Line], anchor: int) -> int:
    """The numbered line an anchor belongs to, when the anchor is a keyed line or wrapped text."""
    if numbering(lines[anchor].text):
        return anchor
    i = anchor - 1
    while i >= 0 and anchor - i <= 6:
        line = lines[i]
        if line.is_row:
            break
        num = numbering(line.text)
        if num is not None:
            return i if num.style not in HEADING_STYLES else anchor
        i -= 1
    return anchor


def _looks_like_title(text: str) -> bool:
    sh = shadow(text).strip()
    if not sh or len(sh) > 70 or sh[-1] in "。::;,,":
        return False
    if numbering(sh) is not None:
        return False
    return bool(TITLE_WORDS.search(sh)) and not sh.endswith("通知")


def _title_before(lines: list[Line], anchor: int) -> tuple[int, int] | None:
    """The plan's own title above the anchor: (first, last) line index, two lines joined if split."""
    i = anchor - 1
    seen = 0
    while i >= 0 and seen < 40:
        t = line_text(lines[i])
        if t is None or is_blank(t):
            i -= 1
            continue
        seen += 1
        if _looks_like_title(t):
            first = i
            k = i - 1
            while k >= 0 and is_blank(lines[k].text) and not lines[k].is_row:
                k -= 1
            prev = line_text(lines[k]) if k >= 0 else None
            if prev is not None and _title_part(prev):
                first = k
            return first, i
        i -= 1
    return None


def line_text(line: Line) -> str | None:
    """A line's text for title-finding: a table row counts only when it holds one value (a title row)."""
    if not line.is_row:
        return line.text
    values = {c.strip() for c in line.cells or () if c.strip()}
    return values.pop() if len(values) == 1 else None


def _title_part(text: str) -> bool:
    """The first half of a title printed on two lines ("2025年咸安区《政府工作报告》")."""
    sh = shadow(text).strip()
    if not sh or len(sh) > 40 or sh[-1] in "。::;,,)":
        return False
    if numbering(sh) or meta.ISSUER_RX.search(sh) or meta.DATE_RX.fullmatch(sh):
        return False
    return "《" in sh or "年" in sh


def _heading_run_start(lines: list[Line], anchor: int) -> int:
    """Without a title: walk back from the anchor over headings to where the plan begins."""
    start = anchor
    i = anchor - 1
    while i >= 0:
        line = lines[i]
        t = line.text
        if line.is_row:
            break
        if is_blank(t):
            i -= 1
            continue
        sh = shadow(t).strip()
        if NOT_HEADING_RX.search(sh) or meta.ISSUER_RX.match(sh) or meta.DATE_RX.fullmatch(sh) or _unbalanced(sh):
            break
        num = numbering(sh)
        if num and num.style in HEADING_STYLES and len(sh) <= 80:
            start = i
        elif not num and (len(sh) <= 20 or DASH_HEAD.match(sh)) and not sh.endswith((":", "。")):
            start = i
        else:
            break
        i -= 1
    return start


# ---------------------------------------------------------------------------------------------
# The walk


def _task_styles(lines: list[Line], start: int) -> set[str]:
    """Numbering styles that carry responsibility notes: the styles of tasks in this plan."""
    counts: Counter[str] = Counter()
    for line in lines[start:]:
        if line.is_row:
            continue
        num = numbering(line.text)
        if not num:
            continue
        note = find_trailing_note(line.text[num.rest :])
        if note and note.fields.has_units:
            counts[num.style] += 1
    return set(counts)


def _next_numbered(lines: list[Line], i: int) -> Numbered | None:
    for line in lines[i + 1 :]:
        if line.is_row or is_blank(line.text):
            continue
        num = numbering(line.text)
        if num:
            return num
        if parse_field_line(line.text) is not None:
            continue
    return None


def _next_significant(lines: list[Line], i: int) -> Line | None:
    for line in lines[i + 1 :]:
        if not is_blank(line.text):
            return line
    return None


def _clean_text(text: str) -> str:
    return text.strip().strip("\u3000").rstrip(" ;;,")


def _text_line(walk: Walk, lines: list[Line], i: int) -> None:
    """One line of a text-form plan."""
    line = lines[i]
    raw = line.text.strip()
    no = line.no
    field_note = parse_field_line(raw)
    if field_note is not None:
        target = walk.items[-1] if walk.items else None
        if target is not None:
            if field_note.has_units and target.kind == "heading" and target.style not in HEADING_STYLES:
                # units on keyed lines under an unnumbered line: that line was a task
                target.kind = "task"
            target.fields = target.fields.merged(field_note)
            target.has_note = True
            target.last = no
        else:
            walk.warnings.append(Warning((no, no), f"责任信息前没有任务,未能归属:{raw[:40]}"))
        return

    num = numbering(raw)
    pending = walk.last_task
    if num is None and pending is not None and not pending.has_note and _continues(pending, raw):
        _append_text(pending, raw, no)
        return

    if num is not None:
        body = raw[num.rest :]
        note = find_trailing_note(body)
        if note is not None:
            text = _clean_text(body[: note.start] + body[note.end :])
            kind = "task" if note.fields.has_units else "heading"
            if kind == "heading" and num.style in walk.task_styles and not _heads_others(lines, i, num):
                kind = "task"
            walk.items.append(Item(kind, text, no, no, num.style, num.number, num.starred, note.fields, True))
            return
        text = _clean_text(body)
        nxt = _next_significant(lines, i)
        if nxt is not None and not nxt.is_row and parse_field_line(nxt.text) is not None:
            walk.items.append(Item("task", text, no, no, num.style, num.number, num.starred))
            return
        if num.style in walk.task_styles and not _heads_others(lines, i, num):
            walk.items.append(Item("task", text, no, no, num.style, num.number, num.starred))
            return
        if not walk.task_styles and num.style not in HEADING_STYLES and not _heads_others(lines, i, num):
            walk.items.append(Item("task", text, no, no, num.style, num.number, num.starred))
            return
        walk.items.append(Item("heading", text, no, no, num.style, num.number, num.starred))
        return

    dash = DASH_HEAD.match(shadow(raw))
    text, starred = strip_star(raw[dash.end() :] if dash else raw)
    note = find_trailing_note(text)
    if dash:
        fields = note.fields if note else NoteFields()
        title = _clean_text(text[: note.start] + text[note.end :]) if note else _clean_text(text)
        walk.items.append(Item("heading", title, no, no, "dash", None, False, fields, note is not None))
        return
    if note is not None and note.fields.has_units and _clean_text(text[: note.start]):
        body = _clean_text(text[: note.start] + text[note.end :])
        walk.items.append(Item("task", body, no, no, None, None, starred, note.fields, True))
        return
    if REMARK_RX.match(shadow(raw)):
        return
    if len(shadow(raw).strip()) <= SHORT_HEADING and not shadow(raw).rstrip().endswith((",", ",", ":", ":")):
        fields = note.fields if note else NoteFields()
        title = _clean_text(text[: note.start] + text[note.end :]) if note else _clean_text(text)
        walk.items.append(Item("heading", title, no, no, "plain", None, False, fields, note is not None))
        return
    walk.warnings.append(Warning((no, no), f"无法识别的段落(既不是编号任务也不是标题),未作为任务读取:{raw[:40]}…"))


def _heads_others(lines: list[Line], i: int, num: Numbered) -> bool:
    """A numbered line heads the items after it when the next numbered line has another style."""
    nxt = _next_numbered(lines, i)
    return nxt is not None and nxt.style != num.style


def _continues(pending: Item, raw: str) -> bool:
    """Whether an unnumbered line carries on a task whose note has not come yet (wrapped text)."""
    if pending.row is not None or pending.values:
        return False
    if find_trailing_note(raw) is not None:
        return True
    ended = shadow(pending.text).rstrip().endswith(("。", ";", "!", "?", "。”"))
    return not ended


def _append_text(item: Item, raw: str, no: int) -> None:
    combined = item.text + raw.strip()
    note = find_trailing_note(combined)
    if note is not None:
        item.text = _clean_text(combined[: note.start] + combined[note.end :])
        item.fields = note.fields
        item.has_note = True
    else:
        item.text = combined
    item.last = no


def _flat_line(walk: Walk, lines: list[Line], i: int) -> None:
    """One line of a table flattened to a cell a line (seed 000's layout)."""
    line = lines[i]
    raw = line.text
    if is_blank(raw):
        return
    no = line.no
    current = walk.items[-1] if walk.items else None
    if BARE_NUMBER.match(shadow(raw)):
        number = BARE_NUMBER.match(shadow(raw))
        assert number is not None
        walk.items.append(Item("task", "", no, no, "bare", number.group(1), columns=walk.flat))
        return
    num = numbering(raw)
    if num and num.style in HEADING_STYLES:
        body = raw[num.rest :]
        note = find_trailing_note(body)
        if note is None or not note.fields.has_units:
            text = _clean_text(body[: note.start] + body[note.end :]) if note else _clean_text(body)
            fields = note.fields if note else NoteFields()
            walk.items.append(Item("heading", text, no, no, num.style, num.number, False, fields, note is not None))
            return
    if REMARK_RX.match(shadow(raw)):
        return
    if current is None or current.kind != "task":
        if len(shadow(raw).strip()) <= SHORT_HEADING:
            walk.items.append(Item("heading", _clean_text(raw), no, no, "plain", None))
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


def _row_line(walk: Walk, line: Line) -> None:
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
        title = _clean_text(body[: note.start] + body[note.end :]) if note else _clean_text(body)
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
        walk.items.append(Item("heading", _clean_text(rest), line.no, line.no, n.style, n.number))
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
        prev_row.text = _clean_text(prev_row.text + text)
        prev_row.last = line.no
        return
    if not number and not unit_cells and not cell("leaders"):
        # a heading written in the task column: "(一)做强工业经济" or "扩大有效投资"
        n = numbering(text)
        if (n and n.style in HEADING_STYLES) or (not n and len(shadow(text).strip()) <= SHORT_HEADING):
            walk.items.append(
                Item("heading", _clean_text(text[n.rest :] if n else text), line.no, line.no,
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
        Item("task", _clean_text(body), line.no, line.no, "row", printed_number, starred, fields, note is not None,
             columns=cols, row=cells)
    )


def _row_number(cell: str) -> str | None:
    sh = shadow(cell).strip()
    if not sh:
        return None
    m = re.match(r"^★?\s*\(?\s*([0-9]{1,4}|[一二三四五六七八九十百]{1,4})\s*\)?\s*[.、]?\s*★?$", sh)
    return m.group(1) if m else sh


def walk_lines(lines: list[Line], start: int, layout: str) -> Walk:
    walk = Walk()
    walk.task_styles = _task_styles(lines, start)
    i = start
    while i < len(lines):
        line = lines[i]
        text = line.text
        if not line.is_row and ATTACHMENT_RX.match(shadow(text)) and any(it.kind == "task" for it in walk.items):
            walk.ended_at = line.no
            break
        if line.is_row:
            if walk.columns is None:
                if line.cells and columns_from_cells(line.cells):
                    walk.columns = columns_from_cells(line.cells)
                elif line.cells and any(it.kind == "task" for it in walk.items):
                    walk.warnings.append(Warning((line.no, line.no), "表头之外的表格行,未作为任务读取"))
                i += 1
                continue
            _row_line(walk, line)
            i += 1
            continue
        if walk.flat is None and header_role(text) in ("number", "text"):
            found = _flat_header(lines, i)
            if found is not None:
                walk.flat, i = found
                continue
        if walk.flat is not None:
            _flat_line(walk, lines, i)
        else:
            if is_blank(text):
                i += 1
                continue
            _text_line(walk, lines, i)
        i += 1
    return walk


# ---------------------------------------------------------------------------------------------
# From items to sections and tasks


@lru_cache(maxsize=65536)
def _nfkc_key(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def _dedupe(units: list[str], minus: list[str] | None = None) -> list[str]:
    if not units:
        return []
    seen = {_nfkc_key(u) for u in (minus or [])}
    out: list[str] = []
    for u in units:
        k = _nfkc_key(u)
        if k and k not in seen:
            seen.add(k)
            out.append(u)
    return out


@lru_cache(maxsize=16384)
def _split_cached(value: str) -> tuple[str, ...]:
    """Plans repeat the same unit lists task after task ("各乡镇办场"): split each text once."""
    from duban.core.units import split_units

    return tuple(split_units(value))


def _units(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(_split_cached(v))
    return _dedupe(out)


@lru_cache(maxsize=16384)
def _split_names_cached(value: str) -> tuple[str, ...]:
    from duban.core.units import split_names

    return tuple(split_names(value))


def _names(values: list[str]) -> list[str]:
    if not values:
        return []
    out: list[str] = []
    for v in values:
        out.extend(_split_names_cached(v))
    return _dedupe(out)


LEAD_MARK_RX = re.compile(r"\s*[((](?:牵头|牵头单位|主责|主办)[))]\s*$")


def _pull_marked_leads(units: list[str]) -> tuple[list[str], list[str]]:
    """Units printed with "(牵头)" after them lead: "区发改局(牵头)、区财政局"."""
    marked: list[str] = []
    rest: list[str] = []
    for u in units:
        m = LEAD_MARK_RX.search(shadow(u))
        if m:
            marked.append(u[: m.start()])
        else:
            rest.append(u)
    return marked, rest


def _assign_units(task: Task, fields: NoteFields, first_leads: bool) -> None:
    lead = _units(fields.lead)
    coop = _units(fields.cooperating)
    unkeyed = _units(fields.unkeyed)
    marked_coop, coop = _pull_marked_leads(coop)
    marked_unkeyed, unkeyed = _pull_marked_leads(unkeyed)
    lead = _dedupe(lead + marked_coop + marked_unkeyed)
    if not lead and fields.general_lead:
        lead = _units(fields.general_lead)
    if unkeyed:
        if first_leads and not lead:
            lead, unkeyed = unkeyed[:1], unkeyed[1:]
        coop = unkeyed + coop
    if first_leads and not lead and coop and not fields.lead:
        lead, coop = coop[:1], coop[1:]
    task.lead_units = lead
    task.cooperating_units = _dedupe(coop, minus=lead)
    task.leaders = _names(fields.leaders)
    task.persons = _names(fields.persons)
    if fields.deadline:
        task.deadline = ",".join(d.strip() for d in fields.deadline if d.strip()) or None


def _flat_values(item: Item, task: Task, first_leads: bool) -> list[Warning]:
    """Sort a flattened table's value lines into leaders, units, persons and deadline."""
    from duban.core.units import looks_like_leader_title, looks_like_person, looks_like_unit, split_names

    cols = item.columns
    order = [r for r in (cols.order if cols else ()) if r not in ("number", "text", "empty", "other", "remark")]
    warnings: list[Warning] = []
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
        lead, coop = ([units[0]], units[1:]) if (first_leads and units) else ([], units)
    task.lead_units = _units(lead)
    task.cooperating_units = _dedupe(_units(coop), minus=task.lead_units)
    task.leaders = _dedupe(leaders)
    task.persons = _dedupe([p for p in persons if p])
    task.deadline = ",".join(deadline) if deadline else None
    return warnings


def _first_unit_col(order: list[str]) -> int:
    idx = [order.index(r) for r in ("lead", "cooperating") if r in order]
    return min(idx) if idx else len(order)


def _repeat_split(units: list[str]) -> int:
    """The shortest k for which the 责任单位 cell repeats the k lead units: units[k:2k] == units[:k]."""
    keys = [_nfkc_key(u) for u in units]
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


def _row_values(item: Item, task: Task, first_leads: bool) -> None:
    """Fill a task from its table row's cells."""
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
    _assign_units(task, fields, first_leads)


def _is_target_title(title: str) -> bool:
    """A section of 主要预期目标 (not "…等工作目标", a mixed area heading)."""
    core = re.sub(r"[((][^()()]*[))]\s*$", "", shadow(title)).strip().rstrip("。.")
    return bool(TARGET_SECTION_RX.search(core)) and "等工作目标" not in core


def _level_key(item: Item) -> str:
    return item.style or "plain"


def assemble(walk: Walk, first_leads: bool) -> Plan:
    """Turn the walk's items into sections (a stack of heading levels) and tasks."""
    from duban.core.indicators import extract_indicators

    plan = Plan()
    stack: list[tuple[str, Section]] = []  # (level key, section), outermost first
    plain_levels = ("plain", "dash")
    target_sections: dict[str, bool] = {}
    for item in walk.items:
        if item.kind == "heading":
            key = _level_key(item)
            # a new heading closes every heading at its level or deeper
            levels = [k for k, _ in stack]
            if key in levels:
                del stack[levels.index(key) :]
            elif key in plain_levels:
                while stack and stack[-1][0] in plain_levels:
                    stack.pop()
            elif key == "cn":
                stack.clear()
            section = Section(
                id=f"S{len(plan.sections) + 1}",
                title=item.text,
                parent=stack[-1][1].id if stack else None,
                number=item.number,
                leaders=_names(item.fields.leaders),
                general_lead_units=_units(item.fields.general_lead or (item.fields.lead if item.style in plain_levels else [])),
                lines=(item.first, item.last),
            )
            plan.sections.append(section)
            parent_target = bool(stack) and target_sections.get(stack[-1][1].id, False)
            target_sections[section.id] = parent_target or _is_target_title(section.title)
            stack.append((key, section))
            continue
        task = Task(
            id=f"T{len(plan.tasks) + 1}",
            text=item.text,
            number=item.number,
            section=stack[-1][1].id if stack else None,
            starred=item.starred,
            lines=(item.first, item.last),
        )
        if item.row is not None:
            _row_values(item, task, first_leads)
        elif item.columns is not None:
            walk.warnings.extend(_flat_values(item, task, first_leads))
        else:
            _assign_units(task, item.fields, first_leads)
        if not task.text:
            walk.warnings.append(Warning((item.first, item.last), f"第 {item.number} 项没有任务内容"))
        if not (task.lead_units or task.cooperating_units):
            walk.warnings.append(Warning((item.first, item.last), f"第 {item.number or '?'} 项没有找到牵头或责任单位"))
        task.kind = "target" if task.section and target_sections.get(task.section) else "task"
        task.indicators = extract_indicators(task.text)
        plan.tasks.append(task)
    plan.warnings = sorted(walk.warnings, key=lambda w: w.lines)
    return plan


def build_plan(doc: Document) -> Plan:
    """Find the plan in the document and read it."""
    lines = doc.lines
    if not any(not is_blank(ln.text) for ln in lines):
        raise NoPlanError("文档没有内容", path=doc.path)
    try:
        anchor, layout = _anchor(lines)
        if layout == "text":
            anchor = _item_start(lines, anchor)
    except NoPlanError as exc:
        raise NoPlanError(exc.reason, path=doc.path) from None
    title_span = _title_before(lines, anchor)
    if layout == "flat":
        start = anchor
    else:
        # the headings right above the first item, but never above the plan's own title
        start = _heading_run_start(lines, anchor)
        if title_span is not None:
            start = max(start, title_span[1] + 1)
    walk = walk_lines(lines, start, layout)
    _trim_tail(walk)
    full_text = "\n".join(ln.text for ln in lines)
    plan = assemble(walk, says_first_listed_leads(full_text))
    if not plan.tasks:
        raise NoPlanError("没有找到方案:文中没有可读出的任务", path=doc.path)
    _trailing_furniture(plan, lines, walk)
    title = None
    if title_span is not None:
        parts = [line_text(lines[i]) for i in range(title_span[0], title_span[1] + 1)]
        title = "".join(p.strip() for p in parts if p and not is_blank(p)) or None
    meta.fill(plan, lines, title, anchor)
    return plan


def _trim_tail(walk: Walk) -> None:
    """Headings and stray lines after the last task are not the plan (furniture, signatures)."""
    last_idx = max((i for i, it in enumerate(walk.items) if it.kind == "task"), default=None)
    if last_idx is None:
        return
    last_line = walk.items[last_idx].last
    del walk.items[last_idx + 1 :]
    walk.warnings = [w for w in walk.warnings if w.lines[0] <= last_line]


def _trailing_furniture(plan: Plan, lines: list[Line], walk: Walk) -> None:
    """Record what follows the last task and is not a plan part (web-page furniture, templates)."""
    last = max((t.lines[1] for t in plan.tasks), default=0)
    end = walk.ended_at
    if end is not None:
        return  # attachments (附表) follow: blank templates, not tasks, nothing to warn about
    tail = [ln for ln in lines if ln.no > last and not is_blank(ln.text)]
    # headings after the last task that are not furniture were already kept as sections
    section_lines = {s.lines[0] for s in plan.sections if s.lines}
    tail = [ln for ln in tail if ln.no not in section_lines and not REMARK_RX.match(shadow(ln.text))]
    if tail:
        plan.warnings.append(Warning((tail[0].no, tail[-1].no), "方案正文之后的内容(网页栏目、声明等),未作为任务读取"))
    plan.warnings.sort(key=lambda w: w.lines)


__all__ = ["build_plan", "compact"]
