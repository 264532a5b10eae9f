"""Login lockout through django-axes, with two thresholds where axes has one: an account is
locked after FAZHI_LOCKOUT_FAILURES (AXES_FAILURE_LIMIT) failures, an address only after
FAZHI_LOCKOUT_ADDRESS_FAILURES — an office behind one NAT address must not lock itself out."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset each, in that order.
        by_user, by_address = (qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
                               for qs in self.get_user_attempts(request, credentials))
        address_locked = by_address >= settings.FAZHI_LOCKOUT_ADDRESS_FAILURES
        return max(by_user, settings.AXES_FAILURE_LIMIT if address_locked else 0)

    def user_logged_in(self, sender, request, user, **kwargs):
        """A successful login clears that account's failures only, not its address's: one person
        behind a shared address must not wipe out the count of someone guessing from it."""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind our own reverse proxy (FAZHI_BEHIND_PROXY=1) the address the proxy
    saw: the last X-Forwarded-For entry, which the client cannot forge past nginx's
    $proxy_add_x_forwarded_for."""
    if settings.FAZHI_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = f"登录失败次数过多,账户或地址已被锁定 {minutes} 分钟,请稍后再试。"
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=429, json_dumps_params={"ensure_ascii": False})
    return render(request, "accounts/locked.html", {"message": message}, status=429)
