"""Changes the upper office makes about lower governments: 督察 notices (issue, and the steps of
the one workflow helper), and uploaded annual reports. One transaction and one audit entry each;
the other government's data version moves too, so both sides' cached pages refresh.

Nothing here writes a lower government's own records: a 督察 notice and an uploaded report are
the upper office's records about a lower government."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from fazhi.errors import FazhiError
from fazhiweb.accounts.models import Government
from fazhiweb.audit.services import bump_data_version, record
from fazhiweb.core.clock import period_end
from fazhiweb.core.clock import today as clock_today
from fazhiweb.core.notify import NOTICE, notify_office
from fazhiweb.core.permissions import require
from fazhiweb.core.workflow import CONFLICT_MESSAGE, Flow, WorkflowError
from fazhiweb.hierarchy.models import (
    RULES_FILE,
    Inspection,
    InspectionEvent,
    ReportDocument,
    rules,
)
from fazhiweb.hierarchy.tree import Lower, below
from fazhiweb.plans.services import PlanError, stage_plan_file
from fazhiweb.supervision.services import NoticeError, step_changes
from fazhiweb.supervision.services import (
    _checked_fields as checked_fields,  # the 督办 form's checks
)


class HierarchyError(Exception):
    """A user-facing message (Simplified Chinese)."""


def _acting_government(obj: Inspection, user) -> int:
    """A step goes into the audit chain of the side that takes it."""
    from fazhiweb.core.permissions import membership

    m = membership(user)
    return m.government_id if m and m.government_id in (obj.issuer_id, obj.target_id) else obj.target_id


FLOW = Flow.load(RULES_FILE, "inspection_flow", model=Inspection, event_model=InspectionEvent,
                 event_fk="inspection", audit_prefix="inspection.", government_of=_acting_government)


def default_reply_by(today: dt.date | None = None) -> dt.date:
    return period_end(today or clock_today(), int(rules()["inspection_reply"]["workdays"]), "workdays")


def issue_inspections(user, targets: list[Lower], kind: str, reason: str, reply_by) -> list[Inspection]:
    """One numbered notice per lower government, one batch, one transaction; each received by
    that government's office (its unread list)."""
    m = require(user, "inspection.issue")
    if not targets:
        raise HierarchyError("请至少选择一个下级政府。")
    for t in targets:
        require(user, "inspection.issue", t)
    try:
        reason, reply_by = checked_fields(kind, reason, reply_by, clock_today())
    except NoticeError as exc:
        raise HierarchyError(str(exc).replace("督办", "督察")) from exc
    batch = uuid.uuid4() if len(targets) > 1 else None
    out = []
    with transaction.atomic():
        issuer = Government.objects.get(pk=m.government_id)
        for t in sorted(targets, key=lambda g: g.path):
            n = Inspection.objects.create(issuer=issuer, target_id=t.pk, kind=kind, reason=reason,
                                          reply_by=reply_by, created_by=user, batch=batch)
            FLOW.start(user, n, "issue", reason)
            record(user, "inspection.issue", n, government=issuer, after=n.snapshot())
            bump_data_version(t.pk)
            notify_office(t.pk, NOTICE, f"上级督察 {n.number}({issuer.name}):{reason[:40]}",
                          reverse("hierarchy:inspection", args=[n.pk]), f"inspection:{n.pk}")
            out.append(n)
    return out


def transition(user, n: Inspection, action: str, version, comment: str = "") -> Inspection:
    """sign / reply (the lower office), close / return (the issuing office)."""
    if version in (None, ""):
        raise HierarchyError(CONFLICT_MESSAGE)
    changes = step_changes(FLOW, action, comment)
    try:
        with transaction.atomic():
            done = FLOW.run(user, n, action, version, comment, (), changes)
            other = done.issuer_id if _acting_government(done, user) == done.target_id else done.target_id
            bump_data_version(other)
    except WorkflowError as exc:
        raise HierarchyError(str(exc)) from exc
    if action in ("reply",):
        notify_office(done.issuer_id, NOTICE, f"督察 {done.number} 已反馈", reverse("hierarchy:inspection",
                      args=[done.pk]), f"inspection:{done.pk}:reply:{done.version}")
    if action == "return":
        notify_office(done.target_id, NOTICE, f"督察 {done.number} 被退回整改", reverse("hierarchy:inspection",
                      args=[done.pk]), f"inspection:{done.pk}:return:{done.version}")
    return done


# ---------------------------------------------------------------- annual reports of lower governments

def _read_report(tmp: Path):
    from fazhi.analysis import load

    try:
        return load(tmp)
    except FazhiError as exc:
        raise HierarchyError(str(exc).replace(str(tmp), "该文件").replace(tmp.name, "该文件")) from exc
    except Exception as exc:  # a reader bug must not become a 500 page
        raise HierarchyError(f"无法读取该文件:{exc.__class__.__name__}。请检查文件或换一种格式。") from exc


def upload_report(user, subject: Lower, uploaded, year=None) -> ReportDocument:
    """The upper office files a lower government's annual report (.txt, .docx, .pdf, .ofd, .html,
    .xlsx, .doc): read once, its document JSON and text kept; the file stored by content hash."""
    m = require(user, "hierarchy.upload", subject)
    try:
        tmp, rel = stage_plan_file(uploaded)
    except PlanError as exc:
        raise HierarchyError(str(exc)) from exc
    try:
        loaded = _read_report(tmp)
        if not loaded.lines:
            raise HierarchyError("该文件中没有可读的正文:请上传年度报告的文字版本。")
        doc = loaded.doc
        try:
            year = int(year or doc.get("year") or 0)
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            raise HierarchyError("未能从报告中识别年度:请填写报告年度。")
        issued = None
        if doc.get("issued"):
            try:
                issued = dt.date.fromisoformat(str(doc["issued"])[:10])
            except ValueError:
                issued = None
        rel = "reports/" + rel.split("/", 1)[1]
        final = Path(settings.MEDIA_ROOT) / rel
        size = tmp.stat().st_size
        with transaction.atomic():
            row = ReportDocument.objects.create(
                holder_id=m.government_id, subject_id=subject.pk, year=year, title=(doc.get("title") or "")[:300],
                issued=issued, doc=doc, text="\n".join(loaded.lines), uploaded_by=user,
                sha256=rel.split("/")[-1].split(".")[0], path=rel,
                original_name=os.path.basename(uploaded.name or "report")[:255],
                content_type=getattr(uploaded, "content_type", "") or "application/octet-stream", size=size)
            record(user, "hierarchy.report.upload", row, government=Government(pk=m.government_id),
                   after=row.snapshot())
            final.parent.mkdir(parents=True, exist_ok=True)
            if not final.exists():
                os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return row


def lower_governments(user) -> list[Lower]:
    m = require(user, "hierarchy.view")
    return below(m.government_id)
