"""A year of every register for each government of the province generator
(fazhiweb/scale/generate.py), as rows for its bulk loader: invented by the core's generator.

In a tree (province → cities → counties) a share of each government's 规范性文件 are its own,
filed with the government above (备案机关 = the parent): they arrive as items of the parent's
备案审查 register (`filing_rows`), reviewed at different stages, as `registers.filing.sync` would
have made them one by one."""

from __future__ import annotations

import random

from fazhi import registers as core
from fazhi.registers import demo as core_demo
from fazhi.registers.clocks import add_period
from fazhiweb.registers.demo import COUNTS, OTHER_COUNT, demo_year
from fazhiweb.registers.filing import MIRRORED, REVIEW_KIND, SOURCE_KIND
from fazhiweb.registers.queries import calendar
from fazhiweb.registers.services import case_fields

CASE_COLUMNS = ["id", "government", "kind", "unit", "ref", "ref_key", "values", "state", "version", "unit_name",
                "unit_unknown", "flags", "created_at", "updated_at"]
LINK_COLUMNS = ["id", "source", "review", "created_at"]
FILED_SHARE = 0.4  # of a government's 规范性文件: its own, filed with the government above
UPPER_UNITS = ("司法局", "财政局", "市场监管局", "自然资源局", "住建局", "人社局")


def register_rows(gov_ids, units: dict, unit_name: dict, today, first_id: int, at, *, parents: dict | None = None,
                  gov_names: dict | None = None, kinds=None, filed_share: float = FILED_SHARE):
    """Rows of registers.Case: a year of every kind per government (issue 11's three at a county's
    size, the others OTHER_COUNT each; or of `kinds` only), kept by the government itself, the units
    of the kind's unit field drawn from the government's own departments (`units[gid]`; a government
    without any gets invented department names). The 备案审查 items are not drawn here: they come from
    the documents filed with a parent (`filing_rows`).
    `parents`: {government id: parent's name}: a share of its 规范性文件 are filed with the parent."""
    year, as_of = demo_year(today)
    cal = calendar()
    parents, gov_names = parents or {}, gov_names or {}
    chosen = [core.load_kind(name) for name in core.kind_names()
              if name != REVIEW_KIND and (kinds is None or name in kinds)]
    pk = first_id
    for gid in gov_ids:
        names = [unit_name[u] for u in units.get(gid, ())] or [gov_names.get(gid, "") + u for u in UPPER_UNITS]
        own = f"{gov_names.get(gid, '')}人民政府"
        known = set(names) | {own}
        rnd = random.Random(f"filing:{gid}")
        drawn = {kind.name: core_demo.generate(kind, year, COUNTS.get(kind.name, OTHER_COUNT), units=tuple(names[:15]),
                                               seed=gid, as_of=as_of, calendar=cal, prefix=f"G{gid}")
                 for kind in chosen}
        core_demo.link_people(drawn, gid)
        for kind in chosen:
            for record in drawn[kind.name]:
                if (kind.name == SOURCE_KIND and gid in parents and record.get("filed_on")
                        and rnd.random() < filed_share):
                    record.update(filed_with=parents[gid], issuer=own)
                flags = core.check_record(kind, record, cal)[1]
                f = case_fields(kind, gid, record, flags, known)
                yield (pk, gid, kind.name, None, f["ref"], f["ref_key"], f["values"], f["state"], 1, f["unit_name"],
                       f["unit_unknown"], f["flags"], at, at)
                pk += 1


def filing_rows(case_rows, parents: dict, gov_names: dict, today, first_id: int, first_link: int, at):
    """(rows of registers.Case, rows of registers.FilingLink): for every generated 规范性文件 filed
    with the parent (`parents`: {government id: parent's id}), its item in the parent's 备案审查
    register, received on the day it was filed and reviewed at different stages by `today`."""
    kind = core.load_kind(REVIEW_KIND)
    source_kind = core.load_kind(SOURCE_KIND)
    _, as_of = demo_year(today)
    cal = calendar()
    numbers: dict = {}
    cases, links = [], []
    pk, lk = first_id, first_link
    for row in case_rows:
        gid, values = row[1], row[6]
        if row[2] != SOURCE_KIND or gid not in parents or not values.get("filed_with"):
            continue
        source = core.from_json(source_kind, values)
        parent = parents[gid]
        year = source["filed_on"].year
        numbers[(parent, year)] = n = numbers.get((parent, year), 0) + 1
        record = {name: source.get(name) for name in MIRRORED}
        record.update(filing_no=f"备〔{year}〕{n}号", filer=gov_names[gid], received_on=source["filed_on"])
        _review(random.Random(f"review:{row[0]}"), record, as_of, cal)
        flags = core.check_record(kind, record, cal)[1]
        f = case_fields(kind, parent, record, flags, {gov_names[gid]})
        cases.append((pk, parent, REVIEW_KIND, None, f["ref"], f["ref_key"], f["values"], f["state"], 1,
                      f["unit_name"], f["unit_unknown"], f["flags"], at, at))
        links.append((lk, row[0], pk, at))
        pk, lk = pk + 1, lk + 1
    return cases, links


def _review(rnd, record: dict, as_of, cal) -> None:
    """Most items reviewed within the period, some late, some after 补正, a few to be corrected; the
    newest still under review (nothing dated after `as_of`)."""
    received = record["received_on"]
    days = rnd.choice((5, 8, 10, 12, 14, 18, 25))
    if rnd.random() < 0.15:
        asked = add_period(received, 2, "working", cal)
        back = add_period(asked, rnd.choice((3, 4, 7)), "working", cal)
        if asked <= as_of:
            record.update(fix_requested_on=asked, fix_reason="缺少起草说明或合法性审核意见")
        if back <= as_of:
            record["fix_received_on"] = back
        days += 6
    done = add_period(received, days, "working", cal)
    if done > as_of or record.get("fix_requested_on") and not record.get("fix_received_on"):
        return
    outcome = rnd.choices(("通过", "要求纠正", "建议撤销"), (85, 12, 3))[0]
    record.update(reviewed_on=done, outcome=outcome, reviewer="审查员")
    if outcome != "通过":
        record["opinion"] = "部分条款缺少上位法依据,请自行纠正"
        corrected = add_period(done, rnd.choice((15, 25, 40)), "calendar", cal)
        if corrected <= as_of:
            record["corrected_on"] = corrected
