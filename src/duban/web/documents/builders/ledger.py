"""The consolidated 台账 of a round: every task with its status, light, what was done and its
indicators, one row each, filters on and headers frozen; the units' reporting on a second sheet
and the totals on a third."""

from __future__ import annotations

from duban.core.cells import xlsx_bytes
from duban.web.documents.figures import LIGHT_ORDER, STATUS_ORDER, RoundFigures, TaskLine

LEDGER_COLUMNS = ("序号", "章节", "目标任务", "责任领导", "牵头单位", "责任单位", "完成时限", "进展状态", "灯号",
                  "灯号依据", "完成情况", "指标", "目标值", "实际值", "序时应达", "审核")
LEDGER_WIDTHS = (6, 16, 40, 9, 16, 18, 11, 9, 6, 24, 44, 18, 9, 9, 9, 9)
UNIT_COLUMNS = ("单位", "应报", "按时报送", "逾期报送", "未报送", "被退回")
LIGHT_FILLS = {"绿灯": "C8E6C9", "黄灯": "FFF59D", "红灯": "FFCDD2", "灰灯": "ECEFF1"}


def _lines(values: list[str]) -> str:
    return "\n".join(values)


def ledger_row(t: TaskLine) -> list[object]:
    inds = t.indicators
    return [
        int(t.number) if t.number.isdigit() else t.number, t.section, t.label, "、".join(t.leaders),
        "、".join(t.lead_units), "、".join(t.coop_units), t.deadline, t.status, t.light, t.reasons, t.done,
        _lines([i.name for i in inds]), _lines([i.target_text for i in inds]),
        _lines([i.actual_text for i in inds]),
        _lines([i.expected_text for i in inds]),
        f"{t.review}(评定{t.mark})" if t.mark else t.review,
    ]


def ledger_xlsx(fig: RoundFigures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from duban.core.export import row_height

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    title = f"{fig.plan_title}{fig.period}推进情况台账"
    ws.append([title])
    last = get_column_letter(len(LEDGER_COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    ws.append(list(LEDGER_COLUMNS))
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="D9D9D9")
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in ws[2]:
        c.font = bold
        c.fill = grey
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = row_height(LEDGER_COLUMNS, LEDGER_WIDTHS)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in LIGHT_FILLS.items()}
    light_col = LEDGER_COLUMNS.index("灯号") + 1
    r = 2  # counted here: openpyxl's max_row scans every cell, which made this loop quadratic
    ncols = len(LEDGER_COLUMNS)
    for t in fig.tasks:
        values = ledger_row(t)
        ws.append(values)
        r += 1
        for col in range(1, ncols + 1):  # every cell wraps: the indicator columns hold one line each
            cell = ws.cell(row=r, column=col)
            cell.alignment = wrap
            cell.border = border
        # printed, a row is as tall as its longest text (LibreOffice would cut it off at one line)
        ws.row_dimensions[r].height = row_height(values, LEDGER_WIDTHS)
        fill = fills.get(t.light)
        if fill is not None:
            ws.cell(row=r, column=light_col).fill = fill
    for i, w in enumerate(LEDGER_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "D3"  # header and the number/section/task columns stay in view
    ws.auto_filter.ref = f"A2:{last}{r}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页,共 &N 页"

    us = wb.create_sheet("单位报送")
    us.append(list(UNIT_COLUMNS))
    for c in us[1]:
        c.font = bold
        c.fill = grey
    for u in fig.units:
        us.append([u.name, u.expected, u.on_time, u.late, u.missing, u.returned])
    us.column_dimensions["A"].width = 30
    us.freeze_panes = "B2"
    us.auto_filter.ref = f"A1:F{max(us.max_row, 1)}"
    sm = wb.create_sheet("汇总")
    for sheet in (us, sm):  # printed one page wide, as the 台账 (LibreOffice put 被退回 on a page of its own)
        sheet.print_title_rows = "1:1"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sm.append(["项目", "数量"])
    for c in sm[1]:
        c.font = bold
    sm.append(["任务总数", len(fig.tasks)])
    for k, v in fig.by_status().items():
        sm.append([f"进展状态:{k}", v])
    for k, v in fig.by_light().items():
        sm.append([f"灯号:{k}", v])
    sm.append(["应报送", fig.reports_expected])
    sm.append(["按时报送", fig.reports_on_time])
    sm.append(["逾期报送", fig.reports_late])
    sm.append(["未报送", fig.reports_missing])
    sm.column_dimensions["A"].width = 24
    wb.properties.title = title
    wb.properties.creator = "duban"
    return xlsx_bytes(wb)


__all__ = ["LEDGER_COLUMNS", "LIGHT_ORDER", "STATUS_ORDER", "ledger_row", "ledger_xlsx"]
