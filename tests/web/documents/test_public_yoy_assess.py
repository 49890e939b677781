"""The public page (no login, no personal data), year-over-year matching, and the assessment."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from duban.web.common.services import ServiceError
from duban.web.cycle import services as cs
from duban.web.documents import assess, collect, services, yoy
from duban.web.documents.models import Carry, TaskMatch


def test_the_public_page_needs_no_login_and_shows_no_personal_data(docs: Any) -> None:
    client = Client()
    url = reverse("public:plan", kwargs={"pk": docs.w.plan.pk})
    assert client.get(url).status_code == 404  # not published yet
    services.set_public(actor=docs.office, plan=docs.w.plan, published=True, show_progress=True)
    fig = collect.round_figures(docs.rnd)
    t = fig.tasks[0]
    services.publish_progress(actor=docs.office, rnd=docs.rnd, summaries={t.task_id: t.done},
                              statuses={t.task_id: t.status})
    resp = client.get(url)
    html = resp.content.decode()
    assert resp.status_code == 200 and "public" in resp["Cache-Control"]
    assert "地区生产总值增长7%以上" in html and "稳定粮食播种面积4.5万亩" in html and "★" in html
    assert "序时推进" in html and "一季度地区生产总值增长6.8%" in html
    assert "13800000001" not in html and "号码已隐去" in html  # the phone in the report
    assert "陈晓" not in html and "王明" not in html  # no person below the unit, no leader names
    assert 'name="viewport"' in html and "@media print" in client.get("/static/documents/documents.css").getvalue().decode()


def test_a_draft_plan_cannot_be_made_public(world: Any) -> None:
    with pytest.raises(ServiceError, match="尚未发布"):
        services.set_public(actor=world.users["office"], plan=world.draft, published=True, show_progress=False)


def test_recurring_tasks_are_matched_by_text_and_the_rest_labelled() -> None:
    pairs = yoy.match(["新建高标准农田1.2万亩", "地区生产总值增长7%", "建成5G基站100个"],
                      ["新建高标准农田1万亩", "地区生产总值增长6.5%左右", "改造老旧小区20个", "建设污水处理厂"],
                      done_before=[False, False, True, False])
    got = {(p.current, p.previous): p.verdict for p in pairs}
    assert got[(0, 0)] == "carried" and got[(1, 1)] == "carried"
    assert got[(None, 2)] == "kept" and got[(None, 3)] == "dropped" and got[(2, None)] == "new"


def test_linking_last_years_plan_stores_the_matches(world: Any) -> None:
    from duban.web.plans.models import Plan

    draft = Plan.objects.get(pk=world.draft.pk)
    link = services.link_plans(actor=world.users["office"], plan=world.plan, previous=draft)
    verdicts = sorted(TaskMatch.objects.filter(link=link).values_list("verdict", flat=True))
    assert verdicts.count(Carry.NEW) == 2 and verdicts.count(Carry.DROPPED) == 1
    with pytest.raises(ServiceError, match="更早年度"):
        services.link_plans(actor=world.users["office"], plan=draft, previous=world.plan)


def test_scores_show_every_line_of_the_calculation(docs: Any) -> None:
    cs.review_report(actor=docs.office, report=docs.report_a, accept=True)
    services.set_rules(actor=docs.office, plan=docs.w.plan, weights={"late": 3, "missing": 10, "starred": 2})
    ranked = services.assessment(docs.w.plan, docs.rnd)
    by = {s.unit: s for s in ranked}
    fgj, nyj = by["示例区发展和改革局"], by["示例区农业农村局"]
    late = [line for line in fgj.lines if "逾期报送" in line.item]
    assert late and late[0].total == -3  # the world's Q1 report went in after 20 April
    assert any("★任务绿灯" in line.item for line in fgj.lines) == (collect.round_figures(docs.rnd).tasks[0].light == "绿灯")
    assert [line.text for line in nyj.lines] == ["基础分 1 × 100 = +100", "2026年第一季度未报送 1 × 10 = −10"]
    assert nyj.total == 90 and ranked[0].rank == 1
    wb = load_workbook(io.BytesIO(assess.scores_xlsx("考核", ranked)))
    assert [c.value for c in wb["排名"][2]] == ["名次", "单位", "得分", "计算过程"]
    detail = list(wb["计算明细"].iter_rows(min_row=2, values_only=True))
    assert ("示例区农业农村局", "合计", None, None, 90) in detail
    year = services.assessment(docs.w.plan)
    assert {s.unit: s.total for s in year}["示例区农业农村局"] == 90


def test_rules_out_of_range_are_refused(world: Any) -> None:
    with pytest.raises(ServiceError, match="0–1000"):
        services.set_rules(actor=world.users["office"], plan=world.plan, weights={"late": -5})


def test_the_public_page_is_rendered_again_when_what_it_shows_changes(docs: Any) -> None:
    client = Client()
    url = reverse("public:plan", kwargs={"pk": docs.w.plan.pk})
    services.set_public(actor=docs.office, plan=docs.w.plan, published=True, show_progress=True)
    assert "播种面积已全部落实" not in client.get(url).content.decode()
    services.publish_progress(actor=docs.office, rnd=docs.rnd, summaries={docs.w.task_b.pk: "播种面积已全部落实。"},
                              statuses={docs.w.task_b.pk: "已完成"})
    assert "播种面积已全部落实" in client.get(url).content.decode()
    services.set_public(actor=docs.office, plan=docs.w.plan, published=False, show_progress=True)
    assert client.get(url).status_code == 404


def test_the_public_page_is_compressed_for_slow_phones(docs: Any) -> None:
    services.set_public(actor=docs.office, plan=docs.w.plan, published=True, show_progress=False)
    resp = Client().get(reverse("public:plan", kwargs={"pk": docs.w.plan.pk}), HTTP_ACCEPT_ENCODING="gzip")
    assert resp.status_code == 200 and resp["Content-Encoding"] == "gzip"


def test_the_office_publishes_every_reported_task_at_once(docs: Any) -> None:
    """全部公开: every task the round has a report for, without ticking them one by one."""
    from duban.web.documents.models import PublicProgress

    c = Client()
    c.force_login(docs.office)
    url = reverse("documents:public_settings", kwargs={"pk": docs.w.plan.pk})
    page = c.get(url, {"round": docs.rnd.pk}).content.decode()
    assert "全部公开" in page and "确认全部公开" in page
    c.post(url, {"action": "progress", "round": docs.rnd.pk, "all": "1",
                 f"summary_{docs.w.task_a.pk}": "一季度地区生产总值增长6.8%"})
    assert list(PublicProgress.objects.values_list("task_id", flat=True)) == [docs.w.task_a.pk]  # the one reported


def test_the_public_page_hides_phone_and_id_numbers_as_people_write_them(docs: Any) -> None:
    """Issue 18: 138-0000-0001, +86 139 0000 0002, 0755 8000 001 and 18-digit ID numbers showed
    on the public page. Scrubbed when published, and again when shown (for what was published
    before the scrubber knew the format)."""
    from duban.web.documents.models import PublicProgress

    written = ("一季度完成投资2.1亿元。联系人刘经办 138-0000-0001、+86 139 0000 0002,办公室0755 8000 001,"
               "困难户身份证号44030419900101123X已救助。")
    services.set_public(actor=docs.office, plan=docs.w.plan, published=True, show_progress=True)
    services.publish_progress(actor=docs.office, rnd=docs.rnd, summaries={docs.w.task_a.pk: written},
                              statuses={docs.w.task_a.pk: "序时推进"})
    stored = PublicProgress.objects.get(task=docs.w.task_a).summary
    PublicProgress.objects.create(task=docs.w.task_b, period=docs.rnd.title, status="序时推进",
                                  summary="旧时发布的:联系电话 0755-8000-0001,手机１３９０００００００２。")
    html = Client().get(reverse("public:plan", kwargs={"pk": docs.w.plan.pk})).content.decode()
    for shown in (stored, html):
        for number in ("138-0000-0001", "139 0000 0002", "0755 8000 001", "44030419900101123X", "0755-8000-0001",
                       "１３９０００００００２"):
            assert number not in shown, number
    assert "一季度完成投资2.1亿元" in html and html.count("号码已隐去") >= 5 and "证件号已隐去" in html
