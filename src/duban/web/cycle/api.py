"""The supervision cycle over the API: rounds, lights, reports (draft, submit, review, evidence),
办理方案, roster, requests, instructions, inspections, reminders and notifications. Same
`restrict()` rules and the same services as the pages; ServiceErrors become 400/409 with the
Chinese message (see project/api.py)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, JsonResponse
from ninja import Field, File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import ConfigDict

from duban.web.accounts.models import UNIT_ROLES, Role
from duban.web.common.permissions import CHANGE, VIEW, get_for, require
from duban.web.common.services import ServiceError
from duban.web.cycle import evidence, services
from duban.web.cycle.models import (
    Attachment,
    ChangeRequest,
    ImplementationPlan,
    Inspection,
    Instruction,
    Notification,
    Reminder,
    Report,
    RosterEntry,
    Round,
)
from duban.web.cycle.permissions import may_review, may_run_cycle
from duban.web.directory.models import Unit
from duban.web.plans.models import Plan, Task

router = Router(tags=["督办"])

def _my_unit(request: HttpRequest) -> Unit:
    u = request.user
    if getattr(u, "role", "") not in UNIT_ROLES or not u.unit_id:  # type: ignore[union-attr]
        raise PermissionDenied("只有单位账户可以填报")
    return u.unit  # type: ignore[union-attr,return-value]  # unit_id checked above; loaded by restrict()


# --- schemas --------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    plan_id: int
    kind: str
    number: int
    title: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    state: str
    version: int


class RoundIn(Schema):
    kind: str = "quarterly"
    number: int = 1
    title: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    due_date: dt.date | None = None


class VersionIn(Schema):
    version: int | None = None


class ExtendIn(Schema):
    unit_id: int
    due_date: dt.date
    reason: str


class LightOut(Schema):
    task_id: int
    number: str
    light: str
    label: str
    reasons: list[str]
    report_id: int | None
    report_state: str | None


class OverdueOut(Schema):
    unit_id: int
    unit: str
    due: dt.date
    days: int
    missing: int = Field(description="未报:牵头单位应报而从未报送的完成情况(与通报、台账同一口径)")
    returned: int = Field(0, description="退回待重报的完成情况")
    parts: int = Field(0, description="配合部分未交牵头单位(不计入应报、未报)")


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


class ReportOut(Schema):
    id: int
    round_id: int
    task_id: int
    unit_id: int
    role: str
    status: str
    summary: str
    problems: str
    next_steps: str
    indicator_values: dict[str, float]
    done_items: list[int]
    state: str
    late: bool
    review_comment: str
    review_mark: str  # excellent / good / fair / poor (优/良/中/差), "" when not marked
    carried_from_id: int | None
    version: int
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Report) -> list[Attachment]:
        if "attachments" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.attachments.all())
        return list(Attachment.objects.filter(report_id=obj.pk))


class ReportIn(Schema):
    version: int
    status: str | None = None
    summary: str | None = None
    problems: str | None = None
    next_steps: str | None = None
    indicator_values: dict[str, Any] | None = None
    done_items: list[int] | None = None

    def data(self) -> dict[str, Any]:
        return {k: v for k, v in self.dict(exclude={"version"}).items() if v is not None}


class ImplReviewIn(Schema):
    """Reviewing a 办理方案: accept, or return with a comment; `version` refuses a stale review."""

    model_config = ConfigDict(extra="forbid")  # a field this review has not (a mark) is an error, not ignored

    accept: bool
    comment: str = ""
    version: int | None = None


class ReviewIn(ImplReviewIn):
    """Reviewing a report: as a 办理方案, and the office may grade what it accepts."""

    mark: str = ""  # excellent/good/fair/poor or 优/良/中/差, when the office accepts


class WorkItemIn(Schema):
    content: str
    month: int
    expected: int | None = None
    leader: str = ""
    department: str = ""


class WorkItemOut(WorkItemIn):
    id: int
    done_at: dt.date | None = None


class ImplOut(Schema):
    id: int
    task_id: int
    unit_id: int
    role: str
    leader_in_charge: str
    department: str
    measures: str
    state: str
    review_comment: str
    version: int
    items: list[WorkItemOut]

    @staticmethod
    def resolve_items(obj: ImplementationPlan) -> list[Any]:
        return list(obj.items.all())


class ImplIn(Schema):
    version: int
    leader_in_charge: str = ""
    department: str = ""
    measures: str = ""
    items: list[WorkItemIn] = []


class RosterOut(Schema):
    id: int
    unit_id: int
    slot: str
    name: str
    title: str
    office_phone: str
    mobile: str
    email: str


class RosterIn(Schema):
    slot: str
    name: str
    title: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""


class ChangeIn(Schema):
    kind: str
    reason: str
    proposed_deadline: str = ""
    proposed_text: str = ""
    proposed_light: str = ""
    report_id: int | None = None


class ChangeOut(Schema):
    id: int
    task_id: int
    unit_id: int
    kind: str
    reason: str
    proposed_deadline: str
    proposed_text: str
    proposed_light: str
    state: str
    decision: str


class DecideIn(Schema):
    approve: bool
    decision: str = ""


class InstructionIn(Schema):
    unit_id: int
    text: str
    due_date: dt.date | None = None
    report_id: int | None = None


class InstructionOut(Schema):
    id: int
    task_id: int
    unit_id: int
    leader_id: int | None
    text: str
    due_date: dt.date | None
    state: str
    answer: str


class TextIn(Schema):
    text: str = ""


class InspectionIn(Schema):
    report_id: int
    kind: str = "onsite"
    reason: str = ""


class FindingsIn(Schema):
    findings: str
    checked_on: dt.date | None = None


class InspectionOut(Schema):
    id: int
    task_id: int
    unit_id: int | None
    report_id: int | None
    kind: str
    reason: str
    findings: str
    done: bool


class ReminderOut(Schema):
    id: int
    about: str
    plan_id: int | None
    round_id: int | None
    unit_id: int
    kind: str
    level: int
    days: int
    subject: str
    emailed: bool
    email_state: str
    attempts: int
    error: str
    created_at: dt.datetime


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


# --- rounds ---------------------------------------------------------------------------------


@router.get("/cycle/rounds", response=list[RoundOut], summary="报送轮次")
def list_rounds(request: HttpRequest) -> Any:
    return Round.objects.restrict(request.user, VIEW)


@router.post("/cycle/plans/{plan_id}/rounds", response={201: RoundOut}, summary="安排报送轮次(督查室)")
def create_round(request: HttpRequest, plan_id: int, payload: RoundIn) -> Any:
    plan = get_for(request.user, Plan, CHANGE, pk=plan_id)
    return Status(201, services.create_round(actor=request.user, plan=plan, **payload.dict()))


@router.post("/cycle/rounds/{round_id}/open", response=RoundOut, summary="开启报送")
def open_round(request: HttpRequest, round_id: int, payload: VersionIn) -> Any:
    rnd = get_for(request.user, Round, CHANGE, pk=round_id)
    return services.open_round(actor=request.user, round=rnd, expected_version=payload.version)


@router.post("/cycle/rounds/{round_id}/close", response=RoundOut, summary="截止报送")
def close_round(request: HttpRequest, round_id: int, payload: VersionIn) -> Any:
    rnd = get_for(request.user, Round, CHANGE, pk=round_id)
    return services.close_round(actor=request.user, round=rnd, expected_version=payload.version)


@router.post("/cycle/rounds/{round_id}/extensions", summary="为一个单位延期")
def extend_round(request: HttpRequest, round_id: int, payload: ExtendIn) -> Any:
    rnd = get_for(request.user, Round, CHANGE, pk=round_id)
    unit = get_for(request.user, Unit, VIEW, pk=payload.unit_id)
    ext = services.extend_round(actor=request.user, round=rnd, unit=unit, due_date=payload.due_date, reason=payload.reason)
    return {"unit_id": ext.unit_id, "due_date": ext.due_date.isoformat()}


@router.get("/cycle/rounds/{round_id}/lights", response=list[LightOut], summary="各任务灯色及理由")
def lights(request: HttpRequest, round_id: int) -> Any:
    rnd = get_for(request.user, Round, VIEW, pk=round_id)
    out = []
    for tl in services.round_lights(rnd, Task.objects.restrict(request.user, VIEW).filter(plan_id=rnd.plan_id)):
        out.append({"task_id": tl.task.pk, "number": tl.task.number, "light": tl.light.value,
                    "label": tl.judgement.label, "reasons": list(tl.judgement.reasons),
                    "report_id": tl.report.pk if tl.report else None,
                    "report_state": tl.report.state if tl.report else None})
    return out


@router.get("/cycle/rounds/{round_id}/overdue", response=list[OverdueOut], summary="逾期未报送的单位")
def overdue(request: HttpRequest, round_id: int) -> Any:
    rnd = get_for(request.user, Round, VIEW, pk=round_id)
    visible = Unit.objects.restrict(request.user, VIEW)
    role = getattr(request.user, "role", "")
    if role == Role.LEADER:
        visible = visible.filter(leaders=request.user.leader_id)  # type: ignore[union-attr]
    elif role in UNIT_ROLES:
        visible = visible.filter(pk=request.user.unit_id)  # type: ignore[union-attr]
    elif role == Role.VIEWER:
        visible = visible.none()
    ids = list(visible.values_list("pk", flat=True))
    return [{"unit_id": o.unit.pk, "unit": o.unit.name, "due": o.due, "days": o.days, "missing": o.missing,
             "returned": o.returned, "parts": o.parts}
            for o in services.overdue_units(rnd, unit_ids=ids)]


class QueueOut(Schema):
    state: str
    counts: dict[str, int]
    next_report_id: int | None
    reports: list[ReportOut]


@router.get("/cycle/rounds/{round_id}/queue", response=QueueOut, summary="审核队列(督查室):按状态列出牵头单位的报告")
def queue(request: HttpRequest, round_id: int, state: str = "submitted", unit_id: int | None = None) -> Any:
    rnd = get_for(request.user, Round, CHANGE, pk=round_id)
    require(request.user, may_run_cycle, rnd.plan)
    if state not in ("submitted", "returned", "accepted"):
        raise ServiceError("state 应为 submitted(待审)、returned(退回待改)或 accepted(已通过)")
    lead = Report.objects.filter(round=rnd, role="lead")
    counts = {s: lead.filter(state=s).count() for s in ("submitted", "returned", "accepted")}
    rows = lead.filter(state=state).prefetch_related("attachments").order_by("submitted_at", "pk")
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    nxt = services.queue_next(rnd, unit=str(unit_id or ""))
    return {"state": state, "counts": counts, "next_report_id": nxt.pk if nxt else None, "reports": list(rows)}


class SubmitAllOut(Schema):
    submitted: list[int]
    refused: list[dict[str, Any]]


@router.post("/cycle/rounds/{round_id}/submit-all", response=SubmitAllOut, summary="本单位全部报送")
def submit_all(request: HttpRequest, round_id: int) -> Any:
    rnd = get_for(request.user, Round, VIEW, pk=round_id)
    done, refused = services.submit_all(actor=request.user, round=rnd, unit=_my_unit(request))
    return {"submitted": [r.pk for r in done],
            "refused": [{"report_id": r.pk, "task": r.task.number, "reason": why} for r, why in refused]}


class ChaseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    unit_ids: list[int]
    message: str
    channel_ids: list[int] = []
    email: bool = True


class ChaseOut(Schema):
    reminders: list[int]
    deliveries: list[dict[str, Any]]


@router.post("/cycle/rounds/{round_id}/chase", response=ChaseOut, summary="催办(督查室):站内通知、邮件、短信、工作群")
def chase(request: HttpRequest, round_id: int, payload: ChaseIn) -> Any:
    from duban.web.cycle import chase as hand
    from duban.web.cycle.models import DeliveryChannel

    rnd = get_for(request.user, Round, CHANGE, pk=round_id)
    chans = list(DeliveryChannel.objects.restrict(request.user, VIEW).filter(pk__in=payload.channel_ids))
    if len(chans) != len(set(payload.channel_ids)):
        raise Http404("没有找到该催办渠道")
    result = hand.chase(actor=request.user, round=rnd, unit_ids=payload.unit_ids, message=payload.message,
                        channels=chans, email=payload.email)
    return {"reminders": [r.pk for r in result.reminders],
            "deliveries": [{"channel": d.channel_label, "sent": d.sent, "outcome": d.outcome} for d in result.deliveries]}


# --- reports --------------------------------------------------------------------------------


def _report_to_change(request: HttpRequest, report_id: int) -> Report:
    """`get_for(user, Report, CHANGE)` in one query on the common path (the unit writing its own
    report); anyone else gets get_for's answer (404 when they may not see it, 403 when they may
    only read it). Unordered: a report's default ordering (round → plan → government, task,
    unit → government) would join six tables to sort one row."""
    rep = services.one(Report.objects.restrict(request.user, CHANGE).filter(pk=report_id)
                       .only("pk", "unit_id", "state", "version"))  # the services re-read it under lock
    return rep if rep is not None else get_for(request.user, Report, CHANGE, pk=report_id)


@router.get("/cycle/rounds/{round_id}/reports", response=list[ReportOut], summary="本轮我可见的报告")
def list_reports(request: HttpRequest, round_id: int) -> Any:
    rnd = get_for(request.user, Round, VIEW, pk=round_id)
    return Report.objects.restrict(request.user, VIEW).filter(round=rnd).prefetch_related("attachments")


@router.post("/cycle/rounds/{round_id}/tasks/{task_id}/report", response={201: ReportOut},
             summary="开始(或取回)本单位对该任务的报告;从上一轮报告开始")
def start_report(request: HttpRequest, round_id: int, task_id: int) -> Any:
    # get_for(user, Round, VIEW), unordered (the default ordering joins plan and government to sort one row)
    rnd = services.one(Round.objects.restrict(request.user, VIEW).filter(pk=round_id))
    if rnd is None:
        raise Http404("没有找到,或您无权查看")
    unit = _my_unit(request)
    task = services.one(Task.objects.filter(pk=task_id, plan_id=rnd.plan_id))
    if task is None:
        raise ServiceError("该任务不属于本轮报送的方案")
    return Status(201, services.start_report(actor=request.user, round=rnd, task=task, unit=unit))


@router.get("/cycle/reports/{report_id}", response=ReportOut, summary="报告")
def get_report(request: HttpRequest, report_id: int) -> Any:
    return get_for(request.user, Report, VIEW, pk=report_id)


@router.patch("/cycle/reports/{report_id}", response=ReportOut, summary="保存草稿(须带版本号)")
def save_report(request: HttpRequest, report_id: int, payload: ReportIn) -> Any:
    rep = _report_to_change(request, report_id)
    return services.save_report(actor=request.user, report=rep, expected_version=payload.version, data=payload.data())


@router.post("/cycle/reports/{report_id}/submit", response=ReportOut, summary="报送(报送后锁定,退回后可再改)")
def submit_report(request: HttpRequest, report_id: int, payload: ReportIn) -> Any:
    rep = _report_to_change(request, report_id)
    return services.submit_report(actor=request.user, report=rep, expected_version=payload.version, data=payload.data())


@router.post("/cycle/reports/{report_id}/review", response=ReportOut, summary="审核:通过或退回")
def review_report(request: HttpRequest, report_id: int, payload: ReviewIn) -> Any:
    rep = get_for(request.user, Report, VIEW, pk=report_id)
    require(request.user, may_review, rep)
    return services.review_report(actor=request.user, report=rep, accept=payload.accept, comment=payload.comment,
                                  expected_version=payload.version, mark=payload.mark)


@router.post("/cycle/reports/{report_id}/consolidate", response=ReportOut, summary="牵头单位汇总配合单位的情况")
def consolidate(request: HttpRequest, report_id: int, payload: VersionIn) -> Any:
    rep = get_for(request.user, Report, CHANGE, pk=report_id)
    return services.consolidate(actor=request.user, report=rep, expected_version=payload.version)


# A multipart body carries the file and its part headers; this much on top of the file is allowed.
MULTIPART_SLACK = 64 * 1024


def too_large_message() -> str:
    mb = settings.DUBAN_MAX_EVIDENCE_BYTES / (1024 * 1024)
    return f"上传的文件过大,单个佐证材料上限为 {mb:g} MB;请压缩或分拆后再上传"


def refuse_oversized(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """413 with the limit in Chinese when the declared body is larger than one evidence file may
    be — before the body is read or parsed (and before the token is looked up)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > settings.DUBAN_MAX_EVIDENCE_BYTES + MULTIPART_SLACK:
            return JsonResponse({"detail": too_large_message(), "field": "file"}, status=413,
                                json_dumps_params={"ensure_ascii": False})
        return run(request, *args, **kwargs)

    return wrapper


