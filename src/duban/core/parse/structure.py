"""Build a `Plan` from a document: prepare its lines, read each part with its layout family's
reader, find where the plan begins and ends, assemble, check.

The layout is decided by what the document shows, once per part: a header row starts a table of
rows; header cells one a line start a table flattened to a cell a line (which runs to the end);
everything else is text. Each reader yields `Item`s with their lines; one assembler builds the
sections and tasks; the self-check reports what could not be read cleanly.
"""

from __future__ import annotations

import re

from duban.core.document import Document, Line
from duban.core.errors import NoPlanError
from duban.core.parse import meta
from duban.core.parse.assemble import assemble, conventions
from duban.core.parse.check import self_check
from duban.core.parse.columns import columns_from_cells, header_role
from duban.core.parse.items import Item
from duban.core.parse.lines import DASH_HEAD, is_blank, numbering, shadow
from duban.core.parse.prepare import prepare
from duban.core.parse.script import restore, simplified, unreadable_traditional
from duban.core.parse.table import TableWalk, finish, flat_header, read_flat, row_line, text_column_by_rows
from duban.core.parse.text import HEADING_STYLES, REMARK_RX, classify, read_blocks
from duban.core.plan import Plan, Warning

REPORT_REASON = "这是政府工作报告,不是责任分解方案;可用 `duban draft` 从报告起草方案(网页上传报告也会起草)"
ATTACHMENT_RX = re.compile(r"^\s*(?:附表|附件)\s*[0-9一二三四五六七八九十]*\s*[::]?\s*$")
TITLE_WORDS = re.compile(
    r"(?:分解方案|分解表|分工方案|任务清单|责任清单|分解清单|责任表|任务表|分工表|分工的意见|分工意见|清单|方案|分解|分工|"
    r"情况表|台账|一览表|计划表|安排表)"
)
PLAN_TITLE = re.compile(r"(?:分解|分工|责任|任务清单|台账|情况表|一览表)")
NOT_HEADING_RX = re.compile(r"(?:〔\d{4}〕\d*号|\[\d{4}\]\d*号|^附件\s*\d*$|^\(此件.*\)$|^索引号|^发布日期|^来源)")


# ---------------------------------------------------------------------------------------------
# Reading every part of the document


def read_items(lines: list[Line]) -> tuple[list[Item], list[Warning], dict[int, int]]:
    """Every heading, task and paragraph of the document in order, each part read by its layout
    family; and, for each line number, the index of its first prepared line."""
    items: list[Item] = []
    warnings: list[Warning] = []
    table = TableWalk(items=items, warnings=warnings)
    text_from = 0

    def flush_text(upto: int) -> None:
        if upto > text_from:
            items.extend(classify(read_blocks(lines, text_from, upto)))

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.is_row:
            cols = columns_from_cells(line.cells) if line.cells else None
            if table.columns is None and cols is None:
                i += 1
                continue
            flush_text(i)
            if table.columns is None:
                assert cols is not None
                table.columns = text_column_by_rows(cols, _rows_below(lines, i))
            else:
                row_line(table, line)
            i += 1
            text_from = i
            continue
        if table.columns is not None and _continues_row(table, lines, i):
            row = table.last_task
            assert row is not None
            row.text = row.text + line.text.strip()
            row.last = line.no
            i += 1
            text_from = i
            continue
        if header_role(line.text) in ("number", "text") or _opens_header(lines, i):
            found = flat_header(lines, i)
            if found is not None:
                # a table flattened to a cell a line runs to its attachments or to the end
                flush_text(i)
                cols, body = found
                stop = next((k for k in range(body, len(lines)) if ATTACHMENT_RX.match(shadow(lines[k].text))), len(lines))
                items.extend(read_flat(lines, body, stop, cols, warnings))
                text_from = i = stop
                continue
        i += 1
    flush_text(len(lines))
    finish(table)
    first_index: dict[int, int] = {}
    for idx, ln in enumerate(lines):
        first_index.setdefault(ln.no, idx)
    return items, warnings, first_index


def _rows_below(lines: list[Line], i: int) -> list[tuple[str, ...]]:
    """The table rows right under line i, up to the first line of text (blank lines between them)."""
    rows: list[tuple[str, ...]] = []
    for ln in lines[i + 1 :]:
        if ln.is_row and ln.cells is not None:
            rows.append(ln.cells)
        elif not is_blank(ln.text):
            break
    return rows


