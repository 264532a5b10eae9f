"""Governments and accounts. Each public function that changes data is one transaction and ends
with its audit entry; the command line (fazhiweb.accounts.commands) and the office's pages call
these same functions. Passwords never reach the audit log."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.accounts.security import password_changed
from fazhiweb.audit.services import record
from fazhiweb.directory.models import Unit

LEVELS = dict(Government.LEVELS)
ROLES = dict(Membership.ROLES)
# No 0/O, 1/l/I: a one-time password is read off a screen or a phone call.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AccountError(Exception):
    """A user-facing refusal (Simplified Chinese); the command line exits 2 with it."""


def one_time_password(length: int = 12) -> str:
    while True:
        pw = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw


# -- governments ------------------------------------------------------------------------------

def find_government(name: str | None) -> Government:
    """The government called `name` (or “上级/本级” path when names repeat under different parents);
    with no name, the installation's only government."""
    if not name:
        govs = list(Government.objects.all()[:2])
        if len(govs) == 1:
            return govs[0]
        if not govs:
            raise AccountError("本系统还没有任何政府:请先运行 fazhi government add 名称 --level 层级。")
        raise AccountError("本系统有多个政府:请用 --government 名称 指明。")
    parts = [p.strip() for p in name.strip().split("/") if p.strip()]
    found = [g for g in Government.objects.filter(name=parts[-1]).select_related("parent") if
             not parts[:-1] or g.path.split("/")[-len(parts):] == parts]
    if len(found) == 1:
        return found[0]
    if not found:
        raise AccountError(f"找不到政府“{name}”。")
    raise AccountError(f"有 {len(found)} 个政府名为“{name}”,请写明上级:{'、'.join(g.path for g in found)}。")


@transaction.atomic
def add_government(user, name: str, level: str, parent: Government | None = None) -> tuple[Government, bool]:
    """Create a government under `parent`; (government, created). Asking again for one that exists
    with the same level is a no-op; the same name with another level is refused."""
    name = (name or "").strip()
    if not name:
        raise AccountError("政府名称不能为空。")
    if level not in LEVELS:
        raise AccountError(f"层级应为 {'、'.join(LEVELS)} 之一。")
    existing = Government.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        if existing.level != level:
            raise AccountError(f"“{existing.path}”已存在,层级为{existing.get_level_display()},"
                               f"与要求的{LEVELS[level]}不符。")
        return existing, False
    gov = Government(name=name, level=level, parent=parent)
    if parent is not None:  # a town is also a unit of its parent's directory: link it
        gov.unit = Unit.objects.filter(government=parent, name=name).first()
    try:
        gov.full_clean()
    except ValidationError as exc:
        raise AccountError("；".join(exc.messages)) from None
    gov.save()
    record(user, "government.create", gov, government=gov, after=gov.snapshot())
    return gov, True


# -- accounts ---------------------------------------------------------------------------------

def _unit_for(government: Government, role: str, unit) -> Unit | None:
    """The liaison's unit (a Unit or its full name); only liaisons are per unit, access goes by role."""
    given = unit.strip() if isinstance(unit, str) else unit
    if role != Membership.LIAISON:
        if given:
            raise AccountError("只有联络员关联单位:管理员和领导不需要指定单位。")
        return None
    if not given:
        raise AccountError("联络员必须指定所在单位。")
    if isinstance(given, str):
        unit = Unit.objects.filter(government=government, name=given).first()
        if unit is None:
            raise AccountError(f"“{government.name}”的单位名录中没有“{given}”。")
    if unit.government_id != government.pk:
        raise AccountError("单位不属于该政府。")
    return unit


def _authorize(actor, obj, perm: str = "accounts.manage") -> None:
    """`perm` on the account's government (the views check first; this keeps a service called
    from elsewhere honest). actor None is the command line, run by whoever runs the server."""
    if actor is not None:
        from fazhiweb.core.permissions import require

        require(actor, perm, obj)


def _not_self(actor, m: Membership, what: str) -> None:
    """三员分立: no one administers their own account's rights. The refusal is audited, in its own
    transaction (called before the change's transaction opens, so it is not rolled back)."""
    if actor is not None and actor.pk == m.user_id:
        from fazhiweb.accounts.security import audit_security

        audit_security(actor, "user.self_denied", m, after={"username": m.user.username, "what": what})
        raise AccountError(f"不能{what}:自己的账号须由其他管理员办理。")


def _check(role: str, email: str) -> None:
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(ROLES)} 之一。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise AccountError(f"邮箱地址“{email}”格式不正确。") from None


