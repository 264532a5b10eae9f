"""Case registers (台账): one Case model for every kind. A kind (行政复议, 行政应诉, 规范性文件, …)
is a data file read by the pure-Python core `fazhi.registers`; a case keeps its field values in
one JSON column in the core's JSON form (fazhi.registers.to_json)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhiweb.core.models import StoredFile, WorkflowEvent


class Case(models.Model):
    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("台账类型", max_length=32)
    # The unit that keeps the case (enters and edits it); None: the government itself (its office).
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="register_cases")
    ref = models.CharField("案号/文号", max_length=200)  # as written
    ref_key = models.CharField(max_length=200)  # fazhi.registers.key_of(ref): brackets written alike
    values = models.JSONField("字段", default=dict)
    state = models.CharField("状态", max_length=16)
    version = models.PositiveIntegerField("版本", default=1)
    # The kind's unit field (被申请人, 被告, 制定机关) as written, and whether the directory knows it.
    unit_name = models.CharField("单位(原文)", max_length=200, blank=True)
    unit_unknown = models.BooleanField("单位不在名录中", default=False)
    flags = models.JSONField("提示", default=list, blank=True)  # deadlines missed, unknown options, …
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    government_path = "government_id"
    unit_path = "unit_id"

    class Meta:
        ordering = ["kind", "-id"]
        constraints = [models.UniqueConstraint(fields=["government", "kind", "ref_key"],
                                               name="register_case_unique_ref")]
        indexes = [models.Index(fields=["government", "kind", "state"]), models.Index(fields=["unit", "kind"])]
        verbose_name = "台账案件"
        verbose_name_plural = "台账案件"

    def __str__(self) -> str:
        return self.ref

    def snapshot(self) -> dict:
        return {"kind": self.kind, "ref": self.ref, "unit": self.unit_id, "state": self.state,
                "values": self.values, "unit_name": self.unit_name}


class CaseEvent(WorkflowEvent):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    # The fields the step changed: {field: [before, after]} (JSON form).
    changes = models.JSONField(default=dict, blank=True)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "台账记录变更"
        verbose_name_plural = "台账记录变更"


class RegisterSettings(models.Model):
    """A government's local rules for its registers, in the core's settings form:
    {kind name: {param: value, "definitions": {key: {...}}}} (fazhi.registers.check_settings)."""

    government = models.OneToOneField("accounts.Government", on_delete=models.CASCADE, related_name="+")
    values = models.JSONField("本级口径设置", default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    government_path = "government_id"

    class Meta:
        verbose_name = "台账口径设置"
        verbose_name_plural = "台账口径设置"


class ImportMapping(models.Model):
    """A unit's answers on the mapping screen ({header as written: field name or ""}), used for
    its next import of the same kind. unit None: imports owned by the government itself."""

    government = models.ForeignKey("accounts.Government", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    government_path = "government_id"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["government", "unit", "kind"], name="register_mapping_unique")]


class FilingLink(models.Model):
    """A lower government's 规范性文件 (a normative_doc case) filed with the government above, and
    the item it became in that government's 备案审查 register (a filing_review case). The lower
    government reads the outcome through this link; it never reaches the upper register itself."""

    source = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="filing")
    review = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="filed_from")
    created_at = models.DateTimeField(auto_now_add=True)

    government_path = "source__government_id"

    class Meta:
        verbose_name = "报送备案关联"
        verbose_name_plural = "报送备案关联"


class CaseFile(StoredFile):
    """A file kept with a case (决策文件, 审查意见书, 会议纪要, …), optionally with one of its
    steps: a step of the kind's ordered steps (重大行政决策: `review`, `discussion`, …) or one of
    its transitions; empty: the case as a whole. Stored like progress report evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    step = models.CharField("步骤", max_length=32, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    government_path = "case__government_id"
    unit_path = "case__unit_id"

    class Meta(StoredFile.Meta):
        indexes = [models.Index(fields=["case", "step"])]
        verbose_name = "台账案件文件"
        verbose_name_plural = "台账案件文件"
