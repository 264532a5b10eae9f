"""Each parser stage on the fixture documents of tests/fixtures/docs (fictional documents
written for the project, imitating the layouts of real plans and reports)."""

from pathlib import Path

import pytest

import fazhi
from fazhi.parse import clean, meta, outline, pipeline
from fazhi.parse.model import Doc

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"


def parse(name):
    return fazhi.parse_file(DOCS / name)


def staged(name, upto):
    """The Doc after the stages up to and including `upto`."""
    doc = Doc(source=fazhi.read_document(DOCS / name))
    for stage in pipeline.STAGES:
        doc = stage(doc)
        if stage is upto:
            return doc
    return doc


def units(task):
    return {r: v for r, v in task["units"].items() if v}


# ---- reports without a title: the kind comes from the body


@pytest.mark.parametrize("name", ["report_untitled_pasted.txt", "report_untitled_year.txt"])
def test_untitled_reports_are_reports(name):
    doc = staged(name, meta.kind_stage)
    assert doc.kind == "report"
    assert doc.title is None
    data = parse(name)
    assert data["tasks"] == []
    assert data["year"] == 2021


def test_untitled_report_outline_is_read_before_the_kind():
    doc = staged("report_untitled_year.txt", outline.stage)
    assert [r.label for r in doc.roots] == ["一", "二", "三"]
    assert doc.roots[0].paras[0] == "2021年主要工作情况"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("report_untitled_pasted.txt", dict(achievements=True, shortcomings=True, first_responsible=True, next_year=True, other=False)),
        ("report_untitled_year.txt", dict(achievements=True, shortcomings=True, first_responsible=True, next_year=True, other=False)),
        ("report_unusual_parts.txt", dict(achievements=True, shortcomings=True, first_responsible=True, next_year=True, other=True)),
    ],
)
def test_report_parts_in_every_wording(name, expected):
    assert parse(name)["sections"] == expected


def test_report_metrics_keep_two_character_measures_and_skip_slogans():
    data = parse("report_untitled_year.txt")
    got = [(m["value"], m["unit"]) for m in data["metrics"]]
    assert (1200, "人次") in got and (416000, "件") in got and (5400, "件") in got
    pasted = [(m["value"], m["unit"]) for m in parse("report_untitled_pasted.txt")["metrics"]]
    assert (126, "项") in pasted and not any(v == 0 for v, _ in pasted)  # 零跑腿 is no number


def test_titled_report_with_parts_numbered_by_part():
    data = parse("report_unusual_parts.txt")
    assert data["kind"] == "report" and data["year"] == 2022
    assert (12000, "人次") in [(m["value"], m["unit"]) for m in data["metrics"]]


# ---- higher-level notations: the first-listed rule


def test_first_listed_rule_stated_in_a_note():
    tasks = parse("plan_first_listed_note.txt")["tasks"]
    by = {t["path"][-1]: units(t) for t in tasks}
    assert by["1"] == {"lead": ["省政务服务局"], "responsible": ["省发展改革委", "省司法厅"]}
    assert by["2"] == {"lead": ["省委编办"]}
    assert by["3"] == {"lead": ["省发展改革委"], "responsible": ["省商务厅"]}
    assert by["5"] == {"lead": ["省司法厅"]}
    assert by["6"] == {"lead": ["省有关部门"], "responsible": ["各市人民政府"]}
    assert by["7"] == {"lead": ["省司法厅"], "responsible": ["省有关部门"]}
    every = [u for t in tasks for v in t["units"].values() for u in v]
    assert not any("第一位" in u or "下同" in u or "会同" in u for u in every)


def test_first_listed_rule_plan_deadlines_and_targets():
    data = parse("plan_first_listed_note.txt")
    assert data["default_deadline"] == "2023-12-31"
    by = {t["path"][-1]: t for t in data["tasks"]}
    assert [(g["value"], g["unit"], g["op"]) for g in by["4"]["targets"]] == [(8, "件", ">=")]
    assert [(g["value"], g["unit"], g["op"]) for g in by["5"]["targets"]] == [(5, "工作日", "<=")]
    assert [d["date"] for d in by["6"]["deadlines"]] == ["2023-09-30"]


