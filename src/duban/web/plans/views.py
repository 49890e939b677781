"""Plan pages: list, upload → review (draft beside its source) → resolve names → publish;
task edits, merges, splits, adjustments; the plan on a past date; the unit portal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.core.parse.check import summary_line
from duban.web.common import pagecache
from duban.web.common.htmx import is_htmx
from duban.web.common.permissions import CHANGE, VIEW, get_for
from duban.web.common.services import ConflictError, ServiceError
from duban.web.cycle.services import reported_done
from duban.web.directory import services as directory_services
from duban.web.directory.models import Unit, UnitKind
from duban.web.directory.views import confirmation, decisions_from, government_context, office_government
from duban.web.plans import drafting, services
from duban.web.plans.filters import filter_tasks
from duban.web.plans.forms import HistoryForm, MergeForm, MoveForm, SplitForm, TaskForm, UnitsForm, UploadForm
from duban.web.plans.models import DraftJob, DraftStatus, Plan, Section, Task, TaskRevision, UnitRole


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.restrict(request.user, VIEW).select_related("government")
    can_upload = Plan.objects.restrict(request.user, CHANGE).exists() or getattr(request.user, "role", "") == "office"
    return render(request, "plans/plan_list.html", {"plans": plans, "can_upload": can_upload})


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        year = form.cleaned_data["year"]
        data = f.read()
        kind = form.cleaned_data.get("kind") or "auto"
        try:
            if not f.name.lower().endswith(".json") and (
                kind == "report" or (kind == "auto" and drafting.is_report(data, f.name))
            ):
                job = drafting.start_draft(actor=request.user, government=gov, data=data, name=f.name, year=year)
                return redirect("plans:draft_detail", pk=job.pk)
            if f.name.lower().endswith(".json"):
                plan = services.import_json(actor=request.user, government=gov, data=services.parse_plan_json(data),
                                            year=year)
            else:
                plan = services.upload_plan(actor=request.user, government=gov, data=data, name=f.name, year=year)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已导入“{plan}”,共 {plan.tasks.count()} 项任务,请审核")
            return redirect("plans:plan_review", pk=plan.pk)
    return render(request, "plans/upload.html", {**government_context(request, gov), "form": form},
                  status=400 if form.errors else 200)


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the drafting of an uploaded report got; the review once it is done. The page
    polls itself (htmx every second, or a meta refresh without JavaScript)."""
    job = get_for(request.user, DraftJob, VIEW, pk=pk)
    if job.status == DraftStatus.DONE and job.plan_id:
        target = reverse("plans:plan_review", kwargs={"pk": job.plan_id})
        if is_htmx(request):
            resp = HttpResponse(status=204)
            resp["HX-Redirect"] = target
            return resp
        messages.success(request, job.message)
        return redirect(target)
    percent = min(100, round(100 * job.done / job.total)) if job.total else None
    context = {"job": job, "percent": percent, "failed": job.status == DraftStatus.FAILED or job.stale}
    if is_htmx(request):
        return render(request, "plans/_draft_progress.html", context)
    return render(request, "plans/draft.html", context)


