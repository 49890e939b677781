"""What the documents area keeps: bulletins as issued (their bytes, never regenerated), what the
office publishes to the public, links between this year's plan and last year's, the scoring
rules of the assessment, and spreadsheets returned by units awaiting confirmation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from duban.web.common.models import AuditedModel, TimestampedModel


class PublicPlan(AuditedModel):
    """The office's choice to publish a plan on the public page (政务公开), and how much of it."""

    plan = models.OneToOneField("plans.Plan", verbose_name="方案", on_delete=models.CASCADE, related_name="public")
    published = models.BooleanField("公开方案", default=False)
    show_progress = models.BooleanField("公开进展", default=False, help_text="公开各任务已发布的进展状态和摘要")
    note = models.TextField("公开说明", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        ordering = ["-plan__year"]
        verbose_name = verbose_name_plural = "政务公开设置"

    def __str__(self) -> str:
        return f"{self.plan}({'已公开' if self.published else '未公开'})"


class PublicProgress(TimestampedModel):
    """A task's progress as the office publishes it: a status and a summary it has read, never
    the unit's report itself (which may name people). The latest row of a task is shown."""

    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="public_progress")
    period = models.CharField("期间", max_length=40, help_text="如 2026年第一季度")
    status = models.CharField("进展状态", max_length=20)
    summary = models.TextField("进展摘要", blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["task", "-created_at", "-id"]
        verbose_name = verbose_name_plural = "公开进展"

    def __str__(self) -> str:
        return f"{self.task_id} {self.period} {self.status}"


class PlanLink(AuditedModel):
    """This year's plan linked to last year's, so recurring promises can be followed."""

    plan = models.OneToOneField("plans.Plan", verbose_name="本年方案", on_delete=models.CASCADE,
                                related_name="previous_link")
    previous = models.ForeignKey("plans.Plan", verbose_name="上年方案", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-plan__year"]
        verbose_name = verbose_name_plural = "年度方案衔接"
        constraints = [
            models.CheckConstraint(condition=~models.Q(plan=models.F("previous")), name="planlink_not_self",
                                   violation_error_message="不能把方案与自身衔接"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} ← {self.previous}"


class Carry(models.TextChoices):
    CARRIED = "carried", "延续"  # a promise of last year made again
    KEPT = "kept", "已兑现"  # done last year; not repeated
    DROPPED = "dropped", "未再提及"  # not done last year and not repeated
    NEW = "new", "新增"


class TaskMatch(TimestampedModel):
    """A pair (last year's task, this year's task) and how alike they read; either may be missing."""

    link = models.ForeignKey(PlanLink, on_delete=models.CASCADE, related_name="matches")
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    previous = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField("相似度", default=0.0)
    verdict = models.CharField("结论", max_length=10, choices=Carry.choices)
    confirmed = models.BooleanField("已确认", default=False)

    class Meta:
        ordering = ["link", "-score", "id"]
        verbose_name = verbose_name_plural = "跨年任务对应"

    def __str__(self) -> str:
        return f"{self.previous_id}→{self.task_id} {self.score:.2f}"


DEFAULT_RULES: dict[str, float] = {
    "base": 100.0,  # every unit starts here
    "on_time": 0.0,  # per report on time (added)
    "late": 2.0,  # per report submitted late (deducted)
    "missing": 5.0,  # per report not submitted by the end of the round (deducted)
    "returned": 1.0,  # per report returned by the office (deducted)
    "lagging": 2.0,  # per task on red light (deducted)
    "completed": 1.0,  # per task reported 已完成 and accepted (added)
    "starred": 1.0,  # per ★ task on green or done (added)
    # the office's mark on an accepted lead report (cycle.ReviewMark), per report so marked
    "mark_excellent": 2.0,  # 优 (added)
    "mark_good": 1.0,  # 良 (added)
    "mark_fair": 0.0,  # 中 (added)
    "mark_poor": 2.0,  # 差 (deducted)
}
RULE_LABELS: dict[str, str] = {
    "base": "基础分", "on_time": "按时报送(每份加)", "late": "逾期报送(每份扣)", "missing": "未报送(每份扣)",
    "returned": "被退回(每次扣)", "lagging": "红灯任务(每项扣)", "completed": "已完成并通过(每项加)",
    "starred": "★任务绿灯或完成(每项加)", "mark_excellent": "审核评定为优(每份加)",
    "mark_good": "审核评定为良(每份加)", "mark_fair": "审核评定为中(每份加)", "mark_poor": "审核评定为差(每份扣)",
}


class ScoringRules(AuditedModel):
    """The office's scoring rules (考核办法) for a plan: points per event, named and editable."""

    plan = models.OneToOneField("plans.Plan", verbose_name="方案", on_delete=models.CASCADE, related_name="scoring")
    weights = models.JSONField("分值", default=dict)

    class Meta:
        ordering = ["plan"]
        verbose_name = verbose_name_plural = "考核规则"

    def __str__(self) -> str:
        return f"{self.plan} 考核规则"

    def effective(self) -> dict[str, float]:
        out = dict(DEFAULT_RULES)
        out.update({k: float(v) for k, v in (self.weights or {}).items() if k in DEFAULT_RULES})
        return out


class BulletinState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class Bulletin(AuditedModel):
    """A quarterly 通报 of a round: the office's own paragraphs, edited before issuing; once
    issued, the Word and PDF files as issued are kept here and never regenerated."""

    round = models.ForeignKey("cycle.Round", verbose_name="轮次", on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField("标题", max_length=200)
    masthead = models.CharField("发文机关标志", max_length=60, blank=True,
                                help_text="红头上的文字,如 示例区人民政府督查室;留空时沿用上一期")
    number = models.CharField("期号", max_length=60, blank=True, help_text="如 第1期 或 文号")
    addressee = models.CharField("主送", max_length=200, default="各乡镇人民政府、街道办事处,区直各单位:")
    intro = models.TextField("开头", blank=True)
    requirements = models.TextField("下一步工作要求", blank=True)
    issuer = models.CharField("落款", max_length=100, blank=True)
    date_text = models.CharField("成文日期", max_length=40, blank=True, help_text="留空时为印发当日")
    cc = models.CharField("抄送", max_length=500, blank=True, help_text="版记中的抄送机关,以顿号或逗号分隔")
    printer = models.CharField("印发机关", max_length=100, blank=True, help_text="版记中的印发机关;留空时同发文机关标志")
    state = models.CharField("状态", max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="印发人")
    docx = models.BinaryField("Word 文件", null=True, blank=True, editable=False)
    pdf = models.BinaryField("PDF 文件", null=True, blank=True, editable=False)
    figures = models.JSONField("印发时的数据", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "通报"

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.state == BulletinState.ISSUED

    def audit_snapshot(self) -> dict[str, Any]:
        """Stored files are named by size in the audit row, never copied into it."""
        return {
            "round_id": self.round_id, "title": self.title, "number": self.number, "addressee": self.addressee,
            "intro": self.intro, "requirements": self.requirements, "issuer": self.issuer,
            "date_text": self.date_text, "masthead": self.masthead, "cc": self.cc, "printer": self.printer,
            "state": self.state, "version": self.version,
            "docx": f"<{len(self.docx)} bytes>" if self.docx else None,
            "pdf": f"<{len(self.pdf)} bytes>" if self.pdf else None,
        }


class ReturnState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已保存"
    DISCARDED = "discarded", "已放弃"


class ReturnUpload(TimestampedModel):
    """A 附表3 spreadsheet a unit uploaded, read and checked, waiting for the unit to confirm:
    what is saved on confirmation is exactly what was shown (`rows`), never a second reading."""

    round = models.ForeignKey("cycle.Round", verbose_name="轮次", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField("读出的内容", default=list)
    notes = models.JSONField("提示", default=list)
    state = models.CharField("状态", max_length=10, choices=ReturnState.choices, default=ReturnState.PENDING)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "表格回传"

    def __str__(self) -> str:
        return f"{self.file_name}({self.get_state_display()})"
