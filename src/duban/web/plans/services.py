"""Every write to plans: import (from a file or duban.plan/1), review edits, merge, split,
publication, and adjustments (调整) after it; plus reading a plan back as it was on a date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from duban.core.errors import DubanError
from duban.core.plan import Indicator as CoreIndicator
from duban.core.plan import Plan as CorePlan
from duban.core.plan import Section as CoreSection
from duban.core.plan import Task as CoreTask
from duban.core.plan import Warning as CoreWarning
from duban.web.common.models import AuditLog
from duban.web.common.permissions import require
from duban.web.common.services import ConflictError, ServiceError, actor_name, record, validate
from duban.web.directory.models import Government, Leader
from duban.web.directory.resolve import Index
from duban.web.directory.services import build_index
from duban.web.plans.deadlines import due_date
from duban.web.plans.models import (
    Plan,
    PlanStatus,
    RevisionKind,
    Section,
    Task,
    TaskKind,
    TaskRevision,
    TaskUnit,
    UnitRole,
)
from duban.web.plans.permissions import may_edit_plans

EDITABLE = ("text", "number", "kind", "starred", "leader_names", "lead_names", "coop_names", "persons",
            "deadline", "indicators", "section_id")


def refuse_second_plan(government: Government, year: int) -> None:
    other = Plan.objects.filter(government=government, year=year).first()
    if other is not None:
        raise ServiceError(
            f"{government.name}{year}年已有责任分解方案“{other}”({other.get_status_display()}),"
            "不能再导入第二个;如需更改,请在原方案上修改或调整", field="year",
        )


def _clean_names(values: Any) -> list[str]:
    out: list[str] = []
    for v in values or []:
        s = str(v).strip()
        if s and s not in out:
            out.append(s)
    return out


@transaction.atomic
def import_plan(
    *, actor: Any, government: Government, plan: CorePlan, year: int | None = None,
    source_name: str = "", source_text: str = "",
) -> Plan:
    """Store a parsed (or duban.plan/1) plan as a draft of `government` for its year."""
    require(actor, may_edit_plans, government)
    year = year or plan.year
    if not year:
        raise ServiceError("无法确定方案的年度,请填写年度", field="year")
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(f"年度“{year}”无效", field="year")
    refuse_second_plan(government, int(year))
    if not plan.tasks:
        raise ServiceError("文件中没有读到任何任务,未导入")
    p = Plan(
        government=government, year=int(year), title=(plan.title or "")[:200], issuer=(plan.issuer or "")[:100],
        source_name=(source_name or plan.source or "")[:200], source_text=source_text,
        warnings=[w.to_dict() for w in plan.warnings],
    )
    validate(p)
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError as exc:  # a concurrent import of the same year won the race
        raise ServiceError(f"{government.name}{year}年已有责任分解方案,不能再导入第二个", field="year") from exc
    by_key: dict[str, Section] = {}
    for i, s in enumerate(plan.sections):
        sec = Section.objects.create(
            plan=p, key=s.id[:20], parent=by_key.get(s.parent or ""), number=(s.number or "")[:20],
            title=s.title[:500], leaders=s.leaders, general_lead_units=s.general_lead_units, position=i,
            lines=list(s.lines) if s.lines else None,
        )
        by_key[s.id] = sec
    idx = build_index(government)
    leaders = _leader_lookup(government)
    for i, t in enumerate(plan.tasks):
        task = Task(
            plan=p, key=t.id[:20], section=by_key.get(t.section or ""), number=(t.number or "")[:20],
            kind=t.kind, starred=t.starred, text=t.text, leader_names=_clean_names(t.leaders),
            lead_names=_clean_names(t.lead_units), coop_names=_clean_names(t.cooperating_units),
            persons=_clean_names(t.persons), deadline=(t.deadline or "")[:100],
            due_date=due_date(t.deadline, int(year)), indicators=[ind.to_dict() for ind in t.indicators],
            lines=list(t.lines), position=(i + 1) * 10,
            suggestions=_suggestions_json(t), units_confirmed=not t.suggestions,
        )
        task.save()
        _link(task, idx, leaders)
    record(actor=actor, action="import", obj=p, after={
        "year": p.year, "title": p.title, "source": p.source_name, "tasks": len(plan.tasks),
        "sections": len(plan.sections), "warnings": len(plan.warnings),
    })
    return p


def _suggestions_json(t: CoreTask) -> dict[str, Any]:
    """A task's ranked unit suggestions as stored: role → [{unit, score, reasons}], best first."""
    if not t.suggestions:
        return {}
    return {role: [s.to_dict() for s in ranked] for role, ranked in t.suggestions.items()}


