"""One unit's standing in a round: per indicator the points now, the figure and rule they come
from, the evidence attached (reused from its ledger, or added), and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from fazhi.indicators.show import rule_label
from fazhiweb.assessment.figures import key_label, records_url
from fazhiweb.assessment.models import Appeal, Participant, Score
from fazhiweb.assessment.scoring import Sets, top_set


@dataclass
class Row:
    score: Score
    rule: str
    source: str
    files: list  # [(stored file, download url)]
    appeal: Appeal | None
    records: list = field(default_factory=list)  # 案号/文号 behind a register figure
    records_url: str | None = None  # the register page listing them
    counts: float | None = None  # the points as they count in the total (个性 sets rescaled)
    missing: list[str] = field(default_factory=list)
    can_score: bool = False
    can_appeal: bool = False

    @property
    def indicator(self):
        return self.score.indicator


def standing_rows(part: Participant) -> list[Row]:
    """The rows of a unit's standing. The evidence is what the system already holds — the unit's
    ledger report files it chose, the register records behind a bound figure — and files added
    only where nothing was held."""
    scores = (Score.objects.filter(participant=part).select_related("indicator", "appeal")
              .prefetch_related("report_evidence", "files").order_by("indicator__order"))
    system = part.round.system
    factor = Sets.of(system).factor
    tops = top_set(system)
    # A unit's figures are its own records in this government's registers; a lower government's
    # are its whole registers, listed on its own register pages (the link is for its users).
    unit_name = part.unit.name if part.government_id is None else None
    rows = []
    for s in scores:
        ind = s.indicator
        files = [(f, reverse("progress:evidence", args=[f.pk])) for f in s.report_evidence.all()]
        files += [(f, reverse("assessment:file", args=[f.pk])) for f in s.files.all()]
        row = Row(s, rule_label(ind.rule), key_label(ind.source, ind.key) if ind.bound else "", files,
                  getattr(s, "appeal", None), list(s.records or []))
        if ind.source == "register" and ind.key and row.records:
            row.records_url = records_url(ind.key, system.year, unit_name)
        f = factor.get(tops.get(ind.pk), 1.0) if ind.section == "base" else 1.0
        row.counts = None if s.final is None or f == 1.0 else round(s.final * f, 2)
        if ind.bound and s.figure is None:
            row.missing.append("暂无数据")
        if not ind.bound and not files and not row.records and ind.evidence:
            row.missing.append(f"未提供佐证材料({ind.evidence})")
        if s.final is None and not ind.bound:
            row.missing.append("待评分")
        rows.append(row)
    return rows
