"""The command line's JSON shapes over several registers at once (`fazhi stats --json`,
`fazhi register clocks --json`), built from records grouped by kind name."""

from __future__ import annotations

import datetime as dt

from fazhi.registers.clocks import open_clocks
from fazhi.registers.kinds import load_kind
from fazhi.registers.stats import evaluate, fill_totals

__all__ = ["clocks_report", "figures"]


def figures(records_by_kind: dict, year: int, unit: str | None = None,
            settings: dict | None = None, as_of: dt.date | None = None,
            calendar=None, sources: dict | None = None) -> dict:  # fmt: skip
    """{KEY: figure} over every register that has records (keys are unique across kinds).
    A field counted from another register (officers' 学时 from the 学法 register) is counted
    from `sources` ({kind: records}, by default `records_by_kind`) where that register is kept."""
    out: dict = {}
    sources = records_by_kind if sources is None else sources
    for name, records in records_by_kind.items():
        if records:
            kind = load_kind(name)
            records = fill_totals(kind, records, sources, year, settings)
            out.update(evaluate(kind, records, year, unit, settings, as_of, calendar))
    return out


def clocks_report(records_by_kind: dict, as_of: dt.date, calendar=None,
                  settings: dict | None = None) -> dict:  # fmt: skip
    """{"as_of", "cases": [{"kind", "ref", "unit", "clock", "start", "due", "status", …}]},
    the most urgent first within each kind."""
    cases = []
    for name, records in records_by_kind.items():
        for state in open_clocks(load_kind(name), records, calendar, as_of, settings):
            cases.append(state.to_dict())
    return {"as_of": as_of.isoformat(), "cases": cases}
