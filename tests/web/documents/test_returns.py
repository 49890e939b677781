"""附表3 by spreadsheet: download, fill offline, upload, see, confirm. Bad files say why and save nothing."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from duban.web.common.services import ServiceError
from duban.web.cycle.models import Report
from duban.web.documents import services
from duban.web.documents.models import ReturnState, ReturnUpload


def _form(docs: Any, unit: str = "nyj") -> Any:
    data = services.unit_form(docs.w.plan, docs.w.units[unit], 3, "xlsx", rnd=docs.rnd)
    return load_workbook(io.BytesIO(data))


def _save(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fill(wb: Any, done: str = "已落实粮食播种面积。", status: str = "序时推进", value: Any = "2.1") -> Any:
    ws = wb["附表3"]
    for row in ws.iter_rows(min_row=5):
        if row[0].value == "2":
            row[2].value, row[3].value = done, status
        if row[0].value == "2-1":
            row[4].value = value
    return wb


def _upload(docs: Any, data: bytes, name: str = "附表3.xlsx") -> ReturnUpload:
    return services.upload_return(actor=docs.w.users["wrong_liaison"], rnd=docs.rnd, unit=docs.w.units["nyj"],
                                  data=data, name=name)


def test_a_filled_form_is_shown_then_saved_only_on_confirmation(docs: Any) -> None:
    up = _upload(docs, _save(_fill(_form(docs))))
    assert up.state == ReturnState.PENDING
    assert up.rows[0]["status"] == "序时推进" and up.rows[0]["indicators"] == {"0": 2.1}
    assert not Report.objects.filter(task=docs.w.task_b).exists()  # nothing saved yet
    done = services.confirm_return(actor=docs.w.users["wrong_liaison"], upload=up)
    assert (done.saved, done.submitted, done.skipped) == (1, 0, [])
    rep = Report.objects.get(task=docs.w.task_b, round=docs.rnd)
    assert rep.summary == "已落实粮食播种面积。" and rep.status == "on_track" and rep.state == "draft"
    assert rep.indicator_values == {"0": 21000.0}  # typed in 万亩, as the form prints it
    with pytest.raises(ServiceError, match="已处理过"):
        services.confirm_return(actor=docs.w.users["wrong_liaison"], upload=up)


def _refused(docs: Any, data: bytes, match: str, name: str = "附表3.xlsx") -> None:
    with pytest.raises(ServiceError, match=match):
        _upload(docs, data, name)
    assert not ReturnUpload.objects.exists()


def test_an_extra_row_is_refused(docs: Any) -> None:
    wb = _fill(_form(docs))
    wb["附表3"].insert_rows(7)
    wb["附表3"]["A7"], wb["附表3"]["B7"], wb["附表3"]["C7"] = "9", "新增的事项", "做了"
    _refused(docs, _save(wb), "序号“9”不是本单位")


def test_an_edited_task_text_is_refused(docs: Any) -> None:
    wb = _fill(_form(docs))
    for row in wb["附表3"].iter_rows(min_row=5):
        if row[0].value == "2":
            row[1].value = "稳定粮食播种面积4万亩。"
    _refused(docs, _save(wb), "被修改过")


def test_a_formula_is_refused(docs: Any) -> None:
    _refused(docs, _save(_fill(_form(docs), value="=1+1")), "公式")


def test_a_value_that_is_not_a_number_is_refused(docs: Any) -> None:
    _refused(docs, _save(_fill(_form(docs), value="两万亩")), "不是数字")


def test_a_status_not_in_the_list_is_refused(docs: Any) -> None:
    _refused(docs, _save(_fill(_form(docs), status="差不多")), "进展状态“差不多”无效")


def test_a_macro_enabled_file_is_refused_by_name_and_by_content(docs: Any) -> None:
    data = _save(_fill(_form(docs)))
    _refused(docs, data, "含宏或旧格式", name="附表3.xlsm")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00macro")
    _refused(docs, buf.getvalue(), "含有宏")


def test_not_a_spreadsheet_is_refused(docs: Any) -> None:
    _refused(docs, "不是表格".encode(), "不是 Excel")


def test_reordered_and_missing_rows_are_matched_by_number_and_labelled(docs: Any) -> None:
    from duban.web.documents.builders.forms import UnitTask
    from duban.web.documents.returns import read_return

    expected = [UnitTask(1, "1", "甲事项"), UnitTask(2, "2", "乙事项"), UnitTask(3, "3", "丙事项")]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "责任事项", "完成情况", "进展状态", "指标实际值"])
    ws.append(["3", "丙事项", "丙已完成", "已完成", None])
    ws.append([1, "甲事项", "甲推进中", "序时推进", None])
    res = read_return(_save(wb), "a.xlsx", expected)
    assert res.ok and [r.number for r in res.rows] == ["3", "1"]
    assert any("顺序" in n for n in res.notes)
    assert any("不在表中" in n and "2" in n for n in res.notes)  # a partial return, labelled


def test_a_cooperating_unit_returns_its_part_too(docs: Any) -> None:
    wb = _form(docs, "tjj")  # 统计局 cooperates on task_a
    for row in wb["附表3"].iter_rows(min_row=5):
        if row[0].value == "1":
            row[2].value, row[3].value = "已提供一季度统计数据。", "序时推进"
    up = services.upload_return(actor=docs.c.coop, rnd=docs.rnd, unit=docs.w.units["tjj"], data=_save(wb),
                                name="附表3.xlsx")
    services.confirm_return(actor=docs.c.coop, upload=up)
    rep = Report.objects.get(task=docs.w.task_a, unit=docs.w.units["tjj"])
    assert rep.role == "coop" and rep.summary == "已提供一季度统计数据。"


def test_a_return_that_unzips_past_the_limit_is_refused_before_it_is_loaded(docs: Any, monkeypatch: Any) -> None:
    from duban.core.read import limits

    data = _save(_fill(_form(docs)))
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 2000)  # as a 985 KB file holding 203 MB would be
    _refused(docs, data, "表格解压后有")


def test_a_row_already_filed_is_shown_as_such_and_the_rest_submitted_in_one_step(docs: Any) -> None:
    """发改局 leads both tasks; task 1 is already submitted this round. Its row is marked 已报送 and
    left alone; task 2 is saved and submitted with the same confirmation."""
    from django.test import Client

    from duban.web.plans import services as ps

    docs.w.task_b.refresh_from_db()
    ps.update_task(actor=docs.office, task=docs.w.task_b, expected_version=docs.w.task_b.version,
                   changes={"lead_names": ["区发改局"]}, reason="调整牵头单位")
    wb = _form(docs, "fgj")
    for row in wb["附表3"].iter_rows(min_row=5):
        if row[0].value in ("1", "★1"):
            row[2].value, row[3].value = "想改已报送的内容", "已完成"
        if row[0].value == "2":
            row[2].value, row[3].value = "粮食播种面积已落实到乡镇。", "序时推进"
    liaison = docs.w.users["liaison"]
    up = services.upload_return(actor=liaison, rnd=docs.rnd, unit=docs.w.units["fgj"], data=_save(wb), name="附表3.xlsx")
    assert {r["number"]: r["filed"] for r in up.rows} == {"1": True, "2": False}
    assert any("已报送的任务" in n for n in up.notes)
    c = Client()
    c.force_login(liaison)
    page = c.get(f"/documents/returns/{up.pk}/").content.decode()
    assert "已报送,本次不更新" in page and "确认并报送" in page
    r = c.post(f"/documents/returns/{up.pk}/", {"action": "submit"}, follow=True)
    text = r.content.decode()
    assert "已报送 1 项任务的完成情况" in text and "序号 1 本轮已报送,未作修改" in text
    docs.report_a.refresh_from_db()
    assert docs.report_a.summary.startswith("一季度地区生产总值增长6.8%")  # left alone
    b = Report.objects.get(task=docs.w.task_b, unit=docs.w.units["fgj"], round=docs.rnd)
    assert b.state == "submitted" and b.summary == "粮食播种面积已落实到乡镇。"


def test_confirming_a_return_never_overwrites_a_newer_edit(docs: Any) -> None:
    """Issue 18: the upload was saved with no expected version, over a colleague's edit made
    after it. Now the confirmation is refused (409 on the page) with what the system says now,
    and nothing is saved; a fresh upload of the same file goes through."""
    from django.test import Client

    from duban.web.cycle import services as cs

    nyj = docs.w.users["wrong_liaison"]
    rep = cs.start_report(actor=nyj, round=docs.rnd, task=docs.w.task_b, unit=docs.w.units["nyj"])
    data = _save(_fill(_form(docs)))
    up = _upload(docs, data)
    assert up.rows[0]["report_version"] == rep.version
    cs.save_report(actor=nyj, report=rep, expected_version=rep.version,
                   data={"summary": "同事在系统中写的新进展:已完成秋粮收购。", "status": "on_track"})

    c = Client()
    c.force_login(nyj)
    resp = c.post(f"/documents/returns/{up.pk}/", {"action": "submit"})
    page = resp.content.decode()
    assert resp.status_code == 409, page[:300]
    assert "同事在系统中写的新进展" in page  # what the system says now
    assert "wrong_liaison" in page and "没有保存任何内容" in page  # who changed it; nothing saved
    kept = Report.objects.get(pk=rep.pk)
    assert kept.summary == "同事在系统中写的新进展:已完成秋粮收购。" and kept.state == "draft"
    assert ReturnUpload.objects.get(pk=up.pk).state == ReturnState.PENDING

    with pytest.raises(services.ReturnConflict) as refused:
        services.confirm_return(actor=nyj, upload=up)
    assert [c.number for c in refused.value.changed] == ["2"]

    again = _upload(docs, data)  # read against the report as it now stands
    assert services.confirm_return(actor=nyj, upload=again).saved == 1
    assert Report.objects.get(pk=rep.pk).summary == "已落实粮食播种面积。"


def test_a_report_only_started_since_the_upload_is_no_conflict(docs: Any) -> None:
    """Starting a report (version 1, carried over from last round) is not someone's edit."""
    from duban.web.cycle import services as cs

    up = _upload(docs, _save(_fill(_form(docs))))
    cs.start_report(actor=docs.w.users["wrong_liaison"], round=docs.rnd, task=docs.w.task_b, unit=docs.w.units["nyj"])
    assert services.confirm_return(actor=docs.w.users["wrong_liaison"], upload=up).saved == 1
