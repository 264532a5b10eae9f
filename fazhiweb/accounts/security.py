"""Account security services: API tokens (hashed, expiring, revocable), password state (forced
change, expiry) and the audit entries of logins. Each function runs one transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhiweb.accounts.models import ApiToken, PasswordState
from fazhiweb.audit.services import record

TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used is written at most this often


def government_of(user):
    m = getattr(user, "membership", None) if user is not None and user.pk else None
    return m.government if m else None


def audit_security(user, action: str, obj=None, *, username: str | None = None, after=None, government=None):
    """A security event in the audit log; no record changed, so cached pages stay valid."""
    gov = government or (government_of(user) if user is not None and getattr(user, "is_authenticated", False)
                         else None)
    return record(user, action, obj, government=gov, object_type=None if obj else "auth.user",
                  object_id=None if obj else getattr(user, "pk", None) or "", username=username,
                  after=after, bump=False)


# -- tokens ----------------------------------------------------------------------------------------

def issue_token(user) -> tuple[ApiToken, str]:
    """A new token for `user`; the key is returned here and never again (only its hash is kept)."""
    key = ApiToken.new_key()
    days = settings.FAZHI_TOKEN_DAYS
    expires = timezone.now() + dt.timedelta(days=days) if days > 0 else None
    with transaction.atomic():
        tok = ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), prefix=key[:8], expires_at=expires)
        audit_security(user, "token.create", tok, after={"user": user.get_username(), "prefix": tok.prefix,
                                                         "expires_at": expires})
    return tok, key


def active_tokens(user):
    now = timezone.now()
    return (ApiToken.objects.filter(user=user, revoked_at__isnull=True)
            .exclude(expires_at__lte=now).order_by("-created"))


def revoke_token(actor, tok: ApiToken, reason: str = "revoked") -> bool:
    with transaction.atomic():
        n = ApiToken.objects.filter(pk=tok.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if n:
            audit_security(actor, "token.revoke", tok, after={"prefix": tok.prefix, "reason": reason})
    return bool(n)


def revoke_all(actor, user, reason: str) -> int:
    n = 0
    for tok in list(ApiToken.objects.filter(user=user, revoked_at__isnull=True)):
        n += revoke_token(actor, tok, reason)
    return n


def token_user(key: str):
    """The active user owning the (unrevoked, unexpired) token `key`, or None."""
    now = timezone.now()
    tok = (ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
           .first())
    if tok is None or not tok.user.is_active or (tok.expires_at and tok.expires_at <= now):
        return None
    if tok.last_used is None or now - tok.last_used >= TOUCH_EVERY:
        # At most one write a minute per token: a read through the API must not queue behind writers.
        from django.db.models import Q

        ApiToken.objects.filter(Q(last_used__isnull=True) | Q(last_used__lt=now - TOUCH_EVERY),
                                pk=tok.pk).update(last_used=now)
    tok.user.api_token = tok
    return tok.user


# -- passwords -------------------------------------------------------------------------------------

def password_changed(user, *, must_change: bool = False, by=None) -> None:
    """Record a new password: the date (for expiry), whether it must be changed at the next login
    (set by an administrator), and revoke the user's API tokens (they were made under the old one)."""
    with transaction.atomic():
        PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(),
                                                                    "must_change": must_change})
        revoke_all(by or user, user, "password.change")
        audit_security(by or user, "password.change", after={"user": user.get_username(), "by_admin": by is not None
                                                             and by != user})


def password_problem(user) -> str | None:
    """Why `user` must change the password before going on, or None."""
    state = PasswordState.objects.filter(user=user).first()
    if state is None:
        return None
    if state.must_change:
        return "首次登录或密码被重置后,请先修改密码。"
    days = settings.FAZHI_PASSWORD_MAX_AGE_DAYS
    if days > 0 and timezone.now() - state.changed_at > dt.timedelta(days=days):
        return f"密码已使用超过 {days} 天,请修改密码。"
    return None


def second_factor_ok(user, code) -> bool:
    """True when `user` has no confirmed TOTP device, or `code` matches one (the API's check; the
    pages ask in accounts.views.otp_verify)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return True
    code = str(code or "").strip()
    if not code:
        return False
    if any(d.verify_token(code) for d in devices):
        return True
    audit_security(user, "login.fail", after={"reason": "otp", "via": "api"})
    return False
