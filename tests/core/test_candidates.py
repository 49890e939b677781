"""Candidate lists: the office's own list of units, typed as text or kept as Word, Excel or CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.core.candidates import load_candidates, parse_candidates
from duban.core.errors import DubanError


def test_candidates_one_a_line_with_comments_and_blank_lines(tmp_path: Path) -> None:
    f = tmp_path / "units.txt"
    f.write_text("# 示例区候选单位\n区发改局\n\n区财政局  # 财政\n区发改局\n区科经局、区商务局\n", encoding="utf-8")
    assert load_candidates(str(f)) == ["区发改局", "区财政局", "区科经局", "区商务局"]


def test_a_list_as_an_office_types_it_reads_past_its_header_roles_and_persons() -> None:
    text = "序号 单位名称\n1.区发改局\n（2）区住建局（牵头）\n区卫健局 张三\n区财政局(国资局)\n王因街道\n区妇联\n"
    assert parse_candidates(text) == ["区发改局", "区住建局", "区卫健局", "区财政局(国资局)", "王因街道", "区妇联"]


@pytest.mark.parametrize("text", ["", "\n# 只有注释\n\n"])
def test_an_empty_candidate_list_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(DubanError, match="空"):
        parse_candidates(text, name="units.txt")


def test_a_one_unit_list_is_refused_with_the_reason() -> None:
    with pytest.raises(DubanError, match="只有一个单位"):
        parse_candidates("区发改局\n")


def test_a_missing_candidate_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DubanError, match="不存在"):
        load_candidates(str(tmp_path / "none.txt"))


def test_a_list_kept_as_a_document_reads_past_its_attachment_number_title_and_group_headings() -> None:
    text = (
        "附件2\n"
        "示例区2025年政府工作报告重点任务责任单位名单\n"
        "一、区直单位（共30个）\n"
        "1.区发改局\n"
        "2、区财政局\n"
        "区住建局，区卫健局\n"
        "二、乡镇街道：\n"
        "甲镇、乙镇\n"
    )
    assert parse_candidates(text) == ["区发改局", "区财政局", "区住建局", "区卫健局", "甲镇", "乙镇"]


def test_a_numbered_line_naming_a_unit_is_the_unit_not_a_heading() -> None:
    assert parse_candidates("一、区发改局\n二、区财政局\n三、各街道办事处\n") == ["区发改局", "区财政局", "各街道办事处"]


def test_a_roster_typed_as_a_line_reads_past_its_header_and_contacts() -> None:
    text = "序号 单位名称 联系人 联系电话\n1 区民政局 张三 13800000000\n2 区司法局 李四 0719-8888888\n"
    assert parse_candidates(text) == ["区民政局", "区司法局"]


def test_an_excel_roster_gives_its_unit_column_and_no_other(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["示例区责任单位通讯录"])
    ws.append(["序号", "单位名称", "联系人", "职务", "手机"])
    ws.append([1, "区发改局", "张三", "副局长", 13800000001])
    ws.append([2, "区教育局", "李四", "办公室主任", 13800000002])
    ws.append([3, "区城投集团", "王五", "科员", 13800000003])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    assert load_candidates(str(path)) == ["区发改局", "区教育局", "区城投集团"]


def test_a_workbook_of_several_sheets_reads_each_sheet_s_unit_columns(tmp_path: Path) -> None:
    """duban's own directory export: 单位 and 单位组 by name, a leader's 分管单位; never a person."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    units = wb.create_sheet("单位")
    units.append(["单位全称", "类别", "上级单位", "简称与别名"])
    units.append(["区发展和改革局", "部门", "", "区发改局"])
    units.append(["区财政局", "部门", "", ""])
    units.append(["甲街道办事处", "乡镇街道", "", "甲街道"])
    groups = wb.create_sheet("单位组")
    groups.append(["组名", "包含该类全部单位", "成员单位"])
    groups.append(["各街道办事处", "乡镇街道", "甲街道办事处"])
    leaders = wb.create_sheet("领导")
    leaders.append(["姓名", "职务", "分管单位", "排序"])
    leaders.append(["赵六", "副区长", "区发展和改革局、区统计局", 1])
    people = wb.create_sheet("人员")
    people.append(["姓名", "单位", "身份", "办公电话", "手机", "职务"])
    people.append(["孙七", "区财政局", "联络员", "0719-1234567", "13800000004", "科员"])
    path = tmp_path / "directory.xlsx"
    wb.save(path)
    assert load_candidates(str(path)) == ["区发展和改革局", "区财政局", "甲街道办事处", "各街道办事处", "区统计局"]


def test_a_word_attachment_with_a_table_without_header_gives_the_cells_that_name_units(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("附件1")
    doc.add_paragraph("责任单位名单")
    table = doc.add_table(rows=2, cols=3)
    for cell, name in zip(table._cells, ["区发改局", "区财政局", "区商务局", "区文旅局", "甲镇人民政府", ""], strict=True):
        cell.text = name
    doc.add_paragraph("其他:区总工会、团区委、区妇联")
    path = tmp_path / "附件1.docx"
    doc.save(str(path))
    assert load_candidates(str(path)) == [
        "区发改局", "区财政局", "区商务局", "区文旅局", "甲镇人民政府", "区总工会", "团区委", "区妇联",
    ]


def test_a_csv_list_reads_its_unit_column(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("序号,单位名称,备注\n1,区发改局,\n2,区统计局,普查\n", encoding="utf-8")
    assert load_candidates(str(path)) == ["区发改局", "区统计局"]


def test_a_document_that_names_no_units_is_refused_in_chinese(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("会议通知")
    doc.add_paragraph("请于周一上午九时到会。")
    path = tmp_path / "通知.docx"
    doc.save(str(path))
    with pytest.raises(DubanError, match="空"):
        load_candidates(str(path))


def test_a_directory_given_as_the_list_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(DubanError, match="目录"):
        load_candidates(str(tmp_path))


def test_a_row_of_group_names_is_not_taken_for_a_roster_s_header() -> None:
    text = "区直部门 | 各成员单位 | 相关部门\n区财政局 | 区商务局 | 甲镇人民政府\n"
    assert parse_candidates(text) == ["区直部门", "各成员单位", "相关部门", "区财政局", "区商务局", "甲镇人民政府"]


def test_how_to_reach_a_unit_and_the_list_s_count_are_not_units() -> None:
    text = (
        "1. 区发改局（联系人：张三，电话：13800000000）\n"
        "2. 区财政局 联系人：李四 0719-1234567\n"
        "其他:区总工会、团区委\n"
        "共计：4个单位\n"
    )
    assert parse_candidates(text) == ["区发改局", "区财政局", "区总工会", "团区委"]
