"""Every write of the documents area, each with its audit row in the same transaction; and the
read-only builders the views call (exports are reads: they write nothing).

Bad input is a ServiceError with a Chinese message: an empty plan, a round with no reports, a
returned spreadsheet that does not fit, a bulletin edited after it was issued."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.core.scrub import scrub_contacts
from duban.web.common.permissions import require
from duban.web.common.services import ConflictError, ServiceError, record, validate
from duban.web.cycle.permissions import may_file_for
from duban.web.documents import assess, collect, yoy
from duban.web.documents.builders import bulletin as bulletin_builder
from duban.web.documents.builders import forms, ledger
from duban.web.documents.fonts import FontMissing
from duban.web.documents.models import (
    Bulletin,
    BulletinState,
    PlanLink,
    PublicPlan,
    PublicProgress,
    ReturnState,
    ReturnUpload,
    ScoringRules,
    TaskMatch,
)
from duban.web.documents.permissions import may_edit_documents
from duban.web.documents.returns import ReturnError, read_return
from duban.web.plans.models import Plan, Task

# --- exports ---------------------------------------------------------------------------------


def _core(plan: Plan) -> Any:
    from duban.web.plans.services import to_core

    core = to_core(plan)
    if not core.tasks:
        raise ServiceError("该方案没有任何任务,无法导出")
    return core


def plan_table(plan: Plan, fmt: str) -> bytes:
    """The plan as the official table: .xlsx (the core exporter) or .docx."""
    from duban.core.export import plan_to_xlsx

    core = _core(plan)
    return plan_to_xlsx(core) if fmt == "xlsx" else forms.plan_docx(core)


def unit_form(plan: Plan, unit: Any, form: int, fmt: str, *, rnd: Any = None) -> bytes:
    """附表1, 2 or 3 of `unit`, pre-filled; 附表3 for a round carries what the unit last said."""
    name = unit.name
    if form == 2:
        roster = collect.roster_lines(unit)
        return forms.form2_xlsx(name, roster) if fmt == "xlsx" else forms.form2_docx(name, roster)
    tasks = collect.unit_tasks(plan, unit, round=rnd)
    if not tasks:
        raise ServiceError(f"{name}在“{plan}”中没有承担任务,无需填写此表")
    if form == 1:
        return forms.form1_xlsx(name, str(plan), tasks) if fmt == "xlsx" else forms.form1_docx(name, str(plan), tasks)
    period = rnd.title if rnd is not None else "第X季度"
    if fmt == "xlsx":
        return forms.form3_xlsx(name, period, tasks, meta=_form3_meta(plan, unit, rnd, tasks))
    return forms.form3_docx(name, period, tasks)


def _form3_meta(plan: Plan, unit: Any, rnd: Any, tasks: list[forms.UnitTask]) -> dict[str, Any]:
    """What a 附表3 workbook was made for, kept in its hidden sheet to check a return against."""
    return {"form": 3, "plan": plan.pk, "unit": unit.pk, "round": getattr(rnd, "pk", None),
            "tasks": [t.task_id for t in tasks]}


FORM_NAMES = {1: "办理方案", 2: "督办工作人员名单", 3: "完成情况"}


def form_file_name(unit: Any, form: int, rnd: Any = None) -> str:
    """附表1-示例区发展和改革局办理方案: what the office and the unit call the file."""
    period = rnd.title if form == 3 and rnd is not None else ""
    return f"附表{form}-{unit.name}{period}{FORM_NAMES[form]}"


def plan_units(plan: Plan) -> list[Any]:
    """Every unit with a task in the plan, lead or cooperating: the units that file 附表."""
    from duban.web.directory.models import Unit
    from duban.web.plans.models import TaskUnit

    ids = TaskUnit.objects.filter(task__plan=plan, task__removed=False).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


class _Chunks:
    """A write-only file that hands back what was written since last asked: zipfile writes a
    .zip to it (as to any unseekable file), and the web view sends the bytes as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def forms_zip(rnd: Any, units: list[Any]) -> Iterator[bytes]:
    """Every unit's 附表1, 附表2 and the round's 附表3 as one .zip, a folder per unit: Word for
    each form (as the notice prints them) and Excel for 附表3 (which a unit may fill offline and
    upload back). Yielded a unit at a time: 200 units take most of a minute, and the download
    runs meanwhile instead of a connection waiting in silence."""
    if not units:  # refused here, before the download starts (a generator would only raise once read)
        raise ServiceError("该方案还没有落实到任何单位,没有附表可下载")
    return _zip_chunks(rnd, units)


