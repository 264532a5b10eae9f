"""Statutory clocks that explain themselves.

Day counting (行政复议法 2023 第88条 and the general rule on periods): the start day is
day 0; a period in working days ends on its Nth working day after the start; a period
in calendar days whose last day is a rest day ends on the next working day. A pause
(中止) stops the clock on the day it is recorded and the days left run again from the
resumption (恢复); an approved extension adds its days once, up to the kind's maximum.

The calendar is anything with `is_workday(date) -> bool`: the web app passes the
project's one clock; `StatutoryCalendar` here answers from chinesecalendar.
"""

from __future__ import annotations

import calendar as calendar_mod
import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Protocol

from fazhi.errors import FazhiError
from fazhi.registers import conditions

__all__ = [
    "ClockState",
    "StatutoryCalendar",
    "WorkdayCalendar",
    "add_period",
    "breaches",
    "clock_states",
    "open_clocks",
]

DAY = dt.timedelta(days=1)
DAY_WORDS = {"working": "个工作日", "calendar": "日"}


class WorkdayCalendar(Protocol):
    def is_workday(self, day: dt.date) -> bool: ...


class StatutoryCalendar:
    """China's statutory holidays and adjusted working days from chinesecalendar; Monday to
    Friday for a year the package does not cover (noted in `uncovered_years`)."""

    def __init__(self):
        self.uncovered_years: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        known = _statutory(day)
        if known is None:
            self.uncovered_years.add(day.year)
            return day.weekday() < 5
        return known


@lru_cache(maxsize=16384)
def _statutory(day: dt.date) -> bool | None:
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def default_calendar(calendar):
    return calendar if calendar is not None else _DEFAULT


_DEFAULT = StatutoryCalendar()


MAX_REST_RUN = 60  # no statutory holiday is this long: a calendar saying so is broken


def next_workday(day: dt.date, calendar) -> dt.date:
    for _ in range(MAX_REST_RUN):
        if calendar.is_workday(day):
            return day
        day += DAY
    raise FazhiError(
        f"工作日历有误:{day.isoformat()}前连续{MAX_REST_RUN}天都不是工作日,请检查节假日设置。"
    )


def add_period(start: dt.date, days: int, day_type: str, calendar=None) -> dt.date:
    """The last day of a period of `days` counted from `start` (day 0)."""
    calendar = default_calendar(calendar)
    if day_type == "working":
        day = start
        for _ in range(days):
            day = next_workday(day + DAY, calendar)
        return day
    return next_workday(start + dt.timedelta(days=days), calendar)


def _used(start: dt.date, end: dt.date, day_type: str, calendar) -> int:
    """Days of a period spent from `start` (day 0) up to and including `end`."""
    if end <= start:
        return 0
    if day_type == "calendar":
        return (end - start).days
    n, day = 0, start
    while day < end:
        day += DAY
        n += calendar.is_workday(day)
    return n


@dataclass
class ClockState:
    kind: str
    ref: str | None
    unit: str | None
    clock: str  # the clock's name in the kind file
    label: str
    start: dt.date
    due: dt.date | None  # None while paused: the days left are known, the date is not
    status: str  # running | paused | extended | late | done | done_late
    days: int
    day_type: str
    explanation: str
    source: str
    days_left: int | None = None  # calendar days from the day asked to `due`
    paused_days: int = 0
    extension_days: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.status in ("running", "paused", "extended", "late")

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("start", "due"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def _date(record: dict, name: str) -> dt.date | None:
    value = record.get(name)
    return value if isinstance(value, dt.date) else None


_NO_YEAR = conditions.Context(year=None)


def _applies(kind, clock, record: dict, settings) -> bool:
    return clock.when is None or kind.predicate(clock.when, settings)(record, _NO_YEAR)


def clock_states(kind, record: dict, calendar=None, as_of: dt.date | None = None,
                 settings: dict | None = None, open_only: bool = False) -> list[ClockState]:  # fmt: skip
    """Every clock of the kind that has started for this record, open or closed (only the
    open ones with `open_only`, which skips the work for the closed ones).
    `settings` are the government's (per kind name), as everywhere in this package."""
    own = kind.own_settings(settings)
    if as_of is not None:  # the record as it stood that day: later events not yet written
        planned = {c.start for c in kind.clocks if is_expiry(c)}
        record = {
            k: None if isinstance(v, dt.date) and v > as_of and k not in planned else v
            for k, v in record.items()
        }
    if open_only and kind.closed_when and kind.predicate(kind.closed_when, own)(record, _NO_YEAR):
        return []
    states = (
        state_of_clock(kind, c, record, calendar, as_of, own)
        for c in kind.clocks
        if not (open_only and any(record.get(f) for f in c.stop))
    )
    return [s for s in states if s is not None and (s.open or not open_only)]


def is_expiry(clock) -> bool:
    """A date kept rather than a period run (证件有效期至, 有效期届满前评估): it lies ahead."""
    return clock.months is not None and (clock.before or clock.months == 0)


def state_of_clock(kind, clock, record: dict, calendar, as_of, own_settings) -> ClockState | None:
    """One clock's state, None when it has not started or does not apply to the record."""
    start = _date(record, clock.start)
    if start is None or not _applies(kind, clock, record, own_settings):
        return None
    state = _state(kind, clock, record, start, default_calendar(calendar), as_of, own_settings)
    if (
        state.open
        and kind.closed_when
        and kind.predicate(kind.closed_when, own_settings)(record, _NO_YEAR)
    ):
        return None  # the case is closed: a step never taken is no longer running
    return state


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier if negative), the month's last day if shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar_mod.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _month_due(kind, clock, start, calendar, settings, notes) -> dt.date:
    """A period in months: forwards it ends on a working day; backwards (有效期届满前评估) or
    of zero months (证件有效期至) it is the date itself."""
    months = int(conditions.resolve(clock.months, kind, settings))
    label = kind.field(clock.start).label
    if clock.before:
        notes.append(f"{label}({start.isoformat()})前{months}个月")
        return add_months(start, -months)
    if months == 0:
        notes.append(f"{label}({start.isoformat()})")
        return start
    notes.append(f"自{label}({start.isoformat()})起算,期限{months}个月")
    due = add_months(start, months)
    rolled = next_workday(due, calendar)
    if rolled != due:
        notes.append(f"期限最后一日为休息日,顺延至{rolled.isoformat()}")
    return rolled


