"""Directory changes. Each public function is one transaction and writes one audit entry."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhiweb.audit.services import record
from fazhiweb.directory.forms import UnitForm
from fazhiweb.directory.models import Unit, UnitGroup

COLUMNS = ["单位全称", "简称", "别名(、分隔)", "类型", "所属分组"]


class DirectoryImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _save_unit(government, unit: Unit | None, data: dict) -> Unit:
    unit = unit or Unit(government=government)
    unit.name = data["name"]
    unit.short_name = data.get("short_name", "")
    unit.kind = data.get("kind") or "dept"
    unit.aliases = list(data.get("aliases") or [])
    unit.full_clean(validate_unique=False)
    unit.save()
    if "groups" in data:
        wanted = []
        for gname in data["groups"]:
            group = UnitGroup.objects.filter(government=government, name=gname).first()
            if group is None:
                group = UnitGroup(government=government, name=gname)
                group.full_clean(validate_unique=False)
                group.save()
            wanted.append(group)
        for g in unit.groups.all():
            if g not in wanted:
                g.members.remove(unit)
        for g in wanted:
            g.members.add(unit)
    return unit


@transaction.atomic
def create_unit(user, government, data: dict) -> Unit:
    unit = _save_unit(government, None, data)
    record(user, "unit.create", unit, after=unit.snapshot())
    return unit


@transaction.atomic
def update_unit(user, unit: Unit, data: dict) -> Unit:
    before = unit.snapshot()
    unit = _save_unit(unit.government, unit, data)
    record(user, "unit.update", unit, before=before, after=unit.snapshot())
    return unit


@transaction.atomic
def save_group(user, government, group: UnitGroup | None, data: dict) -> UnitGroup:
    before = group.snapshot() if group else None
    group = group or UnitGroup(government=government)
    group.name = data["name"]
    group.aliases = list(data.get("aliases") or [])
    group.full_clean(validate_unique=False)
    group.save()
    members = data.get("members")
    if members is not None:
        bad = [u for u in members if u.government_id != government.pk]
        if bad:
            raise ValidationError("成员单位不属于本政府。")
        group.members.set(members)
    record(user, "group.update" if before else "group.create", group, before=before, after=group.snapshot())
    return group


@transaction.atomic
def add_alias(user, entry, alias: str):
    """Remember `alias` as another name of a unit or group (checked against every other name
    of the directory: ValidationError on a clash)."""
    before = entry.snapshot()
    entry.aliases = [*entry.aliases, alias.strip()]
    entry.full_clean(validate_unique=False)
    entry.save(update_fields=["aliases"])
    kind = "unit" if isinstance(entry, Unit) else "group"
    record(user, f"{kind}.update", entry, before=before, after=entry.snapshot())
    return entry


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def import_directory_xlsx(user, government, fileobj) -> dict:
    """Create/update units from an .xlsx; all or nothing. Raises DirectoryImportError."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a bad file
        raise DirectoryImportError(["无法读取该文件:请上传 Excel(.xlsx)格式的单位名录。"]) from exc
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise DirectoryImportError(["表格为空。"])
    header = [_cell(c) for c in rows[0]]
    if not header or header[0] != "单位全称":
        raise DirectoryImportError([f"第1行应为表头:{'、'.join(COLUMNS)}。"])
    errors: list[str] = []
    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        seen: set[str] = set()
        for i, row in enumerate(rows[1:], start=2):
            cells = [_cell(c) for c in row] + [""] * 5
            if not any(cells[:5]):
                continue
            kind_label = cells[3] or "部门"
            form = UnitForm(
                data={
                    "name": cells[0],
                    "short_name": cells[1],
                    "aliases": cells[2],
                    "kind": Unit.KIND_BY_LABEL.get(kind_label, kind_label),
                    "groups": cells[4],
                }
            )
            if not form.is_valid():
                for field, errs in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    errors.append(f"第{i}行 {label}:{'；'.join(errs)}")
                continue
            data = form.cleaned_data
            if data["name"] in seen:
                errors.append(f"第{i}行:单位“{data['name']}”重复出现。")
                continue
            seen.add(data["name"])
            existing = Unit.objects.filter(government=government, name=data["name"]).first()
            try:
                with transaction.atomic():
                    _save_unit(government, existing, data)
            except ValidationError as exc:
                errors.append(f"第{i}行:{'；'.join(_messages(exc))}")
                continue
            counts["updated" if existing else "created"] += 1
        if errors:
            raise DirectoryImportError(errors)
        record(user, "directory.import", government=government, object_type="directory",
               object_id=government.pk, after=counts)
    return counts


def export_directory_xlsx(government) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "单位名录"
    ws.append(COLUMNS)
    for unit in Unit.objects.filter(government=government).prefetch_related("groups").order_by("kind", "name"):
        ws.append([
            unit.name,
            unit.short_name,
            "、".join(unit.aliases),
            unit.get_kind_display(),
            "、".join(g.name for g in unit.groups.all()),
        ])
    for col, width in zip("ABCDE", (28, 14, 30, 8, 30), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
