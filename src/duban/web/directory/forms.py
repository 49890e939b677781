from __future__ import annotations

from typing import Any

from django import forms

from duban.web.common.forms import NamesField
from duban.web.directory.models import Unit, UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label="上级单位", queryset=Unit.objects.none(), required=False)
    aliases = NamesField(label="简称与别名", help_text="用顿号分隔,如:区发改局、发改局")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["parent"].queryset = units  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    role = forms.CharField(label="身份", max_length=40, required=False)
    phone = forms.CharField(label="办公电话", max_length=40, required=False)
    mobile = forms.CharField(label="手机", max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label="名录表格(.xlsx)")