@router.post("/cycle/reports/{report_id}/attachments", response={201: AttachmentOut, 413: ErrorOut},
             summary="上传佐证材料(单个文件上限见 DUBAN_MAX_EVIDENCE_BYTES,超过的返回 413)")
@decorate_view(refuse_oversized)
def upload(request: HttpRequest, report_id: int, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    rep = _report_to_change(request, report_id)
    if file.size is not None and file.size > settings.DUBAN_MAX_EVIDENCE_BYTES:
        return Status(413, {"detail": too_large_message(), "field": "file"})
    return Status(201, services.add_attachment(actor=request.user, report=rep, name=file.name or "材料",
                                               data=file.read()))


@router.get("/cycle/attachments/{attachment_id}", summary="下载佐证材料")
def download(request: HttpRequest, attachment_id: int) -> Any:
    att = get_for(request.user, Attachment, VIEW, pk=attachment_id)
    try:
        fh = evidence.locate(att.stored_name).open("rb")
    except (ValueError, OSError) as exc:
        raise Http404 from exc
    resp = FileResponse(fh, content_type=att.content_type, as_attachment=True, filename=att.original_name)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --- 办理方案 and roster ---------------------------------------------------------------------


@router.post("/cycle/tasks/{task_id}/impl", response={201: ImplOut}, summary="开始(或取回)本单位的办理方案")
def start_impl(request: HttpRequest, task_id: int) -> Any:
    task = get_for(request.user, Task, VIEW, pk=task_id)
    return Status(201, services.start_impl_plan(actor=request.user, task=task, unit=_my_unit(request)))


@router.get("/cycle/impl/{impl_id}", response=ImplOut, summary="办理方案")
def get_impl(request: HttpRequest, impl_id: int) -> Any:
    return get_for(request.user, ImplementationPlan, VIEW, pk=impl_id)


@router.put("/cycle/impl/{impl_id}", response=ImplOut, summary="保存办理方案(替换全部工作事项)")
def save_impl(request: HttpRequest, impl_id: int, payload: ImplIn) -> Any:
    ip = get_for(request.user, ImplementationPlan, CHANGE, pk=impl_id)
    return services.save_impl_plan(actor=request.user, impl_plan=ip, expected_version=payload.version,
                                   leader_in_charge=payload.leader_in_charge, department=payload.department,
                                   measures=payload.measures, items=[i.dict() for i in payload.items])


@router.post("/cycle/impl/{impl_id}/submit", response=ImplOut, summary="报送办理方案")
def submit_impl(request: HttpRequest, impl_id: int, payload: VersionIn) -> Any:
    ip = get_for(request.user, ImplementationPlan, CHANGE, pk=impl_id)
    return services.submit_impl_plan(actor=request.user, impl_plan=ip, expected_version=payload.version)


@router.post("/cycle/impl/{impl_id}/review", response=ImplOut, summary="审核办理方案")
def review_impl(request: HttpRequest, impl_id: int, payload: ImplReviewIn) -> Any:
    ip = get_for(request.user, ImplementationPlan, VIEW, pk=impl_id)
    require(request.user, may_review, ip)
    return services.review_impl_plan(actor=request.user, impl_plan=ip, accept=payload.accept, comment=payload.comment,
                                     expected_version=payload.version)


@router.get("/cycle/roster", response=list[RosterOut], summary="督办工作人员名单(我可见的)")
def list_roster(request: HttpRequest) -> Any:
    return RosterEntry.objects.restrict(request.user, VIEW)


@router.put("/cycle/roster", response=RosterOut, summary="填写本单位的一位督办工作人员")
def put_roster(request: HttpRequest, payload: RosterIn) -> Any:
    return services.save_roster_entry(actor=request.user, unit=_my_unit(request), **payload.dict())


# --- requests, instructions, inspections ----------------------------------------------------


@router.get("/cycle/changes", response=list[ChangeOut], summary="调整与申诉")
def list_changes(request: HttpRequest) -> Any:
    return ChangeRequest.objects.restrict(request.user, VIEW)


@router.post("/cycle/tasks/{task_id}/changes", response={201: ChangeOut}, summary="申请调整完成时限、目标,或申诉")
def request_change(request: HttpRequest, task_id: int, payload: ChangeIn) -> Any:
    task = get_for(request.user, Task, VIEW, pk=task_id)
    report = (get_for(request.user, Report, CHANGE, pk=payload.report_id) if payload.report_id else None)
    d = payload.dict(exclude={"report_id"})
    return Status(201, services.request_change(actor=request.user, task=task, unit=_my_unit(request), report=report,
                                               **d))


@router.post("/cycle/changes/{change_id}/decide", response=ChangeOut, summary="审批(督查室)")
def decide_change(request: HttpRequest, change_id: int, payload: DecideIn) -> Any:
    cr = get_for(request.user, ChangeRequest, VIEW, pk=change_id)
    return services.decide_change(actor=request.user, change=cr, approve=payload.approve, decision=payload.decision)


@router.get("/cycle/instructions", response=list[InstructionOut], summary="领导批示")
def list_instructions(request: HttpRequest) -> Any:
    return Instruction.objects.restrict(request.user, VIEW)


@router.post("/cycle/tasks/{task_id}/instructions", response={201: InstructionOut}, summary="批示(领导)")
def give_instruction(request: HttpRequest, task_id: int, payload: InstructionIn) -> Any:
    task = get_for(request.user, Task, VIEW, pk=task_id)
    unit = get_for(request.user, Unit, VIEW, pk=payload.unit_id)
    report = get_for(request.user, Report, VIEW, pk=payload.report_id) if payload.report_id else None
    return Status(201, services.give_instruction(actor=request.user, task=task, unit=unit, text=payload.text,
                                                 due_date=payload.due_date, report=report))


@router.post("/cycle/instructions/{instruction_id}/answer", response=InstructionOut, summary="回复批示(单位)")
def answer_instruction(request: HttpRequest, instruction_id: int, payload: TextIn) -> Any:
    ins = get_for(request.user, Instruction, CHANGE, pk=instruction_id)
    return services.answer_instruction(actor=request.user, instruction=ins, answer=payload.text)


@router.post("/cycle/instructions/{instruction_id}/close", response=InstructionOut,
             summary="办结;带 text 则退回单位继续办理")
def close_instruction(request: HttpRequest, instruction_id: int, payload: TextIn) -> Any:
    ins = get_for(request.user, Instruction, CHANGE, pk=instruction_id)
    return services.close_instruction(actor=request.user, instruction=ins, reopen_comment=payload.text)


@router.post("/cycle/inspections", response={201: InspectionOut}, summary="列入督查暗访(督查室)")
def mark_inspection(request: HttpRequest, payload: InspectionIn) -> Any:
    rep = get_for(request.user, Report, CHANGE, pk=payload.report_id)
    return Status(201, services.mark_inspection(actor=request.user, task=rep.task, report=rep, kind=payload.kind,
                                                reason=payload.reason))


@router.post("/cycle/inspections/{inspection_id}/findings", response=InspectionOut, summary="记录核查结果")
def findings(request: HttpRequest, inspection_id: int, payload: FindingsIn) -> Any:
    insp = get_for(request.user, Inspection, CHANGE, pk=inspection_id)
    return services.record_findings(actor=request.user, inspection=insp, findings=payload.findings,
                                    checked_on=payload.checked_on)


@router.get("/cycle/reminders", response=list[ReminderOut], summary="催办记录")
def list_reminders(request: HttpRequest) -> Any:
    return Reminder.objects.restrict(request.user, VIEW)[:500]


@router.get("/cycle/notifications", response=list[NotificationOut], summary="我的站内通知")
def list_notifications(request: HttpRequest) -> Any:
    return Notification.objects.restrict(request.user, VIEW)[:200]


@router.post("/cycle/notifications/read", summary="全部标为已读")
def read_notifications(request: HttpRequest) -> Any:
    return {"read": services.mark_read(actor=request.user)}
