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
from duban.core.parse.lines import BARE_NUMBER, Numbered, compact, is_blank, numbering, shadow, strip_star
from duban.core.parse.notes import NoteFields, find_trailing_note, looks_like_deadline, split_role_suffix
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
# A table flattened to a cell a line

_HEADER_CELL_MAX = 14


def flat_header(lines: list[Line], i: int) -> tuple[Columns, int] | None:
    """Header cells on consecutive lines from line index i (blank lines between allowed), and where
    the body starts. A cell broken over two lines ("责任" / "领导") is joined; cells of no known role
    (进展情况, 攻坚目标任务) are kept as other columns."""
    found: list[tuple[str, int]] = []  # (cell, its line index)
    j = i
    while j < len(lines) and len(found) < 16:
        t = lines[j].text
        if lines[j].is_row:
            break
        if is_blank(t):
            j += 1
            continue
        c = compact(t)
        if len(c) > _HEADER_CELL_MAX or re.search(r"[。;;,,::、]", c) or BARE_NUMBER.match(shadow(t)) or numbering(t):
            break
        found.append((t.strip(), j))
        j += 1
    # the first body cell may read like one more header cell ("农业高质高效" after "评分部门"): a
    # header cell of no known role must still read like the name of a column
    while found and header_role(found[-1][0]) is None and not _HEADER_NOUN_RX.search(compact(found[-1][0])):
        j = found.pop()[1]
    cells = _join_broken_header_cells([cell for cell, _ in found])
    roles = [header_role(c) for c in cells[:2]]
    # the header opens with 序号 or the task column, or with one column before them (考核项目 / 序号 / …,
    # 类别 / 指标 / …)
    if len(cells) < 3 or not (roles[0] in ("number", "text") or roles[1:] in (["number"], ["text"])):
        return None
    cols = columns_from_cells(cells)
    if cols is None or not (cols.has_units or "leaders" in cols.index):
        return None
    return cols, j


# what a header cell of no known role still reads like: a column of a table
_HEADER_NOUN_RX = re.compile(r"(?:部门|单位|时间|情况|目标|备注|意见|措施|指标|内容|进度|计划|成效|问题|依据|要求|项目|名称|类别|标准|分值|得分|完成)$")


# a header fragment that says how a unit answers, broken before the 单位 it qualifies (市级牵头 / 责任单位)
_ROLE_VERB_END_RX = re.compile(r"(?:牵头|主办|主责|负责|协办|配合)$")


def _join_broken_header_cells(cells: list[str]) -> list[str]:
    out: list[str] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if (
            k + 1 < len(cells) and header_role(cell) is None and _ROLE_VERB_END_RX.search(compact(cell))
            and header_role(cells[k + 1]) in ("lead", "cooperating", "responsible")
            and header_role(cell + cells[k + 1]) is not None
        ):
            out.append(cell + cells[k + 1])  # 市级牵头 / 责任单位: the lead column
            k += 2
            continue
        # "责任" / "领导": two fragments that mean nothing alone are one cell broken over two lines
        if k + 1 < len(cells) and header_role(cell) is None and header_role(cells[k + 1]) is None:
            joined = cell + cells[k + 1]
            if header_role(joined) is not None or (len(compact(cell)) <= 2 and len(compact(cells[k + 1])) <= 2):
                out.append(joined)
                k += 2
                continue
        out.append(cell)
        k += 1
    return out


# What a cell line looks like, and how well it fits each kind of column.
# "short": a few words without punctuation, a proper name the unit words do not know (未来科技城, 临平新城)
# "value": a figure or a measure word alone (≥2%, 0.07, 万元/人, -): a target's value, never the task
_FIT: dict[str, dict[str, float]] = {
    "text": {"prose": 2.0, "item": 2.5, "short": 1.0, "value": -1.0, "unit": -1.0, "name": -2.0, "deadline": -1.0},
    "other": {"prose": 1.0, "item": 1.0, "short": 0.5, "value": 1.0, "unit": -0.5, "name": -0.5, "deadline": 0.0},
    # a column before the task's (领域, 类别): a word for a group of rows, never a numbered item
    "category": {"prose": 1.0, "item": -1.0, "short": 0.5, "value": 1.0, "unit": -0.5, "name": -0.5, "deadline": 0.0},
    "units": {"prose": -2.0, "item": -3.0, "short": 1.0, "value": -2.0, "unit": 2.0, "name": -1.0, "deadline": -2.0},
    "leaders": {"prose": -2.0, "item": -3.0, "short": -1.0, "value": -2.0, "unit": -1.0, "name": 2.0, "deadline": -2.0},
    "persons": {"prose": -2.0, "item": -3.0, "short": -1.0, "value": -2.0, "unit": -1.0, "name": 2.0, "deadline": -2.0},
    "deadline": {"prose": -1.0, "item": -2.0, "short": -1.0, "value": -0.5, "unit": -2.0, "name": -2.0, "deadline": 3.0},
    # a group's label printed in the task cell's first line, where the header names both (项目内容 over
    # 项目 | 内容): a few words, never a figure, a name, a unit or a sentence
    "label": {"prose": -5.0, "item": -5.0, "short": 1.5, "value": -5.0, "unit": -5.0, "name": -5.0, "deadline": -5.0},
    # 备注: a word or two (县民生实事, 已完成) rather than a unit's name beside it
    "remark": {"prose": 1.0, "item": -1.0, "short": 1.5, "value": 1.0, "unit": -0.5, "name": -0.5, "deadline": 0.0},
    # a column of units that do not answer for the task (评分部门, 考核部门): units fit, and are not kept
    "other_units": {"prose": -2.0, "item": -3.0, "short": 0.5, "value": -2.0, "unit": 2.0, "name": -1.0, "deadline": -2.0},
}
_VALUE_RX = re.compile(r"^[\d.,%‰≥≤<>=+\-—~/()()万亿千百元个人次家所亩吨斤公顷里米台套项户座条所年月日以上内下左右]*$")
_UNIT_ROLE_NAMES = ("lead", "cooperating", "general_lead")


