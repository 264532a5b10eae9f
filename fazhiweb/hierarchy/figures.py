"""The upper office's overview: per lower government its published plans, progress roll-up,
open 督察, register headline figures and annual report status — aggregate queries over all of
them at once (GROUP BY government), the progress roll-up from plain values (progress.dashboard's
scan, no model instances)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from fazhiweb.hierarchy.analyses import latest_per_government, report_entries
from fazhiweb.hierarchy.models import CLOSED, Inspection
from fazhiweb.hierarchy.rows import overview_rows
from fazhiweb.hierarchy.tree import Lower, by_level
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import scan_plan, shared_states
from fazhiweb.registers.models import Case

HEADLINE_KINDS = (("reconsideration", "行政复议"), ("litigation", "行政应诉"), ("normative_doc", "规范性文件"))


@dataclass
class Line:
    gov: Lower
    plans: int = 0
    total: int = 0
    done: int = 0
    overdue: int = 0
    inspections: int = 0
    registers: dict = field(default_factory=dict)
    report: dict | None = None

    @property
    def done_pct(self) -> float:
        return round(100 * self.done / self.total, 2) if self.total else 0.0

    @property
    def overdue_pct(self) -> float:
        return round(100 * self.overdue / self.total, 2) if self.total else 0.0

    @property
    def headline(self) -> list[tuple[str, int]]:
        return [(label, self.registers.get(kind, 0)) for kind, label in HEADLINE_KINDS]


def rollup(plan_ids: list[tuple[int, int]], calc, versions: dict[int, int] | None = None) -> dict[int, list[int]]:
    """government id → [assignments, done, overdue] over the given plans. Each plan's figures are
    cached under its government's data version and the day (`versions`: government id → data
    version), so after a change in one county only that county's plans are looked at again; those
    read the plan's states from progress.rollup, kept until a change touches the plan and shared
    with its dashboard and board, so a change elsewhere in the county costs no scan either."""
    out: dict[int, list[int]] = {}
    keys = {pk: f"hierarchy:rollup:{pk}:{versions[gid]}:{calc.today.isoformat()}"
            for pk, gid in plan_ids if versions and gid in versions}
    known = cache.get_many(list(keys.values())) if keys else {}
    todo = [pk for pk, _ in plan_ids if keys.get(pk) not in known]
    plans = Plan.objects.in_bulk(todo) if todo else {}
    fresh = {}
    for pk, gid in plan_ids:
        figures = known.get(keys.get(pk))
        if figures is None:
            sc = scan_plan(plans[pk], calc, states=shared_states(plans[pk], calc))
            figures = (sc.total, sc.done, len(sc.overdue))
            if pk in keys:
                fresh[keys[pk]] = figures
        row = out.setdefault(gid, [0, 0, 0])
        for i, n in enumerate(figures):
            row[i] += n
    if fresh:
        cache.set_many(fresh)
    return out


def latest_year_plans(plan_rows) -> list[tuple[int, int]]:
    """(plan id, government id) of each government's latest plan year among `plan_rows` (id,
    government id, year): the roll-up follows the year's work, as the office reads it; earlier
    years stay on the government's own page. Plans without a year count with their government's
    latest year."""
    latest: dict[int, int] = {}
    for _, gid, year in plan_rows:
        if year is not None and year > latest.get(gid, 0):
            latest[gid] = year
    return [(pk, gid) for pk, gid, year in plan_rows if year is None or year == latest.get(gid)]


def overview(governments: list[Lower], calc, year: int) -> dict:
    ids = [g.pk for g in governments]
    lines = {g.pk: Line(g) for g in governments}
    plan_rows = list(Plan.objects.current().filter(government_id__in=ids, status=Plan.PUBLISHED)
                     .values_list("pk", "government_id", "year"))
    for _, gid, _ in plan_rows:
        lines[gid].plans += 1
    versions = {g.pk: g.data_version for g in governments}
    for gid, (total, done, overdue) in rollup(latest_year_plans(plan_rows), calc, versions).items():
        lines[gid].total, lines[gid].done, lines[gid].overdue = total, done, overdue
    for row in (Inspection.objects.filter(target_id__in=ids).exclude(state=CLOSED).values("target_id")
                .annotate(n=Count("id"))):
        lines[row["target_id"]].inspections = row["n"]
    for row in (Case.objects.filter(government_id__in=ids, kind__in=[k for k, _ in HEADLINE_KINDS])
                .values("government_id", "kind").annotate(n=Count("id"))):
        lines[row["government_id"]].registers[row["kind"]] = row["n"]
    for gid, entry in latest_per_government(report_entries(ids, year)).items():
        if gid in lines:
            lines[gid].report = entry
    groups = []
    for label, govs in by_level(governments):
        rows = [lines[g.pk] for g in govs]
        groups.append({"label": label, "rows": rows, "totals": totals(rows), "rows_html": overview_rows(rows, year)})
    return {"groups": groups, "totals": totals(list(lines.values())), "year": year,
            "kinds": [label for _, label in HEADLINE_KINDS]}


def totals(rows: list[Line]) -> dict:
    total = sum(r.total for r in rows)
    done = sum(r.done for r in rows)
    overdue = sum(r.overdue for r in rows)
    return {
        "governments": len(rows), "plans": sum(r.plans for r in rows), "total": total, "done": done,
        "overdue": overdue, "done_pct": round(100 * done / total, 2) if total else 0.0,
        "overdue_pct": round(100 * overdue / total, 2) if total else 0.0,
        "inspections": sum(r.inspections for r in rows),
        "headline": [(label, sum(r.registers.get(k, 0) for r in rows)) for k, label in HEADLINE_KINDS],
        "reports": sum(1 for r in rows if r.report),
    }
