"""The supervision cycle around a published plan (seed 001's notice and its 附表1-3):

- `Round`: a reporting round (第一季度…), with its period and due date, opened and closed by the
  office; `RoundExtension` gives one unit more time.
- `ImplementationPlan` (附表1 办理方案) with its `WorkItem`s (month-by-month milestones).
- `RosterEntry` (附表2 督办工作人员名单): three people per unit.
- `Report` (附表3 完成情况): per task, round and unit; cooperating units report to the lead unit.
  `Attachment`: evidence files, checked by content and stored under generated names.
- `Inspection` (督查/暗访) with findings; `ChangeRequest` (调整/延期/申诉);
  `Instruction` (领导批示) and its answer.
- `Reminder` (催办, one row per reminder, unique key: never sent twice) and `Notification`
  (in-app messages); `DeliveryChannel` (an SMS gateway or a group robot the office set up) and
  `Delivery` (each message sent through one, with its outcome).

Every write goes through cycle.services; names here are stable (the documents app reads them).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from duban.core.progress import STATUS_LABELS
from duban.core.progress import Status as CoreStatus
from duban.web.common.models import AuditedModel, TimestampedModel
from duban.web.common.permissions import RestrictedQuerySet

# --- rounds -------------------------------------------------------------------------------


class RoundKind(models.TextChoices):
    QUARTERLY = "quarterly", "季度"
    MONTHLY = "monthly", "月度"
    SPECIAL = "special", "专项"


class RoundState(models.TextChoices):
    DRAFT = "draft", "未开启"
    OPEN = "open", "报送中"
    CLOSED = "closed", "已截止"


class Round(AuditedModel):
    """One reporting round of a plan: the period it covers and the day reports are due.

    Quarterly by default, due on the 20th of the month after the quarter (seed 001: 每个季度
    第1个月的20日前, so Q1 is due 4月20日 and Q4 the next 1月20日). Units can file only while it is
    open; the office opens and closes it."""

    plan = models.ForeignKey("plans.Plan", verbose_name="方案", on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField("类别", max_length=20, choices=RoundKind.choices, default=RoundKind.QUARTERLY)
    number = models.PositiveSmallIntegerField("序号", default=1, help_text="季度 1–4 或月份 1–12;专项可任意")
    title = models.CharField("名称", max_length=100)
    period_start = models.DateField("统计起始")
    period_end = models.DateField("统计截止")
    due_date = models.DateField("报送截止", db_index=True)
    state = models.CharField("状态", max_length=10, choices=RoundState.choices, default=RoundState.DRAFT)
    opened_at = models.DateTimeField("开启时间", null=True, blank=True)
    closed_at = models.DateTimeField("截止时间", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["plan", "period_end", "id"]
        verbose_name = verbose_name_plural = "报送轮次"
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="round_unique_title",
                                    violation_error_message="本方案已有同名的报送轮次"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="round_period_order", violation_error_message="统计截止日期不能早于起始日期"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class PlanCalendar(AuditedModel):
    """The office's settings of the cycle for one plan: when 办理方案 are due, and when
    reminders go out (days before a due date; overdue ones go daily)."""

    plan = models.OneToOneField("plans.Plan", verbose_name="方案", on_delete=models.CASCADE, related_name="calendar")
    impl_plan_due = models.DateField("办理方案报送截止", null=True, blank=True)
    remind_days_before = models.JSONField("提前提醒天数", default=list, blank=True, help_text="如 [7, 3]")

    class Meta:
        ordering = ["plan"]
        verbose_name = verbose_name_plural = "督办日历"

    def __str__(self) -> str:
        return f"{self.plan} 督办日历"


class RoundExtension(AuditedModel):
    """More time for one unit in one round (延期), granted by the office with a reason."""

    round = models.ForeignKey(Round, verbose_name="轮次", on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField("延至")
    reason = models.TextField("原因")

    class Meta:
        ordering = ["round", "unit"]
        verbose_name = verbose_name_plural = "延期报送"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="extension_unique_unit",
                                               violation_error_message="该单位本轮已有延期,请修改原延期")]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit_id} → {self.due_date}"


# --- 办理方案 (附表1) -----------------------------------------------------------------------


class FilingState(models.TextChoices):
    """The life of anything a unit files and the office reviews."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已通过"