def upload_plan(*, actor: Any, government: Government, data: bytes, name: str, year: int | None = None) -> Plan:
    """Read an uploaded file with the core reader and import it; the reader's reason is the message."""
    from duban.core.parse import parse_document
    from duban.core.read import read_bytes

    require(actor, may_edit_plans, government)  # before the (slow) reading
    if len(data) > settings.DUBAN_MAX_UPLOAD_BYTES:
        raise ServiceError(f"文件过大:上限为 {settings.DUBAN_MAX_UPLOAD_BYTES // (1024 * 1024)} MB", field="file")
    if year:
        refuse_second_plan(government, year)  # before the (slow) reading
    try:
        doc = read_bytes(data, name=name)
        plan = parse_document(doc)
    except DubanError as exc:
        raise ServiceError(f"无法读取“{name}”:{exc.reason}", field="file") from exc
    except ValueError as exc:
        raise ServiceError(f"无法读取“{name}”:{exc}", field="file") from exc
    return import_plan(actor=actor, government=government, plan=plan, year=year, source_name=name,
                       source_text="\n".join(line.text for line in doc.lines))


# A duban.plan/1 document nests five levels (plan → tasks → task → indicators → indicator); a
# document nested far deeper is not one, and only costs the server (100,000 nested brackets made
# the JSON reader overflow Python's stack: an HTTP 500).
MAX_JSON_DEPTH = 32


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep lists and objects nest in `value` (walked without recursion; stops past `limit`)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((child, depth + 1) for child in (v.values() if isinstance(v, dict) else v))
    return deepest


def parse_plan_json(data: bytes) -> dict[str, Any]:
    """An uploaded .json file as a duban.plan/1 object, or a ServiceError saying why not."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except RecursionError as exc:
        raise ServiceError(f"JSON 文件嵌套层数过多(不是 duban.plan/1 文档,其嵌套不超过 {MAX_JSON_DEPTH} 层)",
                           field="file") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ServiceError("不是有效的 JSON 文件(应为 UTF-8 编码的 duban.plan/1 文档)", field="file") from exc
    if not isinstance(doc, dict):
        raise ServiceError("不是有效的 duban.plan/1 文档:最外层应为对象 {…}", field="file")
    return doc


def import_json(*, actor: Any, government: Government, data: dict[str, Any], year: int | None = None) -> Plan:
    require(actor, may_edit_plans, government)
    if json_depth(data) > MAX_JSON_DEPTH:
        raise ServiceError(f"文档嵌套层数过多(duban.plan/1 文档的嵌套不超过 {MAX_JSON_DEPTH} 层)", field="file")
    try:
        plan = CorePlan.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a field of the wrong shape
        raise ServiceError(f"不是有效的 duban.plan/1 文档:{exc}", field="file") from exc
    return import_plan(actor=actor, government=government, plan=plan, year=year, source_name=plan.source or "")


# --- names → units and leaders -------------------------------------------------------------

def _leader_lookup(government: Government) -> dict[str, int]:
    out: dict[str, int] = {}
    for lid, name, title in Leader.objects.filter(government=government).values_list("pk", "name", "title"):
        out[name] = lid
        if title:
            out.setdefault(title, lid)
    return out


def _link(task: Task, idx: Index, leaders: dict[str, int]) -> None:
    """Rebuild the task's unit and leader links from its names (unknown names link nothing)."""
    TaskUnit.objects.filter(task=task).delete()
    rows: dict[tuple[int, str], TaskUnit] = {}
    for role, names in ((UnitRole.LEAD, task.lead_names), (UnitRole.COOP, task.coop_names)):
        for n in names:
            for uid in idx.resolve(n).unit_ids:
                if role == UnitRole.COOP and (uid, UnitRole.LEAD) in rows:
                    continue
                rows[(uid, role)] = TaskUnit(task=task, unit_id=uid, role=role)
    TaskUnit.objects.bulk_create(rows.values())
    task.leaders.set([leaders[n] for n in task.leader_names if n in leaders])