def _zip_chunks(rnd: Any, units: list[Any]) -> Iterator[bytes]:
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as zf:  # .docx and .xlsx are compressed already
        for unit in units:
            for name, data in _unit_files(rnd, unit):
                zf.writestr(f"{unit.name}/{name}", data)
            yield sink.take()
    yield sink.take()


def _unit_files(rnd: Any, unit: Any) -> list[tuple[str, bytes]]:
    """A unit's 附表1, 2 and 3 (Word) and 附表3 (Excel) for the round, its tasks read once for all
    (附表1 uses their work items, 附表3 what was reported by the round)."""
    plan = rnd.plan
    tasks = collect.unit_tasks(plan, unit, round=rnd)
    out = [(f"{form_file_name(unit, 2, rnd)}.docx", forms.form2_docx(unit.name, collect.roster_lines(unit)))]
    if tasks:
        out += [
            (f"{form_file_name(unit, 1, rnd)}.docx", forms.form1_docx(unit.name, str(plan), tasks)),
            (f"{form_file_name(unit, 3, rnd)}.docx", forms.form3_docx(unit.name, rnd.title, tasks)),
            (f"{form_file_name(unit, 3, rnd)}.xlsx",
             forms.form3_xlsx(unit.name, rnd.title, tasks, meta=_form3_meta(plan, unit, rnd, tasks))),
        ]
    return out


def ledger_file(rnd: Any) -> bytes:
    fig = collect.round_figures(rnd)
    if not fig.tasks:
        raise ServiceError("该方案没有任何任务,无法生成台账")
    return ledger.ledger_xlsx(fig)


# --- returns by spreadsheet -------------------------------------------------------------------

@transaction.atomic
def upload_return(*, actor: Any, rnd: Any, unit: Any, data: bytes, name: str) -> ReturnUpload:
    """Read a returned 附表3 and keep what it says, pending the unit's confirmation. A file with
    errors is not kept at all: the errors are raised for the page to show."""
    require(actor, may_file_for, unit)
    if not rnd.is_open:
        raise ServiceError(f"“{rnd}”不在报送期内,不能上传")
    expected = collect.unit_tasks(rnd.plan, unit, round=rnd)  # lead and cooperating: both report
    try:
        result = read_return(data, name, expected)
    except ReturnError as exc:
        raise ServiceError(str(exc), field="file") from exc
    if result.errors:
        raise ServiceError("表格未通过检查,没有保存任何内容:" + ";".join(result.errors[:20]), field="file")
    filed = _filed_tasks(rnd, unit)
    for row in result.rows:  # a task already reported this round is shown as such, and skipped
        row.filed = row.task_id in filed
    if filed & {r.task_id for r in result.rows}:
        result.notes.append("已报送的任务(表中标为“已报送”)本次不更新;如需修改,请联系审核单位退回")
    versions = _report_versions(rnd, unit)
    rows = [{**r.to_dict(), "report_version": versions.get(r.task_id)} for r in result.rows]
    up = ReturnUpload(round=rnd, unit=unit, file_name=name[:200], sha256=hashlib.sha256(data).hexdigest(),
                      rows=rows, notes=result.notes,
                      uploaded_by=actor if getattr(actor, "pk", None) else None)
    validate(up, exclude=["rows", "notes"])  # empty lists are fine here
    up.save()
    record(actor=actor, action="return_upload", obj=up, after={"rows": len(up.rows), "file": up.file_name})
    return up


def _report_versions(rnd: Any, unit: Any) -> dict[int, int]:
    """task id → the version of the unit's report on it in the round, as it stands now."""
    from duban.web.cycle.models import Report

    return dict(Report.objects.filter(round=rnd, unit=unit).values_list("task_id", "version"))


