"""Plan changes: import, re-import, task edits, mention resolution, publish.

Each public function is one transaction and writes its audit entries.
"""

from __future__ import annotations

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
from fazhiweb.directory.resolve import Resolver
from fazhiweb.plans.fields import (
    current_fields,
    plan_meta,
    revise,
    set_mentions,
    task_fields,
    units_of,
)
from fazhiweb.plans.models import (
    Plan,
    Task,
    TaskUnitMention,
    path_key,
)
from fazhiweb.plans.reimport import NeedsConfirmation, reimport_document  # noqa: F401 - for the views
from fazhiweb.plans.resolution import resolve_name, unresolved_mentions
from fazhiweb.plans.sync import sync_assignments

PLAN_EXTENSIONS = {".txt", ".docx", ".pdf", ".ofd", ".html", ".htm", ".xlsx", ".doc"}


class PlanError(Exception):
    """A user-facing error (Simplified Chinese)."""


def parse_file(path):
    """Indirection so tests can substitute a parser result."""
    return fazhi.parse_file(path)


# ---------------------------------------------------------------- file handling

def stage_plan_file(uploaded) -> tuple[Path, str]:
    """Copy an upload into MEDIA_ROOT/tmp (keeping its extension, which the readers go by); return
    (staged path, final rel path plans/<sha256><ext>). Nothing is left behind on failure."""
    name = getattr(uploaded, "name", "plan.txt") or "plan.txt"
    ext = Path(name).suffix.lower()
    if ext not in PLAN_EXTENSIONS:
        raise PlanError(f"不支持的文件类型“{ext or '无扩展名'}”:请上传 .txt、.docx、.pdf、.ofd、.html 或 .xlsx 文件。")
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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), f"plans/{digest.hexdigest()}{ext}"


def read_plan_file(uploaded) -> tuple[dict, str]:
    """Parse an uploaded plan; the file is kept (under its content hash) only if it parsed."""
    tmp, rel = stage_plan_file(uploaded)
    try:
        try:
            doc = parse_file(tmp)
        except fazhi.DocumentError as exc:
            name = os.path.basename(getattr(uploaded, "name", "") or "") or "该文件"
            raise PlanError(str(exc).replace(tmp.name, name)) from exc
        except Exception as exc:  # a parser bug must not become a 500 page
            raise PlanError(f"无法解析该文件:{exc.__class__.__name__}。请检查文件或换一种格式。") from exc
        final = Path(settings.MEDIA_ROOT) / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return doc, rel


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
    meta = plan_meta(doc, source_name)
    plan = Plan.objects.create(government=government, created_by=user if user and user.is_authenticated else None,
                               source_name=source_name[:255], source_path=source_path, **meta)
    resolver = _groups_from_aliases(user, government, doc, Resolver(government))
    seen: set[str] = set()  # path keys of the tasks created so far
    for order, t in enumerate(doc.get("tasks") or []):
        path = [str(p) for p in t.get("path") or [str(order + 1)]]
        if path_key(path) in seen:
            path = [*path, f"#{order + 1}"]  # a duplicate number in the source
        task = Task.objects.create(plan=plan, path=path, order=order, source={**task_fields(t), "units": units_of(t)},
                                   **task_fields(t))
        seen.add(task.path_key)
        set_mentions(task, units_of(t), resolver)
    record(user, "plan.import", plan, after={**plan.snapshot(), "tasks": plan.tasks.count(), "source": source_name})
    return plan


def import_plan(user, government, uploaded) -> Plan:
    doc, rel = read_plan_file(uploaded)
    if not doc.get("tasks"):
        raise PlanError("未能从该文件中识别出编号的工作任务:请确认这是一份工作计划/要点,或换一种格式(如 .docx)再试。")
    return create_plan_from_document(user, government, doc, source_name=uploaded.name, source_path=rel)


def reimport_plan(user, plan: Plan, uploaded) -> dict:
    doc, rel = read_plan_file(uploaded)
    return _reimport(user, plan, doc, uploaded.name, rel)