# how a unit's name ends (an organ, a place's government, a group of units): "会展业及相关收入" is no unit
_UNIT_SHAPE_RX = re.compile(
    r"(?:局|委|办|厅|部|院|署|会|中心|公司|集团|政府|办事处|指挥部|队|所|站|社|馆|行|团|联|协|室|处|组|专班|"
    r"单位|部门|街道|乡镇|镇|乡|区|县|市|机关|园区|城|企业|学校|医院|海关|银行|分局|支行)(?:\([^()]{1,12}\))?$"
)


def _kind(line: str) -> str:
    from duban.core.units import (
        is_group,
        looks_like_leader_title,
        looks_like_person,
        looks_like_unit,
        split_names,
        split_units,
    )

    sh = shadow(line).strip()
    if len(sh) <= 12 and _VALUE_RX.match(sh) and (re.search(r"\d", sh) or len(sh) <= 4):
        return "value"
    if looks_like_deadline(line):
        return "deadline"
    names = split_names(line)
    if names and all(looks_like_person(n) or looks_like_leader_title(n) for n in names):
        return "name"
    # a unit cell may close with 。 ("区投资促进中心。", "A,B、C。"), a sentence does too: only a
    # short name or a list loses it
    body = sh.rstrip("。;;") if (len(sh) <= 12 or re.search(r"[、,,]", sh)) else sh
    if "。" not in body and len(body) <= 120:
        value, _ = split_role_suffix(line.strip()[: len(body)] if body != sh else line)
        units = split_units(value)
        if units and all(looks_like_unit(u) and (_UNIT_SHAPE_RX.search(shadow(u)) or (is_group(u) and shadow(u).startswith("各"))) for u in units):
            return "unit"
        if re.fullmatch(r"[((][^()()]{1,12}[))]", sh):
            return "unit"  # "(林业局)": a qualifier of the unit line above
    if len(compact(sh)) <= 16 and not re.search(r"[。;;,,!?:]|\d", sh):
        return "short"
    n = numbering(line)
    if n is not None and n.style not in HEADING_STYLES and len(sh) - n.rest >= 6:
        return "item"  # "3.妇女享有优质避孕节育计生服务…": a numbered task in the task column
    return "prose"


# a task column's header naming a group and its content (项目内容, 类别及内容): printed over two columns,
# the group's cell merged over its rows and printed where each merge starts
_GROUP_AND_CONTENT_RX = re.compile(r"(?:项目|类别|领域|板块)(?:及|和|与|/)?(?:内容|事项|任务)")


def _dp_columns(cols: Columns) -> tuple[list[tuple[str, list[str]]], list[int | None]]:
    """The table's columns after 序号 as the alignment sees them (runs of unit columns are one), and
    for each the header cell it stands for."""
    out: list[tuple[str, list[str]]] = []
    heads: list[int | None] = []
    text_seen = False
    first = cols.index.get("number", -1) + 1  # a column before 序号 (考核项目) is a row group, printed above it
    for k, role in enumerate(cols.order):
        if k < first or role == "number":
            continue
        if role == "other" and k < len(cols.cells) and re.search(r".(?:部门|单位|科室|处室)$", compact(cols.cells[k])):
            out.append(("other_units", ["other"]))
        elif role == "text" and not text_seen:
            if k < len(cols.cells) and _GROUP_AND_CONTENT_RX.fullmatch(compact(cols.cells[k])):
                out.append(("label", ["label"]))
                heads.append(None)
            out.append(("text", [role]))
            text_seen = True
        elif role in _UNIT_ROLE_NAMES and out and out[-1][0] == "units":
            out[-1][1].append(role)
            continue
        elif role in _UNIT_ROLE_NAMES:
            out.append(("units", [role]))
        elif role in ("leaders", "persons", "deadline", "remark"):
            out.append((role, [role]))
        else:
            out.append(("other" if text_seen else "category", [role]))
        heads.append(k)
    out.append(("other", ["trailing"]))  # the cells of merged sub-rows after the last column
    heads.append(None)
    return out, heads


