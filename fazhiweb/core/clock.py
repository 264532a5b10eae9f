"""The one clock: every date the ledger shows, chases or counts comes from here.

- Working days: the statutory calendar (`chinese_calendar`), the office's holiday table
  (core.Holiday) for years it does not cover, and Mon–Fri beyond both.
- Plan deadlines (…前, …底前) are shown and chased as written and never move
  (clock_rules.json `plan_deadline`). Each dated deadline of a task is a milestone; a
  yearly duty rolls forward to the current cycle; a task without any takes the plan's
  catch-all default. A unit is chased on its next unticked milestone; the last one is the
  completion deadline.
- Statutory periods counted in days move off rest days (民法典第二百零三条); periods in
  working days count working days only (`period_end`).
- Times are shown in the installation's zone (settings.TIME_ZONE, FAZHI_TIME_ZONE): `local`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from fazhiweb.core.models import Holiday

RULES_FILE = Path(__file__).with_name("clock_rules.json")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


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
    return dict(Holiday.objects.values_list("date", "is_workday"))


_RUNNING: dict[tuple, list[int]] = {}  # (year, hand-kept days of an uncovered year) → running counts


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
        """running[i] = working days from 1 January up to and including day i of the year.

        Shared by all calendars of the process (a page builds one per request): keyed by the year
        and, for a year the statutory data does not cover, by that year's hand-kept days."""
        cache = self.__dict__.setdefault("_running_cache", {})
        if year not in cache:
            key = (year, None if _statutory(dt.date(year, 7, 1)) is not None else
                   tuple(sorted((d, w) for d, w in self._holidays().items() if d.year == year)))
            out = _RUNNING.get(key)
            if out is None:
                day, total, out = dt.date(year, 1, 1), 0, []
                while day.year == year:
                    total += self._workday(day)
                    out.append(total)
                    day += dt.timedelta(days=1)
                if len(_RUNNING) > 256:
                    _RUNNING.clear()
                _RUNNING[key] = out
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


# -- statutory periods -------------------------------------------------------------------------

def period_end(start: dt.date, amount: int, unit: str = "days", calendar: WorkCalendar | None = None) -> dt.date:
    """The last day of a statutory period of `amount` days (or working days) from `start`.

    Days: the end falling on a rest day moves to the next working day (民法典第二百零三条,
    clock_rules.json `statutory_period_on_rest_day`). Working days: counted on the calendar."""
    calendar = calendar or WorkCalendar()
    if unit == "workdays":
        day, left = start, amount
        while left > 0:
            day += dt.timedelta(days=1)
            left -= calendar.is_workday(day)
        return day
    return next_workday(start + dt.timedelta(days=amount), calendar)


