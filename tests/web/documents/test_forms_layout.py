"""附表1 prints each task's number and text once, merged down over its work-item rows."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from duban.web.documents.builders.forms import UnitTask, WorkItem, form1_docx


def test_a_tasks_number_and_text_are_merged_down_over_its_work_items() -> None:
    tasks = [UnitTask(1, "1", "稳定粮食播种面积4.5万亩", items=[WorkItem("落实播种面积"), WorkItem("兑付补贴"),
                                                               WorkItem("督导检查")]),
             UnitTask(2, "2", "新建高标准农田0.8万亩")]  # no 办理方案 yet: three blank lines
    doc = Document(io.BytesIO(form1_docx("示例区农业农村局", "测试方案", tasks)))
    table = doc.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == 1 + 3 + 3
    for first in (1, 4):
        for col in (0, 1):
            merges = [rows[first + k].tc_lst[col].tcPr.find(qn("w:vMerge")) for k in range(3)]
            assert merges[0].get(qn("w:val")) == "restart" and all(m is not None for m in merges[1:])
            assert all(m.get(qn("w:val")) in (None, "continue") for m in merges[1:])
    assert [table.cell(r, 1).text for r in (1, 2, 3)] == ["稳定粮食播种面积4.5万亩"] * 3  # one merged cell
    assert [table.cell(r, 2).text for r in (1, 2, 3)] == ["落实播种面积", "兑付补贴", "督导检查"]
    assert [table.cell(r, 2).text for r in (4, 5, 6)] == ["1.", "2.", "3."]
