"""Plan changes: import, re-import, task edits, mention resolution, publish.

Each public function is one transaction and writes its audit entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import fazhi
from fazhiweb.audit.services import record
from fazhiweb.directory import services as directory_services
from fazhiweb.directory.names import Resolver
from fazhiweb.plans.models import (
    ROLES,
    Assignment,
    Plan,
    Task,
    TaskRevision,
    TaskUnitMention,
    path_key,
)

PLAN_EXTENSIONS = {".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".doc"}
ROLE_KEYS = [r for r, _ in ROLES]


class PlanError(Exception):
    """A user-facing error (Simplified Chinese)."""


def parse_file(path):
    """Indirection so tests can substitute a parser result."""
    return fazhi.parse_file(path)


# ---------------------------------------------------------------- file handling

def store_plan_file(uploaded) -> tuple[Path, str]:
    """Save an uploaded plan document under MEDIA_ROOT/plans/<sha256><ext>; return (path, rel)."""
    name = getattr(uploaded, "name", "plan.txt") or "plan.txt"
    ext = Path(name).suffix.lower()
    if ext not in PLAN_EXTENSIONS:
        raise PlanError(f"不支持的文件类型“{ext or '无扩展名'}”:请上传 .txt、.docx、.pdf、.html 或 .xlsx 文件。")
    size = getattr(uploaded, "size", None) or 0
    if size > settings.FAZHI_MAX_UPLOAD_BYTES:
        raise PlanError(f"文件太大(上限 {settings.FAZHI_MAX_UPLOAD_BYTES // 1048576} MB)。")
    if size == 0:
        raise PlanError("文件为空:请选择有内容的文档。")
    root = Path(settings.MEDIA_ROOT)
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=root / "tmp", suffix=ext)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                out.write(chunk)
        rel = f"plans/{digest.hexdigest()}{ext}"
        final = root / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final, rel


def read_plan_file(uploaded) -> tuple[dict, str]:
    path, rel = store_plan_file(uploaded)
    try:
        doc = parse_file(path)
    except fazhi.DocumentError as exc:
        raise PlanError(str(exc)) from exc
    except Exception as exc:  # a parser bug must not become a 500 page
        raise PlanError(f"无法解析该文件:{exc.__class__.__name__}。请检查文件或换一种格式。") from exc
    return doc, rel


# ---------------------------------------------------------------- document → tasks

def _date(value):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _task_fields(t: dict) -> dict:
    return {
        "heading": (t.get("heading") or "")[:200],
        "title": (t.get("title") or "")[:300],
        "text": t.get("text") or "",
        "deadlines": list(t.get("deadlines") or []),
        "targets": list(t.get("targets") or []),
    }


def _units_of(t: dict) -> dict[str, list[str]]:
    units = t.get("units") or {}
    return {role: [str(u).strip() for u in units.get(role) or [] if str(u).strip()] for role in ROLE_KEYS}


def _set_mentions(task: Task, units: dict[str, list[str]], resolver: Resolver) -> None:
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


def _mention_units(task: Task) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {r: [] for r in ROLE_KEYS}
    for m in task.mentions.all():
        out[m.role].append(m.raw_name)
    return out


def _revise(user, task: Task, reason: str) -> None:
    number = task.revisions.count() + 1
    TaskRevision.objects.create(task=task, number=number, snapshot=task.snapshot(), reason=reason, created_by=user)


def _plan_meta(doc: dict, source_name: str) -> dict:
    title = (doc.get("title") or Path(source_name).stem or "未命名计划")[:200]
    return {"title": title, "year": doc.get("year") or None, "default_deadline": _date(doc.get("default_deadline"))}


def _groups_from_aliases(user, government, doc: dict, resolver: Resolver) -> Resolver:
    """A group term the plan defines itself ("…(以下统称“各镇政府”)") becomes a directory
    group when the directory knows it not yet but knows every member unit."""
    created = False
    for term, members in (doc.get("aliases") or {}).items():
        if resolver.resolve(term).resolved or not members:
            continue
        found = [resolver.resolve(m) for m in members]
        if all(r.kind == "unit" for r in found):
            directory_services.save_group(
                user, government, None,
                {"name": term, "aliases": [], "members": [r.unit for r in found]},
            )  # fmt: skip
            created = True
    return Resolver(government) if created else resolver


@transaction.atomic
def create_plan_from_document(user, government, doc: dict, source_name: str = "", source_path: str = "") -> Plan:
    meta = _plan_meta(doc, source_name)
    plan = Plan.objects.create(government=government, created_by=user if user and user.is_authenticated else None,
                               source_name=source_name[:255], source_path=source_path, **meta)
    resolver = _groups_from_aliases(user, government, doc, Resolver(government))
    seen: set[str] = set()  # path keys of the tasks created so far
    for order, t in enumerate(doc.get("tasks") or []):
        path = [str(p) for p in t.get("path") or [str(order + 1)]]
        if path_key(path) in seen:
            path = [*path, f"#{order + 1}"]  # a duplicate number in the source
        task = Task.objects.create(plan=plan, path=path, order=order, **_task_fields(t))
        seen.add(task.path_key)
        _set_mentions(task, _units_of(t), resolver)
    record(user, "plan.import", plan, after={**plan.snapshot(), "tasks": plan.tasks.count(), "source": source_name})
    return plan


def import_plan(user, government, uploaded) -> Plan:
    doc, rel = read_plan_file(uploaded)
    if not doc.get("tasks"):
        raise PlanError("未能从该文件中识别出编号的工作任务:请确认这是一份工作计划/要点,或换一种格式(如 .docx)再试。")
    return create_plan_from_document(user, government, doc, source_name=uploaded.name, source_path=rel)


@transaction.atomic
def reimport_document(user, plan: Plan, doc: dict, source_name: str = "", source_path: str = "") -> dict:
    """Update tasks in place by path: changed ones get a revision; new ones are added; missing ones
    are marked removed. Assignments of a published plan follow."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = plan.snapshot()
    resolver = Resolver(plan.government)
    existing = {t.path_key: t for t in plan.tasks.all()}
    seen: set[str] = set()
    summary = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    for order, t in enumerate(doc.get("tasks") or []):
        path = [str(p) for p in t.get("path") or [str(order + 1)]]
        key = path_key(path)
        if key in seen:
            path = [*path, f"#{order + 1}"]
            key = path_key(path)
        seen.add(key)
        fields = _task_fields(t)
        units = _units_of(t)
        task = existing.get(key)
        if task is None:
            task = Task.objects.create(plan=plan, path=path, order=order, **fields)
            _set_mentions(task, units, resolver)
            summary["added"] += 1
            continue
        same = all(getattr(task, k) == v for k, v in fields.items()) and _mention_units(task) == units
        if same and not task.removed:
            if task.order != order:
                task.order = order
                task.save(update_fields=["order"])
            summary["unchanged"] += 1
            continue
        _revise(user, task, "重新导入")
        for k, v in fields.items():
            setattr(task, k, v)
        task.order, task.removed, task.revision = order, False, task.revision + 1
        task.save()
        _set_mentions(task, units, resolver)
        summary["changed"] += 1
    for key, task in existing.items():
        if key not in seen and not task.removed:
            _revise(user, task, "重新导入时删除")
            task.removed = True
            task.revision += 1
            task.save(update_fields=["removed", "revision"])
            summary["removed"] += 1
    meta = _plan_meta(doc, source_name or plan.source_name)
    plan.title = meta["title"] if doc.get("title") else plan.title
    plan.year = meta["year"] or plan.year
    plan.default_deadline = meta["default_deadline"] or plan.default_deadline
    plan.revision += 1
    if source_name:
        plan.source_name, plan.source_path = source_name[:255], source_path
    plan.save()
    if plan.is_published:
        summary["assignments"] = sync_assignments(plan)
    record(user, "plan.reimport", plan, before=before, after={**plan.snapshot(), **summary})
    return summary


