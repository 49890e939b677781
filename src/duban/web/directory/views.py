"""Directory pages. Thin: permissions by `restrict()`, writes by services.

The office (督查室) keeps the directory here without a spreadsheet: units, leaders and what they
oversee (分管), groups, and people; an entry still in use is retired (停用), never lost."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.web.common.htmx import render_page
from duban.web.common.params import id_param
from duban.web.common.permissions import CHANGE, VIEW, get_for, is_office
from duban.web.common.services import ConflictError, ServiceError
from duban.web.directory import services
from duban.web.directory.filters import filter_units
from duban.web.directory.forms import GroupForm, ImportForm, LeaderForm, PersonForm, UnitForm
from duban.web.directory.models import Government, Group, Leader, Person, Unit, UnitKind


def office_government(request: HttpRequest) -> Government:
    """The government the signed-in office acts for (403 for anyone else). An office of one
    government: its own. A province-wide office chooses (`government` in the query or the form,
    `government_context` puts the chooser on the page): a page opens on the first, a write that
    does not say which is refused rather than filed under whichever comes first."""
    govs = Government.objects.restrict(request.user, CHANGE).order_by("name", "pk")
    chosen = id_param(request, "government", label="政府")
    if chosen is not None:
        gov = govs.filter(pk=chosen).first()
        if gov is None:
            raise Http404("没有找到该政府,或您无权为其办理")
        return gov
    first = list(govs[:2])
    if not first:
        raise PermissionDenied("只有督查室可以进行此操作")
    if len(first) > 1 and request.method == "POST":
        raise BadRequest("请先选择为哪个政府办理(全省通用的督查室账户管理多个政府)")
    return first[0]


def government_context(request: HttpRequest, gov: Government) -> dict[str, Any]:
    """What common/_government_switch.html needs: the governments to choose among (none for an
    office of one government) and the one chosen; forms carry it back as a hidden `government`."""
    govs = list(Government.objects.restrict(request.user, CHANGE).order_by("name", "pk")[:500])
    return {"governments": govs if len(govs) > 1 else [], "government": gov}


def _form_error(form: Any, exc: ServiceError) -> None:
    """A service's refusal shown on the form: beside its field if the form has one."""
    field = exc.field if exc.field in form.fields and not isinstance(exc, ConflictError) else None
    form.add_error(field, exc.message)


def _active_units(gov: Government) -> Any:
    return Unit.objects.filter(government=gov, active=True)


def _require_version(form: Any) -> None:
    form.fields["version"].required = True
    form.fields["version"].error_messages["required"] = "页面已过期,请刷新后再改"


# --- units ---------------------------------------------------------------------------------

@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    units = filter_units(Unit.objects.restrict(request.user, VIEW), q, kind).prefetch_related("aliases")
    can_change = Government.objects.restrict(request.user, CHANGE).exists()
    return render_page(request, "directory/unit_list.html",
                       {"units": units, "q": q, "kind": kind, "kinds": UnitKind.choices, "can_change": can_change},
                       partial="directory/_unit_rows.html")


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for(request.user, Unit, VIEW, pk=pk)
    people = Person.objects.restrict(request.user, VIEW).filter(unit=unit)
    if not is_office(request.user):
        people = people.filter(active=True)
    editable = set(Person.objects.restrict(request.user, CHANGE).filter(unit=unit).values_list("pk", flat=True))
    return render(request, "directory/unit_detail.html", {
        "unit": unit, "people": people, "editable": editable,
        "can_change": Unit.objects.restrict(request.user, CHANGE).filter(pk=pk).exists(),
        "leaders": unit.leaders.all(), "groups": unit.unit_groups.all(),
    })


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = UnitForm(request.POST or None, units=_active_units(gov))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.create_unit(actor=request.user, government=gov, name=d["name"], kind=d["kind"],
                                        parent=d["parent"], aliases=d["aliases"])
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已添加单位“{unit.name}”")
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/entry_form.html",
                  {**government_context(request, gov), "form": form, "title": "添加单位", "back": reverse("directory:unit_list")})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for(request.user, Unit, CHANGE, pk=pk)
    initial = {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "version": unit.version,
               "aliases": [a.name for a in unit.aliases.all()]}
    form = UnitForm(request.POST or None, initial=initial,
                    units=Unit.objects.filter(government=unit.government).exclude(pk=unit.pk))
    _require_version(form)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_unit(actor=request.user, unit=unit, expected_version=d["version"], name=d["name"],
                                 kind=d["kind"], parent=d["parent"])
            for a in d["aliases"]:
                services.add_alias(actor=request.user, unit=unit, name=a)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/entry_form.html", {
        "form": form, "title": f"修改单位:{unit.name}", "obj": unit, "kind": "units", "kind_label": "单位",
        "back": reverse("directory:unit_detail", args=[unit.pk])})


