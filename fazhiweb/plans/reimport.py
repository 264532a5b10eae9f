"""Re-importing a revised plan merges it into the ledger; it never overwrites the office's work.

- Items of the new document are matched to the existing tasks by text similarity first
  (rapidfuzz), by outline path second: an inserted item renumbers the ones after it without
  making them new tasks.
- A field the office corrected by hand keeps its corrected value unless the matched item's
  own source text for that field changed; then the task carries a pending decision (old
  source, new source, corrected value) for the review page.
- On a published plan, an assignment that would disappear while it has reports is listed and
  needs an explicit confirmation; nothing is written without it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from rapidfuzz import fuzz, process

from fazhiweb.audit.services import record
from fazhiweb.directory.names import normalize
from fazhiweb.directory.resolve import Resolver
from fazhiweb.plans.fields import (
    current_fields,
    plan_meta,
    revise,
    set_mentions,
    task_fields,
    units_of,
)
from fazhiweb.plans.models import Plan, Task, path_key
from fazhiweb.plans.sync import sync_assignments

FIELDS = {"heading": "章节", "title": "任务标题", "text": "任务内容", "deadlines": "完成时限",
          "targets": "量化指标", "units": "责任单位"}
MATCH_FROM = 75  # text similarity (0–100) from which a new item is the same task reworded


class NeedsConfirmation(Exception):
    """Assignments with reports would disappear: the office must confirm (nothing was written)."""

    def __init__(self, assignments: list, stored: str = ""):
        self.assignments = assignments
        self.stored = stored  # the uploaded revision, kept for the confirmation step
        super().__init__(f"{len(assignments)} 条已有进展报告的分工将被撤销,需要确认。")


def _words(fields: dict) -> str:
    return normalize(f"{fields.get('title') or ''}{fields.get('text') or ''}")


def match(tasks: list[Task], items: list[dict]) -> dict[int, Task]:
    """item index → existing task: the most similar texts first (one to one), then equal paths
    among what is left."""
    out: dict[int, Task] = {}
    if tasks and items:
        olds = [_words(t.source or current_fields(t)) for t in tasks]
        news = [_words(i["fields"]) for i in items]
        pairs = sorted(((score, i, j) for i, new in enumerate(news)
                        for _, score, j in process.extract(new, olds, scorer=fuzz.ratio, limit=None,
                                                           score_cutoff=MATCH_FROM)), reverse=True)
        used: set[int] = set()
        for _, i, j in pairs:
            if i not in out and j not in used:
                out[i] = tasks[j]
                used.add(j)
    by_path = {t.path_key: t for t in tasks if t not in out.values()}
    for i, item in enumerate(items):
        if i not in out and (t := by_path.pop(path_key(item["path"]), None)) is not None:
            out[i] = t
    return out


def merge_fields(task: Task, new: dict) -> tuple[dict, int, dict]:
    """(values to set, corrections kept, decisions) for a matched task and the new source."""
    cur = current_fields(task)
    src = task.source or cur
    values, kept, pending = {}, 0, dict(task.pending or {})
    for f in FIELDS:
        old_src, new_src = src.get(f, cur[f]), new[f]
        if f in (task.edited or []):
            if new_src == old_src:
                kept += cur[f] != new_src
            else:
                pending[f] = {"old": old_src, "new": new_src, "edited": cur[f]}
        elif cur[f] != new_src:
            values[f] = new_src
    return values, kept, pending


def _items(doc: dict) -> list[dict]:
    seen: set[str] = set()
    out = []
    for order, t in enumerate(doc.get("tasks") or []):
        path = [str(p) for p in t.get("path") or [str(order + 1)]]
        if path_key(path) in seen:
            path = [*path, f"#{order + 1}"]  # a duplicate number in the source
        seen.add(path_key(path))
        out.append({"path": path, "order": order, "fields": {**task_fields(t), "units": units_of(t)}})
    return out


@transaction.atomic
def reimport_document(user, plan: Plan, doc: dict, source_name: str = "", source_path: str = "",
                      confirm: bool = False) -> dict:
    """Merge a revised document into the plan; returns the counts of the result line."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = plan.snapshot()
    resolver = Resolver(plan.government)
    tasks = list(plan.tasks.prefetch_related("mentions"))
    items = _items(doc)
    matched = match(tasks, items)
    s = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0, "kept": 0, "decisions": 0}
    for i, t in matched.items():  # free the paths first: an inserted item renumbers the ones after it
        if t.path != items[i]["path"]:
            Task.objects.filter(pk=t.pk).update(path_key=f"~{t.pk}")
    for i, item in enumerate(items):
        new = item["fields"]
        task = matched.get(i)
        fields = {k: v for k, v in new.items() if k != "units"}
        if task is None:
            task = Task.objects.create(plan=plan, path=item["path"], order=item["order"], source=new, **fields)
            set_mentions(task, new["units"], resolver)
            s["added"] += 1
            continue
        values, kept, pending = merge_fields(task, new)
        s["kept"] += kept
        s["decisions"] += len(pending) - len(task.pending or {})
        moved = task.path != item["path"] or task.removed
        if values or moved:
            revise(user, task, "重新导入")
            task.revision += 1
            s["changed"] += 1
        else:
            s["unchanged"] += 1
        for k, v in values.items():
            if k != "units":
                setattr(task, k, v)
        task.path, task.order, task.removed, task.source, task.pending = (
            item["path"], item["order"], False, new, pending)
        task.save()
        if "units" in values:
            set_mentions(task, values["units"], resolver)
    kept_ids = {t.pk for t in matched.values()}
    for task in tasks:
        if task.pk not in kept_ids and not task.removed:
            revise(user, task, "重新导入时删除")
            task.removed, task.revision = True, task.revision + 1
            task.save(update_fields=["removed", "revision"])
            s["removed"] += 1
    meta = plan_meta(doc, source_name or plan.source_name)
    plan.title = meta["title"] if doc.get("title") else plan.title
    plan.year = meta["year"] or plan.year
    plan.default_deadline = meta["default_deadline"] or plan.default_deadline
    plan.revision += 1
    if source_name:
        plan.source_name, plan.source_path = source_name[:255], source_path
    plan.save()
    s["assignments_added"] = s["assignments_removed"] = 0
    if plan.is_published:
        dry = sync_assignments(plan, dry_run=True)
        if dry["with_reports"] and not confirm:
            raise NeedsConfirmation(dry["with_reports"], source_path)  # rolls the whole merge back
        counts = sync_assignments(plan)
        s["assignments_added"] = counts["created"] + counts["reactivated"]
        s["assignments_removed"] = counts["deactivated"]
    record(user, "plan.reimport", plan, before=before, after={**plan.snapshot(), **s})
    return s


