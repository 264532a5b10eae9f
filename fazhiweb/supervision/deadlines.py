"""Effective deadlines and due status — the one place that decides them, used by the liaison's
home page, the supervision board, the notices pages and the `remind` command.

Effective deadline of an assignment on a day `today`:

1. Its task's own deadlines (`Task.deadlines`): the earliest of them. A yearly duty
   (`recurring == "yearly"`, e.g. 每年第一季度) rolls forward: its cycle is the calendar year,
   and its occurrence in the current cycle is the same month and day in `today`'s year
   (29 Feb becomes 28 Feb), never earlier than the first occurrence stored by the parser.
   So a yearly duty due 2024-03-31 is due 2025-03-31 throughout 2025 and 2026-03-31 from
   1 January 2026 on.
2. Otherwise the plan's catch-all default deadline (`Plan.default_deadline`).
3. A deadline that falls on a rest day (weekend or statutory holiday per the holiday calendar,
   adjusted working weekends count as working days) moves to the next working day
   (rules.json `deadline_on_rest_day`, 民法典第二百零三条).

Status on `today`, for one assignment:

- 已完成 (done): its latest accepted report says 已完成; for a yearly deadline the acceptance must
  fall in the current cycle (on or after 1 January of the deadline's year), so last year's
  completion does not count this year;
- 已逾期 (overdue): today is after the effective deadline;
- 即将到期 (due soon): at most N working days left (N = settings.FAZHI_DUE_SOON_DAYS, default 5);
- 正常推进 (on track) otherwise, or 无时限 when there is no deadline at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from fazhiweb.core.workdays import WorkCalendar
from fazhiweb.progress.models import Report
from fazhiweb.supervision.rules import extend_rest_day_deadlines

OVERDUE, SOON, ON_TRACK, DONE, NONE = "overdue", "soon", "on_track", "done", "none"
STATE_LABELS = {OVERDUE: "已逾期", SOON: "即将到期", ON_TRACK: "正常推进", DONE: "已完成", NONE: "无时限"}


@dataclass(frozen=True)
class Due:
    date: dt.date | None  # the effective deadline
    nominal: dt.date | None = None  # before moving off a rest day
    source: str = ""  # "task" | "plan" | ""
    recurring: bool = False

    @property
    def cycle_start(self) -> dt.date | None:
        return dt.date(self.nominal.year, 1, 1) if self.recurring and self.nominal else None

    @property
    def moved(self) -> bool:
        return self.date != self.nominal


@dataclass(frozen=True)
class DueStatus:
    due: Due
    state: str
    workdays_left: int | None

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.state == SOON

    @property
    def pending(self) -> bool:
        """Due soon or overdue: what a reminder lists."""
        return self.state in (OVERDUE, SOON)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def text(self) -> str:
        if self.state == OVERDUE:
            return f"已逾期 {-self.workdays_left} 个工作日" if self.workdays_left else "已逾期"
        if self.state == SOON:
            return "今日到期" if self.workdays_left == 0 else f"剩 {self.workdays_left} 个工作日"
        return self.label


def _parse(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None


def _in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


class DueCalculator:
    """Decides deadlines and statuses for one `today`; caches per date so that a run over
    hundreds of thousands of assignments costs one calendar walk per distinct deadline."""

    def __init__(self, today: dt.date | None = None, soon_days: int | None = None,
                 calendar: WorkCalendar | None = None):
        self.today = today or timezone.localdate()
        self.soon_days = settings.FAZHI_DUE_SOON_DAYS if soon_days is None else soon_days
        self.calendar = calendar or WorkCalendar()
        self._moved: dict[dt.date, dt.date] = {}
        self._left: dict[dt.date, int] = {}
        self._tasks: dict[int, Due] = {}

    # -- deadlines -----------------------------------------------------------------------------
    def next_workday(self, day: dt.date) -> dt.date:
        if day not in self._moved:
            out = day
            if extend_rest_day_deadlines():
                for _ in range(60):
                    if self.calendar.is_workday(out):
                        break
                    out += dt.timedelta(days=1)
                else:
                    out = day
            self._moved[day] = out
        return self._moved[day]

    def deadline(self, deadlines, default=None) -> Due:
        """The effective deadline from a task's `deadlines` list and its plan's default."""
        best: tuple[dt.date, bool] | None = None
        for d in deadlines or []:
            day = _parse(d.get("date") if isinstance(d, dict) else None)
            if day is None:
                continue
            recurring = isinstance(d, dict) and d.get("recurring") == "yearly"
            if recurring:
                day = max(day, _in_year(day, self.today.year))
            if best is None or day < best[0]:
                best = (day, recurring)
        if best is not None:
            return Due(self.next_workday(best[0]), best[0], "task", best[1])
        default = _parse(default)
        if default is not None:
            return Due(self.next_workday(default), default, "plan", False)
        return Due(None)

    def task_deadline(self, task) -> Due:
        """`task` with its plan loaded (select_related), cached by task id."""
        due = self._tasks.get(task.pk)
        if due is None:
            due = self._tasks[task.pk] = self.deadline(task.deadlines, task.plan.default_deadline)
        return due

    # -- status --------------------------------------------------------------------------------
    def workdays_left(self, day: dt.date) -> int:
        if day not in self._left:
            self._left[day] = self.calendar.workdays_between(self.today, day)
        return self._left[day]

    def status(self, due: Due, accepted_status: str | None = None, accepted_at=None) -> DueStatus:
        """`accepted_status`/`accepted_at`: the status and review time of the latest accepted report."""
        if accepted_status == "done":
            start = due.cycle_start
            if start is None or (accepted_at is not None and _local_date(accepted_at) >= start):
                left = self.workdays_left(due.date) if due.date else None
                return DueStatus(due, DONE, left)
        if due.date is None:
            return DueStatus(due, NONE, None)
        left = self.workdays_left(due.date)
        if self.today > due.date:
            return DueStatus(due, OVERDUE, left)
        if left <= self.soon_days:
            return DueStatus(due, SOON, left)
        return DueStatus(due, ON_TRACK, left)

    def assignment_status(self, assignment) -> DueStatus:
        """For an assignment fetched through `with_acceptance` (task__plan selected)."""
        return self.status(self.task_deadline(assignment.task),
                           getattr(assignment, "sv_accepted_status", None), getattr(assignment, "sv_accepted_at", None))

    @property
    def note(self) -> str:
        return self.calendar.note


def _local_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def with_acceptance(qs):
    """Annotate assignments with their latest accepted report's status and review time
    (two correlated subqueries: no per-assignment queries)."""
    latest = Report.objects.filter(assignment=OuterRef("pk"), state=Report.ACCEPTED).order_by("-version")
    return qs.annotate(sv_accepted_status=Subquery(latest.values("status")[:1]),
                       sv_accepted_at=Subquery(latest.values("reviewed_at")[:1]))


@dataclass
class Item:
    assignment: object
    status: DueStatus

    @property
    def task(self):
        return self.assignment.task


def open_assignments(qs):
    """Assignments that count: active, task not removed, plan published and not archived."""
    return qs.filter(active=True, task__removed=False, task__plan__status="published",
                     task__plan__archived_at__isnull=True)


def items_for(qs, calc: DueCalculator) -> list[Item]:
    """One query: every assignment in `qs` with its status."""
    rows = with_acceptance(qs.select_related("task__plan", "unit"))
    return [Item(a, calc.assignment_status(a)) for a in rows]


def due_items(qs, calc: DueCalculator) -> list[Item]:
    """Due soon or overdue and not done, earliest deadline first."""
    items = [i for i in items_for(open_assignments(qs), calc) if i.status.pending]
    items.sort(key=lambda i: (i.status.due.date, i.task.plan_id, i.task.order, i.assignment.pk))
    return items


@dataclass(frozen=True)
class Entry:
    """One assignment's place in a list, from plain values (no model instance)."""

    id: int
    plan_id: int
    plan_year: int | None
    task_order: int
    status: DueStatus


def scan(qs, calc: DueCalculator) -> list[Entry]:
    """One query over plain values: every assignment in `qs` with its due status. Cheap enough for a
    unit's whole history; build model rows (progress.dashboard.rows_for_ids) only for those shown."""
    out = []
    rows = with_acceptance(qs.order_by()).values_list(
        "id", "task_id", "task__order", "task__deadlines", "task__plan_id", "task__plan__year",
        "task__plan__default_deadline", "sv_accepted_status", "sv_accepted_at")
    dues: dict[int, Due] = {}
    for pk, task_id, order, deadlines, plan_id, year, default, acc_status, acc_at in rows:
        due = dues.get(task_id)
        if due is None:
            due = dues[task_id] = calc.deadline(deadlines, default)
        out.append(Entry(pk, plan_id, year, order, calc.status(due, acc_status, acc_at)))
    return out


def pending_entries(entries: list[Entry]) -> list[Entry]:
    """Due soon or overdue and not done, earliest deadline first (the order of `due_items`)."""
    out = [e for e in entries if e.status.pending]
    out.sort(key=lambda e: (e.status.due.date, e.plan_id, e.task_order, e.id))
    return out