@dataclass(frozen=True)
class Changed:
    """A report changed in the system after its 附表3 was uploaded: by whom, when, what it says now."""

    number: str
    by: str
    at: Any
    status: str
    summary: str

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%m月%d日 %H:%M") if self.at else ""
        return f"序号{self.number}:{self.by or '他人'}于{when}修改了系统中的报告"


class ReturnConflict(ConflictError):
    """Confirming the upload would overwrite reports changed since it was uploaded: nothing saved."""

    def __init__(self, changed: list[Changed]) -> None:
        self.changed = changed
        super().__init__("上传附表3之后,系统中的报告又有修改(" + ";".join(str(c) for c in changed)
                         + "),为免覆盖,本次没有保存任何内容;请核对下方系统中的内容,重新下载附表3填写后再上传")


def _changed_since_upload(up: ReturnUpload) -> list[Changed]:
    """The rows whose report moved on after the upload (a report started since counts only once
    someone saved it: a new report is version 1)."""
    from duban.web.common.models import AuditLog
    from duban.web.cycle.models import Report

    now = {r.task_id: r for r in Report.objects.filter(round=up.round, unit=up.unit)}
    out = []
    for row in up.rows:
        rep = now.get(row["task_id"])
        if rep is None or row.get("filed"):
            continue
        seen = row.get("report_version")
        if (seen is None and rep.version > 1) or (seen is not None and rep.version != seen):
            last = (AuditLog.objects.filter(object_type="cycle.report", object_id=str(rep.pk))
                    .order_by("-created_at", "-id").values_list("actor_name", "created_at").first())
            out.append(Changed(row["number"], last[0] if last else "", last[1] if last else rep.updated_at,
                               rep.get_status_display() if rep.status else "", rep.summary))
    return out


def _filed_tasks(rnd: Any, unit: Any) -> set[int]:
    """The unit's tasks already submitted (or accepted) in the round: locked, not to be touched."""
    from duban.web.cycle.models import Report

    return set(Report.objects.filter(round=rnd, unit=unit, state__in=("submitted", "accepted"))
               .values_list("task_id", flat=True))


@dataclass
class Confirmed:
    """What a confirmed return did: drafts saved, reports submitted, rows left as they were
    (already submitted), and rows that could not be submitted, with why (kept as drafts)."""

    saved: int = 0
    submitted: int = 0
    skipped: list[str] = field(default_factory=list)  # numbers of tasks already submitted
    refused: list[str] = field(default_factory=list)  # "序号 3:请在“存在问题”中说明原因"


@transaction.atomic
def confirm_return(*, actor: Any, upload: ReturnUpload, submit: bool = False) -> Confirmed:
    """Save the rows shown to the unit as its reports' drafts (through the cycle's services),
    leaving alone the tasks already submitted this round; with `submit`, also submit each saved
    report in the same step (one that the cycle refuses, say 滞后 without 存在问题, stays a draft
    and is named). Then mark the upload saved."""
    require(actor, may_file_for, upload.unit_id)
    up = ReturnUpload.objects.select_for_update().get(pk=upload.pk)
    if up.state != ReturnState.PENDING:
        raise ServiceError("该表格已处理过,不能重复保存")
    if not up.round.is_open:
        raise ServiceError(f"“{up.round}”已截止,不能保存")
    changed = _changed_since_upload(up)
    if changed:
        raise ReturnConflict(changed)
    from duban.web.cycle import services as cycle

    done = Confirmed()
    filed = _filed_tasks(up.round, up.unit)
    for row in up.rows:
        task = Task.objects.get(pk=row["task_id"])
        if task.pk in filed:
            done.skipped.append(row["number"])
            continue
        data: dict[str, Any] = {}
        if row.get("done"):
            data["summary"] = row["done"]
        if row.get("status"):
            data["status"] = collect.STATUS_VALUE[row["status"]]
        if row.get("indicators"):
            # as typed, in the unit the form printed: the cycle scales 万亩/亿元 itself
            data["indicator_values"] = {k: f"{v:g}" for k, v in row["indicators"].items()}
        if not data:
            continue
        report = cycle.start_report(actor=actor, round=up.round, task=task, unit=up.unit)
        # the version seen at upload (checked above): a save landing meanwhile is refused, not overwritten
        report = cycle.save_report(actor=actor, report=report, expected_version=report.version, data=data)
        done.saved += 1
        if submit:
            try:
                with transaction.atomic():
                    cycle.submit_report(actor=actor, report=report, expected_version=report.version)
                done.submitted += 1
            except ServiceError as exc:
                done.refused.append(f"序号{row['number']}:{exc.message}")
    up.state = ReturnState.CONFIRMED
    up.save(update_fields=["state", "updated_at"])
    record(actor=actor, action="return_confirm", obj=up, after={
        "saved": done.saved, "submitted": done.submitted, "skipped": done.skipped, "refused": done.refused})
    return done


