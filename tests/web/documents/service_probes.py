"""The documents' rows of the service permission matrix (tests/web/service_matrix.py)."""

from __future__ import annotations

import io
from typing import Any

from duban.web.documents import services as dcs
from tests.web.cycle.matrix import rep, rnd
from tests.web.service_matrix import FILERS, OFFICES, Probe, the_world


def _filled_return(p: Any) -> Any:
    """发改局's 附表3 of the open round, filled in as the unit would."""
    from openpyxl import load_workbook

    r = rnd(p.w)
    wb = load_workbook(io.BytesIO(dcs.unit_form(p.w.plan, p.w.units["fgj"], 3, "xlsx", rnd=r)))
    for row in wb["附表3"].iter_rows(min_row=5):
        if row[0].value == "1":
            row[2].value, row[3].value = "一季度地区生产总值增长6.8%。", "序时推进"
    buf = io.BytesIO()
    wb.save(buf)
    return the_world(p, round=r, data=buf.getvalue())


def _uploaded(p: Any) -> Any:
    m = _filled_return(p)
    return dcs.upload_return(actor=p.w.users["liaison"], rnd=m.round, unit=m.fgj, data=m.data, name="附表3.xlsx")


def _round_with_report(p: Any) -> Any:
    rep(p.w, submitted=True)
    return rnd(p.w)


def _bulletin(p: Any) -> Any:
    return dcs.create_bulletin(actor=p.w.users["office"], rnd=_round_with_report(p))


def _previous_year(p: Any) -> Any:
    """A published plan of the year before the shared world's (2026)."""
    from duban.web.plans import services as ps
    from tests.web.builders import core_plan

    office = p.w.users["office"]
    old = ps.import_plan(actor=office, government=p.w.gov, plan=core_plan(
        [{"text": "地区生产总值增长6.5%。", "lead": ["区发改局"]}], year=2024))
    return the_world(p, previous=ps.publish_plan(actor=office, plan=old))


def _issue(actor: Any, bulletin: Any) -> Any:
    """Issue, with the PDF typeset by a stand-in: who may issue is decided before any typesetting,
    and typesetting the real one three times took 25 s (it is tested in test_bulletin_format.py)."""
    from unittest import mock

    from duban.web.documents.builders import bulletin as builder

    with mock.patch.object(builder, "to_pdf", lambda content, title: b"%PDF-1.7 stand-in"):
        return dcs.issue_bulletin(actor=actor, bulletin=bulletin, expected_version=bulletin.version)


DOCUMENTS_PROBES: dict[str, Probe] = {
    "documents.upload_return": Probe(_filled_return, lambda a, m: dcs.upload_return(
        actor=a, rnd=m.round, unit=m.fgj, data=m.data, name="附表3.xlsx"), FILERS),
    "documents.confirm_return": Probe(_uploaded, lambda a, m: dcs.confirm_return(actor=a, upload=m), FILERS),
    "documents.discard_return": Probe(_uploaded, lambda a, m: dcs.discard_return(actor=a, upload=m), FILERS),
    "documents.create_bulletin": Probe(_round_with_report, lambda a, m: dcs.create_bulletin(actor=a, rnd=m), OFFICES),
    "documents.update_bulletin": Probe(_bulletin, lambda a, m: dcs.update_bulletin(
        actor=a, bulletin=m, expected_version=m.version, changes={"title": "关于一季度重点任务推进情况的通报"}),
                                       OFFICES),
    "documents.issue_bulletin": Probe(_bulletin, _issue, OFFICES),
    "documents.set_public": Probe(the_world, lambda a, m: dcs.set_public(
        actor=a, plan=m.plan, published=True, show_progress=True), OFFICES),
    "documents.publish_progress": Probe(lambda p: the_world(p, round=rnd(p.w)), lambda a, m: dcs.publish_progress(
        actor=a, rnd=m.round, summaries={m.task_a.pk: "推进顺利"}, statuses={m.task_a.pk: "序时推进"}), OFFICES),
    "documents.link_plans": Probe(_previous_year, lambda a, m: dcs.link_plans(actor=a, plan=m.plan, previous=m.previous),
                                  OFFICES),
    "documents.set_rules": Probe(the_world, lambda a, m: dcs.set_rules(actor=a, plan=m.plan, weights={"on_time": 30}),
                                 OFFICES),
}
