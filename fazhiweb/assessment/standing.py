"""One unit's standing in a round: per indicator the points now, the figure and rule they come
from, the evidence attached (reused from its ledger, or added), and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from fazhi.indicators.show import rule_label
from fazhiweb.assessment.figures import key_label
from fazhiweb.assessment.models import Appeal, Participant, Score


@dataclass
class Row:
    score: Score
    rule: str
    source: str
    files: list  # [(stored file, download url)]
    appeal: Appeal | None
    missing: list[str] = field(default_factory=list)
    can_score: bool = False
    can_appeal: bool = False

    @property
    def indicator(self):
        return self.score.indicator


def standing_rows(part: Participant) -> list[Row]:
    scores = (Score.objects.filter(participant=part).select_related("indicator", "appeal")
              .prefetch_related("report_evidence", "files").order_by("indicator__order"))
    rows = []
    for s in scores:
        ind = s.indicator
        files = [(f, reverse("progress:evidence", args=[f.pk])) for f in s.report_evidence.all()]
        files += [(f, reverse("assessment:file", args=[f.pk])) for f in s.files.all()]
        row = Row(s, rule_label(ind.rule), key_label(ind.source, ind.key) if ind.bound else "", files,
                  getattr(s, "appeal", None))
        if ind.bound and s.figure is None:
            row.missing.append("暂无数据")
        if not ind.bound and not files and ind.evidence:
            row.missing.append(f"未提供佐证材料({ind.evidence})")
        if s.final is None and not ind.bound:
            row.missing.append("待评分")
        rows.append(row)
    return rows
