"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs, served locally."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

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


# What a machine client's request got wrong, said in Chinese (pydantic says it in English); the
# itemised errors stay beside it under "errors" for programs.
_SCHEMA_ERRORS = {
    "missing": "“{f}”必须填写",
    "extra_forbidden": "不接受字段“{f}”",
    "int_parsing": "“{f}”应为整数",
    "int_type": "“{f}”应为整数",
    "int_from_float": "“{f}”应为整数",
    "float_parsing": "“{f}”应为数字",
    "float_type": "“{f}”应为数字",
    "bool_parsing": "“{f}”应为 true 或 false",
    "bool_type": "“{f}”应为 true 或 false",
    "string_type": "“{f}”应为文字",
    "date_parsing": "“{f}”应为日期(如 2026-04-20)",
    "date_from_datetime_parsing": "“{f}”应为日期(如 2026-04-20)",
    "list_type": "“{f}”应为列表",
    "dict_type": "“{f}”应为对象",
    "json_invalid": "请求内容不是有效的 JSON",
}


def schema_message(errors: list[dict[str, Any]]) -> str:
    said: list[str] = []
    for err in errors:
        loc = [str(x) for x in (err.get("loc") or ()) if x not in ("body", "payload", "query", "path", "form", "file")]
        field = ".".join(loc) or "请求"
        text = _SCHEMA_ERRORS.get(str(err.get("type", "")), "“{f}”的格式不正确").format(f=field)
        if text not in said:
            said.append(text)
    return ";".join(said) or "请求内容有误"


@api.exception_handler(ValidationError)
def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": schema_message(exc.errors), "errors": exc.errors}, status=422)


_HTTP_ERRORS = {  # django-ninja's own answers, in Chinese
    400: "请求内容无法解析:应为有效的 JSON 或表单",
    401: "未登录或令牌无效:请在 Authorization 头中提供有效的令牌(Bearer …)",
    403: "无权访问",
    429: "请求过于频繁,请稍后再试",
}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": _HTTP_ERRORS.get(exc.status_code, str(exc))},
                               status=exc.status_code)


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