def result_line(s: dict) -> str:
    line = (f"已重新导入:任务新增 {s['added']} 项、修改 {s['changed']} 项、删除 {s['removed']} 项、未变 {s['unchanged']} 项;"
            f"分工新增 {s['assignments_added']} 条、撤销 {s['assignments_removed']} 条;保留人工修改 {s['kept']} 处")
    return line + (f";{s['decisions']} 处原文已变、需要决定(见下方)。" if s["decisions"] else "。")


@transaction.atomic
def decide(user, task: Task, field: str, choice: str) -> Task:
    """The office's decision on a corrected field whose source changed: keep the correction
    ("keep") or take the new source ("new")."""
    task = Task.objects.select_for_update().select_related("plan__government").get(pk=task.pk)
    item = (task.pending or {}).get(field)
    if item is None or choice not in ("keep", "new"):
        raise ValidationError("没有待决定的修改,或选择无效。")
    before = current_fields(task)
    if choice == "new":
        revise(user, task, "采用新稿")
        if field == "units":
            set_mentions(task, item["new"], Resolver(task.plan.government))
        else:
            setattr(task, field, item["new"])
        task.edited = [f for f in task.edited if f != field]
        task.revision += 1
    task.pending = {k: v for k, v in task.pending.items() if k != field}
    task.save()
    if field == "units" and task.plan.is_published:
        sync_assignments(task.plan)
    record(user, "task.decide", task, government=task.plan.government,
           before={field: before[field]}, after={field: current_fields(task)[field], "choice": choice})
    return task


def show(field: str, value) -> str:
    """A field's value as the decision page shows it."""
    if field == "deadlines":
        return "、".join(f"{d.get('date')} {d.get('text') or ''}".strip() for d in value or []) or "—"
    if field == "targets":
        return "；".join(f"{t.get('text') or ''}({t.get('op') or ''}{t.get('value')}{t.get('unit') or ''})"
                        for t in value or []) or "—"
    if field == "units":
        from fazhiweb.plans.models import ROLE_LABELS

        return "；".join(f"{ROLE_LABELS[r]}:{'、'.join(n)}" for r, n in (value or {}).items() if n) or "—"
    return str(value or "—")


def decisions(task: Task) -> list[dict]:
    return [{"field": f, "label": FIELDS[f], "old": show(f, d["old"]), "new": show(f, d["new"]),
             "edited": show(f, d["edited"])} for f, d in (task.pending or {}).items()]
