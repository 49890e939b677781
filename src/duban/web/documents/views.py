"""Pages of the documents area. Thin: permissions by `restrict()`, writes by services, files
built by the builders. The public page (政务公开) needs no login and shows no personal data."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.common.params import id_param
from duban.web.common.permissions import CHANGE, VIEW, get_for, is_office
from duban.web.common.services import ConflictError, ServiceError
from duban.web.cycle.models import Report, Round
from duban.web.cycle.permissions import may_file_for
from duban.web.directory.models import Unit
from duban.web.documents import collect, services
from duban.web.documents import yoy as yoy_rule
from duban.web.documents.figures import LIGHT_ORDER, STATUS_ORDER, RoundFigures
from duban.web.documents.models import (
    DEFAULT_RULES,
    RULE_LABELS,
    Bulletin,
    Carry,
    PlanLink,
    PublicPlan,
    PublicProgress,
    ReturnUpload,
    TaskMatch,
)
from duban.web.plans.models import Plan, PlanStatus, Task

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _file(data: bytes, name: str, fmt: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(name + '.' + fmt)}"
    return resp


def _fmt(fmt: str, allowed: tuple[str, ...] = ("xlsx", "docx")) -> str:
    if fmt not in allowed:
        raise Http404("不支持的格式")
    return fmt


def _office_round(request: HttpRequest, pk: int) -> Round:
    return get_for(request.user, Round, CHANGE, pk=pk)


# --- the hub ---------------------------------------------------------------------------------------

@login_required
def index(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.restrict(request.user, VIEW).filter(status=PlanStatus.PUBLISHED).select_related("government")
    rounds = Round.objects.restrict(request.user, VIEW).filter(plan__in=plans).order_by("plan", "period_end")
    bulletins = Bulletin.objects.restrict(request.user, VIEW).select_related("round")[:50]
    user = request.user
    unit = getattr(user, "unit", None) if getattr(user, "role", "") in UNIT_ROLES else None
    return render(request, "documents/index.html", {
        "plans": plans, "rounds": rounds, "bulletins": bulletins, "is_office": is_office(request.user), "unit": unit,
    })


# --- exports ---------------------------------------------------------------------------------------

@login_required
def plan_table(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_for(request.user, Plan, VIEW, pk=pk)
    live = plan.tasks.filter(removed=False)
    if Task.objects.restrict(request.user, VIEW).filter(pk__in=live.values("pk")).count() != live.count():
        raise PermissionDenied("完整的分解表仅供督查室和可查看全部任务的用户导出")
    try:
        data = services.plan_table(plan, _fmt(fmt))
    except ServiceError as exc:
        return render(request, "error.html", {"title": "无法导出", "message": exc.message}, status=400)
    return _file(data, str(plan), fmt)


def _unit_for(request: HttpRequest, unit_id: int) -> Unit:
    """A unit's own users, or the office, may have its forms."""
    unit = get_for(request.user, Unit, VIEW, pk=unit_id)
    if may_file_for(request.user, unit):
        return unit
    raise PermissionDenied("只能下载本单位的附表")


@login_required
def unit_form(request: HttpRequest, pk: int, unit_id: int, form: int, fmt: str) -> HttpResponse:
    plan = get_for(request.user, Plan, VIEW, pk=pk)
    unit = _unit_for(request, unit_id)
    if form not in (1, 2, 3):
        raise Http404("没有这个附表")
    rnd = None
    round_id = id_param(request, "round", label="报送轮次")
    if round_id is not None:
        rnd = get_for(request.user, Round, VIEW, pk=round_id, plan=plan)
    try:
        data = services.unit_form(plan, unit, form, _fmt(fmt), rnd=rnd)
    except ServiceError as exc:
        return render(request, "error.html", {"title": "无法生成附表", "message": exc.message}, status=400)
    return _file(data, services.form_file_name(unit, form, rnd), fmt)