def unknown_names(plan: Plan) -> list[str]:
    """Unit names the plan uses that the directory does not know, in order of first use."""
    idx = build_index(plan.government)
    seen: list[str] = []
    for lead, coop in plan.tasks.filter(removed=False).values_list("lead_names", "coop_names"):
        for n in [*lead, *coop]:
            if n not in seen and not idx.resolve(n).known:
                seen.append(n)
    return seen


@transaction.atomic
def relink_plan(*, actor: Any, plan: Plan) -> None:
    """Re-resolve every task's names after the directory changed (new units, aliases)."""
    require(actor, may_edit_plans, plan)
    idx = build_index(plan.government)
    leaders = _leader_lookup(plan.government)
    for task in plan.tasks.all():
        _link(task, idx, leaders)
    record(actor=actor, action="relink", obj=plan)


# --- review edits and adjustments ----------------------------------------------------------

def _last_change(task: Task) -> str:
    log = AuditLog.objects.filter(object_type="plans.task", object_id=str(task.pk)).order_by("-created_at", "-id").first()
    if log is None:
        return ""
    when = timezone.localtime(log.created_at)
    return f"{log.actor_name}于{when:%m月%d日%H:%M}"


def _lock(task: Task, expected_version: int) -> Task:
    fresh = Task.objects.select_for_update().select_related("plan", "plan__government").get(pk=task.pk)
    if fresh.version != expected_version:
        who = _last_change(fresh)
        raise ConflictError(
            f"任务“{fresh}”已被{who or '他人'}修改,您的修改没有保存(以免覆盖对方的修改)。"
            "您填写的内容保留在下方,请对照最新内容后重新提交。"
        )
    return fresh


def _check_names(task: Task, idx: Index) -> None:
    for field, label in (("lead_names", "牵头单位"), ("coop_names", "责任单位")):
        for n in getattr(task, field):
            if not idx.resolve(n).known:
                raise ServiceError(
                    f"{label}“{n}”不在单位名录中:请先在名录中添加该单位或别名,或在“单位匹配”中确认", field=field
                )


def _revise(task: Task, *, actor: Any, kind: str, reason: str) -> None:
    TaskRevision.objects.create(
        plan_id=task.plan_id, task=task, version=task.version, kind=kind, snapshot=task.audit_snapshot(),
        reason=reason, actor=actor if getattr(actor, "pk", None) else None, actor_name=actor_name(actor),
    )


def _need_reason(plan: Plan, reason: str) -> str:
    reason = (reason or "").strip()
    if plan.is_published and not reason:
        raise ServiceError("方案已发布,修改须作为“调整”记录:请填写调整原因", field="reason")
    return reason


@transaction.atomic
def update_task(
    *, actor: Any, task: Task, expected_version: int, changes: dict[str, Any], reason: str = ""
) -> Task:
    """Edit a task. Refused if it changed since `expected_version` was read; after publication
    the change needs a reason and is kept as an adjustment (调整)."""
    require(actor, may_edit_plans, task.plan)
    fresh = _lock(task, expected_version)
    reason = _need_reason(fresh.plan, reason)
    before = fresh.audit_snapshot()
    for k, v in changes.items():
        if k not in EDITABLE:
            raise ServiceError(f"不能修改字段 {k}")
        if k in ("leader_names", "lead_names", "coop_names", "persons"):
            v = _clean_names(v)
        setattr(fresh, k, v)
    if not str(fresh.text).strip():
        raise ServiceError("任务内容不能为空", field="text")
    if fresh.section_id and not Section.objects.filter(pk=fresh.section_id, plan_id=fresh.plan_id).exists():
        raise ServiceError("所选章节不属于本方案", field="section_id")
    idx = build_index(fresh.plan.government)
    names_changed = any(k in changes for k in ("lead_names", "coop_names"))
    if names_changed:
        fresh.units_confirmed = True  # the office wrote or kept the units itself
    if names_changed or fresh.plan.is_published:
        _check_names(fresh, idx)
    fresh.due_date = due_date(fresh.deadline, fresh.plan.year)
    validate(fresh, exclude=["plan", "section"])
    fresh.version += 1
    fresh.save()
    _link(fresh, idx, _leader_lookup(fresh.plan.government))
    after = fresh.audit_snapshot()
    if fresh.plan.is_published:
        _revise(fresh, actor=actor, kind=RevisionKind.ADJUST, reason=reason)
    record(actor=actor, action="adjust" if fresh.plan.is_published else "update", obj=fresh,
           before=before, after=after, reason=reason)
    return fresh