@transaction.atomic
def discard_return(*, actor: Any, upload: ReturnUpload) -> None:
    require(actor, may_file_for, upload.unit_id)
    if upload.state != ReturnState.PENDING:
        raise ServiceError("该表格已处理过")
    upload.state = ReturnState.DISCARDED
    upload.save(update_fields=["state", "updated_at"])
    record(actor=actor, action="return_discard", obj=upload)


# --- bulletins -------------------------------------------------------------------------------

BULLETIN_FIELDS = ("masthead", "number", "title", "addressee", "intro", "requirements", "issuer", "date_text", "cc",
                   "printer")


def office_text(b: Bulletin) -> bulletin_builder.OfficeText:
    """The office's words, dated the day the bulletin was issued (today for a preview)."""
    issued = timezone.localdate(b.issued_at) if b.issued_at else timezone.localdate()
    return bulletin_builder.OfficeText(title=b.title, number=b.number, addressee=b.addressee, intro=b.intro,
                                       requirements=b.requirements, issuer=b.issuer, date=b.date_text,
                                       masthead=b.masthead, cc=b.cc, printer=b.printer, issued=issued)


def _figures_or_refuse(rnd: Any) -> Any:
    fig = collect.round_figures(rnd)
    if not fig.tasks:
        raise ServiceError("该方案没有任何任务,无法生成通报")
    if not fig.has_reports:
        raise ServiceError(f"“{rnd}”还没有任何单位报送完成情况,无法生成通报")
    return fig


@transaction.atomic
def create_bulletin(*, actor: Any, rnd: Any) -> Bulletin:
    """A draft with the default wording, which the office edits before issuing."""
    require(actor, may_edit_documents, rnd.plan)
    fig = _figures_or_refuse(rnd)
    count = Bulletin.objects.filter(round__plan=rnd.plan).count()
    # the red head and the 版记 are the office's own: carried over from its last bulletin
    last = Bulletin.objects.filter(round__plan__government=rnd.plan.government).order_by("-created_at", "-id").first()
    b = Bulletin(round=rnd, title=bulletin_builder.default_title(fig), number=f"第{count + 1}期",
                 intro=bulletin_builder.default_intro(fig), requirements=bulletin_builder.default_requirements(),
                 addressee=rnd.plan.government.addressee,
                 issuer=last.issuer if last and last.issuer else rnd.plan.government.office_title,
                 masthead=last.masthead if last and last.masthead else rnd.plan.government.office_title,
                 cc=last.cc if last else "", printer=last.printer if last else "")
    validate(b)
    b.save()
    record(actor=actor, action="create", obj=b, after=b.audit_snapshot())
    return b


@transaction.atomic
def update_bulletin(*, actor: Any, bulletin: Bulletin, expected_version: int, changes: dict[str, Any]) -> Bulletin:
    require(actor, may_edit_documents, bulletin.round.plan)
    b = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if b.is_issued:
        raise ServiceError("通报已印发,不能再修改(已印发的文件按原样保存)")
    if b.version != expected_version:
        raise ConflictError("通报已被他人修改,您的修改没有保存:请刷新后重新编辑")
    before = b.audit_snapshot()
    for k, v in changes.items():
        if k not in BULLETIN_FIELDS:
            raise ServiceError(f"不能修改字段 {k}")
        setattr(b, k, v)
    if not b.title.strip():
        raise ServiceError("标题不能为空", field="title")
    validate(b)
    b.version += 1
    b.save()
    record(actor=actor, action="update", obj=b, before=before, after=b.audit_snapshot())
    return b


