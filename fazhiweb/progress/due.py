"""Assignments with their due status, from the one clock (core.clock): the queries that feed
the liaison's home page, the dashboards, the supervision board, notices and reminders."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from fazhiweb.core.clock import (  # noqa: F401 - re-exported for the pages
    DONE,
    NONE,
    ON_TRACK,
    OVERDUE,
    SOON,
    STATE_LABELS,
    Due,
    DueCalculator,
    DueStatus,
)
from fazhiweb.progress.models import Report


def ticks_of(value) -> tuple:
    """The milestone keys an accepted report ticked (a JSON list; a string on some backends)."""
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except ValueError:
            return ()
    return tuple(value or ())


def with_acceptance(qs):
    """Annotate assignments with their latest accepted report's status and review time
    (two correlated subqueries: no per-assignment queries)."""
    latest = Report.objects.filter(assignment=OuterRef("pk"), state=Report.ACCEPTED).order_by("-version")
    return qs.annotate(sv_accepted_status=Subquery(latest.values("status")[:1]),
                       sv_accepted_at=Subquery(latest.values("reviewed_at")[:1]),
                       sv_accepted_ticks=Subquery(latest.values("milestones")[:1]))


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
        "id", "task__order", "task__deadlines", "task__plan_id", "task__plan__year",
        "task__plan__default_deadline", "sv_accepted_status", "sv_accepted_at", "sv_accepted_ticks")
    for pk, order, deadlines, plan_id, year, default, acc_status, acc_at, ticks in rows:
        due = calc.deadline(deadlines, default, ticks_of(ticks))
        out.append(Entry(pk, plan_id, year, order, calc.status(due, acc_status, acc_at)))
    return out


def pending_entries(entries: list[Entry]) -> list[Entry]:
    """Due soon or overdue and not done, earliest deadline first (the order of `due_items`)."""
    out = [e for e in entries if e.status.pending]
    out.sort(key=lambda e: (e.status.due.date, e.plan_id, e.task_order, e.id))
    return out
