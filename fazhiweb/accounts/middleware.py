"""Accounts made or reset by the office carry a one-time password: until its owner sets their own
(Membership.must_change_password cleared by accounts.services.change_own_password), every page
leads to the password change form. Kept in this one small module so that it can be replaced by a
fuller policy without touching the views."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse


class ForcePasswordChangeMiddleware:
    ALLOWED = ("password_change", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None  # resolved on first use (the URLconf loads after us)

    def __call__(self, request):
        if self._must_change(request) and not request.path.startswith("/static/"):
            if self._allowed is None:
                self._allowed = {reverse(n) for n in self.ALLOWED}
            if request.path not in self._allowed:
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _must_change(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        from fazhiweb.core.permissions import membership

        m = membership(user)
        return bool(m and m.must_change_password)
