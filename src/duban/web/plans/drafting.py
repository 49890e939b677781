"""Drafting a plan from an uploaded 政府工作报告, in the background, with its progress shown.

The office uploads the report (any file type the reader takes); `start_draft` keeps the file in
a `DraftJob` and starts `run_draft` in a thread of the serving process (or runs it at once where
settings say so: the tests, a management command). `run_draft` reads the report, drafts it with
the core drafter — units suggested from the government's own directory, with a model learned from
its published plans — and imports the draft as an ordinary draft plan, so it opens in the same
review as an imported plan. Every stage is written to the job, which the progress page polls.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from duban.core.errors import DubanError
from duban.core.plan import Plan as CorePlan
from duban.web.common.permissions import require
from duban.web.common.services import ServiceError, record
from duban.web.directory.models import Government, Group, Leader, Unit
from duban.web.plans.models import DraftJob, DraftStatus, Plan, PlanStatus
from duban.web.plans.permissions import may_edit_plans

log = logging.getLogger("duban.drafting")

PROGRESS_EVERY = 0.25  # seconds: a stage's counter is written at most this often


def is_report(data: bytes, name: str) -> bool:
    """Whether an upload reads as a 政府工作报告 (to draft) rather than a published plan (to import).
    A file the reader refuses is not one: the plan import then says why."""
    from duban.core.read import read_bytes
    from duban.core.workreport import looks_like_report

    try:
        return looks_like_report(read_bytes(data, name=name))
    except (DubanError, ValueError):
        return False


def start_draft(
    *, actor: Any, government: Government, data: bytes, name: str, year: int | None = None
) -> DraftJob:
    """Keep the uploaded report and start drafting it; the job says how far it got."""
    from duban.web.plans.services import refuse_second_plan

    require(actor, may_edit_plans, government)
    if not data:
        raise ServiceError("文件是空的", field="file")
    if len(data) > settings.DUBAN_MAX_UPLOAD_BYTES:
        raise ServiceError(f"文件过大:上限为 {settings.DUBAN_MAX_UPLOAD_BYTES // (1024 * 1024)} MB", field="file")
    if year:
        refuse_second_plan(government, year)
    with transaction.atomic():
        job = DraftJob.objects.create(
            government=government, created_by=actor if getattr(actor, "pk", None) else None,
            source_name=name[:200], data=data, year=year, stage="等待开始",
        )
        record(actor=actor, action="draft", obj=job, after=job.audit_snapshot())
        if getattr(settings, "DUBAN_DRAFT_IN_BACKGROUND", True):
            transaction.on_commit(lambda: _start_thread(job.pk))
    if not getattr(settings, "DUBAN_DRAFT_IN_BACKGROUND", True):
        run_draft(job.pk)
        job.refresh_from_db()
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"duban-draft-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run_draft(job_id)
    finally:
        connections.close_all()  # this thread's own connections


class _Progress:
    """Writes the drafter's stages to the job: every stage change, a counter at most every
    PROGRESS_EVERY seconds."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY and done < total:
            return
        self.stage, self.last = stage, now
        DraftJob.objects.filter(pk=self.job_id).update(
            stage=stage[:40], done=max(0, done), total=max(0, total), updated_at=timezone.now()
        )


def candidates(government: Government) -> list[str]:
    """The names a suggestion may choose: the government's units and groups in use."""
    units = list(Unit.objects.filter(government=government, active=True).values_list("name", flat=True))
    groups = list(Group.objects.filter(government=government, active=True).values_list("name", flat=True))
    return units + groups


def overseers(government: Government) -> dict[str, list[str]]:
    """Unit → the leaders in charge of it, for a task's 责任领导 from its lead unit."""
    out: dict[str, list[str]] = {}
    for leader in Leader.objects.filter(government=government, active=True).prefetch_related("units"):
        for unit in leader.units.all():
            out.setdefault(unit.name, []).append(leader.name)
    return out


def suggest_model(government: Government) -> Any:
    """What the suggester learns from: this government's published plans (its own habits), else
    the plans named by $DUBAN_TRAIN, else the catalogue's rules alone."""
    from duban.core.suggest import SuggestModel, default_model
    from duban.web.plans.services import to_core

    plans = [to_core(p) for p in Plan.objects.filter(government=government, status=PlanStatus.PUBLISHED)]
    plans = [p for p in plans if p.tasks]
    return SuggestModel.from_plans(plans) if plans else default_model()


def _finish(job_id: int, **fields: Any) -> None:
    DraftJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def run_draft(job_id: int) -> None:
    """Draft the job's report and import the draft; failures are written to the job in Chinese."""
    from duban.core.draft import draft_document
    from duban.core.read import read_bytes
    from duban.core.suggest import assign_plan
    from duban.web.plans.services import import_plan

    job = DraftJob.objects.select_related("government", "created_by").get(pk=job_id)
    if job.status != DraftStatus.QUEUED:
        return
    progress = _Progress(job_id)
    _finish(job_id, status=DraftStatus.RUNNING, stage="读取文件")
    name = job.source_name
    try:
        doc = read_bytes(bytes(job.data), name=name)
        plan: CorePlan = draft_document(doc, progress=progress)
        plan.source = name
        names = candidates(job.government)
        if len(names) >= 2:
            progress("学习本级已发布的方案", 0, 1)
            model = suggest_model(job.government)
            progress("建议责任单位", 0, 1)
            assign_plan(plan, names, model=model, overseers=overseers(job.government))
        progress("保存草稿", 0, 1)
        saved = import_plan(
            actor=job.created_by, government=job.government, plan=plan, year=job.year, source_name=name,
            source_text="\n".join(line.text for line in doc.lines),
        )
    except DubanError as exc:
        message = f"无法从“{name}”起草:{exc.reason}"
    except ServiceError as exc:
        message = exc.message
    except Exception:  # a bug must not leave the office waiting on a job that never ends
        log.exception("drafting %s failed", name)
        message = f"起草“{name}”时出错,请重试;如仍失败,请把文件交给系统管理员"
    else:
        targets = sum(1 for t in plan.tasks if t.kind == "target")
        message = f"已起草“{saved}”:主要预期目标 {targets} 项,重点工作 {len(plan.tasks) - targets} 项,请审核"
        with transaction.atomic():
            _finish(job_id, status=DraftStatus.DONE, stage="完成", done=1, total=1, plan=saved, message=message,
                    data=b"")
            record(actor=job.created_by, action="draft_done", obj=job, after={"plan_id": saved.pk, "message": message})
        return
    with transaction.atomic():
        _finish(job_id, status=DraftStatus.FAILED, message=message, data=b"")
        record(actor=job.created_by, action="draft_failed", obj=job, after={"message": message})
