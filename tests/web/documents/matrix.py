"""The documents' rows of the permission matrix (tests/web/project/test_permission_matrix.py
merges them): every view × anonymous, viewer, wrong unit, right unit (liaison, head), leader,
office. Objects a probe needs (a round, a bulletin, a returned sheet) are made on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOGIN = 302
Probe = tuple[str, Callable[[Any], dict[str, Any]], Callable[[Any], Any] | None, list[int]]


def _round(w: Any) -> Any:
    if not hasattr(w, "_doc_round"):
        from duban.web.cycle import services as cs

        rnd = cs.create_round(actor=w.users["office"], plan=w.plan, kind="quarterly", number=1)
        w._doc_round = cs.open_round(actor=w.users["office"], round=rnd)
    return w._doc_round


def _bulletin(w: Any, issued: bool) -> Any:
    from duban.web.documents.models import Bulletin

    return Bulletin.objects.create(round=_round(w), title="关于一季度推进情况的通报", state="issued" if issued else "draft",
                                   docx=b"PK-docx" if issued else None, pdf=b"%PDF-" if issued else None)


def _upload(w: Any) -> Any:
    from duban.web.documents.models import ReturnUpload

    return ReturnUpload.objects.create(round=_round(w), unit=w.units["fgj"], file_name="附表3.xlsx", sha256="0" * 64)


def _public(w: Any) -> dict[str, Any]:
    from duban.web.documents.models import PublicPlan

    PublicPlan.objects.get_or_create(plan=w.plan, defaults={"published": True})
    return {"pk": w.plan.pk}


ALL = [LOGIN, 200, 200, 200, 200, 200, 200]
OFFICE = [LOGIN, 403, 403, 403, 403, 403, 200]

DOCUMENTS_MATRIX: dict[str, list[Probe]] = {
    "documents:index": [("get", lambda w: {}, None, ALL)],
    "documents:dashboard": [("get", lambda w: {}, None, ALL)],
    "documents:leader": [("get", lambda w: {}, None, [LOGIN, 200, 403, 403, 403, 200, 200])],
    "documents:plan_table": [("get", lambda w: {"pk": w.plan.pk, "fmt": "xlsx"}, None, [LOGIN, 200, 403, 403, 403, 403, 200]),
                             ("get", lambda w: {"pk": w.draft.pk, "fmt": "docx"}, None, [LOGIN, 404, 404, 404, 404, 404, 200])],
    "documents:unit_form": [("get", lambda w: {"pk": w.plan.pk, "unit_id": w.units["fgj"].pk, "form": 1, "fmt": "docx"},
                             None, [LOGIN, 403, 403, 200, 200, 403, 200])],
    "documents:public_settings": [("get", lambda w: {"pk": w.plan.pk}, None, OFFICE)],
    "documents:yoy": [("get", lambda w: {"pk": w.plan.pk}, None, ALL),
                      ("post", lambda w: {"pk": w.plan.pk}, lambda w: {"previous": w.draft.pk},
                       [LOGIN, 403, 403, 403, 403, 403, 302])],
    "documents:assessment": [("get", lambda w: {"pk": w.plan.pk}, None, OFFICE)],
    "documents:ledger": [("get", lambda w: {"pk": _round(w).pk}, None, OFFICE)],
    "documents:round_forms": [("get", lambda w: {"pk": _round(w).pk}, None, OFFICE)],
    "documents:unit_forms": [("get", lambda w: {"unit_id": w.units["fgj"].pk}, None, [LOGIN, 403, 403, 200, 200, 403, 200])],
    "documents:return_upload": [("get", lambda w: {"pk": _round(w).pk}, None, [LOGIN, 403, 200, 200, 200, 403, 403])],
    "documents:bulletin_create": [("post", lambda w: {"pk": _round(w).pk}, None, [LOGIN, 403, 403, 403, 403, 403, 302])],
    "documents:return_confirm": [("get", lambda w: {"pk": _upload(w).pk}, None, [LOGIN, 404, 404, 200, 200, 404, 200])],
    "documents:bulletin_edit": [("get", lambda w: {"pk": _bulletin(w, False).pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200]),
                                ("get", lambda w: {"pk": _bulletin(w, True).pk}, None, ALL)],
    "documents:bulletin_file": [("get", lambda w: {"pk": _bulletin(w, True).pk, "fmt": "pdf"}, None, ALL)],
    "documents:task_reports": [("get", lambda w: {"pk": w.task_a.pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200])],
    "api:documents_round_figures": [("get", lambda w: {"round_id": _round(w).pk}, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:documents_bulletin_file": [("get", lambda w: {"bulletin_id": _bulletin(w, True).pk, "fmt": "pdf"}, None,
                                     [401, 200, 200, 200, 200, 200, 200])],
    "api:documents_assessment": [("get", lambda w: {"plan_id": w.plan.pk}, None, [401, 403, 403, 403, 403, 403, 200])],
    "public:index": [("get", lambda w: {}, None, [200] * 7)],
    "public:plan": [("get", _public, None, [200] * 7),
                    ("get", lambda w: {"pk": w.draft.pk}, None, [404] * 7)],
}
