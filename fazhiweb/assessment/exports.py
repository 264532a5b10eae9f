"""Downloads: a round's results (.xlsx through the project's one writer) and the 示范 申报 dossier
(.zip: an index .xlsx and one folder of evidence per indicator)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from django.conf import settings

from fazhi.export.xlsx import table_sheet
from fazhi.indicators.show import rule_label
from fazhiweb.assessment.models import DemoMark, Indicator, Participant, Score
from fazhiweb.assessment.rules import mark_labels
from fazhiweb.core.xlsx import workbook


def _xlsx_bytes(sheets, title: str) -> bytes:
    """[(sheet name, headers, rows)] through the one writer (local times, text never a formula)."""
    return workbook([table_sheet(name, headers, rows) for name, headers, rows in sheets], title=title)


def round_xlsx(rnd) -> bytes:
    """Sheet 1: unit × indicator points, total, rank, grade. Sheet 2: every deduction and
    decision with its reason."""
    leaves = list(Indicator.objects.filter(system=rnd.system, is_leaf=True, section__in=("base", "bonus"))
                  .order_by("order"))
    parts = list(Participant.objects.filter(round=rnd).select_related("unit").order_by("rank", "unit__name"))
    got: dict[tuple, float | None] = {}
    reasons = []
    scores = Score.objects.filter(participant__round=rnd).select_related("indicator", "participant__unit")
    for s in scores.order_by("participant__rank", "indicator__order"):
        got[(s.participant_id, s.indicator_id)] = s.final
        why = s.reason or (s.auto_text if s.points is None and s.auto_points is not None else "")
        if why:
            reasons.append([s.participant.unit.name, f"{s.indicator.number} {s.indicator.name}",
                            s.indicator.points, s.final, why])
    head = ["名次", "单位", "类别", *[f"{i.number} {i.name}"[:60] for i in leaves], "总分", "等次", "一票否决"]
    rows = [[p.rank, p.unit.name, p.category, *[got.get((p.pk, i.pk), "") for i in leaves], p.total, p.grade,
             p.veto_reason if p.veto else ""] for p in parts]
    detail = ["单位", "指标", "分值", "得分", "扣分理由/计分依据"]
    return _xlsx_bytes([("考核结果", head, rows), ("扣分理由", detail, reasons)], rnd.title)


def _folder(ind: Indicator) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "", ind.name)[:30] or "指标"
    return f"{ind.number}_{name}"


def dossier_zip(system) -> bytes:
    """The 申报 dossier of a 示范 self-check."""
    labels = mark_labels()
    inds = list(Indicator.objects.filter(system=system, section="base").order_by("order"))
    marks = {m.indicator_id: m for m in DemoMark.objects.filter(indicator__system=system)
             .prefetch_related("files", "report_evidence")}
    root = Path(settings.MEDIA_ROOT)
    buf = BytesIO()
    rows = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for ind in inds:
            m = marks.get(ind.pk)
            names = []
            if m is not None:
                for f in [*m.report_evidence.all(), *m.files.all()]:
                    path = root / f.path
                    if path.is_file():
                        arc = f"{_folder(ind)}/{f.original_name}"
                        if arc in zf.namelist():
                            arc = f"{_folder(ind)}/{f.pk}_{f.original_name}"
                        zf.write(path, arc)
                        names.append(arc)
            points = "" if ind.points is None else ind.points
            rows.append([ind.number, ind.name, points, "本办自定" if ind.points_own else ("" if points == "" else "发布"),
                         rule_label(ind.rule) if ind.criteria else "", labels.get(m.status if m else "", "未评估"),
                         m.note if m else "", "\n".join(names)])
        index = _xlsx_bytes([("申报材料目录", ["序号", "指标", "分值", "权重来源", "评分规则", "达标情况", "说明", "佐证材料"],
                              rows)], system.title)
        zf.writestr("申报材料目录.xlsx", index)
    return buf.getvalue()


def demo_summary(system) -> dict:
    """Share met and the gaps of a 示范 self-check (leaves only)."""
    leaves = list(Indicator.objects.filter(system=system, section="base", is_leaf=True).order_by("order"))
    marks = dict(DemoMark.objects.filter(indicator__system=system).values_list("indicator_id", "status"))
    labels = mark_labels()
    met = sum(1 for i in leaves if marks.get(i.pk) == "met")
    gaps = [i for i in leaves if marks.get(i.pk) != "met"]
    for i in gaps:
        i.gap_label = labels.get(marks.get(i.pk) or "", "未评估")
    share = round(100.0 * met / len(leaves), 2) if leaves else None
    # Where weights are known (published or the office's own), the share of points met too.
    weighted = [i for i in leaves if i.points is not None]
    points_share = (round(100.0 * sum(i.points for i in weighted if marks.get(i.pk) == "met")
                          / sum(i.points for i in weighted), 2) if weighted and sum(i.points for i in weighted) else None)
    own = [i for i in leaves if i.points_own]
    return {"leaves": len(leaves), "met": met, "share": share, "gaps": gaps, "points_share": points_share,
            "weighted": len(weighted), "own": len(own)}