def _level(text: str) -> str:
    sh = shadow(text).strip()
    return sh[:1] if sh[:1] in "省市区县镇乡" else ""


def _align(kinds: list[str], texts: list[str], columns: list[tuple[str, list[str]]], new_rows: bool) -> tuple[list[int], float]:
    """The column of each line: the best monotone path through the columns, and how well it fits;
    with `new_rows`, a line fitting the task column may start the next row after a later column."""
    n, k = len(kinds), len(columns)
    neg = float("-inf")
    text_col = next((c for c, (kind, _) in enumerate(columns) if kind == "text"), 0)
    score = [[neg] * k for _ in range(n)]
    back = [[0] * k for _ in range(n)]
    for c in range(text_col + 1):  # a row may open with empty cells, at a cost, but has its task
        score[0][c] = _FIT[columns[c][0]][kinds[0]] - 0.25 * c
    for i in range(1, n):
        for c in range(k):
            fit = _FIT[columns[c][0]][kinds[i]]
            best, arg = neg, 0
            for a in range(k):
                if score[i - 1][a] == neg:
                    continue
                if a <= c and not (a < text_col < c):  # no row without its task text
                    step = 0.0
                    if a == c and columns[c][0] in ("text", "label", "deadline", "other", "category"):
                        # a second line in the same cell: only when the first did not end its sentence
                        ended = shadow(texts[i - 1]).rstrip().endswith(("。", "!", "?", ";"))
                        listed = shadow(texts[i]).lstrip().startswith("——") or (kinds[i] == "item" and columns[c][0] != "text")
                        step = -3.0 if ended and not listed else -0.5
                        if columns[c][0] == "text" and kinds[i] == "short" and len(compact(texts[i - 1])) >= 20:
                            step = -1.0  # a few words after a whole task line are the next cell's (应补尽补)
                        # (a cell may list its points one a line: after dashes, ——女性人均预期寿命延长。, or
                        # numbered in a column after the task's, 1.完善…。 2.印发…。)
                    elif a == c and columns[c][0] in ("units", "other_units") and _level(texts[i - 1]) != _level(texts[i]):
                        step = -0.5  # the units of one cell belong to one level (县…, 县…); 市… is the next cell
                elif new_rows and c <= text_col < a:
                    step = -0.5  # the next row of a table whose 序号 cells are empty
                else:
                    continue
                if score[i - 1][a] + step > best:
                    best, arg = score[i - 1][a] + step, a
            score[i][c] = best + fit if best != neg else neg
            back[i][c] = arg
    c = max(range(k), key=lambda x: score[n - 1][x])
    best_score = score[n - 1][c]
    path = [c]
    for i in range(n - 1, 0, -1):
        c = back[i][c]
        path.append(c)
    return path[::-1], best_score


def read_flat(lines: list[Line], start: int, stop: int, cols: Columns, warnings: list[Warning]) -> list[Item]:
    """The rows of a table flattened to a cell a line, lines[start:stop]: rows cut at their 序号 cells
    (or, where those are empty, where the task column comes round again), each row's lines aligned
    to the columns by what they look like; heading rows ("(一)…") become headings.

    Where the header names several task-like columns, the one its words rank first holds the task
    unless its cells are figures and another's words fit the rows better: 目标任务 holding 26000
    beside 项目内容 holding 城镇新增就业(人) is no task column."""
    if len(cols.texts) > 1:
        chosen = cols.texts[0]
        fits: list[tuple[_Fit, Columns]] = []
        for k in cols.texts:
            candidate = cols if k == chosen else cols.with_text(k)
            fit = _Fit(head=chosen)
            _read_flat(lines, start, stop, candidate, [], fit)
            fits.append((fit, candidate))
        header_fit = fits[0][0]
        better = [
            (fit, candidate) for fit, candidate in fits[1:]
            if fit.score > header_fit.score and fit.figures > fit.words  # read so, the header's choice holds figures
        ]
        if better:
            cols = max(better, key=lambda f: f[0].score)[1]
    return _read_flat(lines, start, stop, cols, warnings, None)


@dataclass
class _Fit:
    """How well a reading of the header fits the rows: the alignment's score, and what the cells
    under one header cell hold (rows of figures alone, 26000 or 4.3, and other rows)."""

    head: int
    score: float = 0.0
    figures: int = 0
    words: int = 0


# a row number marked as ★ marks 十件大事: "9*", "＊9"
_STARRED_NUMBER = re.compile(r"^\s*(?:[*★☆]\s*(\d{1,4})|(\d{1,4})\s*[*★☆])\s*$")