def reimport_plan(user, plan: Plan, uploaded) -> dict:
    doc, rel = read_plan_file(uploaded)
    if not doc.get("tasks"):
        raise PlanError("新文件中未识别出任何工作任务,计划未作改动。")
    return reimport_document(user, plan, doc, source_name=uploaded.name, source_path=rel)


# ---------------------------------------------------------------- edits

def parse_deadlines(text: str) -> list[dict]:
    out = []
    for line in (text or "").replace("、", "\n").replace(",", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        date_part, _, note = line.partition(" ")
        d = _date(date_part)
        if d is None:
            raise ValidationError(f"日期“{date_part}”格式不对,应为 YYYY-MM-DD。")
        out.append({"date": d.isoformat(), "text": note.strip() or date_part, "recurring": None})
    return out


def format_deadlines(deadlines: list[dict]) -> str:
    return "\n".join(f"{d.get('date')} {d.get('text') or ''}".strip() for d in deadlines or [] if d.get("date"))


def parse_targets(text: str) -> list[dict]:
    """Lines of `说明|运算|数值|单位`, e.g. `出庭应诉率|>=|100|%`."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or parts[1] not in {">=", "<=", "=", ">", "<"}:
            raise ValidationError(f"指标“{line}”格式不对,应为 说明|>=|数值|单位。")
        try:
            value = float(parts[2])
        except ValueError:
            raise ValidationError(f"指标数值“{parts[2]}”不是数字。") from None
        out.append({"text": parts[0], "op": parts[1], "value": int(value) if value.is_integer() else value,
                    "unit": parts[3]})
    return out


def format_targets(targets: list[dict]) -> str:
    return "\n".join(f"{t.get('text') or ''}|{t.get('op') or '='}|{t.get('value')}|{t.get('unit') or ''}"
                     for t in targets or [])


@transaction.atomic
def update_task(user, task: Task, data: dict) -> Task:
    """data: heading, title, text, deadlines (list), targets (list), units {role: [names]}."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = task.snapshot()
    _revise(user, task, "人工修改")
    for k in ("heading", "title", "text", "deadlines", "targets"):
        if k in data:
            setattr(task, k, data[k])
    task.revision += 1
    task.save()
    if "units" in data:
        _set_mentions(task, data["units"], Resolver(task.plan.government))
    if task.plan.is_published:
        sync_assignments(task.plan)
    record(user, "task.update", task, government=task.plan.government, before=before, after=task.snapshot())
    return task


@transaction.atomic
def resolve_mention(user, mention: TaskUnitMention, unit=None, group=None) -> TaskUnitMention:
    gov_id = mention.task.plan.government_id
    for obj in (unit, group):
        if obj is not None and obj.government_id != gov_id:
            raise ValidationError("所选单位不属于本政府。")
    before = {"raw": mention.raw_name, "unit": mention.unit_id, "group": mention.group_id}
    mention.unit, mention.group = unit, group
    mention.full_clean()
    mention.save()
    if mention.task.plan.is_published:
        sync_assignments(mention.task.plan)
    record(user, "mention.resolve", mention, government=mention.task.plan.government, before=before,
           after={"raw": mention.raw_name, "unit": unit.name if unit else None, "group": group.name if group else None})
    return mention


@transaction.atomic
def add_unit_for_mention(user, mention: TaskUnitMention, data: dict) -> TaskUnitMention:
    """“添加到单位名录”: create the unit (with the raw name as alias if it differs) and resolve."""
    government = mention.task.plan.government
    aliases = list(data.get("aliases") or [])
    if mention.raw_name != data["name"] and mention.raw_name not in aliases:
        aliases.append(mention.raw_name)
    unit = directory_services.create_unit(user, government, {**data, "aliases": aliases})
    return resolve_mention(user, mention, unit=unit)


# ---------------------------------------------------------------- publish

def desired_assignments(plan: Plan) -> set[tuple[int, int, str]]:
    wanted: set[tuple[int, int, str]] = set()
    mentions = TaskUnitMention.objects.filter(task__plan=plan, task__removed=False).select_related("group")
    for m in mentions:
        if m.unit_id:
            wanted.add((m.task_id, m.unit_id, m.role))
        elif m.group_id:
            for uid in m.group.members.filter(active=True).values_list("pk", flat=True):
                wanted.add((m.task_id, uid, m.role))
    return wanted


def sync_assignments(plan: Plan) -> dict:
    """Make the plan's assignments match its mentions. Never deletes: deactivates."""
    wanted = desired_assignments(plan)
    counts = {"created": 0, "deactivated": 0, "reactivated": 0}
    current = {(a.task_id, a.unit_id, a.role): a for a in Assignment.objects.filter(task__plan=plan)}
    for key in wanted - current.keys():
        Assignment.objects.create(task_id=key[0], unit_id=key[1], role=key[2])
        counts["created"] += 1
    for key, a in current.items():
        if key in wanted and not a.active:
            a.active = True
            a.save(update_fields=["active"])
            counts["reactivated"] += 1
        elif key not in wanted and a.active:
            a.active = False
            a.save(update_fields=["active"])
            counts["deactivated"] += 1
    return counts


def unresolved_mentions(plan: Plan):
    return TaskUnitMention.objects.filter(task__plan=plan, task__removed=False, unit__isnull=True,
                                          group__isnull=True).select_related("task")


@transaction.atomic
def publish(user, plan: Plan) -> dict:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        raise PlanError("该计划已发布。")
    pending = list(unresolved_mentions(plan))
    if pending:
        names = "、".join(sorted({m.raw_name for m in pending}))
        raise PlanError(f"还有 {len(pending)} 处单位未确认({names}):请先在审核页确认或添加到单位名录。")
    if not plan.tasks.filter(removed=False).exists():
        raise PlanError("计划中没有任务,不能发布。")
    before = plan.snapshot()
    plan.status = Plan.PUBLISHED
    plan.published_at = timezone.now()
    plan.save()
    counts = sync_assignments(plan)
    record(user, "plan.publish", plan, before=before, after={**plan.snapshot(), "assignments": counts})
    return counts


@transaction.atomic
def set_archived(user, plan: Plan, archived: bool = True) -> Plan:
    """Archive a published plan when its year is over (or bring it back): it leaves reminders, the
    supervision board and the home pages, and stays readable, exportable and public."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if archived and not plan.is_published:
        raise PlanError("草稿计划不能归档。")
    if plan.is_archived == archived:
        raise PlanError("该计划已归档。" if archived else "该计划未归档。")
    before = plan.snapshot()
    plan.archived_at = timezone.now() if archived else None
    plan.save(update_fields=["archived_at"])
    record(user, "plan.archive" if archived else "plan.unarchive", plan, before=before, after=plan.snapshot())
    return plan