def test_first_listed_rule_stated_in_the_preamble():
    data = parse("plan_first_listed_preamble.txt")
    by = {t["path"][-1]: units(t) for t in data["tasks"]}
    assert by["(一)"] == {"lead": ["市委编办"], "responsible": ["市司法局"]}
    assert by["(二)"] == {"lead": ["市行政审批局"], "responsible": ["市大数据局", "市公安局"]}
    assert by["(三)"] == {"lead": ["市市场监管局"], "responsible": ["市应急管理局", "市生态环境局"]}
    assert by["(四)"] == {"lead": ["市司法局"]}
    assert by["(五)"] == {"lead": ["市司法局"], "support": ["市政府办公室"]}  # explicit roles win
    assert data["default_deadline"] == "2024-11-30"
    assert data["year"] == 2024


# ---- inline phrases, 会同, sub-item deadlines, comparison words, numbers


def test_inline_lead_and_support_phrases():
    tasks = parse("plan_inline_roles.txt")["tasks"]
    by = {"/".join(t["path"]): t for t in tasks}
    assert units(by["一/1"]) == {"lead": ["县司法局"], "support": ["县政府办公室", "县各有关部门"]}
    assert units(by["一/2"]) == {"lead": ["县司法局"], "support": ["各乡镇人民政府"]}
    assert units(by["二/3"]) == {"responsible": ["县政府办公室", "县司法局"]}
    assert units(by["二/4"]) == {"responsible": ["县司法局"]}
    assert units(by["三/5/(1)"]) == units(by["三/5/(2)"]) == {"lead": ["县司法局"], "support": ["县直各执法部门"]}
    assert "县司法局牵头" not in by["一/1"]["text"]


def test_a_deadline_line_after_a_sub_item_is_its_own():
    by = {"/".join(t["path"]): t for t in parse("plan_inline_roles.txt")["tasks"]}
    assert [d["date"] for d in by["三/5/(1)"]["deadlines"]] == ["2024-09-30"]
    assert [d["date"] for d in by["三/5/(2)"]["deadlines"]] == ["2024-11-30"]


def test_catch_all_in_other_wording_and_year_end_procedures():
    data = parse("plan_inline_roles.txt")
    assert data["default_deadline"] == "2024-12-20"
    by = {"/".join(t["path"]): t for t in data["tasks"]}
    assert by["四/7"]["deadlines"] == []  # 纳入年底综合考核 names a procedure


def test_comparison_words_and_numbers_in_a_plan():
    by = {"/".join(t["path"]): t for t in parse("plan_inline_roles.txt")["tasks"]}
    ops = lambda t: [(g["value"], g["unit"], g["op"]) for g in t["targets"]]  # noqa: E731
    assert ops(by["一/1"]) == [(100, "%", ">="), (95, "%", ">=")]
    assert ops(by["三/6"]) == [(40, "%", "<=")]  # no 零, no 百日, no 名列第三
    assert ops(by["四/7"]) == [(2, "批次", ">="), (60, "户次", "=")]


# ---- 主办/承办/协办 notes and label lines


def test_host_labels_in_notes_and_lines():
    data = parse("plan_host_units.txt")
    by = {t["path"][-1]: t for t in data["tasks"]}
    assert units(by["(一)"]) == {"lead": ["区政府办公室"], "responsible": ["区司法局"], "support": ["区发展改革局", "区财政局"]}
    assert units(by["(二)"]) == {"responsible": ["区政府办公室"]}
    assert units(by["(三)"]) == {"lead": ["区司法局"], "responsible": ["区城管局", "区市场监管局"], "support": ["各街道办事处"]}
    assert [d["date"] for d in by["(二)"]["deadlines"]] == ["2024-10-31"]
    assert [d["date"] for d in by["(三)"]["deadlines"]] == ["2024-06-30"]
    assert [d["date"] for d in by["(四)"]["deadlines"]] == ["2024-12-31"]
    assert by["(一)"]["deadlines"] == []


