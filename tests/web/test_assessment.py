"""考核 from import to published grades, on demo-like data: an indicator system of our own
writing imported through the parser, a register-bound indicator scored from a stubbed
figure, ledger-bound ones from the plan and 督办 notices, a deduction with its reason,
an appeal decided by the office, a veto; the .xlsx export; the 示范 dossier."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fazhiweb.assessment import scoring, services
from fazhiweb.assessment.models import Appeal, Indicator, IndicatorSystem, Participant, Score
from fazhiweb.assessment.sample import write_sample
from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.workflow import WorkflowError

from .conftest import PDF_BYTES

YEAR = 2024


def upload_sample(tmp_path, year=YEAR):
    path = write_sample(tmp_path / "sample.xlsx", year)
    return SimpleUploadedFile("考核指标.xlsx", path.read_bytes())


@pytest.fixture
def system(county, people, tmp_path):
    office = people["王主任"]
    system = services.import_system(office, county, upload_sample(tmp_path))
    services.set_category(office, system, "部门", "个性指标(部门)", 40)
    services.set_category(office, system, "乡镇街道", "个性指标(乡镇街道)", 40)
    ind = {i.name: i for i in Indicator.objects.filter(system=system)}
    services.bind(office, ind["规范性文件备案"], "register", "normative_docs.filing_rate")
    services.bind(office, ind["年度任务落实"], "ledger", "ledger.on_time_rate")
    services.bind(office, ind["督办整改"], "ledger", "ledger.notices_overdue")
    system.ind = ind
    return system


@pytest.fixture
def stub_registers(monkeypatch):
    """The registers app is on another branch: its one seam answers per unit."""
    figures = {"县司法局": {"normative_docs.filing_rate": 96.0}, "东湖镇": {"normative_docs.filing_rate": 100.0}}
    monkeypatch.setattr(scoring, "register_figures_for",
                        lambda gov, units, year: {u.pk: figures.get(u.name, {}) for u in units})


def test_import_reads_sets_bonus_veto_and_a_new_version_keeps_the_old(system, county, people, tmp_path):
    ind = system.ind
    assert ind["会前学法"].rule == {"type": "deduct_each", "points": 2, "max": None}
    assert ind["会前学法"].assessor_unit == county.u["县司法局"]
    assert ind["严格规范执法"].set_name == "个性指标(部门)"
    assert ind["会前学法"].set_name == "共性"
    assert Indicator.objects.filter(system=system, section="veto").count() == 1
    bonus = Indicator.objects.get(system=system, section="bonus", parent__isnull=True)
    assert bonus.cap == 5
    again = services.import_system(people["王主任"], county, upload_sample(tmp_path))
    assert again.revision == 2 and IndicatorSystem.objects.filter(pk=system.pk).exists()


def test_bad_file_is_one_clear_message(county, people):
    with pytest.raises(services.AssessmentError):
        services.import_system(people["王主任"], county, SimpleUploadedFile("x.txt", "一、随便写点\n".encode()))


def test_round_from_import_to_published_grades(system, county, people, published_plan, stub_registers,
                                               monkeypatch):
    office, zhang, zhao = people["王主任"], people["张联络员"], people["赵联络员"]
    sfj, town = county.u["县司法局"], county.u["东湖镇"]
    from fazhiweb.supervision import services as notice_services
    from fazhiweb.supervision.services import issue_notice

    # The notice is issued early in the year, so that its reply-by date has passed by June.
    monkeypatch.setattr(notice_services, "clock_today", lambda: dt.date(2024, 1, 2))

    a = published_plan.tasks.get(path_key="一/(一)").assignments.get(unit=town)
    issue_notice(office, county, town, [a], "daily", "进度滞后", dt.date(2024, 1, 5))
    rnd = services.open_round(office, system)
    p_sfj = Participant.objects.get(round=rnd, unit=sfj)
    p_town = Participant.objects.get(round=rnd, unit=town)
    assert p_sfj.category == "部门" and p_town.category == "乡镇街道"
    names = set(Score.objects.filter(participant=p_sfj).values_list("indicator__name", flat=True))
    assert "严格规范执法" in names and "矛盾纠纷调处" not in names and "示范创建" in names

    services.refresh(office, rnd, today=dt.date(2024, 6, 1))
    s = Score.objects.get(participant=p_sfj, indicator=system.ind["规范性文件备案"])
    assert (s.figure, s.auto_points) == (96.0, 8.0)  # 100% full, 0.5 per point below
    late = Score.objects.get(participant=p_town, indicator=system.ind["督办整改"])
    assert (late.figure, late.auto_points) == (1.0, 8.0)  # one notice open past its reply-by

    # 自评 with evidence reused from the unit's own ledger report
    from fazhiweb.progress import services as progress_services

    a_sfj = published_plan.tasks.get(path_key="一/(一)").assignments.get(unit=sfj)
    report = progress_services.submit_report(zhang, a_sfj, {"status": "in_progress", "text": "推进", "percent": 50},
                                             [SimpleUploadedFile("会议记录.pdf", PDF_BYTES)])
    study = Score.objects.get(participant=p_sfj, indicator=system.ind["会前学法"])
    services.self_assess(zhang, p_sfj, {study.pk: {"points": "10", "note": "全年学法12次",
                                                   "evidence": [report.evidence.get().pk]}}, "已完成", submit=True)
    assert study.report_evidence.count() == 1

    rnd = services.step(office, rnd, "score", rnd.version)
    with pytest.raises(PermissionDenied):
        services.score_indicator(zhao, study, 10)  # 东湖镇 is not the assessing unit of 会前学法
    with pytest.raises(PermissionDenied):
        services.score_indicator(zhang, study, 10)  # 县司法局 assesses 会前学法, but never for itself
    town_study = Score.objects.get(participant=p_town, indicator=system.ind["会前学法"])
    with pytest.raises(services.AssessmentError, match="扣分"):
        services.score_indicator(zhang, town_study, 8)  # a deduction needs a reason
    services.score_indicator(zhang, town_study, 8, "会前学法少一次")
    services.score_indicator(office, study, 8, "会前学法记录缺一次")
    for name, pts in [("主要负责人述法", 5), ("负责人出庭应诉", 10), ("严格规范执法", 50), ("行政复议工作", 45)]:
        sc = Score.objects.get(participant=p_sfj, indicator=system.ind[name])
        services.score_indicator(office, sc, pts, "" if pts == sc.indicator.points else "纠错率偏高")
    services.veto(office, p_town, "发生严重违法行政行为")

    rnd = services.step(office, rnd, "announce", rnd.version)
    ap = services.appeal(zhang, study, "实际开展学法12次,附会议记录")
    with pytest.raises(services.AssessmentError, match="一次"):
        services.appeal(zhang, study, "再申诉")
    with pytest.raises(WorkflowError, match="理由"):
        services.decide(office, ap, "change", "", 10, ap.version)  # a decision needs its reason
    services.decide(office, Appeal.objects.get(pk=ap.pk), "change", "核实会议记录,恢复满分", 10, ap.version)
    study.refresh_from_db()
    assert study.points == 10 and "复核改分" in study.reason

    rnd = services.step(office, rnd, "publish", rnd.version)
    p_sfj.refresh_from_db()
    p_town.refresh_from_db()
    # 共性: 5 + 10 (after the appeal) + 8 (备案 96%) + 10 + 0 (no task due yet: 无数据) + 10 (no late
    # notices); 个性 50 + 45 written out of 100, counting 40: 20 + 18
    on_time = Score.objects.get(participant=p_sfj, indicator=system.ind["年度任务落实"])
    assert on_time.auto_points is None and on_time.auto_text == "无数据"
    assert p_town.grade == "不合格" and p_town.veto
    assert p_sfj.rank == 1 and p_sfj.total == 81
    assert AuditEntry.objects.filter(action="assessment.appeal.change").exists()
    assert AuditEntry.objects.filter(action="assessment.round.publish").exists()

    from fazhiweb.assessment.exports import round_xlsx

    wb = load_workbook(io.BytesIO(round_xlsx(rnd)))
    head = [c.value for c in wb["考核结果"][1]]
    assert head[:3] == ["名次", "单位", "类别"] and head[-3:] == ["总分", "等次", "一票否决"]
    first = [c.value for c in wb["考核结果"][2]]
    assert first[1] == "县司法局" and first[-2] in ("优秀", "良好", "合格")
    reasons = [[c.value for c in row] for row in wb["扣分理由"].iter_rows(min_row=2)]
    assert any("纠错率偏高" in (r[4] or "") for r in reasons)


def test_demonstration_dossier(county, people, published_plan, tmp_path):
    office, zhang = people["王主任"], people["张联络员"]
    doc = {"kind": "indicators", "title": "示范指标体系", "year": YEAR, "total_points": None,
           "indicators": [{"name": "政府职能依法全面履行", "points": None, "criteria": None, "rule": None, "evidence": None,
                           "assessor": None, "children": [
                               {"name": "权责清单动态调整", "points": None, "criteria": "测评要点", "rule": None,
                                "evidence": "清单文件", "assessor": None, "children": []},
                               {"name": "证明事项告知承诺", "points": None, "criteria": "测评要点", "rule": None,
                                "evidence": "制度文件", "assessor": None, "children": []}]}],
           "bonus": [], "veto": [], "warnings": []}
    system = services.create_system(office, county, doc, IndicatorSystem.DEMONSTRATION)
    a, b = Indicator.objects.filter(system=system, is_leaf=True).order_by("order")
    from fazhiweb.progress import services as progress_services

    a_sfj = published_plan.tasks.get(path_key="一/(一)").assignments.get(unit=county.u["县司法局"])
    report = progress_services.submit_report(zhang, a_sfj, {"status": "done", "text": "完成", "percent": 100},
                                             [SimpleUploadedFile("清单.pdf", PDF_BYTES)])
    services.mark(office, a, "met", "已调整", [report.evidence.get().pk], [SimpleUploadedFile("调整通知.pdf", PDF_BYTES)])
    services.mark(office, b, "partly", "部分事项未推行")
    services.set_weight(office, b, 3)
    from fazhiweb.assessment.exports import demo_summary, dossier_zip

    summary = demo_summary(system)
    assert summary["share"] == 50.0 and [g.name for g in summary["gaps"]] == ["证明事项告知承诺"]
    zf = zipfile.ZipFile(io.BytesIO(dossier_zip(system)))
    names = zf.namelist()
    assert "申报材料目录.xlsx" in names
    assert {n for n in names if n.startswith("1.1_")} == {"1.1_权责清单动态调整/清单.pdf", "1.1_权责清单动态调整/调整通知.pdf"}
    index = load_workbook(io.BytesIO(zf.read("申报材料目录.xlsx"))).active
    rows = {r[1]: r for r in index.iter_rows(min_row=2, values_only=True)}
    assert rows["证明事项告知承诺"][3] == "本办自定" and rows["证明事项告知承诺"][5] == "部分达标"
    assert rows["权责清单动态调整"][5] == "已达标"


def test_a_unit_moved_to_another_category_takes_its_set(system, county, people):
    office = people["王主任"]
    rnd = services.open_round(office, system)
    p = Participant.objects.get(round=rnd, unit=county.u["县市场监管局"])
    before = set(Score.objects.filter(participant=p).values_list("indicator__name", flat=True))
    assert "严格规范执法" in before
    services.set_participant_category(office, p, "乡镇街道")
    after = set(Score.objects.filter(participant=p).values_list("indicator__name", flat=True))
    assert "严格规范执法" not in after and "矛盾纠纷调处" in after and "会前学法" in after
    services.set_participant_category(office, p, "执法部门")  # no 个性 set mapped yet: 共性 only
    assert not Score.objects.filter(participant=p, indicator__set_name__startswith="个性").exists()
    with pytest.raises(services.AssessmentError):
        services.set_participant_category(office, p, "不存在的类别")
    rnd = services.step(office, rnd, "score", rnd.version)
    with pytest.raises(services.AssessmentError):
        services.set_participant_category(office, p, "部门")


def test_grade_rules_are_the_rounds_data(system, county, people):
    office = people["王主任"]
    rnd = services.open_round(office, system)
    assert services.grade_lines(rnd.grade_rules).splitlines()[0] == "优秀 90 30%"
    for bad in ["优秀 九十", "优秀 90 30", "合格 60\n优秀 90", ""]:
        with pytest.raises(services.AssessmentError):
            services.set_grade_rules(office, rnd, bad, "不合格")
    with pytest.raises(services.AssessmentError):
        services.set_grade_rules(office, rnd, "达标 0", "不合格")  # the veto grade must be listed
    rnd = services.set_grade_rules(office, rnd, "达标 0\n", "达标")
    assert set(Participant.objects.filter(round=rnd).values_list("grade", flat=True)) == {"达标"}
    with pytest.raises(PermissionDenied):
        services.set_grade_rules(people["李局长"], rnd, "达标 0", "达标")
    assert AuditEntry.objects.filter(action="assessment.grades").count() == 1


def test_the_quota_caps_the_top_grade():
    from fazhiweb.assessment.rules import grade_rules

    levels = grade_rules()["levels"]  # 优秀 ≥ 90 for at most 30%, 良好 ≥ 80, 合格 ≥ 60
    assert scoring._grade(95, 3, 10, levels) == "优秀"
    assert scoring._grade(95, 4, 10, levels) == "良好"  # over the quota: the next grade it reaches
    assert scoring._grade(85, 1, 10, levels) == "良好"
    assert scoring._grade(59.5, 10, 10, levels) == "不合格"
