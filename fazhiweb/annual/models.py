"""The annual 法治政府建设 report of a government (unit empty) or of one department (unit set).

The report's text is the pure core's Draft as JSON (`data`, fazhi.annual.model.Draft.to_dict):
figures stay tokens carrying their value, so approving freezes them by keeping the tokens
as they are; every saved change is a Version; every publication a PublicVersion (never
overwritten: a change after publication is a new one, marked 发布后修改).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.annual.model import Draft


class AnnualReport(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # a department's report, sent to its government
    APPROVED = "approved"
    PUBLISHED = "published"
    STATES = [(DRAFT, "起草中"), (SUBMITTED, "已报送本级政府"), (APPROVED, "已审定"), (PUBLISHED, "已公开")]

    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("报告年度")
    state = models.CharField("状态", max_length=16, choices=STATES, default=DRAFT)
    data = models.JSONField("报告内容", default=dict)
    lock_version = models.PositiveIntegerField("修改版本号", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    # The 保密 review of the approved text, required before publishing; cleared by any change.
    secrecy_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    secrecy_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    secrecy_note = models.TextField("保密审查意见", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)

    government_path = "government_id"
    unit_path = "unit_id"

    class Meta:
        ordering = ["-year", "unit__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["government", "year"], condition=models.Q(unit__isnull=True),
                                    name="annual_one_government_report"),
            models.UniqueConstraint(fields=["government", "unit", "year"], condition=models.Q(unit__isnull=False),
                                    name="annual_one_department_report"),
        ]
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"

    def __str__(self) -> str:
        return self.data.get("title") or f"{self.year}年度报告"

    @property
    def draft(self) -> Draft:
        return Draft.from_dict(self.data)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("annual:report", args=[self.pk])

    @property
    def author_name(self) -> str:
        return self.unit.name if self.unit_id else self.government.name

    @property
    def is_department(self) -> bool:
        return self.unit_id is not None

    def snapshot(self) -> dict:
        return {"year": self.year, "unit": self.unit_id, "state": self.state, "title": self.data.get("title")}


class Version(models.Model):
    """One saved state of the report's text: who changed what (a part, an approval, figures)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("报告内容")
    what = models.CharField("修改内容", max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    government_path = "report__government_id"
    unit_path = "report__unit_id"

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="annual_version_unique")]

    @property
    def draft(self) -> Draft:
        return Draft.from_dict(self.data)


class Dispatch(models.Model):
    """Where the office sent the report (报送对象), as it records it."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="dispatches")
    recipient = models.CharField("报送对象", max_length=200)
    sent_on = models.DateField("报送日期")
    copy = models.BooleanField("抄送", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    government_path = "report__government_id"
    unit_path = "report__unit_id"

    class Meta:
        ordering = ["sent_on", "id"]


class PublicVersion(models.Model):
    """What the public page shows: the approved text with marked passages dropped. Kept forever;
    a change after the first publication is a new number with `amended` set (发布后修改)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="public_versions")
    number = models.PositiveIntegerField("公开版本号")
    title = models.CharField("标题", max_length=300)
    text = models.TextField("公开文本")
    html = models.TextField("公开网页")
    amended = models.BooleanField("发布后修改", default=False)
    note = models.CharField("修改说明", max_length=300, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField("公开时间")

    government_path = "report__government_id"

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="annual_public_version_unique")]


class AnnualSettings(models.Model):
    """A government's local rules for its annual report, in the core's settings form (the
    overrides of fazhi.annual.settings: {"audit": {...}, "layout": {...}}), plus the earlier
    报送 date its province sets ({"local_due": "MM-DD"})."""

    government = models.OneToOneField("accounts.Government", on_delete=models.CASCADE, related_name="+")
    values = models.JSONField("本级设置", default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    government_path = "government_id"

    class Meta:
        verbose_name = "年度报告设置"
        verbose_name_plural = "年度报告设置"


def settings_of(government_id: int) -> dict:
    row = AnnualSettings.objects.filter(government_id=government_id).first()
    return dict(row.values) if row else {}


def overrides_of(government_id: int) -> dict:
    """The core's overrides (fazhi.annual.settings) without the local 报送 date."""
    return {k: v for k, v in settings_of(government_id).items() if k != "local_due"}


def local_due(government_id: int, year: int) -> str | None:
    """The province's earlier 报送 date for the report on `year` (YYYY-MM-DD), if set."""
    mmdd = settings_of(government_id).get("local_due")
    return f"{year + 1}-{mmdd}" if mmdd else None
