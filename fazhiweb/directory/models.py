"""The unit directory of one government: units and group terms standing for sets of units."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fazhiweb.directory.names import normalize


def _clean_list(values) -> list[str]:
    out: list[str] = []
    for v in values or []:
        v = str(v).strip()
        if v and v not in out:
            out.append(v)
    return out


class Unit(models.Model):
    KINDS = [("dept", "部门"), ("town", "乡镇"), ("subdistrict", "街道"), ("other", "其他")]
    KIND_BY_LABEL = {label: key for key, label in KINDS}

    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("单位全称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=16, choices=KINDS, default="dept")
    aliases = models.JSONField("别名", default=list, blank=True)
    active = models.BooleanField("在用", default=True)
    government_path = "government_id"
    unit_path = "id"

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["government", "name"], name="unit_unique_name_per_gov")
        ]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [n for n in [self.name, self.short_name, *self.aliases] if n]

    @property
    def ref(self) -> str:
        """How a form names this entry: unit:ID (groups: group:ID)."""
        return f"unit:{self.pk}"

    def clean(self):
        self.name = (self.name or "").strip()
        self.short_name = (self.short_name or "").strip()
        self.aliases = _clean_list(self.aliases)
        if not self.name:
            raise ValidationError({"name": "单位全称不能为空。"})
        mine = {normalize(n) for n in self.names()}
        others = Unit.objects.filter(government_id=self.government_id).exclude(pk=self.pk)
        for other in others:
            clash = mine & {normalize(n) for n in other.names()}
            if clash:
                raise ValidationError(f"名称“{'、'.join(sorted(clash))}”已被单位“{other.name}”使用。")
        groups = UnitGroup.objects.filter(government_id=self.government_id)
        for g in groups:
            if mine & {normalize(n) for n in g.names()}:
                raise ValidationError(f"名称与分组“{g.name}”重复。")

    def snapshot(self) -> dict:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "active": self.active,
        }


class UnitGroup(models.Model):
    government = models.ForeignKey("accounts.Government", on_delete=models.PROTECT, related_name="unit_groups")
    name = models.CharField("分组名称", max_length=100)
    aliases = models.JSONField("别名", default=list, blank=True)
    members = models.ManyToManyField(Unit, related_name="groups", blank=True, verbose_name="成员单位")
    government_path = "government_id"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["government", "name"], name="group_unique_name_per_gov")
        ]
        verbose_name = "单位分组"
        verbose_name_plural = "单位分组"

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [n for n in [self.name, *self.aliases] if n]

    @property
    def ref(self) -> str:
        return f"group:{self.pk}"

    def clean(self):
        self.name = (self.name or "").strip()
        self.aliases = _clean_list(self.aliases)
        if not self.name:
            raise ValidationError({"name": "分组名称不能为空。"})
        mine = {normalize(n) for n in self.names()}
        for other in UnitGroup.objects.filter(government_id=self.government_id).exclude(pk=self.pk):
            if mine & {normalize(n) for n in other.names()}:
                raise ValidationError(f"名称与分组“{other.name}”重复。")
        for unit in Unit.objects.filter(government_id=self.government_id):
            if mine & {normalize(n) for n in unit.names()}:
                raise ValidationError(f"名称与单位“{unit.name}”重复。")

    def snapshot(self) -> dict:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "members": sorted(self.members.values_list("name", flat=True)) if self.pk else [],
        }
