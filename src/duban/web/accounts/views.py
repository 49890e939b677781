"""Sign in and out, and a user's own API tokens. Thin: the rules are in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from duban.web.accounts import services
from duban.web.accounts.forms import LoginForm, PasswordChangeForm, PasswordResetForm, TokenForm, UserForm
from duban.web.accounts.models import UNIT_ROLES, ApiToken, Role, User
from duban.web.common.permissions import CHANGE, VIEW, get_for
from duban.web.common.services import ServiceError


def login_view(request: HttpRequest) -> HttpResponse:
    from duban.web.accounts.firstrun import from_this_machine, needs_setup

    if needs_setup():  # a new installation: nobody to sign in as yet
        if from_this_machine(request):
            return redirect("accounts:setup")
        return render(request, "accounts/firstrun.html", {"remote": True}, status=503)
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_user(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except ServiceError as exc:
            error = exc.message
        else:
            login(request, user)
            nxt = request.POST.get("next") or request.GET.get("next") or ""
            if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
                return redirect(nxt)
            return redirect("home")
    return render(request, "accounts/login.html", {"form": form, "error": error,
                                                   "next": request.GET.get("next", "")},
                  status=400 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "您已退出登录")
    return redirect("accounts:login")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _tok, new_key = services.create_token(actor=request.user, user=request.user,  # type: ignore[arg-type]
                                              name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        form = TokenForm()
    tokens = ApiToken.objects.restrict(request.user, "view")
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_for(request.user, ApiToken, CHANGE, pk=pk)
    services.revoke_token(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, f"令牌“{token.name}”已撤销")
    return redirect("accounts:token_list")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The office's list of accounts, and the form that creates one."""
    from duban.web.directory.models import Leader, Unit
    from duban.web.directory.views import government_context, office_government

    gov = office_government(request)
    form = UserForm(request.POST or None, units=Unit.objects.filter(government=gov, active=True),
                    leaders=Leader.objects.filter(government=gov, active=True))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user, username=d["username"], password=d["password"], role=d["role"],
                display_name=d["display_name"], unit=d["unit"] if d["role"] in UNIT_ROLES else None,
                leader=d["leader"] if d["role"] == Role.LEADER else None,
                government=gov if d["role"] in (Role.OFFICE, Role.VIEWER) else None, email=d.get("email") or "")
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已创建账户“{user.username}”")
            return redirect("accounts:user_list")
    users = User.objects.restrict(request.user, VIEW).select_related("unit", "leader", "government")
    return render(request, "accounts/users.html", {**government_context(request, gov), "form": form, "users": users})


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_for(request.user, User, CHANGE, pk=pk)
    try:
        services.set_active(actor=request.user, user=user, active=request.POST.get("active") == "1")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:user_list")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Every signed-in user changes their own password; this session stays signed in, every
    other session of the user ends."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.change_password(actor=request.user, old_password=d["old_password"],  # type: ignore[arg-type]
                                     new_password=d["new_password1"], request=request)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, "密码已修改。下次登录请使用新密码")
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "title": "修改密码"},
                  status=400 if form.errors else 200)


@login_required
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """The office sets a new password for a user of its government (and lifts a lock-out)."""
    target = get_for(request.user, User, CHANGE, pk=pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(actor=request.user, user=target,  # type: ignore[arg-type]
                                    new_password=form.cleaned_data["new_password1"])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已重置“{target}”的密码,请告知本人登录后自行修改")
            return redirect("accounts:user_list")
    return render(request, "accounts/password_change.html",
                  {"form": form, "title": f"重置密码:{target}", "target": target},
                  status=400 if form.errors else 200)
