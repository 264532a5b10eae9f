"""Report submission and review. Each public function is one transaction with an audit entry."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhiweb.audit.services import record
from fazhiweb.plans.models import Assignment
from fazhiweb.progress.files import EvidenceError, stage
from fazhiweb.progress.models import STATUS_LABELS, Evidence, Report


class ReportError(Exception):
    """User-facing message (Simplified Chinese)."""


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


def submit_report(user, assignment: Assignment, data: dict, files=(), token: str | None = None) -> Report:
    """data: status, text, percent, reason, figures {index: value}. Files are checked before any
    write; the rows and the file links are made in one transaction. A repeated token returns the
    report already created by it."""
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

    staged = []
    try:
        for f in files:
            staged.append(stage(f))
    except EvidenceError as exc:
        for s in staged:
            s.discard()
        raise ReportError(str(exc)) from exc

    created_files: list[Path] = []
    try:
        with transaction.atomic():
            a = Assignment.objects.select_for_update().select_related("task__plan").get(pk=assignment.pk)
            if not (a.active and a.task.plan.is_published):
                raise ReportError("该分工已失效或计划未发布,不能报送。")
            last = a.reports.order_by("-version").first()
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
                Evidence.objects.create(report=report, sha256=s.sha256, path=s.rel, original_name=s.original_name,
                                        content_type=s.content_type, size=s.size)
            for s in staged:
                if s.commit():
                    created_files.append(Path(settings.MEDIA_ROOT) / s.rel)
            record(user, "report.submit", report, government=a.task.plan.government, after=report.snapshot())
    except IntegrityError:
        for p in created_files:
            p.unlink(missing_ok=True)
        if token and (existing := Report.objects.filter(token=token).first()):
            return existing
        raise ReportError("该报告已提交过,请勿重复提交。") from None
    except BaseException:
        for p in created_files:
            p.unlink(missing_ok=True)
        raise
    finally:
        for s in staged:
            s.discard()
    return report


@transaction.atomic
def review_report(user, report: Report, action: str, comment: str = "") -> Report:
    report = Report.objects.select_for_update().select_related("assignment__task__plan").get(pk=report.pk)
    if report.state != Report.SUBMITTED:
        raise ReportError("该报告已审核,不能重复审核。")
    comment = (comment or "").strip()
    if action == "accept":
        report.state = Report.ACCEPTED
    elif action == "return":
        if not comment:
            raise ReportError("退回时必须填写意见。")
        report.state = Report.RETURNED
    else:
        raise ReportError("未知的审核操作。")
    before = {"state": Report.SUBMITTED}
    report.review_comment = comment
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save()
    record(user, f"report.{action}", report, government=report.assignment.task.plan.government,
           before=before, after={"state": report.state, "comment": comment})
    return report