class ImplementationPlan(AuditedModel):
    """A unit's 办理方案 for one task: its work items, the leader in charge and the department.

    The lead unit's plan is the task's plan; a cooperating unit files its own part (`role`
    coop) which the lead unit sees. Due by the date the office sets (`due_date`)."""

    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="impl_plans")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="impl_plans")
    role = models.CharField("角色", max_length=10, choices=[("lead", "牵头"), ("coop", "配合")], default="lead")
    leader_in_charge = models.CharField("分管领导", max_length=60, blank=True)
    department = models.CharField("责任部门", max_length=100, blank=True)
    measures = models.TextField("工作目标与措施", blank=True)
    due_date = models.DateField("报送截止", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=FilingState.choices, default=FilingState.DRAFT)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="报送人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="审核人")
    review_comment = models.TextField("审核意见", blank=True)

    class Meta:
        ordering = ["task__position", "role", "unit"]
        verbose_name = verbose_name_plural = "办理方案"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="implplan_unique_task_unit",
                                               violation_error_message="该单位已有本任务的办理方案")]

    def __str__(self) -> str:
        return f"办理方案:{self.task} · {self.unit_id}"

    def audit_snapshot(self) -> dict[str, Any]:
        out = super().audit_snapshot()
        if self.pk:
            out["items"] = [i.audit_snapshot() for i in self.items.all()]
        return out


class WorkItem(TimestampedModel):
    """One line of a 办理方案: what will be done, by which month (a milestone), by whom."""

    impl_plan = models.ForeignKey(ImplementationPlan, verbose_name="办理方案", on_delete=models.CASCADE,
                                  related_name="items")
    position = models.PositiveSmallIntegerField("序号", default=1)
    content = models.TextField("具体工作内容")
    month = models.PositiveSmallIntegerField("完成时间(月)")
    expected = models.PositiveSmallIntegerField("届时应完成(%)", null=True, blank=True,
                                                help_text="可不填;填了则按此判断序时进度")
    leader = models.CharField("分管领导", max_length=60, blank=True)
    department = models.CharField("责任部门", max_length=100, blank=True)
    done_at = models.DateField("完成日期", null=True, blank=True, help_text="由完成情况报告标记")

    class Meta:
        ordering = ["impl_plan", "position", "id"]
        verbose_name = verbose_name_plural = "工作事项"
        constraints = [
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="workitem_month_range",
                                   violation_error_message="完成时间应为 1–12 月"),
            models.CheckConstraint(condition=models.Q(expected__isnull=True) | models.Q(expected__lte=100),
                                   name="workitem_expected_range", violation_error_message="应完成比例不能超过100%"),
        ]

    def __str__(self) -> str:
        return f"{self.month}月:{self.content[:30]}"


# --- 督办工作人员名单 (附表2) -----------------------------------------------------------------


class RosterSlot(models.TextChoices):
    LEADER = "leader", "分管领导"
    OFFICE_HEAD = "office_head", "办公室或综合协调处室负责人"
    LIAISON = "liaison", "经办人"


class RosterEntry(AuditedModel):
    """One of the three people a unit names for supervision work, with phones and e-mail."""

    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="roster")
    slot = models.CharField("责任人", max_length=20, choices=RosterSlot.choices)
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    office_phone = models.CharField("办公电话", max_length=40, blank=True)
    mobile = models.CharField("手机", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True, help_text="催办通知发送到此邮箱")

    class Meta:
        ordering = ["unit", "slot"]
        verbose_name = verbose_name_plural = "督办工作人员"
        constraints = [models.UniqueConstraint(fields=["unit", "slot"], name="roster_unique_slot",
                                               violation_error_message="该单位此岗位已有人员,请修改")]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} {self.name}"


# --- 完成情况 (附表3) ----------------------------------------------------------------------

class ReportStatus(models.TextChoices):
    """The five statuses of 附表3 (same values as duban.core.progress.Status)."""

    DONE = "done", "已完成"
    ON_TRACK = "on_track", "序时推进"
    LAGGING = "lagging", "滞后"
    NOT_STARTED = "not_started", "未启动"
    CANNOT = "cannot", "无法完成"


class ReviewMark(models.TextChoices):
    """The office's mark on a lead unit's report it accepts (办理质量评定); the assessment gives
    each mark the points set in the plan's scoring rules."""

    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


