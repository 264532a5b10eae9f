from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fazhiweb.directory.forms import split_list
from fazhiweb.directory.models import Unit
from fazhiweb.plans import services
from fazhiweb.plans.models import Task


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="计划文件(.txt/.docx/.pdf/.ofd/.html/.xlsx)")


class TaskForm(forms.Form):
    heading = forms.CharField(label="章节", max_length=200, required=False)
    title = forms.CharField(label="任务标题", max_length=300, required=False)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 4}))
    lead = forms.CharField(label="牵头单位", required=False)
    responsible = forms.CharField(label="责任单位", required=False)
    support = forms.CharField(label="配合单位", required=False)
    deadlines = forms.CharField(label="完成时限(每行:YYYY-MM-DD 说明)", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    targets = forms.CharField(label="量化指标(每行:说明|>=|数值|单位)", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        units = {"lead": [], "responsible": [], "support": []}
        for m in task.mentions.all():
            units[m.role].append(m.raw_name)
        return {
            "heading": task.heading, "title": task.title, "text": task.text,
            **{k: "、".join(v) for k, v in units.items()},
            "deadlines": services.format_deadlines(task.deadlines),
            "targets": services.format_targets(task.targets),
        }

    def clean_deadlines(self):
        try:
            return services.parse_deadlines(self.cleaned_data.get("deadlines", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_targets(self):
        try:
            return services.parse_targets(self.cleaned_data.get("targets", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "heading": d["heading"], "title": d["title"], "text": d["text"],
            "deadlines": d["deadlines"], "targets": d["targets"],
            "units": {r: split_list(d[r]) for r in ("lead", "responsible", "support")},
        }


class NewUnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=Unit.KINDS)
