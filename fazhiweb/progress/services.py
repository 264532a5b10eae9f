"""Report submission and review. Each public function is one transaction with an audit entry."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhiweb.audit.services import record
from fazhiweb.plans.models import Assignment
from fazhiweb.progress.files import EvidenceError, commit_all, forget, row_fields, stage_all
from fazhiweb.progress.models import STATUS_LABELS, Evidence, Report


class ReportError(Exception):
    """User-facing message (Simplified Chinese)."""


CONFLICT_MESSAGE = "该报告已被他人修改,请刷新后重试。"


class ReportConflict(ReportError):
    """Someone else changed the report (or the assignment's current report) since the user loaded it."""

    def __init__(self, message: str = CONFLICT_MESSAGE):
        super().__init__(message)


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
        "figures": {int(k[7:]): v for k, v in post.items() if k.startswith("figure_") and k[7:].isdigit()},
    }


def submit_report(user, assignment: Assignment, data: dict, files=(), token: str | None = None,
                  base_version=None) -> Report:
    """data: status, text, percent, reason, figures {index: value}. Files are checked before any
    write; the rows and the file links are made in one transaction. A repeated token returns the
    report already created by it.

    base_version: the assignment's current report version the user saw (0: none yet); when given and
    another report was submitted meanwhile, ReportConflict is raised and nothing is written.

    Evidence files are moved into place inside the transaction and removed again if it rolls back,
    so a committed Evidence row always has its file; a crash before commit leaves at most an
    unreferenced file (content-addressed, harmless)."""
    base_version = _as_version(base_version)
    if token:
        existing = Report.objects.filter(token=token).first()
        if existing is not None:
            if existing.assignment_id != assignment.pk:
                raise ReportError("表单令牌无效,请刷新页面后重新填写。")
            return existing
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
    figures = figures_for(assignment, data.get("figures") or {})

    try:
        staged = stage_all(files)
    except EvidenceError as exc:
        raise ReportError(str(exc)) from exc

    created_files: list[Path] = []
    try:
        with transaction.atomic():
            a = Assignment.objects.select_for_update().select_related("task__plan").get(pk=assignment.pk)
            if not (a.active and a.task.plan.is_published):
                raise ReportError("该分工已失效或计划未发布,不能报送。")
            last = a.reports.order_by("-version").first()
            if base_version is not None and base_version != (last.version if last else 0):
                raise ReportConflict()
            if last is not None and last.state == Report.SUBMITTED:
                raise ReportError("上一版本正在审核中,请等待审核结果后再报送。")
            report = Report(
                assignment=a, version=(last.version + 1 if last else 1), status=status,
                reason=(data.get("reason") or "").strip(), text=data["text"].strip(), percent=percent,
                figures=figures, token=token or None, submitted_by=user,
            )
            report.full_clean(validate_unique=False, validate_constraints=False)
            report.save()
            for s in staged:
                Evidence.objects.create(report=report, **row_fields(s))
            created_files = commit_all(staged)
            record(user, "report.submit", report, government=a.task.plan.government, after=report.snapshot())
    except IntegrityError:
        forget(created_files)
        if token and (existing := Report.objects.filter(token=token).first()):
            return existing
        if base_version is not None:
            raise ReportConflict() from None
        raise ReportError("该报告已提交过,请勿重复提交。") from None
    except BaseException:
        forget(created_files)
        raise
    finally:
        for s in staged:
            s.discard()
    return report


def review_report(user, report: Report, action: str, comment: str = "", lock_version=None) -> Report:
    """Accept or return a submitted report. lock_version: the report's lock_version the reviewer saw;
    when given and the report changed since, ReportConflict is raised. The change itself is a
    conditional UPDATE on the lock version, so of two concurrent reviews exactly one wins."""
    lock_version = _as_version(lock_version)
    with transaction.atomic():
        current = Report.objects.select_for_update().select_related("assignment__task__plan").get(pk=report.pk)
        if lock_version is None:
            lock_version = current.lock_version
        elif lock_version != current.lock_version:
            raise ReportConflict()
        if current.state != Report.SUBMITTED:
            raise ReportError("该报告已审核,不能重复审核。")
        comment = (comment or "").strip()
        if action == "accept":
            state = Report.ACCEPTED
        elif action == "return":
            if not comment:
                raise ReportError("退回时必须填写意见。")
            state = Report.RETURNED
        else:
            raise ReportError("未知的审核操作。")
        changes = {"state": state, "review_comment": comment, "reviewed_by": user, "reviewed_at": timezone.now()}
        won = Report.objects.filter(pk=current.pk, lock_version=lock_version, state=Report.SUBMITTED).update(
            lock_version=lock_version + 1, **changes)
        if not won:
            raise ReportConflict()
        for field, value in changes.items():
            setattr(current, field, value)
        current.lock_version = lock_version + 1
        record(user, f"report.{action}", current, government=current.assignment.task.plan.government,
               before={"state": Report.SUBMITTED}, after={"state": current.state, "comment": comment})
    return current
