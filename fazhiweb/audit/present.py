"""The audit log for people: each entry's object by its Chinese name and a label a person knows
(报告 · 一(二) · 县司法局 · 第2版), and its before/after as field-level changes under the models'
Chinese field names (verbose_name), codes shown as their labels. Read-only: entries are never
changed here; objects are looked up in one query per type for a whole page."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from fazhiweb.audit.services import ACTION_LABELS

# Object types that are not models (or whose model's name reads oddly in a log), and keys of
# snapshots that are not model fields.
PSEUDO_TYPES = {"directory": "单位名录", "supervision.reminder": "到期提醒", "auth.user": "用户",
                "accounts.membership": "用户账号"}
EXTRA_FIELDS = {
    "assignments": "督办事项", "evidence": "佐证材料", "units": "单位", "comment": "说明", "username": "用户名",
    "full_name": "姓名", "email": "电子邮箱", "is_active": "在用", "sent": "已提醒", "created": "新增",
    "updated": "更新", "deactivated": "失效", "tasks": "任务数", "source": "源文件", "added": "新增任务",
    "changed": "修改任务", "removed": "删除任务", "unchanged": "未变任务", "user": "用户", "members": "成员单位",
    "date": "日期", "unit": "单位", "parent": "上级政府", "text": "内容", "target_kind": "批示对象",
    "target_id": "对象编号",
}
FOLD_AT = 80  # characters: longer values are folded on the page


def type_label(object_type: str) -> str:
    if object_type in PSEUDO_TYPES:
        return PSEUDO_TYPES[object_type]
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


# -- labels -----------------------------------------------------------------------------------

def _report(r) -> str:
    a = r.assignment
    return f"{a.task.label} · {a.unit.name} · 第{r.version}版"


def _assignment(a) -> str:
    return f"{a.task.label} · {a.unit.name} · {a.get_role_display()}"


def _notice(n) -> str:
    return f"{n.number} · {n.unit.name}"


def _member(m) -> str:
    return f"{m.user.username}" + (f"({m.user.first_name})" if m.user.first_name else "")


# object_type → (select_related paths, label function); other models use str(obj)
LABELERS: dict[str, tuple[tuple[str, ...], Callable]] = {
    "progress.report": (("assignment__task", "assignment__unit"), _report),
    "plans.assignment": (("task", "unit"), _assignment),
    "plans.task": ((), lambda t: f"{t.label} {t.short}"),
    "plans.taskunitmention": (("task",), lambda m: f"{m.task.label} · {m.raw_name}"),
    "supervision.notice": (("unit",), _notice),
    "accounts.membership": (("user",), _member),
    "accounts.government": (("parent",), lambda g: g.path),
    "accounts.apitoken": (("user",), lambda t: f"{t.user.username} 的接口令牌"),
    "core.holiday": ((), lambda h: f"{h.date.isoformat()} {h.name}".strip()),
    "core.comment": (("unit",), lambda c: f"{c.get_target_kind_display()}批示" + (f" · {c.unit.name}" if c.unit else "")),
}


def _snapshot_label(entry) -> str:
    """For an object gone from the database (a deleted holiday day, ...): its last snapshot."""
    snap = entry.before if isinstance(entry.before, dict) else entry.after if isinstance(entry.after, dict) else {}
    if snap.get("date"):  # a holiday day
        return f"{snap['date']} {snap.get('name') or ''}".strip()
    for key in ("title", "name", "username"):
        if snap.get(key):
            return str(snap[key])
    return f"#{entry.object_id}" if entry.object_id else ""


def fetch_labels(wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """(object_type, id) → label for every object asked for, one query per type (in chunks)."""
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        model = _model(object_type)
        related, label = LABELERS.get(object_type, ((), str))
        pks = sorted(i for i in ids if i.isdigit())
        for start in range(0, len(pks), 2000):
            for obj in model._default_manager.filter(pk__in=pks[start:start + 2000]).select_related(*related):
                found[(object_type, str(obj.pk))] = label(obj)
    return found


def labels_for(entries) -> dict[int, str]:
    """entry.pk → the object's label, one query per object type on the page."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_id and _model(e.object_type):
            wanted[e.object_type].add(e.object_id)
    found = fetch_labels(wanted)
    out = {}
    for e in entries:
        if e.object_type == "supervision.reminder":
            out[e.pk] = e.object_id
        else:
            out[e.pk] = found.get((e.object_type, e.object_id)) or _snapshot_label(e)
    return out


# -- field changes ----------------------------------------------------------------------------

@dataclass
class Change:
    field: str
    before: str
    after: str

    @property
    def before_long(self) -> bool:
        return len(self.before) > FOLD_AT

    @property
    def after_long(self) -> bool:
        return len(self.after) > FOLD_AT


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def field_label(model, key: str) -> str:
    f = _field(model, key)
    name = str(getattr(f, "verbose_name", "") or "")
    if name and not name.isascii():
        return name
    if f is not None and f.is_relation and f.related_model is not None:  # a key without its own name
        return str(f.related_model._meta.verbose_name)
    return EXTRA_FIELDS.get(key, key)


def _foreign_keys(entries) -> dict[str, set[str]]:
    """The objects that snapshots name by id (a report's assignment, a notice's unit), by type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        model = _model(e.object_type)
        for snap in (e.before, e.after):
            for key, value in (snap.items() if isinstance(snap, dict) else ()):
                f = _field(model, key)
                if f is not None and f.many_to_one and isinstance(value, int):
                    wanted[f.related_model._meta.label_lower].add(str(value))
    return wanted


def show(value, f=None, related: dict | None = None) -> str:
    """A stored value as a person reads it: choice labels, 是/否, lists joined with 、, objects
    by their label (from `related`, see fetch_labels) instead of their id."""
    if value is None or value == "" or value == []:
        return "—"
    if f is not None and f.many_to_one and isinstance(value, int):
        return (related or {}).get((f.related_model._meta.label_lower, str(value)), f"#{value}")
    if f is not None and getattr(f, "choices", None) and not isinstance(value, list | dict):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "、".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return ";".join(f"{k}:{show(v)}" for k, v in value.items())
    return str(value)


def changes(entry, related: dict | None = None) -> list[Change]:
    """The fields that differ between before and after (all of them on a creation or deletion)."""
    model = _model(entry.object_type)
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    if not before and not after:
        extra = entry.after if entry.after is not None else entry.before
        return [Change("内容", "—", show(extra))] if extra is not None else []
    out = []
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        if before and after and b == a:
            continue
        f = _field(model, key)
        change = Change(field_label(model, key), show(b, f, related) if key in before else "—",
                        show(a, f, related) if key in after else "—")
        if change.before == change.after:  # empty on both sides of a creation or deletion
            continue
        out.append(change)
    return out


@dataclass
class Row:
    entry: object
    action: str
    type_label: str
    label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def object_text(self) -> str:
        return " · ".join(p for p in (self.type_label, self.label) if p)


def rows(entries) -> list[Row]:
    entries = list(entries)
    labels = labels_for(entries)
    related = fetch_labels(_foreign_keys(entries))
    return [Row(e, ACTION_LABELS.get(e.action, e.action), type_label(e.object_type), labels.get(e.pk, ""),
                changes(e, related)) for e in entries]


def change_text(row: Row) -> str:
    """All of an entry's changes on one line each (the spreadsheet's cell)."""
    return "\n".join(f"{c.field}:{c.before} → {c.after}" for c in row.changes)
