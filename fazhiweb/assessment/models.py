"""Indicator systems (考核 and 示范创建), rounds, scores, appeals and 示范 self-checks.

A system is imported from the office's own table through the parser (`fazhi parse`), one
version per year and kind; its rows are `Indicator`s. A `Round` scores the units of one
government against one system; each unit is a `Participant` with one `Score` per leaf
indicator that applies to its category.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhiweb.core.models import StoredFile, WorkflowEvent

SOURCES = [("manual", "人工评分"), ("register", "台账数据"), ("ledger", "工作台账")]
SECTIONS = [("base", "基础指标"), ("bonus", "加分项"), ("veto", "一票否决")]
COMMON = "共性"


class IndicatorSystem(models.Model):
    ASSESSMENT = "assessment"
    DEMONSTRATION = "demonstration"
    KINDS = [(ASSESSMENT, "考核指标体系"), (DEMONSTRATION, "示范指标体系")]

    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=KINDS, default=ASSESSMENT)
    year = models.PositiveIntegerField("年度")
    revision = models.PositiveIntegerField("版次", default=1)
    title = models.CharField("名称", max_length=200)
    total_points = models.FloatField("基础分", null=True, blank=True)
    warnings = models.JSONField("读取提示", default=list, blank=True)
    source_name = models.CharField("源文件名", max_length=255, blank=True)
    source_path = models.CharField("源文件存储位置", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    government_path = "government_id"

    class Meta:
        ordering = ["-year", "-revision", "-id"]
        constraints = [models.UniqueConstraint(fields=["government", "kind", "year", "revision"],
                                               name="indicator_system_version")]
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"

    def __str__(self) -> str:
        return self.title

    def snapshot(self) -> dict:
        return {"title": self.title, "kind": self.kind, "year": self.year, "revision": self.revision,
                "total_points": self.total_points}


class Indicator(models.Model):
    """One node of a system's tree. Leaves are scored; a top-level node's `set_name` says
    whether it is 共性 (all units) or one 个性 set (units of the categories mapped to it)."""

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    section = models.CharField("部分", max_length=8, choices=SECTIONS, default="base")
    order = models.PositiveIntegerField(default=0)
    number = models.CharField("序号", max_length=20)  # 1, 1.2, 1.2.3 — its place in the tree
    name = models.TextField("指标")
    points = models.FloatField("分值", null=True, blank=True)
    points_own = models.BooleanField("本办自定权重", default=False)  # the issuer published none
    criteria = models.TextField("评分标准", blank=True)
    rule = models.JSONField("评分规则", null=True, blank=True)
    evidence = models.TextField("佐证材料", blank=True)
    assessor = models.CharField("考核单位(原文)", max_length=200, blank=True)
    assessor_unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="考核单位")
    set_name = models.CharField("指标集", max_length=100, default=COMMON)
    is_leaf = models.BooleanField(default=True)
    cap = models.FloatField("加分上限", null=True, blank=True)  # a bonus block's cap
    source = models.CharField("数据来源", max_length=16, choices=SOURCES, default="manual")
    key = models.CharField("数据项", max_length=80, blank=True)  # a register figure key or a ledger key
    government_path = "system__government_id"

    class Meta:
        ordering = ["system", "order"]
        verbose_name = "指标"
        verbose_name_plural = "指标"

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def bound(self) -> bool:
        return self.source != "manual" and bool(self.key)


class CategorySet(models.Model):
    """A unit category's 个性 set, and the points that set counts for (its written total is
    rescaled to `weight`: 个性 tables are often written out of 100)."""

    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="category_sets")
    category = models.CharField("考核对象类别", max_length=50)
    set_name = models.CharField("个性指标集", max_length=100, blank=True)
    weight = models.FloatField("折算分值", null=True, blank=True)
    government_path = "system__government_id"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "category"], name="category_set_unique")]


class Round(models.Model):
    system = models.ForeignKey(IndicatorSystem, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField("考核名称", max_length=200)
    state = models.CharField("状态", max_length=16, default="open")
    version = models.PositiveIntegerField(default=1)
    grade_rules = models.JSONField("等次规则", default=dict)
    scored_at = models.DateTimeField("数据评分时间", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    government_path = "system__government_id"

    class Meta:
        ordering = ["-id"]
        verbose_name = "考核"
        verbose_name_plural = "考核"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == "published"


class RoundEvent(WorkflowEvent):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        pass


class Participant(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+")
    # A lower government assessed by this one (its unit above is that government's entry in this
    # government's directory, Government.unit): its figures come from its own registers and
    # ledger, and its office sees its standing, self-assesses and appeals.
    government = models.ForeignKey("accounts.Government", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="下级政府")
    category = models.CharField("类别", max_length=50)
    self_note = models.TextField("自评说明", blank=True)
    self_submitted_at = models.DateTimeField("自评报送时间", null=True, blank=True)
    veto = models.BooleanField("一票否决", default=False)
    veto_reason = models.TextField("否决事由", blank=True)
    total = models.FloatField("总分", null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    grade = models.CharField("等次", max_length=20, blank=True)
    government_path = "round__system__government_id"
    unit_path = "unit_id"
    lower_government_path = "government_id"  # the assessed lower government reaches it too (access.py)

    class Meta:
        ordering = ["rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="participant_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class Score(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    self_points = models.FloatField("自评得分", null=True, blank=True)
    self_note = models.TextField("自评说明", blank=True)
    figure = models.FloatField("数据值", null=True, blank=True)
    auto_points = models.FloatField("按数据计分", null=True, blank=True)
    auto_text = models.CharField("计分依据", max_length=200, blank=True)
    records = models.JSONField("数据所计记录", default=list, blank=True)  # 案号/文号 behind a register figure
    points = models.FloatField("得分", null=True, blank=True)
    reason = models.TextField("扣分理由", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    scored_at = models.DateTimeField(null=True, blank=True)
    report_evidence = models.ManyToManyField("progress.Evidence", blank=True, related_name="+",
                                             verbose_name="引用的进展佐证材料")
    version = models.PositiveIntegerField(default=1)
    government_path = "participant__round__system__government_id"
    unit_path = "participant__unit_id"
    lower_government_path = "participant__government_id"

    class Meta:
        ordering = ["indicator__order"]
        constraints = [models.UniqueConstraint(fields=["participant", "indicator"], name="score_unique")]

    @property
    def final(self) -> float | None:
        """The points that count: the assessor's, else those from bound data."""
        return self.points if self.points is not None else self.auto_points


