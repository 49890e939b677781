"""The command line: what `duban parse` and `duban assign` write, and one line on stderr for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from duban.cli import main

PLAN = """示例区2025年政府工作报告目标任务责任分解方案
一、主要预期目标
1.地区生产总值增长7%以上。(责任领导:王示例;牵头单位:区发改局;责任单位:区统计局)
二、重点工作
2.新增高新技术企业20家。(责任领导:李示例;牵头单位:区科经局;责任单位:区发改、财政局)
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    p = tmp_path / "示例区方案.txt"
    p.write_text(PLAN, encoding="utf-8")
    return p


def test_parse_writes_the_plan_json_to_stdout(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(plan_file)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "duban.plan/1"
    assert [t["lead_units"] for t in doc["tasks"]] == [["区发改局"], ["区科经局"]]
    assert doc["tasks"][1]["cooperating_units"] == ["区发改局", "区财政局"]
    assert doc["tasks"][0]["kind"] == "target"


def test_parse_says_what_it_read_in_one_line_on_stderr(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(plan_file)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].endswith("读出 2 项(主要目标 1 项,重点工作 1 项),分属 2 个标题;没有读取提示")


def test_the_summary_names_the_lines_of_each_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "缺号.txt"
    p.write_text(PLAN.replace("2.新增", "4.新增"), encoding="utf-8")
    assert main(["parse", str(p)]) == 0
    err = capsys.readouterr().err
    assert "读取提示 1 条(第3行)" in err


def test_parse_writes_to_a_file_with_o(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main(["parse", str(plan_file), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["year"] == 2025
    assert not list(tmp_path.glob("*.tmp"))


def test_parse_writes_the_familiar_table_as_xlsx(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["parse", str(plan_file), "--format", "xlsx", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "区科经局" in values and "牵头单位" in values


def test_a_document_with_no_plan_is_one_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "notice.txt"
    p.write_text("关于召开会议的通知\n各单位:\n定于下周召开全体会议,请准时参加。\n", encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("previous good output", encoding="utf-8")
    assert main(["parse", str(p), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "notice.txt" in err and "没有找到方案" in err
    assert out.read_text(encoding="utf-8") == "previous good output"  # never loses what was there


def test_a_work_report_is_pointed_to_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "report.txt"
    p.write_text("政府工作报告\n各位代表:\n过去一年,我们攻坚克难。\n1.经济运行稳中向好。\n2.民生持续改善。\n", encoding="utf-8")
    assert main(["parse", str(p)]) == 2
    assert "duban draft" in capsys.readouterr().err


def test_assign_takes_the_office_s_roster_in_excel_as_the_candidates(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(plan_file), "-o", str(tmp_path / "plan.json")]) == 0
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    for task in plan["tasks"]:
        task["lead_units"], task["cooperating_units"] = [], []
    (tmp_path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["序号", "单位名称", "联系人", "手机"], [1, "区发改局", "张三", 13800000001],
                [2, "区科经局", "李四", 13800000002], [3, "区统计局", "王五", 13800000003]):
        ws.append(row)
    wb.save(tmp_path / "通讯录.xlsx")
    assert main(["assign", str(tmp_path / "plan.json"), "--units", str(tmp_path / "通讯录.xlsx")]) == 0
    out, err = capsys.readouterr()
    tasks = json.loads(out)["tasks"]
    assert err.count("\n") == 1 and "3 个候选单位;为 2 项任务排出牵头单位建议" in err  # one line for the office
    assert [t["lead_units"] for t in tasks] == [["区发改局"], ["区科经局"]]
    ranked = {s["unit"] for t in tasks for s in t["suggestions"]["lead"]}
    assert ranked == {"区发改局", "区科经局", "区统计局"}  # no person, no telephone among them


def test_a_unit_list_that_cannot_be_read_is_one_line_on_stderr(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(plan_file), "-o", str(tmp_path / "plan.json")]) == 0
    capsys.readouterr()
    bad = tmp_path / "units.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    assert main(["assign", str(tmp_path / "plan.json"), "--units", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "units.xlsx" in err
