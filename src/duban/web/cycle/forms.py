"""Forms for the cycle's pages. They shape input only; every rule is in services (so a form that
passes here can still be refused there, and its message then shows on the same form)."""

from __future__ import annotations

from typing import Any

from django import forms

from duban.web.cycle.models import (
    ChangeKind,
    InspectionKind,
    Report,
    ReportStatus,
    ReviewMark,
    RosterSlot,
    RoundKind,
    WorkItem,
)
from duban.web.cycle.services import indicator_scale

DATE = forms.DateInput(attrs={"type": "date"})


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=RoundKind.choices, initial=RoundKind.QUARTERLY)
    number = forms.IntegerField(label="季度或月份", min_value=1, max_value=12, required=False, initial=1)
    title = forms.CharField(label="名称(专项必填)", required=False, max_length=100)
    period_start = forms.DateField(label="统计起始(专项必填)", required=False, widget=DATE)
    period_end = forms.DateField(label="统计截止(专项必填)", required=False, widget=DATE)
    due_date = forms.DateField(label="报送截止", required=False, widget=DATE, help_text="季度默认次月20日")


class CalendarForm(forms.Form):
    impl_plan_due = forms.DateField(label="办理方案报送截止", required=False, widget=DATE)
    remind_days = forms.CharField(label="截止前几天提醒", required=False, max_length=40, initial="7、3",
                                  help_text="用顿号或逗号分隔,如 7、3;逾期后每天催办")

    def clean_remind_days(self) -> list[int] | None:
        import re

        text = self.cleaned_data.get("remind_days") or ""
        parts = [p for p in re.split(r"[、,,\s]+", text) if p]
        if not parts:
            return None
        if not all(p.isdigit() and 0 < int(p) <= 60 for p in parts):
            raise forms.ValidationError("请填写 1–60 之间的天数,如 7、3")
        return [int(p) for p in parts]


class ExtendForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    due_date = forms.DateField(label="延至", widget=DATE)
    reason = forms.CharField(label="原因", max_length=500)


class ReportForm(forms.Form):
    """附表3 for one task: status, what was done, problems, next steps, indicator actuals (typed in
    the unit the plan printed), work items done this period."""

    version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "report-version"}))
    # no blank choice: as radios it showed as a choice of its own (○请选择); a draft may leave it unset
    status = forms.ChoiceField(label="进展情况", choices=ReportStatus.choices, required=False, widget=forms.RadioSelect)
    summary = forms.CharField(label="完成情况", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="写明本期做了什么、取得了什么进展(可在上期基础上修改)")
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    done_items = forms.MultipleChoiceField(label="本期完成的工作事项(办理方案)", required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, report: Report, items: list[WorkItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.indicator_keys: list[str] = []
        for i, ind in enumerate(report.task.indicators or []):
            if not isinstance(ind, dict) or "value" not in ind:
                continue
            scale, unit = indicator_scale(ind)
            name = f"ind_{i}"
            target = ind.get("value_text") or f"{ind.get('value')}{ind.get('unit', '')}"
            self.fields[name] = forms.CharField(
                label=f"{ind.get('metric') or ind.get('text')} 实际值({unit or '数值'})", required=False,
                help_text=f"目标:{target};只填数字", max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.indicator_keys.append(str(i))
            if not self.is_bound:
                v = report.indicator_values.get(str(i))
                if v is not None:
                    self.initial[name] = f"{v / scale:.10g}"
        self.fields["done_items"].choices = [  # type: ignore[attr-defined]
            (str(w.pk), f"{w.month}月:{w.content}" + ("(已完成)" if w.done_at else "")) for w in items]
        if not items:
            del self.fields["done_items"]

    @classmethod
    def initial_for(cls, report: Report) -> dict[str, Any]:
        return {"version": report.version, "status": report.status, "summary": report.summary,
                "problems": report.problems, "next_steps": report.next_steps,
                "done_items": [str(x) for x in report.done_items]}

    def data_for_service(self) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {k: d.get(k, "") for k in ("status", "summary", "problems", "next_steps")}
        out["indicator_values"] = {k: self.data.get(f"ind_{k}", "") for k in self.indicator_keys}
        if "done_items" in self.fields:
            out["done_items"] = d.get("done_items") or []
        return out


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "通过"), ("return", "退回")], widget=forms.HiddenInput)
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="退回时必填")
    mark = forms.ChoiceField(label="评定等次", required=False, choices=[("", "不评定"), *ReviewMark.choices],
                             help_text="通过时可评定,计入考核")


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label="方式", choices=InspectionKind.choices)
    reason = forms.CharField(label="核查事由", required=False, max_length=500)


