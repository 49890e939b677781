"""The plan as the familiar table (序号 / 目标任务 / 责任领导 / 牵头单位 / 责任单位 / 责任人 / 完成时限).

Offices print, circulate and file the plan in this shape, so `duban parse --format xlsx` and the
web app's export give it back in it: section headings as rows across the table, tasks in the
order of the plan, units joined with "、" as offices write them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from duban.core.cells import xlsx_bytes
from duban.core.plan import Plan, Section, Task

COLUMNS: tuple[str, ...] = ("序号", "目标任务", "责任领导", "牵头单位", "责任单位", "责任人", "完成时限")
WIDTHS: tuple[float, ...] = (7, 62, 12, 20, 30, 12, 16)  # in characters of the default font
DEFAULT_TITLE = "责任分解方案"

PlanRow = tuple[str, ...]  # seven cells for a task, one cell for a section heading


# Row heights for printing. Neither LibreOffice nor WPS grows a row to fit wrapped text when a
# workbook gives no height (LibreOffice cuts the text off at the row's foot), so each row gets
# the height its longest cell needs. Widths are in characters of the default font (Calibri 11,
# Carlito in LibreOffice): a digit or letter is about 1 of them, a Chinese character 2 and a bit.
LINE_PT = 15.5  # one line of 11 pt text with a Chinese font's line gap
CJK_WIDTH, LATIN_WIDTH, CELL_PADDING = 2.2, 1.1, 1.0


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide."""
    usable = max(width - CELL_PADDING, 1.0)
    total = 0
    for line in str(text).split("\n"):
        w = sum(LATIN_WIDTH if ch.isascii() else CJK_WIDTH for ch in line)
        total += max(1, -(-int(w * 10) // int(usable * 10)))
    return total


def row_height(values: Sequence[object], widths: Sequence[float], *, size: float = 11.0) -> float:
    """The height in points a row needs to show every cell's text wrapped in its column."""
    lines = max((text_lines(str(v), w) for v, w in zip(values, widths, strict=False) if v not in (None, "")),
                default=1)
    return round(lines * LINE_PT * size / 11.0 + 3, 1)


def heading_text(section: Section) -> str:
    """A section heading as printed: "一、…", "(一)…", or the bare title; leaders and 总牵头单位
    named on the heading follow it in brackets."""
    number = (section.number or "").strip()
    if not number:
        text = section.title
    elif re.fullmatch(r"[一二三四五六七八九十百零〇]+", number):
        text = f"{number}、{section.title}"
    elif re.fullmatch(r"\d+", number):
        text = f"{number}.{section.title}"
    else:
        text = f"{number}{section.title}"
    notes = []
    if section.leaders:
        notes.append("责任领导:" + "、".join(section.leaders))
    if section.general_lead_units:
        notes.append("总牵头单位:" + "、".join(section.general_lead_units))
    if notes:
        text += "(" + ";".join(notes) + ")"
    return text


def task_row(task: Task) -> PlanRow:
    """One task's seven cells; ★ kept at the start of the text of a starred task."""
    text = task.text
    if task.starred and not text.startswith(("★", "☆")):
        text = "★" + text
    return (
        task.number or "",
        text,
        "、".join(task.leaders),
        "、".join(task.lead_units) + ("(待确认)" if task.lead_unconfirmed else ""),
        "、".join(task.cooperating_units),
        "、".join(task.persons),
        task.deadline or "",
    )


def _chain(plan: Plan, section_id: str | None) -> list[Section]:
    """The section and its ancestors, outermost first (a cycle in bad input stops the walk)."""
    chain: list[Section] = []
    seen: set[str] = set()
    current = plan.section_by_id(section_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = plan.section_by_id(current.parent)
    return chain[::-1]


def plan_rows(plan: Plan) -> list[PlanRow]:
    """The plan as table rows: a one-cell row for each section heading, where its first task
    comes; a seven-cell row for each task. Sections without tasks under them are left out."""
    rows: list[PlanRow] = []
    open_sections: list[str] = []
    for task in plan.tasks:
        chain = _chain(plan, task.section)
        ids = [s.id for s in chain]
        shared = 0
        while shared < min(len(ids), len(open_sections)) and ids[shared] == open_sections[shared]:
            shared += 1
        for section in chain[shared:]:
            rows.append((heading_text(section),))
        open_sections = ids
        rows.append(task_row(task))
    return rows


def plan_to_xlsx(plan: Plan) -> bytes:
    """The plan as an .xlsx workbook ready to print: the title over the table, the header row
    frozen and repeated on every page, section rows merged across in bold, wrapped text, A4
    landscape fitted to the page width. What the reader could not read cleanly goes on a
    second sheet, 待核对, so nobody files the table without seeing it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = "分解表"
    ncols = len(COLUMNS)
    last = get_column_letter(ncols)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    title = plan.title or DEFAULT_TITLE
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = centre
    ws.row_dimensions[1].height = 36

    ws.append(list(COLUMNS))
    for col in range(1, ncols + 1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(bold=True)
        cell.alignment = centre
        cell.border = border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")

    line_chars = sum(WIDTHS)
    # count rows ourselves: ws.max_row scans every cell, which made large plans quadratic
    for r, values in enumerate(plan_rows(plan), start=3):
        if len(values) == 1:
            ws.cell(row=r, column=1, value=values[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            ws.cell(row=r, column=1).font = Font(bold=True)
            for col in range(1, ncols + 1):
                ws.cell(row=r, column=col).border = border
                ws.cell(row=r, column=col).alignment = Alignment(wrap_text=True, vertical="center")
            # a merged row is as wide as the table
            ws.row_dimensions[r].height = row_height(values, (line_chars,))
            continue
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=int(value) if col == 1 and value.isdigit() else value)
            cell.alignment = centre if col in (1, 6) else wrap_top
            cell.border = border
        ws.row_dimensions[r].height = row_height(values, WIDTHS)

    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页,共 &N 页"

    if plan.warnings:
        check = wb.create_sheet("待核对")
        check.append(["行号", "说明"])
        for cell in check[1]:
            cell.font = Font(bold=True)
        for w in plan.warnings:
            first, end = w.lines
            check.append([f"{first}" if first == end else f"{first}–{end}", w.message])
        check.column_dimensions["A"].width = 12
        check.column_dimensions["B"].width = 80
        for (message,) in check.iter_rows(min_row=2, min_col=2, max_col=2):
            message.alignment = wrap_top
        check.page_setup.paperSize = check.PAPERSIZE_A4
        check.page_setup.fitToWidth = 1  # the 说明 column printed beside its line numbers, not on a page of its own
        check.page_setup.fitToHeight = 0
        check.sheet_properties.pageSetUpPr.fitToPage = True

    wb.properties.title = title
    wb.properties.creator = "duban"
    return xlsx_bytes(wb)
