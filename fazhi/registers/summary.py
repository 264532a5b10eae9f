"""The command line's JSON shapes over several registers at once (`fazhi stats --json`,
`fazhi register clocks --json`), built from records grouped by kind name."""

from __future__ import annotations

import datetime as dt

from fazhi.registers.clocks import open_clocks
from fazhi.registers.kinds import load_kind
from fazhi.registers.stats import evaluate, fill_totals

__all__ = ["clocks_report", "figures", "leadership"]

# How a record of the meeting and 学法 registers counts in the annual report's 第一责任人 part
# (the kinds of fazhi/data/annual.toml [draft.leadership]): {kind: (field, {value: report
# kind}, report kind of any other value or None to leave it out)}. 常务会议会前学法 is the
# leadership's 学法; other training sessions (执法人员培训 …) are not the leadership's work.
LEADERSHIP = {
    "meeting": ("item_type", {"听取法治政府建设工作汇报": "汇报", "学法": "学法"}, "其他"),
    "training": ("session_type", {"常务会议会前学法": "学法"}, None),
}


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


def leadership(records_by_kind: dict, year: int) -> list[dict]:
    """The annual draft's `leadership` input from the meeting and 学法 registers: [{"date",
    "kind" (学法|汇报|其他), "text", "ref"}] for the year's records, by date."""
    out = []
    for name, (field, kinds, other) in LEADERSHIP.items():
        kind = load_kind(name)
        for r in records_by_kind.get(name, ()):
            day = r.get(kind.date_field)
            report_kind = kinds.get(r.get(field), other)
            if report_kind is None or not isinstance(day, dt.date) or day.year != year:
                continue
            words = [str(r[f]) for f in ("session", "meeting_type", "session_type", "topic") if r.get(f)]
            out.append({"date": day.isoformat(), "kind": report_kind, "text": ":".join(words[:2]),
                        "ref": str(r.get(kind.key) or "")})
    return sorted(out, key=lambda x: (x["date"], x["ref"]))
