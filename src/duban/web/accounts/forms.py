from __future__ import annotations

from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="密码", strip=False, max_length=200,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="如:市级平台数据同步")
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=3650, initial=365)
