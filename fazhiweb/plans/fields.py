"""A task's fields as a document gives them and as the ledger keeps them: shared by import,
re-import and hand edits (plans.services, plans.reimport)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fazhiweb.directory.resolve import Resolver
from fazhiweb.plans.models import ROLES, Task, TaskRevision, TaskUnitMention

ROLE_KEYS = [r for r, _ in ROLES]


def _date(value):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def task_fields(t: dict) -> dict:
    return {
        "heading": (t.get("heading") or "")[:200],
        "title": (t.get("title") or "")[:300],
        "text": t.get("text") or "",
        "deadlines": list(t.get("deadlines") or []),
        "targets": list(t.get("targets") or []),
    }


def units_of(t: dict) -> dict[str, list[str]]:
    units = t.get("units") or {}
    return {role: [str(u).strip() for u in units.get(role) or [] if str(u).strip()] for role in ROLE_KEYS}


def set_mentions(task: Task, units: dict[str, list[str]], resolver: Resolver) -> None:
    """Replace the task's mentions, keeping earlier manual resolutions of the same raw name."""
    previous = {(m.role, m.raw_name): m for m in task.mentions.all()}
    task.mentions.all().delete()
    for role in ROLE_KEYS:
        for i, raw in enumerate(units.get(role, [])):
            old = previous.get((role, raw))
            m = TaskUnitMention(task=task, role=role, raw_name=raw[:200], order=i)
            if old is not None and old.resolved:
                m.unit_id, m.group_id = old.unit_id, old.group_id
            else:
                res = resolver.resolve(raw)
                if res.kind == "unit":
                    m.unit = res.unit
                elif res.kind == "group":
                    m.group = res.group
            m.save()


def mention_units(task: Task) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {r: [] for r in ROLE_KEYS}
    for m in task.mentions.all():
        out[m.role].append(m.raw_name)
    return out


def revise(user, task: Task, reason: str) -> None:
    number = task.revisions.count() + 1
    TaskRevision.objects.create(task=task, number=number, snapshot=task.snapshot(), reason=reason, created_by=user)


def plan_meta(doc: dict, source_name: str) -> dict:
    title = (doc.get("title") or Path(source_name).stem or "未命名计划")[:200]
    return {"title": title, "year": doc.get("year") or None, "default_deadline": _date(doc.get("default_deadline"))}


def current_fields(task: Task) -> dict:
    return {"heading": task.heading, "title": task.title, "text": task.text, "deadlines": task.deadlines,
            "targets": task.targets, "units": mention_units(task)}
