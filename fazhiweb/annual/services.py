"""Changes to annual reports: each function checks the permission table, runs in one
transaction and writes one audit entry. Drafting reads through `inputs.draft_inputs`."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from fazhi.annual import compose, render_html
from fazhi.annual.figures import accept_changes
from fazhi.annual.markup import from_markdown
from fazhi.annual.model import Draft
from fazhiweb.annual.inputs import draft_inputs as _draft_inputs
from fazhiweb.annual.inputs import register_figures, resolve
from fazhiweb.annual.models import (
    AnnualReport,
    AnnualSettings,
    Dispatch,
    PublicVersion,
    Version,
    overrides_of,
)
from fazhiweb.audit.services import record
from fazhiweb.core import services as core_services
from fazhiweb.core.permissions import require
from fazhiweb.core.workflow import Conflict, WorkflowError


class AnnualError(WorkflowError):
    """A user-facing refusal (Simplified Chinese)."""


def draft_inputs(government=None, year: int | None = None, unit=None) -> dict:
    """The composer's inputs for `government` (object or name) and `unit` (object, name or
    None) on `year`: the CLI seam (fazhi.annual.db) and the start page both call this."""
    return _draft_inputs(government, int(year), unit)


def _lock(report: AnnualReport, lock_version) -> None:
    """Refuse a change made on a page loaded before someone else's change."""
    if lock_version is not None and str(lock_version) != str(report.lock_version):
        raise Conflict()


def _save(user, report: AnnualReport, draft: Draft | None, what: str, fields: list[str]) -> Version:
    """Store the new text (if any), bump the lock and keep a version: the caller's transaction."""
    if draft is not None:
        report.data = draft.to_dict()
        fields = [*fields, "data"]
    report.lock_version = F("lock_version") + 1
    report.save(update_fields=[*fields, "lock_version"])
    report.refresh_from_db(fields=["lock_version"])
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Version.objects.create(report=report, number=number, data=report.data, what=what, author=user)


def start_report(user, government, year: int, unit=None) -> AnnualReport:
    """Draft the year's report (the office for its government; a liaison for its own unit)."""
    government, unit = resolve(government, unit)
    probe = AnnualReport(government=government, unit=unit, year=year)
    require(user, "annual.edit", probe)
    if AnnualReport.objects.filter(government=government, unit=unit, year=year).exists():
        raise AnnualError(f"{year}年度报告已经开始起草。")
    inputs = draft_inputs(government, year, unit)
    draft = compose(year, government.name, inputs, unit=unit.name if unit else None,
                    overrides=overrides_of(government.pk))
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(government=government, unit=unit, year=year,
                                                 data=draft.to_dict(), created_by=user)
            Version.objects.create(report=report, number=1, data=report.data, what="按台账和登记簿起草", author=user)
            record(user, "annual.start", report, after=report.snapshot())
    except IntegrityError:
        raise AnnualError(f"{year}年度报告已经开始起草。") from None
    return report


def _reopen(report: AnnualReport) -> list[str]:
    """A change to an approved or published text needs approving (and reviewing) again."""
    if report.state in (AnnualReport.APPROVED, AnnualReport.SUBMITTED, AnnualReport.PUBLISHED) or report.secrecy_at:
        report.state = AnnualReport.DRAFT
        report.approved_at = report.secrecy_at = None
        report.approved_by = report.secrecy_by = None
        report.secrecy_note = ""
        return ["state", "approved_at", "approved_by", "secrecy_at", "secrecy_by", "secrecy_note"]
    return []


def save_part(user, report: AnnualReport, part_key: str, text: str, lock_version=None) -> list[str]:
    """Save one part from the editor's Markdown; returns the messages of tokens naming no
    figure (nothing is saved then)."""
    require(user, "annual.edit", report)
    figures = register_figures(report.government, report.year, report.unit)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _lock(report, lock_version)
        draft = report.draft  # as stored now, not as the caller last read it
        keys = [p.key for p in draft.parts]
        if part_key not in keys:
            raise AnnualError("没有这个部分。")
        old = draft.parts[keys.index(part_key)]
        new, errors = from_markdown(text, old, figures)
        if errors:
            return errors
        if not new.paragraphs:
            raise AnnualError("该部分不能为空:没有内容时请写“待补充”。")
        draft.parts[keys.index(part_key)] = new
        before = report.state
        fields = _reopen(report)
        _save(user, report, draft, f"修改“{old.heading}”", fields)
        record(user, "annual.edit", report, before={"state": before, "part": part_key},
               after={"state": report.state, "part": part_key, "text": text})
    return []


def accept_differences(user, report: AnnualReport, keys: set[str] | None, lock_version=None) -> AnnualReport:
    """Take the registers' current values for `keys` (all changed figures when None)."""
    require(user, "annual.edit", report)
    figures = register_figures(report.government, report.year, report.unit)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _lock(report, lock_version)
        draft = accept_changes(report.draft, figures, keys)
        fields = _reopen(report)
        _save(user, report, draft, "采用登记簿最新数据:" + "、".join(sorted(keys or ["全部"])), fields)
        record(user, "annual.accept_figures", report, after={"keys": sorted(keys or []), "state": report.state})
    return report


def _step(user, report, perm: str, sources: tuple, lock_version, action: str, what: str, **changes):
    require(user, perm, report)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _lock(report, lock_version)
        if report.state not in sources:
            raise AnnualError("报告当前状态不能进行此操作,请刷新页面。")
        before = report.snapshot()
        for k, v in changes.items():
            setattr(report, k, v)
        _save(user, report, None, what, list(changes))
        record(user, action, report, before=before, after=report.snapshot())
    return report


