"""Logins, logouts, failures and lockouts go to the audit log; users are never deleted."""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.deletion import ProtectedError
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from fazhiweb.accounts.middleware import LAST_SEEN, MUST_CHANGE, OTP_REQUIRED
from fazhiweb.accounts.models import Membership, PasswordState
from fazhiweb.accounts.security import audit_security, password_problem


def _ip(request) -> str:
    return getattr(request, "axes_ip_address", None) or (request.META.get("REMOTE_ADDR", "") if request else "")


def _government_named(username: str):
    """The government of the account a failed login named (so its office sees it in its log)."""
    member = Membership.objects.filter(user__username=username).select_related("government").first()
    return member.government if member else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_security(user, "login", after={"ip": _ip(request), "path": request.path if request else ""})
    if request is None or not hasattr(request, "session"):
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    request.session[LAST_SEEN] = int(time.time())
    request.session[OTP_REQUIRED] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    problem = password_problem(user)
    if problem:
        request.session[MUST_CHANGE] = problem
    else:
        request.session.pop(MUST_CHANGE, None)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_security(user, "logout", after={"ip": _ip(request)})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username") or "")[:150]
    audit_security(None, "login.fail", username=name or "(空)", government=_government_named(name),
                   after={"username": name, "ip": _ip(request)})


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_security(None, "login.lockout", username=str(username or "")[:150] or "(空)",
                   government=_government_named(str(username or "")),
                   after={"username": username, "ip": ip_address})


@receiver(post_save, sender=User)
def _new_account(sender, instance, created, raw=False, **kwargs):
    """The password expiry clock starts when the account is made (restores bring their own rows)."""
    if created and not raw:
        PasswordState.objects.get_or_create(user=instance, defaults={"changed_at": timezone.now()})


@receiver(pre_delete, sender=User)
def _never_delete(sender, instance, **kwargs):
    """Reports, notices and plans name who acted: an account is deactivated, never deleted."""
    raise ProtectedError("用户账户不能删除,请停用(取消“有效”)。", {instance})
