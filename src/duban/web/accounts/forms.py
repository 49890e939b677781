from __future__ import annotations

from django import forms

from duban.web.common.forms import IdChoiceField


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="密码", strip=False, max_length=200,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="如:市级平台数据同步")
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=3650, initial=365)


class UserForm(forms.Form):
    """The office creates an account; the unit or the leader says where the user works."""

    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=60)
    role = forms.ChoiceField(label="角色")
    unit = IdChoiceField(label="单位(单位负责人、经办人)", queryset=None, required=False)
    leader = IdChoiceField(label="对应领导(领导)", queryset=None, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="退回、批示、重新报送等通知同时发到此邮箱")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, max_length=200,
                               help_text="至少 8 个字符,不能全是数字、不能是常见密码、不能与用户名或姓名相近")

    def __init__(self, *args: object, units: object, leaders: object, **kwargs: object) -> None:
        from duban.web.accounts.models import Role

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["leader"].queryset = leaders  # type: ignore[attr-defined]


def _new_password_field(label: str, required: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, strip=False, max_length=200, error_messages={"required": required},
                           help_text=help_text, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class PasswordResetForm(forms.Form):
    """The office sets a new password for someone who forgot theirs."""

    new_password1 = _new_password_field("新密码", "请输入新密码",
                                        "至少 8 位,不能全是数字,不能是常见密码;请当面或电话告知本人")
    new_password2 = _new_password_field("再次输入新密码", "请再次输入新密码")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        a, b = data.get("new_password1"), data.get("new_password2")
        if a and b and a != b:
            self.add_error("new_password2", "两次输入的新密码不一致")
        return data


class PasswordChangeForm(PasswordResetForm):
    """A user's own password: the old one, and the new one twice."""

    field_order = ["old_password", "new_password1", "new_password2"]
    old_password = forms.CharField(label="原密码", strip=False, max_length=200,
                                   error_messages={"required": "请输入原密码"},
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                     "autofocus": True}))
    new_password1 = _new_password_field("新密码", "请输入新密码", "至少 8 位,不能全是数字,不能是常见密码")
