from __future__ import annotations

import re

from django import forms

from fazhiweb.directory.models import Unit, UnitGroup

_SPLIT = re.compile(r"[、,，;；\n]+")


def split_list(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text or "") if p.strip()]


class UnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=Unit.KINDS, initial="dept")
    aliases = forms.CharField(label="别名(用“、”分隔)", required=False)
    groups = forms.CharField(label="所属分组(用“、”分隔)", required=False)

    def clean_aliases(self):
        return split_list(self.cleaned_data.get("aliases", ""))

    def clean_groups(self):
        return split_list(self.cleaned_data.get("groups", ""))

    @classmethod
    def initial_for(cls, unit: Unit) -> dict:
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "aliases": "、".join(unit.aliases),
            "groups": "、".join(unit.groups.values_list("name", flat=True)),
        }


class GroupForm(forms.Form):
    name = forms.CharField(label="分组名称", max_length=100)
    aliases = forms.CharField(label="别名(用“、”分隔)", required=False)
    members = forms.ModelMultipleChoiceField(
        label="成员单位", queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, government=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Unit.objects.filter(government=government)

    def clean_aliases(self):
        return split_list(self.cleaned_data.get("aliases", ""))

    @classmethod
    def initial_for(cls, group: UnitGroup) -> dict:
        return {"name": group.name, "aliases": "、".join(group.aliases), "members": list(group.members.all())}


class DirectoryImportForm(forms.Form):
    file = forms.FileField(label="单位名录(.xlsx)")