def _next_key(plan: Plan) -> str:
    n = 0
    for key in Task.objects.filter(plan=plan).values_list("key", flat=True):
        digits = "".join(c for c in key if c.isdigit())
        n = max(n, int(digits) if digits else 0)
    return f"T{n + 1}"


@transaction.atomic
def merge_tasks(*, actor: Any, task: Task, other: Task, expected_version: int, reason: str = "") -> Task:
    """Fold `other` into `task`: texts joined, names and indicators united; `other` is kept,
    marked removed, so its history stays readable."""
    require(actor, may_edit_plans, task.plan)
    if task.pk == other.pk or task.plan_id != other.plan_id:
        raise ServiceError("只能合并同一方案中的两个不同任务")
    fresh = _lock(task, expected_version)
    gone = Task.objects.select_for_update().get(pk=other.pk)
    if gone.removed:
        raise ServiceError("要合并的任务已被撤销")
    reason = _need_reason(fresh.plan, reason)
    before = {"task": fresh.audit_snapshot(), "other": gone.audit_snapshot()}
    fresh.text = f"{fresh.text.rstrip()}{gone.text.strip()}"
    for f in ("leader_names", "lead_names", "coop_names", "persons"):
        setattr(fresh, f, _clean_names([*getattr(fresh, f), *getattr(gone, f)]))
    fresh.coop_names = [n for n in fresh.coop_names if n not in fresh.lead_names]
    fresh.indicators = [*fresh.indicators, *gone.indicators]
    fresh.starred = fresh.starred or gone.starred
    fresh.units_confirmed = fresh.units_confirmed and gone.units_confirmed
    fresh.version += 1
    fresh.save()
    gone.removed = True
    gone.version += 1
    gone.save()
    idx = build_index(fresh.plan.government)
    _link(fresh, idx, _leader_lookup(fresh.plan.government))
    TaskUnit.objects.filter(task=gone).delete()
    if fresh.plan.is_published:
        _revise(fresh, actor=actor, kind=RevisionKind.MERGE, reason=reason)
        _revise(gone, actor=actor, kind=RevisionKind.REMOVE, reason=reason)
    record(actor=actor, action="merge", obj=fresh, before=before,
           after={"task": fresh.audit_snapshot(), "other": gone.audit_snapshot()}, reason=reason)
    return fresh


@transaction.atomic
def split_task(
    *, actor: Any, task: Task, expected_version: int, first: str, second: str, reason: str = ""
) -> tuple[Task, Task]:
    """Cut a task in two: the first part stays, the second becomes a new task right after it,
    with the same section, units and leaders."""
    require(actor, may_edit_plans, task.plan)
    first, second = first.strip(), second.strip()
    if not first or not second:
        raise ServiceError("拆分后的两部分都不能为空", field="second")
    fresh = _lock(task, expected_version)
    reason = _need_reason(fresh.plan, reason)
    before = fresh.audit_snapshot()
    fresh.text = first
    fresh.version += 1
    fresh.save()
    Task.objects.filter(plan_id=fresh.plan_id, position__gt=fresh.position).update(position=F("position") + 10)
    new = Task.objects.create(
        plan_id=fresh.plan_id, section_id=fresh.section_id, key=_next_key(fresh.plan),
        number=f"{fresh.number}-2" if fresh.number else "", kind=fresh.kind, starred=fresh.starred, text=second,
        leader_names=list(fresh.leader_names), lead_names=list(fresh.lead_names), coop_names=list(fresh.coop_names),
        persons=list(fresh.persons), deadline=fresh.deadline, due_date=fresh.due_date, lines=fresh.lines,
        position=fresh.position + 5, suggestions=dict(fresh.suggestions), units_confirmed=fresh.units_confirmed,
    )
    idx = build_index(fresh.plan.government)
    _link(new, idx, _leader_lookup(fresh.plan.government))
    if fresh.plan.is_published:
        _revise(fresh, actor=actor, kind=RevisionKind.SPLIT, reason=reason)
        _revise(new, actor=actor, kind=RevisionKind.ADD, reason=reason)
    record(actor=actor, action="split", obj=fresh, before=before,
           after={"task": fresh.audit_snapshot(), "new": new.audit_snapshot()}, reason=reason)
    return fresh, new


