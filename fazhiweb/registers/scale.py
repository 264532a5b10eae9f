"""A year of every register for each government of the province generator
(fazhiweb/scale/generate.py), as rows for its bulk loader: invented by the core's generator."""

from __future__ import annotations

from fazhi import registers as core
from fazhi.registers import demo as core_demo
from fazhiweb.registers.demo import COUNTS, OTHER_COUNT, demo_year
from fazhiweb.registers.queries import calendar
from fazhiweb.registers.services import case_fields

CASE_COLUMNS = ["id", "government", "kind", "unit", "ref", "ref_key", "values", "state", "version", "unit_name",
                "unit_unknown", "flags", "created_at", "updated_at"]


def register_rows(gov_ids, units: dict, unit_name: dict, today, first_id: int, at):
    """Rows of registers.Case: a year of every kind per government (issue 11's three at a
    county's size, the others OTHER_COUNT each), kept by the government itself, the units of the
    kind's unit field drawn from the government's own departments."""
    year, as_of = demo_year(today)
    cal = calendar()
    kinds = [core.load_kind(name) for name in core.kind_names()]
    pk = first_id
    for gid in gov_ids:
        names = [unit_name[u] for u in units[gid]]
        known = set(names)
        drawn = {kind.name: core_demo.generate(kind, year, COUNTS.get(kind.name, OTHER_COUNT), units=tuple(names[:15]),
                                               seed=gid, as_of=as_of, calendar=cal, prefix=f"G{gid}")
                 for kind in kinds}
        core_demo.link_people(drawn, gid)
        for kind in kinds:
            for record in drawn[kind.name]:
                flags = core.check_record(kind, record, cal)[1]
                f = case_fields(kind, gid, record, flags, known)
                yield (pk, gid, kind.name, None, f["ref"], f["ref_key"], f["values"], f["state"], 1, f["unit_name"],
                       f["unit_unknown"], f["flags"], at, at)
                pk += 1
