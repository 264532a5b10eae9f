"""The one access helper every view and API endpoint goes through.

`require(user, perm, obj)` raises Http404 when the object belongs to another government
(we do not reveal that it exists) and PermissionDenied when the user's role may not do
`perm`. `allowed()` is the boolean form; the `can_*` functions are named shortcuts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fazhiweb.accounts.models import Membership


def membership(user) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_fazhi_membership", False)
    if cached is not False:
        return cached
    rel = Membership.user.field.remote_field  # user → membership, loaded with the user by MemberBackend
    if rel.is_cached(user):
        m = rel.get_cached_value(user)
    else:
        try:
            m = Membership.objects.select_related("government", "unit").get(user=user)
        except Membership.DoesNotExist:
            m = None
    user._fazhi_membership = m
    return m


def government_id_of(obj) -> int | None:
    """Walk from any ledger object up to its government."""
    from fazhiweb.plans.models import Assignment, Plan, Task, TaskUnitMention
    from fazhiweb.progress.models import Evidence, Report

    if obj is None:
        return None
    if isinstance(obj, Evidence):
        obj = obj.report
    if isinstance(obj, Report):
        obj = obj.assignment
    if isinstance(obj, Assignment | TaskUnitMention):
        obj = obj.task
    if isinstance(obj, Task):
        obj = obj.plan
    if isinstance(obj, Plan):
        return obj.government_id
    gid = getattr(obj, "government_id", None)
    if gid is None and obj.__class__.__name__ == "Government":
        return obj.pk
    return gid


def _unit_id_of(obj) -> int | None:
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress.models import Evidence, Report

    if isinstance(obj, Evidence):
        obj = obj.report
    if isinstance(obj, Report):
        obj = obj.assignment
    if isinstance(obj, Assignment):
        return obj.unit_id
    return getattr(obj, "unit_id", None) or (obj.pk if obj.__class__.__name__ == "Unit" else None)


def _plan_of(obj):
    from fazhiweb.plans.models import Assignment, Plan, Task
    from fazhiweb.progress.models import Evidence, Report

    if isinstance(obj, Evidence):
        obj = obj.report
    if isinstance(obj, Report):
        obj = obj.assignment
    if isinstance(obj, Assignment):
        obj = obj.task
    if isinstance(obj, Task):
        obj = obj.plan
    return obj if isinstance(obj, Plan) else None


def _published(obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and plan.is_published


def _own_unit(m: Membership, obj) -> bool:
    return m.is_liaison and m.unit_id is not None and _unit_id_of(obj) == m.unit_id


# perm → predicate(membership, obj). Government isolation is checked before these.
RULES = {
    "member": lambda m, o: True,
    "office": lambda m, o: m.is_office,
    "directory.view": lambda m, o: True,
    "directory.edit": lambda m, o: m.is_office,
    "audit.view": lambda m, o: m.is_office,
    "plan.create": lambda m, o: m.is_office,
    "plan.view": lambda m, o: m.is_office or m.is_leader or _published(o),
    "plan.edit": lambda m, o: m.is_office,
    "plan.dashboard": lambda m, o: m.is_office or m.is_leader or _published(o),
    "task.view": lambda m, o: m.is_office or m.is_leader or _published(o),
    "plan.ledger": lambda m, o: m.is_office or m.is_leader,
    "unit.view": lambda m, o: m.is_office or m.is_leader or _own_unit(m, o),
    "assignment.view": lambda m, o: m.is_office or m.is_leader or (_own_unit(m, o) and _published(o)),
    "assignment.report": lambda m, o: _own_unit(m, o) and _published(o) and o.active,
    "report.view": lambda m, o: m.is_office or m.is_leader or _own_unit(m, o),
    "report.review": lambda m, o: m.is_office,
    "evidence.view": lambda m, o: m.is_office or m.is_leader or _own_unit(m, o),
    "accounts.manage": lambda m, o: m.is_office,
    "plan.archive": lambda m, o: m.is_office,
    "search": lambda m, o: True,
    # The holiday table is installation-wide (the State Council's calendar): kept by the office of
    # a top-level government, not by each county of a province installation.
    "holiday.edit": lambda m, o: m.is_office and m.government.parent_id is None,
}


def allowed(user, perm: str, obj=None) -> bool:
    try:
        require(user, perm, obj)
    except (PermissionDenied, Http404):
        return False
    return True


def require(user, perm: str, obj=None) -> Membership:
    """Return the user's membership if they may do `perm` on `obj`, else raise."""
    m = membership(user)
    if m is None:
        raise PermissionDenied("您的账号尚未加入任何政府,请联系管理员。")
    if obj is not None:
        gid = government_id_of(obj)
        if gid is not None and gid != m.government_id:
            raise Http404("未找到。")
    rule = RULES[perm]
    if not rule(m, obj):
        raise PermissionDenied("您没有权限执行此操作。")
    return m


def can_edit_plan(user, plan) -> bool:
    return allowed(user, "plan.edit", plan)


def can_review(user, report) -> bool:
    return allowed(user, "report.review", report)
