"""Dashboard figures for a plan: completion by unit/section, overdue and due-soon, targets."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from fazhiweb.core.clock import WorkCalendar, due_of
from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress import rollup
from fazhiweb.progress.due import DONE, OVERDUE, SOON, DueCalculator, ticks_of, with_acceptance
from fazhiweb.progress.models import Report


@dataclass
class Row:
    """One assignment as a page shows it: its latest and latest accepted report and its due status
    (core.clock: next unticked milestone, yearly roll-over, done rule)."""

    assignment: Assignment
    latest: Report | None
    accepted: Report | None
    status: object  # core.clock.DueStatus

    @property
    def due(self) -> dt.date | None:
        return self.status.due.date

    @property
    def workdays_left(self) -> int | None:
        return self.status.workdays_left

    @property
    def done(self) -> bool:
        return self.status.state == "done"

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        shown = self.latest if self.latest and self.latest.state != Report.RETURNED else self.accepted
        return shown.percent if shown else 0

    @property
    def overdue(self) -> bool:
        return self.status.overdue

    @property
    def due_soon(self) -> bool:
        return self.status.due_soon

    @property
    def status_label(self) -> str:
        if self.latest is None:
            return "未报送"
        return f"{self.latest.status_label}({self.latest.get_state_display()})"


def _ratio(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def current_reports(assignments) -> tuple[dict[int, Report], dict[int, Report]]:
    """The latest and the latest accepted report of each assignment, by assignment id, in one
    query that reads only those (not every earlier version: assignments reported on monthly
    for years carry dozens)."""
    later = Report.objects.filter(assignment=OuterRef("assignment_id"), version__gt=OuterRef("version")).exclude(
        state=Report.DRAFT)
    rows = (Report.objects.filter(assignment__in=assignments).exclude(state=Report.DRAFT)
            .annotate(sv_last=~Exists(later), sv_last_accepted=~Exists(later.filter(state=Report.ACCEPTED)))
            .filter(Q(sv_last=True) | Q(state=Report.ACCEPTED, sv_last_accepted=True)))
    latest: dict[int, Report] = {}
    accepted: dict[int, Report] = {}
    for r in rows:
        if r.sv_last:
            latest[r.assignment_id] = r
        if r.state == Report.ACCEPTED and r.sv_last_accepted:
            accepted[r.assignment_id] = r
    return latest, accepted


def _calc(today=None, calendar=None, calc=None):
    return calc or DueCalculator(today, calendar=calendar)


def assignment_rows(assignments, today: dt.date | None = None, calendar: WorkCalendar | None = None,
                    calc=None) -> list[Row]:
    """Rows with model instances: two queries. Build them only for the rows a page shows."""
    calc = _calc(today, calendar, calc)
    assignments = list(assignments.select_related("task__plan", "unit"))
    latest, accepted = current_reports(assignments)
    rows = []
    for a in assignments:
        acc = accepted.get(a.pk)
        due = calc.task_deadline(a.task, acc.milestones if acc else ())
        status = calc.status(due, acc.status if acc else None, acc.reviewed_at if acc else None)
        rows.append(Row(a, latest.get(a.pk), acc, status))
    return rows


def rows_for_ids(ids: list[int], calc) -> list[Row]:
    """Rows for these assignment ids, in this order (two queries)."""
    by_id = {r.assignment.pk: r for r in assignment_rows(Assignment.objects.filter(pk__in=ids), calc=calc)}
    return [by_id[i] for i in ids if i in by_id]


def _target_met(op: str, target, value) -> bool:
    try:
        t, v = float(target), float(value)
    except (TypeError, ValueError):
        return False
    return {">=": v >= t, ">": v > t, "<=": v <= t, "<": v < t}.get(op or "=", v >= t)


@dataclass
class PlanScan:
    """Per-plan figures from plain values (no model instances): totals, by unit, by section, and
    the ids of the overdue and due-soon assignments in display order."""

    total: int = 0
    done: int = 0
    by_unit: dict = field(default_factory=dict)
    by_section: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)  # id → (path, heading, order, targets)
    overdue: list = field(default_factory=list)  # assignment ids, most overdue first
    due_soon: list = field(default_factory=list)  # assignment ids, nearest deadline first


@dataclass
class PlanStates:
    """A plan's roll-up input, from plain values: its tasks and every counting assignment's due
    state. The overview, the dashboard and the board of one plan read the same one (`shared_states`)."""

    tasks: dict  # id → (path, heading, order, targets, deadlines)
    rows: list  # (assignment id, unit id, task id, state, due date), unordered


def plan_states(plan: Plan, calc, unit_id: int | None = None) -> PlanStates:
    """Two queries over values: the plan's tasks, and its assignments with their latest accepted
    report's status (each unit is chased on its next unticked milestone, core.clock). A task's
    milestones are worked out once, not once per unit."""
    tasks = {}
    for pk, path, heading, order, deadlines, targets in (
            plan.tasks.filter(removed=False).order_by("order", "id")
            .values_list("id", "path", "heading", "order", "deadlines", "targets")):
        tasks[pk] = (path or [], heading, order, targets or [], deadlines)
    qs = Assignment.objects.filter(task__plan=plan, active=True, task__removed=False)
    if unit_id is not None:  # a liaison sees their own unit's work only
        qs = qs.filter(unit_id=unit_id)
    return PlanStates(tasks, _state_rows(plan, calc, tasks, qs))


def _state_rows(plan: Plan, calc, tasks: dict, qs) -> list:
    stones: dict = {}
    rows = []
    for pk, unit, task_id, acc_status, acc_at, ticks in with_acceptance(qs.order_by()).values_list(
            "id", "unit_id", "task_id", "sv_accepted_status", "sv_accepted_at",
            "sv_accepted_ticks").iterator(chunk_size=10000):
        if task_id not in stones:
            stones[task_id] = calc.milestones(tasks[task_id][4], plan.default_deadline)
        due = due_of(stones[task_id], ticks_of(ticks))
        rows.append((pk, unit, task_id, calc.status(due, acc_status, acc_at).state, due.date))
    return rows


def patch_states(plan: Plan, calc, states: PlanStates, assignment_ids) -> PlanStates | None:
    """`states` with the rows of these assignments read again (a report of theirs was accepted), or
    None when one of them is no longer a counting row of the plan (then the caller rebuilds)."""
    qs = Assignment.objects.filter(pk__in=assignment_ids, task__plan=plan, active=True, task__removed=False)
    if any(task_id not in states.tasks for task_id in qs.values_list("task_id", flat=True)):
        return None
    fresh = {row[0]: row for row in _state_rows(plan, calc, states.tasks, qs)}
    if len(fresh) != len(set(assignment_ids)):
        return None
    return PlanStates(states.tasks, [fresh.get(row[0], row) for row in states.rows])


def shared_states(plan: Plan, calc) -> PlanStates:
    """The whole plan's states from the shared cache, kept until a change touches the plan
    (progress.rollup): the overview, the dashboard and the board of a plan read one scan, and a
    change elsewhere in the government (another plan, a notice, a 批示) keeps it. Call after the
    access check; the states hold every unit's figures, a page shows only its part."""
    return rollup.states(plan, calc, lambda: plan_states(plan, calc),
                         lambda held, ids: patch_states(plan, calc, held, ids))


