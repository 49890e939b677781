from __future__ import annotations

from typing import Any

from django import forms

from duban.web.common.forms import IdChoiceField, IdsChoiceField, NamesField
from duban.web.directory.models import Unit, UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    parent = IdChoiceField(label="上级单位", queryset=Unit.objects.none(), required=False)
    aliases = NamesField(label="简称与别名", help_text="用顿号分隔,如:区发改局、发改局")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["parent"].queryset = units  # type: ignore[attr-defined]


class UnitsField(IdsChoiceField):
    """Units ticked in a list (no spreadsheet, no typing of names)."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "所选单位“%(value)s”不在本政府的在用单位中",
        "invalid_pk_value": "“%(pk)s”不是有效的单位",
    }


class LeaderForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40, error_messages={"required": "请填写领导姓名"})
    title = forms.CharField(label="职务", max_length=60, required=False, help_text="如 常务副区长")
    units = UnitsField(label="分管单位", queryset=Unit.objects.none(), required=False)
    position = forms.IntegerField(label="排序", min_value=0, max_value=999, initial=0,
                                  help_text="领导分工表中的先后,数字小的在前")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units  # type: ignore[attr-defined]


class GroupForm(forms.Form):
    name = forms.CharField(label="组名", max_length=100, help_text="如 各乡镇人民政府、区直各单位",
                           error_messages={"required": "请填写组名"})
    member_kind = forms.ChoiceField(label="包含该类全部单位", required=False,
                                    choices=[("", "(不按类别)"), *UnitKind.choices],
                                    help_text="选定后,该类新增的单位自动计入本组")
    members = UnitsField(label="成员单位", queryset=Unit.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["members"].queryset = units  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    """A contact. The office also chooses the unit; a unit's own users keep theirs."""

    name = forms.CharField(label="姓名", max_length=40, error_messages={"required": "请填写姓名"})
    unit = IdChoiceField(label="单位", queryset=Unit.objects.none(), required=False)
    role = forms.CharField(label="身份", max_length=40, required=False, help_text="如 责任人、联络员")
    post = forms.CharField(label="职务", max_length=60, required=False, help_text="如 办公室主任")
    phone = forms.CharField(label="办公电话", max_length=40, required=False)
    mobile = forms.CharField(label="手机", max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label="名录表格或单位名单")
