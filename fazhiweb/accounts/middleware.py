"""Session policy, checked on every request after authentication:

- idle timeout: a session unused for FAZHI_IDLE_MINUTES is logged out (audited);
- a password that must be changed (first login of an account made by the office, reset, expiry)
  sends the user to the change page and nowhere else;
- an account with a confirmed TOTP device must enter a code before anything else.

What login found out is kept in the session, so ordinary requests cost no query."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from fazhiweb.accounts.security import audit_security

LAST_SEEN = "fazhi_last_seen"
MUST_CHANGE = "fazhi_must_change_password"
OTP_REQUIRED = "fazhi_otp_required"
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute to keep its clock


def _exempt(path: str) -> bool:
    return path.startswith(("/static/", "/accounts/", "/healthz", "/api/"))


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return self.get_response(request)
        session = request.session
        now = int(time.time())
        last = session.get(LAST_SEEN)
        if last is not None and now - last > settings.FAZHI_IDLE_MINUTES * 60:
            audit_security(user, "session.idle", after={"idle_seconds": now - last})
            logout(request)
            if request.headers.get("HX-Request"):
                resp = JsonResponse({"error": "登录已超时,请重新登录。"}, status=401)
                resp["HX-Redirect"] = reverse("login")
                return resp
            return redirect(f"{reverse('login')}?next={request.path}")
        if last is None or now - last >= TOUCH_EVERY:
            session[LAST_SEEN] = now
        if not _exempt(request.path):
            if session.get(OTP_REQUIRED) and not getattr(user, "is_verified", lambda: True)():
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
            if session.get(MUST_CHANGE):
                return redirect("accounts:password_change")
        return self.get_response(request)
