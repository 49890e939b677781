"""The plan as the familiar table: rows in plan order, and an .xlsx ready to print and file."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from duban.cli import main
from duban.core.export import COLUMNS, heading_text, plan_rows, plan_to_xlsx
from duban.core.plan import Plan, Section, Task, Warning
from duban.core.read import read_bytes


def sample_plan() -> Plan:
    return Plan(
        title="示例区2024年《政府工作报告》重点工作任务责任分解方案",
        sections=[
            Section(id="S1", title="主要预期目标", number="一", leaders=["张明"]),
            Section(id="S2", title="重点工作", number="二"),
            Section(id="S3", title="做强产业发展", number="(一)", parent="S2"),
            Section(id="S4", title="推动主导产业强链集群", parent="S3", general_lead_units=["区发改局"]),
            Section(id="S5", title="办好民生实事", number="(二)", parent="S2"),
            Section(id="S6", title="一个没有任务的标题", number="三"),
        ],
        tasks=[
            Task(id="T1", number="1", section="S1", kind="target", starred=True, text="地区生产总值增长6.5%以上。",
                 leaders=["张明"], lead_units=["区发改局"], cooperating_units=["区统计局"], persons=["陈晓"],
                 deadline="2024年12月31日"),
            Task(id="T2", number="2", section="S1", kind="target", text="一般公共预算收入增长5%。",
                 lead_units=["区财政局", "区税务局"]),
            Task(id="T3", number="3", section="S4", text="★新增规模以上工业企业20家。", starred=True,
                 leaders=["王芳"], lead_units=["区委人才办(区委组织部)"], cooperating_units=["区发改局", "区财政局"],
                 persons=["刘洋", "孙丽"], deadline="年内持续推进"),
            Task(id="T4", number="(一)", section="S5", text="完成老旧小区改造15个。", lead_units=["区住建局"],
                 cooperating_units=["各街道办事处"]),
        ],
        warnings=[Warning(lines=(40, 42), message="这几行没有读出牵头单位")],
    )


EXPECTED_ROWS = [
    ("一、主要预期目标(责任领导:张明)",),
    ("1", "★地区生产总值增长6.5%以上。", "张明", "区发改局", "区统计局", "陈晓", "2024年12月31日"),
    ("2", "一般公共预算收入增长5%。", "", "区财政局、区税务局", "", "", ""),
    ("二、重点工作",),
    ("(一)做强产业发展",),
    ("推动主导产业强链集群(总牵头单位:区发改局)",),
    ("3", "★新增规模以上工业企业20家。", "王芳", "区委人才办(区委组织部)", "区发改局、区财政局", "刘洋、孙丽", "年内持续推进"),
    ("(二)办好民生实事",),
    ("(一)", "完成老旧小区改造15个。", "", "区住建局", "各街道办事处", "", ""),
]


def test_rows_follow_the_plan_with_headings_where_their_tasks_begin() -> None:
    assert plan_rows(sample_plan()) == EXPECTED_ROWS


def test_star_is_not_doubled_and_is_added_when_only_the_flag_says_so() -> None:
    rows = plan_rows(sample_plan())
    assert rows[1][1].startswith("★地区")
    assert rows[6][1].startswith("★新增") and not rows[6][1].startswith("★★")


@pytest.mark.parametrize(
    ("number", "title", "text"),
    [("一", "目标", "一、目标"), ("(一)", "产业", "(一)产业"), ("3", "民生", "3.民生"), (None, "子标题", "子标题")],
)
def test_heading_text_is_printed_as_plans_print_it(number: str | None, title: str, text: str) -> None:
    assert heading_text(Section(id="S", title=title, number=number)) == text


def test_a_plan_without_sections_is_just_task_rows() -> None:
    plan = Plan(tasks=[Task(id="T1", number="1", text="甲", lead_units=["区发改局"])])
    assert plan_rows(plan) == [("1", "甲", "", "区发改局", "", "", "")]


def test_a_section_cycle_in_bad_input_does_not_hang() -> None:
    plan = Plan(sections=[Section(id="A", title="甲", parent="B"), Section(id="B", title="乙", parent="A")],
                tasks=[Task(id="T1", number="1", text="任务", section="A")])
    assert plan_rows(plan)[-1][1] == "任务"


def _sheet(data: bytes) -> tuple[openpyxl.Workbook, Worksheet]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["分解表"]
    return wb, ws


def test_xlsx_cells_match_the_plan() -> None:
    plan = sample_plan()
    _, ws = _sheet(plan_to_xlsx(plan))
    assert ws["A1"].value == plan.title
    assert tuple(c.value for c in ws[2]) == COLUMNS
    for r, row in enumerate(EXPECTED_ROWS, start=3):
        got = [ws.cell(row=r, column=c).value for c in range(1, len(row) + 1)]
        want: list[object] = [int(v) if i == 0 and v.isdigit() else (v or None) for i, v in enumerate(row)]
        assert got == want, r
    assert ws.max_row == 2 + len(EXPECTED_ROWS)


def test_xlsx_title_and_section_rows_are_merged_across_and_bold() -> None:
    _, ws = _sheet(plan_to_xlsx(sample_plan()))
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:G1" in merged
    heading_rows = [r for r, row in enumerate(EXPECTED_ROWS, start=3) if len(row) == 1]
    for r in heading_rows:
        assert f"A{r}:G{r}" in merged
        assert ws.cell(row=r, column=1).font.bold
    assert not ws.cell(row=4, column=2).font.bold
    assert len(merged) == 1 + len(heading_rows)


def test_xlsx_is_set_up_for_printing() -> None:
    _, ws = _sheet(plan_to_xlsx(sample_plan()))
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.cell(row=4, column=2).alignment.wrap_text
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFG"}
    assert widths["B"] == max(widths.values())  # the task text gets the room
    assert widths["A"] == min(widths.values())


def test_xlsx_lists_warnings_on_their_own_sheet() -> None:
    wb, _ = _sheet(plan_to_xlsx(sample_plan()))
    check = wb["待核对"]
    assert [c.value for c in check[2]] == ["40–42", "这几行没有读出牵头单位"]
    assert check.sheet_properties.pageSetUpPr.fitToPage and check.page_setup.fitToWidth == 1  # one page wide
    assert check.cell(row=2, column=2).alignment.wrap_text
    clean = Plan(tasks=sample_plan().tasks)
    assert "待核对" not in openpyxl.load_workbook(io.BytesIO(plan_to_xlsx(clean))).sheetnames


def test_xlsx_without_a_title_still_has_a_title_row() -> None:
    _, ws = _sheet(plan_to_xlsx(Plan(tasks=[Task(id="T1", number="1", text="甲")])))
    assert ws["A1"].value == "责任分解方案"


def test_exported_table_reads_back_as_the_same_rows() -> None:
    plan = sample_plan()
    plan.warnings = []  # the 待核对 sheet is for people, not for reading back
    doc = read_bytes(plan_to_xlsx(plan), "export.xlsx")
    got = [line.cells for line in doc.lines]
    assert got[0] == (sample_plan().title,)
    assert got[1] == COLUMNS
    want = [tuple(c for c in row) for row in EXPECTED_ROWS]
    trimmed = [tuple(row[: max(i for i, c in enumerate(row) if c) + 1]) for row in want]
    assert got[2:] == trimmed


def test_cli_writes_the_table(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    import duban.core.parse as parse

    monkeypatch.setattr(parse, "parse_file", lambda path: sample_plan())
    out = tmp_path / "out.xlsx"  # type: ignore[operator]
    assert main(["parse", "plan.txt", "--format", "xlsx", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["分解表"]
    assert ws["B4"].value == "★地区生产总值增长6.5%以上。"
