"""Report submission and review. Each public function is one transaction with an audit entry."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fazhiweb.audit.services import record
from fazhiweb.core.clock import milestones
from fazhiweb.core.files import EvidenceError, Staging
from fazhiweb.core.notify import RETURNED, notify_unit
from fazhiweb.core.workflow import Conflict, Flow, WorkflowError
from fazhiweb.plans.models import Assignment
from fazhiweb.progress.models import STATUS_LABELS, Evidence, Report, ReportEvent

ReportError = WorkflowError  # user-facing message (Simplified Chinese)
ReportConflict = Conflict  # someone else changed the report since the user loaded it
REPORT_FLOW = Flow.load(Path(__file__).with_name("report_flow.json"), "report_flow", model=Report,
                        event_model=ReportEvent, event_fk="report", version_field="lock_version",
                        audit_prefix="report.")


def _as_version(value) -> int | None:
    """A version number sent back by a form or API client; None when absent."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError("版本号无效,请刷新页面后重试。") from None


def current_version(assignment: Assignment) -> int:
    """The assignment's current report version (0 when none): what a new report is based on."""
    last = assignment.latest_report()
    return last.version if last is not None else 0


def figures_for(assignment: Assignment, values: dict[int, object]) -> list[dict]:
    out = []
    for i, t in enumerate(assignment.task.targets or []):
        raw = values.get(i)
        if raw in (None, ""):
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValidationError(f"指标“{t.get('text') or i + 1}”的完成值必须是数字。") from None
        out.append({"index": i, "text": t.get("text"), "value": int(value) if value.is_integer() else value,
                    "unit": t.get("unit"), "target": t.get("value"), "op": t.get("op")})
    return out


def report_data(post) -> dict:
    """The report form's fields from a POST (page or API): status, text, percent, reason and
    the `figure_N` inputs as {N: value}."""
    return {
        "status": post.get("status", ""), "text": post.get("text", ""), "percent": post.get("percent", ""),
        "reason": post.get("reason", ""),
        "milestones": post.getlist("milestones") if hasattr(post, "getlist") else post.get("milestones") or [],
        "figures": {int(k[7:]): v for k, v in post.items() if k.startswith("figure_") and k[7:].isdigit()},
    }


def _clean(assignment: Assignment, data: dict) -> dict:
    """The report's fields, checked: 已完成 means 100% and ticks every milestone."""
    status = data.get("status")
    if status not in STATUS_LABELS:
        raise ValidationError("请选择进展状态。")
    try:
        percent = int(data.get("percent") or 0)
    except (TypeError, ValueError):
        raise ValidationError("完成百分比必须是 0–100 的整数。") from None
    if not 0 <= percent <= 100:
        raise ValidationError("完成百分比必须是 0–100 的整数。")
    if not (data.get("text") or "").strip():
        raise ValidationError("请填写工作进展。")
    if status == "cannot_finish" and not (data.get("reason") or "").strip():
        raise ValidationError("选择“无法按期完成”时必须说明原因。")
    keys = [m.key for m in milestones(assignment.task.deadlines, assignment.task.plan.default_deadline)]
    if status == "done":
        percent, ticked = 100, keys
    else:
        wanted = set(data.get("milestones") or [])
        ticked = [k for k in keys if k in wanted]
    return {"status": status, "percent": percent, "text": data["text"].strip(),
            "reason": (data.get("reason") or "").strip(), "milestones": ticked,
            "figures": figures_for(assignment, data.get("figures") or {})}


