"""Own-account pages: change password, API tokens (list, create shown once, revoke), TOTP."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhiweb.accounts.middleware import MUST_CHANGE, OTP_REQUIRED
from fazhiweb.accounts.models import ApiToken
from fazhiweb.accounts.security import (
    active_tokens,
    audit_security,
    issue_token,
    password_changed,
    revoke_token,
)
from fazhiweb.core.permissions import allowed


def _next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        password_changed(user)
        request.session.pop(MUST_CHANGE, None)
        messages.success(request, "密码已修改。原有接口令牌已全部撤销。")
        return redirect("home")
    return render(request, "accounts/password_change.html",
                  {"form": form, "reason": request.session.get(MUST_CHANGE)})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            tok = get_object_or_404(ApiToken, pk=request.POST.get("id") or 0, user=request.user)
            revoke_token(request.user, tok)
            messages.success(request, f"令牌 {tok.prefix}… 已撤销。")
            return redirect("accounts:tokens")
        _tok, new_key = issue_token(request.user)
    return render(request, "accounts/tokens.html", {"tokens": active_tokens(request.user), "new_key": new_key})


def _device(user):
    if not allowed(user, "otp.setup"):
        raise PermissionDenied("动态口令仅用于管理员账户。")
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    return device or TOTPDevice.objects.create(user=user, name="动态口令", confirmed=False)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Pair an authenticator app (works offline: TOTP needs only the clock)."""
    device = _device(request.user)
    error = None
    if request.method == "POST":
        if device.verify_token((request.POST.get("code") or "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[OTP_REQUIRED] = True
            audit_security(request.user, "otp.enable", device, after={"device": device.name})
            messages.success(request, "已启用动态口令:以后登录时需要输入验证码。")
            return redirect("home")
        error = "验证码不正确,请核对手机时间后重试。"
    qr = segno.make(device.config_url, error="m")
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_setup.html", {"device": device, "qr": qr.svg_inline(scale=4),
                                                       "secret": secret, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    error = None
    if request.method == "POST":
        code = (request.POST.get("code") or "").strip()
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(code):
                otp_login(request, device)
                return redirect(_next(request))
        audit_security(request.user, "login.fail", after={"reason": "otp"})
        error = "验证码不正确。"
    return render(request, "accounts/otp_verify.html", {"error": error, "next": _next(request, "")})
