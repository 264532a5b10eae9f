"""Working days: the statutory calendar (`chinese_calendar`), the hand-kept adjustments
(core.Holiday) for years it does not cover, and Mon–Fri beyond both."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from fazhiweb.core.models import Holiday


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
