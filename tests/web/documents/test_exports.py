"""Every export opened with python-docx / openpyxl and checked against the data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from duban.web.common.permissions import SYSTEM
from duban.web.common.services import ServiceError
from duban.web.documents import collect, services
from duban.web.documents.builders import bulletin as bb
from duban.web.documents.builders import forms
from tests.web.builders import core_plan


def _docx_rows(data: bytes, table: int = 0) -> list[list[str]]:
    doc = Document(io.BytesIO(data))
    return [[c.text for c in r.cells] for r in doc.tables[table].rows]


def test_plan_table_xlsx_and_docx_carry_every_task_in_order_with_star_and_sections(world: Any) -> None:
    xlsx = load_workbook(io.BytesIO(services.plan_table(world.plan, "xlsx")))
    ws = xlsx["分解表"]
    assert [c.value for c in ws[2]] == ["序号", "目标任务", "责任领导", "牵头单位", "责任单位", "责任人", "完成时限"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert values[0][0] == "一、主要预期目标"
    assert values[1][:5] == [1, "★地区生产总值增长7%以上。", "王明", "区发改局", "区统计局"]
    assert values[2][0] == "二、重点工作"
    assert values[3][1] == "稳定粮食播种面积4.5万亩。" and values[3][6] == "10月底前"
    rows = _docx_rows(services.plan_table(world.plan, "docx"))
    assert rows[0] == ["序号", "目标任务", "责任领导", "牵头单位", "责任单位", "责任人", "完成时限"]
    assert rows[1][0] == "一、主要预期目标" and len(set(rows[1])) == 1  # merged across
    assert rows[2][:4] == ["1", "★地区生产总值增长7%以上。", "王明", "区发改局"]
    assert rows[4][1] == "稳定粮食播种面积4.5万亩。"


def test_an_empty_plan_is_refused_with_a_message(world: Any) -> None:
    from duban.web.plans.models import Task

    Task.objects.filter(plan=world.plan).update(removed=True)
    with pytest.raises(ServiceError, match="没有任何任务"):
        services.plan_table(world.plan, "xlsx")


def test_unit_forms_are_prefilled_with_its_tasks_in_plan_numbering(docs: Any) -> None:
    w = docs.w
    fgj = w.units["fgj"]
    f1 = _docx_rows(services.unit_form(w.plan, fgj, 1, "docx"))
    assert f1[0] == list(forms.FORM1_HEADER)
    assert f1[1][:3] == ["1", "★地区生产总值增长7%以上。", "1."]
    f1x = load_workbook(io.BytesIO(services.unit_form(w.plan, fgj, 1, "xlsx"))).active
    assert any(r[1] == "★地区生产总值增长7%以上。" for r in f1x.iter_rows(values_only=True))
    f2 = _docx_rows(services.unit_form(w.plan, fgj, 2, "docx"))
    assert [r[0] for r in f2[1:]] == ["分管领导", "办公室或者综合协调处室负责人", "经办人"]
    doc3 = Document(io.BytesIO(services.unit_form(w.plan, fgj, 3, "docx", rnd=docs.rnd)))
    assert "示例区发展和改革局2026年第一季度工作目标完成情况" in [p.text for p in doc3.paragraphs]
    f3 = [[c.text for c in r.cells] for r in doc3.tables[0].rows]
    assert f3[1][0] == "1" and "地区生产总值增长6.8%" in f3[1][2]  # what the unit last said
    ws = load_workbook(io.BytesIO(services.unit_form(w.plan, fgj, 3, "xlsx", rnd=docs.rnd)))["附表3"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert rows[0][:2] == ("1", "★地区生产总值增长7%以上。")
    assert rows[1][0] == "1-1" and rows[1][4] == "6.8"
    # a unit with no task in the plan gets a message, not an empty form
    from duban.web.directory.services import create_unit

    idle = create_unit(actor=SYSTEM, government=w.gov, name="示例区档案馆")
    with pytest.raises(ServiceError, match="没有承担任务"):
        services.unit_form(w.plan, idle, 3, "xlsx")


def test_ledger_has_every_task_with_status_light_and_indicators_filters_and_frozen_header(docs: Any) -> None:
    wb = load_workbook(io.BytesIO(services.ledger_file(docs.rnd)))
    ws = wb["台账"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["序号", "章节", "目标任务"]
    assert ws.freeze_panes == "D3" and ws.auto_filter.ref.startswith("A2:")
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)}
    fig = collect.round_figures(docs.rnd)
    assert len(rows) == len(fig.tasks) == 2
    assert rows[1]["进展状态"] == "序时推进" and rows[1]["灯号"] == fig.tasks[0].light
    assert rows[1]["实际值"] == "6.8%" and rows[1]["目标值"] == "7%"
    assert rows[2]["进展状态"] == "未报送" and rows[2]["灯号"] == "灰灯"
    units = {r[0]: r for r in wb["单位报送"].iter_rows(min_row=2, values_only=True)}
    assert units["示例区农业农村局"][4] == 1  # missing


def test_bulletin_blocks_refuse_a_round_without_reports() -> None:
    import datetime as dt

    from duban.web.documents.figures import RoundFigures, TaskLine

    fig = RoundFigures("方案", "示例区人民政府", 2026, "2026年第一季度", None, dt.date(2026, 4, 1),
                       [TaskLine(1, "1", "任务")], [])
    with pytest.raises(ValueError, match="尚无任何单位报送"):
        bb.blocks(fig, bb.OfficeText(), with_charts=False)


def test_core_plan_builder_is_reused_for_the_docx_table() -> None:
    plan = core_plan([{"text": "任务甲", "lead": ["甲局"], "starred": True}])
    rows = _docx_rows(forms.plan_docx(plan))
    assert rows[2][1] == "★任务甲"


def test_pdfs_built_one_after_another_each_embed_their_own_glyphs() -> None:
    """Each PDF subsets the font for its own text (a shared, half-used font object once broke the second)."""
    import datetime as dt

    import pdfplumber

    from duban.web.documents.figures import RoundFigures, TaskLine, UnitLine

    def fig(word: str) -> RoundFigures:
        return RoundFigures("方案", "示例区人民政府", 2026, "2026年第一季度", dt.date(2026, 4, 20), dt.date(2026, 4, 25),
                            [TaskLine(1, "1", f"{word}任务", status="滞后", light="红灯", lead_units=["甲局"])],
                            [UnitLine(1, "甲局", expected=1, late=1)])

    for word in ("整治", "溯源"):
        data = bb.to_pdf(bb.blocks(fig(word), bb.OfficeText(), with_charts=False))
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert f"{word}任务" in "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")


def test_form2_carries_the_roster_the_unit_filed(docs: Any) -> None:
    from duban.web.cycle import services as cs

    fgj = docs.w.units["fgj"]
    cs.save_roster_entry(actor=docs.w.users["liaison"], unit=fgj, slot="liaison", name="陈晓", title="科员",
                         office_phone="0571-1234567", mobile="13800000001")
    ws = load_workbook(io.BytesIO(services.unit_form(docs.w.plan, fgj, 2, "xlsx"))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "附表2" and rows[2] == ("责任人", "姓名", "职务", "办公电话", "手机")
    assert rows[5] == ("经办人", "陈晓", "科员", "0571-1234567", "13800000001")
    assert rows[3][0] == "分管领导" and rows[3][1] is None  # not filed yet: an empty line to fill
    doc = _docx_rows(services.unit_form(docs.w.plan, fgj, 2, "docx"))
    assert doc[3] == ["经办人", "陈晓", "科员", "0571-1234567", "13800000001"]