def submit_report(user, assignment: Assignment, data: dict, files=(), token: str | None = None,
                  base_version=None, draft: bool = False, remove=()) -> Report:
    """Save the unit's report on `assignment` and (unless `draft`) submit it for review.

    data: status, text, percent, reason, figures {index: value}, milestones [keys]. The unit's
    open draft is updated in place; otherwise a new version starts, carrying over the previous
    version's evidence except the files in `remove` (evidence ids). Files are checked before any
    write; rows and file links are made in one transaction. A repeated token returns the report
    already made by it. base_version: the assignment's current report version the user saw (0:
    none); when another version appeared meanwhile, ReportConflict is raised and nothing written."""
    base_version = _as_version(base_version)
    if token:
        existing = Report.objects.filter(token=token).first()
        if existing is not None:
            if existing.assignment_id != assignment.pk:
                raise ReportError("表单令牌无效,请刷新页面后重新填写。")
            return existing
    fields = _clean(assignment, data)
    try:
        with Staging(files) as st, transaction.atomic():
            a = Assignment.objects.select_for_update().select_related("task__plan").get(pk=assignment.pk)
            if not (a.active and a.task.plan.is_published):
                raise ReportError("该分工已失效或计划未发布,不能报送。")
            last = a.reports.order_by("-version").first()
            if base_version is not None and base_version != (last.version if last else 0):
                raise ReportConflict()
            if last is not None and last.state == Report.SUBMITTED:
                raise ReportError("上一版本正在审核中:请等待审核结果,或先撤回再修改。")
            reopened = last is not None and last.state == Report.DRAFT
            state = Report.DRAFT if draft or reopened else Report.SUBMITTED
            report = _draft(user, a, last, fields, token, state,
                            {int(x) for x in remove or [] if str(x).isdigit()})
            for row in st.rows():
                Evidence.objects.create(report=report, **row)
            st.commit()
            if reopened and not draft:  # the open draft goes through the flow's submit step
                report = REPORT_FLOW.run(user, report, "submit", None, audit_after=report.snapshot())
            else:  # a new version starts in its state: its first event
                action = "save" if draft else "submit"
                REPORT_FLOW.start(user, report, action)
                record(user, f"report.{action}", report, government=a.task.plan.government,
                       after=report.snapshot())
    except EvidenceError as exc:
        raise ReportError(str(exc)) from exc
    except IntegrityError:
        if token and (existing := Report.objects.filter(token=token).first()):
            return existing
        if base_version is not None:
            raise ReportConflict() from None
        raise ReportError("该报告已提交过,请勿重复提交。") from None
    return report


def _draft(user, a: Assignment, last: Report | None, fields: dict, token, state: str, remove: set[int]) -> Report:
    """The unit's open draft with `fields`: the last version if it is a draft, else a new version
    carrying over the last version's evidence (minus `remove`)."""
    if last is not None and last.state == Report.DRAFT:
        for k, v in fields.items():
            setattr(last, k, v)
        last.token = token or last.token
        last.full_clean(validate_unique=False, validate_constraints=False)
        last.save()
        last.evidence.filter(pk__in=remove).delete()
        return last
    report = Report(assignment=a, version=(last.version + 1 if last else 1), state=state,
                    token=token or None, submitted_by=user, **fields)
    report.full_clean(validate_unique=False, validate_constraints=False)
    report.save()
    if last is not None:
        for ev in last.evidence.exclude(pk__in=remove):
            Evidence.objects.create(report=report, **{f: getattr(ev, f) for f in CARRIED})
    return report


CARRIED = ("sha256", "path", "original_name", "content_type", "size")


def withdraw_report(user, report: Report, lock_version=None) -> Report:
    """The unit takes a submitted report back before review: it becomes a draft again."""
    return REPORT_FLOW.run(user, report, "withdraw", _as_version(lock_version))


def review_report(user, report: Report, action: str, comment: str = "", lock_version=None) -> Report:
    """Accept or return a submitted report, through the workflow helper: of two concurrent
    reviews exactly one wins (version check + conditional update)."""
    if action not in ("accept", "return"):
        raise ReportError("未知的审核操作。")
    def changes():
        return {"review_comment": (comment or "").strip(), "reviewed_by": user, "reviewed_at": timezone.now()}

    with transaction.atomic():
        report = REPORT_FLOW.run(user, report, action, _as_version(lock_version), comment, changes=changes)
        if action == "return":
            task = report.assignment.task
            notify_unit(report.assignment.unit_id, RETURNED, f"报告被退回:{task.label} {task.short}",
                        reverse("progress:report", args=[report.pk]), f"returned:{report.pk}")
    return report