def next_workday(day: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """`day` or the first working day after it (only statutory periods use this)."""
    calendar = calendar or WorkCalendar()
    if rules()["statutory_period_on_rest_day"]["rule"] != "next_workday":
        return day
    out = day
    for _ in range(60):
        if calendar.is_workday(out):
            return out
        out += dt.timedelta(days=1)
    return day


# -- local time --------------------------------------------------------------------------------

def today() -> dt.date:
    return timezone.localdate()


def local(value: dt.datetime | None) -> dt.datetime | None:
    """An aware time in the installation's zone, naive (for spreadsheets) — None stays None."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def local_text(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    value = local(value)
    return value.strftime(fmt) if value else ""


def local_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return local(value).date()
    return value


# -- plan deadlines: milestones ------------------------------------------------------------------

OVERDUE, SOON, ON_TRACK, DONE, NONE = "overdue", "soon", "on_track", "done", "none"
STATE_LABELS = {OVERDUE: "已逾期", SOON: "即将到期", ON_TRACK: "正常推进", DONE: "已完成", NONE: "无时限"}


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except (TypeError, ValueError):
        return None


def _in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


@dataclass(frozen=True)
class Milestone:
    """One dated deadline of a task as it applies on a day: `key` is the date as written
    (what a report ticks), `date` the occurrence in the current cycle (yearly duties)."""

    key: str
    date: dt.date
    text: str = ""
    recurring: bool = False
    source: str = "task"  # "task" | "plan" (the catch-all)

    @property
    def cycle_start(self) -> dt.date | None:
        return dt.date(self.date.year, 1, 1) if self.recurring else None


def milestones(deadlines, default=None, on: dt.date | None = None) -> list[Milestone]:
    """A task's milestones on `on` (today), earliest first; the plan's catch-all when the task
    names no date. A yearly duty's occurrence is the same day in `on`'s year, never before the
    first one written."""
    on = on or today()
    out = []
    for d in deadlines or []:
        if not isinstance(d, dict):
            continue
        day = parse_date(d.get("date"))
        if day is None:
            continue
        recurring = d.get("recurring") == "yearly"
        date = max(day, _in_year(day, on.year)) if recurring else day
        out.append(Milestone(day.isoformat(), date, d.get("text") or "", recurring))
    if not out:
        day = parse_date(default)
        return [Milestone(day.isoformat(), day, "计划兜底时限", False, "plan")] if day else []
    out.sort(key=lambda m: (m.date, m.key))
    return list({m.key: m for m in out}.values())


@dataclass(frozen=True)
class Due:
    """The deadline a unit is chased on: its next unticked milestone (or the last one)."""

    date: dt.date | None
    source: str = ""  # "task" | "plan" | ""
    recurring: bool = False
    text: str = ""
    final: dt.date | None = None  # the completion deadline (the last milestone)
    count: int = 0  # milestones of the task
    ticked: int = 0  # milestones ticked by accepted reports

    @property
    def cycle_start(self) -> dt.date | None:
        return dt.date(self.date.year, 1, 1) if self.recurring and self.date else None

    @property
    def all_ticked(self) -> bool:
        return self.count > 0 and self.ticked >= self.count


def due_of(stones: list[Milestone], ticked=()) -> Due:
    if not stones:
        return Due(None)
    ticked = set(ticked or ())
    done = [m for m in stones if m.key in ticked and not m.recurring]
    todo = [m for m in stones if m not in done]
    nxt = todo[0] if todo else stones[-1]
    return Due(nxt.date, nxt.source, nxt.recurring, nxt.text, stones[-1].date, len(stones), len(done))


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


class DueCalculator:
    """Deadlines and statuses for one `today`, cached per date so that a run over hundreds of
    thousands of assignments costs one calendar walk per distinct deadline.

    Status of an assignment: 已完成 when its latest accepted report says 已完成 (for a yearly duty,
    accepted in the current cycle); 已逾期 after the deadline it is chased on; 即将到期 within
    N working days (settings.FAZHI_DUE_SOON_DAYS); 正常推进 otherwise; 无时限 without any date."""

    def __init__(self, today: dt.date | None = None, soon_days: int | None = None,
                 calendar: WorkCalendar | None = None):
        self.today = today or timezone.localdate()
        self.soon_days = settings.FAZHI_DUE_SOON_DAYS if soon_days is None else soon_days
        self.calendar = calendar or WorkCalendar()
        self._left: dict[dt.date, int] = {}
        self._tasks: dict[tuple, Due] = {}

    def milestones(self, deadlines, default=None) -> list[Milestone]:
        return milestones(deadlines, default, self.today)

    def deadline(self, deadlines, default=None, ticked=()) -> Due:
        """The deadline chased now, from a task's `deadlines`, its plan's default and the
        milestones ticked by the latest accepted report."""
        return due_of(self.milestones(deadlines, default), ticked)

    def task_deadline(self, task, ticked=()) -> Due:
        """`task` with its plan loaded (select_related), cached by task id and ticks."""
        key = (task.pk, tuple(sorted(ticked or ())))
        due = self._tasks.get(key)
        if due is None:
            due = self._tasks[key] = self.deadline(task.deadlines, task.plan.default_deadline, ticked)
        return due

    def workdays_left(self, day: dt.date) -> int:
        if day not in self._left:
            self._left[day] = self.calendar.workdays_between(self.today, day)
        return self._left[day]

    def status(self, due: Due, accepted_status: str | None = None, accepted_at=None) -> DueStatus:
        """`accepted_status`/`accepted_at`: status and review time of the latest accepted report."""
        if accepted_status == "done" or (due.all_ticked and not due.recurring):
            start = due.cycle_start
            if start is None or (accepted_at is not None and local_date(accepted_at) >= start):
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
        """For an assignment fetched through `progress.due.with_acceptance` (task__plan selected)."""
        due = self.task_deadline(assignment.task, getattr(assignment, "sv_accepted_ticks", None) or ())
        return self.status(due, getattr(assignment, "sv_accepted_status", None),
                           getattr(assignment, "sv_accepted_at", None))

    def period_end(self, start: dt.date, amount: int, unit: str = "days") -> dt.date:
        return period_end(start, amount, unit, self.calendar)

    @property
    def note(self) -> str:
        return self.calendar.note