# --- leaders -------------------------------------------------------------------------------

@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    leaders = Leader.objects.restrict(request.user, VIEW).prefetch_related("units")
    can_change = is_office(request.user) and Government.objects.restrict(request.user, CHANGE).exists()
    if not can_change:
        leaders = leaders.filter(active=True)
    return render(request, "directory/leader_list.html", {"leaders": leaders, "can_change": can_change})


@login_required
def leader_create(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = LeaderForm(request.POST or None, units=_active_units(gov))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            leader = services.create_leader(actor=request.user, government=gov, name=d["name"], title=d["title"],
                                            units=d["units"], position=d["position"] or 0)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已添加领导“{leader.name}”,分管{leader.units.count()}个单位")
            return redirect("directory:leader_list")
    return render(request, "directory/entry_form.html",
                  {**government_context(request, gov), "form": form, "title": "添加领导", "back": reverse("directory:leader_list")})


@login_required
def leader_edit(request: HttpRequest, pk: int) -> HttpResponse:
    leader = get_for(request.user, Leader, CHANGE, pk=pk)
    units = Unit.objects.filter(Q(government=leader.government, active=True) | Q(pk__in=leader.units.values("pk")))
    initial = {"name": leader.name, "title": leader.title, "position": leader.position, "version": leader.version,
               "units": [u.pk for u in leader.units.all()]}
    form = LeaderForm(request.POST or None, initial=initial, units=units)
    _require_version(form)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_leader(actor=request.user, leader=leader, expected_version=d["version"], name=d["name"],
                                   title=d["title"], units=d["units"], position=d["position"] or 0)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已保存领导“{d['name']}”")
            return redirect("directory:leader_list")
    return render(request, "directory/entry_form.html", {
        "form": form, "title": f"修改领导:{leader.name}", "obj": leader, "kind": "leaders", "kind_label": "领导",
        "back": reverse("directory:leader_list")})


# --- groups --------------------------------------------------------------------------------

@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.restrict(request.user, VIEW).prefetch_related("members")
    can_change = is_office(request.user) and Government.objects.restrict(request.user, CHANGE).exists()
    if not can_change:
        groups = groups.filter(active=True)
    return render(request, "directory/group_list.html", {"groups": groups, "can_change": can_change})


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = GroupForm(request.POST or None, units=_active_units(gov))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            group = services.create_group(actor=request.user, government=gov, name=d["name"], members=d["members"],
                                          member_kind=d["member_kind"])
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已添加单位组“{group.name}”")
            return redirect("directory:group_list")
    return render(request, "directory/entry_form.html",
                  {**government_context(request, gov), "form": form, "title": "添加单位组", "back": reverse("directory:group_list")})


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_for(request.user, Group, CHANGE, pk=pk)
    units = Unit.objects.filter(Q(government=group.government, active=True) | Q(pk__in=group.members.values("pk")))
    initial = {"name": group.name, "member_kind": group.member_kind, "version": group.version,
               "members": [u.pk for u in group.members.all()]}
    form = GroupForm(request.POST or None, initial=initial, units=units)
    _require_version(form)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_group(actor=request.user, group=group, expected_version=d["version"], name=d["name"],
                                  members=d["members"], member_kind=d["member_kind"])
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已保存单位组“{d['name']}”")
            return redirect("directory:group_list")
    return render(request, "directory/entry_form.html", {
        "form": form, "title": f"修改单位组:{group.name}", "obj": group, "kind": "groups", "kind_label": "单位组",
        "back": reverse("directory:group_list")})


# --- people --------------------------------------------------------------------------------

@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """The contacts a user may see: the office all of its government, a unit its own, a leader
    those of the units they oversee (phones are personal data: the viewer sees none)."""
    q = request.GET.get("q", "").strip()
    people = Person.objects.restrict(request.user, VIEW).select_related("unit")
    if q:
        people = people.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(role__icontains=q))
    can_change = is_office(request.user) and Government.objects.restrict(request.user, CHANGE).exists()
    if not can_change:
        people = people.filter(active=True)
    editable = set(Person.objects.restrict(request.user, CHANGE).values_list("pk", flat=True))
    return render(request, "directory/person_list.html",
                  {"people": people, "q": q, "can_change": can_change, "editable": editable})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    initial = {"unit": request.GET.get("unit")} if request.GET.get("unit", "").isdigit() else {}
    form = PersonForm(request.POST or None, initial=initial, units=_active_units(gov))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d.pop("version", None)
        try:
            person = services.create_person(actor=request.user, government=gov, **d)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已添加人员“{person.name}”")
            if person.unit_id:
                return redirect("directory:unit_detail", pk=person.unit_id)
            return redirect("directory:person_list")
    return render(request, "directory/entry_form.html",
                  {**government_context(request, gov), "form": form, "title": "添加人员", "back": reverse("directory:person_list")})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits any contact of its government (and may move it to another unit); a unit's
    own users keep their unit's contacts current."""
    person = get_for(request.user, Person, CHANGE, pk=pk)
    office = is_office(request.user)
    units = Unit.objects.filter(Q(government=person.government, active=True) | Q(pk=person.unit_id)) if office else None
    form = PersonForm(request.POST or None, units=units, initial={
        "name": person.name, "unit": person.unit_id, "role": person.role, "post": person.post,
        "phone": person.phone, "mobile": person.mobile, "version": person.version})
    _require_version(form)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        try:
            person = services.update_person(actor=request.user, person=person, expected_version=version, **d)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "联系人信息已保存")
            return redirect("directory:unit_detail", pk=person.unit_id) if person.unit_id else redirect(
                "directory:person_list")
    back = reverse("directory:unit_detail", args=[person.unit_id]) if person.unit_id else reverse(
        "directory:person_list")
    return render(request, "directory/entry_form.html", {
        "form": form, "title": f"修改联系人:{person.name}", "obj": person if office else None, "kind": "people",
        "kind_label": "人员", "back": back})


