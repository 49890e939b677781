"""Plans and tasks over the API: list, read, import and export duban.plan/1, edit a task with
its version (optimistic lock). Same `restrict()` and the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from duban.web.common.permissions import CHANGE, VIEW, get_for
from duban.web.common.services import ServiceError
from duban.web.directory.models import Government
from duban.web.plans import services
from duban.web.plans.models import Plan, Task

router = Router(tags=["责任分解方案"])


class PlanOut(Schema):
    id: int
    year: int
    title: str
    status: str
    government: str
    version: int

    @staticmethod
    def resolve_government(obj: Plan) -> str:
        return obj.government.name


class TaskOut(Schema):
    id: int
    plan_id: int
    key: str
    number: str
    kind: str
    starred: bool
    text: str
    leader_names: list[str]
    lead_names: list[str]
    coop_names: list[str]
    persons: list[str]
    deadline: str
    due_date: str | None
    indicators: list[dict[str, Any]]
    version: int

    @staticmethod
    def resolve_due_date(obj: Task) -> str | None:
        return obj.due_date.isoformat() if obj.due_date else None


class TaskPatch(Schema):
    version: int
    reason: str = ""
    text: str | None = None
    number: str | None = None
    starred: bool | None = None
    kind: str | None = None
    leader_names: list[str] | None = None
    lead_names: list[str] | None = None
    coop_names: list[str] | None = None
    persons: list[str] | None = None
    deadline: str | None = None
    indicators: list[dict[str, Any]] | None = None


class ImportIn(Schema):
    plan: dict[str, Any]
    year: int | None = None
    government_id: int | None = None  # a province-wide office says which government it imports for


@router.get("/plans", response=list[PlanOut], summary="方案列表")
def list_plans(request: HttpRequest) -> Any:
    return Plan.objects.restrict(request.user, VIEW).select_related("government")


@router.get("/plans/{int:plan_id}", response=PlanOut, summary="方案")
def get_plan(request: HttpRequest, plan_id: int) -> Any:
    return get_for(request.user, Plan, VIEW, pk=plan_id)


@router.get("/plans/{int:plan_id}/tasks", response=list[TaskOut], summary="方案中我可见的任务")
@paginate
def list_tasks(request: HttpRequest, plan_id: int) -> Any:
    plan = get_for(request.user, Plan, VIEW, pk=plan_id)
    return Task.objects.restrict(request.user, VIEW).filter(plan=plan)


@router.get("/plans/{int:plan_id}/export", summary="导出为 duban.plan/1")
def export_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_for(request.user, Plan, CHANGE, pk=plan_id)
    return HttpResponse(services.to_core(plan).to_json(), content_type="application/json; charset=utf-8")


@router.post("/plans/import", response={201: PlanOut}, summary="导入 duban.plan/1 为草稿")
def import_plan(request: HttpRequest, payload: ImportIn) -> Any:
    govs = Government.objects.restrict(request.user, CHANGE).order_by("name", "pk")
    if payload.government_id is not None:
        gov = get_for(request.user, Government, CHANGE, pk=payload.government_id)
    else:
        first = list(govs[:2])
        if not first:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("只有督查室可以导入方案")
        if len(first) > 1:
            raise ServiceError("请用 government_id 指明为哪个政府导入(全省通用的督查室账户管理多个政府)",
                               field="government_id")
        gov = first[0]
    return Status(201, services.import_json(actor=request.user, government=gov, data=payload.plan, year=payload.year))


@router.get("/tasks/{int:task_id}", response=TaskOut, summary="任务")
def get_task(request: HttpRequest, task_id: int) -> Any:
    return get_for(request.user, Task, VIEW, pk=task_id)


@router.patch("/tasks/{int:task_id}", response=TaskOut, summary="修改任务(须带版本号;已发布方案须写原因)")
def patch_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    task = get_for(request.user, Task, CHANGE, pk=task_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    changes = {k: v for k, v in changes.items() if v is not None}
    return services.update_task(actor=request.user, task=task, expected_version=payload.version, changes=changes,
                                reason=payload.reason)
