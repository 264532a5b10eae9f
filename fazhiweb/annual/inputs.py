"""The composer's plain inputs (fazhi.annual.draft.compose) from the database: the plan
ledger and the units' progress reports, overdue 督办 items, the registers' figures and late
clocks, the 法治会议 register and leaders' 批示 (第一责任人), the next year's plan when it is
imported, and the department reports already submitted (as sources). Reads only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fazhi.annual.ledger import ledger_from_rows
from fazhi.errors import FazhiError
from fazhiweb.accounts.models import Government
from fazhiweb.core.clock import today as clock_today

# The 法治会议 register's 法治事项 → the composer's kinds of leaders' records.
MEETING_KINDS = {"学法": "学法", "听取法治政府建设工作汇报": "汇报"}


def resolve(government, unit):
    """(Government, Unit | None) from objects or the names the command line gives."""
    from fazhiweb.directory.models import Unit
    from fazhiweb.registers.governments import government_named, unit_named

    if not isinstance(government, Government):
        government = government_named(government)
    if unit is not None and not isinstance(unit, Unit):
        unit = unit_named(government, unit)
    if unit is not None and unit.government_id != government.pk:
        raise FazhiError(f"{unit.name} 不属于 {government.name}。")
    return government, unit


def draft_inputs(government, year: int, unit=None) -> dict:
    """Everything compose() needs for `government`'s (or `unit`'s) report on `year`."""
    government, unit = resolve(government, unit)
    if not 1900 <= int(year) <= 2200:
        raise FazhiError(f"年度应为四位数年份:{year}")
    plan = _plan(government, year, published=True)
    return {
        "government": government.name,
        "figures": register_figures(government, year, unit),
        "previous_figures": previous_figures(government, year - 1, unit),
        "ledger": ledger(plan, unit, government, year),
        "leadership": leadership(government, year, unit),
        "missed_clocks": missed_clocks(government, year, unit),
        "next_plan": next_plan(government, year + 1),
        "departments": [] if unit else department_sources(government, year),
    }


def _plan(government, year: int, published: bool = False):
    from fazhiweb.plans.models import Plan

    qs = Plan.objects.filter(government=government, year=year)
    if published:
        qs = qs.filter(status=Plan.PUBLISHED)
    return qs.order_by("-published_at", "-id").first()


def register_figures(government, year: int, unit=None) -> dict:
    from fazhiweb.registers.commands import stats_json

    return stats_json(government, year, unit.name if unit else None)["figures"]


def previous_figures(government, year: int, unit=None) -> dict:
    """Last year's figures, or none when the registers hold nothing for that year (every
    figure 0: not kept then, so nothing to compare with)."""
    figures = register_figures(government, year, unit)
    return figures if any(f.get("value") not in (0, None) for f in figures.values()) else {}


def _task_rows(plan, unit) -> list[dict]:
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress.dashboard import current_reports
    from fazhiweb.progress.models import STATUS_LABELS

    assignments = Assignment.objects.filter(task__plan=plan, active=True, task__removed=False)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    assignments = list(assignments.select_related("task", "unit").order_by("task__order", "id"))
    latest, accepted = current_reports(assignments)
    by_task: dict[int, list] = defaultdict(list)
    for a in assignments:
        by_task[a.task_id].append(a)
    rows = []
    for items in by_task.values():
        task = items[0].task
        # The lead unit (牵头单位) answers for the task; without one, every unit does.
        items = [a for a in items if a.role == "lead"] or items
        reports = [accepted.get(a.pk) or latest.get(a.pk) for a in items]
        statuses = [r.status if r else "not_started" for r in reports]
        status = ("done" if all(s == "done" for s in statuses)
                  else next((s for s in ("cannot_finish", "behind") if s in statuses), "in_progress"))
        done = [r for r in reports if r and r.status == "done"]
        rows.append({
            "heading": task.heading, "title": task.title or task.short, "status": status,
            "status_label": STATUS_LABELS.get(status, status),
            "units": sorted({a.unit.name for a in by_task[task.pk]}),
            "reason": ";".join(r.reason for r in reports if r and r.reason and r.status == status),
            "account": ";".join(r.text.rstrip("。") for r in done if r.text),
            "figures": [f for r in done for f in (r.figures or [])],
        })
    return rows


def ledger(plan, unit, government, year: int) -> dict:
    """The plan's tasks by section; none (and so the 'what is missing' placeholder) without a plan."""
    out = ledger_from_rows(_task_rows(plan, unit)) if plan is not None else {}
    out["overdue"] = overdue_notices(government, year, unit)
    return out