def test_clean_stage_keeps_host_notes():
    lines = staged("plan_host_units.txt", clean.stage).lines
    assert "承办单位:区城管局、区市场监管局" in lines


def test_heading_keeps_an_introductory_paragraph_out():
    text = (
        "示例县2024年法治政府建设工作要点\n一、总体要求\n坚持以习近平法治思想为指导,全面推进依法行政,为全县发展提供法治保障。\n"
        "二、主要任务\n围绕年度目标抓好以下工作,各单位要结合实际细化措施\n(一)完善决策机制。(县司法局负责)\n(二)规范执法行为。(县司法局负责)\n"
    )
    tasks = fazhi.parse_text(text)["tasks"]
    assert [t["heading"] for t in tasks if t["path"][0] == "二"] == ["主要任务", "主要任务"]


def test_report_prose_saying_lead_is_still_a_report_and_an_untitled_plan_a_plan():
    report = (
        "现将2022年度法治政府建设工作情况报告如下:\n一、主要工作成效\n"
        "(一)健全决策机制。由县司法局牵头,会同县发改局开展重大决策合法性审查45件,县财政局配合开展评估3次。\n"
        "(二)规范执法。由县市场监管局牵头开展联合执法检查12次,各乡镇配合完成整改。\n"
        "二、存在的问题\n基层力量薄弱。\n三、2023年工作打算\n(一)加强队伍建设。\n"
    )
    data = fazhi.parse_text(report)
    assert data["kind"] == "report" and data["tasks"] == [] and data["year"] == 2022
    plan = (
        "一、主要工作\n(一)全面推行行政执法“三项制度”。(县司法局牵头,县直各执法部门配合)\n"
        "(二)开展规范性文件清理。(县司法局负责)\n(三)推进政务公开。(县政府办公室负责)\n"
        "二、存在的问题和整改措施\n(四)整改执法不规范问题,6月底前完成。(县直各执法部门负责)\n"
        "三、工作安排\n(五)按季度调度工作进展。(县委依法治县办负责)\n"
    )
    assert fazhi.parse_text(plan)["kind"] == "plan"


def test_a_heading_wrapped_at_the_line_width_is_joined_a_short_one_is_not():
    text = (
        "示例县2024年法治政府建设工作要点\n一、深入推进严格规范公正文明执法加快建设职能科学权责法定的\n法治政府\n"
        "(一)规范执法。(县司法局负责)\n二、主要任务\n围绕年度目标抓好以下工作\n(二)完善决策。(县司法局负责)\n"
    )
    headings = [t["heading"] for t in fazhi.parse_text(text)["tasks"]]
    assert headings == ["深入推进严格规范公正文明执法加快建设职能科学权责法定的法治政府", "主要任务"]


def test_a_long_title_line_stays_apart_from_the_body():
    title = "示例县人民政府关于2023年度法治政府建设工作情况的报告"
    assert len(title) >= 26
    data = fazhi.parse_text(f"{title}\n全年办理行政复议案件12件,调解纠纷300件\n")
    assert data["title"] == title and data["kind"] == "report"


def test_first_listed_rule_in_a_closing_note_holds_for_the_whole_plan():
    text = (
        "示例市2024年法治政府建设重点任务分工方案\n一、规范决策\n(一)完善决策程序。(市司法局、市政府办公室)\n"
        "(二)推进政务公开。(市政府办公室)\n注:各项任务中列第一位者为牵头单位。\n"
    )
    tasks = fazhi.parse_text(text)["tasks"]
    assert [units(t) for t in tasks] == [{"lead": ["市司法局"], "responsible": ["市政府办公室"]}, {"lead": ["市政府办公室"]}]
    assert "注" not in tasks[-1]["text"]