@transaction.atomic
def confirm_units(
    *, actor: Any, task: Task, expected_version: int, lead_names: list[str], coop_names: list[str] | None = None,
) -> Task:
    """The office confirms a task's units: the suggested ones, or others it chose among them.
    Names must be in the directory; the task is then ready to publish."""
    require(actor, may_edit_plans, task.plan)
    fresh = _lock(task, expected_version)
    if fresh.plan.is_published:
        raise ServiceError("方案已发布:单位的变化请作为调整修改任务")
    before = fresh.audit_snapshot()
    fresh.lead_names = _clean_names(lead_names)
    if coop_names is not None:
        fresh.coop_names = _clean_names(coop_names)
    fresh.coop_names = [n for n in fresh.coop_names if n not in fresh.lead_names]
    if not fresh.lead_names:
        raise ServiceError("请选择牵头单位", field="lead_names")
    idx = build_index(fresh.plan.government)
    _check_names(fresh, idx)
    fresh.units_confirmed = True
    fresh.version += 1
    fresh.save()
    _link(fresh, idx, _leader_lookup(fresh.plan.government))
    record(actor=actor, action="confirm_units", obj=fresh, before=before, after=fresh.audit_snapshot())
    return fresh


@transaction.atomic
def confirm_all_units(*, actor: Any, plan: Plan) -> int:
    """Confirm the suggested units of every task that has a lead unit, as they stand after the
    office's review; the number confirmed. Tasks with no lead are left for the office."""
    require(actor, may_edit_plans, plan)
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if fresh.is_published:
        raise ServiceError("方案已发布")
    pending = Task.objects.filter(plan=fresh, removed=False, units_confirmed=False).exclude(lead_names=[])
    ids = list(pending.values_list("pk", flat=True))
    pending.update(units_confirmed=True, version=F("version") + 1, updated_at=timezone.now())
    record(actor=actor, action="confirm_units", obj=fresh, after={"tasks": ids})
    return len(ids)


@transaction.atomic
def move_task(*, actor: Any, task: Task, expected_version: int, direction: str) -> Task:
    """Move a task one place up or down among the plan's live tasks (its section follows the
    neighbour it passes when that one sits under another heading)."""
    require(actor, may_edit_plans, task.plan)
    if direction not in ("up", "down"):
        raise ServiceError("移动方向应为上移或下移")
    fresh = _lock(task, expected_version)
    reason = _need_reason(fresh.plan, "调整顺序" if fresh.plan.is_published else "")
    live = Task.objects.filter(plan_id=fresh.plan_id, removed=False)
    if direction == "up":
        other = live.filter(position__lt=fresh.position).order_by("-position", "-pk").first()
    else:
        other = live.filter(position__gt=fresh.position).order_by("position", "pk").first()
    if other is None:
        raise ServiceError("已在最" + ("前" if direction == "up" else "后"))
    other = Task.objects.select_for_update().get(pk=other.pk)
    before = {"position": fresh.position, "section_id": fresh.section_id}
    fresh.position, other.position = other.position, fresh.position
    if fresh.section_id != other.section_id:
        fresh.section_id = other.section_id
    fresh.version += 1
    other.version += 1
    fresh.save()
    other.save()
    if fresh.plan.is_published:
        _revise(fresh, actor=actor, kind=RevisionKind.ADJUST, reason=reason)
    record(actor=actor, action="move", obj=fresh, before=before,
           after={"position": fresh.position, "section_id": fresh.section_id, "past": other.pk})
    return fresh


