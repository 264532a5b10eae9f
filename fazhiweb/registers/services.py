"""Changing the registers. Each public function runs one transaction and ends with the audit
entry; a case's steps (登记, 修改, 受理, 中止, 审结, …) go through the one workflow helper with
the kind's states and transitions read from its data file."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F

from fazhi import registers as core
from fazhi.errors import FazhiError
from fazhi.registers.sheet import SheetRecord
from fazhi.registers.values import format_value
from fazhiweb.accounts.models import Government
from fazhiweb.audit.services import record as audit
from fazhiweb.core import services as core_services
from fazhiweb.core.files import EvidenceError, row_fields, store_with
from fazhiweb.core.permissions import membership, require
from fazhiweb.core.workflow import Flow, Transition, WorkflowError
from fazhiweb.registers import filing
from fazhiweb.registers.models import Case, CaseEvent, CaseFile, ImportMapping, RegisterSettings
from fazhiweb.registers.queries import calendar, known_unit_names, record_of, settings_of


class FormErrors(WorkflowError):
    """Field errors of a case form: {field name: message}."""

    def __init__(self, errors: dict):
        super().__init__("；".join(errors.values()))
        self.errors = errors


@functools.cache
def flow(kind_name: str) -> Flow:
    """The workflow of one kind: its states and transitions from the data file, plus `edit`
    (any state; the state is then recomputed from the values)."""
    kind = core.load_kind(kind_name)
    states = [(s["name"], s["label"]) for s in kind.states]
    every = tuple(name for name, _ in states)
    steps = {
        t.name: Transition(t.name, t.label, every if "*" in t.sources else t.sources, t.to, t.permission)
        for t in kind.transitions
    }
    steps["edit"] = Transition("edit", "修改", every, kind.initial_state, "register.edit")
    return Flow(model=Case, states=states, transitions=steps, event_model=CaseEvent, event_fk="case",
                audit_prefix="register.")


def case_fields(kind, government_id: int, values: dict, flags: list[str], known: set[str]) -> dict:
    """The columns a case's values decide: ref, state, unit as written, flags (also used by the
    province generator, which writes rows in bulk)."""
    ref = str(values.get(kind.key) or "").strip()
    unit_name = str(values.get(kind.unit_field) or "").strip() if kind.unit_field else ""
    unknown = bool(unit_name) and unit_name not in known
    flags = list(dict.fromkeys(flags))
    if unknown:
        note = f"单位“{unit_name}”不在本级单位名录中,已按原文保留"
        if note not in flags:
            flags.append(note)
    return {"ref": ref, "ref_key": core.key_of(ref), "values": core.to_json(kind, values),
            "state": kind.state_of(values), "unit_name": unit_name, "unit_unknown": unknown, "flags": flags}


def _clash(government_id: int, kind, ref_key: str, exclude: int | None = None) -> bool:
    qs = Case.objects.filter(government_id=government_id, kind=kind.name, ref_key=ref_key)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


def _owner_unit(user, unit):
    """A liaison enters cases for their own unit only; the office for any unit or the government."""
    m = membership(user)
    if m is not None and m.is_liaison:
        return m.unit
    return unit


# -- one case -----------------------------------------------------------------------------------


def _merged(kind, record: dict, raw: dict, settings: dict):
    """(values, errors, flags): the record with a form's texts applied, cleaned as an import
    cleans a row — the whole record, since a form may send only some fields (a step's)."""
    texts = {f.name: format_value(f, record.get(f.name)) for f in kind.fields}
    return core.clean(kind, {**texts, **raw}, calendar(), settings)


def create_case(user, government: Government, kind_name: str, raw: dict, unit=None) -> Case:
    """登记: a case typed into the kind's form (the same parsing and checks as an import)."""
    kind = core.load_kind(kind_name)
    unit = _owner_unit(user, unit)
    require(user, "register.edit", Case(government=government, unit=unit))
    values, errors, flags = _merged(kind, {}, raw, settings_of(government.pk))
    fields = case_fields(kind, government.pk, values, flags, known_unit_names(government.pk))
    if not errors and _clash(government.pk, kind, fields["ref_key"]):
        errors[kind.key] = f"{kind.field(kind.key).label}“{fields['ref']}”已登记"
    if errors:
        raise FormErrors(errors)
    with transaction.atomic():
        case = Case.objects.create(government=government, kind=kind.name, unit=unit, **fields)
        flow(kind.name).start(user, case, "create")
        audit(user, "register.create", case, government=government, after=case.snapshot())
        filing.sync(user, case)  # filed with the government above: the item in its 备案审查 register
    return case


def edit_case(user, case: Case, raw: dict, version) -> Case:
    """修改: new values for the fields the form sends; the state follows the values."""
    kind = core.load_kind(case.kind)
    require(user, "register.edit", case)
    merged, errors, flags = _merged(kind, record_of(kind, case), raw, settings_of(case.government_id))
    fields = case_fields(kind, case.government_id, merged, flags, known_unit_names(case.government_id))
    if not errors and _clash(case.government_id, kind, fields["ref_key"], exclude=case.pk):
        errors[kind.key] = f"{kind.field(kind.key).label}“{fields['ref']}”已登记"
    if errors:
        raise FormErrors(errors)
    changed = sorted(k for k, v in fields["values"].items() if case.values.get(k) != v)
    with transaction.atomic():
        case = flow(kind.name).run(user, case, "edit", version, changes=fields,
                                   audit_after={"changed": {k: fields["values"][k] for k in changed}})
        filing.sync(user, case)
    return case


def take_step(user, case: Case, action: str, raw: dict, version, comment: str = "", uploads=None) -> Case:
    """A transition of the kind (受理, 中止, 延期审理, 审结 …): its gate, then the fields it sets,
    and any files sent with it, kept with the step (checked as add_files checks them)."""
    kind = core.load_kind(case.kind)
    settings = settings_of(case.government_id)
    record = record_of(kind, case)
    step = next((t for t in kind.transitions if t.name == action), None)
    if step is None:
        raise WorkflowError("未知的操作。")
    if step not in kind.transitions_from(record, case.state, settings):
        raise WorkflowError(f"当前不能{step.label}:前置条件未满足。")
    merged, errors, flags = _merged(kind, record, {k: raw.get(k, "") for k in step.sets}, settings)
    for name in step.sets:  # a step is recorded by its dates; the other fields may stay empty
        if kind.field(name).type == "date" and merged.get(name) is None and not errors.get(name):
            errors[name] = f"请填写{kind.field(name).label}"
    if errors:
        raise FormErrors(errors)
    fields = case_fields(kind, case.government_id, merged, flags, known_unit_names(case.government_id))
    fields.pop("state")  # the transition's target state

    def write(staged=()):
        done = flow(kind.name).run(user, case, action, version, comment=comment, changes=fields,
                                   audit_after={"set": {k: fields["values"][k] for k in step.sets}})
        filing.sync(user, done)
        if staged:  # the step's documents (决定书, 送达回证 …) kept with the step, in the same transaction
            _file_rows(user, done, step_of(kind, step), staged)
        return done

    uploads = list(uploads or [])
    if not uploads:
        with transaction.atomic():
            return write()
    try:
        return store_with(uploads, write)
    except EvidenceError as exc:
        raise FormErrors({"files": str(exc)}) from exc


# -- files ------------------------------------------------------------------------------------------


def step_names(kind) -> dict[str, str]:
    """What a file may be kept with: {name: label} of the kind's ordered steps, then its transitions."""
    names = {s.name: s.label for s in kind.steps}
    for t in kind.transitions:
        names.setdefault(t.name, t.label)
    return names


def step_of(kind, transition) -> str:
    """Where a transition's files are kept: the step whose date the transition records (决定 → 集体讨论决定),
    else the transition itself."""
    sets = set(transition.sets)
    return next((s.name for s in kind.steps if s.date in sets), transition.name)


def add_files(user, case: Case, uploads, step: str = "") -> list[CaseFile]:
    """Files kept with a case or one of its steps: checked as report evidence is (type by content,
    size and count caps), stored with their rows and the audit entry in one transaction."""
    require(user, "register.edit", case)
    step = (step or "").strip()
    if step and step not in step_names(core.load_kind(case.kind)):
        raise FormErrors({"files": "未知的步骤。"})
    uploads = list(uploads or [])
    if not uploads:
        raise FormErrors({"files": "请选择要上传的文件。"})

    try:
        return store_with(uploads, lambda staged: _file_rows(user, case, step, staged))
    except EvidenceError as exc:
        raise FormErrors({"files": str(exc)}) from exc


def _file_rows(user, case: Case, step: str, staged) -> list[CaseFile]:
    rows = [CaseFile.objects.create(case=case, step=step, uploaded_by=user, **row_fields(f)) for f in staged]
    audit(user, "register.file_add", case, government=Government(pk=case.government_id),
          after={"step": step, "files": [{"name": r.original_name, "sha256": r.sha256} for r in rows]})
    return rows


@transaction.atomic
def remove_file(user, row: CaseFile) -> None:
    """The row goes (with its audit entry); the stored content stays, as other rows may share it."""
    case = row.case
    require(user, "register.edit", case)
    before = {"step": row.step, "name": row.original_name, "sha256": row.sha256}
    row.delete()
    audit(user, "register.file_remove", case, government=Government(pk=case.government_id), before=before)


# -- settings -------------------------------------------------------------------------------------


def save_settings(user, government: Government, values: dict) -> RegisterSettings:
    """本级口径: a government's parameters and definition overrides, checked by the core first."""
    require(user, "register.settings", government)
    if not isinstance(values, dict):
        raise FormErrors({"values": "设置应为 JSON 对象:{台账类型: {参数: 值}}"})
    problems = []
    for name, own in values.items():
        if name not in core.kind_names():
            problems.append(f"未知的台账类型 {name}")
            continue
        problems.extend(core.check_settings(core.load_kind(name), {name: own or {}}))
    if problems:
        raise FormErrors({"values": "；".join(problems)})
    return core_services.save_settings(user, RegisterSettings, government, values, "register.settings")


# -- import ---------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    kind: object
    sheet: object  # core.SheetImport
    plan: object | None = None  # core.MergePlan
    stored: bool = False
    errors: list = field(default_factory=list)  # core.RowError, sheet errors and ownership clashes

    @property
    def ok(self) -> bool:
        return not self.errors and self.sheet.header_row is not None

    def summary(self) -> str:
        if self.plan is None:
            return "未导入"
        s = self.plan.summary()
        verb = "已导入" if self.stored else "可导入"
        flagged = sum(1 for r in self.sheet.records if r.flags)
        return (f"{verb}{self.kind.label}:新增 {s['新增']} 件,更新 {s['更新']} 件,未变 {s['未变']} 件"
                f"(其中 {flagged} 件有提示)")


def saved_mapping(government, unit, kind_name: str) -> dict:
    row = ImportMapping.objects.filter(government=government, unit=unit, kind=kind_name).first()
    return dict(row.mapping) if row else {}


def import_sheet(user, government: Government, kind_name: str, path: str | Path, *, unit=None,
                 mapping: dict | None = None, dry_run: bool = False) -> ImportOutcome:
    """Import an office's own Excel 台账: all or nothing; a case already registered (same 案号/文号,
    however bracketed) is updated in place. `user` None: the command line (the system)."""
    kind = core.load_kind(kind_name)
    if user is not None:
        unit = _owner_unit(user, unit)
        require(user, "register.import", government)
    remembered = saved_mapping(government, unit, kind.name)
    answers = {**remembered, **(mapping or {})}
    settings = settings_of(government.pk)
    known = known_unit_names(government.pk)
    sheet = core.read_sheet(kind, path, answers or None, known_units=known, calendar=calendar(),
                            settings=settings)
    outcome = ImportOutcome(kind, sheet, errors=list(sheet.errors))
    if sheet.header_row is None:
        return outcome
    existing = {c.ref: c for c in Case.objects.filter(government=government, kind=kind.name)}
    outcome.errors.extend(_ownership_errors(kind, sheet, existing, unit, user))
    outcome.plan = core.merge(kind, {ref: record_of(kind, c) for ref, c in existing.items()}, sheet)
    if not outcome.ok or dry_run:
        return outcome
    flags = {core.key_of(r.values.get(kind.key)): r.flags for r in sheet.records}
    with transaction.atomic():
        _store(user, government, kind, unit, outcome.plan, existing, flags, known)
        if mapping:
            ImportMapping.objects.update_or_create(government=government, unit=unit, kind=kind.name,
                                                   defaults={"mapping": answers})
        audit(user, "register.import", government=government, object_type="registers.case",
              object_id=kind.name, after={"kind": kind.name, "unit": unit.name if unit else None,
                                          "sheet": sheet.sheet, **outcome.plan.summary(),
                                          "created": [str(v.get(kind.key)) for v in outcome.plan.created],
                                          "updated": [k for k, _, _ in outcome.plan.updated]})
    outcome.stored = True
    return outcome


def _ownership_errors(kind, sheet, existing: dict, unit, user) -> list:
    """A liaison's sheet may not overwrite a case another unit (or the government) keeps."""
    m = membership(user) if user is not None else None
    if m is None or not m.is_liaison:
        return []
    by_key = {core.key_of(ref): c for ref, c in existing.items()}
    label = kind.field(kind.key).label
    out = []
    for r in sheet.records:
        case = by_key.get(core.key_of(r.values.get(kind.key)))
        if case is not None and case.unit_id != m.unit_id:
            out.append(core.RowError(r.row, label, f"{label}“{case.ref}”已由其他单位登记,不能覆盖"))
    return out


def _store(user, government, kind, unit, plan, existing: dict, flags: dict, known: set[str]) -> None:
    f = flow(kind.name)
    fresh = [Case(government=government, kind=kind.name, unit=unit,
                  **case_fields(kind, government.pk, values, flags.get(core.key_of(values.get(kind.key)), []),
                                 known))
             for values in plan.created]
    Case.objects.bulk_create(fresh, batch_size=500)
    stored = {c.ref_key: c for c in Case.objects.filter(government=government, kind=kind.name,
                                                         ref_key__in=[c.ref_key for c in fresh])}
    events = [_event(f, stored[c.ref_key], user, "import", "", "导入新增") for c in fresh]
    for ref, values, changed in plan.updated:
        case = existing[ref]
        fields = case_fields(kind, government.pk, values, flags.get(core.key_of(ref), []), known)
        before = case.state
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1, **fields)
        case.state = fields["state"]
        events.append(_event(f, case, user, "import", before, "导入更新:" + "、".join(
            kind.field(n).label for n in changed)))
    CaseEvent.objects.bulk_create(events, batch_size=500)
    if kind.name == filing.SOURCE_KIND:  # documents filed with the government above arrive in its register
        touched = [c.ref_key for c in fresh] + [core.key_of(ref) for ref, _, _ in plan.updated]
        filing.sync_many(user, government,
                         Case.objects.filter(government=government, kind=kind.name, ref_key__in=touched))