def scan_plan(plan: Plan, calc, unit_id: int | None = None, states: PlanStates | None = None) -> PlanScan:
    """Totals, by unit, by section and the overdue / due-soon ids of a plan (or of one unit's work),
    from `states` (the whole plan's, see shared_states) or from a scan of its own."""
    out = PlanScan()
    ps = states if states is not None else plan_states(plan, calc, unit_id)
    out.tasks = {pk: t[:4] for pk, t in ps.tasks.items()}
    overdue, soon = [], []
    for pk, unit, task_id, state, due_date in ps.rows:
        if unit_id is not None and unit != unit_id:
            continue
        path, heading, order, _ = out.tasks[task_id]
        done = state == DONE
        out.total += 1
        out.done += done
        u = out.by_unit.get(unit)
        if u is None:
            u = out.by_unit[unit] = {"total": 0, "done": 0, "overdue": 0}
        u["total"] += 1
        u["done"] += done
        u["overdue"] += state == OVERDUE
        s = out.by_section.setdefault(heading or (path[0] if path else ""), {"total": 0, "done": 0, "order": order})
        s["total"] += 1
        s["done"] += done
        s["order"] = min(s["order"], order)
        if state == OVERDUE:
            overdue.append((due_date, order, pk))
        elif state == SOON:
            soon.append((due_date, order, pk))
    out.overdue = [pk for *_, pk in sorted(overdue)]
    out.due_soon = [pk for *_, pk in sorted(soon)]
    return out