@transaction.atomic
def publish_plan(*, actor: Any, plan: Plan, expected_version: int | None = None) -> Plan:
    """Make the draft the authoritative ledger. Every unit name must be in the directory and
    every task must have a unit; from now on a change is an adjustment with a reason."""
    require(actor, may_edit_plans, plan)
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError("方案已被他人修改,请刷新后再发布")
    if fresh.is_published:
        raise ServiceError("方案已发布")
    tasks = list(fresh.tasks.filter(removed=False))
    if not tasks:
        raise ServiceError("方案中没有任务,不能发布")
    unconfirmed = [t for t in tasks if not t.units_confirmed]
    if unconfirmed:
        raise ServiceError(
            f"有 {len(unconfirmed)} 项任务的建议单位尚未确认(如“{unconfirmed[0]}”):请逐项确认,"
            "或核对后点“确认全部建议单位”"
        )
    unknown = unknown_names(fresh)
    if unknown:
        shown = "、".join(unknown[:8]) + ("等" if len(unknown) > 8 else "")
        raise ServiceError(f"有 {len(unknown)} 个单位名称不在单位名录中({shown}),请先在“单位匹配”中确认后再发布")
    relink_plan(actor=actor, plan=fresh)
    orphan = [t for t in tasks if not t.task_units.exists()]
    if orphan:
        raise ServiceError(f"有 {len(orphan)} 项任务没有牵头或责任单位(如“{orphan[0]}”),请补充后再发布")
    now = timezone.now()
    for t in tasks:
        TaskRevision.objects.create(
            plan=fresh, task=t, version=t.version, kind=RevisionKind.PUBLISH, snapshot=t.audit_snapshot(),
            actor=actor if getattr(actor, "pk", None) else None, actor_name=actor_name(actor), created_at=now,
        )
    before = {"status": fresh.status}
    fresh.status = PlanStatus.PUBLISHED
    fresh.published_at = now
    fresh.published_by = actor if getattr(actor, "pk", None) else None
    fresh.version += 1
    fresh.save()
    record(actor=actor, action="publish", obj=fresh, before=before, after={"status": fresh.status, "tasks": len(tasks)})
    return fresh


@transaction.atomic
def delete_draft(*, actor: Any, plan: Plan) -> None:
    require(actor, may_edit_plans, plan)
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if fresh.is_published:
        raise ServiceError("已发布的方案不能删除,只能调整")
    record(actor=actor, action="delete", obj=fresh, before={"year": fresh.year, "title": fresh.title,
                                                            "tasks": fresh.tasks.count()})
    fresh.delete()


# --- reading back ---------------------------------------------------------------------------

def plan_at(plan: Plan, when: dt.datetime) -> list[dict[str, Any]]:
    """The plan's tasks as they stood at `when` (published plans only; [] before publication)."""
    latest: dict[int, dict[str, Any]] = {}
    revs = TaskRevision.objects.filter(plan=plan, created_at__lte=when).order_by("created_at", "id")
    for task_id, snap, created in revs.values_list("task_id", "snapshot", "created_at"):
        latest[task_id] = {**snap, "task_id": task_id, "as_of": created}
    rows = [s for s in latest.values() if not s.get("removed")]
    rows.sort(key=lambda s: (s.get("position", 0), s["task_id"]))
    return rows


def to_core(plan: Plan) -> CorePlan:
    """The plan as it stands, as duban.plan/1."""
    sections = [
        CoreSection(id=s.key, title=s.title, parent=s.parent.key if s.parent else None, number=s.number or None,
                    leaders=list(s.leaders), general_lead_units=list(s.general_lead_units),
                    lines=(s.lines[0], s.lines[1]) if s.lines else None)
        for s in plan.sections.select_related("parent")
    ]
    from duban.core.suggest import lead_doubtful

    tasks = []
    for t in plan.tasks.filter(removed=False).select_related("section"):
        lines = t.lines or [0, 0]
        first = next((s for s in (t.suggestions or {}).get("lead", []) if isinstance(s, dict)), None)
        tasks.append(CoreTask(
            id=t.key, text=t.text, number=t.number or None, section=t.section.key if t.section else None,
            kind="target" if t.kind == TaskKind.TARGET else "task", starred=t.starred,
            leaders=list(t.leader_names), lead_units=list(t.lead_names), cooperating_units=list(t.coop_names),
            persons=list(t.persons), deadline=t.deadline or None,
            indicators=[CoreIndicator.from_dict(i) for i in t.indicators if isinstance(i, dict) and "value" in i],
            lines=(int(lines[0]), int(lines[-1])),
            suggestions=CoreTask.from_dict({"id": t.key, "suggestions": t.suggestions}).suggestions or None,
            # 待确认 in the exports as on the review page, until the office confirms the units
            lead_unconfirmed=not t.units_confirmed and lead_doubtful(
                t.lead_names, (str(first.get("unit", "")), float(first.get("score", 1.0))) if first else None),
        ))
    return CorePlan(
        title=plan.title or None, region=plan.government.region, year=plan.year, issuer=plan.issuer or None,
        sections=sections, tasks=tasks, warnings=[CoreWarning.from_dict(w) for w in plan.warnings],
        source=plan.source_name or None,
    )
