"""Dashboard figures for a plan: completion by unit/section, overdue and due-soon, targets."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress.models import Report

DUE_SOON_WORKDAYS = 10


@functools.lru_cache(maxsize=8192)
def _statutory(day: dt.date) -> bool | None:
    """chinesecalendar's answer, or None for a year it does not cover."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day)
    except (NotImplementedError, ImportError):
        return None


def _holiday_table() -> dict[dt.date, bool]:
    """The hand-kept days (core.Holiday), read once per request cycle of a calendar."""
    from fazhiweb.core.models import Holiday

    return dict(Holiday.objects.values_list("date", "is_workday"))


@dataclass
class WorkCalendar:
    """Working days from `chinese_calendar`, falling back to Mon–Fri for years it doesn't know."""

    uncovered_years: set = field(default_factory=set)
    table_years: set = field(default_factory=set)
    _table: dict | None = None

    def is_workday(self, day: dt.date) -> bool:
        self._note_year(day.year)
        return self._workday(day)

    def _workday(self, day: dt.date) -> bool:
        known = _statutory(day)
        if known is not None:
            return known
        table = self._holidays()
        return table[day] if day in table else day.weekday() < 5

    def _holidays(self) -> dict:
        if self._table is None:
            self._table = _holiday_table()
        return self._table

    def _note_year(self, year: int) -> None:
        """Remember a year the statutory data does not cover, for the note under the page."""
        if _statutory(dt.date(year, 7, 1)) is not None:
            return
        if any(d.year == year for d in self._holidays()):
            self.table_years.add(year)
        else:
            self.uncovered_years.add(year)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start).

        Answered from per-year running counts, so a deadline years away costs no more than
        one a week away (a dashboard asks this once per assignment)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        a, b = (start, end) if sign > 0 else (end, start)
        for year in range((a + dt.timedelta(days=1)).year, b.year + 1):
            self._note_year(year)
        if a.year == b.year:
            n = self._upto(b) - self._upto(a)
        else:
            n = self._year_total(a.year) - self._upto(a) + self._upto(b)
            n += sum(self._year_total(y) for y in range(a.year + 1, b.year))
        return sign * n

    def _running(self, year: int) -> list[int]:
        """running[i] = working days from 1 January up to and including day i of the year."""
        cache = self.__dict__.setdefault("_running_cache", {})
        if year not in cache:
            day, total, out = dt.date(year, 1, 1), 0, []
            while day.year == year:
                total += self._workday(day)
                out.append(total)
                day += dt.timedelta(days=1)
            cache[year] = out
        return cache[year]

    def _upto(self, day: dt.date) -> int:
        return self._running(day.year)[day.timetuple().tm_yday - 1]

    def _year_total(self, year: int) -> int:
        return self._running(year)[-1]

    @property
    def note(self) -> str:
        notes = []
        if self.table_years - self.uncovered_years:
            years = "、".join(str(y) for y in sorted(self.table_years - self.uncovered_years))
            notes.append(f"{years}年的节假日按管理员维护的节假日调整表计算(法定节假日数据尚未覆盖该年)。")
        if self.uncovered_years:
            years = "、".join(str(y) for y in sorted(self.uncovered_years))
            notes.append(f"节假日数据未覆盖该年份({years}),按周一至周五计算工作日;管理员可在节假日调整表中补录。")
        return "".join(notes)


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


def current_reports(assignments) -> tuple[dict[int, Report], dict[int, Report]]:
    """The latest and the latest accepted report of each assignment, by assignment id, in one
    query that reads only those (not every earlier version: assignments reported on monthly
    for years carry dozens)."""
    later = Report.objects.filter(assignment=OuterRef("assignment_id"), version__gt=OuterRef("version"))
    rows = (Report.objects.filter(assignment__in=assignments)
            .annotate(sv_last=~Exists(later), sv_last_accepted=~Exists(later.filter(state=Report.ACCEPTED)))
            .filter(Q(sv_last=True) | Q(state=Report.ACCEPTED, sv_last_accepted=True)))
    latest: dict[int, Report] = {}
    accepted: dict[int, Report] = {}
    for r in rows:
        if r.sv_last:
            latest[r.assignment_id] = r
        if r.state == Report.ACCEPTED and r.sv_last_accepted:
            accepted[r.assignment_id] = r
    return latest, accepted


def assignment_rows(assignments, today: dt.date | None = None, calendar: WorkCalendar | None = None) -> list[Row]:
    today = today or timezone.localdate()
    calendar = calendar or WorkCalendar()
    assignments = list(assignments.select_related("task__plan", "unit"))
    latest, accepted = current_reports(assignments)
    rows = []
    for a in assignments:
        due = a.task.due_date()
        left = calendar.workdays_between(today, due) if due else None
        rows.append(Row(a, latest.get(a.pk), accepted.get(a.pk), due, left))
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