class ScoreFile(StoredFile):
    """Evidence a unit adds to an indicator that it holds nowhere else in the ledger."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="files")
    government_path = "score__participant__round__system__government_id"
    unit_path = "score__participant__unit_id"
    lower_government_path = "score__participant__government_id"

    class Meta(StoredFile.Meta):
        pass


class Appeal(models.Model):
    """A unit's one 申诉 against one score; the office decides (复核) through the workflow helper."""

    score = models.OneToOneField(Score, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField("申诉理由")
    state = models.CharField("状态", max_length=16, default="submitted")
    version = models.PositiveIntegerField(default=1)
    points_before = models.FloatField("原得分", null=True, blank=True)
    points_after = models.FloatField("复核得分", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    government_path = "score__participant__round__system__government_id"
    unit_path = "score__participant__unit_id"
    lower_government_path = "score__participant__government_id"

    class Meta:
        ordering = ["-id"]


class AppealEvent(WorkflowEvent):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        pass


class DemoMark(models.Model):
    """The government's own check of one 示范 indicator: met / partly / not met, with evidence."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="mark")
    status = models.CharField("达标情况", max_length=8, blank=True)
    note = models.TextField("说明", blank=True)
    report_evidence = models.ManyToManyField("progress.Evidence", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    government_path = "indicator__system__government_id"


class DemoFile(StoredFile):
    mark = models.ForeignKey(DemoMark, on_delete=models.CASCADE, related_name="files")
    government_path = "mark__indicator__system__government_id"

    class Meta(StoredFile.Meta):
        pass
