"""Installation-wide reference data."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Holiday(models.Model):
    """A day whose working status the office sets by hand, for years the statutory holiday
    package (chinesecalendar) does not cover yet: a holiday (is_workday False) or an
    adjusted working weekend day (is_workday True). Source: the State Council's yearly
    notice on holiday arrangements (国务院办公厅关于某年部分节假日安排的通知)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", default=False)
    name = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"

    def snapshot(self) -> dict:
        return {"date": self.date.isoformat(), "is_workday": self.is_workday, "name": self.name}


class StoredFile(models.Model):
    """The one stored-file model: an uploaded file kept under MEDIA_ROOT by content hash
    (core.files). Concrete kinds (report evidence, notice evidence, …) add their owner."""

    sha256 = models.CharField(max_length=64, db_index=True)
    path = models.CharField("存储位置", max_length=255)  # relative to MEDIA_ROOT
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class WorkflowEvent(models.Model):
    """One step of an object with states (core.workflow): who moved it from which state to which,
    when, and why. Concrete kinds add the foreign key to their object."""

    action = models.CharField("操作", max_length=16)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    comment = models.TextField("说明", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("操作人", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    ACTION_LABELS: dict[str, str] = {}  # action → label, per kind

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)


class Notification(models.Model):
    """One item of a user's unread list (the header count, the 待阅 page and the e-mail digest):
    a new notice, a returned report, a leader's comment, an item due soon. `key` keeps one row per
    user and thing (a notice notified twice, a due item chased on several days)."""

    NOTICE, RETURNED, COMMENT, DUE = "notice", "returned", "comment", "due"
    KINDS = [(NOTICE, "新督办单"), (RETURNED, "报告被退回"), (COMMENT, "领导批示"), (DUE, "即将到期")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=16, choices=KINDS)
    text = models.CharField("内容", max_length=200)
    url = models.CharField("链接", max_length=200, blank=True)
    key = models.CharField(max_length=80)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    mailed_at = models.DateTimeField("邮件提醒时间", null=True, blank=True)  # in one digest, not every day

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = "待阅消息"
        verbose_name_plural = "待阅消息"


class Comment(models.Model):
    """A leader's 批示 on a task, a unit or a notice: shown to the office and to the unit concerned.
    The target is named by kind and id (core stands below the apps that own those records)."""

    TARGETS = {"task": "plans.Task", "unit": "directory.Unit", "notice": "supervision.Notice"}
    KIND_LABELS = {"task": "任务", "unit": "单位", "notice": "督办单"}

    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    target_kind = models.CharField("批示对象", max_length=16, choices=list(KIND_LABELS.items()))
    target_id = models.PositiveIntegerField()
    # the unit concerned (a unit, a notice's unit); a task's units are those assigned to it
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("批示内容")
    created_at = models.DateTimeField("批示时间", auto_now_add=True)

    government_path = "government_id"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_kind", "target_id"])]
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"

    def snapshot(self) -> dict:
        return {"target_kind": self.target_kind, "target_id": self.target_id, "unit": self.unit_id,
                "text": self.text}
