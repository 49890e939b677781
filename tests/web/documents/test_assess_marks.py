"""The office's review marks (优/良/中/差) in the assessment: made through real reviews, each
mark moves the unit's score by exactly the points the office set, shown as its own line."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from duban.web.cycle import services as cs
from duban.web.documents import assess, services
from duban.web.documents.models import DEFAULT_RULES, RULE_LABELS
from tests.web.builders import PASSWORD

pytestmark = pytest.mark.django_db

FGJ, NYJ = "示例区发展和改革局", "示例区农业农村局"


def totals(docs: Any, rnd: Any = None) -> dict[str, float]:
    return {s.unit: s.total for s in services.assessment(docs.w.plan, rnd)}


def file_b(docs: Any) -> Any:
    nyj = docs.c.nyj
    rep = cs.start_report(actor=nyj, round=docs.rnd, task=docs.w.task_b, unit=docs.w.units["nyj"])
    return cs.submit_report(actor=nyj, report=rep, expected_version=rep.version,
                            data={"status": "on_track", "summary": "春播准备到位", "indicator_values": {"0": "4.5"}})


def test_every_mark_has_a_rule_the_office_can_set() -> None:
    for key in ("mark_excellent", "mark_good", "mark_fair", "mark_poor"):
        assert key in DEFAULT_RULES and "审核评定为" in RULE_LABELS[key]
    assert {k for _m, k, _s in assess.MARKS} <= set(DEFAULT_RULES)


def test_a_mark_moves_the_score_by_exactly_the_configured_points(docs: Any) -> None:
    services.set_rules(actor=docs.office, plan=docs.w.plan, weights={"mark_excellent": 3.5, "mark_poor": 4})
    rep_b = file_b(docs)
    before = totals(docs, docs.rnd)
    cs.review_report(actor=docs.office, report=docs.report_a, accept=True, mark="excellent")
    cs.review_report(actor=docs.office, report=rep_b, accept=True, mark="差")
    after_scores = {s.unit: s for s in services.assessment(docs.w.plan, docs.rnd)}
    assert after_scores[FGJ].total == before[FGJ] + 3.5
    assert after_scores[NYJ].total == before[NYJ] - 4
    assert "2026年第一季度审核评定为优 1 × 3.5 = +3.5" in [line.text for line in after_scores[FGJ].lines]
    assert "2026年第一季度审核评定为差 1 × 4 = −4" in [line.text for line in after_scores[NYJ].lines]
    # the year counts the round's marks the same way, and the export keeps the line
    year = services.assessment(docs.w.plan)
    assert {s.unit: s.total for s in year}[FGJ] == after_scores[FGJ].total
    wb = load_workbook(io.BytesIO(assess.scores_xlsx("考核", year)))
    detail = list(wb["计算明细"].iter_rows(min_row=2, values_only=True))
    assert (NYJ, "2026年第一季度审核评定为差", 1, 4, -4) in detail
    # the 台账 shows the mark beside the verdict
    ledger = load_workbook(io.BytesIO(services.ledger_file(docs.rnd)))["台账"]
    header = [c.value for c in ledger[2]]
    verdicts = [dict(zip(header, r, strict=True))["审核"] for r in ledger.iter_rows(min_row=3, values_only=True)]
    assert verdicts == ["已通过(评定优)", "已通过(评定差)"]


def test_an_unmarked_acceptance_and_a_zero_rule_change_nothing(docs: Any) -> None:
    rep_b = file_b(docs)
    services.set_rules(actor=docs.office, plan=docs.w.plan, weights={"mark_good": 0})
    before = totals(docs, docs.rnd)
    cs.review_report(actor=docs.office, report=docs.report_a, accept=True)
    cs.review_report(actor=docs.office, report=rep_b, accept=True, mark="good")
    assert totals(docs, docs.rnd) == before
    services.set_rules(actor=docs.office, plan=docs.w.plan, weights={"mark_good": 1.5})
    assert totals(docs, docs.rnd)[NYJ] == before[NYJ] + 1.5
    assert totals(docs, docs.rnd)[FGJ] == before[FGJ]


def test_the_page_shows_the_mark_rules_and_lines(docs: Any) -> None:
    cs.review_report(actor=docs.office, report=docs.report_a, accept=True, mark="good")
    c = Client()
    assert c.login(username=docs.office.username, password=PASSWORD)
    url = f"/documents/plans/{docs.w.plan.pk}/assessment/"
    c.post(url, {"mark_good": "2.5"})
    page = c.get(url, {"round": docs.rnd.pk}).content.decode()
    assert "审核评定为良(每份加)" in page and 'name="mark_good" value="2.50"' in page
    assert "2026年第一季度审核评定为良 1 × 2.5 = +2.5" in page
