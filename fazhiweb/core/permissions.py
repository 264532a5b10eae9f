"""The one permission vocabulary: every permission of the ledger, notices and reports
included, in one table, and the helpers every view, API call and workflow step goes through.

Models declare how they reach their government, unit and plan as class attributes naming
lookup paths (`government_path = "assignment__task__plan__government_id"`, `unit_path`,
`plan_path`), so a rule never asks what kind of object it has.

- `get_for(user, Model, pk, perm)` fetches and checks in one call: Http404 for another
  government's object (we do not reveal that it exists), PermissionDenied when the role
  may not do `perm` (Http404 for a `hide` permission: another unit's notice).
- The three administrators of 三员分立 (Membership.ADMIN_ROLES: system, security, audit) hold
  exactly the permissions whose `admins` name them, whatever the rule says: no business data.
- `require(user, perm, obj)` checks an object already in hand; `allowed()` is its boolean form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fazhiweb.accounts.models import Government, Membership

NO_MEMBERSHIP = "您的账号尚未加入任何政府,请联系管理员。"
DENIED = "您没有权限执行此操作。"


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


# ---------------------------------------------------------------- reaching government, unit, plan

def _walk(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def government_id_of(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Government):
        return obj.pk
    path = getattr(type(obj), "government_path", None)
    return _walk(obj, path) if path else getattr(obj, "government_id", None)


def unit_id_of(obj) -> int | None:
    path = getattr(type(obj), "unit_path", None)
    return _walk(obj, path) if path and obj is not None else None


def plan_of(obj):
    path = getattr(type(obj), "plan_path", None)
    if path is None or obj is None:
        return None
    return obj if path == "" else _walk(obj, path)


def _published(obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and plan.is_published


def _own_unit(m: Membership, obj) -> bool:
    return m.is_liaison and m.unit_id is not None and unit_id_of(obj) == m.unit_id


def _office_or_leader(m, o) -> bool:
    return m.is_office or m.is_leader


def _office(m, o) -> bool:
    return m.is_office


def _office_admin(m, o) -> bool:
    """The office also administers (accounts, audit log, holidays) unless the site has given that to
    the three administrators (FAZHI_SEPARATE_ADMINS=1, strict 三员分立)."""
    return m.is_office and not settings.FAZHI_SEPARATE_ADMINS


def _report_state(o, *states) -> bool:
    return getattr(o, "state", None) in states


def _round_of(o):
    """The assessment round an object belongs to (a round, participant, score or appeal)."""
    if o is None or hasattr(o, "grade_rules"):
        return o
    for path in ("round", "participant__round", "score__participant__round"):
        if hasattr(type(o), path.split("__")[0]):
            return _walk(o, path)
    return None


def _round_published(o) -> bool:
    r = _round_of(o)
    return r is not None and r.state == "published"


def _round_state(o, *states) -> bool:
    r = _round_of(o)
    return r is not None and r.state in states


def _assessing(m: Membership, o) -> bool:
    """The member belongs to the government that runs the round (not a lower one it assesses)."""
    gid = government_id_of(o) if o is not None else None
    return gid is None or gid == m.government_id


def _assessed_government(m: Membership, o) -> bool:
    """The office or a leader of a lower government that a round assesses as a participant
    (assessment/access.py fetches such objects by their `lower_government_path`)."""
    path = getattr(type(o), "lower_government_path", None) if o is not None else None
    return (m.is_office or m.is_leader) and path is not None and _walk(o, path) == m.government_id


def _assessed_office(m: Membership, o) -> bool:
    return m.is_office and _assessed_government(m, o)


def _assessor(m: Membership, o) -> bool:
    """A liaison of the unit an indicator names as its assessor (考核单位) scores it, never for
    its own unit."""
    unit_id = getattr(getattr(o, "indicator", None), "assessor_unit_id", None)
    return m.is_liaison and m.unit_id is not None and unit_id == m.unit_id and unit_id_of(o) != m.unit_id


def _above(m: Membership, o) -> bool:
    """The government above (issue 15): `o` is a lower government as hierarchy.tree gives it (its
    ancestors' ids), or None for the list pages of one's own subtree."""
    return o is None or m.government_id in getattr(o, "ancestor_ids", ())


def _inspection_side(m: Membership, o, side: str) -> bool:
    """A 督察 notice stands between two governments: `side` ("issuer" or "target") names whose
    office may take the step."""
    return m.is_office and o is not None and getattr(o, f"{side}_id", None) == m.government_id


# ---------------------------------------------------------------- the table

@dataclass(frozen=True)
class Perm:
    label: str
    rule: Callable
    hide: bool = False  # failing it answers 404, as for an object of another government
    # Which of the three administrators (三员分立) hold it; the rule is for the business roles only.
    admins: frozenset = frozenset()
    admins_by_rule: bool = False  # the rule also binds those administrators (it is not about business)


SYS, SEC, AUD = Membership.SYSADMIN, Membership.SECADMIN, Membership.AUDITOR


PERMISSIONS: dict[str, Perm] = {
    "member": Perm("登录本级政府", lambda m, o: True),
    "office": Perm("管理员操作", _office),
    "directory.view": Perm("查看单位名录", lambda m, o: True),
    "directory.edit": Perm("维护单位名录", _office),
    "audit.view": Perm("查看、导出审计日志", _office_admin, admins=frozenset({AUD})),
    "plan.create": Perm("导入计划", _office),
    "plan.view": Perm("查看计划", lambda m, o: _office_or_leader(m, o) or _published(o)),
    "plan.edit": Perm("修改、发布计划", _office),
    "plan.dashboard": Perm("查看计划进展", lambda m, o: _office_or_leader(m, o) or _published(o)),
    "plan.ledger": Perm("查看全部单位进展", _office_or_leader),
    "task.view": Perm("查看任务", lambda m, o: _office_or_leader(m, o) or _published(o)),
    "unit.view": Perm("查看单位进展", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o)),
    "assignment.view": Perm("查看分工", lambda m, o: _office_or_leader(m, o) or (_own_unit(m, o) and _published(o))),
    "assignment.report": Perm("报送进展", lambda m, o: _own_unit(m, o) and _published(o) and o.active),
    "report.view": Perm("查看进展报告", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o)),
    "report.edit": Perm("编辑、报送、撤回本单位报告", lambda m, o: _own_unit(m, o) and _published(o)),
    "report.review": Perm("审核进展报告", _office),
    "evidence.view": Perm("下载佐证材料", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o)),
    "notice.view": Perm("查看督办单", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o), hide=True),
    "notice.issue": Perm("下发督办单", _office),
    "notice.sign": Perm("签收督办单", _own_unit),
    "notice.reply": Perm("反馈整改情况", _own_unit),
    "notice.close": Perm("核查销号", _office),
    "notice.return": Perm("退回整改", _office),
    # Case registers: the unit that keeps a case enters and edits it; the office sees and keeps
    # every register of its government (cases kept by the government itself included); leaders read.
    "register.view": Perm("查看台账", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o), hide=True),
    "register.edit": Perm("登记、修改台账案件", lambda m, o: _office(m, o) or _own_unit(m, o)),
    "register.approve": Perm("批准延期等审批事项", lambda m, o: _office(m, o) or _own_unit(m, o)),
    "register.review": Perm("评查、审核台账事项", _office),
    "register.import": Perm("导入台账", lambda m, o: m.is_office or (m.is_liaison and m.unit_id is not None)),
    "register.settings": Perm("设置台账统计口径", _office),
    # 备案审查: the office of the government a lower government files with keeps the queue (leaders
    # read it); the filing government reads the outcome on its own case only, as it reads the case.
    "filing.queue": Perm("查看备案审查队列", _office_or_leader),
    "filing.review": Perm("办理备案审查(登记收到、通知补正、审查结论)", _office),
    "filing.outcome": Perm("查看本级报备文件的审查结果", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o),
                           hide=True),
    # 考核: the office of the government running a round manages and scores it; its units, and the
    # lower governments it assesses (their office and leaders), see their own standing only; the
    # ranking is the office's and leaders' until publication, then everyone's.
    "assessment.view": Perm("查看考核", lambda m, o: True),
    "assessment.manage": Perm("管理考核与示范创建", lambda m, o: _office(m, o) and _assessing(m, o)),
    "assessment.ranking": Perm("查看考核排名", lambda m, o: (_office_or_leader(m, o) and _assessing(m, o))
                               or _round_published(o)),
    "assessment.standing": Perm("查看单位考核得分与佐证", lambda m, o: (_office_or_leader(m, o) and _assessing(m, o))
                                or _own_unit(m, o) or _assessed_government(m, o)),
    "assessment.self": Perm("报送本单位自评", lambda m, o: (_own_unit(m, o) or _assessed_office(m, o))
                            and _round_state(o, "open")),
    "assessment.score": Perm("评分", lambda m, o: _round_state(o, "scoring", "review") and (
        (m.is_office and _assessing(m, o)) or _assessor(m, o))),
    "assessment.appeal": Perm("提出申诉", lambda m, o: (_own_unit(m, o) or _assessed_office(m, o))
                              and _round_state(o, "review")),
    "assessment.decide": Perm("复核申诉", lambda m, o: _office(m, o) and _assessing(m, o)),
    "comment.create": Perm("作出批示", lambda m, o: m.is_leader),
    "comment.view": Perm("查看领导批示", lambda m, o: _office_or_leader(m, o) or (
        m.is_liaison and m.unit_id is not None and o.concerns_unit(m.unit_id))),
    # The annual 法治政府建设 report: the office drafts the government's, a liaison their unit's
    # own; the leader approves; the office reviews (保密), records where it went and publishes.
    "annual.view": Perm("查看年度报告", lambda m, o: _office_or_leader(m, o) or _own_unit(m, o), hide=True),
    "annual.edit": Perm("起草、修改年度报告", lambda m, o: (m.is_office and unit_id_of(o) is None) or _own_unit(m, o)),
    "annual.submit": Perm("报送部门年度报告", _own_unit),
    "annual.approve": Perm("审定年度报告", lambda m, o: m.is_leader),
    "annual.publish": Perm("保密审查、报送和公开年度报告", _office),
    "annual.settings": Perm("设置年度报告本地规则", _office),
    "home.overview": Perm("查看全局概况", _office_or_leader),
    "plan.archive": Perm("归档、取消归档计划", _office),
    # 三员分立: the system administrator keeps accounts (create, unit, activation); the security
    # administrator assigns roles and resets passwords; both see the list. Nobody does any of it
    # to their own account (accounts.services refuses and audits it).
    "accounts.view": Perm("查看本级用户账号", _office_admin, admins=frozenset({SYS, SEC})),
    "accounts.manage": Perm("管理本级用户账号", _office_admin, admins=frozenset({SYS})),
    "accounts.role": Perm("分配用户角色", _office_admin, admins=frozenset({SEC})),
    "accounts.password": Perm("重置他人密码", _office_admin, admins=frozenset({SEC})),
    "accounts.security": Perm("解除他人登录锁定、撤销他人接口令牌", _office_admin, admins=frozenset({SEC})),
    "otp.setup": Perm("启用动态口令(第二因素)", _office, admins=frozenset({SYS, SEC, AUD})),
    "search": Perm("搜索任务、报告和督办单", lambda m, o: True),
    # The government above reads, never writes, every government below it; a lower government sees
    # nothing of its parent's or siblings' internal data (only what is public).
    "hierarchy.view": Perm("查看下级政府的计划、进展、台账统计和年度报告",
                           lambda m, o: _office_or_leader(m, o) and _above(m, o), hide=True),
    "hierarchy.upload": Perm("上传下级政府年度报告", lambda m, o: _office(m, o) and _above(m, o)),
    "inspection.view": Perm("查看督察通知", lambda m, o: _office_or_leader(m, o) and o is not None and m.government_id
                            in (o.issuer_id, o.target_id), hide=True),
    "inspection.issue": Perm("向下级政府下发督察通知", lambda m, o: _office(m, o) and _above(m, o)),
    "inspection.sign": Perm("签收督察通知", lambda m, o: _inspection_side(m, o, "target")),
    "inspection.reply": Perm("反馈督察整改情况", lambda m, o: _inspection_side(m, o, "target")),
    "inspection.close": Perm("督察核查销号", lambda m, o: _inspection_side(m, o, "issuer")),
    "inspection.return": Perm("督察退回整改", lambda m, o: _inspection_side(m, o, "issuer")),
    # The holiday table is installation-wide (the State Council's calendar): kept by the office of
    # a top-level government, not by each county of a province installation.
    "holiday.edit": Perm("维护节假日调整表", lambda m, o: (_office_admin(m, o) or m.role == SYS)
                         and m.government.parent_id is None,
                         admins=frozenset({SYS}), admins_by_rule=True),
}


def allowed(user, perm: str, obj=None) -> bool:
    try:
        require(user, perm, obj)
    except (PermissionDenied, Http404):
        return False
    return True


def member_may(m: Membership | None, perm: str, obj=None) -> bool:
    """Whether a membership already in hand holds `perm` (the templates' `member|can:"perm"`)."""
    if m is None:
        return False
    try:
        _check(m, perm, obj)
    except (PermissionDenied, Http404):
        return False
    return True


def _check(m: Membership, perm: str, obj) -> None:
    p = PERMISSIONS[perm]
    if m.is_admin_role:
        ok = m.role in p.admins and (not p.admins_by_rule or p.rule(m, obj))
    else:
        ok = p.rule(m, obj)
    if not ok:
        if p.hide:
            raise Http404("未找到。")
        raise PermissionDenied(DENIED)


def require(user, perm: str, obj=None) -> Membership:
    """Return the user's membership if they may do `perm` on `obj`, else raise."""
    m = membership(user)
    if m is None:
        raise PermissionDenied(NO_MEMBERSHIP)
    if obj is not None:
        gid = government_id_of(obj)
        if gid is not None and gid != m.government_id:
            raise Http404("未找到。")
    _check(m, perm, obj)
    return m


def get_for(user, model, pk, perm: str, queryset=None):
    """Fetch `model` `pk` within the user's government and check `perm` on it, in one call.
    `queryset` may add select_related / prefetch for the page."""
    m = membership(user)
    if m is None:
        raise PermissionDenied(NO_MEMBERSHIP)
    qs = queryset if queryset is not None else model._default_manager.all()
    if model is Government:
        qs = qs.filter(pk=m.government_id)
    elif getattr(model, "government_path", None):
        qs = qs.filter(**{model.government_path: m.government_id})
    try:
        obj = qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到。") from None
    _check(m, perm, obj)
    return obj


def scope(user, qs, perm: str = "member"):
    """`qs` narrowed to what the user may see: their government, and for a liaison their unit
    (models declaring a unit_path). The list-page counterpart of `get_for`."""
    m = require(user, perm)
    model = qs.model
    if getattr(model, "government_path", None):
        qs = qs.filter(**{model.government_path: m.government_id})
    if m.is_liaison and getattr(model, "unit_path", None):
        qs = qs.filter(**{model.unit_path: m.unit_id})
    return qs