class FindingsForm(forms.Form):
    checked_on = forms.DateField(label="核查日期", required=False, widget=DATE)
    findings = forms.CharField(label="核查结果", widget=forms.Textarea(attrs={"rows": 4}))


class ImplPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    leader_in_charge = forms.CharField(label="分管领导", required=False, max_length=60)
    department = forms.CharField(label="责任部门", required=False, max_length=100)
    measures = forms.CharField(label="工作目标与措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RosterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40, required=False)
    title = forms.CharField(label="职务", max_length=60, required=False)
    office_phone = forms.CharField(label="办公电话", max_length=40, required=False)
    mobile = forms.CharField(label="手机", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不对"})


ROSTER_SLOTS = RosterSlot.choices


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="申请类别", choices=ChangeKind.choices)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 4}))
    proposed_deadline = forms.CharField(label="申请调整后的完成时限", required=False, max_length=100)
    proposed_text = forms.CharField(label="申请调整后的目标表述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    proposed_light = forms.ChoiceField(label="申诉认为应为", required=False,
                                       choices=[("", "—"), ("green", "绿灯"), ("yellow", "黄灯")])
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)
    evidence = forms.FileField(label="证明材料(可选)", required=False,
                               help_text="照片、PDF、Word 或 Excel;内容将被检查,不看扩展名")


class DecideForm(forms.Form):
    approve = forms.ChoiceField(choices=[("1", "同意"), ("0", "不同意")], widget=forms.HiddenInput)
    decision = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InstructionForm(forms.Form):
    unit = forms.IntegerField(label="办理单位", widget=forms.Select)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 4}))
    due_date = forms.DateField(label="办理时限", required=False, widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 4}))


class ChannelForm(forms.Form):
    """An SMS gateway or a group robot; the key is never shown again once saved."""

    kind = forms.ChoiceField(label="类型", choices=[("wecom", "企业微信群机器人"), ("dingtalk", "钉钉群机器人"),
                                                  ("govding", "政务钉钉群机器人"), ("sms", "短信平台")])
    name = forms.CharField(label="名称", max_length=60, help_text="如:区直单位督办工作群")
    url = forms.URLField(label="接口地址", max_length=500, assume_scheme="https",
                         help_text="群机器人的 Webhook 地址(在群设置的“群机器人”中复制),或短信平台的发送地址")
    secret = forms.CharField(label="密钥", max_length=200, required=False, widget=forms.PasswordInput,
                             help_text="钉钉、政务钉钉机器人选了“加签”时填写;短信平台的调用密钥。修改时不填则保持原密钥")
    sign = forms.CharField(label="短信签名", max_length=30, required=False, help_text="仅短信平台,如:示例区督查室")
    mobiles_field = forms.CharField(label="号码字段名", max_length=40, initial="mobiles", required=False,
                                    help_text="仅短信平台:接口接收手机号的字段名")
    text_field = forms.CharField(label="内容字段名", max_length=40, initial="content", required=False,
                                 help_text="仅短信平台:接口接收短信内容的字段名")
    auto = forms.BooleanField(label="逾期自动催办时也发短信", required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def data_for_service(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("version", None)
        d["mobiles_field"] = d.get("mobiles_field") or "mobiles"
        d["text_field"] = d.get("text_field") or "content"
        return d
