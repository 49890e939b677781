"""Documents over the API: a round's figures (what the dashboard and the 通报 show), issued
bulletins, and the assessment. Read-only; the same `restrict()` as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router

from duban.web.common.permissions import CHANGE, VIEW, get_for
from duban.web.cycle.models import Round
from duban.web.documents import collect, services
from duban.web.documents.models import Bulletin
from duban.web.documents.views import CONTENT_TYPES, _narrow
from duban.web.plans.models import Plan

router = Router(tags=["文档与看板"])


def _caller(request: HttpRequest) -> Any:
    """The user django-ninja's authentication put on the request (session or token)."""
    return request.auth  # type: ignore[attr-defined]


@router.get("/rounds/{round_id}/figures", response=dict[str, Any], url_name="documents_round_figures")
def round_figures(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Counts by status and light, reports due/on time/late/missing, and each visible task's line."""
    rnd = get_for(_caller(request), Round, VIEW, pk=round_id)
    fig = _narrow(collect.cached_round_figures(rnd), _caller(request))
    return {
        "round": rnd.title, "as_of": fig.as_of.isoformat(), "tasks": len(fig.tasks),
        "by_status": fig.by_status(), "by_light": fig.by_light(),
        "reports": {"expected": fig.reports_expected, "on_time": fig.reports_on_time, "late": fig.reports_late,
                    "missing": fig.reports_missing},
        "lines": [{"task_id": t.task_id, "number": t.number, "status": t.status, "light": t.light,
                   "reasons": t.reasons} for t in fig.tasks],
    }


@router.get("/bulletins/{bulletin_id}/file.{fmt}", response={200: None}, url_name="documents_bulletin_file")
def bulletin_file(request: HttpRequest, bulletin_id: int, fmt: str) -> HttpResponse:
    """An issued bulletin exactly as issued (drafts only for the office, rebuilt as a preview)."""
    b = get_for(_caller(request), Bulletin, VIEW, pk=bulletin_id)
    if fmt not in ("docx", "pdf"):
        raise PermissionDenied("只提供 docx 或 pdf")
    return HttpResponse(services.render_bulletin(b, fmt), content_type=CONTENT_TYPES[fmt])


@router.get("/plans/{plan_id}/assessment", response=list[dict[str, Any]], url_name="documents_assessment")
def assessment(request: HttpRequest, plan_id: int, round_id: int | None = None) -> list[dict[str, Any]]:
    """Each unit's score with its calculation, for one round or the year (office only)."""
    plan = get_for(_caller(request), Plan, CHANGE, pk=plan_id)
    rnd = get_for(_caller(request), Round, VIEW, pk=round_id, plan=plan) if round_id else None
    return [{"rank": s.rank, "unit": s.unit, "total": s.total, "lines": [line.text for line in s.lines]}
            for s in services.assessment(plan, rnd)]
