"""督办 notices and reminder e-mails. Each public function that changes data runs in one
transaction and writes an audit entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.audit.services import record
from fazhiweb.core.clock import period_end
from fazhiweb.core.clock import today as clock_today
from fazhiweb.core.models import Notification
from fazhiweb.core.notify import DUE, NOTICE, notify_rows, notify_unit
from fazhiweb.core.permissions import allowed
from fazhiweb.core.workflow import CONFLICT_MESSAGE, Flow, WorkflowError
from fazhiweb.plans.models import ROLE_LABELS, Assignment, Plan, Task
from fazhiweb.progress.due import DueCalculator, ticks_of, with_acceptance
from fazhiweb.registers.hooks import reminder_lines as register_lines
from fazhiweb.supervision.models import CLOSED, Notice, NoticeEvent, NoticeEvidence, ReminderLog
from fazhiweb.supervision.rules import RULES_FILE, notice_kinds, reply_workdays

STALE = CONFLICT_MESSAGE


class NoticeError(Exception):
    """User-facing message (Simplified Chinese)."""


NOTICE_FLOW = Flow.load(RULES_FILE, "notice_flow", model=Notice, event_model=NoticeEvent, event_fk="notice",
                        file_model=NoticeEvidence, file_fk="event", audit_prefix="notice.")


def _checked_fields(kind: str, reason: str, reply_by, today: dt.date) -> tuple[str, dt.date]:
    if kind not in dict(notice_kinds()):
        raise NoticeError("请选择督办类型。")
    reason = (reason or "").strip()
    if not reason:
        raise NoticeError("请填写督办事由。")
    if isinstance(reply_by, str):
        try:
            reply_by = dt.date.fromisoformat(reply_by)
        except ValueError:
            raise NoticeError("反馈期限不是有效日期(格式:2025-03-31)。") from None
    if not isinstance(reply_by, dt.date):
        raise NoticeError("请填写反馈期限。")
    if reply_by <= today:
        raise NoticeError(f"反馈期限应晚于下发日期({today.isoformat()})。")
    return reason, reply_by


def issue_notices(user, government, assignments, kind: str, reason: str, reply_by) -> list[Notice]:
    """The office issues the same notice about `assignments` to every unit they belong to: one
    numbered notice per unit, all in one batch and one transaction."""
    if not allowed(user, "notice.issue", government):
        raise NoticeError("只有本级政府的管理员可以下发督办单。")
    reason, reply_by = _checked_fields(kind, reason, reply_by, clock_today())
    ids = sorted({a.pk if isinstance(a, Assignment) else int(a) for a in assignments or []})
    if not ids:
        raise NoticeError("请至少选择一项督办事项。")
    batch = uuid.uuid4()
    out = []
    with transaction.atomic():
        found = list(Assignment.objects.filter(pk__in=ids, active=True, task__plan__government=government)
                     .select_related("unit").order_by("unit__name", "pk"))
        if len(found) != len(ids):
            raise NoticeError("所选事项不属于本级政府或已失效,请刷新后重试。")
        by_unit: dict[int, list[Assignment]] = defaultdict(list)
        for a in found:
            by_unit[a.unit_id].append(a)
        for group in by_unit.values():
            notice = Notice.objects.create(government=government, unit=group[0].unit, kind=kind, reason=reason,
                                           reply_by=reply_by, created_by=user,
                                           batch=batch if len(by_unit) > 1 else None)
            notice.assignments.set(group)
            NOTICE_FLOW.start(user, notice, "issue", reason)
            record(user, "notice.issue", notice, government=government,
                   after={**notice.snapshot(), "assignments": [a.pk for a in group]})
            notify_unit(notice.unit_id, NOTICE, f"新督办单 {notice.number}:{reason[:40]}",
                        reverse("supervision:notice", args=[notice.pk]), f"notice:{notice.pk}")
            out.append(notice)
    return out


def issue_notice(user, government, unit, assignments, kind: str, reason: str, reply_by) -> Notice:
    """One unit's notice (the API and older callers): `assignments` must all be `unit`'s."""
    if unit is None or unit.government_id != government.pk:
        raise NoticeError("请选择本级政府的单位。")
    ids = {a.pk if isinstance(a, Assignment) else int(a) for a in assignments or []}
    if Assignment.objects.filter(pk__in=ids).exclude(unit=unit).exists():
        raise NoticeError("所选事项不属于该单位或已失效,请刷新后重试。")
    return issue_notices(user, government, ids, kind, reason, reply_by)[0]


def default_reply_by(today: dt.date | None = None) -> dt.date:
    """A notice's reply-by: N working days from today (rules.json `reply_workdays`, core.clock)."""
    return period_end(today or clock_today(), reply_workdays(), "workdays")


def allowed_actions(user, notice: Notice) -> list:
    """The steps `user` may take on `notice` now (for showing buttons)."""
    return NOTICE_FLOW.allowed_actions(user, notice)


