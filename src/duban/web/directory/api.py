"""Units and leaders over the API, narrowed by the same `restrict()` as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from duban.web.common.permissions import VIEW, get_for
from duban.web.directory.models import Leader, Unit

router = Router(tags=["单位名录"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    aliases: list[str]

    @staticmethod
    def resolve_aliases(obj: Unit) -> list[str]:
        return [a.name for a in obj.aliases.all()]


class LeaderOut(Schema):
    id: int
    name: str
    title: str
    unit_ids: list[int]

    @staticmethod
    def resolve_unit_ids(obj: Leader) -> list[int]:
        return [u.pk for u in obj.units.all()]


@router.get("/units", response=list[UnitOut], summary="单位列表")
def list_units(request: HttpRequest) -> Any:
    return Unit.objects.restrict(request.user, VIEW).prefetch_related("aliases")


@router.get("/units/{int:unit_id}", response=UnitOut, summary="单位")
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    return get_for(request.user, Unit, VIEW, pk=unit_id)


@router.get("/leaders", response=list[LeaderOut], summary="领导及分管单位")
def list_leaders(request: HttpRequest) -> Any:
    return Leader.objects.restrict(request.user, VIEW).prefetch_related("units")
