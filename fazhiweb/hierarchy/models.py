"""The government above: 督察 notices to a lower government, and lower governments' annual
reports as the upper office holds them (uploaded files, read and kept with their document JSON).

Neither model has a `government` field: each stands between two governments (issuer and target,
holder and subject), so the permission table's rules name which side may do what
(core.permissions: inspection.*, hierarchy.*), not the single-government check."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.db import models

from fazhiweb.core.models import StoredFile, WorkflowEvent
from fazhiweb.supervision.models import CLOSED, ISSUED, NoticeEvent, NoticeSteps
from fazhiweb.supervision.rules import notice_kinds

RULES_FILE = Path(__file__).with_name("rules.json")
__all__ = ["CLOSED", "ISSUED", "Inspection", "InspectionEvent", "ReportDocument"]


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def inspection_states() -> list[tuple[str, str]]:
    return [(s["code"], s["label"]) for s in rules()["inspection_flow"]["states"]]


class Inspection(NoticeSteps, models.Model):
    """A 督察 notice from an upper government's office to a lower government's office."""

    NUMBER_PREFIX = "督察"

    issuer = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+",
                               verbose_name="下发政府")
    target = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+",
                               verbose_name="督察对象")
    kind = models.CharField("督察类型", max_length=16, choices=notice_kinds)  # the kinds of 督办
    reason = models.TextField("督察事项")
    reply_by = models.DateField("反馈期限")
    state = models.CharField("状态", max_length=16, choices=inspection_states, default=ISSUED)
    version = models.PositiveIntegerField("版本", default=1)
    reply_text = models.TextField("最新反馈", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("下发时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    batch = models.UUIDField("同批下发", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target", "state"]), models.Index(fields=["issuer", "state"])]
        verbose_name = "督察通知"
        verbose_name_plural = "督察通知"

    def snapshot(self) -> dict:
        return {"issuer": self.issuer_id, "target": self.target_id, "kind": self.kind, "reason": self.reason,
                "reply_by": self.reply_by, "state": self.state, "version": self.version}


class InspectionEvent(WorkflowEvent):
    ACTION_LABELS = NoticeEvent.ACTION_LABELS  # the same steps as a 督办 notice

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = "督察记录"
        verbose_name_plural = "督察记录"


class ReportDocument(StoredFile):
    """A lower government's annual report as a file the upper office uploaded: stored by content
    hash, read once, its document JSON and text kept for the comparison and coverage pages."""

    holder = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+",
                               verbose_name="上传政府")
    subject = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+",
                                verbose_name="报告政府")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=300, blank=True)
    issued = models.DateField("发布日期", null=True, blank=True)
    doc = models.JSONField("文档 JSON", default=dict)
    text = models.TextField("正文", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta(StoredFile.Meta):
        indexes = [models.Index(fields=["subject", "year"])]
        verbose_name = "下级年度报告"
        verbose_name_plural = "下级年度报告"

    def snapshot(self) -> dict:
        return {"subject": self.subject_id, "year": self.year, "title": self.title, "file": self.original_name,
                "sha256": self.sha256}