def _row_number_line(text: str) -> tuple[str, bool] | None:
    """The 序号 cell a line is, and whether it is starred."""
    sh = shadow(text).replace("＊", "*")
    bare = BARE_NUMBER.match(sh)
    if bare:
        return bare.group(1), False
    starred = _STARRED_NUMBER.match(sh)
    return (starred.group(1) or starred.group(2), True) if starred else None


def _read_flat(lines: list[Line], start: int, stop: int, cols: Columns, warnings: list[Warning], fit: _Fit | None) -> list[Item]:
    items: list[Item] = []
    segment: list[tuple[int, str, bool]] = []  # (line number, text, blank before)
    number: str | None = None
    number_starred = False
    numbered = "number" in cols.index and any(_row_number_line(ln.text) for ln in lines[start:stop] if not ln.is_row)
    carried: NoteFields | None = None  # the units of a cell merged over the rows below it

    def flush() -> None:
        nonlocal carried
        if segment and numbered and number is None:
            # before the first 序号, or right after a heading row: section rows, not a task
            for no, text, _ in segment:
                if _heading_like(text):
                    items.append(Item("heading", _clean(text), no, no, "plain", None))
                else:
                    warnings.append(Warning((no, no), f"表格中无法归属的内容,未作为任务读取:{text[:30]}"))
            segment.clear()
        elif segment:
            # where blank lines part every cell, an empty cell leaves no line: a row without a unit
            # line lies under a unit cell merged over it, printed in the group's first row (where
            # cells follow line by line, an empty line is an empty cell)
            spaced = all(blank for _, _, blank in segment)
            for item in _flat_rows(segment, number, cols, numbered, warnings, fit):
                if item.kind == "task" and number_starred:
                    item.starred = True
                if item.kind == "task" and cols.has_units and spaced:
                    if item.fields.has_units:
                        carried = NoteFields(lead=item.fields.lead, cooperating=item.fields.cooperating)
                    elif carried is not None:
                        item.fields = item.fields.merged(carried)
                items.append(item)
            segment.clear()

    number_at = cols.index.get("number", 0)
    group_before_number = any(r != "empty" for r in cols.order[:number_at])
    blank = False
    last_number = 0
    for idx in range(start, stop):
        line = lines[idx]
        if line.is_row:
            continue
        raw = line.text.strip()
        if is_blank(raw):
            blank = True
            continue
        bare = _row_number_line(raw) if numbered else None
        if bare and numbered and last_number and int(bare[0]) != last_number + 1:
            bare = None  # "0", "42", "1": a figure in a row's cells, not the next row's 序号 (1 again only under a new heading)
        if bare:
            last_number = int(bare[0])
        heading = _flat_heading(raw, line.no)
        if bare or heading is not None:
            flush()
            if bare:
                number, number_starred = bare
            else:
                assert heading is not None
                items.append(heading)
                number = None
                last_number = 0  # numbers may start again under a heading
                carried = None
        elif numbered and number is not None and segment and _heading_like(raw) and (
            _row_complete(segment, cols) or (group_before_number and _opens_next_row(lines, idx, stop) and _beyond_row(segment, raw, cols))
        ):
            # a section row between numbered rows ("经济社会发展主要预期目标分解(15项)"), or the cell of a
            # column before 序号 merged over a group of rows, printed before its first row's number
            # (工程名称 / 序号: 教育发展工程 after the last cell of the group above)
            flush()
            items.append(Item("heading", _clean(raw), line.no, line.no, "plain", None))
            number = None
            last_number = 0
            carried = None
        elif REMARK_RX.match(shadow(raw)):
            pass
        else:
            segment.append((line.no, raw, blank))
        blank = False
    flush()
    return items


def _opens_next_row(lines: list[Line], idx: int, stop: int) -> bool:
    """The next cell line after line idx is a row's 序号."""
    after = next((ln for ln in lines[idx + 1 : stop] if not ln.is_row and not is_blank(ln.text)), None)
    return after is not None and _row_number_line(after.text) is not None


def _beyond_row(segment: list[tuple[int, str, bool]], text: str, cols: Columns) -> bool:
    """The line is no cell of the row: it falls past the row's last column, would be a second line
    in the row's last cell after the task's, or would be the row's only unit and reads as none (a row
    under a merged unit cell prints none)."""
    columns, _ = _dp_columns(cols)
    texts = [t for _, t, _ in segment] + [text]
    kinds = [_kind(t) for t in texts]
    path, _ = _align(kinds, texts, columns, new_rows=False)
    at, before = path[-1], path[:-1]
    text_col = next((c for c, (kind, _) in enumerate(columns) if kind == "text"), 0)
    only_unit = columns[at][0] == "units" and kinds[-1] != "unit" and all(columns[c][0] != "units" for c in before)
    return at == len(columns) - 1 or bool(before and before[-1] == at > text_col) or only_unit


def _heading_like(text: str) -> bool:
    """A section row of a table: short, no sentence, not units or names."""
    sh = shadow(text).strip()
    return 4 <= len(compact(sh)) <= 40 and not re.search(r"[。;;]", sh) and _kind(text) in ("prose", "short") and not sh.endswith((",", ","))


