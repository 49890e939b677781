"""A government's plan for a year: its sections, its tasks, who answers for each task, and
every change made after publication (调整), kept so the plan can be read as it was on any date."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from duban.web.common.models import AuditedModel, TimestampedModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class Plan(AuditedModel):
    """One 责任分解方案: one per government and year."""

    government = models.ForeignKey(
        "directory.Government", verbose_name="政府", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200, blank=True)
    issuer = models.CharField("印发单位", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    source_text = models.TextField("来源文本", blank=True, help_text="导入时读出的原文,逐行,供审核时对照")
    warnings = models.JSONField("读取提示", default=list, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["-year", "government"]
        verbose_name = verbose_name_plural = "责任分解方案"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "year"], name="plan_unique_government_year",
                violation_error_message="该政府该年度已有责任分解方案,不能再建第二个",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}年责任分解方案"

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED

    def source_lines(self) -> list[str]:
        return self.source_text.splitlines()


class Section(TimestampedModel):
    """A heading of the plan (一、主要预期目标; (一)…), as printed."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("编号", max_length=20)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("序号", max_length=20, blank=True)
    title = models.CharField("标题", max_length=500)
    leaders = models.JSONField("牵头领导", default=list, blank=True)
    general_lead_units = models.JSONField("总牵头单位", default=list, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    lines = models.JSONField("原文行", null=True, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = verbose_name_plural = "章节"
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title

    @property
    def depth(self) -> int:
        d, p = 0, self.parent
        while p is not None and d < 10:
            d, p = d + 1, p.parent
        return d


class TaskKind(models.TextChoices):
    TARGET = "target", "主要预期目标"
    TASK = "task", "重点工作"


class Task(AuditedModel):
    """A numbered target or task with its responsibility note.

    The names (`lead_names`, …) are kept as the plan prints them; `units` holds the directory's
    units they resolve to (groups expanded), which is what permissions and the portal use.
    """

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, verbose_name="章节", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    key = models.CharField("编号", max_length=20)
    number = models.CharField("序号", max_length=20, blank=True)
    kind = models.CharField("类别", max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    starred = models.BooleanField("★", default=False)
    text = models.TextField("任务内容")
    leader_names = models.JSONField("责任领导", default=list, blank=True)
    lead_names = models.JSONField("牵头单位", default=list, blank=True)
    coop_names = models.JSONField("责任单位", default=list, blank=True)
    persons = models.JSONField("责任人", default=list, blank=True)
    deadline = models.CharField("完成时限", max_length=100, blank=True)
    due_date = models.DateField("到期日", null=True, blank=True, db_index=True)
    indicators = models.JSONField("指标", default=list, blank=True)
    suggestions = models.JSONField(
        "建议单位", default=dict, blank=True, help_text="起草时按职责建议的牵头、配合单位,按分数排序,附理由"
    )
    units_confirmed = models.BooleanField(
        "单位已确认", default=True, help_text="起草时建议的单位须经督查室确认后才能发布;导入的方案视为已确认"
    )
    lines = models.JSONField("原文行", null=True, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    removed = models.BooleanField("已撤销", default=False, help_text="合并或撤销后保留记录,不再显示")
    units = models.ManyToManyField("directory.Unit", through="TaskUnit", related_name="tasks", blank=True)  # type: ignore[var-annotated]
    leaders = models.ManyToManyField("directory.Leader", related_name="tasks", blank=True, verbose_name="责任领导(名录)")

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = verbose_name_plural = "任务"
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="task_unique_key")]
        indexes = [models.Index(fields=["plan", "removed", "position"], name="task_plan_pos_idx")]

    def __str__(self) -> str:
        head = self.text[:40] + ("…" if len(self.text) > 40 else "")
        return f"{self.number}. {head}" if self.number else head

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "key": self.key, "number": self.number, "section_id": self.section_id, "kind": self.kind,
            "starred": self.starred, "text": self.text, "leader_names": list(self.leader_names),
            "lead_names": list(self.lead_names), "coop_names": list(self.coop_names),
            "persons": list(self.persons), "deadline": self.deadline,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "indicators": list(self.indicators), "removed": self.removed, "version": self.version,
            "position": self.position, "units_confirmed": self.units_confirmed,
        }


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头"
    COOP = "coop", "配合"


class TaskUnit(models.Model):
    """A unit answering for a task, as lead or as cooperating unit (rebuilt from the names)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="task_units")
    role = models.CharField("角色", max_length=10, choices=UnitRole.choices)

    class Meta:
        ordering = ["task", "role", "unit"]
        verbose_name = verbose_name_plural = "任务责任单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit", "role"], name="taskunit_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.unit_id}:{self.role}"


class RevisionKind(models.TextChoices):
    PUBLISH = "publish", "发布"
    ADJUST = "adjust", "调整"
    MERGE = "merge", "合并"
    SPLIT = "split", "拆分"
    ADD = "add", "新增"
    REMOVE = "remove", "撤销"


class TaskRevision(models.Model):
    """A task as it stood from `created_at` on: written at publication and at every adjustment
    (调整) after it, with who and why. Reading the latest revision of each task up to a date gives
    the plan as it was on that date. Never edited."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("版本")
    kind = models.CharField("类别", max_length=10, choices=RevisionKind.choices)
    snapshot = models.JSONField("任务内容")
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "任务调整记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.task_id} v{self.version}"


class DraftStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "起草中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class DraftJob(TimestampedModel):
    """An uploaded 政府工作报告 being drafted into a plan in the background, with how far it got.

    The file is kept until the draft is made (any server process can then report on it) and
    dropped afterwards; the plan it made is kept as `plan`. A job that stopped reporting progress
    for `STALE_SECONDS` died with its process and is shown as failed."""

    STALE_SECONDS = 180

    government = models.ForeignKey(
        "directory.Government", verbose_name="政府", on_delete=models.CASCADE, related_name="draft_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField("报告文件", max_length=200)
    data = models.BinaryField("文件内容", default=b"", editable=False)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=DraftStatus.choices, default=DraftStatus.QUEUED)
    stage = models.CharField("进行到", max_length=40, blank=True)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总量", default=0)
    message = models.TextField("结果说明", blank=True)
    plan = models.ForeignKey(Plan, verbose_name="草稿", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "报告起草"

    def __str__(self) -> str:
        return f"起草:{self.source_name}"

    @property
    def finished(self) -> bool:
        return self.status in (DraftStatus.DONE, DraftStatus.FAILED)

    @property
    def stale(self) -> bool:
        """Running or queued, but silent for longer than any stage takes: its process is gone."""
        return not self.finished and (timezone.now() - self.updated_at).total_seconds() > self.STALE_SECONDS

    def audit_snapshot(self) -> dict[str, Any]:
        return {"source_name": self.source_name, "year": self.year, "status": self.status,
                "message": self.message, "plan_id": self.plan_id, "size": len(self.data or b"")}