@login_required
@require_POST
def plan_confirm_units(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    try:
        n = services.confirm_all_units(actor=request.user, plan=plan)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已确认 {n} 项任务的建议单位")
    return redirect("plans:plan_review", pk=pk)


@login_required
@require_POST
def task_units(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, CHANGE, pk=pk)
    form = UnitsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择牵头单位")
    else:
        d = form.cleaned_data
        try:
            task = services.confirm_units(actor=request.user, task=task, expected_version=d["version"],
                                          lead_names=[d["lead"]])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已确认任务 {task.number} 的牵头单位:{d['lead']}")
    return redirect(reverse("plans:plan_review", kwargs={"pk": task.plan_id}) + f"#task-{task.pk}")


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, CHANGE, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_task(actor=request.user, task=task, expected_version=form.cleaned_data["version"],
                               direction=form.cleaned_data["direction"])
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect(reverse("plans:plan_review", kwargs={"pk": task.plan_id}) + f"#task-{task.pk}")


LIST_FIELDS = ("pk", "number", "starred", "text", "leader_names", "lead_names", "coop_names", "persons", "deadline",
               "section_id", "section__number", "section__title")
PAGE_SIZE = 100
PAGE_DEPENDS_ON = ("accounts", "directory", "plans")  # what the task list and portal show or are filtered by
PORTAL_DEPENDS_ON = (*PAGE_DEPENDS_ON, "cycle")  # and which late tasks are reported done (cycle.services)


def _section_label(number: str | None, title: str | None) -> str:
    """As Section.__str__ prints it, from the two values (the rows are read as plain values)."""
    if title is None:
        return ""
    return f"{number}、{title}" if number else title


def _task_rows(request: HttpRequest, plan: Plan):
    # Merged-away tasks stay readable in the history and on their own page, not among the live tasks.
    qs = Task.objects.restrict(request.user, VIEW).filter(plan=plan, removed=False).order_by("position", "pk")
    return filter_tasks(qs, request.GET)


@login_required
@pagecache.per_session(depends_on=PAGE_DEPENDS_ON)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's tasks, 100 a page, with the search filters. The rows and the filter options are
    read as plain values, in a handful of queries; the whole page is kept per session by the page
    cache (common/pagecache.py)."""
    plan = get_for(request.user, Plan, VIEW, pk=pk)
    tasks = _task_rows(request, plan)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))  # counted without the joins below
    can_change = Plan.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    query = request.GET.copy()
    query.pop("page", None)
    rows = list(tasks.values(*LIST_FIELDS)[page.start_index() - 1:page.end_index()]) if page.paginator.count else []
    for r in rows:
        r["section"] = _section_label(r.pop("section__number"), r.pop("section__title"))
    table = render_to_string("plans/_task_rows.html", {
        "rows": rows, "can_change": can_change, "query": (query.urlencode() + "&") if query else "",
        "task_url": reverse("plans:task_detail", kwargs={"pk": 0}).removesuffix("0/"),
        "pager": {"number": page.number, "num_pages": page.paginator.num_pages, "count": page.paginator.count,
                  "previous": page.previous_page_number() if page.has_previous() else None,
                  "next": page.next_page_number() if page.has_next() else None},
    })
    if is_htmx(request) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return HttpResponse(table)
    units = None
    chosen_unit = request.GET.get("unit", "")
    if can_change:  # the unit filter, as (id, name, selected)
        units = [(uid, name, str(uid) == chosen_unit) for uid, name in
                 Unit.objects.restrict(request.user, VIEW).filter(government=plan.government_id).values_list("pk", "name")]
    chosen_section = request.GET.get("section", "")
    sections = [(sid, _section_label(number, title), str(sid) == chosen_section) for sid, number, title in
                Section.objects.filter(plan=plan, parent__isnull=True).values_list("pk", "number", "title")]
    filters = render_to_string("plans/_task_filters.html", {
        "action": reverse("plans:plan_detail", kwargs={"pk": plan.pk}), "q": request.GET.get("q", ""),
        "starred": bool(request.GET.get("starred")), "sections": sections, "units": units,
    })
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "can_change": can_change, "filters": filters, "table": table,
    })


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    warned: dict[int, str] = {}
    for w in plan.warnings:
        a, b = (w.get("lines") or [0, 0])[0], (w.get("lines") or [0, 0])[-1]
        for n in range(int(a), int(b) + 1):
            warned[n] = w.get("message", "")
    source = plan.source_lines()
    lines = [(n, text, warned.get(n)) for n, text in enumerate(source, start=1)]
    tasks = list(plan.tasks.filter(removed=False).select_related("section").order_by("position", "pk"))
    from duban.core.suggest import lead_doubtful

    items = []
    for t in tasks:  # the report's words beside each task, and the units it may be given
        first, last = (t.lines or [0, 0])[0], (t.lines or [0, 0])[-1]
        lead = [s for s in (t.suggestions or {}).get("lead", []) if isinstance(s, dict)]
        # 待确认, as the draft marks it: the suggested lead is still the first suggestion, given with
        # little confidence (a confident one is a suggestion all the same, to be confirmed with the rest)
        doubt = not t.units_confirmed and lead_doubtful(
            t.lead_names, (str(lead[0].get("unit", "")), float(lead[0].get("score", 1.0))) if lead else None)
        items.append({
            "doubtful": round(100 * float(lead[0].get("score", 0))) if doubt else None,
            "task": t,
            "source": "\n".join(source[max(first, 1) - 1:min(last, len(source))]) if first else "",
            "choices": list(dict.fromkeys([*t.lead_names, *(str(s.get("unit", "")) for s in lead)]))[:6],
            "reasons": [(s.get("unit", ""), round(100 * float(s.get("score", 0))), ";".join(s.get("reasons", [])[:2]))
                        for s in lead[:3]],
            "figures": [indicator_label(i) for i in t.indicators if isinstance(i, dict) and "value" in i],
        })
    unconfirmed = sum(1 for t in tasks if not t.units_confirmed)
    doubtful = sum(1 for item in items if item["doubtful"] is not None)
    reading = summary_line(
        targets=sum(1 for t in tasks if t.kind == "target"), tasks=sum(1 for t in tasks if t.kind != "target"),
        sections=plan.sections.count(),
        warning_lines=[int((w.get("lines") or [0])[0]) for w in plan.warnings],
    )
    return render(request, "plans/review.html", {
        "plan": plan, "lines": lines, "tasks": tasks, "items": items, "unknown": services.unknown_names(plan),
        "unconfirmed": unconfirmed, "doubtful": doubtful, "reading": reading,
    })


def _amount(v: float) -> str:
    """A figure as an office writes it: 1.4万亿, 850万, 6.5."""
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= size:
            return f"{v / size:.4g}{word}"
    return f"{v:.4g}"


def indicator_label(i: dict[str, Any]) -> str:
    """An indicator in words: 国内生产总值 增长6.5–7%, 城镇登记失业率 4.5%以内, 能耗 下降3%左右."""
    try:
        value = float(i["value"])
        vmax = float(i["value_max"]) if i.get("value_max") is not None else None
    except (TypeError, ValueError):
        return str(i.get("text", ""))
    verb = "下降" if i.get("direction") == "down" else ("增长" if i.get("measure") == "growth" else "")
    comp = str(i.get("comparator", "="))
    figure = _amount(value) + (f"–{_amount(vmax)}" if vmax is not None else "") + str(i.get("unit", ""))
    after = "" if vmax is not None else {">=": "以上", "<=": "以内", "~": "左右"}.get(comp, "")
    return f"{i.get('metric', '')} {verb}{figure}{after}".strip()


@login_required
def plan_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Match the names a plan prints to the directory. A name is pre-selected only where it is the
    same body as a unit; alike units are offered with their reasons; a group name becomes a 单位组.
    Choosing shows what will be merged and created; only confirming that applies it."""
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    gov = plan.government
    names = services.unknown_names(plan)
    proposals = directory_services.propose(gov, [n for t in plan.tasks.filter(removed=False)
                                                 for n in [*t.lead_names, *t.coop_names]])
    page = {
        "plan": plan, "subject": plan, "source_label": "方案中的名称", "show_counts": True,
        "back_url": reverse("plans:plan_review", args=[plan.pk]), "back_label": "返回审核",
        "all_known": "方案中的单位名称都已在名录中。",
    }
    if request.method == "POST":
        decisions = decisions_from(request.POST, proposals)
        if request.POST.get("confirm") != "1":
            return confirmation(request, gov, proposals, decisions, {
                **page, "consequence": ",并据此重新关联方案中的任务",
                "choose_url": reverse("plans:plan_resolve", args=[plan.pk]),
                "skipped_note": "(仍不在名录中,方案发布前须处理)"}, of_plan=True)
        try:
            n = directory_services.apply_resolution(actor=request.user, government=gov, decisions=decisions)
            services.relink_plan(actor=request.user, plan=plan)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已确认 {n} 个名称")
            return redirect("plans:plan_resolve", pk=plan.pk)
    units = Unit.objects.filter(government=gov, active=True).only("pk", "name")
    return render(request, "directory/resolve.html", {
        **page, "proposals": proposals, "names": names, "units": units, "kinds": UnitKind.choices,
    })


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    version = request.POST.get("version", "")
    try:
        services.publish_plan(actor=request.user, plan=plan,
                              expected_version=int(version) if version.isdigit() else None)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("plans:plan_review", pk=pk)
    messages.success(request, "方案已发布。此后的修改都将作为调整记录。")
    return redirect("plans:plan_detail", pk=pk)


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    try:
        services.delete_draft(actor=request.user, plan=plan)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("plans:plan_detail", pk=pk)
    messages.success(request, "草稿已删除")
    return redirect("plans:plan_list")


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=pk)
    resp = HttpResponse(services.to_core(plan).to_json(), content_type="application/json; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="plan-{plan.year}.json"'
    return resp


@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, Plan, VIEW, pk=pk)
    visible = Task.objects.restrict(request.user, VIEW).filter(plan=plan)
    if Plan.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        visible = Task.objects.filter(plan=plan)  # the office also sees tasks since removed
    ids = set(visible.values_list("pk", flat=True))
    form = HistoryForm(request.GET or None)
    at = form.cleaned_data.get("at") if form.is_valid() else None
    when = (timezone.make_aware(dt.datetime.combine(at, dt.time.max)) if at else timezone.now())
    rows = [r for r in services.plan_at(plan, when) if r["task_id"] in ids]
    revisions = (TaskRevision.objects.filter(plan=plan, task_id__in=ids).exclude(kind="publish")
                 .select_related("task")[:200])
    return render(request, "plans/history.html", {"plan": plan, "form": form, "rows": rows, "when": when,
                                                  "revisions": revisions})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, VIEW, pk=pk)
    units = task.task_units.select_related("unit")
    revisions = task.revisions.all()[:50]
    return render(request, "plans/task_detail.html", {
        "task": task, "units": units, "revisions": revisions,
        "can_change": Task.objects.restrict(request.user, CHANGE).filter(pk=pk).exists(),
    })


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, CHANGE, pk=pk)
    form = TaskForm(request.POST or None, task=task, initial=TaskForm.initial_for(task))
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                task = services.update_task(actor=request.user, task=task, expected_version=form.cleaned_data["version"],
                                            changes=form.changes(), reason=form.cleaned_data.get("reason", ""))
            except ConflictError as exc:
                form.add_error(None, exc.message)
                conflict = Task.objects.get(pk=pk)  # the version that won, shown beside what the user typed
                status = 409
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            else:
                messages.success(request, "已保存" + ("(已记录为调整)" if task.plan.is_published else ""))
                return redirect("plans:plan_review" if not task.plan.is_published else "plans:task_detail",
                                pk=task.plan_id if not task.plan.is_published else task.pk)
        else:
            status = 400
    return render(request, "plans/task_form.html", {"form": form, "task": task, "conflict": conflict}, status=status)


