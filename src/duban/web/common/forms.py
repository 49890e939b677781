"""Forms shared by every app: the audit log's search, and a list-of-names field."""

from __future__ import annotations

import re
from typing import Any

from django import forms


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from duban.web.common.labels import action_choices, object_choices

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *action_choices()]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", "全部"), *object_choices()]  # type: ignore[attr-defined]


_SEP = re.compile(r"[、,,;;\n]+")


class NamesField(forms.CharField):
    """Names typed as 区发改局、区财政局 (顿号, commas or one a line) ↔ a list of names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput())
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "、".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        out: list[str] = []
        for part in _SEP.split(text):
            s = part.strip()
            if s and s not in out:
                out.append(s)
        return out


def _ids_or_refuse(field: forms.Field, values: Any) -> None:
    """Every value a row id (a whole number a row can have), before any reaches the database: an
    id past 2**63 made SQLite raise (a 500) instead of the field saying the choice is invalid."""
    from duban.web.common.params import MAX_ID

    for v in values:
        text = str(v).strip()
        if not (text.isascii() and text.isdigit() and int(text) <= MAX_ID):
            raise forms.ValidationError(field.error_messages["invalid_pk_value"] if "invalid_pk_value"
                                        in field.error_messages else field.error_messages["invalid_choice"],
                                        code="invalid_pk_value", params={"pk": text[:20], "value": text[:20]})


class IdChoiceField(forms.ModelChoiceField):
    """A row chosen by id, refusing a malformed id with the field's message (no database error)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _ids_or_refuse(self, [value])
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id (ticked boxes), refusing malformed ids with the field's message."""

    def _check_values(self, value: Any) -> Any:
        _ids_or_refuse(self, value)
        return super()._check_values(value)  # type: ignore[misc]  # Django's, missing from the stubs