def _content(fig: Any, b: Bulletin) -> list[bulletin_builder.Block]:
    try:
        return bulletin_builder.blocks(fig, office_text(b))
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
    except FontMissing as exc:
        raise ServiceError(str(exc)) from exc


def render_bulletin(b: Bulletin, fmt: str) -> bytes:
    """The issued file as issued; a draft rendered from today's figures (a preview)."""
    if b.is_issued:
        data = b.docx if fmt == "docx" else b.pdf
        return bytes(data or b"")
    content = _content(_figures_or_refuse(b.round), b)
    try:
        return bulletin_builder.to_docx(content, title=b.title) if fmt == "docx" else \
            bulletin_builder.to_pdf(content, title=b.title)
    except FontMissing as exc:
        raise ServiceError(str(exc)) from exc


@transaction.atomic
def issue_bulletin(*, actor: Any, bulletin: Bulletin, expected_version: int) -> Bulletin:
    """Build the Word and PDF files once and keep them: an issued bulletin is never rebuilt."""
    require(actor, may_edit_documents, bulletin.round.plan)
    b = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if b.is_issued:
        raise ServiceError("该通报已印发")
    if b.version != expected_version:
        raise ConflictError("通报已被他人修改:请核对后再印发")
    from duban.web.cycle import services as cycle

    cycle.fix_round_lights(actor=actor, round=b.round)  # what the 通报 says, the round shows from now on
    fig = _figures_or_refuse(b.round)
    before = b.audit_snapshot()
    b.issued_at = timezone.now()
    if not b.date_text.strip():  # 成文日期: the day it is issued, kept with it
        b.date_text = bulletin_builder.cn_date(timezone.localdate(b.issued_at))
    content = _content(fig, b)
    try:
        b.docx = bulletin_builder.to_docx(content, title=b.title)
        b.pdf = bulletin_builder.to_pdf(content, title=b.title)
    except FontMissing as exc:
        raise ServiceError(str(exc)) from exc
    b.figures = {"status": fig.by_status(), "light": fig.by_light(), "expected": fig.reports_expected,
                 "on_time": fig.reports_on_time, "late": fig.reports_late, "missing": fig.reports_missing,
                 "lagging": [t.task_id for t in fig.lagging()], "as_of": fig.as_of.isoformat()}
    b.state = BulletinState.ISSUED
    b.issued_by = actor if getattr(actor, "pk", None) else None
    b.version += 1
    b.save()
    record(actor=actor, action="issue", obj=b, before=before, after=b.audit_snapshot())
    return b


# --- the public page -------------------------------------------------------------------------

def scrub(text: str) -> str:
    """Phone and ID numbers out of a text meant for the public, in the formats people type
    (duban.core.scrub); names are the office's to remove."""
    return scrub_contacts(text)


@transaction.atomic
def set_public(*, actor: Any, plan: Plan, published: bool, show_progress: bool, note: str = "") -> PublicPlan:
    require(actor, may_edit_documents, plan)
    if published and not plan.is_published:
        raise ServiceError("方案尚未发布,不能公开")
    pp, _ = PublicPlan.objects.get_or_create(plan=plan)
    before = pp.audit_snapshot()
    pp.published, pp.show_progress, pp.note = published, show_progress, note
    if published and pp.published_at is None:
        pp.published_at = timezone.now()
    validate(pp)
    pp.version += 1
    pp.save()
    record(actor=actor, action="publish" if published else "unpublish", obj=pp, before=before, after=pp.audit_snapshot())
    return pp


