"""The upper office's overview: per lower government its published plans, progress roll-up,
open 督察, register headline figures and annual report status — aggregate queries over all of
them at once (GROUP BY government), the progress roll-up from plain values (progress.dashboard's
scan, no model instances)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max

from fazhiweb.audit.models import AuditEntry
from fazhiweb.hierarchy.analyses import latest_per_government, report_entries
from fazhiweb.hierarchy.models import CLOSED, Inspection
from fazhiweb.hierarchy.rows import overview_rows
from fazhiweb.hierarchy.tree import Lower, by_level
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import scan_plan, shared_states
from fazhiweb.progress.rollup import keeps_states
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
    """government id → [assignments, done, overdue] over the given plans.

    Each plan's figures are cached twice: under its government's data version (a hit costs
    nothing) and with the government's last audit entry seen when they were made (its mark). When
    a lower government changed, one query over the audit entries written since the marks of all
    changed governments tells which changes cannot move a plan's figures (a 批示, a notice, a
    report draft or submission, a login …): those plans keep their figures. Only the rest read
    their states from progress.rollup (kept or patched there, scanned at worst)."""
    out: dict[int, list[int]] = {}
    day = calc.today.isoformat()
    keys = {pk: f"hierarchy:rollup:{pk}:{versions[gid]}:{day}" for pk, gid in plan_ids if versions and gid in versions}
    known = cache.get_many(list(keys.values())) if keys else {}
    todo = [(pk, gid) for pk, gid in plan_ids if keys.get(pk) not in known]
    fresh = {}
    if todo:
        for pk, (_gid, figures) in _refresh(todo, calc, day).items():
            known[keys.get(pk, pk)] = figures
            if pk in keys:
                fresh[keys[pk]] = figures
    for pk, gid in plan_ids:
        row = out.setdefault(gid, [0, 0, 0])
        for i, n in enumerate(known[keys.get(pk, pk)]):
            row[i] += n
    if fresh:
        cache.set_many(fresh)
    return out


MAX_SINCE = 5000  # more entries than this since the marks: check each plan on its own


def _refresh(todo: list[tuple[int, int]], calc, day: str) -> dict[int, tuple[int, tuple]]:
    """plan id → (government id, figures) for plans whose government changed since their figures."""
    marked_keys = {pk: f"hierarchy:plan:{pk}:{day}" for pk, _ in todo}
    marked = cache.get_many(list(marked_keys.values()))
    gids = sorted({gid for _, gid in todo})
    now = _marks_of(gids)
    held = {pk: marked[marked_keys[pk]] for pk, _ in todo if marked_keys[pk] in marked}
    moved = _moved(held, now) if held else set()
    plans = Plan.objects.in_bulk([pk for pk, _ in todo if pk not in held or pk in moved])
    out, store = {}, {}
    for pk, gid in todo:
        if pk in held and pk not in moved:
            figures = held[pk][2]
        else:
            sc = scan_plan(plans[pk], calc, states=shared_states(plans[pk], calc))
            figures = (sc.total, sc.done, len(sc.overdue))
        out[pk] = (gid, figures)
        store[marked_keys[pk]] = (gid, (now.get(gid, 0), now[0]), figures)
    cache.set_many(store)
    return out


def _marks_of(gids: list[int]) -> dict[int, int]:
    """Each government's last audit entry (and, under key 0, the last installation-wide one), read
    while none of their changes is in flight: audit.record() holds the government's row from its
    version bump to commit, and this takes a share lock on the rows (PostgreSQL; SQLite has one
    writer), so an entry committed later has a larger id."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and gids:
            with connection.cursor() as cur:
                cur.execute("SELECT 1 FROM accounts_government WHERE id = ANY(%s) FOR SHARE", [gids])
        marks = dict(AuditEntry.objects.filter(government_id__in=gids).values("government_id")
                     .annotate(last=Max("id")).values_list("government_id", "last"))
        marks[0] = AuditEntry.objects.filter(government__isnull=True).aggregate(last=Max("id"))["last"] or 0
    return marks


def _moved(held: dict, now: dict) -> set[int]:
    """The held plans whose figures a change since their mark may have moved."""
    wide = min(marks[1] for _, marks, _ in held.values())
    if now[0] > wide:
        return set(held)  # installation-wide (the holiday table): every deadline may move
    lowest = min(marks[0] for _, marks, _ in held.values())
    gids = {gid for gid, _, _ in held.values()}
    rows = list(AuditEntry.objects.filter(government_id__in=gids, id__gt=lowest)
                .values_list("government_id", "id", "object_type", "action")[:MAX_SINCE + 1])
    if len(rows) > MAX_SINCE:
        return set(held)
    marks = {}
    for pk, (gid, (mark, _), _) in held.items():
        marks.setdefault(gid, []).append((pk, mark))
    moved = set()
    for gid, entry_id, kind, action in rows:
        if entry_id > now.get(gid, 0) or keeps_states(kind, action):
            continue  # committed after the marks (seen next time), or harmless to plan figures
        moved.update(pk for pk, mark in marks.get(gid, ()) if entry_id > mark)
    return moved


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
