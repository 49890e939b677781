"""The office's review queue of a round (待审, 退回待改, 已通过, 逾期未报; by unit and section; the
report to review next), and a unit's to-do list that tells it of a return."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import dateformat, timezone

from duban.web.cycle import services as cs
from tests.web.cycle.conftest import Cycle


@pytest.fixture
def filed(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """发改局 and 农业农村局 file their lead reports (农业农村局 first); 统计局 and 东湖镇 do not."""
    day = {"today": dt.date(2026, 4, 10)}
    monkeypatch.setattr(cs, "today", lambda: day["today"])
    out = {}
    for user, unit, task in ((cycle.nyj, "nyj", cycle.w.task_b), (cycle.liaison, "fgj", cycle.w.task_a)):
        rep = cs.start_report(actor=user, round=cycle.rnd, task=task, unit=cycle.w.units[unit])
        out[unit] = cs.submit_report(actor=user, report=rep, expected_version=rep.version,
                                     data={"status": "on_track", "summary": "按序时推进"})
    day["today"] = dt.date(2026, 4, 23)
    return out


def test_the_queue_lists_reports_by_state_and_opens_the_next_to_review(cycle: Cycle, filed: dict[str, Any]) -> None:
    c = Client()
    c.force_login(cycle.office)
    url = f"/cycle/rounds/{cycle.rnd.pk}/queue/"
    page = c.get(url)
    states = {s: n for s, _label, n in page.context["states"]}
    assert states == {"submitted": 2, "returned": 0, "accepted": 0, "overdue": 0}  # every lead report is in
    assert page.context["next"].pk == filed["nyj"].pk  # the one waiting longest
    assert f"/cycle/reports/{filed['nyj'].pk}/?from=queue" in page.content.decode()
    assert "审核队列(待审 2)" in c.get(f"/cycle/rounds/{cycle.rnd.pk}/").content.decode()
    by_unit = c.get(url, {"unit": cycle.w.units["fgj"].pk})
    assert [r.pk for r in by_unit.context["rows"]] == [filed["fgj"].pk] and by_unit.context["next"].pk == filed["fgj"].pk
    by_section = c.get(url, {"section": "一、主要预期目标"})  # task_a is a target of section one
    assert [r.pk for r in by_section.context["rows"]] == [filed["fgj"].pk]
    # review from the queue: returned, then on to the next one; then back to the queue when none is left
    form = c.get(f"/cycle/reports/{filed['nyj'].pk}/?from=queue").content.decode()
    assert 'name="next" value="queue"' in form
    when = dateformat.format(timezone.localtime(filed["nyj"].submitted_at), "n月j日 H:i")
    assert f"报送于{when}" in form  # when it came in, as the queue lists it, before the verdict
    r = c.post(f"/cycle/reports/{filed['nyj'].pk}/review/", {"decision": "return", "comment": "请补充数据", "next": "queue"})
    assert r["Location"] == f"/cycle/reports/{filed['fgj'].pk}/?from=queue"
    r = c.post(f"/cycle/reports/{filed['fgj'].pk}/review/", {"decision": "accept", "mark": "good", "next": "queue"})
    assert r["Location"].startswith(url)
    states = {s: n for s, _label, n in c.get(url).context["states"]}
    assert states == {"submitted": 0, "returned": 1, "accepted": 1, "overdue": 0}
    overdue = c.get(url, {"state": "overdue"}).content.decode()  # the parts owed to the lead units, apart
    assert "没有逾期未报的报告" in overdue and "配合单位未交牵头单位的部分(2)" in overdue
    assert "示例区统计局" in overdue and "东湖镇人民政府" in overdue and "3 天" in overdue


def test_a_returned_unit_sees_the_return_first_thing(cycle: Cycle, filed: dict[str, Any]) -> None:
    cs.review_report(actor=cycle.office, report=filed["nyj"], accept=False, comment="请补充各乡镇分项数据")
    c = Client()
    c.force_login(cycle.nyj)
    todo = c.get("/cycle/todo/").content.decode()
    task = filed["nyj"].task
    assert f"任务{task.number}“{task.text[:10]}" in todo  # the task by its number and words, not a bare “2”
    assert "完成情况被退回" in todo and "请补充各乡镇分项数据" in todo and f"/cycle/reports/{filed['nyj'].pk}/" in todo
    assert 'hx-get="/cycle/todo/"' in c.get("/plans/portal/").content.decode()  # the landing page loads it
    assert "请补充各乡镇分项数据" in c.get("/cycle/").content.decode()
    tjj = Client()
    tjj.force_login(cycle.coop)
    todo = tjj.get("/cycle/todo/").content.decode()  # its part of 发改局's task: named as such, not 未报
    assert "尚有配合部分未交牵头单位1项(任务1)" in todo and "已逾期 3 天" in todo


def test_a_refused_review_keeps_the_comment_the_mark_and_the_way_back_to_the_queue(cycle: Cycle,
                                                                                  filed: dict[str, Any]) -> None:
    """A return with a mark is refused: the office sees why, with its comment and mark still in the
    form, and the next verdict still goes on to the next report of the queue."""
    c = Client()
    c.force_login(cycle.office)
    nyj = filed["nyj"].pk
    r = c.post(f"/cycle/reports/{nyj}/review/", {"decision": "return", "comment": "请补充各乡镇分项数据", "mark": "good",
                                                 "next": "queue", "unit": "", "section": ""})
    assert r.status_code == 400
    page = r.content.decode()
    assert "退回时不评定等次" in page and "请补充各乡镇分项数据</textarea>" in page
    assert '<option value="good" selected>' in page and 'name="next" value="queue"' in page
    r = c.post(f"/cycle/reports/{nyj}/review/", {"decision": "return", "comment": "请补充各乡镇分项数据", "next": "queue"})
    assert r["Location"] == f"/cycle/reports/{filed['fgj'].pk}/?from=queue"