def _row_complete(segment: list[tuple[int, str, bool]], cols: Columns) -> bool:
    """The row so far has its task text and its units: what follows is no cell of it."""
    kinds = [_kind(t) for _, t, _ in segment]
    return bool(kinds) and kinds[0] in ("prose", "item", "short") and "unit" in kinds[1:] and kinds[-1] == "unit"


def _flat_heading(raw: str, no: int) -> Item | None:
    """A heading row of a flattened table: "(一)刘忻市长牵头重点工作", "一、主要指标(牵头领导:…)"."""
    from duban.core.parse.text import lead_heading

    num = numbering(raw)
    if num is None or num.style not in HEADING_STYLES:
        return None
    body = raw[num.rest :]
    note = find_trailing_note(body)
    if note is not None and note.fields.has_units:
        return None
    text = _clean(body[: note.start] + body[note.end :]) if note else _clean(body)
    fields = note.fields if note else NoteFields()
    item = Item("heading", text, no, no, num.style, num.number, False, fields, note is not None)
    owner = lead_heading(text)
    if owner is not None:
        units, leaders = owner
        item.fields = item.fields.merged(NoteFields(leaders=leaders, lead=units))
        item.inherit = bool(units)
    return item


def _flat_rows(
    segment: list[tuple[int, str, bool]], number: str | None, cols: Columns, numbered: bool, warnings: list[Warning],
    fit: _Fit | None = None,
) -> list[Item]:
    """One numbered row (or, in a table without numbers, several) from its cell lines; `fit`, when
    given, adds up how well the lines fit the columns."""
    columns, heads = _dp_columns(cols)
    texts = [t for _, t, _ in segment]
    kinds = [_kind(t) for t in texts]
    for i in range(1, len(kinds) - 1):
        if kinds[i] == "short" and kinds[i - 1] == kinds[i + 1] == "unit":
            kinds[i] = "unit"  # a name cut short among names (省人口计生): one of them
    for i in range(len(kinds) - 1):
        if kinds[i] == "short" and kinds[i + 1] == "unit" and _broken_name(texts[i], texts[i + 1]):
            kinds[i] = "unit"  # a name broken over two lines (市人力资源 / 社会保障局)
    path, score = _align(kinds, texts, columns, new_rows=not numbered)
    if fit is not None:
        fit.score += score
    text_col = next((c for c, (kind, _) in enumerate(columns) if kind == "text"), 0)
    rows: list[list[int]] = []
    prev = None
    for i, c in enumerate(path):
        if not rows or (prev is not None and c <= text_col < prev):
            rows.append([])
        rows[-1].append(i)
        prev = c
    items: list[Item] = []
    for row in rows:
        if fit is not None:
            under = [i for i in row if heads[path[i]] == fit.head]
            figures = [kinds[i] == "value" and bool(re.search(r"\d", texts[i])) for i in under]
            fit.figures += bool(under) and all(figures)
            fit.words += bool(under) and not all(figures)
        first, last = segment[row[0]][0], segment[row[-1]][0]
        cells: dict[int, list[tuple[str, bool]]] = {}
        for i in row:
            cells.setdefault(path[i], []).append((texts[i], segment[i][2]))
        label = [segment[i] for i in row if columns[path[i]][0] == "label"]
        if label:
            # the group's cell, printed where its merge starts: a section over its rows (call 72)
            items.append(Item("heading", _clean("".join(t for _, t, _ in label)), label[0][0], label[-1][0], "row", None))
        text_lines = [t for t, _ in cells.get(text_col, [])]
        body, starred = strip_star("".join(text_lines)) if text_lines else ("", False)
        row_number, style = number, "bare"
        inner = numbering(body) if number is None else None
        if inner is not None and inner.style not in HEADING_STYLES:
            row_number, style, body = inner.number, inner.style, body[inner.rest :]  # numbered in the task cell
        item = Item("task", _clean(body), first, last, style, row_number, starred, columns=cols)
        leaders: list[str] = []
        persons: list[str] = []
        deadline: list[str] = []
        unit_lines: list[tuple[str, bool]] = []
        unit_roles: list[str] = []
        for c in sorted(cells):
            kind, roles = columns[c]
            values = cells[c]
            if kind == "units":
                unit_lines.extend(values)
                unit_roles = roles
            elif kind == "leaders":
                leaders.extend(t for t, _ in values)
            elif kind == "persons":
                persons.extend(t for t, _ in values)
            elif kind == "deadline":
                deadline.extend(t for t, _ in values)
        # a blank line before the units where the row's other cells follow each other without one:
        # the line of an empty 牵头单位 cell (the cells below are the 配合单位's)
        first_unit = next((i for i in row if columns[path[i]][0] == "units"), None)
        others = [i for i in row if i != first_unit]
        spaced = bool(others) and all(segment[i][2] for i in others)
        first_empty = first_unit is not None and segment[first_unit][2] and not spaced
        item.fields = _unit_fields(unit_lines, unit_roles, first_empty=first_empty)
        item.fields = item.fields.merged(NoteFields(leaders=leaders, persons=persons, deadline=[",".join(deadline)] if deadline else []))
        if not item.text:
            warnings.append(Warning((first, last), "表格中的一行没有任务内容,未作为任务读取"))
            continue
        items.append(item)
    return _merged_goal_cells(items)


