"""The cycle's pages. Thin: each finds its object through `restrict()` (get_for), calls a
service, and turns a ServiceError into a message on the same form with what the user typed kept."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.core.progress import LIGHT_LABELS, LIGHT_MEANINGS, RULES, Light
from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.accounts.permissions import is_unit_member
from duban.web.common.htmx import is_htmx
from duban.web.common.params import id_param
from duban.web.common.permissions import CHANGE, VIEW, get_for, is_office, require
from duban.web.common.services import ConflictError, ServiceError
from duban.web.cycle import evidence, services
from duban.web.cycle.forms import (
    ROSTER_SLOTS,
    AnswerForm,
    CalendarForm,
    ChangeForm,
    DecideForm,
    ExtendForm,
    FindingsForm,
    ImplPlanForm,
    InspectionForm,
    InstructionForm,
    ReportForm,
    ReviewForm,
    RosterForm,
    RoundForm,
)
from duban.web.cycle.models import (
    Attachment,
    ChangeRequest,
    ChangeState,
    FilingState,
    ImplementationPlan,
    Inspection,
    Instruction,
    InstructionState,
    Notification,
    Reminder,
    Report,
    RosterEntry,
    Round,
    RoundExtension,
    RoundState,
    WorkItem,
)
from duban.web.cycle.permissions import (
    may_close_instruction,
    may_instruct,
    may_review,
    may_run_cycle,
    may_set_channels,
)
from duban.web.directory.models import Unit
from duban.web.plans.models import Plan, Task


def _unit_id(request: HttpRequest) -> int | None:
    u = request.user
    return u.unit_id if getattr(u, "role", "") in UNIT_ROLES else None  # type: ignore[union-attr]


def _err(form: Any, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- overview and rounds --------------------------------------------------------------------


@login_required
def index(request: HttpRequest, refused: RoundForm | None = None, refused_plan: int | None = None) -> HttpResponse:
    """督办 home: rounds by plan; for the office also what waits for it; for a unit what it owes.
    `refused`: a round form the office sent that was refused, shown again on its plan's form."""
    plans = Plan.objects.restrict(request.user, VIEW).filter(status="published")
    rounds = Round.objects.restrict(request.user, VIEW).select_related("plan")
    ctx: dict[str, Any] = {"plans": plans, "rounds": rounds, "is_office": is_office(request.user), "calendars": {}}
    # one form per plan, each with ids of its own (a label must reach its own plan's field)
    ctx["round_forms"] = [(p, refused if refused is not None and p.pk == refused_plan
                           else RoundForm(auto_id=f"id_r{p.pk}_%s")) for p in plans]
    if is_office(request.user):
        from duban.web.cycle.models import PlanCalendar

        for cal in PlanCalendar.objects.filter(plan__in=plans):
            ctx["calendars"][cal.plan_id] = cal
        ctx["plan_rows"] = [(p, ctx["calendars"].get(p.pk), CalendarForm(prefix=f"c{p.pk}", initial={
            "impl_plan_due": ctx["calendars"][p.pk].impl_plan_due if p.pk in ctx["calendars"] else None,
            "remind_days": "、".join(str(d) for d in services.remind_days(p))})) for p in plans]
    if is_office(request.user):
        ctx["pending_changes"] = ChangeRequest.objects.restrict(request.user, VIEW).filter(
            state=ChangeState.PENDING).select_related("task", "unit")[:50]
        ctx["pending_plans"] = ImplementationPlan.objects.restrict(request.user, VIEW).filter(
            state=FilingState.SUBMITTED, role="lead").select_related("task", "unit")[:50]
        ctx["roster_missing"] = [(p, services.roster_missing(p)) for p in plans[:3]]
    uid = _unit_id(request)
    if uid:
        ctx["my_plans"] = _my_impl_plans(request, uid)
        ctx["todo"] = unit_todo(request.user)
    ctx["open_instructions"] = Instruction.objects.restrict(request.user, VIEW).exclude(
        state=InstructionState.CLOSED).select_related("task", "unit")[:50]
    return render(request, "cycle/index.html", ctx, status=400 if refused is not None else 200)


def _my_impl_plans(request: HttpRequest, unit_id: int) -> list[tuple[Task, str, ImplementationPlan | None]]:
    tasks = Task.objects.restrict(request.user, VIEW).filter(task_units__unit_id=unit_id).distinct().order_by(
        "plan", "position")
    have = {ip.task_id: ip for ip in ImplementationPlan.objects.filter(unit_id=unit_id)}
    out = []
    for t in tasks[:300]:
        out.append((t, services.role_of(t, unit_id) or "", have.get(t.pk)))
    return out


@login_required
@require_POST
def round_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=plan_pk)
    form = RoundForm(request.POST, auto_id=f"id_r{plan.pk}_%s")
    if not form.is_valid():
        messages.error(request, "未安排:" + ";".join(f"{form.fields[k].label if k in form.fields else ''}{e}"
                                                     for k, errs in form.errors.items() for e in errs))
        return index(request, refused=form, refused_plan=plan.pk)
    d = form.cleaned_data
    try:
        if request.POST.get("calendar"):
            made = services.create_calendar(actor=request.user, plan=plan, kind=d["kind"])
            messages.success(request, f"已安排 {len(made)} 个报送轮次")
        else:
            r = services.create_round(actor=request.user, plan=plan, kind=d["kind"], number=d["number"] or 1,
                                      title=d["title"], period_start=d["period_start"], period_end=d["period_end"],
                                      due_date=d["due_date"])
            messages.success(request, f"已安排“{r}”,截止 {r.due_date:%Y-%m-%d}")
    except ServiceError as exc:  # shown with what was typed, on that plan's form
        messages.error(request, exc.message)
        return index(request, refused=form, refused_plan=plan.pk)
    return redirect("cycle:index")


