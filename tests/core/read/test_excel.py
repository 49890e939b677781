"""The reader. Excel: every sheet's rows, values shown as Excel shows them."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from duban.core.read import excel_value_text, read_document
from tests.core.read.common import PlanFileOf, assert_numbered, expected_table, rows
from tests.fixtures.files import HEADER, TITLE


def test_excel_rows_keep_cells_merged_values_filled_and_numbers_plain(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("xlsx"))
    assert doc.kind == "xlsx"
    got = rows(doc)
    assert got[0] == (TITLE,)  # the title row merged across: one cell; the blank row 2 is skipped
    assert got[1] == HEADER
    want = [tuple(c.replace("\n", "、") for c in row) for row in expected_table()[1:]]
    assert got[2 : 2 + len(want)] == want
    assert got[-1] == ("备注:★为区级重点指标。",)  # the second sheet, after the first
    assert all(line.is_row for line in doc.lines)
    assert_numbered(doc)


def test_excel_hidden_sheets_are_skipped_and_said_so(plan_file_of: PlanFileOf) -> None:
    doc = read_document(plan_file_of("xlsx"))
    assert "区发改局" not in [r[0] for r in rows(doc)]
    assert "已跳过隐藏的工作表“单位列表”" in doc.notes
    assert any("纵向合并" in n for n in doc.notes)


def test_excel_sheet_formatted_far_beyond_its_data_is_read_quickly(tmp_path: Path) -> None:
    import time

    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "序号"
    ws["B1"] = "目标任务"
    ws["A2"] = 1
    ws["B2"] = "甲"
    ws.cell(row=1_000_000, column=300).font = Font(bold=True)  # formatting only, no value
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    start = time.process_time()
    doc = read_document(path)
    assert rows(doc) == [("序号", "目标任务"), ("1", "甲")]
    assert time.process_time() - start < 5


def test_excel_formulas_give_their_cached_values(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "序号"
    ws["A2"] = "=1+1"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    # openpyxl writes no cached value; put one in as Excel would have saved it
    src = zipfile.ZipFile(path)
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(out, "w") as zf:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
            zf.writestr(item, data)
    assert rows(read_document(out)) == [("序号",), ("2",)]
    assert not any("公式" in n for n in read_document(out).notes)


def test_excel_formulas_saved_without_results_are_reported(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "目标任务"])
    ws.append(["=ROW()-1", "甲"])
    ws.append(["=ROW()-1", "乙"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    doc = read_document(path)
    assert rows(doc)[1] == ("", "甲")
    assert "有 2 个公式单元格没有保存计算结果,读出为空;请用 Excel 或 WPS 打开并保存后再读取" in doc.notes


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (15.0, "General", "15"),
        (2.5, "General", "2.5"),
        (0.1 + 0.2, "General", "0.30000000000000004"),
        (1.8e10, "General", "18000000000"),
        (0.155, "0.0%", "15.5%"),
        (0.2, "0%", "20%"),
        (datetime(2023, 6, 30), "yyyy-mm-dd", "2023年6月30日"),  # noqa: DTZ001
        (date(2024, 12, 31), "yyyy-mm-dd", "2024年12月31日"),
        (None, "General", ""),
        ("区发改局_x000D_", "General", "区发改局"),
    ],
)
def test_excel_values_print_as_a_person_reads_them(value: object, fmt: str, text: str) -> None:
    assert excel_value_text(value, fmt) == text


def _workbook(path: Path, sheets: dict[str, list[tuple[object, ...]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows_ in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows_:
            ws.append(row)
    wb.save(str(path))
    return path


_HEAD = ("序号", "工作任务", "牵头单位", "配合单位")


def test_a_plan_in_a_sheet_per_part_reads_each_sheets_name_as_its_section(tmp_path: Path) -> None:
    """主要预期目标 on one sheet, 重点工作 on another: the sheet's name is the only heading its rows
    have, and it says the first sheet's rows are targets."""
    from duban.core.parse import parse_file

    path = _workbook(tmp_path / "plan.xlsx", {
        "主要预期目标": [_HEAD, (1, "地区生产总值增长6%以上。", "区发改局", "区统计局"),
                   (2, "一般公共预算收入增长5%。", "区财政局", "区税务局")],
        "重点工作": [_HEAD, (1, "新建改扩建中小学校3所。", "区教育局", "区财政局"),
                 (2, "完成老旧小区改造15个。", "区住建局", "各街道办事处")],
    })
    plan = parse_file(path)
    assert [s.title for s in plan.sections] == ["主要预期目标", "重点工作"]
    assert [t.kind for t in plan.tasks] == ["target", "target", "task", "task"]


def test_default_sheet_names_and_a_notes_sheet_are_no_sections(tmp_path: Path) -> None:
    from duban.core.parse import parse_file

    rows_ = [_HEAD, (1, "新建改扩建中小学校3所。", "区教育局", "区财政局"), (2, "完成老旧小区改造15个。", "区住建局", "")]
    plan = parse_file(_workbook(tmp_path / "a.xlsx", {"Sheet1": rows_, "Sheet2": rows_[:1] + [(3, "新增绿地5万平方米。", "区城管局", "")]}))
    assert plan.sections == [] and len(plan.tasks) == 3
    plan = parse_file(_workbook(tmp_path / "b.xlsx", {"分解表": rows_, "说明": [("备注:★为重点任务。",)]}))
    assert plan.sections == [] and len(plan.tasks) == 2
