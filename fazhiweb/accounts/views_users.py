"""The office's account pages (users of its own government) and everyone's own password."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fazhiweb.accounts import services
from fazhiweb.accounts.forms import UserForm
from fazhiweb.accounts.models import Membership
from fazhiweb.core.permissions import require
from fazhiweb.core.views import member_view


def _member(request, pk) -> Membership:
    m = get_object_or_404(Membership.objects.select_related("user", "unit", "government"), pk=pk)
    require(request.user, "accounts.view", m)  # another government's account: 404
    return m


def _show_password(request, m: Membership, password: str, title: str):
    """The one-time password, in this response only (never stored, never in a message; the views
    that call this are never_cache)."""
    return render(request, "accounts/password_shown.html", {"m": m, "password": password, "title": title})


@member_view("accounts.view")
def user_list(request):
    gov = request.member.government
    members = (Membership.objects.filter(government=gov).select_related("user__password_state", "unit")
               .order_by("-user__is_active", "role", "unit__name", "user__username"))
    role = request.GET.get("role", "")
    if role in services.ROLES:
        members = members.filter(role=role)
    return render(request, "accounts/users.html", {"members": members, "roles": services.ROLES, "role": role,
                                                   "gov": gov, "children": gov.children.order_by("name")})


@never_cache
@member_view("accounts.manage")
def user_new(request):
    gov = request.member.government
    form = UserForm(request.POST or None, government=gov, member=request.member)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            m, password = services.create_user(request.user, gov, d["username"], d["role"], unit=d["unit"],
                                               email=d["email"], phone=d["phone"], full_name=d["full_name"])
        except (services.AccountError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            return _show_password(request, m, password, "已新增用户")
    return render(request, "accounts/user_form.html", {"form": form, "title": "新增用户"})


@member_view("accounts.view")
def user_edit(request, pk):
    m = _member(request, pk)
    form = UserForm(request.POST or None, government=m.government, editing=True, member=request.member,
                    initial=UserForm.initial_for(m))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_user(request.user, m, role=d["role"], unit=d["unit"], email=d["email"],
                                 phone=d["phone"], full_name=d["full_name"])
        except (services.AccountError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存用户“{m.user.username}”。")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "m": m, "title": f"编辑用户 {m.user.username}"})


@never_cache
@require_POST
@member_view("accounts.password")
def user_reset(request, pk):
    m = _member(request, pk)
    try:
        password = services.reset_password(request.user, m)
    except services.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:users")
    return _show_password(request, m, password, "已重置密码")


@require_POST
@member_view("accounts.manage")
def user_active(request, pk):
    m = _member(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(request.user, m, active)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}用户“{m.user.username}”。")
    return redirect("accounts:users")


@require_POST
@member_view("accounts.security")
def user_unlock(request, pk):
    m = _member(request, pk)
    try:
        done = services.unlock_and_revoke(request.user, m)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已解除“{m.user.username}”的登录锁定(清除 {done['cleared']} 条失败记录),"
                                  f"撤销其接口令牌 {done['revoked']} 个。")
    return redirect("accounts:users")
