"""Forms for plans and tasks. They only shape input; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from duban.web.common.forms import IdChoiceField, NamesField
from duban.web.plans.models import Section, Task, TaskKind

MEASURES = {"growth": "增长", "level": "总量", "count": "数量", "ratio": "比率"}
COMPARATORS = {">=": "不低于", "<=": "不高于", "~": "左右", "=": "等于"}


class UploadForm(forms.Form):
    KINDS = (("auto", "自动识别"), ("plan", "已印发的责任分解方案"), ("report", "政府工作报告(由系统起草方案)"))

    file = forms.FileField(label="文件", help_text="支持 Word(.docx .doc .wps)、Excel(.xlsx .xls .et)、PDF、OFD、"
                                                  "网页(.html)、文本(.txt),或本系统导出的方案数据文件(.json)")
    kind = forms.ChoiceField(label="文件是", choices=KINDS, initial="auto", widget=forms.RadioSelect, required=False,
                             help_text="上传政府工作报告时,系统从本年度工作部分起草目标和任务,并按单位名录建议责任单位")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="不填则使用文件中的年度")

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        limit = settings.DUBAN_MAX_UPLOAD_BYTES
        if f.size > limit:
            raise forms.ValidationError(f"文件过大({f.size // 1024} KB):上限为 {limit // (1024 * 1024)} MB")
        return f


def indicators_to_text(items: list[dict[str, Any]]) -> str:
    """One indicator a line: 原文 | 指标 | 类型 | 比较 | 数值 | 单位 [| 下降], type and comparison in
    words (增长, 不低于) as the office says them; a range as 6.5-7, a decline marked in a 7th column."""
    lines = []
    for i in items:
        measure = str(i.get("measure", ""))
        comp = str(i.get("comparator", "="))
        value = _num(i.get("value", ""))
        if i.get("value_max") is not None:
            value += "-" + _num(i["value_max"])
        cols = [i.get("text", ""), i.get("metric", ""), MEASURES.get(measure, measure), COMPARATORS.get(comp, comp),
                value, i.get("unit", "")]
        if i.get("direction") == "down":
            cols.append("下降")
        lines.append(" | ".join(str(x) for x in cols))
    return "\n".join(lines)


def _num(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


_MEASURE_CODES = {label: code for code, label in MEASURES.items()}
_COMPARATOR_CODES = {label: code for code, label in COMPARATORS.items()} | {"≥": ">=", "≤": "<="}


def text_to_indicators(text: str) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (6, 7) or (len(parts) == 7 and parts[6] not in ("下降", "")):
            raise forms.ValidationError(
                f"第{n}行应有 6 项,用 | 分隔:原文 | 指标 | 类型 | 比较 | 数值 | 单位(下降的指标可加第7项“下降”)"
            )
        text_, metric, measure, comp, value, unit = parts[:6]
        down = len(parts) == 7 and parts[6] == "下降"
        measure = _MEASURE_CODES.get(measure, measure)
        comp = _COMPARATOR_CODES.get(comp, comp)
        if measure not in MEASURES:
            raise forms.ValidationError(f"第{n}行:类型应为{'、'.join(MEASURES.values())}之一")
        if comp not in COMPARATORS:
            raise forms.ValidationError(f"第{n}行:比较应为{'、'.join(COMPARATORS.values())}之一")
        low, _, high = value.partition("-") if "-" in value.lstrip("-") else (value, "", "")
        try:
            v = float(low)
            v_max = float(high) if high else None
        except ValueError:
            raise forms.ValidationError(f"第{n}行:数值“{value}”不是数字(范围写作 6.5-7)") from None
        item: dict[str, Any] = {"text": text_, "metric": metric, "measure": measure, "value": v, "unit": unit,
                                "comparator": comp}
        if v_max is not None:
            item["value_max"] = v_max
        if down:
            item["direction"] = "down"
        out.append(item)
    return out


class TaskForm(forms.Form):
    number = forms.CharField(label="序号", max_length=20, required=False)
    section = IdChoiceField(label="章节", queryset=Section.objects.none(), required=False)
    kind = forms.ChoiceField(label="类别", choices=TaskKind.choices)
    starred = forms.BooleanField(label="★ 重点", required=False)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    leader_names = NamesField(label="责任领导")
    lead_names = NamesField(label="牵头单位")
    coop_names = NamesField(label="责任单位")
    persons = NamesField(label="责任人")
    deadline = forms.CharField(label="完成时限", max_length=100, required=False)
    indicators = forms.CharField(label="指标", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="每行一个指标:原文 | 指标名称 | 类型(增长、总量、数量、比率) | "
                                           "比较(不低于、不高于、左右、等于) | 数值 | 单位。"
                                           "如:增长7%以上 | 地区生产总值 | 增长 | 不低于 | 7 | %;"
                                           "范围写作 6.5-7,下降的指标在末尾加“| 下降”")
    reason = forms.CharField(label="调整原因", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(plan_id=task.plan_id)  # type: ignore[attr-defined]
        if task.plan.is_published:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = "方案已发布:修改将作为调整记录,写明原因"
        else:
            del self.fields["reason"]

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        return {
            "number": task.number, "section": task.section_id, "kind": task.kind, "starred": task.starred,
            "text": task.text, "leader_names": task.leader_names, "lead_names": task.lead_names,
            "coop_names": task.coop_names, "persons": task.persons, "deadline": task.deadline,
            "indicators": indicators_to_text(task.indicators), "version": task.version,
        }

    def clean_indicators(self) -> list[dict[str, Any]]:
        return text_to_indicators(self.cleaned_data.get("indicators") or "")

    def changes(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "number": d["number"], "section_id": d["section"].pk if d["section"] else None, "kind": d["kind"],
            "starred": d["starred"], "text": d["text"], "leader_names": d["leader_names"],
            "lead_names": d["lead_names"], "coop_names": d["coop_names"], "persons": d["persons"],
            "deadline": d["deadline"], "indicators": d["indicators"],
        }


class MergeForm(forms.Form):
    other = IdChoiceField(label="并入本任务的任务", queryset=Task.objects.none())
    reason = forms.CharField(label="原因", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (  # type: ignore[attr-defined]
            Task.objects.filter(plan_id=task.plan_id, removed=False).exclude(pk=task.pk))


class SplitForm(forms.Form):
    first = forms.CharField(label="第一部分(保留在本任务)", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    second = forms.CharField(label="第二部分(成为新任务)", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    reason = forms.CharField(label="原因", required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class HistoryForm(forms.Form):
    at = forms.DateField(label="查看日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class UnitsForm(forms.Form):
    """The office's choice of a drafted task's lead unit among the suggestions."""

    lead = forms.CharField(label="牵头单位", max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=(("up", "上移"), ("down", "下移")))
    version = forms.IntegerField(widget=forms.HiddenInput)
