"""Dashboard figures for a plan: completion by unit/section, overdue and due-soon, targets."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress.models import Report

DUE_SOON_WORKDAYS = 10


@functools.lru_cache(maxsize=8192)
def _workday(day: dt.date) -> tuple[bool, bool]:
    """(is working day, covered by holiday data)."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day), True
    except (NotImplementedError, ImportError):
        return day.weekday() < 5, False


@dataclass
class WorkCalendar:
    """Working days from `chinese_calendar`, falling back to Mon–Fri for years it doesn't know."""

    uncovered_years: set = field(default_factory=set)

    def is_workday(self, day: dt.date) -> bool:
        workday, covered = _workday(day)
        if not covered:
            self.uncovered_years.add(day.year)
        return workday

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        a, b = (start, end) if sign > 0 else (end, start)
        n = 0
        day = a + dt.timedelta(days=1)
        while day <= b:
            n += self.is_workday(day)
            day += dt.timedelta(days=1)
        return sign * n

    @property
    def note(self) -> str:
        if not self.uncovered_years:
            return ""
        years = "、".join(str(y) for y in sorted(self.uncovered_years))
        return f"节假日数据未覆盖该年份({years}),按周一至周五计算工作日。"


@dataclass
class Row:
    assignment: Assignment
    latest: Report | None
    accepted: Report | None
    due: dt.date | None
    workdays_left: int | None

    @property
    def done(self) -> bool:
        return self.accepted is not None and self.accepted.status == "done"

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        shown = self.latest if self.latest and self.latest.state != Report.RETURNED else self.accepted
        return shown.percent if shown else 0

    @property
    def overdue(self) -> bool:
        return not self.done and self.workdays_left is not None and self.due is not None and self.workdays_left < 0

    @property
    def due_soon(self) -> bool:
        return (not self.done and self.workdays_left is not None
                and 0 <= self.workdays_left <= DUE_SOON_WORKDAYS)

    @property
    def status_label(self) -> str:
        if self.latest is None:
            return "未报送"
        return f"{self.latest.status_label}({self.latest.get_state_display()})"


def _ratio(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def assignment_rows(assignments, today: dt.date | None = None, calendar: WorkCalendar | None = None) -> list[Row]:
    today = today or timezone.localdate()
    calendar = calendar or WorkCalendar()
    assignments = list(assignments.select_related("task__plan", "unit"))
    reports = defaultdict(list)
    for r in Report.objects.filter(assignment__in=assignments).order_by("version"):
        reports[r.assignment_id].append(r)
    rows = []
    for a in assignments:
        rs = reports.get(a.pk, [])
        latest = rs[-1] if rs else None
        accepted = next((r for r in reversed(rs) if r.state == Report.ACCEPTED), None)
        due = a.task.due_date()
        left = calendar.workdays_between(today, due) if due else None
        rows.append(Row(a, latest, accepted, due, left))
    return rows


def _target_met(op: str, target, value) -> bool:
    try:
        t, v = float(target), float(value)
    except (TypeError, ValueError):
        return False
    return {">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t}.get(op or "=", v >= t)


def plan_dashboard(plan: Plan, today: dt.date | None = None) -> dict:
    calendar = WorkCalendar()
    rows = assignment_rows(Assignment.objects.filter(task__plan=plan, active=True, task__removed=False),
                           today, calendar)
    by_unit: dict = defaultdict(lambda: {"total": 0, "done": 0, "overdue": 0, "unit": None})
    by_section: dict = defaultdict(lambda: {"total": 0, "done": 0})
    for r in rows:
        u = by_unit[r.assignment.unit_id]
        u["unit"] = r.assignment.unit
        u["total"] += 1
        u["done"] += r.done
        u["overdue"] += r.overdue
        s = by_section[r.assignment.task.heading or r.assignment.task.path[0]]
        s["total"] += 1
        s["done"] += r.done
    units = sorted(
        ({**v, "percent": _ratio(v["done"], v["total"])} for v in by_unit.values()),
        key=lambda v: (-v["percent"], v["unit"].name),
    )
    sections = [{"name": k, **v, "percent": _ratio(v["done"], v["total"])} for k, v in by_section.items()]
    targets = []
    for task in plan.tasks.filter(removed=False):
        for i, t in enumerate(task.targets or []):
            values = [f["value"] for r in rows if r.assignment.task_id == task.pk and r.accepted
                      for f in r.accepted.figures or [] if f.get("index") == i]
            best = max(values) if values and (t.get("op") or ">=") in (">=", ">", "=") else (min(values) if values else None)
            targets.append({"task": task, "target": t, "value": best,
                            "met": best is not None and _target_met(t.get("op"), t.get("value"), best)})
    done = sum(r.done for r in rows)
    latest = (Report.objects.filter(assignment__task__plan=plan)
              .select_related("assignment__unit", "assignment__task").order_by("-submitted_at")[:10])
    return {
        "rows": rows,
        "total": len(rows),
        "done": done,
        "percent": _ratio(done, len(rows)),
        "units": units,
        "sections": sections,
        "overdue": [r for r in rows if r.overdue],
        "due_soon": sorted([r for r in rows if r.due_soon], key=lambda r: r.workdays_left),
        "targets": targets,
        "latest": latest,
        "calendar_note": calendar.note,
    }