@login_required
@require_POST
def plan_calendar(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The office sets when 办理方案 are due and when reminders go out."""
    plan = get_for(request.user, Plan, CHANGE, pk=plan_pk)
    form = CalendarForm(request.POST)
    if form.is_valid():
        services.set_calendar(actor=request.user, plan=plan, impl_plan_due=form.cleaned_data["impl_plan_due"],
                              remind_days_before=form.cleaned_data["remind_days"])
        messages.success(request, "督办日历已保存")
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("cycle:index")


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round task by task: light with its reasons, the lead units' reports, late units. The
    office reviews from here; a leader sees the tasks and units they oversee."""
    rnd = get_for(request.user, Round, VIEW, pk=pk)
    tasks = Task.objects.restrict(request.user, VIEW).filter(plan_id=rnd.plan_id)
    lights = services.round_lights(rnd, tasks)
    want = request.GET.get("light", "")
    counts = {lt: 0 for lt in Light}
    for tl in lights:
        counts[tl.light] += 1
    shown = [tl for tl in lights if not want or tl.light == want]
    unit_ids = None
    if getattr(request.user, "role", "") == Role.LEADER:
        unit_ids = list(Unit.objects.filter(leaders=request.user.leader_id).values_list("pk", flat=True))  # type: ignore[union-attr]
    elif _unit_id(request):
        unit_ids = [_unit_id(request)]
    overdue = services.overdue_units(rnd, unit_ids=unit_ids) if rnd.state != RoundState.DRAFT else []
    ctx = {
        "round": rnd, "lights": shown, "counts": [(lt, LIGHT_LABELS[lt], counts[lt]) for lt in Light],
        "want": want, "overdue": overdue, "is_office": is_office(request.user),
        "awaiting": Report.objects.filter(round=rnd, role="lead", state=FilingState.SUBMITTED).count(),
        "lagging": [tl for tl in lights if tl.light in (Light.RED, Light.YELLOW)],
        "extensions": RoundExtension.objects.restrict(request.user, VIEW).filter(round=rnd).select_related("unit"),
        "extend_form": ExtendForm(), "reminders": Reminder.objects.restrict(request.user, VIEW).filter(
            round=rnd).select_related("unit")[:30],
    }
    if is_htmx(request) and request.GET.get("partial") == "rows":
        return render(request, "cycle/_round_rows.html", ctx)
    return render(request, "cycle/round_detail.html", ctx)


@login_required
@require_POST
def round_state(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    rnd = get_for(request.user, Round, CHANGE, pk=pk)
    v = request.POST.get("version", "")
    try:
        if action == "open":
            services.open_round(actor=request.user, round=rnd, expected_version=int(v) if v.isdigit() else None)
            messages.success(request, f"“{rnd}”已开启报送")
        elif action == "close":
            services.close_round(actor=request.user, round=rnd, expected_version=int(v) if v.isdigit() else None)
            messages.success(request, f"“{rnd}”已截止")
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("cycle:round_detail", pk=pk)


@login_required
@require_POST
def round_extend(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_for(request.user, Round, CHANGE, pk=pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        unit = get_for(request.user, Unit, VIEW, pk=form.cleaned_data["unit"])
        try:
            services.extend_round(actor=request.user, round=rnd, unit=unit, due_date=form.cleaned_data["due_date"],
                                  reason=form.cleaned_data["reason"])
            messages.success(request, f"已同意{unit}延期至{form.cleaned_data['due_date']:%m月%d日}")
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "请填写延期日期和原因")
    return redirect("cycle:round_detail", pk=pk)


@login_required
def round_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """What my unit owes in this round: each task, my role, the report's state, and the due date."""
    rnd = get_for(request.user, Round, VIEW, pk=pk)
    uid = _unit_id(request)
    if uid is None:
        return redirect("cycle:round_detail", pk=pk)
    reports = {r.task_id: r for r in Report.objects.filter(round=rnd, unit_id=uid)}
    rows = [(t, role, reports.get(t.pk)) for t, role in services.obligations(rnd, uid)]
    return render(request, "cycle/round_mine.html", {
        "round": rnd, "rows": rows, "due": services.effective_due(rnd, uid),
        "pending": sum(1 for _t, _r, rep in rows if rep is None or rep.state in (FilingState.DRAFT, FilingState.RETURNED)),
        "ready": sum(1 for _t, _r, rep in rows if rep is not None and rep.state in (FilingState.DRAFT, FilingState.RETURNED)),
    })


@login_required
@require_POST
def round_submit_all(request: HttpRequest, pk: int) -> HttpResponse:
    """全部报送: every written report of my unit in the round, in one step."""
    rnd = get_for(request.user, Round, VIEW, pk=pk)
    uid = _unit_id(request)
    if uid is None:
        raise PermissionDenied("只有单位可以报送完成情况")
    try:
        done, refused = services.submit_all(actor=request.user, round=rnd, unit=Unit.objects.get(pk=uid))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("cycle:round_mine", pk=pk)
    if done:
        messages.success(request, f"已报送 {len(done)} 项(序号" + "、".join(r.task.number for r in done) + ")")
    for rep, why in refused:
        messages.error(request, f"序号{rep.task.number}未报送(仍为草稿):{why}")
    if not done and not refused:
        messages.info(request, "没有可报送的报告:请先填写")
    return redirect("cycle:round_mine", pk=pk)


# --- reports --------------------------------------------------------------------------------


@login_required
@require_POST
def report_start(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    rnd = get_for(request.user, Round, VIEW, pk=pk)
    task = get_for(request.user, Task, VIEW, pk=task_pk)
    uid = _unit_id(request)
    if uid is None:
        raise PermissionDenied("只有单位可以填报完成情况")
    try:
        rep = services.start_report(actor=request.user, round=rnd, task=task, unit=Unit.objects.get(pk=uid))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("cycle:round_mine", pk=pk)
    return redirect("cycle:report_detail", pk=rep.pk)


def _report_ctx(request: HttpRequest, rep: Report, form: ReportForm | None,
                review_form: ReviewForm | None = None) -> dict[str, Any]:
    can_edit = (not rep.is_locked and Report.objects.restrict(request.user, CHANGE).filter(pk=rep.pk).exists()
                and _unit_id(request) == rep.unit_id)
    can_review = rep.state == FilingState.SUBMITTED and may_review(request.user, rep)
    lights = {tl.task.pk: tl for tl in services.round_lights(rep.round, Task.objects.filter(pk=rep.task_id))}
    return {
        "report": rep, "form": form, "can_edit": can_edit, "can_review": can_review,
        # reviewing from the queue (a link's ?from=queue, or the form sent back after a refusal)
        "from_queue": request.GET.get("from") == "queue" or request.POST.get("next") == "queue",
        "queue_unit": request.GET.get("unit") or request.POST.get("unit", ""),
        "queue_section": request.GET.get("section") or request.POST.get("section", ""),
        "review_form": review_form or ReviewForm(), "inspection_form": InspectionForm(), "is_office": is_office(request.user),
        "parts": services.coop_parts(rep) if rep.role == "lead" else [],
        "attachments": rep.attachments.all(), "light": lights.get(rep.task_id),
        "inspections": Inspection.objects.restrict(request.user, VIEW).filter(report=rep),
        "history": _history(rep), "max_mb": _max_mb(),
        "instructions": Instruction.objects.restrict(request.user, VIEW).filter(task_id=rep.task_id, unit_id=rep.unit_id),
        "indicators": _indicator_rows(rep),
    }


def _max_mb() -> int:
    from django.conf import settings

    return int(settings.DUBAN_MAX_EVIDENCE_BYTES // (1024 * 1024))


def _indicator_rows(rep: Report) -> list[dict[str, Any]]:
    rows = []
    for i, ind in enumerate(rep.task.indicators or []):
        if isinstance(ind, dict) and "value" in ind:
            scale, unit = services.indicator_scale(ind)
            v = rep.indicator_values.get(str(i))
            rows.append({"name": ind.get("metric") or ind.get("text"), "target": ind.get("value_text") or ind.get("value"),
                         "actual": f"{v / scale:.10g}{unit}" if v is not None else "—"})
    return rows


ACTION_LABELS = {"create": "开始填写", "submit": "报送", "return": "退回", "accept": "通过", "consolidate": "汇总",
                 "attach": "上传材料", "detach": "删除材料", "appeal_upheld": "申诉成立"}


def _history(rep: Report) -> list[dict[str, Any]]:
    from duban.web.common.models import AuditLog

    logs = (AuditLog.objects.filter(object_type="cycle.report", object_id=str(rep.pk))
            .exclude(action="save_draft").order_by("created_at", "id")[:50])
    return [{"at": log.created_at, "who": log.actor_name, "what": ACTION_LABELS.get(log.action, log.action),
             "reason": log.reason} for log in logs]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a report; its unit edits it here (save, auto-save, submit, evidence, 汇总)."""
    rep = get_for(request.user, Report, VIEW, pk=pk)
    rep = Report.objects.select_related("round", "round__plan", "task", "unit").get(pk=rep.pk)
    items = list(WorkItem.objects.filter(impl_plan__task_id=rep.task_id, impl_plan__unit_id=rep.unit_id))
    if request.method != "POST":
        form = ReportForm(initial=ReportForm.initial_for(rep), report=rep, items=items)
        return render(request, "cycle/report_detail.html", _report_ctx(request, rep, form))
    get_for(request.user, Report, CHANGE, pk=pk)
    if _too_big(request):  # refused before Django reads the body
        messages.error(request, f"上传的内容过大,单个佐证材料上限为 {_max_mb()} MB,每次最多上传 {MAX_FILES_AT_ONCE} 个")
        return redirect("cycle:report_detail", pk=pk)
    action = request.POST.get("action", "save")
    if action == "upload":
        if "version" in request.POST:  # the upload button of the report's form: what was typed is saved first
            form = ReportForm(request.POST, report=rep, items=items)
            try:
                if not form.is_valid():
                    raise ServiceError("请先改正填写的内容,再上传材料")
                rep = services.save_report(actor=request.user, report=rep,
                                           expected_version=form.cleaned_data["version"], data=form.data_for_service())
            except ServiceError as exc:
                _err(form, exc)
                messages.error(request, "材料没有上传:" + exc.message)
                return render(request, "cycle/report_detail.html", _report_ctx(request, rep, form),
                              status=409 if isinstance(exc, ConflictError) else 400)
        return _upload(request, rep)
    if action == "consolidate":
        try:
            services.consolidate(actor=request.user, report=rep, expected_version=_int(request.POST.get("version")))
            messages.success(request, "已汇总配合单位的情况,请检查后报送")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("cycle:report_detail", pk=pk)
    form = ReportForm(request.POST, report=rep, items=items)
    status = 200
    if form.is_valid():
        data = form.data_for_service()
        try:
            if action == "submit":
                rep = services.submit_report(actor=request.user, report=rep,
                                             expected_version=form.cleaned_data["version"], data=data)
            else:
                rep = services.save_report(actor=request.user, report=rep,
                                           expected_version=form.cleaned_data["version"], data=data)
        except ConflictError as exc:
            _err(form, exc)
            status = 409
        except ServiceError as exc:
            _err(form, exc)
            status = 400
        else:
            if action == "autosave" and is_htmx(request):
                return render(request, "cycle/_autosave.html", {"report": rep, "ok": True})
            messages.success(request, "已报送,报告已锁定" if action == "submit" else "草稿已保存")
            return redirect("cycle:report_detail", pk=pk)
    else:
        status = 400
    if action == "autosave" and is_htmx(request):
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return render(request, "cycle/_autosave.html", {"report": rep, "ok": False, "error": errors}, status=200)
    return render(request, "cycle/report_detail.html", _report_ctx(request, rep, form), status=status)


MAX_FILES_AT_ONCE = 5


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > services_max() * MAX_FILES_AT_ONCE + 1024 * 1024


def _int(v: Any) -> int | None:
    return int(v) if v is not None and str(v).isdigit() else None


def _upload(request: HttpRequest, rep: Report) -> HttpResponse:
    files = request.FILES.getlist("file")[:MAX_FILES_AT_ONCE]
    if not files:
        messages.error(request, "请选择要上传的文件")
    for f in files:
        if f.size is not None and f.size > services_max():
            messages.error(request, f"文件“{f.name}”过大,单个佐证材料上限为 {_max_mb()} MB")
            continue
        try:
            services.add_attachment(actor=request.user, report=rep, name=f.name or "材料", data=f.read())
            messages.success(request, f"已上传“{f.name}”")
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("cycle:report_detail", pk=rep.pk)


def services_max() -> int:
    from django.conf import settings

    return int(settings.DUBAN_MAX_EVIDENCE_BYTES)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    rep = get_for(request.user, Report, VIEW, pk=pk)
    require(request.user, may_review, rep)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_report(actor=request.user, report=rep, accept=form.cleaned_data["decision"] == "accept",
                                   comment=form.cleaned_data["comment"], mark=form.cleaned_data["mark"])
            messages.success(request, "已通过" if form.cleaned_data["decision"] == "accept" else "已退回,单位将收到通知")
        except ServiceError as exc:  # shown with what the office typed and chose, still in the form
            messages.error(request, exc.message)
            rep = Report.objects.select_related("round", "round__plan", "task", "unit").get(pk=rep.pk)
            return render(request, "cycle/report_detail.html", _report_ctx(request, rep, None, form), status=400)
        else:
            if request.POST.get("next") == "queue":  # reviewing from the queue: on to the next one
                unit, section = request.POST.get("unit", ""), request.POST.get("section", "")
                nxt = services.queue_next(rep.round, unit=unit, section=section)
                query = urlencode({k: v for k, v in (("from", "queue"), ("unit", unit), ("section", section)) if v})
                if nxt is not None:
                    return redirect(f"{reverse('cycle:report_detail', args=[nxt.pk])}?{query}")
                messages.success(request, "待审的报告已全部审核")
                return redirect(f"{reverse('cycle:round_queue', args=[rep.round_id])}?{query.replace('from=queue', '')}")
    elif "mark" in form.errors:
        messages.error(request, "评定等次无效,请从优、良、中、差中选择")
        rep = Report.objects.select_related("round", "round__plan", "task", "unit").get(pk=rep.pk)
        return render(request, "cycle/report_detail.html", _report_ctx(request, rep, None, form), status=400)
    return redirect("cycle:report_detail", pk=pk)


@login_required
@require_POST
def report_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    rep = get_for(request.user, Report, CHANGE, pk=pk)
    require(request.user, may_run_cycle, rep.round.plan)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            insp = services.mark_inspection(actor=request.user, task=rep.task, report=rep, kind=form.cleaned_data["kind"],
                                            reason=form.cleaned_data["reason"])
            messages.success(request, f"已列入{insp.get_kind_display()}")
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("cycle:report_detail", pk=pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Serve an evidence file to whoever may see its report: as a download, never as a page."""
    att = get_for(request.user, Attachment, VIEW, pk=pk)
    try:
        path = evidence.locate(att.stored_name)
        fh = path.open("rb")
    except (ValueError, OSError) as exc:
        raise Http404("文件不存在") from exc
    inline = att.is_image or att.content_type == "application/pdf"
    resp = FileResponse(fh, content_type=att.content_type, as_attachment=not inline, filename=att.original_name)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return resp


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    att = get_for(request.user, Attachment, CHANGE, pk=pk)
    rid = att.report_id
    try:
        services.remove_attachment(actor=request.user, attachment=att)
        messages.success(request, "已删除")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("cycle:report_detail", pk=rid) if rid else redirect("cycle:index")


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    insp = get_for(request.user, Inspection, VIEW, pk=pk)
    form = FindingsForm(request.POST or None, initial={"findings": insp.findings, "checked_on": insp.checked_on})
    if request.method == "POST":
        require(request.user, may_run_cycle, insp.task.plan)
        if form.is_valid():
            try:
                services.record_findings(actor=request.user, inspection=insp, findings=form.cleaned_data["findings"],
                                         checked_on=form.cleaned_data["checked_on"])
                messages.success(request, "已记录核查结果")
                return redirect("cycle:inspection_detail", pk=pk)
            except ServiceError as exc:
                _err(form, exc)
    return render(request, "cycle/inspection_detail.html", {"inspection": insp, "form": form,
                                                            "is_office": is_office(request.user)})


# --- 办理方案 --------------------------------------------------------------------------------


@login_required
@require_POST
def impl_start(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_for(request.user, Task, VIEW, pk=task_pk)
    uid = _unit_id(request)
    if uid is None:
        raise PermissionDenied("只有单位可以填报办理方案")
    try:
        ip = services.start_impl_plan(actor=request.user, task=task, unit=Unit.objects.get(pk=uid))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("cycle:index")
    return redirect("cycle:impl_detail", pk=ip.pk)


def _items_from_post(request: HttpRequest) -> list[dict[str, str]]:
    keys = ("content", "month", "expected", "leader", "department")
    cols = {k: request.POST.getlist(f"item_{k}") for k in keys}
    n = max((len(v) for v in cols.values()), default=0)
    return [{k: (cols[k][i] if i < len(cols[k]) else "") for k in keys} for i in range(n)]


@login_required
def impl_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """附表1 for one task: the unit edits its work items (month by month) and submits; the office
    (or the lead unit for a cooperating part) accepts or returns."""
    ip = get_for(request.user, ImplementationPlan, VIEW, pk=pk)
    ip = ImplementationPlan.objects.select_related("task", "unit").get(pk=ip.pk)
    form = ImplPlanForm(request.POST or None, initial={"version": ip.version, "leader_in_charge": ip.leader_in_charge,
                                                       "department": ip.department, "measures": ip.measures})
    items: list[dict[str, Any]] = [
        {"content": w.content, "month": w.month, "expected": w.expected or "", "leader": w.leader,
         "department": w.department} for w in ip.items.all()]
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("accept", "return"):
                services.review_impl_plan(actor=request.user, impl_plan=ip, accept=action == "accept",
                                          comment=request.POST.get("comment", ""))
                messages.success(request, "已通过" if action == "accept" else "已退回")
                return redirect("cycle:impl_detail", pk=pk)
            get_for(request.user, ImplementationPlan, CHANGE, pk=pk)
            items = _items_from_post(request)
            if not form.is_valid():
                raise ServiceError("请检查填写的内容")
            d = form.cleaned_data
            ip = services.save_impl_plan(actor=request.user, impl_plan=ip, expected_version=d["version"],
                                         leader_in_charge=d["leader_in_charge"], department=d["department"],
                                         measures=d["measures"], items=items)
            if action == "submit":
                services.submit_impl_plan(actor=request.user, impl_plan=ip)
                messages.success(request, "办理方案已报送")
            else:
                messages.success(request, "已保存")
            return redirect("cycle:impl_detail", pk=pk)
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = 409 if isinstance(exc, ConflictError) else 400
    can_edit = is_unit_member(request.user, ip.unit_id) and ip.state in (FilingState.DRAFT, FilingState.RETURNED)
    can_review = ip.state == FilingState.SUBMITTED and may_review(request.user, ip)
    if can_edit:
        blank = {"content": "", "month": "", "expected": "", "leader": "", "department": ""}
        items = [it for it in items if str(it.get("content", "")).strip()]
        items += [dict(blank) for _ in range(max(4 - len(items), 1))]
    others = ImplementationPlan.objects.restrict(request.user, VIEW).filter(task_id=ip.task_id).exclude(pk=ip.pk)
    return render(request, "cycle/impl_detail.html", {
        "ip": ip, "form": form, "items": items, "can_edit": can_edit, "can_review": can_review, "others": others,
        "months": range(1, 13)}, status=status)


# --- roster ---------------------------------------------------------------------------------


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """附表2: a unit keeps its three contacts current; the office sees every unit and who is missing."""
    uid = _unit_id(request)
    if uid is None:
        entries = RosterEntry.objects.restrict(request.user, VIEW).select_related("unit")
        plans = Plan.objects.restrict(request.user, VIEW).filter(status="published")[:3]
        missing = [(p, services.roster_missing(p)) for p in plans] if is_office(request.user) else []
        return render(request, "cycle/roster_all.html", {"entries": entries, "missing": missing})
    unit = Unit.objects.get(pk=uid)
    have = {e.slot: e for e in RosterEntry.objects.filter(unit_id=uid)}
    forms_ = []
    errors = False
    for slot, label in ROSTER_SLOTS:
        e = have.get(slot)
        initial = {k: getattr(e, k) for k in ("name", "title", "office_phone", "mobile", "email")} if e else {}
        forms_.append((slot, label, RosterForm(request.POST or None, prefix=slot, initial=initial)))
    if request.method == "POST":
        with transaction.atomic():  # the three contacts are saved together, or none of them
            for slot, _label, f in forms_:
                if not f.is_valid():
                    errors = True
                    continue
                d = f.cleaned_data
                if not d["name"] and slot not in have:
                    continue
                try:
                    services.save_roster_entry(actor=request.user, unit=unit, slot=slot, **d)
                except ServiceError as exc:
                    _err(f, exc)
                    errors = True
            if errors:
                transaction.set_rollback(True)
        if not errors:
            messages.success(request, "督办工作人员名单已保存")
            return redirect("cycle:roster")
    return render(request, "cycle/roster.html", {"unit": unit, "forms": forms_}, status=400 if errors else 200)


# --- change requests and appeals ------------------------------------------------------------


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    items = ChangeRequest.objects.restrict(request.user, VIEW).select_related("task", "unit")[:200]
    return render(request, "cycle/change_list.html", {"items": items})


@login_required
def change_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_for(request.user, Task, VIEW, pk=task_pk)
    uid = _unit_id(request)
    if uid is None:
        raise PermissionDenied("只有承担任务的单位可以申请调整或申诉")
    form = ChangeForm(request.POST or None, request.FILES or None, initial={"report": request.GET.get("report")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        report = Report.objects.restrict(request.user, CHANGE).filter(pk=d["report"]).first() if d["report"] else None
        f = d.get("evidence")
        try:
            if f is not None:  # checked before anything is saved, so a bad file leaves no half request
                if f.size and f.size > services_max():
                    raise ServiceError(f"文件“{f.name}”过大,上限为 {_max_mb()} MB", field="evidence")
                data = f.read()
                evidence.check(data, f.name or "材料")
            with transaction.atomic():
                cr = services.request_change(actor=request.user, task=task, unit=Unit.objects.get(pk=uid),
                                             kind=d["kind"], reason=d["reason"], proposed_deadline=d["proposed_deadline"],
                                             proposed_text=d["proposed_text"], proposed_light=d["proposed_light"],
                                             report=report)
                if f is not None:
                    services.add_request_attachment(actor=request.user, change=cr, name=f.name or "材料", data=data)
            messages.success(request, "申请已提交,等待督查室审批")
            return redirect("cycle:change_detail", pk=cr.pk)
        except ServiceError as exc:
            _err(form, exc)
    return render(request, "cycle/change_form.html", {"form": form, "task": task},
                  status=400 if form.errors else 200)


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cr = get_for(request.user, ChangeRequest, VIEW, pk=pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        require(request.user, may_run_cycle, cr.task.plan)
        if form.is_valid():
            try:
                services.decide_change(actor=request.user, change=cr, approve=form.cleaned_data["approve"] == "1",
                                       decision=form.cleaned_data["decision"])
                messages.success(request, "已审批")
                return redirect("cycle:change_detail", pk=pk)
            except ServiceError as exc:
                _err(form, exc)
    return render(request, "cycle/change_detail.html", {"cr": cr, "form": form, "is_office": is_office(request.user)},
                  status=400 if form.errors else 200)


# --- instructions ---------------------------------------------------------------------------


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    items = Instruction.objects.restrict(request.user, VIEW).select_related("task", "unit", "leader")[:200]
    return render(request, "cycle/instruction_list.html", {"items": items})


@login_required
def instruction_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_for(request.user, Task, VIEW, pk=task_pk)
    require(request.user, may_instruct, task)
    units = Unit.objects.filter(task_units__task=task).distinct()
    # the unit chosen at first: the report's the leader came from, else the lead unit (listed first)
    leads = set(task.task_units.filter(role="lead").values_list("unit_id", flat=True))
    report_id = _int(request.GET.get("report"))
    came_from = (Report.objects.restrict(request.user, VIEW).filter(pk=report_id, task=task)
                 .values_list("unit_id", flat=True).first() if report_id else None)
    choices = sorted(units, key=lambda u: u.pk not in leads)
    form = InstructionForm(request.POST or None, initial={"unit": came_from or (choices[0].pk if choices else None)})
    form.fields["unit"].widget.choices = [(u.pk, u.name) for u in choices]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = units.filter(pk=d["unit"]).first()
        try:
            if unit is None:
                raise ServiceError("请选择承担该任务的单位", field="unit")
            ins = services.give_instruction(actor=request.user, task=task, unit=unit, text=d["text"],
                                            due_date=d["due_date"])
            messages.success(request, "批示已送达单位")
            return redirect("cycle:instruction_detail", pk=ins.pk)
        except ServiceError as exc:
            _err(form, exc)
    return render(request, "cycle/instruction_form.html", {"form": form, "task": task},
                  status=400 if form.errors else 200)


@login_required
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ins = get_for(request.user, Instruction, VIEW, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": ins.answer})
    if request.method == "POST":
        get_for(request.user, Instruction, CHANGE, pk=pk)
        action = request.POST.get("action", "answer")
        try:
            if action == "answer":
                if form.is_valid():
                    services.answer_instruction(actor=request.user, instruction=ins, answer=form.cleaned_data["answer"])
                    messages.success(request, "已回复")
                    return redirect("cycle:instruction_detail", pk=pk)
            else:
                services.close_instruction(actor=request.user, instruction=ins,
                                           reopen_comment=request.POST.get("comment", "") if action == "reopen" else "")
                messages.success(request, "已办结" if action == "close" else "已退回单位继续办理")
                return redirect("cycle:instruction_detail", pk=pk)
        except ServiceError as exc:
            _err(form, exc)
    return render(request, "cycle/instruction_detail.html", {
        "ins": ins, "form": form,
        "can_answer": is_unit_member(request.user, ins.unit_id) and ins.state != InstructionState.CLOSED,
        "can_close": may_close_instruction(request.user, ins),
    }, status=400 if form.errors else 200)


# --- notifications and the rule -------------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_read(actor=request.user)
        return redirect("cycle:notifications")
    items = Notification.objects.restrict(request.user, VIEW)[:200]
    return render(request, "cycle/notifications.html", {"items": items})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open one notice: it is read from now on, and the page it points to opens."""
    n = get_for(request.user, Notification, VIEW, pk=pk)
    if n.read_at is None:
        services.mark_read(actor=request.user, ids=[n.pk])
    return redirect(n.url if n.url.startswith("/") and not n.url.startswith("//") else "cycle:notifications")


@login_required
def unread(request: HttpRequest) -> HttpResponse:
    """The header's notice link with its unread count (refreshed by the page every minute)."""
    return render(request, "cycle/_unread.html", unread_count(request))


def unread_count(request: HttpRequest) -> dict[str, int]:
    """Context processor: the signed-in user's unread notices, for the header on every page. A page
    the page cache keeps (common/pagecache.py) depends only on the plans and the directory, which a
    notice does not move: it gets the count from its first htmx refresh, as soon as it loads."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    if match is not None and getattr(match.func, "duban_keep_page", None):
        return {"unread_later": 1}
    return {"unread": Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()}


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The traffic-light rule in words: how every task is judged."""
    return render(request, "cycle/rules.html", {
        "rules": RULES, "lights": [(lt.value, LIGHT_LABELS[lt], LIGHT_MEANINGS[lt]) for lt in Light]})


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    """催办 for the office: e-mails that failed (with the error, and a button to send again), lead
    units whose 办理方案 are not in, units whose roster is short, and the latest reminders."""
    from duban.web.cycle import reminders as rm
    from duban.web.cycle.models import EmailState, PlanCalendar

    require(request.user, is_office)
    mine = Reminder.objects.restrict(request.user, VIEW).select_related("unit", "round", "plan")
    plans = Plan.objects.restrict(request.user, VIEW).filter(status="published")
    cals = {c.plan_id: c for c in PlanCalendar.objects.filter(plan__in=plans)}
    impl_rows = []
    for p in plans:
        owing = rm.impl_plans_owing(p)
        units = Unit.objects.in_bulk(list(owing))
        impl_rows.append((p, cals.get(p.pk), [(units[u], m, r) for u, (m, r) in sorted(
            owing.items(), key=lambda kv: units[kv[0]].name)]))
    return render(request, "cycle/reminders.html", {
        "failed": mine.filter(email_state=EmailState.FAILED)[:100],
        "retrying": mine.filter(email_state=EmailState.PENDING, attempts__gt=0)[:100],
        "impl_rows": impl_rows, "roster_rows": [(p, services.roster_missing(p)) for p in plans],
        "recent": mine[:50], "max_attempts": rm.max_attempts(),
    })


@login_required
@require_POST
def reminder_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """The office sends a failed reminder e-mail again (the next pass of the scheduler sends it)."""
    from duban.web.cycle import reminders as rm

    rem = get_for(request.user, Reminder, VIEW, pk=pk)
    try:
        rm.retry_email(actor=request.user, reminder=rem)
        messages.success(request, "已重新排入发送,下一次催办时发出")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("cycle:reminder_list")


# --- 催办 by hand, and the office's channels ---------------------------------------------------


@login_required
def round_chase(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 now: the units (one, or every late unit), the message as each will get it, the channels;
    and the list of late units to paste into the work group."""
    from django.conf import settings

    from duban.web.cycle import chase
    from duban.web.cycle.models import DeliveryChannel

    rnd = get_for(request.user, Round, CHANGE, pk=pk)
    require(request.user, may_run_cycle, rnd.plan)
    day = services.today()
    everyone = chase.owing(rnd)
    late = [o for o in everyone if o.days_late(day)]
    source = request.POST if request.method == "POST" else request.GET
    chosen = {int(x) for x in source.getlist("unit") if x.isdigit()}
    if request.method != "POST" and not chosen:  # the page opens with the late units ticked; a form says
        chosen = {o.unit.pk for o in late}
    rows = [o for o in everyone if o.unit.pk in chosen]
    channels = list(DeliveryChannel.objects.restrict(request.user, VIEW).filter(
        government_id=rnd.plan.government_id, active=True))
    picked = {int(x) for x in source.getlist("channel") if x.isdigit()}
    message = (source.get("message") or "").strip() or chase.default_message(rnd, day)
    email = settings.DUBAN_EMAIL_ENABLED and (request.method != "POST" or bool(request.POST.get("email")))
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send":
        try:
            result = chase.chase(actor=request.user, round=rnd, unit_ids=sorted(chosen), message=message,
                                 channels=[c for c in channels if c.pk in picked], email=email)
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, f"已催办 {len(result.reminders)} 个单位(站内通知"
                             + (",邮件" if email else "") + ")")
            for d in result.deliveries:
                (messages.success if d.sent else messages.error)(
                    request, f"{d.channel_label}:{'已送达' if d.sent else '未送达'},{d.outcome}")
            return redirect("cycle:round_detail", pk=pk)
    return render(request, "cycle/chase.html", {
        "round": rnd, "everyone": everyone, "chosen": chosen, "late": late, "message": message, "day": day,
        "previews": [(o, chase.unit_text(o, message, day)) for o in rows], "channels": channels, "picked": picked,
        "email_on": settings.DUBAN_EMAIL_ENABLED, "email": email,
        "group_text": chase.group_text(rnd, late or rows, day, message),
        "sent": rnd.deliveries.select_related("channel")[:20],
    }, status=status)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    """The office's SMS gateway and group robots: set up, change, try."""
    from duban.web.accounts.permissions import government_id_of
    from duban.web.cycle import chase
    from duban.web.cycle.forms import ChannelForm
    from duban.web.cycle.models import Delivery, DeliveryChannel
    from duban.web.directory.models import Government

    require(request.user, is_office)
    items = DeliveryChannel.objects.restrict(request.user, VIEW)
    editing = items.filter(pk=id_param(request, "edit") or id_param(request, "pk") or 0).first()
    initial = {k: getattr(editing, k) for k in chase.CHANNEL_FIELDS if k != "secret"} if editing else {}
    if editing:
        initial["version"] = editing.version
    form = ChannelForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        gid = government_id_of(request.user)
        gov = Government.objects.filter(pk=gid).first() if gid is not None else None
        if gov is None:
            raise PermissionDenied("请以本级督查室账户设置催办渠道")
        if form.is_valid():
            try:
                saved = chase.save_channel(actor=request.user, government=gov, data=form.data_for_service(),
                                           channel=editing, expected_version=form.cleaned_data["version"])
                messages.success(request, f"已保存“{saved.name}”,可点“发送测试消息”检查是否设置正确")
                return redirect("cycle:channel_list")
            except ServiceError as exc:
                _err(form, exc)
        status = 400
    return render(request, "cycle/channels.html", {
        "items": items, "form": form, "editing": editing,
        "sent": Delivery.objects.restrict(request.user, VIEW).filter(channel__in=items).select_related("round")[:30],
    }, status=status)


@login_required
@require_POST
def channel_try(request: HttpRequest, pk: int) -> HttpResponse:
    """A test message through one channel, so the office sees at once whether it is set up right."""
    from duban.web.cycle import chase
    from duban.web.cycle.models import DeliveryChannel

    require(request.user, is_office)
    c = get_for(request.user, DeliveryChannel, CHANGE, pk=pk)
    require(request.user, may_set_channels, c.government_id)
    try:
        d = chase.try_channel(actor=request.user, channel=c, mobile=request.POST.get("mobile", ""))
        (messages.success if d.sent else messages.error)(request, f"{c.name}:{'已送达' if d.sent else '未送达'},{d.outcome}")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("cycle:channel_list")


# --- the review queue and a unit's to-do ------------------------------------------------------

QUEUE_STATES = (("submitted", "待审"), ("returned", "退回待改"), ("accepted", "已通过"), ("overdue", "逾期未报"))


@login_required
def round_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's review queue for a round: the lead units' reports by state (待审, 退回待改,
    已通过) and the reports not in past their date (逾期未报), by unit and section, with the one
    to review next."""
    from duban.web.cycle import chase

    rnd = get_for(request.user, Round, VIEW, pk=pk)
    require(request.user, may_run_cycle, rnd.plan)  # a unit that may see the round is told whose page this is
    want = request.GET.get("state", "submitted")
    unit, section = request.GET.get("unit", ""), request.GET.get("section", "")
    secs = services.top_sections(rnd.plan_id)
    reports = list(Report.objects.filter(round=rnd, role="lead").exclude(state=FilingState.DRAFT)
                   .select_related("task", "unit").order_by("submitted_at", "pk"))
    behind = [o for o in chase.owing(rnd) if o.late]
    late = [o for o in behind if o.tasks]  # 未报, as the 通报 counts it; a report sent back is 退回待改
    counts = {s: 0 for s, _label in QUEUE_STATES}
    for r in reports:
        counts[r.state] = counts.get(r.state, 0) + 1
    counts["overdue"] = sum(len(o.tasks) for o in late)

    def keep(unit_id: int, section_id: int | None) -> bool:
        return (not unit.isdigit() or unit_id == int(unit)) and (not section or secs.get(section_id or 0) == section)

    rows = [r for r in reports if r.state == want and keep(r.unit_id, r.task.section_id)]
    for r in rows:
        r.section_name = secs.get(r.task.section_id or 0, "")
    missing = [(o, t, secs.get(t.section_id or 0, "")) for o in late for t in o.tasks
               if keep(o.unit.pk, t.section_id)] if want == "overdue" else []
    parts = [(o, t, secs.get(t.section_id or 0, "")) for o in behind for t in o.parts
             if keep(o.unit.pk, t.section_id)] if want == "overdue" else []  # the lead unit's to chase: not counted
    units = sorted({(r.unit_id, r.unit.name) for r in reports} | {(o.unit.pk, o.unit.name) for o in behind},
                   key=lambda p: p[1])
    return render(request, "cycle/queue.html", {
        "round": rnd, "want": want, "states": [(s, label, counts.get(s, 0)) for s, label in QUEUE_STATES],
        "rows": rows, "missing": missing, "parts": parts, "units": units, "unit": unit, "sections": sorted(set(secs.values())),
        "section": section, "next": services.queue_next(rnd, unit=unit, section=section),
    })


def unit_todo(user: Any) -> dict[str, Any]:
    """What a unit has to do now: reports and 办理方案 sent back, open rounds with what is not in
    and by when, 批示 to answer."""
    uid = user.unit_id
    today = services.today()
    rounds = []
    for rnd in Round.objects.restrict(user, VIEW).filter(state=RoundState.OPEN).select_related("plan"):
        mine = services.owed(rnd, [uid]).get(uid)
        if mine and mine.outstanding:
            rounds.append({"round": rnd, "what": mine.what, "due": mine.due,
                           "days": (mine.due - today).days})
    return {
        "returned": Report.objects.filter(unit_id=uid, state=FilingState.RETURNED).select_related("task", "round")[:50],
        "returned_plans": ImplementationPlan.objects.filter(unit_id=uid, state=FilingState.RETURNED)
        .select_related("task")[:50],
        "rounds": rounds,
        "instructions": Instruction.objects.filter(unit_id=uid, state=InstructionState.OPEN).select_related("task")[:50],
    }


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """A unit's to-do list (the portal loads it; it is also on the 督办 page)."""
    if _unit_id(request) is None:
        return HttpResponse("")
    return render(request, "cycle/_todo.html", unit_todo(request.user))