def step_changes(flow: Flow, action: str, comment: str) -> dict:
    """The fields a notice's step sets besides its state: the reply's text, the closing time."""
    changes = {}
    if action == "reply":
        changes["reply_text"] = (comment or "").strip()
    t = flow.transitions.get(action)
    if t is not None and t.target == CLOSED:
        changes["closed_at"] = timezone.now()
    return changes


def transition(user, notice: Notice, action: str, version, comment: str = "", files=()) -> Notice:
    """Move a notice one step: sign, reply, close (销号) or return (退回整改); through the one
    workflow helper (permission from the flow's data, version check, event, files, audit)."""
    changes = step_changes(NOTICE_FLOW, action, comment)
    if version in (None, ""):
        raise NoticeError(STALE)  # a form always sends the version it was made from
    try:
        return NOTICE_FLOW.run(user, notice, action, version, comment, files, changes)
    except WorkflowError as exc:
        raise NoticeError(str(exc)) from exc


# -- reminders --------------------------------------------------------------------------------

@dataclass
class RemindResult:
    sent: int = 0
    skipped: int = 0
    already: int = 0
    no_email: int = 0
    failed: int = 0
    items: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        detail = []
        if self.already:
            detail.append(f"今日已提醒 {self.already} 人")
        if self.no_email:
            detail.append(f"无邮箱 {self.no_email} 人")
        if self.failed:
            detail.append(f"发送失败 {self.failed} 人")
        return f"发送 {self.sent} 封,跳过 {self.skipped} 人" + (f"({'、'.join(detail)})" if detail else "")


@dataclass
class _Line:
    plan_title: str
    label: str
    short: str
    role: str
    due: dt.date
    text: str
    overdue: bool
    task_id: int = 0


def pending_by_unit(calc: DueCalculator, government_id: int | None = None) -> dict[int, list[_Line]]:
    """Every unit's assignments that are due soon or overdue and not done, in three queries
    (plans, tasks, assignments) whatever the number of assignments. Each unit is chased on its
    next unticked milestone (core.clock)."""
    plans = Plan.objects.current().filter(status=Plan.PUBLISHED)
    if government_id is not None:
        plans = plans.filter(government_id=government_id)
    plan_info = {pk: (title, default) for pk, title, default in plans.values_list("id", "title", "default_deadline")}
    if not plan_info:
        return {}
    tasks = Task.objects.filter(removed=False, plan__status=Plan.PUBLISHED, plan__archived_at__isnull=True)
    if government_id is not None:
        tasks = tasks.filter(plan__government_id=government_id)
    flagged: dict[int, tuple] = {}
    for pk, plan_id, deadlines, path, title, head in tasks.annotate(head=Substr("text", 1, 40)).values_list(
            "id", "plan_id", "deadlines", "path", "title", "head").iterator(chunk_size=5000):
        # a unit is chased on a later milestone only after the earliest: if that one is not
        # pending for an unticked unit, no unit of the task is
        if calc.status(calc.deadline(deadlines, plan_info[plan_id][1])).pending:
            flagged[pk] = (deadlines, plan_id, "".join(path or []), title or head)
    if not flagged:
        return {}
    qs = Assignment.objects.filter(active=True, task__removed=False, task__plan__status=Plan.PUBLISHED,
                                   task__plan__archived_at__isnull=True)
    if government_id is not None:
        qs = qs.filter(task__plan__government_id=government_id)
    out: dict[int, list[_Line]] = defaultdict(list)
    for unit_id, task_id, role, acc_status, acc_at, ticks in with_acceptance(qs.order_by()).values_list(
            "unit_id", "task_id", "role", "sv_accepted_status", "sv_accepted_at",
            "sv_accepted_ticks").iterator(chunk_size=10000):
        info = flagged.get(task_id)
        if info is None:
            continue
        deadlines, plan_id, label, short = info
        due = calc.deadline(deadlines, plan_info[plan_id][1], ticks_of(ticks))
        st = calc.status(due, acc_status, acc_at)
        if st.pending:
            out[unit_id].append(_Line(plan_info[plan_id][0], label, short, ROLE_LABELS.get(role, role),
                                      due.date, st.text, st.overdue, task_id))
    for lines in out.values():
        lines.sort(key=lambda x: (not x.overdue, x.due, x.plan_title, x.label))
    return out