def _continues_row(table: TableWalk, lines: list[Line], i: int) -> bool:
    """A line between a table's rows that goes on with the last row's unfinished task: the part of a
    row a PDF's page break left outside the table (临平新城要围绕…集聚 / 地、产业互联网创新港,…). Not
    after the last row: what follows a table is the page's own (主办单位:…)."""
    row = table.last_task
    text = lines[i].text.strip()
    if row is None or row.row is None or not text or numbering(text) is not None:
        return False
    if shadow(row.text).rstrip().endswith(("。", ";", "!", "?", ":")):
        return False
    before = next((ln for ln in reversed(lines[:i]) if not is_blank(ln.text) or ln.is_row), None)
    after = next((ln for ln in lines[i + 1 :] if not is_blank(ln.text) or ln.is_row), None)
    return before is not None and before.is_row and after is not None and after.is_row


def _opens_header(lines: list[Line], i: int) -> bool:
    """A short cell of no known role right above 序号 or the task column: the header's first column
    (考核项目 / 序号, 类别 / 指标)."""
    text = lines[i].text.strip()
    if lines[i].is_row or not text or len(text) > 8 or header_role(text) is not None:
        return False
    nxt = next((ln for ln in lines[i + 1 : i + 3] if not is_blank(ln.text)), None)
    return nxt is not None and not nxt.is_row and header_role(nxt.text) in ("number", "text")


# ---------------------------------------------------------------------------------------------
# Where the plan is


def _anchor(items: list[Item]) -> int | None:
    """Index of the first item that shows the plan: a task with units, a heading naming who leads
    the work under it, or a table's first row."""
    for k, it in enumerate(items):
        if it.kind == "task" and (it.fields.has_units or it.row is not None or it.columns is not None):
            return k
        if it.kind == "heading" and it.inherit:
            return k
        if it.kind == "task" and it.fields.leaders and it.style == "第":
            return k
    return None


def _fallback_anchor(items: list[Item], lines: list[Line], first_index: dict[int, int]) -> int | None:
    """No notes anywhere: under a plan's own title, numbered items still make a plan (units missing)."""
    titled = [i for i, ln in enumerate(lines[:60]) if not ln.is_row and _looks_like_title(ln.text) and PLAN_TITLE.search(shadow(ln.text))]
    if not titled:
        return None
    numbered = [k for k, it in enumerate(items) if it.kind == "task" and it.style == "ar" and first_index[it.first] > titled[0]]
    return numbered[0] if len(numbered) >= 2 else None


def _start(items: list[Item], anchor: int, lines: list[Line], first_index: dict[int, int], title_last: int | None) -> int:
    """Walk back from the anchor over the headings right above it, never above the plan's title."""
    start = anchor
    k = anchor - 1
    while k >= 0:
        it = items[k]
        idx = first_index[it.first]
        if title_last is not None and idx <= title_last:
            break
        if it.kind != "heading":
            break
        sh = shadow(lines[idx].text).strip()
        if NOT_HEADING_RX.search(sh) or meta.ISSUER_RX.match(sh) or meta.DATE_RX.fullmatch(sh):
            break
        if it.style in HEADING_STYLES or it.style in ("dash", "plain") or it.inherit or it.fields.leaders or len(sh) <= 80:
            start = k
        else:
            break
        k -= 1
    return start


def _looks_like_title(text: str) -> bool:
    sh = shadow(text).strip()
    if not sh or len(sh) > 70 or sh[-1] in "。::;,,":
        return False
    if numbering(sh) is not None:
        return False
    return bool(TITLE_WORDS.search(sh)) and not sh.endswith("通知")


def line_text(line: Line) -> str | None:
    """A line's text for title-finding: a table row counts only when it holds one value (a title row)."""
    if not line.is_row:
        return line.text
    values = {c.strip() for c in line.cells or () if c.strip()}
    return values.pop() if len(values) == 1 else None


def _title_part(text: str) -> bool:
    """A part of a title printed on several lines ("2025年咸安区《政府工作报告》")."""
    sh = shadow(text).strip()
    if not sh or len(sh) > 40 or sh[-1] in "。::;,,)":
        return False
    if numbering(sh) or meta.ISSUER_RX.search(sh) or meta.DATE_RX.fullmatch(sh):
        return False
    return "《" in sh or "年" in sh or len(sh) <= 16


def _title_before(lines: list[Line], anchor: int) -> tuple[int, int] | None:
    """The plan's own title above the anchor: (first, last) line index, its parts joined if split."""
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
            while k >= 0 and first - k <= 3:
                while k >= 0 and is_blank(lines[k].text) and not lines[k].is_row:
                    k -= 1
                prev = line_text(lines[k]) if k >= 0 else None
                if prev is None or not _title_part(prev) or lines[k].no == lines[first].no and k != first:
                    break
                first = k
                k -= 1
            return first, i
        i -= 1
    return None


