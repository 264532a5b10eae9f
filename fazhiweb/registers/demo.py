"""A year of invented register records for a government (the demo county, the province
generator), made by the core's generator: nothing here is a real case or a real person."""

from __future__ import annotations

import datetime as dt

from fazhi import registers as core
from fazhi.registers import demo as core_demo
from fazhiweb.registers import queries, services
from fazhiweb.registers.models import Case

# Issue 11's three registers at a county's yearly size; every other kind a few records.
COUNTS = {"reconsideration": 40, "litigation": 25, "normative_doc": 15}
OTHER_COUNT = 8


def demo_year(today: dt.date) -> tuple[int, dt.date]:
    """The year to fill and the day nothing may be dated after: this year once it is half gone,
    else the last one (so that a demo made in January still shows a year's worth)."""
    return (today.year, today) if today.month >= 6 else (today.year - 1, dt.date(today.year - 1, 12, 31))


def fill(government, units: list[str], today: dt.date, owners: dict | None = None, seed: int = 1,
         prefix: str = "示", other_count: int = OTHER_COUNT) -> dict[str, int]:
    """Store a year of records for every kind that has none yet: {kind: records stored}.
    `owners`: {kind: Unit keeping that register} (default: the government itself)."""
    year, as_of = demo_year(today)
    cal = queries.calendar()
    drawn = {}
    for name in core.kind_names():
        if Case.objects.filter(government=government, kind=name).exists():
            continue
        count = COUNTS.get(name, other_count)
        if count:
            drawn[name] = _draw(core.load_kind(name), year, count, units, seed, as_of, cal, prefix)
    core_demo.link_people(drawn, seed)
    return {name: services.store_records(None, government, name, records, unit=(owners or {}).get(name))
            for name, records in drawn.items()}


def _draw(kind, year, count, units, seed, as_of, cal, prefix, tries: int = 12) -> list[dict]:
    """A year of records; for a kind whose clocks pause (中止) or can run late, the first draw
    that shows the demo both a paused and a late case on the day asked."""
    wanted = {"late"} | ({"paused"} if any(c.pauses for c in kind.clocks) else set())
    first = None
    for n in range(tries):
        records = core_demo.generate(kind, year, count, units=tuple(units), seed=seed + n, as_of=as_of,
                                     calendar=cal, prefix=prefix)
        first = first or records
        shown = {s.status for s in core.open_clocks(kind, records, cal, as_of)}
        if wanted <= shown:
            return records
    return first