def _event(f: Flow, case: Case, user, action: str, before: str, comment: str) -> CaseEvent:
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return CaseEvent(case=case, action=action, from_state=before, to_state=case.state, comment=comment,
                     user=user if authenticated else None,
                     username=user.get_username() if authenticated else "系统")


def store_records(user, government: Government, kind_name: str, records: list[dict], unit=None) -> int:
    """Records made by code (the demo, the province generator) stored as an import stores them."""
    kind = core.load_kind(kind_name)
    known = known_unit_names(government.pk)
    sheet = core.SheetImport(kind.name, "", 1, {f.label: f.name for f in kind.fields}, [],
                             records=[SheetRecord(i, r) for i, r in enumerate(records, 1)])
    existing = {c.ref: c for c in Case.objects.filter(government=government, kind=kind.name)}
    plan = core.merge(kind, {ref: record_of(kind, c) for ref, c in existing.items()}, sheet)
    cal, settings = calendar(), settings_of(government.pk)
    flags = {core.key_of(r.get(kind.key)): core.check_record(kind, r, cal, settings)[1] for r in records}
    with transaction.atomic():
        _store(user, government, kind, unit, plan, existing, flags, known)
        audit(user, "register.import", government=government, object_type="registers.case",
              object_id=kind.name, after={"kind": kind.name, "source": "generated", **plan.summary()})
    return len(plan.created) + len(plan.updated)


def write_export(government_id: int, kind_name: str, path, cases=None, public: bool = False) -> Path:
    """The register back to Excel in the kind's columns (reads back to the same records)."""
    kind = core.load_kind(kind_name)
    cases = cases if cases is not None else Case.objects.filter(government_id=government_id, kind=kind.name)
    records = [record_of(kind, c) for c in cases.order_by("id")]
    return core.write_register(kind, records, path, public=public)


def check_file(path: Path) -> None:
    if not Path(path).is_file():
        raise FazhiError(f"找不到文件 {path}。")