def approve(user, report: AnnualReport, lock_version=None) -> AnnualReport:
    """The leader approves: every figure stays at its value now (a later register change shows
    as a difference to accept)."""
    if report.is_department:
        raise AnnualError("部门报告由部门报送本级政府,不在此审定。")
    return _step(user, report, "annual.approve", (AnnualReport.DRAFT,), lock_version, "annual.approve",
                 "领导审定(数据冻结)", state=AnnualReport.APPROVED, approved_by=user, approved_at=timezone.now())


def submit(user, report: AnnualReport, lock_version=None) -> AnnualReport:
    """A department's liaison sends the report to the government (it becomes a source)."""
    if not report.is_department:
        raise AnnualError("政府年度报告不需要报送本级政府。")
    return _step(user, report, "annual.submit", (AnnualReport.DRAFT,), lock_version, "annual.submit",
                 "报送本级政府", state=AnnualReport.SUBMITTED, submitted_at=timezone.now())


def secrecy_review(user, report: AnnualReport, note: str, lock_version=None) -> AnnualReport:
    note = (note or "").strip()
    if not note:
        raise AnnualError("请填写保密审查意见(如:经审查,公开版不含涉密内容)。")
    return _step(user, report, "annual.publish", (AnnualReport.APPROVED,), lock_version, "annual.secrecy",
                 "保密审查", secrecy_by=user, secrecy_at=timezone.now(), secrecy_note=note[:2000])


def record_dispatch(user, report: AnnualReport, recipient: str, sent_on: dt.date, copy: bool = False) -> Dispatch:
    require(user, "annual.publish", report)
    recipient = (recipient or "").strip()
    if not recipient:
        raise AnnualError("请填写报送对象。")
    if report.state not in (AnnualReport.APPROVED, AnnualReport.PUBLISHED):
        raise AnnualError("报告经领导审定后才能报送。")
    with transaction.atomic():
        d = Dispatch.objects.create(report=report, recipient=recipient[:200], sent_on=sent_on, copy=copy,
                                    recorded_by=user)
        record(user, "annual.dispatch", report, after={"recipient": d.recipient, "sent_on": sent_on, "copy": copy})
    return d


def publish(user, report: AnnualReport, note: str = "", lock_version=None) -> PublicVersion:
    """Publish the approved, reviewed text on the public page: a new public version each time
    (the ones before kept), marked 发布后修改 after the first; internal passages dropped."""
    require(user, "annual.publish", report)
    if report.is_department:
        raise AnnualError("部门报告在部门网站公开,本系统只公开政府年度报告。")
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        _lock(report, lock_version)
        if report.state != AnnualReport.APPROVED:
            raise AnnualError("报告须经领导审定后才能公开。")
        if report.secrecy_at is None:
            raise AnnualError("公开前须完成保密审查。")
        now = timezone.now()
        draft = report.draft
        if not draft.date:
            draft.date = timezone.localdate(now).isoformat()
        number = (report.public_versions.aggregate(n=Max("number"))["n"] or 0) + 1
        pv = PublicVersion.objects.create(
            report=report, number=number, title=draft.title, text="\n".join(draft.text_lines(public=True)),
            html=render_html(draft, public=True), amended=number > 1, note=(note or "").strip()[:300],
            published_by=user, published_at=now)
        report.state = AnnualReport.PUBLISHED
        _save(user, report, draft, f"公开(第{number}版)", ["state"])
        record(user, "annual.publish", report, after={"public_version": number, "amended": pv.amended})
    return pv


# The settings a government may change on its page: (form field, path in the overrides, type, bounds).
SETTINGS_FIELDS = [
    ("local_due", ("local_due",), "mmdd", None),
    ("min_figures", ("audit", "min_figures"), int, (0, 1000)),
    ("min_cases", ("audit", "min_cases"), int, (0, 100)),
    ("repeat_threshold", ("audit", "repeat_threshold"), float, (0.1, 1.0)),
    ("use_fallback", ("layout", "use_fallback"), bool, None),
]


def _setting_value(name: str, raw, kind, bounds):
    raw = "" if raw is None else str(raw).strip()
    if kind is bool:
        return raw in ("1", "on", "true")
    if kind == "mmdd":
        if not raw:
            return None
        try:
            dt.date.fromisoformat(f"2024-{raw}")
        except ValueError:
            raise AnnualError("本地报送日期应写作 MM-DD(如 02-28)。") from None
        return raw
    try:
        value = kind(raw)
    except ValueError:
        raise AnnualError(f"{name} 应为数字。") from None
    if not bounds[0] <= value <= bounds[1]:
        raise AnnualError(f"{name} 应在 {bounds[0]} 到 {bounds[1]} 之间。")
    return value


def save_settings(user, government, data) -> dict:
    """The government's annual-report settings from a form's fields (SETTINGS_FIELDS)."""
    require(user, "annual.settings", government)
    values: dict = {}
    for name, path, kind, bounds in SETTINGS_FIELDS:
        value = _setting_value(name, data.get(name), kind, bounds)
        if value is None:
            continue
        node = values
        for k in path[:-1]:
            node = node.setdefault(k, {})
        node[path[-1]] = value
    core_services.save_settings(user, AnnualSettings, government, values, "annual.settings")
    return values