def overdue_notices(government, year: int, unit=None) -> list[dict]:
    from fazhiweb.supervision.models import Notice

    today = clock_today()
    qs = Notice.objects.filter(government=government, created_at__year=year).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return [{"title": n.reason.splitlines()[0][:60], "unit": n.unit.name, "due": n.reply_by.isoformat()}
            for n in qs.order_by("reply_by", "id") if n.is_overdue(today)]


def _meeting_records(government, year: int, unit) -> list[dict]:
    from fazhiweb.registers.queries import cases_of, records_by_kind

    records = records_by_kind(cases_of(government.pk, "meeting")).get("meeting", [])
    out = []
    for r in records:
        day = r.get("held_on")
        if not isinstance(day, dt.date) or day.year != year:
            continue
        if unit is not None and r.get("host") != unit.name:
            continue
        kind = MEETING_KINDS.get(r.get("item_type") or "", "其他")
        text = "".join(x for x in (r.get("session") or "", r.get("topic") or "") if x)
        out.append({"id": r["_case"], "date": day.isoformat(), "kind": kind, "text": text})
    return out


def leadership(government, year: int, unit=None) -> list[dict]:
    """学法 and 汇报 from the 法治会议 register; the leaders' 批示 (core comments) of the year."""
    from fazhiweb.accounts.models import Membership
    from fazhiweb.core.models import Comment

    out = _meeting_records(government, year, unit)
    if unit is None:
        leaders = Membership.objects.filter(government=government, role=Membership.LEADER).values("user_id")
        for c in Comment.objects.filter(government=government, author__in=leaders, created_at__year=year):
            out.append({"id": f"批示{c.pk}", "date": c.created_at.date().isoformat(), "kind": "批示",
                        "text": c.text[:40]})
    return out


def missed_clocks(government, year: int, unit=None) -> list[dict]:
    from fazhi import registers as core
    from fazhiweb.registers import queries

    as_of = min(clock_today(), dt.date(year, 12, 31))
    states = queries.open_clock_states(queries.cases_of(government.pk), as_of, queries.settings_of(government.pk))
    out = []
    for s in states:
        if s.status != "late" or (unit is not None and s.unit != unit.name):
            continue
        kind = core.load_kind(s.kind)
        clock = next((c.label for c in kind.clocks if c.name == s.clock), s.clock)
        out.append({"kind_label": kind.label.removesuffix("台账").removesuffix("登记簿"),
                    "ref": s.ref, "unit": s.unit, "clock": clock, "due": s.due.isoformat() if s.due else None})
    return out


def next_plan(government, year: int) -> list[dict]:
    plan = _plan(government, year)
    if plan is None:
        return []
    sections: dict[str, list[str]] = {}
    for t in plan.tasks.filter(removed=False).order_by("order", "id"):
        sections.setdefault(t.heading or "其他工作", []).append(t.title or t.short)
    return [{"heading": h, "tasks": tasks} for h, tasks in sections.items()]


def department_sources(government, year: int) -> list[dict]:
    """Submitted department reports: their highlights (the 成效 part's first paragraphs) and
    their keyed figures, offered to the office on the government's draft page."""
    from fazhiweb.annual.models import AnnualReport

    out = []
    qs = (AnnualReport.objects.filter(government=government, year=year, unit__isnull=False)
          .exclude(state=AnnualReport.DRAFT).select_related("unit"))
    for r in qs:
        draft = r.draft
        part = next((p for p in draft.parts if p.key == "achievements"), None)
        highlights = [p.text() for p in (part.paragraphs if part else []) if p.style == "body" and not p.placeholder][:5]
        figures = {f.key: {"value": f.value, "unit": f.unit, "definition": f.definition, "records": f.records}
                   for f in draft.figures() if f.key}
        out.append({"unit": r.unit.name, "report_id": r.pk, "highlights": highlights, "figures": figures})
    return out
