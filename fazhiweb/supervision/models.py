"""督办: notices the office issues to a unit about its assignments, their timeline and evidence;
and the per-day log that keeps reminder e-mails to one a day per liaison."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhiweb.core.models import StoredFile, WorkflowEvent
from fazhiweb.supervision.rules import notice_kinds, notice_states

ISSUED, SIGNED, REPLIED, CLOSED = "issued", "signed", "replied", "closed"
OPEN_STATES = (ISSUED, SIGNED, REPLIED)


class NoticeSteps:
    """What a 督办单 and a 督察 notice (hierarchy.Inspection) share: their number, open and
    overdue rules. The model has `created_at`, `pk`, `state`, `reply_by`."""

    NUMBER_PREFIX = "督办"

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        year = (self.created_at or timezone.now()).year
        return f"{self.NUMBER_PREFIX}〔{year}〕{self.pk or 0}号"

    @property
    def is_open(self) -> bool:
        return self.state != CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """逾期: past the reply-by date and not closed (销号)."""
        return self.is_open and (today or timezone.localdate()) > self.reply_by


class Notice(NoticeSteps, models.Model):
    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="notices")
    assignments = models.ManyToManyField("plans.Assignment", related_name="notices", verbose_name="督办事项")
    kind = models.CharField("督办类型", max_length=16, choices=notice_kinds)
    reason = models.TextField("督办事由")
    reply_by = models.DateField("反馈期限")
    state = models.CharField("状态", max_length=16, choices=notice_states, default=ISSUED)
    version = models.PositiveIntegerField("版本", default=1)
    reply_text = models.TextField("最新反馈", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("下发时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # notices issued together to several units (one numbered notice each) share a batch
    batch = models.UUIDField("同批下发", null=True, blank=True, db_index=True)

    government_path = "government_id"
    unit_path = "unit_id"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["government", "state"]), models.Index(fields=["unit", "state"])]
        verbose_name = "督办单"
        verbose_name_plural = "督办单"

    def snapshot(self) -> dict:
        return {"unit": self.unit_id, "kind": self.kind, "reason": self.reason, "reply_by": self.reply_by,
                "state": self.state, "version": self.version}


class NoticeEvent(WorkflowEvent):
    """One step of a notice: issue, sign, reply, close (销号) or return (退回整改)."""

    ACTION_LABELS = {"issue": "下发", "sign": "签收", "reply": "反馈", "close": "销号办结", "return": "退回整改"}

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"


class NoticeEvidence(StoredFile):
    """A file attached to a reply; stored like progress evidence (content-addressed, type-checked)."""

    event = models.ForeignKey(NoticeEvent, on_delete=models.PROTECT, related_name="evidence")
    government_path = "event__notice__government_id"
    unit_path = "event__notice__unit_id"

    class Meta(StoredFile.Meta):
        verbose_name = "督办佐证材料"
        verbose_name_plural = "督办佐证材料"


class ReminderLog(models.Model):
    """One row per liaison and day a digest was sent: a second run that day sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField("提醒日期")
    items = models.PositiveIntegerField("事项数", default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="reminder_once_a_day")]
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