class Report(AuditedModel):
    """What a unit did on one task in one round (完成情况), its status, indicator actuals and
    evidence. The lead unit's report is the task's report; a cooperating unit's report (role
    coop) goes to the lead unit, which consolidates it into its own. Locked once submitted until
    the office (or, for a cooperating part, the lead unit) returns it."""

    round = models.ForeignKey(Round, verbose_name="轮次", on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="reports")
    role = models.CharField("角色", max_length=10, choices=[("lead", "牵头"), ("coop", "配合")], default="lead")
    status = models.CharField("进展", max_length=20, choices=ReportStatus.choices, blank=True)
    summary = models.TextField("完成情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    indicator_values = models.JSONField("指标实际值", default=dict, blank=True,
                                        help_text="{指标序号: 实际值},数值为任务指标的基本单位")
    done_items = models.JSONField("本期完成的工作事项", default=list, blank=True)
    state = models.CharField("状态", max_length=10, choices=FilingState.choices, default=FilingState.DRAFT,
                             db_index=True)
    carried_from = models.ForeignKey("self", verbose_name="沿用自", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="报送人")
    late = models.BooleanField("逾期报送", default=False)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="审核人")
    review_comment = models.TextField("审核意见", blank=True)
    returns = models.PositiveSmallIntegerField("退回次数", default=0)
    review_mark = models.CharField("评定等次", max_length=10, choices=ReviewMark.choices, blank=True,
                                   help_text="督查室审核通过时评定(优、良、中、差),计入考核;空为未评定")
    light_override = models.CharField("申诉后灯色", max_length=10, blank=True,
                                      help_text="督查室同意申诉后确定的灯色;空为按规则判断")
    override_reason = models.TextField("申诉结论", blank=True)

    class Meta:
        ordering = ["round", "task__position", "role", "unit"]
        verbose_name = verbose_name_plural = "完成情况报告"
        constraints = [models.UniqueConstraint(fields=["round", "task", "unit"], name="report_unique_round_task_unit",
                                               violation_error_message="该单位本轮已有此任务的报告")]
        indexes = [models.Index(fields=["round", "unit", "state"], name="report_round_unit_idx")]

    def __str__(self) -> str:
        return f"{self.round}:{self.task}"

    @property
    def is_locked(self) -> bool:
        return self.state in (FilingState.SUBMITTED, FilingState.ACCEPTED)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[CoreStatus(self.status)] if self.status else "未填写"


class FixedBy(models.TextChoices):
    REVIEWED = "reviewed", "审核通过时确定"
    ISSUED = "issued", "通报印发时确定"
    APPEAL = "appeal", "申诉成立后确定"


class FixedLight(models.Model):
    """A task's light in a round once it is judged for good: when the office accepts the lead
    unit's report, or issues the round's 通报 (for every task not fixed before). From then on the
    round shows this light, whatever is filed later (a 办理方案, a milestone ticked in the next
    round): later changes show as the next round's judgement, never as a rewrite of this one. Only
    an upheld appeal, the office's own decision on this round, replaces it."""

    round = models.ForeignKey(Round, verbose_name="轮次", on_delete=models.CASCADE, related_name="fixed_lights")
    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="fixed_lights")
    report = models.ForeignKey("Report", verbose_name="依据的报告", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    light = models.CharField("灯号", max_length=10, choices=[("green", "绿灯"), ("yellow", "黄灯"), ("red", "红灯"),
                                                           ("grey", "灰灯")])
    reasons = models.JSONField("依据", default=list)
    expected_share = models.FloatField("序时进度", null=True, blank=True)
    source = models.CharField("确定方式", max_length=10, choices=FixedBy.choices)
    fixed_at = models.DateTimeField("确定时间", auto_now_add=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="确定人")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "task"]
        verbose_name = verbose_name_plural = "已确定的灯号"
        constraints = [models.UniqueConstraint(fields=["round", "task"], name="fixedlight_unique_round_task",
                                               violation_error_message="该任务本轮的灯号已确定")]

    def __str__(self) -> str:
        return f"{self.round}·{self.task}:{self.get_light_display()}"

    def audit_snapshot(self) -> dict[str, Any]:
        return {"round_id": self.round_id, "task_id": self.task_id, "report_id": self.report_id, "light": self.light,
                "reasons": list(self.reasons), "source": self.source}


class Attachment(TimestampedModel):
    """An evidence file (a photo, a PDF, an Office document) of a report or a request.

    Its type was checked from its content, not its name; it is stored under the data directory
    with a generated name, and served only to whoever may see the report or request."""

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    change_request = models.ForeignKey("ChangeRequest", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="attachments")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class InspectionKind(models.TextChoices):
    ONSITE = "onsite", "实地督查"
    UNANNOUNCED = "unannounced", "暗访"