def _broken_name(head: str, tail: str) -> bool:
    """Two lines that are one unit's name broken where its cell wrapped (市人力资源 / 社会保障局)."""
    return _cell_joint(head, tail) == ""


def _merged_goal_cells(items: list[Item]) -> list[Item]:
    """A numbered cell merged over rows that each have their own units (`2.提高孕产妇医疗保健水平。`
    over `——孕产妇死亡率…` / units, `——孕产妇系统管理率…` / units) heads those rows: its sentence is a
    section, each row's points a task. A numbered cell with one set of units stays one task."""
    out: list[Item] = []
    for k, item in enumerate(items):
        after = items[k + 1] if k + 1 < len(items) else None
        dash = item.text.find("——")
        if (
            item.number and item.style != "bare" and dash > 0 and after is not None
            and after.number is None and after.text.startswith("——")
        ):
            out.append(Item("heading", _clean(item.text[:dash]), item.first, item.first, item.style, item.number))
            item.text, item.number, item.style = _clean(item.text[dash:]), None, "bare"
        if item.number is None and item.text.startswith("——") and out and any(o.kind == "heading" for o in out):
            item.text = _clean(item.text[2:])
        out.append(item)
    return out


def _unit_fields(unit_lines: list[tuple[str, bool]], roles: list[str], *, first_empty: bool = False) -> NoteFields:
    """Units from a row's unit cells: where the table has a 牵头单位 and a 责任单位 column, the lines
    are split between them by the 责任单位 cell repeating the leads, by blank lines, or else the first
    line leads; a cell that says its role ("…配合落实") is read by its words."""
    joined: list[tuple[str, bool]] = []
    for unit, blank in unit_lines:
        if joined and (
            re.fullmatch(r"[((][^()()]{1,12}[))]", shadow(unit).strip()) or shadow(joined[-1][0]).rstrip().endswith(("、", ","))
            or _broken_name(joined[-1][0], unit)
        ):
            joined[-1] = (joined[-1][0] + unit, joined[-1][1])  # "(林业局)", a list broken after 、, a name broken
        else:
            joined.append((unit, blank))
    said_lead: list[str] = []
    lines: list[tuple[str, bool]] = []
    for unit, blank in joined:
        value, said = split_role_suffix(unit)
        lines.append((value, blank))
        if said == "lead":
            said_lead.append(value)
    units = [u for u, _ in lines]
    lead: list[str]
    coop: list[str]
    if "lead" in roles and "cooperating" in roles:
        k = _repeat_split(units)
        if k:
            lead, coop = units[:k], units[k:]
        else:
            groups = _blank_groups(lines)
            if len(groups) == 1 and first_empty:
                lead, coop = [], units
            elif len(groups) >= 2:  # blank lines mark the cells: the first cell is the lead
                lead, coop = groups[0], [u for g in groups[1:] for u in g]
            else:  # one unbroken run: only the first line can be told to be the lead
                lead, coop = units[:1], units[1:]
    elif "lead" in roles:
        lead, coop = units, []
    elif "general_lead" in roles:
        return NoteFields(general_lead=units)
    else:
        lead, coop = [], units
    lead = lead + [u for u in said_lead if u not in lead]
    coop = [u for u in coop if u not in said_lead]
    return NoteFields(lead=lead, cooperating=coop)


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
    sub = _second_header_row(walk, cells, cols)
    if sub is not None:
        walk.columns = sub
        return
    cells = _under_merged_group(cells, cols)
    group = _group_cell(cells, cols)
    if group is not None:
        at, heading = group
        title = _clean(cells[at][heading.rest :])
        walk.items.append(Item("heading", title, line.no, line.no, heading.style, heading.number))
        cells = tuple("" if i == at else c for i, c in enumerate(cells))

    def cell(role: str) -> str:
        idx = cols.get(role)
        return cells[idx].strip() if idx is not None and idx < len(cells) else ""

    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return
    number = cell("number")
    text = cell("text")
    distinct = set(filled)
    carried = _carried_down(walk, cells, cols)
    if carried is not None:
        carried.first = carried.last = line.no
        walk.items.append(carried)
        return
    unit_cells = "".join(cell(r) for r in ("lead", "cooperating"))
    num = numbering(number) if number else None
    head_num = numbering(filled[0])
    prev_row = walk.last_task
    if (
        len(distinct) == 1 and not number and text and text == filled[0] and head_num is None
        and prev_row is not None and prev_row.row is not None
        and not shadow(prev_row.text).rstrip().endswith(("。", ";", "!", "?", ":"))
    ):
        # the rest of the last row's task, which a page break put in a row of its own
        prev_row.text = _clean(prev_row.text + text)
        prev_row.last = line.no
        return
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
        (cols.get("number") is not None and not shadow(prev_row.text).rstrip().endswith(("。", ";", "!", "?")))
        or (unit_cells and not text)
    ):
        # the rest of a row the page broke: its 序号 cell is empty and the task text is unfinished
        text_idx = cols.get("text")
        raw_prev = prev_row.row[text_idx].rstrip() if text_idx is not None and text_idx < len(prev_row.row) else ""
        mark = raw_prev[-1:] if shadow(raw_prev[-1:]) in (",", "、") else ""  # the comma the break stood after
        prev_row.row = tuple(
            (a + ("" if i == cols.get("text") else _cell_joint(a, b)) + b).strip() if b.strip() else a
            for i, (a, b) in enumerate(zip(prev_row.row, cells, strict=False))
        )
        joint = mark if text and not shadow(prev_row.text).endswith(shadow(mark) or "\0") else ""
        prev_row.text = _clean(prev_row.text + joint + text)
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
    if (
        prev is not None and prev.row is not None and printed_number and printed_number == prev.number
        and text != prev.text and shadow(number).strip() == _number_cell(prev)  # (1) under 1 is no repeat
    ):
        prev.text = prev.text + text  # one task over several rows (merged 序号)
        prev.last = line.no
        return
    body, starred = strip_star(text)
    inner = numbering(body)
    if inner and not printed_number:
        printed_number = inner.number
        starred = starred or inner.starred
        body = body[inner.rest :]
    if not printed_number:
        printed_number = _label_number(cells, cols)
    note = find_trailing_note(body)
    fields = NoteFields()
    if note is not None:
        fields = note.fields
        body = body[: note.start] + body[note.end :]
    walk.items.append(
        Item("task", _clean(body), line.no, line.no, "row", printed_number, starred, fields, note is not None,
             columns=cols, row=cells)
    )