@login_required
def task_merge(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, CHANGE, pk=pk)
    form = MergeForm(request.POST or None, task=task, initial={"version": task.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.merge_tasks(actor=request.user, task=task, other=d["other"], expected_version=d["version"],
                                 reason=d["reason"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已合并")
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_merge.html", {"form": form, "task": task})


@login_required
def task_split(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for(request.user, Task, CHANGE, pk=pk)
    form = SplitForm(request.POST or None, initial={"version": task.version, "first": task.text})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _a, b = services.split_task(actor=request.user, task=task, expected_version=d["version"],
                                        first=d["first"], second=d["second"], reason=d["reason"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已拆分,新任务为“{b}”")
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_split.html", {"form": form, "task": task})


PORTAL_FIELDS = ("pk", "number", "starred", "text", "deadline", "due_date", "position", "lead_names", "coop_names",
                 "plan__year")
PORTAL_ORDER = ("-plan__year", "plan__government__name", "plan_id", "position", "pk")  # as Task.Meta.ordering
PORTAL_SHOWN = 500  # at most this many tasks per list; the counts are always exact


DUE_SHOWN = 10  # 即将到期: the next tasks due that are not reported done


def _in_pages(rows: Any, size: int) -> Iterator[dict[str, Any]]:
    """The rows of a query, read `size` at a time as far as the reader goes."""
    start = 0
    while page := list(rows[start:start + size]):
        yield from page
        start += size


def _not_done(upcoming: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first `DUE_SHOWN` of `upcoming` (in date order) not reported done (`reported_done`, the
    rule of 已过完成时限): a task its lead units reported 已完成 is no longer coming due. Read in
    batches, so an office with a thousand tasks to come asks about a few dozen."""
    out: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    for row in upcoming:
        batch.append(row)
        if len(batch) == DUE_SHOWN * 2:
            done = reported_done(r["pk"] for r in batch)
            out += [r for r in batch if r["pk"] not in done]
            batch = []
            if len(out) >= DUE_SHOWN:
                return out[:DUE_SHOWN]
    done = reported_done(r["pk"] for r in batch)
    out += [r for r in batch if r["pk"] not in done]
    return out[:DUE_SHOWN]


@login_required
@pagecache.per_session(depends_on=PORTAL_DEPENDS_ON)
def portal(request: HttpRequest) -> HttpResponse:
    """My tasks: as lead unit, as cooperating unit, and what falls due next.

    A unit's tasks are read in one query (task and the unit's role in it), as plain values; the
    whole page is kept per session by the page cache (common/pagecache.py)."""
    user = request.user
    visible = Task.objects.restrict(user, VIEW)
    unit_id = getattr(user, "unit_id", None)
    today = timezone.localdate()
    if unit_id:
        # visible tasks of a unit user are exactly those the unit answers for (see plans.permissions);
        # one row per (task, role) of this unit, a unit that leads a task is not also listed as cooperating
        rows = list(visible.filter(task_units__unit_id=unit_id)
                    .values(*PORTAL_FIELDS, role=F("task_units__role")).order_by(*PORTAL_ORDER))
        lead_ids = {r["pk"] for r in rows if r["role"] == UnitRole.LEAD}
        lead = [r for r in rows if r["role"] == UnitRole.LEAD]
        seen: set[int] = set()
        coop = []
        for r in rows:
            if r["role"] == UnitRole.COOP and r["pk"] not in lead_ids and r["pk"] not in seen:
                seen.add(r["pk"])
                coop.append(r)
        mine = [*lead, *coop]
        due = _not_done(sorted((r for r in mine if r["due_date"] and r["due_date"] >= today),
                               key=lambda r: (r["due_date"], r["position"], r["pk"])))
        late = {r["pk"] for r in mine if r["due_date"] and r["due_date"] < today}
        overdue_count = len(late - reported_done(late))
        lead_count, coop_count = len(lead), len(coop)
    else:
        lead = list(visible.values(*PORTAL_FIELDS).order_by(*PORTAL_ORDER)[:PORTAL_SHOWN])
        coop = []
        coming = visible.filter(due_date__gte=today).values(*PORTAL_FIELDS).order_by("due_date", "position", "pk")
        due = _not_done(_in_pages(coming, DUE_SHOWN * 2))
        late = set(visible.filter(due_date__lt=today).values_list("pk", flat=True))
        overdue_count = len(late - reported_done(late))
        lead_count, coop_count = (len(lead) if len(lead) < PORTAL_SHOWN else visible.count()), 0
    unit = getattr(user, "unit", None)
    leader = getattr(user, "leader", None)
    body = render_to_string("plans/_portal_body.html", {
        "lead": lead[:PORTAL_SHOWN], "coop": coop[:PORTAL_SHOWN], "due": due, "overdue_count": overdue_count,
        "lead_count": lead_count, "coop_count": coop_count,
        "unit": str(unit) if unit else "", "leader": str(leader) if leader else "",
        "task_url": reverse("plans:task_detail", kwargs={"pk": 0}).removesuffix("0/"),
    })
    return render(request, "plans/portal.html", {"body": body})
