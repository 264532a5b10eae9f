"""Progress reports on assignments, their evidence files, and the office's review."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhiweb.core.models import StoredFile, WorkflowEvent

STATUSES = [
    ("not_started", "未启动"),
    ("in_progress", "推进中"),
    ("done", "已完成"),
    ("behind", "滞后"),
    ("cannot_finish", "无法按期完成"),
]
STATUS_LABELS = dict(STATUSES)


class Report(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    STATES = [(DRAFT, "草稿"), (SUBMITTED, "待审核"), (ACCEPTED, "已通过"), (RETURNED, "已退回")]
    # how the permission table (core.permissions) reaches the report's government, unit and plan
    government_path = "assignment__task__plan__government_id"
    unit_path = "assignment__unit_id"
    plan_path = "assignment__task__plan"

    assignment = models.ForeignKey("plans.Assignment", on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveIntegerField("版本")
    status = models.CharField("进展状态", max_length=16, choices=STATUSES)
    reason = models.TextField("原因说明", blank=True)
    text = models.TextField("工作进展")
    percent = models.PositiveSmallIntegerField(
        "完成百分比", validators=[MinValueValidator(0), MaxValueValidator(100)], default=0
    )
    figures = models.JSONField("指标完成值", default=list, blank=True)  # [{index, text, value, unit, target}]
    milestones = models.JSONField("已完成的时间节点", default=list, blank=True)  # milestone keys (core.clock)
    state = models.CharField("审核状态", max_length=16, choices=STATES, default=SUBMITTED)
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    # Optimistic lock: bumped by every change to this row (a conditional UPDATE on the value the
    # user saw), so a second, concurrent change is refused instead of silently overwriting.
    lock_version = models.PositiveIntegerField("修改版本号", default=0)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="report_unique_version"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_max"),
        ]
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"

    def clean(self):
        if self.status == "cannot_finish" and not (self.reason or "").strip():
            raise ValidationError({"reason": "选择“无法按期完成”时必须说明原因。"})
        if self.state == self.RETURNED and not (self.review_comment or "").strip():
            raise ValidationError({"review_comment": "退回时必须填写意见。"})

    def __str__(self) -> str:
        return f"{self.assignment} v{self.version}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def snapshot(self) -> dict:
        return {
            "assignment": self.assignment_id, "version": self.version, "status": self.status,
            "reason": self.reason, "text": self.text, "percent": self.percent,
            "figures": self.figures, "milestones": self.milestones, "state": self.state,
            "review_comment": self.review_comment,
            "evidence": [e.sha256 for e in self.evidence.all()] if self.pk else [],
        }


class Evidence(StoredFile):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")
    government_path = "report__assignment__task__plan__government_id"
    unit_path = "report__assignment__unit_id"
    plan_path = "report__assignment__task__plan"

    class Meta(StoredFile.Meta):
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"


class ReportEvent(WorkflowEvent):
    """One step of a report: save (草稿), submit, withdraw, accept, return."""

    ACTION_LABELS = {"save": "保存草稿", "submit": "报送", "withdraw": "撤回", "accept": "审核通过",
                     "return": "退回修改"}

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = "报告记录"
        verbose_name_plural = "报告记录"