def text_column_by_rows(cols: Columns, rows: list[tuple[str, ...]]) -> Columns:
    """Where the header names two task-like columns of equal words (重点任务 | 工作内容), the rows
    tell which holds the task: a column whose every cell is a short name (政策解读, 迴应关切) names the
    row, and the column beside it whose cells are sentences is the task's."""
    if len(cols.texts) < 2 or not rows:
        return cols

    def cells_of(k: int) -> list[str]:
        return [r[k].strip() for r in rows if k < len(r) and r[k].strip()]

    chosen = cols.texts[0]
    names = cells_of(chosen)
    if len(names) < 2 or not all(_kind(c) == "short" for c in names):
        return cols
    for k in cols.texts[1:]:
        sentences = cells_of(k)
        if len(sentences) >= len(names) and all(_kind(c) == "prose" for c in sentences):
            return cols.with_text(k)
    return cols


def _second_header_row(walk: TableWalk, cells: tuple[str, ...], cols: Columns) -> Columns | None:
    """A header in two rows (责任分工 over 牵头单位 | 配合单位): the row right under the header whose
    cells are all header words names the columns below a merged cell; each column is read by its
    lower cell where it has one, else by the cell above."""
    if any(it.columns is cols for it in walk.items):
        return None  # rows were read under this header: a row of words now is no header
    named = [c for c in cells if c.strip()]
    if len(named) < 2 or not all(header_role(c) is not None for c in named):
        return None
    above = list(cols.cells) + [""] * max(0, len(cells) - len(cols.cells))
    below = list(cells) + [""] * max(0, len(above) - len(cells))
    return columns_from_cells([b if b.strip() else a for a, b in zip(above, below, strict=True)])


def _before_text(cols: Columns) -> list[int]:
    """The columns left of the task column that the header names nothing we read (类别, 项目名称)."""
    text_idx = cols.get("text")
    return [i for i, r in enumerate(cols.order[: text_idx or 0]) if r == "other"]


def _under_merged_group(cells: tuple[str, ...], cols: Columns) -> tuple[str, ...]:
    """A row one or more cells short because the first column's cell (类别) was merged over a group
    of rows and printed in its first row only: the cells it has belong to the columns after it, as
    its unit cell shows (it names a unit where the header's positions put something else)."""
    from duban.core.units import looks_like_unit

    filled = list(cells)
    while filled and not filled[-1].strip():
        filled.pop()
    width = len(cols.order)
    while width and cols.order[width - 1] == "empty":
        width -= 1
    missing = width - len(filled)
    lead = [i for i in (cols.get("lead"), cols.get("cooperating")) if i is not None]
    if missing < 1 or not lead or _before_text(cols)[:missing] != list(range(missing)):
        return cells

    def unitlike(row: list[str]) -> bool:
        return any(i < len(row) and row[i].strip() and looks_like_unit(_NAME_SEP.split(row[i].strip())[0]) for i in lead)

    shifted = [""] * missing + filled
    return tuple(shifted) if unitlike(shifted) and not unitlike(filled) else cells