def plan_dashboard(plan: Plan, today: dt.date | None = None, limit: int = 20, calc=None,
                   unit_id: int | None = None, states: PlanStates | None = None) -> dict:
    """Figures of a plan's dashboard. Aggregates come from plain values; model rows are built only
    for the first `limit` overdue and due-soon assignments (0: none, e.g. for the public page)."""
    from fazhiweb.directory.models import Unit

    calc = _calc(today, None, calc)
    sc = scan_plan(plan, calc, unit_id, states)
    names = dict(Unit.objects.filter(government_id=plan.government_id).values_list("id", "name"))
    units = sorted(
        ({**v, "unit": {"pk": uid, "name": names.get(uid, "")}, "percent": _ratio(v["done"], v["total"])}
         for uid, v in sc.by_unit.items()),
        key=lambda v: (-v["percent"], v["unit"]["name"]),
    )
    sections = [{"name": k, "total": v["total"], "done": v["done"], "percent": _ratio(v["done"], v["total"])}
                for k, v in sorted(sc.by_section.items(), key=lambda kv: kv[1]["order"])]
    overdue, due_soon = [], []
    if limit:
        shown = rows_for_ids(sc.overdue[:limit] + sc.due_soon[:limit], calc)
        overdue, due_soon = [r for r in shown if r.overdue], [r for r in shown if r.due_soon]
    return {
        "total": sc.total,
        "done": sc.done,
        "percent": _ratio(sc.done, sc.total),
        "units": units,
        "sections": sections,
        "overdue": overdue,
        "overdue_count": len(sc.overdue),
        "due_soon": due_soon,
        "due_soon_count": len(sc.due_soon),
        "limit": limit,
        "soon_days": calc.soon_days,
        "targets": plan_targets(plan, sc) if limit else [],
        "latest": (Report.objects.filter(assignment__task__plan=plan, **({"assignment__unit_id": unit_id} if unit_id
                                                                         else {})).exclude(state=Report.DRAFT)
                   .select_related("assignment__unit", "assignment__task").order_by("-submitted_at")[:10]
                   if limit else []),
        "calendar_note": calc.note,
    }


def plan_targets(plan: Plan, sc: PlanScan) -> list[dict]:
    """Each quantified target with the best value in the latest accepted reports (one query)."""
    with_targets = [pk for pk, t in sc.tasks.items() if t[3]]
    values: dict[tuple[int, int], list] = defaultdict(list)
    later = Report.objects.filter(assignment=OuterRef("assignment_id"), state=Report.ACCEPTED,
                                  version__gt=OuterRef("version"))
    accepted = (Report.objects.filter(assignment__task__plan=plan, assignment__task__removed=False,
                                      assignment__active=True, state=Report.ACCEPTED)
                .exclude(assignment__task__targets=[]).filter(~Exists(later)))  # always one query
    for task_id, figures in accepted.values_list("assignment__task_id", "figures"):
        for f in figures or []:
            if isinstance(f, dict) and f.get("value") is not None:
                values[(task_id, f.get("index"))].append(f["value"])
    out = []
    for pk in with_targets:
        path, _, _, targets = sc.tasks[pk]
        for i, t in enumerate(targets):
            vals = values.get((pk, i))
            best = (max(vals) if (t.get("op") or ">=") in (">=", ">", "=") else min(vals)) if vals else None
            out.append({"task": {"pk": pk, "label": "".join(path)}, "target": t, "value": best,
                        "met": best is not None and _target_met(t.get("op"), t.get("value"), best)})
    return out
