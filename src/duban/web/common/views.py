"""The front page (which sends each role to its own start), the audit log, and error pages."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from duban.core.cells import csv_text, xlsx_bytes
from duban.web.accounts.models import UNIT_ROLES
from duban.web.common.filters import filter_audit
from duban.web.common.forms import AuditFilterForm
from duban.web.common.htmx import render_page
from duban.web.common.models import AuditLog


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    if role == "leader":
        return redirect("documents:leader")
    if role in UNIT_ROLES:
        return redirect("plans:portal")
    return redirect("plans:plan_list")


def _audit_rows(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditLog]]:
    if getattr(request.user, "role", "") != "office":
        raise PermissionDenied("只有督查室可以查看审计日志")
    qs = AuditLog.objects.restrict(request.user, "view")
    form = AuditFilterForm(request.GET or None)
    return form, filter_audit(qs, form)


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, qs = _audit_rows(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render_page(request, "common/audit_list.html", {"form": form, "page": page},
                       partial="common/_audit_rows.html")


HEADER = ["时间", "操作人", "操作", "对象类型", "对象编号", "对象", "原因", "修改前", "修改后", "请求编号"]


def _row(log: AuditLog) -> list[str]:
    return [
        timezone.localtime(log.created_at).strftime("%Y-%m-%d %H:%M:%S"), log.actor_name, log.action_label,
        log.object_label, log.object_id, log.object_repr, log.reason,
        json.dumps(log.before, ensure_ascii=False) if log.before is not None else "",
        json.dumps(log.after, ensure_ascii=False) if log.after is not None else "", log.request_id,
    ]


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs = _audit_rows(request)
    rows = [_row(log) for log in qs[:100000]]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(HEADER)
        w.writerows([[csv_text(c) for c in r] for r in rows])
        resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "审计日志"
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        ws.freeze_panes = "A2"
        resp = HttpResponse(xlsx_bytes(wb),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        return page_not_found(request, None)
    resp["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return resp


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: what was wrong when the code said so in Chinese (BadRequest("参数…")), else a general line."""
    said = str(exception) if isinstance(exception, BadRequest) and exception.args else ""
    return _error(request, 400, "请求无效", said or "提交的内容无法处理,请返回重试。")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    msg = str(exception) if exception and str(exception) else "您没有权限进行此操作。"
    return _error(request, 403, "无权访问", msg)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "页面不存在", "没有找到该页面,或您无权查看。")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "系统错误", "系统出现错误,已记录。请稍后重试,或联系督查室。")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "页面已过期", "页面已过期或表单无效,请刷新页面后重新提交。")