def reimport_stored(user, plan: Plan, rel: str, name: str, confirm: bool = False) -> dict:
    """Re-import a revision already stored (the confirmation step after NeedsConfirmation)."""
    path = (Path(settings.MEDIA_ROOT) / rel).resolve()
    root = Path(settings.MEDIA_ROOT).resolve() / "plans"
    if root not in path.parents or not path.is_file():
        raise PlanError("找不到刚才上传的修订稿,请重新上传。")
    try:
        doc = parse_file(path)
    except Exception as exc:  # a parser bug must not become a 500 page
        raise PlanError(f"无法解析该文件:{exc.__class__.__name__}。") from exc
    return _reimport(user, plan, doc, name, rel, confirm)


def _reimport(user, plan, doc, name, rel, confirm=False) -> dict:
    if not doc.get("tasks"):
        raise PlanError("新文件中未识别出任何工作任务,计划未作改动。")
    return reimport_document(user, plan, doc, source_name=name, source_path=rel, confirm=confirm)


# ---------------------------------------------------------------- edits

@transaction.atomic
def update_task(user, task: Task, data: dict) -> Task:
    """data: heading, title, text, deadlines (list), targets (list), units {role: [names]}."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = task.snapshot()
    revise(user, task, "人工修改")
    cur = current_fields(task)
    source = task.source or cur
    edited = set(task.edited or [])
    for k in ("heading", "title", "text", "deadlines", "targets", "units"):
        if k in data and data[k] != cur[k]:  # a hand correction: kept over later re-imports
            (edited.add if data[k] != source.get(k, cur[k]) else edited.discard)(k)
            if k != "units":
                setattr(task, k, data[k])
    task.source, task.edited = source, sorted(edited)
    task.revision += 1
    task.save()
    if "units" in data and data["units"] != cur["units"]:
        set_mentions(task, data["units"], Resolver(task.plan.government))
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
    """“添加到单位名录”: create the unit (the name as written kept as its alias when it differs)
    and resolve every mention of that name in the plan."""
    government = mention.task.plan.government
    aliases = list(data.get("aliases") or [])
    if mention.raw_name != data["name"] and mention.raw_name not in aliases:
        aliases.append(mention.raw_name)
    unit = directory_services.create_unit(user, government, {**data, "aliases": aliases})
    resolve_name(user, mention.task.plan, mention.raw_name, unit=unit)
    mention.refresh_from_db()
    return mention


def settle_mentions(user, plan: Plan, threshold: float = 0.8) -> None:
    """Every unresolved name: the directory's best suggestion when it scores `threshold` or more,
    else a new unit of that name (the demos' plans; the office does this by hand on the review page)."""
    resolver = Resolver(plan.government)
    for m in unresolved_mentions(plan):
        s = resolver.suggest(m.raw_name)
        if s and s[0][1] >= threshold:
            resolve_mention(user, m, unit=s[0][0])
        else:
            add_unit_for_mention(user, m, {"name": m.raw_name, "kind": "other"})
            resolver = Resolver(plan.government)


def unitless_tasks(plan: Plan):
    """Tasks that name no unit at all: publishing them makes no assignment (warned first)."""
    return plan.tasks.filter(removed=False, mentions__isnull=True).order_by("order")


@transaction.atomic
def publish(user, plan: Plan, confirm_unitless: bool = False) -> dict:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        raise PlanError("该计划已发布。")
    pending = list(unresolved_mentions(plan))
    if pending:
        names = "、".join(sorted({m.raw_name for m in pending}))
        raise PlanError(f"还有 {len(pending)} 处单位未确认({names}):请先在审核页确认或添加到单位名录。")
    if not plan.tasks.filter(removed=False).exists():
        raise PlanError("计划中没有任务,不能发布。")
    unitless = list(unitless_tasks(plan))
    if unitless and not confirm_unitless:
        labels = "、".join(t.label for t in unitless[:10]) + ("等" if len(unitless) > 10 else "")
        raise PlanError(f"有 {len(unitless)} 项任务没有责任单位({labels}),发布后不会分派给任何单位:"
                        f"请补充单位,或勾选确认后再发布。")
    before = plan.snapshot()
    plan.status = Plan.PUBLISHED
    plan.published_at = timezone.now()
    plan.save()
    counts = sync_assignments(plan)
    counts.pop("with_reports", None)
    record(user, "plan.publish", plan, before=before,
           after={**plan.snapshot(), "assignments": counts, "unitless_tasks": [t.label for t in unitless]})
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
