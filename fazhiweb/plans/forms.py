"""Forms of the plan review page. A task's deadlines, targets and units are rows of separate
fields (date + note; 说明 / 比较 / 数值 / 单位; one directory name per input, with autocomplete),
so a value is never re-parsed from text the form itself wrote."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fazhiweb.core.clock import parse_date
from fazhiweb.directory.models import Unit
from fazhiweb.plans.fields import ROLE_KEYS
from fazhiweb.plans.models import ROLE_LABELS, Task

OPS = [(">=", "不低于(≥)"), ("<=", "不高于(≤)"), ("=", "等于"), (">", "高于(>)"), ("<", "低于(<)")]
CYCLES = [("", "一次"), ("yearly", "每年")]
SPARE = 2  # empty rows offered under the filled ones


class PlanUploadForm(forms.Form):
    file = forms.FileField(label="计划文件(.txt/.docx/.pdf/.html/.xlsx)")


class TaskForm(forms.Form):
    """heading, title and text as fields; the rows come as parallel lists from the POST."""

    heading = forms.CharField(label="章节", max_length=200, required=False)
    title = forms.CharField(label="任务标题", max_length=300, required=False)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data=None, task: Task | None = None, **kw):
        super().__init__(data, **kw)
        self.task = task
        self.rows = rows_from_post(data) if data is not None else rows_from_task(task)

    @classmethod
    def for_task(cls, task: Task) -> TaskForm:
        return cls(initial={"heading": task.heading, "title": task.title, "text": task.text}, task=task)

    def clean(self):
        data = super().clean()
        try:
            data["deadlines"] = deadlines_from_rows(self.rows["deadlines"])
            data["targets"] = targets_from_rows(self.rows["targets"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        data["units"] = {r: [n for n in self.rows["units"][r] if n] for r in ROLE_KEYS}
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("heading", "title", "text", "deadlines", "targets", "units")}

    def display_rows(self) -> dict:
        """The rows with SPARE empty ones each, for the template."""
        r = self.rows
        return {
            "deadlines": r["deadlines"] + [{"date": "", "text": "", "recurring": ""}] * SPARE,
            "targets": r["targets"] + [{"text": "", "op": ">=", "value": "", "unit": ""}] * SPARE,
            "units": [{"role": role, "label": ROLE_LABELS[role], "names": r["units"][role] + [""] * SPARE}
                      for role in ROLE_KEYS],
            "ops": OPS, "cycles": CYCLES,
        }


def rows_from_task(task: Task | None) -> dict:
    units = {r: [] for r in ROLE_KEYS}
    if task is not None:
        for m in task.mentions.all():
            units[m.role].append(m.raw_name)
    return {"deadlines": [{"date": d.get("date") or "", "text": d.get("text") or "", "recurring": d.get("recurring") or ""}
                          for d in (task.deadlines if task else [])],
            "targets": [{"text": t.get("text") or "", "op": t.get("op") or "=", "value": t.get("value"),
                         "unit": t.get("unit") or ""} for t in (task.targets if task else [])],
            "units": units}


def _lists(post, *names) -> list[tuple]:
    cols = [post.getlist(n) for n in names]
    width = max((len(c) for c in cols), default=0)
    return [tuple((c[i] if i < len(c) else "").strip() for c in cols) for i in range(width)]


def rows_from_post(post) -> dict:
    return {
        "deadlines": [{"date": d, "text": t, "recurring": c} for d, t, c in
                      _lists(post, "deadline_date", "deadline_note", "deadline_cycle") if d or t],
        "targets": [{"text": t, "op": o, "value": v, "unit": u} for t, o, v, u in
                    _lists(post, "target_text", "target_op", "target_value", "target_unit") if t or v],
        "units": {r: [n.strip() for n in post.getlist(f"unit_{r}")] for r in ROLE_KEYS},
    }


def deadlines_from_rows(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        day = parse_date(row["date"])
        if day is None:
            raise ValidationError(f"完成时限“{row['date'] or row['text']}”:请选择日期。")
        out.append({"date": day.isoformat(), "text": row["text"] or day.isoformat(),
                    "recurring": row["recurring"] if row["recurring"] in dict(CYCLES) and row["recurring"] else None})
    return out


def targets_from_rows(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        if row["op"] not in dict(OPS):
            raise ValidationError(f"指标“{row['text']}”:请选择比较方式。")
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            raise ValidationError(f"指标“{row['text']}”的数值“{row['value']}”不是数字。") from None
        out.append({"text": row["text"], "op": row["op"], "value": int(value) if value.is_integer() else value,
                    "unit": row["unit"]})
    return out


class NewUnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=Unit.KINDS)