def build_plan(doc: Document) -> Plan:
    """Find the plan in the document and read it."""
    if not any(not is_blank(ln.text) for ln in doc.lines):
        raise NoPlanError("文档没有内容", path=doc.path)
    from duban.core.workreport import looks_like_report

    if looks_like_report(doc):
        # a report's appendix may list 七大项目指挥部:… or quote a note; it is still no plan
        raise NoPlanError(REPORT_REASON, path=doc.path)
    traditional = simplified(doc.lines)
    source_lines = traditional[0] if traditional is not None else doc.lines
    lines = prepare(source_lines)
    items, warnings, first_index = read_items(lines)
    anchor = _anchor(items)
    if anchor is None:
        anchor = _fallback_anchor(items, lines, first_index)
    if anchor is None:
        text = "\n".join(ln.text for ln in lines[:400])
        if "政府工作报告" in text and re.search(r"各位代表|过去一年|今年工作", text):
            raise NoPlanError(REPORT_REASON, path=doc.path)
        reason = "没有找到方案:文中没有带编号、并写明牵头或责任单位的任务"
        if traditional is None and unreadable_traditional(source_lines):
            reason += ";原文似为繁体字,本机未安装 OpenCC,无法按简体读取(pip install OpenCC 后再试)"
        raise NoPlanError(reason, path=doc.path)
    found_at = items[anchor].index
    anchor_line: int = found_at if found_at is not None else first_index[items[anchor].first]
    if items[anchor].columns is not None and items[anchor].row is None:
        anchor_line = _flat_start(lines, anchor_line)
    title_span = _title_before(lines, anchor_line)
    start = _start(items, anchor, lines, first_index, title_span[1] if title_span else None)
    plan_items = items[start:]
    ended_at = _attachments(lines, plan_items, first_index)
    if ended_at is not None:
        plan_items = [it for it in plan_items if first_index[it.first] < ended_at]
    plan_items = _trim_tail(plan_items)
    last_line = max((it.last for it in plan_items if it.kind == "task"), default=0)
    full_text = "\n".join(ln.text for ln in source_lines)
    plan, assembly_warnings = assemble(plan_items, conventions(plan_items, full_text))
    if not plan.tasks:
        raise NoPlanError("没有找到方案:文中没有可读出的任务", path=doc.path)
    first_plan_line = plan_items[0].first if plan_items else 0
    plan.warnings = [w for w in warnings + assembly_warnings if first_plan_line <= w.lines[0] <= last_line]
    if ended_at is None:
        _trailing_furniture(plan, lines)
    self_check(plan, lines)
    plan.warnings.sort(key=lambda w: w.lines)
    title = None
    if title_span is not None:
        parts = [line_text(lines[i]) for i in range(title_span[0], title_span[1] + 1)]
        title = "".join(p.strip() for p in parts if p and not is_blank(p)) or None
    meta.fill(plan, lines, title, anchor_line)
    if traditional is not None:
        restore(plan, traditional[1], doc.lines)
        plan.warnings.append(Warning((1, 1), "原文为繁体字:按简体读取,读出的内容仍用原文的繁体字"))
        plan.warnings.sort(key=lambda w: w.lines)
    return plan


def _flat_start(lines: list[Line], idx: int) -> int:
    """The header of a flattened table above its first row (the title is above the header)."""
    k = idx
    while k > 0 and (is_blank(lines[k - 1].text) or header_role(lines[k - 1].text) is not None):
        k -= 1
    return k


def _attachments(lines: list[Line], items: list[Item], first_index: dict[int, int]) -> int | None:
    """The index of the line where attachments (附表 templates) begin after the plan's tasks, if any."""
    tasks = [first_index[it.first] for it in items if it.kind == "task"]
    if not tasks:
        return None
    for idx in range(tasks[0], len(lines)):
        line = lines[idx]
        if not line.is_row and ATTACHMENT_RX.match(shadow(line.text)):
            return idx
    return None


def _trim_tail(items: list[Item]) -> list[Item]:
    """Headings and stray lines after the last task are not the plan (furniture, signatures)."""
    last = max((k for k, it in enumerate(items) if it.kind == "task"), default=None)
    return items if last is None else items[: last + 1]


def _trailing_furniture(plan: Plan, lines: list[Line]) -> None:
    """Record what follows the last task and is not a plan part (web-page furniture, templates)."""
    last = max((t.lines[1] for t in plan.tasks), default=0)
    tail = [ln for ln in lines if ln.no > last and not is_blank(ln.text)]
    tail = [ln for ln in tail if not REMARK_RX.match(shadow(ln.text)) and not DASH_HEAD.fullmatch(shadow(ln.text))]
    if tail:
        plan.warnings.append(Warning((tail[0].no, tail[-1].no), "方案正文之后的内容(网页栏目、声明等),未作为任务读取"))


__all__ = ["build_plan"]
