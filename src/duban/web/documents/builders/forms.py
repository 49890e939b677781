"""The plan as the official table, and each unit's 附表1 办理方案, 附表2 督办工作人员名单 and
附表3 第X季度工作目标完成情况 (the blank forms of the notice that issues a plan), pre-filled.

Builders take plain data (the core Plan, small dataclasses) and return bytes, so the web views,
the CLI and the benchmarks call the same code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from duban.core.cells import xlsx_bytes
from duban.core.export import COLUMNS, plan_rows
from duban.core.plan import Plan as CorePlan
from duban.web.documents.builders import word
from duban.web.documents.fonts import BODY_FONT, HEADING_FONT

STATUSES = ("已完成", "序时推进", "滞后", "未启动", "无法完成")
FORM3_SHEET = "附表3"
META_SHEET = "duban"  # hidden: what the sheet was made for, so a return can be checked against it
FORM3_HEADER = ("序号", "责任事项", "完成情况", "进展状态", "指标实际值")
FORM3_NOTE = "备注:为便于统计,责任事项序号请按《政府工作报告》目标任务责任分解方案确定的序号排序。"


@dataclass
class IndicatorSlot:
    """An indicator a unit reports a number for: its text and target as the plan gives them."""

    key: str  # stable within the task: its position
    text: str
    target: str  # "7%", "4.5万亩": the value as printed
    unit: str = ""
    actual: str = ""


@dataclass
class WorkItem:
    """One line of a 办理方案: what will be done, by which month, under whom, by which department."""

    content: str
    month: str = ""
    leader: str = ""
    department: str = ""


@dataclass
class UnitTask:
    """One of a unit's tasks, in the plan's numbering, with what the unit already told us."""

    task_id: int
    number: str
    text: str
    starred: bool = False
    role: str = "牵头"
    indicators: list[IndicatorSlot] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)
    done: str = ""
    status: str = ""

    @property
    def label(self) -> str:
        return ("★" if self.starred and not self.text.startswith("★") else "") + self.text


@dataclass
class RosterLine:
    duty: str  # 分管领导 / 办公室或者综合协调处室负责人 / 经办人
    name: str = ""
    title: str = ""
    phone: str = ""
    mobile: str = ""


ROSTER_DUTIES = ("分管领导", "办公室或者综合协调处室负责人", "经办人")


# --- the plan table ---------------------------------------------------------------------------

PLAN_WIDTHS_MM = (12, 110, 20, 30, 40, 20, 25)


def plan_docx(plan: CorePlan) -> bytes:
    """The plan as the official table in Word: A4 landscape, header repeated, sections as merged
    bold rows, ★ kept at the start of a starred task."""
    doc = word.new_document(landscape=True, official=False, title=plan.title or "")
    word.title(doc, plan.title or "责任分解方案")
    word.table(doc, COLUMNS, plan_rows(plan), widths_mm=PLAN_WIDTHS_MM)
    return word.to_bytes(doc)


# --- 附表1 办理方案 -------------------------------------------------------------------------

FORM1_HEADER = ("序号", "责任事项", "具体工作内容", "完成时间(按月)", "分管领导", "责任部门")


def _form1_rows(tasks: Sequence[UnitTask], blank_items: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for t in tasks:
        items = t.items or [WorkItem(f"{i}.") for i in range(1, blank_items + 1)]
        for i, item in enumerate(items):
            rows.append((t.number if i == 0 else "", t.label if i == 0 else "", item.content, item.month,
                         item.leader, item.department))
    return rows


def form1_docx(unit: str, plan_title: str, tasks: Sequence[UnitTask], *, blank_items: int = 3) -> bytes:
    doc = word.new_document(landscape=True, official=False, title=f"{unit}办理方案")
    word.para(doc, "附表1", indent=False, font=HEADING_FONT, size=word.SANHAO)
    word.title(doc, f"{unit}《政府工作报告》办理方案")
    word.para(doc, "单位:" + unit + "          主要负责人(签字):", indent=False, size=word.XIAOSI)
    t = word.table(doc, FORM1_HEADER, _form1_rows(tasks, blank_items), widths_mm=(12, 80, 80, 25, 20, 25))
    _merge_task_cells(t, tasks, blank_items, columns=(0, 1))
    return word.to_bytes(doc)


def _merge_task_cells(t: Any, tasks: Sequence[UnitTask], blank_items: int, *, columns: Sequence[int]) -> None:
    """Merge each task's number and text down over its work-item rows, as the form prints them.
    Set on the rows' XML (w:vMerge): python-docx's `table.cell()` walks the whole grid at each
    call, which made a unit with 40 tasks take seconds."""
    rows = t._tbl.tr_lst
    r = 1
    for task in tasks:
        n = len(task.items) or blank_items
        if n > 1:
            for c in columns:
                for k in range(n):
                    rows[r + k].tc_lst[c].vMerge = "restart" if k == 0 else "continue"
        r += n


# --- 附表2 督办工作人员名单 ----------------------------------------------------------------

def form2_docx(unit: str, roster: Sequence[RosterLine]) -> bytes:
    doc = word.new_document(official=True, title=f"{unit}督办工作人员名单")
    word.para(doc, "附表2", indent=False, font=HEADING_FONT)
    word.title(doc, f"{unit}《政府工作报告》督办工作人员名单")
    rows = [(r.duty, r.name, r.title, r.phone, r.mobile) for r in _roster(roster)]
    word.table(doc, ("责任人", "姓名", "职务", "办公电话", "手机"), rows, widths_mm=(40, 25, 35, 28, 28),
               size=word.XIAOSI)
    return word.to_bytes(doc)


def _roster(roster: Sequence[RosterLine]) -> list[RosterLine]:
    by_duty = {r.duty: r for r in roster}
    return [by_duty.get(d, RosterLine(d)) for d in ROSTER_DUTIES] + [r for r in roster if r.duty not in ROSTER_DUTIES]


# --- 附表3 完成情况 ---------------------------------------------------------------------------

def form3_rows(tasks: Sequence[UnitTask]) -> list[tuple[str, str, str, str, str]]:
    """The task rows of 附表3, and under each task one row per indicator (序号 "3-1")."""
    rows: list[tuple[str, str, str, str, str]] = []
    for t in tasks:
        rows.append((t.number, t.label, t.done, t.status, ""))
        for i, ind in enumerate(t.indicators, start=1):
            rows.append((f"{t.number}-{i}", f"指标:{ind.text}(目标 {ind.target})", "", "", ind.actual))
    return rows


def form3_docx(unit: str, period: str, tasks: Sequence[UnitTask]) -> bytes:
    doc = word.new_document(landscape=False, official=True, title=f"{unit}{period}工作目标完成情况")
    word.para(doc, "附表3", indent=False, font=HEADING_FONT)
    word.title(doc, f"{unit}{period}工作目标完成情况")
    word.para(doc, "单位:" + unit + "          主要负责人(签字):", indent=False, size=word.XIAOSI)
    rows = [(n, text, (done + (f"\n〔{st}〕" if st else "") + (f"实际值:{act}" if act else ""))) for
            n, text, done, st, act in form3_rows(tasks)]
    word.table(doc, ("序号", "责任事项", "完成情况"), rows, widths_mm=(14, 70, 72), size=word.XIAOSI)
    word.para(doc, FORM3_NOTE, indent=False, size=word.WUHAO)
    return word.to_bytes(doc)


def form3_xlsx(unit: str, period: str, tasks: Sequence[UnitTask], *, meta: dict[str, Any]) -> bytes:
    """附表3 as a workbook a unit fills offline and uploads back: 完成情况 and 进展状态 (a list to
    pick from) per task, a number per indicator row; the other cells are locked. A hidden sheet
    keeps what the sheet was made for (plan, unit, round, task ids) to check the return against."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    from duban.core.export import row_height

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = FORM3_SHEET
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(["附表3"])
    ws.append([f"{unit}{period}工作目标完成情况"])
    ws.merge_cells("A2:E2")
    ws["A2"].font = Font(bold=True, size=16)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[2].height = 26
    ws.append([f"单位:{unit}", "", "主要负责人(签字):"])
    ws.append(list(FORM3_HEADER))
    for c in ws[4]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9D9D9")
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center")
    status_dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="进展状态", error="请从列表中选择进展状态")
    number_dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                               allow_blank=True, showErrorMessage=True, errorTitle="指标实际值", error="请填写数字")
    ws.add_data_validation(status_dv)
    ws.add_data_validation(number_dv)
    editable = PatternFill("solid", fgColor="FFF9E5")
    widths = (8, 60, 60, 12, 14)
    r = 4  # counted, not ws.max_row (which scans every cell)
    for values in form3_rows(tasks):
        ws.append(list(values))
        r += 1
        ws.row_dimensions[r].height = row_height(values, widths)  # printed as tall as its text
        is_indicator = "-" in values[0]
        for col in range(1, 6):
            cell = ws.cell(row=r, column=col)
            cell.border = border
            cell.alignment = wrap
        open_cols = (5,) if is_indicator else (3, 4)
        for col in open_cols:
            cell = ws.cell(row=r, column=col)
            cell.protection = Protection(locked=False)
            cell.fill = editable
        if is_indicator:
            number_dv.add(f"E{r}")
        else:
            status_dv.add(f"D{r}")
    ws.append([FORM3_NOTE])
    for letter, width in zip("ABCDE", widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True  # no password: a guard against slips, not a lock
    hidden = wb.create_sheet(META_SHEET)
    hidden["A1"] = json.dumps(meta, ensure_ascii=False)
    hidden.sheet_state = "hidden"
    wb.properties.title = f"{unit}{period}工作目标完成情况"
    wb.properties.creator = "duban"
    return xlsx_bytes(wb)


def _simple_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                 *, pre: Sequence[str] = (), merge_first: Sequence[tuple[int, int]] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from duban.core.export import row_height

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    last = get_column_letter(len(header))
    for line in pre:
        ws.append([line])
    ws.append([title])
    tr = ws.max_row
    ws.merge_cells(f"A{tr}:{last}{tr}")
    ws[f"A{tr}"].font = Font(bold=True, size=16)
    ws[f"A{tr}"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[tr].height = 26
    ws.append(list(header))
    hr = ws.max_row
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in ws[hr]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9D9D9")
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = hr
    for values in rows:
        ws.append([int(v) if i == 0 and isinstance(v, str) and v.isdigit() else v for i, v in enumerate(values)])
        r += 1
        for c in ws[r]:
            c.border = border
            c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = row_height(values, widths)  # printed as tall as its text
    for first, count in merge_first:
        if count > 1:
            # a task's text merged down over its work items: its rows share the height it needs
            top = hr + first
            need = row_height(rows[first - 1][:2], widths[:2])
            have = sum(ws.row_dimensions[top + i].height or 0 for i in range(count))
            for i in range(count):
                ws.row_dimensions[top + i].height = max(ws.row_dimensions[top + i].height or 0,
                                                        round(need / count, 1) if need > have else 0)
            for col in ("A", "B"):
                ws.merge_cells(f"{col}{top}:{col}{top + count - 1}")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(row=hr + 1, column=1)
    ws.print_title_rows = f"{hr}:{hr}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = title
    wb.properties.creator = "duban"
    return xlsx_bytes(wb)


def form1_xlsx(unit: str, plan_title: str, tasks: Sequence[UnitTask], *, blank_items: int = 3) -> bytes:
    spans, at = [], 1
    for t in tasks:
        n = len(t.items) or blank_items
        spans.append((at, n))
        at += n
    return _simple_xlsx(f"{unit}《政府工作报告》办理方案", FORM1_HEADER, _form1_rows(tasks, blank_items),
                        (8, 50, 50, 14, 12, 16), pre=("附表1",), merge_first=spans)


def form2_xlsx(unit: str, roster: Sequence[RosterLine]) -> bytes:
    rows = [(r.duty, r.name, r.title, r.phone, r.mobile) for r in _roster(roster)]
    return _simple_xlsx(f"{unit}《政府工作报告》督办工作人员名单", ("责任人", "姓名", "职务", "办公电话", "手机"), rows,
                        (30, 14, 20, 18, 18), pre=("附表2",))


__all__ = ["BODY_FONT", "ROSTER_DUTIES", "STATUSES", "IndicatorSlot", "RosterLine", "UnitTask", "WorkItem",
           "form1_docx", "form1_xlsx", "form2_docx", "form2_xlsx", "form3_docx", "form3_rows", "form3_xlsx",
           "plan_docx"]