class Inspection(AuditedModel):
    """An item marked for on-site checking (督查) or an unannounced visit (暗访), and what was found."""

    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections",
                              verbose_name="轮次")
    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections")
    kind = models.CharField("方式", max_length=20, choices=InspectionKind.choices, default=InspectionKind.ONSITE)
    reason = models.TextField("核查事由", blank=True)
    checked_on = models.DateField("核查日期", null=True, blank=True)
    findings = models.TextField("核查结果", blank=True)
    done = models.BooleanField("已核查", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "督查暗访"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.task}"


# --- 调整、延期、申诉 ----------------------------------------------------------------------


class ChangeKind(models.TextChoices):
    DEADLINE = "deadline", "调整完成时限"
    TARGET = "target", "调整目标"
    APPEAL = "appeal", "申诉"


class ChangeState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class ChangeRequest(AuditedModel):
    """A unit asks to change a task's deadline or target, or contests a judgement (申诉).

    An approved deadline or target change is applied through the plans app's adjustment service,
    so the plan's history shows it with the request's reason."""

    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="change_requests")
    unit = models.ForeignKey("directory.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=ChangeKind.choices)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals",
                               verbose_name="申诉的报告")
    reason = models.TextField("理由")
    proposed_deadline = models.CharField("申请的完成时限", max_length=100, blank=True)
    proposed_text = models.TextField("申请的目标表述", blank=True)
    proposed_light = models.CharField("申诉的灯色", max_length=10, blank=True,
                                      choices=[("green", "绿灯"), ("yellow", "黄灯")])
    state = models.CharField("状态", max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="审批人")
    decision = models.TextField("审批意见", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="申请人")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "调整与申诉"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.task}"


# --- 领导批示 ------------------------------------------------------------------------------


class InstructionState(models.TextChoices):
    OPEN = "open", "待办理"
    ANSWERED = "answered", "已回复"
    CLOSED = "closed", "已办结"