# --- retiring and deleting (every kind of entry) ------------------------------------------

KINDS: dict[str, tuple[type[Any], str, str]] = {
    "units": (Unit, "单位", "directory:unit_list"),
    "leaders": (Leader, "领导", "directory:leader_list"),
    "groups": (Group, "单位组", "directory:group_list"),
    "people": (Person, "人员", "directory:person_list"),
}
EDIT_URL = {"units": "directory:unit_edit", "leaders": "directory:leader_edit", "groups": "directory:group_edit",
            "people": "directory:person_edit"}


def _office_entry(request: HttpRequest, kind: str, pk: int) -> tuple[Any, str]:
    """The entry, if the signed-in office may change it (404 unseen, 403 seen but not the office's)."""
    if kind not in KINDS:
        raise Http404("没有这类名录")
    model, label, _list = KINDS[kind]
    obj = get_for(request.user, model, CHANGE, pk=pk)
    if not is_office(request.user):
        raise PermissionDenied("只有督查室可以停用或删除名录条目")
    return obj, label


def _version(request: HttpRequest) -> int | None:
    v = request.POST.get("version", "")
    return int(v) if v.isdigit() else None


@login_required
@require_POST
def entry_active(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Retire (停用) or restore a unit, leader, group or person."""
    obj, label = _office_entry(request, kind, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(actor=request.user, obj=obj, active=active, expected_version=_version(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{label}“{obj.name}”已{'恢复使用' if active else '停用,记录保留'}")
    return redirect(EDIT_URL[kind], pk=obj.pk)


@login_required
def entry_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET: what still refers to the entry, and the button; POST: delete it if nothing does."""
    obj, label = _office_entry(request, kind, pk)
    if request.method == "POST":
        try:
            services.delete_entry(actor=request.user, obj=obj, expected_version=_version(request))
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("directory:entry_delete", kind=kind, pk=obj.pk)
        messages.success(request, f"已删除{label}“{obj.name}”")
        return redirect(KINDS[kind][2])
    return render(request, "directory/entry_delete.html", {
        "obj": obj, "kind": kind, "kind_label": label, "refs": services.references(obj),
        "back": reverse(EDIT_URL[kind], args=[obj.pk])})


# --- the spreadsheet -----------------------------------------------------------------------

@login_required
def directory_export(request: HttpRequest) -> HttpResponse:
    """The directory as a workbook: the office's government; for a province-wide office that has
    not chosen one, every government it administers, each row naming its government."""
    govs = Government.objects.restrict(request.user, CHANGE).order_by("name", "pk")
    if not govs.exists():
        raise PermissionDenied("只有督查室可以进行此操作")
    chosen = [office_government(request)] if id_param(request, "government") or govs.count() == 1 else list(govs)
    resp = HttpResponse(services.export_xlsx(*chosen),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = 'attachment; filename="directory.xlsx"'
    return resp


@login_required
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import the directory: a workbook in the export's layout row by row, or the office's own
    单位名单 (Word, Excel, CSV, text, PDF) through the matching page, where nothing is added before
    the office has chosen and confirmed."""
    gov = office_government(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        try:
            if services.is_directory_workbook(data):
                counts = services.import_xlsx(actor=request.user, government=gov, data=data)
            else:
                return _list_matching(request, gov, services.names_of_list(data, f.name))
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, "导入完成:新增 " + "、".join(f"{k}{v}个" for k, v in counts.items()))
            return redirect("directory:unit_list")
    return render(request, "directory/import.html", {**government_context(request, gov), "form": form})


@login_required
@require_POST
def directory_import_names(request: HttpRequest) -> HttpResponse:
    """The matching page of an imported 单位名单, its names carried by the form: choose, see what
    will be done, confirm."""
    gov = office_government(request)
    names = list(dict.fromkeys(n.strip() for n in request.POST.get("names", "").splitlines() if n.strip()))
    if not names:
        messages.error(request, "没有收到名单中的名称,请重新上传单位名单")
        return redirect("directory:import")
    return _list_matching(request, gov, names[: services.MAX_LIST_NAMES], chosen=True)


def _list_matching(request: HttpRequest, gov: Government, names: list[str], *, chosen: bool = False) -> HttpResponse:
    proposals = services.propose(gov, names)
    page = {
        **government_context(request, gov),
        "subject": "导入的单位名单", "source_label": "名单中的名称", "show_counts": False,
        "action": reverse("directory:import_names"), "carried_names": "\n".join(names),
        "back_url": reverse("directory:import"), "back_label": "返回导入",
        "all_known": f"名单中的 {len(names)} 个名称都已在名录中,无需导入。",
    }
    if chosen and request.POST.get("back") != "1":
        decisions = decisions_from(request.POST, proposals)
        if request.POST.get("confirm") != "1":
            return confirmation(request, gov, proposals, decisions, {
                **page, "back_to_choices": True, "skipped_note": "(不加入名录)"}, of_plan=False)
        try:
            n = services.apply_resolution(actor=request.user, government=gov, decisions=decisions)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"单位名单已导入:{n} 个名称加入名录或作为已有单位的别名")
            return redirect("directory:unit_list")
    units = _active_units(gov).only("pk", "name")
    return render(request, "directory/resolve.html",
                  {**page, "proposals": proposals, "units": units, "kinds": UnitKind.choices})


def confirmation(request: HttpRequest, gov: Government, proposals: list[services.Proposal],
                 decisions: dict[str, tuple[str, object]], page: dict[str, Any], *, of_plan: bool) -> HttpResponse:
    """The matching page's second step, for a plan's names and a list's alike: what confirming will
    do, with the choices carried back in the form."""
    return render(request, "directory/resolve_confirm.html", {
        **page,
        "choices": [(f"d{i}", request.POST.get(f"d{i}", "skip")) for i in range(len(proposals))],
        "changes": services.describe_resolution(proposals, decisions, gov, of_plan=of_plan),
        "skipped": [p.name for p in proposals if p.name not in decisions],
    })


def decisions_from(post: Any, proposals: list[services.Proposal]) -> dict[str, tuple[str, object]]:
    """The office's choice for each proposed name, as the matching page's selects send it
    (d0 = alias:12 | new:department | group:township | skip)."""
    decisions: dict[str, tuple[str, object]] = {}
    for i, p in enumerate(proposals):
        choice = str(post.get(f"d{i}", "skip"))
        if choice.startswith("new:"):
            decisions[p.name] = ("new", choice[4:])
        elif choice.startswith("alias:") and choice[6:].isdigit():
            decisions[p.name] = ("alias", int(choice[6:]))
        elif choice.startswith("group:"):
            decisions[p.name] = ("group", choice[6:])
    return decisions