def _group_cell(cells: tuple[str, ...], cols: Columns) -> tuple[int, Numbered] | None:
    """A cell of the first column, left of the task, that is numbered as a heading (类别 `四、教育文化`
    merged over its group's rows): the group's section, printed in its first row."""
    for i in _before_text(cols)[:1]:
        if i < len(cells) and cells[i].strip():
            n = numbering(cells[i].strip())
            if n is not None and n.style in ("cn", "(cn)", "part") and len(shadow(cells[i]).strip()) <= SHORT_HEADING:
                return i, n
    return None


def _label_number(cells: tuple[str, ...], cols: Columns) -> str | None:
    """The row's number where no 序号 column prints it but the row's label does (项目名称
    `14.改扩建…` beside the 任务目标 the task is)."""
    for i in _before_text(cols):
        if i < len(cells):
            n = numbering(cells[i].strip())
            if n is not None and n.style not in HEADING_STYLES:
                return n.number
    return None


_NAME_SEP = re.compile(r"[、,,;;\s]")


def _cell_joint(before: str, after: str) -> str:
    """What joins a cell's text to its rest (the next line, the next page): nothing where the break
    fell inside a unit's name (区水利和 / 湖泊局, 各 / 乡镇人民政府: the first part is no unit, the two
    together are, and the second does not open a name of its own, 省人口计生 / 省妇联), else a line
    break, as between names."""
    from duban.core.units import looks_like_unit

    head = _NAME_SEP.split(before.rstrip())[-1]
    tail = _NAME_SEP.split(after.lstrip())[0]
    joined = head and tail and not _level(tail) and not looks_like_unit(head) and looks_like_unit(head + tail)
    return "" if joined else "\n"


def _carried_down(walk: TableWalk, cells: tuple[str, ...], cols: Columns) -> Item | None:
    """A row whose 序号 and unit cells were merged with the row above: in text, its one value slides
    into the first cell ("新增学位810个 | | | |"). It is a task of its own with the merged cells'
    values (number, units) carried down."""
    prev = walk.last_task
    text_idx = cols.get("text")
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if prev is None or prev.row is None or text_idx is None or len(filled) != 1 or filled[0] >= text_idx:
        return None
    value = cells[filled[0]].strip()
    if numbering(value) is not None or BARE_NUMBER.match(shadow(value)) or not re.search(r"\d", value) or len(value) > 40:
        return None
    row = list(prev.row)
    row[filled[0]] = prev.row[filled[0]]
    row[text_idx] = value
    return Item("task", _clean(value), 0, 0, "row", prev.number, False, columns=cols, row=tuple(row))


def finish_row(item: Item) -> None:
    """Sort a row's cells into the item's fields (after all of its broken parts were joined)."""
    cols = item.columns
    row = item.row
    assert cols is not None and row is not None

    def cell(role: str) -> str:
        idx = cols.get(role)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    fields = NoteFields()
    for role in ("lead", "cooperating"):
        value, said = split_role_suffix(cell(role))
        if not value:
            continue
        if said == "lead" or role == "lead":
            fields.lead.append(value)
        elif said == "cooperating" or cols.get("lead") is not None:
            fields.cooperating.append(value)
        else:
            fields.unkeyed.append(value)
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
    tasks = [item for item in walk.items if item.kind == "task"]
    for item, after in zip(tasks, tasks[1:], strict=False):
        if _groups_next(item, after):
            n = numbering(_number_cell(item))
            item.kind, item.style = "heading", n.style if n else "row"
            item.number = n.number if n else _row_number(_number_cell(item))
    return walk.items


def _number_cell(item: Item) -> str:
    idx = item.columns.get("number") if item.columns is not None else None
    return shadow(item.row[idx]).strip() if item.row is not None and idx is not None and idx < len(item.row) else ""


def _groups_next(item: Item, after: Item) -> bool:
    """A numbered row with no units over rows numbered another way that have them heads those rows
    (`1 | 大力提振消费。 | |` over `(8) | … | 市商务局`): a sub-heading written as a row."""
    fields, next_fields = item.fields, after.fields
    if fields.lead or fields.cooperating or fields.unkeyed or fields.leaders or fields.persons:
        return False
    if not (next_fields.lead or next_fields.cooperating or next_fields.unkeyed):
        return False
    number, next_number = _number_cell(item), _number_cell(after)
    if not number or not next_number or len(shadow(item.text)) > SHORT_HEADING:
        return False
    return re.sub(r"[0-9一二三四五六七八九十百]+", "0", number) != re.sub(r"[0-9一二三四五六七八九十百]+", "0", next_number)


__all__ = ["TableWalk", "finish", "flat_header", "read_flat", "row_line"]