def _state(kind, clock, record, start, calendar, as_of, settings) -> ClockState:
    days = int(conditions.resolve(clock.days, kind, settings))
    words = DAY_WORDS[clock.day_type]
    notes: list[str] = []
    flags: list[str] = []
    if clock.months is not None:
        due = _month_due(kind, clock, start, calendar, settings, notes)
        return _finish(kind, clock, record, start, due, False, 0, 0, days, as_of, notes, flags)
    notes.append(f"自{kind.field(clock.start).label}({start.isoformat()})起算,期限{days}{words}")
    ext_days = _extension(kind, clock, record, settings, notes, flags)
    if ext_days and isinstance(record.get(clock.extension["approved"]), dt.date):
        original = add_period(start, days, clock.day_type, calendar)
        # (with pauses the original date moves; the check is left to clocks without them)
        if record[clock.extension["approved"]] > original and not clock.pauses:
            flags.append(f"{clock.label}的延期在原期限({original.isoformat()})届满后才批准")
    total = days + ext_days
    cursor, left, paused_days, paused = start, total, 0, False
    for p_field, r_field in clock.pauses:
        p_on, r_on = _date(record, p_field), _date(record, r_field)
        if p_on is None or p_on < cursor or (as_of and p_on > as_of):
            continue
        used = _used(cursor, p_on, clock.day_type, calendar)
        if used >= left:  # the period had run out before the pause
            break
        left -= used
        if r_on is None or (as_of and r_on > as_of):
            notes.append(f"{p_on.isoformat()}中止,尚余{left}{words}(恢复后继续计算)")
            paused = True
            break
        paused_days += (r_on - p_on).days
        notes.append(f"{p_on.isoformat()}中止、{r_on.isoformat()}恢复,中止期间不计入")
        cursor = r_on
    due = None if paused else add_period(cursor, left, clock.day_type, calendar)
    if due and clock.day_type == "calendar" and due != cursor + dt.timedelta(days=left):
        notes.append(f"期限最后一日为休息日,顺延至{due.isoformat()}")
    return _finish(
        kind, clock, record, start, due, paused, paused_days, ext_days, days, as_of, notes, flags
    )


def _finish(kind, clock, record, start, due, paused, paused_days, ext_days, days, as_of, notes,
            flags) -> ClockState:  # fmt: skip
    """The status from the dates: closed (in time or late), paused, late, extended, running."""
    stopped = sorted((d, f) for f in clock.stop if (d := _date(record, f)))
    if stopped:
        end, by = stopped[0]
        status = "done_late" if due and end > due else "done"
        if status == "done_late":
            what = kind.field(by).label
            flags.append(f"{clock.label}逾期:{what}{end.isoformat()},期限至{due.isoformat()}")
    elif paused:
        status = "paused"
    elif as_of and due < as_of:
        status = "late"
    else:
        status = "extended" if ext_days else "running"
    if due:
        notes.append(f"期限至{due.isoformat()}")
    return ClockState(
        kind=kind.name,
        ref=_ref(record.get(kind.key)),
        unit=_ref(record.get(kind.unit_field)) if kind.unit_field else None,
        clock=clock.name,
        label=clock.label,
        start=start,
        due=due,
        status=status,
        days=days,
        day_type=clock.day_type,
        explanation=";".join(notes) + f"。依据:{clock.source}",
        source=clock.source,
        days_left=(due - as_of).days if due and as_of else None,
        paused_days=paused_days,
        extension_days=ext_days,
        flags=flags,
    )


def _ref(value) -> str | None:
    return None if value is None else str(value)


def _extension(kind, clock, record, settings, notes, flags) -> int:
    """Days added by an approved extension (capped at the maximum), noting why."""
    ext = clock.extension
    if not ext:
        return 0
    days = record.get(ext["days"])
    if not isinstance(days, int) or days <= 0:
        return 0
    approved = record.get(ext["approved"])
    if approved in (None, False, ""):
        flags.append(f"{clock.label}延长{days}日未见批准记录,未计入")
        return 0
    most = int(conditions.resolve(ext["max"], kind, settings))
    if days > most:
        flags.append(f"{clock.label}延长{days}日超过法定上限{most}日,按{most}日计")
        days = most
    notes.append(f"经批准延长{days}日({ext['source']})")
    return days


def breaches(kind, record: dict, calendar=None, settings: dict | None = None) -> list[str]:
    """Flags for a record: clocks closed after their statutory date, extensions not
    approved or too long. Real registers hold late cases: these never refuse a row."""
    out: list[str] = []
    for state in clock_states(kind, record, calendar, None, settings):
        out.extend(state.flags)
    return out


def open_clocks(kind, records, calendar=None, as_of: dt.date | None = None,
                settings: dict | None = None) -> list[ClockState]:  # fmt: skip
    """Every open clock over the records, the most urgent first (paused ones last)."""
    as_of = as_of or dt.date.today()
    out = [s for r in records for s in clock_states(kind, r, calendar, as_of, settings, True)]
    out.sort(key=lambda s: (s.due is None, s.due or as_of, s.ref or ""))
    return out
