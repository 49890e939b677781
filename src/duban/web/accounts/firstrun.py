"""The first start of an installation: the government, what its supervision office is called, and
the office's first account, made once, by `duban init` or by the first-run page.

The page answers only while the database holds no government and no account, and only to a
browser on the server itself (127.0.0.1, not through a proxy): until then anyone who can reach
the server could make themselves its office. Everything after (units, leaders, accounts, plans)
is done by the office through the usual pages.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.web.accounts.models import Role, User
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import ServiceError, record
from duban.web.directory.models import Government, GovernmentLevel

LOCAL_ADDRESSES = {"127.0.0.1", "::1"}
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_X_FORWARDED_HOST")


def needs_setup() -> bool:
    """Nothing made yet: no government and no account."""
    return not Government.objects.exists() and not User.objects.exists()


def guess_region(government_name: str) -> str:
    """示例区人民政府 → 示例区."""
    return re.sub(r"(人民政府|政府)$", "", government_name.strip()) or government_name.strip()


def guess_level(region: str) -> str | None:
    """The level a region's name says, or None when it does not (a 市 may be a city or a
    county-level city; 北京市 a province-level one)."""
    if region.endswith(("省", "自治区")):
        return GovernmentLevel.PROVINCE
    if region.endswith(("区", "县", "旗", "自治县", "自治旗")):
        return GovernmentLevel.COUNTY
    if region.endswith(("州", "盟", "地区")):
        return GovernmentLevel.CITY
    if region.endswith(("镇", "乡", "街道")):
        return GovernmentLevel.TOWNSHIP
    return None


def _serialize_setup() -> None:
    """Two first runs at once must not both succeed. SQLite's IMMEDIATE transactions already
    take the one write lock at BEGIN; PostgreSQL needs the table locked for the check."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"LOCK TABLE {Government._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def initialize(*, government_name: str, region: str = "", level: str = "", office_name: str = "督查室",
               username: str, display_name: str, password: str) -> User:
    """Make the government and its office's first account; refused once anything exists."""
    from duban.web.accounts.services import create_user
    from duban.web.directory import services as ds

    _serialize_setup()
    if not needs_setup():
        raise ServiceError("系统已经初始化(已有政府和账户),不能再次初始化;请用督查室账户登录后在“账户”页面添加账户")
    government_name = government_name.strip()
    if not government_name:
        raise ServiceError("请填写政府名称,如 示例区人民政府", field="government_name")
    region = region.strip() or guess_region(government_name)
    level = level or guess_level(region) or ""
    if level not in GovernmentLevel.values:
        raise ServiceError(f"请选择“{region}”的行政级别(省级、市级、县级或乡镇)", field="level")
    username = username.strip()
    if not username:
        raise ServiceError("请填写督查室账户的用户名", field="username")
    if not display_name.strip():
        raise ServiceError("请填写督查室账户使用人的姓名", field="display_name")
    gov = ds.create_government(actor=SYSTEM, name=government_name, region=region, level=level,
                               office_name=office_name.strip() or "督查室")
    user = create_user(actor=SYSTEM, username=username, password=password, role=Role.OFFICE,
                       display_name=display_name.strip(), government=gov)
    record(actor=user, action="initialize", obj=gov,
           after={"government": gov.name, "region": gov.region, "level": gov.level, "office_name": gov.office_name,
                  "office_account": user.username})
    return user


# --- the first-run page --------------------------------------------------------------------------

class FirstRunForm(forms.Form):
    government_name = forms.CharField(label="政府名称", max_length=100, help_text="如 示例区人民政府",
                                      widget=forms.TextInput(attrs={"autofocus": True}))
    region = forms.CharField(label="行政区", max_length=60, required=False, help_text="如 示例区;不填则取政府名称去掉“人民政府”")
    level = forms.ChoiceField(label="行政级别", choices=[("", "按名称判断"), *GovernmentLevel.choices], required=False)
    office_name = forms.CharField(label="督查机构名称", max_length=60, initial="督查室",
                                  help_text="文件落款和页面上使用的名称,如 督查室、督查考核办公室、督考办")
    username = forms.CharField(label="督查室账户用户名", max_length=150, initial="duchashi",
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    display_name = forms.CharField(label="使用人姓名", max_length=60)
    password1 = forms.CharField(label="密码", strip=False, max_length=200,
                                help_text="至少 8 位,不能全是数字,不能是常见密码",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="再次输入密码", strip=False, max_length=200,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


def from_this_machine(request: HttpRequest) -> bool:
    """A browser on the server itself, not a request a proxy on the same machine passed on."""
    return (request.META.get("REMOTE_ADDR") in LOCAL_ADDRESSES
            and not any(request.META.get(h) for h in FORWARDING_HEADERS))


def setup_view(request: HttpRequest) -> HttpResponse:
    if not needs_setup():
        return redirect("accounts:login")
    if not from_this_machine(request):
        return render(request, "accounts/firstrun.html", {"remote": True}, status=403)
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = initialize(government_name=d["government_name"], region=d["region"], level=d["level"],
                              office_name=d["office_name"], username=d["username"], display_name=d["display_name"],
                              password=d["password1"])
        except ServiceError as exc:
            field = {"password": "password1"}.get(exc.field or "", exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"初始化完成:{user.government}{user.role_label}账户“{user.username}”已建立并已登录。"
                                      "下一步:导入单位名录,再上传责任分解方案。")
            return redirect("directory:import")
    return render(request, "accounts/firstrun.html", {"form": form}, status=400 if form.errors else 200)
