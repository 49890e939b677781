"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs, served locally."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from duban.web.accounts.api import AUTH
from duban.web.accounts.api import router as accounts_router
from duban.web.common.services import ConflictError, ServiceError
from duban.web.cycle.api import router as cycle_router
from duban.web.directory.api import router as directory_router
from duban.web.documents.api import router as documents_router
from duban.web.plans.api import router as plans_router

api = NinjaAPI(title="督办 API", version="1", description="责任分解方案、任务、单位、领导。令牌:Authorization: Bearer …",
               auth=AUTH, urls_namespace="api")
api.add_router("/", accounts_router)
api.add_router("/", directory_router)
api.add_router("/", plans_router)
api.add_router("/", cycle_router)
api.add_router("/", documents_router)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(ServiceError)
def bad_input(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "没有找到,或您无权查看"}, status=404)
