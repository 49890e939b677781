"""The audit log in the office's words: what was done (操作), to what (对象), and which fields
changed from what to what, with the models' own Chinese names and choice labels.

The services record actions as short stable codes (`accept`, `cycle.report`, field names as
columns); the pages, filters and exports show these labels instead, so no one reading the log
meets a developer's word. A code not listed here is shown as its model or field says, or, for
something new that nobody named yet, as "其他操作" with the code kept out of sight.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

ACTIONS: dict[str, str] = {
    "create": "新建", "update": "修改", "delete": "删除", "import": "导入", "publish": "发布",
    "unpublish": "取消公开", "submit": "报送", "save_draft": "保存草稿", "accept": "审核通过", "return": "退回",
    "open": "开启报送", "reopen": "重新开启", "close": "截止报送", "extend": "同意延期", "attach": "上传佐证材料",
    "detach": "删除佐证材料", "consolidate": "汇总配合单位情况", "findings": "记录核查结果", "approve": "同意",
    "refuse": "不同意", "appeal_upheld": "申诉成立", "answer": "回复批示", "adjust": "调整任务", "split": "拆分任务",
    "merge": "合并任务", "relink": "重新匹配单位", "add_alias": "添加简称", "activate": "启用账户",
    "deactivate": "停用账户", "restore": "恢复", "retire": "停用", "lockout": "登录失败过多被锁定",
    "change_password": "修改密码", "reset_password": "重置密码", "create_token": "创建接口令牌",
    "revoke_token": "撤销接口令牌", "return_upload": "上传附表3", "return_confirm": "确认附表3内容",
    "return_discard": "放弃附表3", "retry_email": "重发催办邮件", "publish_progress": "公开任务进展",
    "link": "衔接上年方案", "issue": "印发", "chase": "催办", "fix_judgement": "确定灯号",
    "submit_all": "一键报送", "login": "登录", "login_failed": "登录失败",
}
# the same code says something more precise on some objects
ACTIONS_ON: dict[tuple[str, str], str] = {
    ("cycle.report", "create"): "开始填写", ("cycle.implementationplan", "create"): "开始填写",
    ("cycle.instruction", "create"): "作出批示", ("cycle.instruction", "close"): "办结",
    ("cycle.instruction", "reopen"): "退回继续办理", ("plans.plan", "publish"): "发布方案",
    ("documents.publicplan", "publish"): "公开方案", ("cycle.round", "create"): "安排报送轮次",
    ("cycle.inspection", "create"): "安排督查暗访", ("cycle.changerequest", "create"): "提出申请",
    ("documents.bulletin", "create"): "起草通报", ("plans.plan", "delete"): "删除草稿",
}
# keys of audit rows that are not a model's fields (files, counts)
EXTRA_KEYS: dict[str, str] = {
    "file": "文件", "size": "大小(字节)", "type": "类型", "attachment": "材料编号", "tasks": "任务数",
    "round": "轮次", "rows": "行数", "saved": "保存数", "matches": "对应任务数", "previous_id": "上年方案",
    "items": "工作事项", "members": "成员单位", "units": "分管单位", "aliases": "简称", "reports": "报告数",
    "units_chased": "催办单位数", "channels": "发送渠道", "message": "内容", "light": "灯号", "reasons": "依据",
}
# audit keys holding rows of another model (a 办理方案's work items)
NESTED: dict[str, str] = {"items": "cycle.workitem"}
YES_NO = {True: "是", False: "否"}


def action_label(action: str, object_type: str = "") -> str:
    return ACTIONS_ON.get((object_type, action)) or ACTIONS.get(action) or "其他操作"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    """The model's Chinese name (完成情况报告), or 其他 for a type nobody registered."""
    m = _model(object_type)
    return str(m._meta.verbose_name) if m is not None else "其他"


def object_choices() -> list[tuple[str, str]]:
    """Every kind of object the log may name, for the filter's drop-down."""
    out = []
    for m in apps.get_models():
        if m._meta.app_label in ("directory", "accounts", "plans", "cycle", "documents"):
            out.append((m._meta.label_lower, str(m._meta.verbose_name)))
    return sorted(out, key=lambda kv: kv[0])


def action_choices() -> list[tuple[str, str]]:
    return sorted(ACTIONS.items())


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if key in (f.name, f.attname):
            return f
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def field_label(model: type[models.Model] | None, key: str) -> str:
    f = _field(model, key)
    if f is not None:
        related = f.related_model
        if f.is_relation and isinstance(related, type) and str(f.verbose_name) == f.name.replace("_", " "):
            return str(related._meta.verbose_name)  # a link named by what it links to (报告)
        return str(f.verbose_name)
    return EXTRA_KEYS.get(key, "其他")


def value_text(model: type[models.Model] | None, key: str, value: Any) -> str:
    """A stored value as the office reads it: choices by their label, yes/no, empty as —."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    f = _field(model, key)
    if f is not None and f.choices:
        labels = {str(k): str(v) for k, v in f.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    if f is not None and f.is_relation and isinstance(value, int):
        return f"第{value}号"
    if key in NESTED and isinstance(value, list):
        sub = _model(NESTED[key])
        return ";".join(
            "、".join(f"{field_label(sub, k)}:{value_text(sub, k, v)}" for k, v in row.items()
                     if k not in ("id", "impl_plan_id", "position") and v not in (None, ""))
            if isinstance(row, dict) else str(row) for row in value)
    if isinstance(value, dict):
        return ";".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


HIDDEN = {"id", "version", "password"}


# Fields whose values are Latin on purpose (a username, an address someone typed): the page marks
# them translate="no", as the user list does a username, so only a code word that leaks reads as one.
VERBATIM = {"username", "email"}


def changes(object_type: str, before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field that differs, in the office's words; a new object
    lists what it was made with, a deleted one what it held."""
    return [(name, old, new) for name, old, new, _verbatim in change_rows(object_type, before, after)]


def change_rows(object_type: str, before: Any, after: Any) -> list[tuple[str, str, str, bool]]:
    """`changes`, each with whether its values are Latin on purpose (`VERBATIM`)."""
    model = _model(object_type)
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    out = []
    for key in [*b, *(k for k in a if k not in b)]:
        if key in HIDDEN or b.get(key) == a.get(key):
            continue
        if key not in a and after is not None and before is not None:
            continue
        out.append((field_label(model, key), value_text(model, key, b.get(key)) if before is not None else "",
                    value_text(model, key, a.get(key)) if after is not None else "", key in VERBATIM))
    return out