@transaction.atomic
def publish_progress(*, actor: Any, rnd: Any, summaries: dict[int, str], statuses: dict[int, str]) -> int:
    """Publish, for the tasks the office chose, a status and a summary it has read."""
    require(actor, may_edit_documents, rnd.plan)
    tasks = {t.pk: t for t in Task.objects.filter(plan=rnd.plan, removed=False, pk__in=list(summaries))}
    n = 0
    for tid, summary in summaries.items():
        if tid not in tasks:
            continue
        status = statuses.get(tid, "")
        if status not in (*forms.STATUSES, "未报送"):
            raise ServiceError(f"进展状态“{status}”无效")
        PublicProgress.objects.create(task=tasks[tid], period=rnd.title, status=status, summary=scrub(summary.strip()),
                                      published_by=actor if getattr(actor, "pk", None) else None)
        n += 1
    record(actor=actor, action="publish_progress", object_type="cycle.round", object_id=rnd.pk,
           after={"tasks": n, "round": rnd.title}, government=rnd.plan.government_id)
    return n


# --- year over year ---------------------------------------------------------------------------

@transaction.atomic
def link_plans(*, actor: Any, plan: Plan, previous: Plan) -> PlanLink:
    """Link `plan` to last year's and match their tasks (the matches are recomputed each time)."""
    require(actor, may_edit_documents, plan)
    if previous.pk == plan.pk:
        raise ServiceError("不能把方案与自身衔接")
    if previous.government_id != plan.government_id:
        raise ServiceError("只能衔接同一政府的方案")
    if previous.year >= plan.year:
        raise ServiceError("请选择更早年度的方案作为上年方案")
    link, created = PlanLink.objects.get_or_create(plan=plan, defaults={"previous": previous})
    before = None if created else link.audit_snapshot()
    link.previous = previous
    link.save()
    TaskMatch.objects.filter(link=link).delete()
    cur = list(Task.objects.filter(plan=plan, removed=False).order_by("position"))
    prev = list(Task.objects.filter(plan=previous, removed=False).order_by("position"))
    done = _done_last_year(prev)
    pairs = yoy.match([t.text for t in cur], [t.text for t in prev], done_before=[t.pk in done for t in prev])
    TaskMatch.objects.bulk_create([
        TaskMatch(link=link, task=cur[p.current] if p.current is not None else None,
                  previous=prev[p.previous] if p.previous is not None else None, score=p.score, verdict=p.verdict)
        for p in pairs
    ])
    record(actor=actor, action="link", obj=link, before=before,
           after={"previous_id": previous.pk, "matches": len(pairs)})
    return link


def _done_last_year(tasks: list[Task]) -> set[int]:
    """Tasks whose last accepted or submitted report said 已完成."""
    try:
        from duban.web.cycle.models import Report
    except ImportError:
        return set()
    return set(Report.objects.filter(task__in=tasks, role="lead", status="done",
                                     state__in=collect.FILED).values_list("task_id", flat=True))


# --- assessment ---------------------------------------------------------------------------------

@transaction.atomic
def set_rules(*, actor: Any, plan: Plan, weights: dict[str, float]) -> ScoringRules:
    from duban.web.documents.models import DEFAULT_RULES

    require(actor, may_edit_documents, plan)
    for k, v in weights.items():
        if k not in DEFAULT_RULES:
            raise ServiceError(f"未知的考核项目 {k}")
        if not 0 <= float(v) <= 1000:
            raise ServiceError("分值应在 0–1000 之间", field=k)
    rules, _ = ScoringRules.objects.get_or_create(plan=plan)
    before = rules.audit_snapshot()
    rules.weights = {k: float(v) for k, v in weights.items()}
    rules.version += 1
    rules.save()
    record(actor=actor, action="update", obj=rules, before=before, after=rules.audit_snapshot())
    return rules


def rules_for(plan: Plan) -> dict[str, float]:
    r = ScoringRules.objects.filter(plan=plan).first()
    if r is None:
        from duban.web.documents.models import DEFAULT_RULES

        return dict(DEFAULT_RULES)
    return r.effective()


def assessment(plan: Plan, rnd: Any = None) -> list[assess.UnitScore]:
    """Scores of one round, or of the year (every round of the plan that has been opened)."""
    from duban.web.cycle.models import Round

    rules = rules_for(plan)
    if rnd is not None:
        return assess.rank(assess.score_round(collect.round_figures(rnd), rules))
    rounds = Round.objects.filter(plan=plan).exclude(state="draft").order_by("period_end")
    return assess.score_year([collect.round_figures(r) for r in rounds], rules)
