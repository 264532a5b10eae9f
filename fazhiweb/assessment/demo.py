"""The demo county's 考核 and 示范创建: this year's indicator system of our own writing imported
through the parser, a round under way (bound indicators scoring themselves, self-assessments,
scores with reasons, one appeal awaiting 复核), and a 示范 self-check."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhiweb.assessment import services
from fazhiweb.assessment.models import Indicator, IndicatorSystem, Participant, Score
from fazhiweb.assessment.sample import write_sample
from fazhiweb.core.clock import today
from fazhiweb.directory.models import Unit
from fazhiweb.progress.models import Evidence

BINDINGS = {"规范性文件备案": ("register", "normative_docs.filing_rate"),
            "负责人出庭应诉": ("register", "litigation.head_appearance_rate"),
            "年度任务落实": ("ledger", "ledger.on_time_rate"),
            "督办整改": ("ledger", "ledger.notices_overdue")}

CUTS = [0, 2, 0, 1, 3, 0, 0.5, 0, 1.5, 0, 0]
NOT_ASSESSED = {"县委依法治县办", "县法院"}  # the office that assesses, and a court outside the government
DEMO_SYSTEM = {  # a 示范 system without published weights: the office sets its own
    "kind": "indicators", "total_points": None, "bonus": [], "veto": [], "warnings": [],
    "indicators": [
        {"name": "依法全面履行政府职能", "points": None, "criteria": None, "rule": None, "evidence": None,
         "assessor": None, "children": [
             {"name": "权责清单公开并动态调整", "points": None, "criteria": "清单公开、年内按机构职能变化调整",
              "rule": None, "evidence": "清单及调整文件", "assessor": None, "children": []},
             {"name": "证明事项告知承诺制全面推行", "points": None, "criteria": "目录公布、核查到位",
              "rule": None, "evidence": "目录及核查记录", "assessor": None, "children": []}]},
        {"name": "严格规范公正文明执法", "points": None, "criteria": None, "rule": None, "evidence": None,
         "assessor": None, "children": [
             {"name": "行政执法三项制度落实", "points": None, "criteria": "公示、全过程记录、法制审核",
              "rule": None, "evidence": "制度文件及抽查记录", "assessor": None, "children": []}]}]}


def _score_the_rest(admin, rnd) -> None:
    """The assessing units' marks for the other hand-scored indicators: full points, or a
    deduction with its reason (a fixed pattern, so that the ranking is not one long tie)."""
    todo = (Score.objects.filter(participant__round=rnd, points__isnull=True, indicator__source="manual",
                                 indicator__section="base").select_related("indicator", "participant")
            .order_by("participant__unit__name", "indicator__order"))
    for n, s in enumerate(todo):
        full = s.indicator.points or 0
        cut = CUTS[n % len(CUTS)]
        if cut and full >= cut:
            services.score_indicator(admin, s, full - cut, f"佐证材料不完整,扣{cut:g}分")
        else:
            services.score_indicator(admin, s, full)


def _score(part, name):
    return Score.objects.get(participant=part, indicator__name=name)


def load(gov, users) -> IndicatorSystem | None:
    """Add the demo's systems and round once; None when they exist already."""
    year = today().year
    if IndicatorSystem.objects.filter(government=gov).exists():
        return None
    admin, sfj_user, dh_user = users["admin"], users["sifaju"], users["donghu"]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_sample(Path(tmp) / "考核指标.xlsx", year, gov.name)
        system = services.import_system(admin, gov, SimpleUploadedFile(f"{gov.name}{year}年度考核指标及评分细则.xlsx",
                                                                       path.read_bytes()))
    services.set_category(admin, system, "部门", "个性指标(部门)", 40)
    services.set_category(admin, system, "乡镇街道", "个性指标(乡镇街道)", 40)
    for ind in Indicator.objects.filter(system=system, name__in=BINDINGS):
        services.bind(admin, ind, *BINDINGS[ind.name])
    units = Unit.objects.filter(government=gov, active=True).exclude(name__in=NOT_ASSESSED)
    rnd = services.open_round(admin, system, units=units)
    services.refresh(admin, rnd)
    sfj = Participant.objects.get(round=rnd, unit=sfj_user.membership.unit)
    dh = Participant.objects.get(round=rnd, unit=dh_user.membership.unit)
    reuse = list(Evidence.objects.filter(report__assignment__unit=sfj.unit).values_list("id", flat=True)[:1])
    services.self_assess(sfj_user, sfj, {
        _score(sfj, "会前学法").pk: {"points": 10, "note": "全年开展会前学法12次", "evidence": reuse},
        _score(sfj, "主要负责人述法").pk: {"points": 5, "note": "已在年终述职中述法"}}, "已对照细则逐项自评", submit=True)
    services.self_assess(dh_user, dh, {_score(dh, "民主法治示范村创建").pk: {"points": 20, "note": "3个村已申报"}},
                         "", submit=True)
    rnd = services.step(admin, rnd, "score", rnd.version)
    services.score_indicator(admin, _score(sfj, "会前学法"), 8, "会前学法记录缺2次")
    services.score_indicator(admin, _score(sfj, "主要负责人述法"), 5)
    services.score_indicator(admin, _score(dh, "民主法治示范村创建"), 15, "示范村创建材料不全")
    _score_the_rest(admin, rnd)
    rnd = services.step(admin, rnd, "announce", rnd.version)
    services.appeal(sfj_user, _score(sfj, "会前学法"), "会前学法记录已补齐,见会议纪要")
    demo = services.create_system(admin, gov, {**DEMO_SYSTEM, "title": f"{gov.name}{year}年法治政府建设示范创建指标体系",
                                               "year": year}, IndicatorSystem.DEMONSTRATION)
    leaves = list(Indicator.objects.filter(system=demo, is_leaf=True).order_by("order"))
    services.mark(admin, leaves[0], "met", "清单已公开并于年内调整两次", reuse)
    services.mark(admin, leaves[1], "partly", "目录已公布,核查记录不全")
    services.set_weight(admin, leaves[2], 10)
    return system
