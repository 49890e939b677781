"""A leader's page: their areas at a glance, lagging first, for the year chosen, with trends
over reviewed rounds only (a round opened today does not pull the line down)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from duban.web.cycle import services as cs
from duban.web.documents import leader
from duban.web.documents.figures import RoundFigures, TaskLine, UnitLine


def test_lagging_tasks_come_first_and_the_worst_unit_heads_the_list() -> None:
    tasks = [TaskLine(1, "1", "甲", lead_units=["甲局"], light="绿灯"), TaskLine(2, "2", "乙", lead_units=["乙局"], light="红灯"),
             TaskLine(3, "3", "丙", lead_units=["甲局"], light="灰灯"), TaskLine(4, "10", "丁", lead_units=["丙局"], light="黄灯"),
             TaskLine(5, "4", "戊", lead_units=["丙局"], light="红灯")]
    assert [t.number for t in leader.lagging_first(tasks)] == ["2", "4", "10", "3", "1"]
    fig = RoundFigures("方案", "示例区", 2026, "2026年第一季度", None, dt.date(2026, 3, 31), tasks,
                       [UnitLine(1, "甲局", expected=2, missing=1), UnitLine(2, "乙局", expected=1, on_time=1)])
    rows = leader.unit_rows(fig, ["甲局", "乙局", "丙局", "丁局"])
    assert [r.name for r in rows] == ["丙局", "乙局", "甲局"]  # 丁局 leads nothing here
    assert rows[0].lights["红灯"] == 1 and rows[0].lights["黄灯"] == 1 and rows[2].line.missing == 1


def test_a_round_counts_as_reviewed_once_past_its_date_or_closed() -> None:
    class R:
        def __init__(self, state: str, due: dt.date) -> None:
            self.state, self.due_date = state, due

    due = dt.date(2026, 4, 20)
    assert not leader.is_reviewed(R("open", due), due) and leader.is_reviewed(R("open", due), dt.date(2026, 4, 21))
    assert leader.is_reviewed(R("closed", due), dt.date(2026, 4, 1)) and not leader.is_reviewed(R("draft", due), due)


def test_the_leaders_page_shows_the_reviewed_round_and_its_trend(docs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.web.plans import services as ps
    from tests.web.builders import core_plan

    office, w = docs.office, docs.w
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 7, 1))
    ps.update_task(actor=office, task=w.task_a, expected_version=w.task_a.version,
                   changes={"persons": ["陈晓"]}, reason="补充责任人")
    q2 = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=w.plan, number=2))  # opened today
    last_year = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=w.gov, plan=core_plan(
        [{"text": "完成全区营商环境评价。", "lead": ["区发改局"], "leaders": ["王明"]}], year=2024, title="2024年方案")))
    c = Client()
    c.force_login(w.users["leader"])
    assert c.get("/").url == "/documents/leader/"
    html = c.get("/documents/leader/").content.decode()
    assert "分管工作 · 王明" in html and "2026年第一季度" in html and "已审核" in html
    assert "地区生产总值增长7%以上" in html and "责任人:陈晓" in html and "示例区发展和改革局" in html
    assert "稳定粮食播种面积" not in html  # 赵刚's task, an 农业农村局 the leader does not oversee
    # 需要关注 holds the red, yellow and not yet judged tasks only; the green ones follow under their own heading
    # (all six of the demo's were listed as 需要关注, five of them green)
    attention = html.partition("<h2>需要关注的任务")[2].partition("<h2>分管单位")[0].partition("<h2>进展正常的任务")
    assert '<li class="绿灯">' not in attention[0] and '<li class="绿灯">' in attention[2]
    assert f"{q2.title}正在报送" in html and html.count("<td>2026年第") == 1  # the trend: the first quarter only
    assert "新建高标准农田" not in html and "营商环境" not in html  # this year only
    cs.give_instruction(actor=w.users["leader"], task=w.task_a, unit=w.units["fgj"], text="请加快进度")
    assert f"示例区发展和改革局 · 任务{w.task_a.number} · 待办理" in c.get("/documents/leader/").content.decode()
    fgj = Client()
    fgj.force_login(w.users["liaison"])
    assert f"领导批示(任务{w.task_a.number}):请加快进度" in fgj.get("/cycle/todo/").content.decode()
    older = c.get("/documents/leader/", {"year": 2024}).content.decode()
    assert "2024年方案" in older and "还没有开启报送的轮次" in older and str(last_year.year) in older
    # the office looks at any leader's page; a unit does not
    office_c = Client()
    office_c.force_login(office)
    assert "分管工作 · 王明" in office_c.get("/documents/leader/", {"leader": w.leader.pk}).content.decode()
    unit_c = Client()
    unit_c.force_login(w.users["liaison"])
    assert unit_c.get("/documents/leader/").status_code == 403


def test_the_dashboard_trend_leaves_out_a_round_opened_today(docs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 7, 1))
    cs.open_round(actor=docs.office, round=cs.create_round(actor=docs.office, plan=docs.w.plan, number=2))
    c = Client()
    c.force_login(docs.office)
    resp = c.get("/documents/dashboard/")
    assert resp.context["trend"]["labels"] == ["2026年第一季度"]
    assert resp.context["round"].title == "2026年第一季度"  # opens on the reviewed round, not the empty one


def test_the_leaders_missing_reports_are_those_on_the_tasks_he_answers_for(docs: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """未报送 on 王明's page counted every report his units owed: 发改局's (he oversees it) on 赵刚's
    task too, and 农业农村局's (it leads one of his) on all of its tasks. It now counts the reports
    not in on the tasks whose 责任领导 he is, as the 通报 counts 未报 (`owed`), and says so, since
    the page also lists an overseen unit's task he does not answer for."""
    from duban.web.plans import services as ps
    from tests.web.builders import core_plan

    office, w = docs.office, docs.w
    plan = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=w.gov, plan=core_plan([
        {"text": "推进重大项目建设。", "lead": ["区发改局"], "leaders": ["王明"]},
        {"text": "做好价格监测。", "lead": ["区发改局"], "leaders": ["赵刚"]},  # an overseen unit, 赵刚's task
        {"text": "发展设施农业。", "lead": ["区农业农村局"], "leaders": ["王明"]},
        {"text": "建设高标准农田。", "lead": ["区农业农村局"], "leaders": ["赵刚"]},
    ], year=2027, title="2027年方案")))
    cs.open_round(actor=office, round=cs.create_round(actor=office, plan=plan, number=1))
    monkeypatch.setattr(cs, "today", lambda: dt.date(2027, 5, 1))  # the first quarter's date (4月20日) is past
    c = Client()
    c.force_login(w.users["leader"])
    html = c.get("/documents/leader/", {"year": 2027}).content.decode()
    assert "做好价格监测" in html and "建设高标准农田" not in html  # the page lists the overseen unit's task
    kpis = html.partition('aria-label="分管任务灯号"')[2].partition("</section>")[0]
    assert '<b>3</b><span>分管任务</span>' in kpis
    assert '<b>2</b><span>未报送<small class="muted">本人任责任领导的2项任务</small></span>' in kpis, kpis
    assert "未报送按该单位本轮全部牵头任务统计" in html  # the units' table counts a unit's whole round, as the 通报
