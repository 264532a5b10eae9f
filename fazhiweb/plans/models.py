"""Plans, their tasks, the unit mentions found in each task, and the assignments made on publish."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fazhiweb.core.clock import milestones


def path_key(path: list[str]) -> str:
    return "/".join(path)


class PlanQuerySet(models.QuerySet):
    def current(self):
        """Plans of the running years: archived plans stay readable, exportable and public, but
        leave reminders, the supervision board and the home pages."""
        return self.filter(archived_at__isnull=True)


class Plan(models.Model):
    DRAFT = "draft"
    PUBLISHED = "published"
    STATUSES = [(DRAFT, "草稿"), (PUBLISHED, "已发布")]

    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="plans")
    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=STATUSES, default=DRAFT)
    default_deadline = models.DateField("默认完成时限", null=True, blank=True)
    source_name = models.CharField("源文件名", max_length=255, blank=True)
    source_path = models.CharField("源文件存储位置", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField("导入版次", default=1)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    objects = PlanQuerySet.as_manager()
    # how the permission table (core.permissions) reaches government, unit and plan
    government_path = "government_id"
    plan_path = ""

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "计划"
        verbose_name_plural = "计划"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def snapshot(self) -> dict:
        return {"title": self.title, "year": self.year, "status": self.status,
                "default_deadline": self.default_deadline, "revision": self.revision,
                "archived_at": self.archived_at}


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    path = models.JSONField("编号路径", default=list)
    path_key = models.CharField(max_length=120)
    order = models.PositiveIntegerField(default=0)
    heading = models.CharField("章节", max_length=200, blank=True)
    title = models.CharField("任务标题", max_length=300, blank=True)
    text = models.TextField("任务内容", blank=True)
    deadlines = models.JSONField("完成时限", default=list, blank=True)  # [{date, text, recurring}]
    targets = models.JSONField("量化指标", default=list, blank=True)  # [{value, unit, op, text}]
    removed = models.BooleanField("已从计划中删除", default=False)
    revision = models.PositiveIntegerField(default=1)
    # Re-import merges, never overwrites (plans.reimport): the fields as the source document last
    # gave them, the fields the office corrected by hand since, and the corrections whose source
    # text changed meanwhile, waiting for the office's decision ({field: {old, new, edited}}).
    source = models.JSONField("导入原文", default=dict, blank=True)
    edited = models.JSONField("人工修改的字段", default=list, blank=True)
    pending = models.JSONField("待决定的修改", default=dict, blank=True)
    government_path = "plan__government_id"
    plan_path = "plan"

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "path_key"], name="task_unique_path")]
        verbose_name = "任务"
        verbose_name_plural = "任务"

    def __str__(self) -> str:
        return f"{self.label} {self.title or self.text[:30]}"

    def save(self, *args, **kwargs):
        self.path_key = path_key(self.path)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return "".join(self.path)

    @property
    def short(self) -> str:
        return self.title or (self.text[:40] + ("…" if len(self.text) > 40 else ""))

    def milestones(self):
        """The task's dated deadlines as the one clock applies them today (core.clock)."""
        return milestones(self.deadlines, self.plan.default_deadline)

    def due_date(self) -> dt.date | None:
        """The completion deadline: the last milestone (or the plan's catch-all)."""
        stones = self.milestones()
        return stones[-1].date if stones else None

    def deadline_text(self) -> str:
        out = []
        for m in self.milestones():
            note = "(计划兜底)" if m.source == "plan" else "(每年)" if m.recurring else ""
            out.append(f"{m.date.isoformat()}{note}")
        return "、".join(out)

    def targets_text(self) -> str:
        return "；".join(
            f"{t.get('text') or ''}({t.get('op') or ''}{t.get('value')}{t.get('unit') or ''})"
            for t in self.targets or []
        )

    def snapshot(self) -> dict:
        return {
            "path": self.path,
            "heading": self.heading,
            "title": self.title,
            "text": self.text,
            "deadlines": self.deadlines,
            "targets": self.targets,
            "removed": self.removed,
            "units": [
                {"role": m.role, "raw": m.raw_name, "unit": m.unit.name if m.unit_id else None,
                 "group": m.group.name if m.group_id else None}
                for m in self.mentions.select_related("unit", "group").all()
            ] if self.pk else [],
        }


ROLES = [("lead", "牵头单位"), ("responsible", "责任单位"), ("support", "配合单位")]
ROLE_LABELS = dict(ROLES)


class TaskUnitMention(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField("角色", max_length=16, choices=ROLES)
    raw_name = models.CharField("原文名称", max_length=200)
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions")
    group = models.ForeignKey("directory.UnitGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions")
    order = models.PositiveIntegerField(default=0)
    government_path = "task__plan__government_id"
    plan_path = "task__plan"

    class Meta:
        ordering = ["task", "role", "order", "id"]
        verbose_name = "单位提及"
        verbose_name_plural = "单位提及"

    def clean(self):
        if self.unit_id and self.group_id:
            raise ValidationError("一个提及只能对应单位或分组之一。")

    @property
    def resolved(self) -> bool:
        return bool(self.unit_id or self.group_id)

    def __str__(self) -> str:
        return f"{self.get_role_display()}:{self.raw_name}"


class Assignment(models.Model):
    """One unit's duty on one task in one role. Created by publishing."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=16, choices=ROLES)
    active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    government_path = "task__plan__government_id"
    unit_path = "unit_id"
    plan_path = "task__plan"

    class Meta:
        ordering = ["task__order", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "role"], name="assignment_unique")
        ]
        verbose_name = "分工"
        verbose_name_plural = "分工"

    def clean(self):
        if self.unit.government_id != self.task.plan.government_id:
            raise ValidationError("单位不属于该计划所在政府。")

    def __str__(self) -> str:
        return f"{self.task.label} {self.unit} {self.get_role_display()}"

    def latest_report(self):
        return self.reports.order_by("-version").first()


class TaskRevision(models.Model):
    """A snapshot of a task before a change (edit or re-import)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    reason = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "number"]
        constraints = [models.UniqueConstraint(fields=["task", "number"], name="revision_unique")]
