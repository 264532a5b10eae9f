"""A year of issue 11's registers for each government of the province generator
(fazhiweb/scale/generate.py), as rows for its bulk loader: invented by the core's generator."""

from __future__ import annotations

from fazhi import registers as core
from fazhi.registers import demo as core_demo
from fazhiweb.registers.demo import COUNTS, demo_year
from fazhiweb.registers.queries import calendar
from fazhiweb.registers.services import case_fields

CASE_COLUMNS = ["id", "government", "kind", "unit", "ref", "ref_key", "values", "state", "version", "unit_name",
                "unit_unknown", "flags", "created_at", "updated_at"]


def register_rows(gov_ids, units: dict, unit_name: dict, today, first_id: int, at):
    """Rows of registers.Case: COUNTS records of each kind per government, kept by the government
    itself, the units of the kind's unit field drawn from the government's own departments."""
    year, as_of = demo_year(today)
    cal = calendar()
    pk = first_id
    for gid in gov_ids:
        names = [unit_name[u] for u in units[gid]]
        known = set(names)
        for name, count in COUNTS.items():
            kind = core.load_kind(name)
            for record in core_demo.generate(kind, year, count, units=tuple(names[:15]), seed=gid, as_of=as_of,
                                             calendar=cal, prefix=f"G{gid}"):
                flags = core.check_record(kind, record, cal)[1]
                f = case_fields(kind, gid, record, flags, known)
                yield (pk, gid, name, None, f["ref"], f["ref_key"], f["values"], f["state"], 1, f["unit_name"],
                       f["unit_unknown"], f["flags"], at, at)
                pk += 1
