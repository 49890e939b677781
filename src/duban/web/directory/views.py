"""Directory pages. Thin: permissions by `restrict()`, writes by services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.web.common.htmx import render_page
from duban.web.common.permissions import CHANGE, VIEW, get_for
from duban.web.common.services import ServiceError
from duban.web.directory import services
from duban.web.directory.filters import filter_units
from duban.web.directory.forms import ImportForm, PersonForm, UnitForm
from duban.web.directory.models import Government, Group, Leader, Person, Unit, UnitKind


def office_government(request: HttpRequest) -> Government:
    """The government the signed-in office user administers (403 for anyone else)."""
    gov = Government.objects.restrict(request.user, CHANGE).first()
    if gov is None:
        raise PermissionDenied("只有督查室可以进行此操作")
    return gov  # type: ignore[no-any-return]


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
    editable = set(Person.objects.restrict(request.user, CHANGE).filter(unit=unit).values_list("pk", flat=True))
    return render(request, "directory/unit_detail.html", {
        "unit": unit, "people": people, "editable": editable,
        "can_change": Unit.objects.restrict(request.user, CHANGE).filter(pk=pk).exists(),
        "leaders": unit.leaders.all(), "groups": unit.unit_groups.all(),
    })


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = UnitForm(request.POST or None, units=Unit.objects.filter(government=gov))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.create_unit(actor=request.user, government=gov, name=d["name"], kind=d["kind"],
                                        parent=d["parent"], aliases=d["aliases"])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已添加单位“{unit.name}”")
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/unit_form.html", {"form": form, "title": "添加单位"})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for(request.user, Unit, CHANGE, pk=pk)
    initial = {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "version": unit.version,
               "aliases": [a.name for a in unit.aliases.all()]}
    form = UnitForm(request.POST or None, initial=initial,
                    units=Unit.objects.filter(government=unit.government).exclude(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_unit(actor=request.user, unit=unit, expected_version=d["version"], name=d["name"],
                                 kind=d["kind"], parent=d["parent"])
            for a in d["aliases"]:
                services.add_alias(actor=request.user, unit=unit, name=a)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/unit_form.html", {"form": form, "title": f"修改单位:{unit.name}"})


@login_required
def leader_list(request: HttpRequest) -> HttpResponse:
    leaders = Leader.objects.restrict(request.user, VIEW).prefetch_related("units")
    return render(request, "directory/leader_list.html", {"leaders": leaders})


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = Group.objects.restrict(request.user, VIEW).prefetch_related("members")
    return render(request, "directory/group_list.html", {"groups": groups})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(request.user, Person, CHANGE, pk=pk)
    form = PersonForm(request.POST or None, initial={
        "name": person.name, "role": person.role, "phone": person.phone, "mobile": person.mobile,
        "version": person.version})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        try:
            services.update_person(actor=request.user, person=person, expected_version=version, **d)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "联系人信息已保存")
            return redirect("directory:unit_detail", pk=person.unit_id) if person.unit_id else redirect("home")
    return render(request, "directory/person_form.html", {"form": form, "person": person})


@login_required
def directory_export(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    resp = HttpResponse(services.export_xlsx(gov),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = 'attachment; filename="directory.xlsx"'
    return resp


@login_required
def directory_import(request: HttpRequest) -> HttpResponse:
    gov = office_government(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            counts = services.import_xlsx(actor=request.user, government=gov, data=f.read())
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, "导入完成:新增 " + "、".join(f"{k}{v}个" for k, v in counts.items()))
            return redirect("directory:unit_list")
    return render(request, "directory/import.html", {"form": form})