def digest(user, unit_name: str, lines: list[_Line], today: dt.date, unread=()) -> EmailMessage:
    """One mail: the unit's overdue and due-soon items, then the user's other unread items (a new
    notice, a returned report, a leader's comment) — the list the header's 待阅 shows."""
    overdue = [x for x in lines if x.overdue]
    soon = [x for x in lines if not x.overdue]
    body = [f"{user.get_full_name() or user.get_username()}:", ""]
    if lines:
        body += [f"截至 {today.isoformat()},{unit_name}有 {len(lines)} 项任务已逾期或临近完成时限"
                 f"(已逾期 {len(overdue)} 项,即将到期 {len(soon)} 项):", ""]
    for title, group in (("已逾期", overdue), ("即将到期", soon)):
        if not group:
            continue
        body.append(f"【{title}】")
        for i, x in enumerate(group, 1):
            body.append(f"{i}. {x.plan_title} {x.label} {x.short}({x.role})"
                        f" 完成时限 {x.due.isoformat()},{x.text}")
        body.append("")
    if unread:
        body.append("【待阅】")
        body += [f"{i}. {n.get_kind_display()}:{n.text}" for i, n in enumerate(unread, 1)]
        body.append("")
    body.append("请登录法治政府建设台账查看(页眉“待阅”)。本邮件由系统自动发送,每日至多一封。")
    if lines:
        subject = f"【督办提醒】{unit_name}:已逾期 {len(overdue)} 项,即将到期 {len(soon)} 项"
    else:
        subject = f"【待阅】{len(unread)} 条新消息"
    return EmailMessage(subject, "\n".join(body), settings.DEFAULT_FROM_EMAIL, [user.email])


def _due_rows(user_id: int, lines: list[_Line]) -> list[tuple]:
    """Due-soon and overdue items for the liaison's unread list (once per task and deadline)."""
    return [(user_id, DUE, f"{x.text}:{x.label} {x.short}(完成时限 {x.due.isoformat()})", *_due_link(x))
            for x in lines]


def _due_link(x) -> tuple[str, str]:
    """Where a due line leads, and its once-only key: a task of the ledger or a register case."""
    if getattr(x, "case_id", None):
        return reverse("registers:case", args=[x.case_id]), f"case:{x.case_id}:{x.due}"
    return (reverse("progress:task", args=[x.task_id]) if x.task_id else ""), f"due:{x.task_id}:{x.due}"


def _unmailed(government_id: int | None) -> dict[int, list]:
    """Unread items not yet in a digest, other than due items (those come as the digest's lines)."""
    qs = Notification.objects.filter(read_at__isnull=True, mailed_at__isnull=True).exclude(kind=DUE)
    if government_id is not None:
        qs = qs.filter(user__membership__government_id=government_id)
    out: dict[int, list] = defaultdict(list)
    for n in qs.order_by("created_at", "id"):
        out[n.user_id].append(n)
    return out


def send_reminders(today: dt.date | None = None, government_id: int | None = None) -> RemindResult:
    """Send each user one digest a day at most (ReminderLog): a liaison's due-soon and overdue
    assignments, and anyone's unread items not mailed before. Users with neither get nothing.
    The due items also join the liaisons' unread lists."""
    calc = DueCalculator(today)
    today = calc.today
    result = RemindResult()
    pending = pending_by_unit(calc, government_id)
    for unit_id, lines in register_lines(today, government_id).items():  # registers' statutory clocks
        pending.setdefault(unit_id, []).extend(lines)
    members = Membership.objects.select_related("user", "unit")
    if government_id is not None:
        members = members.filter(government_id=government_id)
    liaisons = [m for m in members.filter(role=Membership.LIAISON, unit__isnull=False, unit_id__in=list(pending))]
    notify_rows([row for m in liaisons if m.user.is_active for row in _due_rows(m.user_id, pending[m.unit_id])])
    unmailed = _unmailed(government_id)
    if not pending and not unmailed:
        return result
    people = liaisons + [m for m in members.filter(user_id__in=list(unmailed)) if m not in liaisons]
    already = set(ReminderLog.objects.filter(date=today).values_list("user_id", flat=True))
    sent_by_gov: dict[int, list[str]] = defaultdict(list)
    connection = get_connection()
    with connection:
        for m in sorted(people, key=lambda m: (m.government_id, m.unit_id or 0, m.user_id)):
            lines = pending.get(m.unit_id, []) if m.role == Membership.LIAISON else []
            unread = unmailed.get(m.user_id, [])
            if m.user_id in already:
                result.skipped += 1
                result.already += 1
                continue
            if not m.user.email or not m.user.is_active:
                result.skipped += 1
                result.no_email += 1
                continue
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(user=m.user, date=today, items=len(lines) + len(unread))
            except IntegrityError:  # another run got there first
                result.skipped += 1
                result.already += 1
                continue
            try:
                connection.send_messages([digest(m.user, m.unit.name if m.unit else "", lines, today, unread)])
            except Exception as exc:  # noqa: BLE001 - a mail failure must not stop the others
                log.delete()
                result.failed += 1
                result.skipped += 1
                result.errors.append(f"{m.user.get_username()}: {exc}")
                continue
            Notification.objects.filter(pk__in=[n.pk for n in unread]).update(mailed_at=timezone.now())
            result.sent += 1
            result.items += len(lines) + len(unread)
            sent_by_gov[m.government_id].append(m.user.get_username())
    for gid, names in sent_by_gov.items():
        record(None, "reminder.send", government=Government(pk=gid), object_type="supervision.reminder",
               object_id=today.isoformat(), after={"date": today, "sent": names})
    return result