class Instruction(AuditedModel):
    """A leader's instruction (批示) on a task or a report: an item the unit must answer,
    tracked until the leader or the office closes it."""

    task = models.ForeignKey("plans.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="instructions")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="instructions")
    unit = models.ForeignKey("directory.Unit", verbose_name="办理单位", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey("directory.Leader", verbose_name="批示领导", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="录入人")
    text = models.TextField("批示内容")
    due_date = models.DateField("办理时限", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=InstructionState.choices, default=InstructionState.OPEN)
    answer = models.TextField("办理情况", blank=True)
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="回复人")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["state", "-created_at"]
        verbose_name = verbose_name_plural = "领导批示"

    def __str__(self) -> str:
        return f"批示:{self.text[:30]}"


# --- 催办 ----------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    BEFORE = "before", "到期前提醒"
    OVERDUE = "overdue", "逾期催办"
    MANUAL = "manual", "人工催办"


class ReminderAbout(models.TextChoices):
    """What a reminder chases: a round's reports, a plan's 办理方案, or a unit's roster."""

    REPORT = "report", "完成情况"
    IMPL_PLAN = "impl", "办理方案"
    ROSTER = "roster", "督办工作人员名单"


class EmailState(models.TextChoices):
    """Where a reminder's e-mail is: none to send, waiting (first try or a retry), being sent by
    a worker that claimed it, sent, or given up after the last attempt."""

    NONE = "none", "不发邮件"
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Reminder(models.Model):
    """One reminder (催办) to one unit about one round (or a plan's 办理方案 or roster), as sent:
    to whom, how, what it said, and where its e-mail is.

    `key` names the reminder (round or plan, unit, which one, and the day for the daily overdue
    ones) and is unique: a worker claims a reminder by inserting its row, so two workers never
    make the same one twice. Its e-mail is claimed separately (`email_state` pending → sending by
    one conditional UPDATE), sent, and on failure retried with backoff up to a bounded number of
    attempts."""

    key = models.CharField(max_length=120, unique=True)
    about = models.CharField("催办事项", max_length=10, choices=ReminderAbout.choices, default=ReminderAbout.REPORT)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name="方案")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders",
                              verbose_name="轮次")
    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    kind = models.CharField("类别", max_length=10, choices=ReminderKind.choices)
    level = models.PositiveSmallIntegerField("层级", default=1, help_text="1 经办人;2 另抄单位负责人;3 另抄分管领导")
    days = models.IntegerField("距截止天数", help_text="正数为截止前,负数为逾期")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    recipients = models.JSONField("收件人", default=list)
    emailed = models.BooleanField("已发邮件", default=False)
    error = models.TextField("发送错误", blank=True)
    email_state = models.CharField("邮件状态", max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送", null=True, blank=True)
    claimed_until = models.DateTimeField("发送占用至", null=True, blank=True,
                                         help_text="正在发送的进程占用到此时;过时未完成视为中断,可重新发送")
    sent_at = models.DateTimeField("邮件发出时间", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "催办记录"
        indexes = [models.Index(fields=["email_state", "next_attempt_at"], name="reminder_email_due_idx")]

    def __str__(self) -> str:
        return self.subject


class Notification(TimestampedModel):
    """An in-app message to one user (a reminder, a return, an instruction), until read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # a notice of its own (a return, a resubmission, a 批示) is also e-mailed to the user's address;
    # a reminder's notice is not: the reminder sends its own e-mail
    email_state = models.CharField("邮件状态", max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_error = models.TextField("发送错误", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "站内通知"
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
                   models.Index(fields=["email_state"], name="notification_email_idx")]

    def __str__(self) -> str:
        return self.text


class ChannelKind(models.TextChoices):
    SMS = "sms", "短信平台"
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    GOVDING = "govding", "政务钉钉群机器人"


class DeliveryChannel(AuditedModel):
    """A way the office chases besides the in-app notice and e-mail: its SMS gateway, or the
    robot of a work group (企业微信, 钉钉, 政务钉钉) where the units' liaisons are."""

    government = models.ForeignKey("directory.Government", verbose_name="政府", on_delete=models.CASCADE,
                                   related_name="+")
    kind = models.CharField("类型", max_length=10, choices=ChannelKind.choices)
    name = models.CharField("名称", max_length=60, help_text="如:区直单位督办工作群")
    url = models.URLField("接口地址", max_length=500, help_text="群机器人的 Webhook 地址,或短信平台的发送地址")
    secret = models.CharField("密钥", max_length=200, blank=True,
                              help_text="钉钉、政务钉钉机器人选“加签”时的密钥;短信平台的调用密钥")
    sign = models.CharField("短信签名", max_length=30, blank=True, help_text="如:示例区督查室(短信平台)")
    mobiles_field = models.CharField("号码字段名", max_length=40, default="mobiles", help_text="短信平台接收手机号的字段")
    text_field = models.CharField("内容字段名", max_length=40, default="content", help_text="短信平台接收内容的字段")
    auto = models.BooleanField("定时催办也发送", default=False, help_text="短信平台:逾期催办同时发短信给经办人")
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["government", "kind", "name"]
        verbose_name = verbose_name_plural = "催办渠道"
        constraints = [models.UniqueConstraint(fields=["government", "name"], name="channel_unique_name",
                                               violation_error_message="已有同名的催办渠道")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.name}"

    def audit_snapshot(self) -> dict[str, Any]:
        """The key is never copied into the log, only whether there is one."""
        out = super().audit_snapshot()
        out["secret"] = "已设置" if self.secret else ""
        return out

    def channel(self) -> Any:
        """The sender for this row (cycle.channels)."""
        from duban.web.cycle import channels

        if self.kind == ChannelKind.SMS:
            return channels.SmsGateway(self.url, token=self.secret, sign=self.sign, mobiles_field=self.mobiles_field,
                                       text_field=self.text_field, label=self.name)
        if self.kind == ChannelKind.WECOM:
            return channels.WeComRobot(self.url, label=self.name)
        return channels.DingTalkRobot(self.url, secret=self.secret, label=self.name)


class Delivery(models.Model):
    """One message sent through one channel (e-mail, an SMS gateway, a group robot) for a 催办:
    to whom, what it said, and whether it was taken, with the other side's answer."""

    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name="轮次")
    channel = models.ForeignKey(DeliveryChannel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="渠道")
    channel_label = models.CharField("渠道", max_length=80)
    reminders = models.ManyToManyField(Reminder, blank=True, related_name="deliveries", verbose_name="催办记录")
    to = models.JSONField("发送对象", default=list)
    text = models.TextField("内容")
    sent = models.BooleanField("已送达", default=False)
    outcome = models.CharField("结果", max_length=300, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name="发送人")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "催办发送记录"

    def __str__(self) -> str:
        return f"{self.channel_label}:{'已送达' if self.sent else '未送达'}"