@transaction.atomic
def create_user(actor, government: Government, username: str, role: str, *, unit=None, email: str = "",
                phone: str = "", full_name: str = "") -> tuple[Membership, str]:
    """A new account of `government` with a one-time password (returned, never stored in clear):
    the user must change it at first login."""
    _authorize(actor, government)
    if role in Membership.ADMIN_ROLES:  # making an administrator assigns rights: the security administrator's
        _authorize(actor, government, "accounts.role")
    User = get_user_model()
    username, email = (username or "").strip(), (email or "").strip()
    if not username:
        raise AccountError("用户名不能为空。")
    _check(role, email)
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户名“{username}”已被使用。")
    unit = _unit_for(government, role, unit)
    password = one_time_password()
    user = User(username=username, email=email, first_name=(full_name or "").strip()[:150])
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise AccountError("；".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    m = Membership.objects.create(user=user, government=government, role=role, unit=unit,
                                  phone=(phone or "").strip())
    password_changed(user, must_change=True, by=actor)
    record(actor, "user.create", m, government=government, object_type="accounts.membership", after=m.snapshot())
    return m, password


def _details_change(m: Membership, role: str, unit, email, phone, full_name) -> bool:
    """Does the edit change more than the role (a new role's unit goes with the role)?"""
    if (email or "").strip() != m.user.email or (phone or "").strip() != m.phone \
            or (full_name or "").strip()[:150] != m.user.first_name:
        return True
    if role != m.role or role != Membership.LIAISON:
        return False
    if isinstance(unit, Unit):
        return unit.pk != m.unit_id
    return (unit or "").strip() != (m.unit.name if m.unit_id else "")


def update_user(actor, m: Membership, *, role: str, unit=None, email: str = "", phone: str = "",
                full_name: str = "") -> Membership:
    """Role changes are the security administrator's (accounts.role), the rest the system
    administrator's (accounts.manage); the office does both; nobody changes their own role."""
    if role != m.role:
        _authorize(actor, m, "accounts.role")
        _not_self(actor, m, "修改自己的角色")
    if _details_change(m, role, unit, email, phone, full_name):
        _authorize(actor, m)
    return _update_user(actor, m, role, unit, email, phone, full_name)


@transaction.atomic
def _update_user(actor, m: Membership, role: str, unit, email: str, phone: str, full_name: str) -> Membership:
    before = m.snapshot()
    email = (email or "").strip()
    _check(role, email)
    m.unit = _unit_for(m.government, role, unit if role == Membership.LIAISON else None)
    m.role, m.phone = role, (phone or "").strip()
    m.user.email, m.user.first_name = email, (full_name or "").strip()[:150]
    m.user.save(update_fields=["email", "first_name"])
    m.save()
    record(actor, "user.update", m, government=m.government, before=before, after=m.snapshot())
    return m


def reset_password(actor, m: Membership) -> str:
    """A new one-time password (shown once to the administrator); the user must change it at next
    login. One's own password is changed on the password page, never reset here."""
    _authorize(actor, m, "accounts.password")
    _not_self(actor, m, "重置自己的密码")
    return _reset_password(actor, m)


@transaction.atomic
def _reset_password(actor, m: Membership) -> str:
    password = one_time_password()
    m.user.set_password(password)
    m.user.save(update_fields=["password"])
    password_changed(m.user, must_change=True, by=actor)
    record(actor, "user.reset_password", m, government=m.government, after={"username": m.user.username})
    return password


def set_active(actor, m: Membership, active: bool) -> Membership:
    """Deactivate (or reactivate) an account; accounts are never deleted, their history stays."""
    _authorize(actor, m)
    _not_self(actor, m, "停用自己的账号" if not active else "启用自己的账号")
    return _set_active(actor, m, active)


@transaction.atomic
def _set_active(actor, m: Membership, active: bool) -> Membership:
    before = m.snapshot()
    m.user.is_active = active
    m.user.save(update_fields=["is_active"])
    record(actor, "user.activate" if active else "user.deactivate", m, government=m.government,
           before=before, after=m.snapshot())
    return m


@transaction.atomic
def change_own_password(user, new_password: str) -> None:
    """The user's own new password (checked by the caller): clears the must-change flag, revokes
    the tokens and writes the audit entry (accounts.security.password_changed)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    password_changed(user)


def unlock_and_revoke(actor, m: Membership) -> dict:
    """The security administrator's response to a suspected break-in: clear the account's login
    lockout (django-axes attempts) and revoke its API tokens. Never on one's own account."""
    _authorize(actor, m, "accounts.security")
    _not_self(actor, m, "解除自己的锁定或撤销自己的令牌")
    return _unlock_and_revoke(actor, m)


@transaction.atomic
def _unlock_and_revoke(actor, m: Membership) -> dict:
    from axes.models import AccessAttempt

    from fazhiweb.accounts.security import audit_security, revoke_all

    cleared, _ = AccessAttempt.objects.filter(username=m.user.username).delete()
    revoked = revoke_all(actor, m.user, "revoked.by_admin")
    audit_security(actor, "user.unlock", m, after={"username": m.user.username, "attempts_cleared": cleared,
                                                   "tokens_revoked": revoked})
    return {"cleared": cleared, "revoked": revoked}