@login_required
def round_forms(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The office's page of every unit's 附表1/2/3 for a round, and the lot as one .zip."""
    rnd = _office_round(request, pk)
    units = services.plan_units(rnd.plan)
    if request.GET.get("format") == "zip":
        try:
            chunks = services.forms_zip(rnd, units)
        except ServiceError as exc:
            return render(request, "error.html", {"title": "无法打包附表", "message": exc.message}, status=400)
        resp = StreamingHttpResponse(chunks, content_type="application/zip")
        name = f"{rnd.plan}{rnd.title}各单位附表.zip"
        resp["Content-Disposition"] = f"attachment; filename=\"forms.zip\"; filename*=UTF-8''{quote(name)}"
        return resp
    return render(request, "documents/round_forms.html", {"round": rnd, "plan": rnd.plan, "units": units})


@login_required
def unit_forms(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's 附表 for every published plan it has tasks in: 附表1 and 2 once, 附表3 a round."""
    from duban.web.plans.models import TaskUnit

    unit = _unit_for(request, unit_id)
    plan_ids = TaskUnit.objects.filter(unit=unit, task__removed=False).values("task__plan_id")
    plans = Plan.objects.restrict(request.user, VIEW).filter(pk__in=plan_ids, status=PlanStatus.PUBLISHED)
    rows = [(plan, Round.objects.restrict(request.user, VIEW).filter(plan=plan).exclude(state="draft")
             .order_by("period_end")) for plan in plans.order_by("-year", "pk")]
    return render(request, "documents/unit_forms.html", {"unit": unit, "rows": rows,
                                                         "is_office": is_office(request.user)})


@login_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _office_round(request, pk)
    try:
        data = services.ledger_file(rnd)
    except ServiceError as exc:
        return render(request, "error.html", {"title": "无法生成台账", "message": exc.message}, status=400)
    return _file(data, f"{rnd.plan}{rnd.title}台账", "xlsx")


# --- returns by spreadsheet --------------------------------------------------------------------------

@login_required
def return_upload(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_for(request.user, Round, VIEW, pk=pk)
    user: Any = request.user
    if user.role not in UNIT_ROLES:
        raise PermissionDenied("只有单位用户可以回传附表3")
    error = None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            error = "请选择要上传的附表3(.xlsx)"
        else:
            try:
                up = services.upload_return(actor=user, rnd=rnd, unit=user.unit, data=f.read(), name=f.name or "")
            except ServiceError as exc:
                error = exc.message
            else:
                return redirect("documents:return_confirm", pk=up.pk)
    uploads = ReturnUpload.objects.restrict(user, VIEW).filter(round=rnd)[:20]
    return render(request, "documents/return_upload.html", {"round": rnd, "error": error, "uploads": uploads},
                  status=400 if error else 200)


@login_required
def return_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit reads what its 附表3 says, then saves (or submits) it; refused with 409, showing
    what the system's reports say now, when one of them was changed after the upload."""
    up = get_for(request.user, ReturnUpload, CHANGE, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "discard":
                services.discard_return(actor=request.user, upload=up)
                messages.success(request, "已放弃,没有保存任何内容")
            else:
                submit = request.POST.get("action") == "submit"
                done = services.confirm_return(actor=request.user, upload=up, submit=submit)
                if submit:
                    messages.success(request, f"已报送 {done.submitted} 项任务的完成情况")
                else:
                    messages.success(request, f"已保存 {done.saved} 项任务的完成情况(草稿),请在报送页面核对后报送")
                if done.skipped:
                    messages.info(request, f"序号 {'、'.join(done.skipped)} 本轮已报送,未作修改")
                for why in done.refused:
                    messages.error(request, f"未能报送,已存为草稿:{why}")
                return redirect("cycle:round_mine", pk=up.round_id)
        except services.ReturnConflict as exc:
            return render(request, "documents/return_confirm.html", {"up": up, "conflict": exc}, status=409)
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("documents:return_upload", pk=up.round_id)
    return render(request, "documents/return_confirm.html", {"up": up})


# --- bulletins ------------------------------------------------------------------------------------

@login_required
@require_POST
def bulletin_create(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _office_round(request, pk)
    try:
        b = services.create_bulletin(actor=request.user, rnd=rnd)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("documents:index")
    return redirect("documents:bulletin_edit", pk=b.pk)


@login_required
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_for(request.user, Bulletin, VIEW, pk=pk)
    can_change = Bulletin.objects.restrict(request.user, CHANGE).filter(pk=pk).exists() and not b.is_issued
    error, status = None, 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("通报已印发或您无权修改")
        changes = {k: request.POST.get(k, "").strip() for k in services.BULLETIN_FIELDS}
        version = request.POST.get("version", "")
        try:
            b = services.update_bulletin(actor=request.user, bulletin=b, changes=changes,
                                         expected_version=int(version) if version.isdigit() else -1)
            if request.POST.get("action") == "issue":
                b = services.issue_bulletin(actor=request.user, bulletin=b, expected_version=b.version)
                messages.success(request, "通报已印发,文件已按印发时的样子保存")
            else:
                messages.success(request, "已保存")
            return redirect("documents:bulletin_edit", pk=b.pk)
        except ConflictError as exc:
            error, status = exc.message, 409
        except ServiceError as exc:
            error, status = exc.message, 400
    unsettled = ""
    if can_change:  # what issuing now fixes: the lights of tasks still waiting for a review or a filing
        from duban.web.cycle import services as cycle
        from duban.web.cycle.models import FilingState, Report

        waiting = Report.objects.filter(round=b.round, state=FilingState.SUBMITTED, role="lead").count()
        owed = cycle.owed(b.round).values()  # the lead units' reports, as the 通报 counts 未报
        unfiled, back = sum(len(o.unfiled) for o in owed), sum(len(o.returned) for o in owed)
        parts = [f"{waiting} 份完成情况待审核" if waiting else "", f"{unfiled} 份未报送" if unfiled else "",
                 f"{back} 份退回待重报" if back else ""]
        if any(parts):
            unsettled = ("本轮还有" + "、".join(p for p in parts if p)
                         + ":印发后,这些任务的灯色即按通报所写确定,此后的报送和审核不再改变本轮结果。")
    return render(request, "documents/bulletin.html", {"b": b, "can_change": can_change, "error": error,
                                                       "unsettled": unsettled}, status=status)


@login_required
def bulletin_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    b = get_for(request.user, Bulletin, VIEW, pk=pk)
    try:
        data = services.render_bulletin(b, _fmt(fmt, ("docx", "pdf")))
    except ServiceError as exc:
        return render(request, "error.html", {"title": "无法生成通报", "message": exc.message}, status=400)
    return _file(data, b.title + ("" if b.is_issued else "(草稿预览)"), fmt)


# --- dashboards ------------------------------------------------------------------------------------

def _narrow(fig: RoundFigures, user: Any) -> RoundFigures:
    """A leader (or a unit) sees their own area: the tasks they may read and their units.
    Returns a new object: the figures may be the cached ones, shared between requests."""
    if user.role in (Role.OFFICE, Role.VIEWER):
        return fig
    ids = set(Task.objects.restrict(user, VIEW).filter(pk__in=[t.task_id for t in fig.tasks])
              .values_list("pk", flat=True))
    tasks = [t for t in fig.tasks if t.task_id in ids]
    names = {u for t in tasks for u in t.lead_units}
    return replace(fig, tasks=tasks, units=[u for u in fig.units if u.name in names],
                   leader_areas={k: [i for i in v if i in ids] for k, v in fig.leader_areas.items()})


def _area(fig: RoundFigures, leader: str) -> RoundFigures:
    """The office looking at one leader's area (责任领导): their tasks and those tasks' units."""
    if not leader or leader not in fig.leader_areas:
        return fig
    ids = set(fig.leader_areas[leader])
    tasks = [t for t in fig.tasks if t.task_id in ids]
    names = {u for t in tasks for u in t.lead_units}
    return replace(fig, tasks=tasks, units=[u for u in fig.units if u.name in names],
                   leader_areas={leader: list(ids)})


def _chart_data(fig: RoundFigures) -> dict[str, Any]:
    def grouped(groups: list[tuple[str, dict[str, int], dict[str, int]]]) -> dict[str, Any]:
        return {"labels": [g[0] for g in groups], "series": {k: [g[2][k] for g in groups] for k in LIGHT_ORDER}}

    inds = [(t, i) for t in fig.tasks for i in t.indicators if i.target]
    return {
        "status": {"labels": list(STATUS_ORDER), "values": list(fig.by_status().values())},
        "light": {"labels": list(LIGHT_ORDER), "values": list(fig.by_light().values())},
        "section": grouped(fig.by_section()),
        "leader": grouped(fig.by_leader()),
        "unit": grouped(fig.by_unit()[:40]),
        "indicators": {
            "labels": [f"{t.number}.{i.name}"[:24] for t, i in inds[:40]],
            "actual": [round(100 * (i.actual or 0) / i.target, 1) if i.target else 0 for t, i in inds[:40]],
            "expected": [round(100 * (i.expected or 0) / i.target, 1) if i.target else 0 for t, i in inds[:40]],
        },
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    from duban.web.cycle import services as cycle_services
    from duban.web.documents.leader import is_reviewed

    plans = Plan.objects.restrict(user, VIEW).filter(status=PlanStatus.PUBLISHED)
    plan = plans.filter(pk=request.GET["plan"]).first() if request.GET.get("plan", "").isdigit() else None
    if plan is None:  # the latest plan with a round under way, not a plan just published with nothing in it
        started = Round.objects.restrict(user, VIEW).filter(plan__in=plans).exclude(state="draft")
        plan = plans.filter(pk__in=started.values("plan_id")).first() or plans.first()
    if plan is None:
        return render(request, "documents/dashboard.html", {"plan": None, "plans": plans})
    today = cycle_services.today()
    rounds = list(Round.objects.restrict(user, VIEW).filter(plan=plan).order_by("period_end"))
    rnd = next((r for r in rounds if str(r.pk) == request.GET.get("round")), None) or \
        next((r for r in reversed(rounds) if is_reviewed(r, today)), None) or \
        next((r for r in reversed(rounds) if r.state != "draft"), rounds[-1] if rounds else None)
    area = request.GET.get("area", "").strip()
    mine = _narrow(collect.cached_round_figures(rnd), user) if rnd is not None else None
    fig = _area(mine, area) if mine is not None else None
    areas = sorted(mine.leader_areas) if mine is not None else []
    trend: dict[str, Any] = {"labels": [], "on_time": [], "green": [], "done": []}
    for r in rounds:  # reviewed rounds only: one opened today, with nothing in yet, is no trend
        if not is_reviewed(r, today):
            continue
        f = fig if rnd is not None and r.pk == rnd.pk and fig is not None else \
            _area(_narrow(collect.cached_round_figures(r), user), area)
        n = len(f.tasks) or 1
        trend["labels"].append(r.title)
        trend["on_time"].append(round(100 * f.reports_on_time / (f.reports_expected or 1), 1))
        trend["green"].append(round(100 * f.by_light()["绿灯"] / n, 1))
        trend["done"].append(round(100 * f.by_status()["已完成"] / n, 1))
    q = request.GET.get("q", "").strip()
    light = request.GET.get("light", "")
    rows = [t for t in (fig.tasks if fig else []) if (not q or q in t.text or q in "".join(t.lead_units))
            and (not light or t.light == light)]
    return render(request, "documents/dashboard.html", {
        "plan": plan, "plans": plans, "rounds": rounds, "round": rnd, "fig": fig, "rows": rows[:300],
        "more": max(0, len(rows) - 300), "q": q, "light": light, "lights": LIGHT_ORDER,
        "charts": _chart_data(fig) if fig else None, "trend": trend,
        "is_office": user.role == Role.OFFICE, "areas": areas, "area": area,
    })


@login_required
def leader(request: HttpRequest) -> HttpResponse:
    """A leader's areas at a glance: the latest reviewed round's lights per task and per unit,
    lagging first, for the year chosen, and how the reviewed rounds went. The office and viewers
    may look at any leader's page of their government."""
    from duban.web.cycle import services as cycle_services
    from duban.web.cycle.models import Instruction, InstructionState
    from duban.web.directory.models import Leader
    from duban.web.documents import leader as rule
    from duban.web.plans.models import UnitRole

    user: Any = request.user
    if user.role == Role.LEADER:
        who = user.leader
    elif user.role in (Role.OFFICE, Role.VIEWER):
        leaders = Leader.objects.restrict(user, VIEW).filter(active=True)
        who = leaders.filter(pk=id_param(request, "leader", label="领导") or 0).first() or leaders.first()
    else:
        raise PermissionDenied("领导页面供领导和督查室查看")
    if who is None:
        return render(request, "documents/leader.html", {"who": None})
    today = cycle_services.today()
    plans = Plan.objects.restrict(user, VIEW).filter(status=PlanStatus.PUBLISHED, government=who.government_id)
    years = sorted({p.year for p in plans}, reverse=True)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    if year not in years:  # the latest year with a round under way, else the latest year
        started = {r.plan.year for r in Round.objects.restrict(user, VIEW).filter(plan__in=plans).exclude(
            state="draft").select_related("plan")}
        year = max(started) if started else (years[0] if years else None)
    plan = plans.filter(year=year).order_by("-published_at", "-pk").first() if year else None
    ctx: dict[str, Any] = {"who": who, "years": years, "year": year, "plan": plan, "today": today,
                           "leaders": Leader.objects.restrict(user, VIEW).filter(active=True)
                           if user.role != Role.LEADER else []}
    if plan is None:
        return render(request, "documents/leader.html", ctx)
    mine = Task.objects.restrict(user, VIEW).filter(plan=plan).filter(
        Q(leaders=who) | Q(task_units__role=UnitRole.LEAD, task_units__unit__leaders=who)).values_list("pk", flat=True)
    task_ids = set(mine)
    own_units = list(who.units.order_by("kind", "name").values_list("name", flat=True))
    rounds = list(Round.objects.restrict(user, VIEW).filter(plan=plan).exclude(state="draft").order_by("period_end"))
    reviewed = [r for r in rounds if rule.is_reviewed(r, today)]
    rnd = reviewed[-1] if reviewed else (rounds[-1] if rounds else None)
    fig = rule.area(collect.cached_round_figures(rnd), task_ids, own_units) if rnd is not None else None
    answers_for = set(Task.objects.restrict(user, VIEW).filter(plan=plan, removed=False, leaders=who).values_list("pk", flat=True))
    ordered = rule.lagging_first(fig.tasks) if fig else []
    ctx.update({
        "round": rnd, "reviewed": rnd is not None and rule.is_reviewed(rnd, today), "fig": fig,
        "tasks": ordered, "units": rule.unit_rows(fig, own_units) if fig else [],
        "attention": [t for t in ordered if t.light != "绿灯"],  # red, yellow, not judged yet: what to look at
        "steady": [t for t in ordered if t.light == "绿灯"],
        "lights": fig.by_light() if fig else {},
        # 未报送: the reports not in on the tasks whose 责任领导 this leader is, from the 通报's one count;
        # said so on the page when those are not all the tasks it lists (an overseen unit's other tasks)
        "missing": rule.reports_missing(cycle_services.owed(rnd), answers_for) if rnd is not None else 0,
        "answers_for": len(answers_for), "missing_qualified": answers_for != task_ids,
        "trend": rule.trend([rule.area(collect.cached_round_figures(r), task_ids, own_units) for r in reviewed]),
        "later": [r for r in rounds if r not in reviewed],
        "instructions": Instruction.objects.restrict(user, VIEW).filter(
            Q(leader=who) | Q(author__leader=who), task__plan=plan).exclude(state=InstructionState.CLOSED)
        .select_related("task", "unit")[:50],
    })
    return render(request, "documents/leader.html", ctx)


@login_required
def task_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Drill-down: one task, its lights and reports round by round."""
    task = get_for(request.user, Task, VIEW, pk=pk)
    reports = Report.objects.restrict(request.user, VIEW).filter(task=task).select_related("round", "unit") \
        .order_by("round__period_end", "role", "unit__name")
    return render(request, "documents/task_reports.html", {"task": task, "reports": reports})


# --- the public page ------------------------------------------------------------------------------

@cache_control(public=True, max_age=300)
def public_index(request: HttpRequest) -> HttpResponse:
    pubs = PublicPlan.objects.filter(published=True, plan__status=PlanStatus.PUBLISHED).select_related(
        "plan", "plan__government")
    return render(request, "documents/public_index.html", {"pubs": pubs})


@gzip_page  # 2,000 tasks are ~650 KB of HTML, ~60 KB gzipped; the page holds no secret to leak
@cache_control(public=True, max_age=300)
def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    pub = PublicPlan.objects.filter(plan_id=pk, published=True, plan__status=PlanStatus.PUBLISHED).select_related(
        "plan", "plan__government").first()
    if pub is None:
        raise Http404("该方案未公开")
    key = _public_key(pub)
    html = cache.get(key)
    if html is None:
        html = _public_html(request, pub)
        cache.set(key, html, 3600)
    return HttpResponse(html)


def _public_key(pub: PublicPlan) -> str:
    """Changes whenever anything the public page shows changes (tasks, published progress, the
    year-over-year link, the settings): the page is then rendered once, served many times."""
    from django.db.models import Count, Max

    t = Task.objects.filter(plan_id=pub.plan_id).aggregate(m=Max("updated_at"), n=Count("id"))
    p = PublicProgress.objects.filter(task__plan_id=pub.plan_id).aggregate(m=Max("id"), n=Count("id"))
    m = TaskMatch.objects.filter(link__plan_id=pub.plan_id).aggregate(m=Max("id"), n=Count("id"))
    parts = (pub.pk, pub.updated_at, pub.plan.updated_at, t["m"], t["n"], p["m"], p["n"], m["m"], m["n"])
    return "public:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _public_html(request: HttpRequest, pub: PublicPlan) -> str:
    plan = pub.plan
    secs = collect.section_names(plan)
    latest: dict[int, PublicProgress] = {}
    if pub.show_progress:
        for p in PublicProgress.objects.filter(task__plan=plan).order_by("created_at", "id"):
            p.summary = services.scrub(p.summary)  # again as shown: what was published before the
            latest[p.task_id] = p                   # scrubber knew a format is hidden too
    carry: dict[int, TaskMatch] = {}
    link = PlanLink.objects.filter(plan=plan).first()
    if link is not None:
        carry = {m.task_id: m for m in TaskMatch.objects.filter(link=link, task__isnull=False)}
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for t in Task.objects.filter(plan=plan, removed=False).order_by("position", "id").only(
            "pk", "number", "text", "starred", "lead_names", "coop_names", "deadline", "section_id"):
        name = secs.get(t.section_id or 0, "")
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        m = carry.get(t.pk)
        groups[-1][1].append({"task": t, "progress": latest.get(t.pk),
                              "carried": m is not None and m.verdict == Carry.CARRIED})
    dropped = TaskMatch.objects.filter(link=link, task__isnull=True).select_related("previous") if link else []
    return render_to_string("documents/public_plan.html", {"pub": pub, "plan": plan, "groups": groups,
                                                           "link": link, "dropped": dropped}, request=request)


@login_required
def public_settings(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    pub = PublicPlan.objects.filter(plan=plan).first()
    rounds = Round.objects.restrict(request.user, CHANGE).filter(plan=plan).exclude(state="draft")
    rnd = rounds.filter(pk=id_param(request, "round", label="报送轮次") or 0).first()
    fig = collect.round_figures(rnd) if rnd is not None else None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "progress" and fig is not None:
                chosen = {int(x) for x in request.POST.getlist("task") if x.isdigit()}
                if request.POST.get("all"):  # every task the round has a report for, not ticked one by one
                    chosen = {t.task_id for t in fig.tasks if t.status != "未报送"}
                summaries = {t.task_id: request.POST.get(f"summary_{t.task_id}", "") for t in fig.tasks
                             if t.task_id in chosen}
                statuses = {t.task_id: t.status for t in fig.tasks if t.task_id in chosen}
                n = services.publish_progress(actor=request.user, rnd=rnd, summaries=summaries, statuses=statuses)
                messages.success(request, f"已公开 {n} 项任务的进展")
            else:
                services.set_public(actor=request.user, plan=plan, published=bool(request.POST.get("published")),
                                    show_progress=bool(request.POST.get("show_progress")),
                                    note=request.POST.get("note", "").strip())
                messages.success(request, "已保存公开设置")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?round={rnd.pk}" if rnd else request.path)
    rows = [(t, services.scrub(t.done)) for t in fig.tasks if t.status != "未报送"] if fig else []
    return render(request, "documents/public_settings.html",
                  {"plan": plan, "pub": pub, "rounds": rounds, "round": rnd, "rows": rows})


# --- year over year ----------------------------------------------------------------------------------

@login_required
def yoy(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, VIEW, pk=pk)
    can_change = Plan.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("只有督查室可以衔接方案")
        prev = Plan.objects.restrict(request.user, CHANGE).filter(pk=id_param(request, "previous", label="上年方案") or 0).first()
        if prev is None:
            messages.error(request, "请选择上年方案")
        else:
            try:
                services.link_plans(actor=request.user, plan=plan, previous=prev)
                messages.success(request, "已衔接并比对任务")
            except ServiceError as exc:
                messages.error(request, exc.message)
        return redirect("documents:yoy", pk=pk)
    link = PlanLink.objects.restrict(request.user, VIEW).filter(plan=plan).first()
    matches = list(TaskMatch.objects.filter(link=link).select_related("task", "previous")) if link else []
    for m in matches:  # how a carried promise's figures moved: 12个 → 15个
        m.change = yoy_rule.figure_change(m.task.text, m.previous.text) if m.task and m.previous else ""
    counts = {label: sum(1 for m in matches if m.verdict == v) for v, label in Carry.choices}
    candidates = Plan.objects.restrict(request.user, CHANGE).filter(government=plan.government,
                                                                  year__lt=plan.year) if can_change else []
    return render(request, "documents/yoy.html", {"plan": plan, "link": link, "matches": matches, "counts": counts,
                                                  "candidates": candidates, "can_change": can_change})


# --- assessment ------------------------------------------------------------------------------------

@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    if request.method == "POST":
        weights = {}
        try:
            for k in DEFAULT_RULES:
                raw = request.POST.get(k, "").strip()
                if raw:
                    weights[k] = float(raw)
            services.set_rules(actor=request.user, plan=plan, weights=weights)
            messages.success(request, "考核规则已保存")
        except ValueError:
            messages.error(request, "分值必须是数字")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("documents:assessment", pk=pk)
    rounds = Round.objects.restrict(request.user, CHANGE).filter(plan=plan).exclude(state="draft").order_by("period_end")
    rnd = rounds.filter(pk=id_param(request, "round", label="报送轮次") or 0).first()
    ranked = services.assessment(plan, rnd)
    if request.GET.get("format") == "xlsx":
        from duban.web.documents.assess import scores_xlsx

        title = f"{plan}{rnd.title if rnd else '全年'}考核得分"
        return _file(scores_xlsx(title, ranked), title, "xlsx")
    rules = services.rules_for(plan)
    return render(request, "documents/assessment.html", {
        "plan": plan, "rounds": rounds, "round": rnd, "ranked": ranked,
        "rules": [(k, RULE_LABELS[k], rules[k]) for k in DEFAULT_RULES],
    })


