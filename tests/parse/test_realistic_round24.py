"""Round 24's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import pytest

import fazhi


def test_a_speech_with_numbered_points_is_no_plan():
    doc = fazhi.parse_text(
        "在全县营商环境法治保障大会上的讲话\n"
        "县委书记  罗启明\n"
        "同志们:\n"
        "去年全县审结行政复议案件214件,行政机关负责人出庭应诉率达到97.5%。\n"
        "一、要把优化营商环境作为一把手工程,5月底前完成涉企政策清理。\n"
        "二、要严格规范涉企执法,杜绝随意检查。\n"
        "三、要加强督导检查,各乡镇各部门牵头抓好落实。\n"
    )
    assert doc["kind"] == "other"
    assert doc["tasks"] == []
    assert {(m["key"], m["value"]) for m in doc["metrics"]} >= {
        ("reconsideration.concluded", 214), ("litigation.head_appearance_rate", 97.5)}


def test_a_plan_told_of_as_already_issued_is_not_the_title():
    doc = fazhi.parse_text(
        "溪南区举办行政执法人员素能比武活动\n"
        "6月3日,溪南区举办全区行政执法人员素能比武活动。\n"
        "今年以来,区政府已经印发《溪南区2025年行政执法规范化建设实施方案》,"
        "全区新收行政复议申请156件,审结140件。\n"
        "区司法局会后印发了《关于进一步加强执法监督的实施方案》,要求各部门年底前完成整改。\n"
    )
    assert doc["title"] != "溪南区2025年行政执法规范化建设实施方案"
    assert doc["kind"] == "other"
    assert {(m["key"], m["value"]) for m in doc["metrics"]} == {
        ("reconsideration.received", 156), ("reconsideration.concluded", 140)}


def test_a_headline_that_issues_a_plan_still_names_it():
    doc = fazhi.parse_text(
        "市委办公室 市政府办公室印发《北川市法治政府建设实施方案(2025-2027年)》\n"
        "一、总体要求\n"
        "1.健全依法决策机制,2025年底前出台决策程序规定。(市司法局负责)\n"
        "2.推进执法规范化,执法案卷合格率达到95%以上。(市司法局牵头)\n"
    )
    assert doc["title"] == "北川市法治政府建设实施方案(2025-2027年)"
    assert doc["kind"] == "plan"


@pytest.mark.parametrize("text, due", [
    # a year-end date put into a procedure's longer name is no deadline
    ("把各乡镇合法性审核工作情况列入年底乡镇目标管理考评,10月底前完成自查。", ["2026-10-31"]),
    ("年底前纳入考核并通报。", ["2026-12-31"]),
    # a date before work left undone names a scope
    ("全面清理2025年6月以前未化解的信访积案,9月底前全部化解到位。", ["2026-09-30"]),
])
def test_dates_that_are_no_deadlines(text, due):
    from fazhi.parse.dates import find_deadlines

    assert [d["date"] for d in find_deadlines(text, 2026)] == due


def test_a_total_in_another_measure_takes_the_name_before_the_first_figure():
    doc = fazhi.parse_text(
        "某区司法局2025年度法治政府建设情况报告\n"
        "一、主要工作\n"
        "分层分类开展行政执法人员培训9期,累计2310人次;办理行政复议案件后回访申请人、共计48人。\n"
    )
    got = [(m["key"], m["value"], m["unit"]) for m in doc["metrics"]]
    assert (None, 9, "期") in got
    assert ("enforcement.personnel_trained", 2310, "人次") in got
    assert (None, 48, "人") in got  # joined by 、共计 to no figure of its own clause: no name lent


def test_a_circled_footnote_referenced_by_an_earlier_line_is_no_item():
    doc = fazhi.parse_text(
        "南屏县2026年法治建设重点任务分工\n"
        "一、规范行政决策\n"
        "1.建立重大行政决策事项目录动态调整机制,2026年4月底前完成。(县政府办公室、县司法局、县发展改革局)②\n"
        "2.开展决策后评估,评估事项不少于3项。(县司法局)\n"
        "3.推进村级事务依法决策。(县民政局牵头,各乡镇配合)\n"
        "②排在第一位的部门为牵头部门,下同。\n"
        "南屏县人民政府办公室\n"
        "2026年1月9日\n"
    )
    assert doc["title"] == "南屏县2026年法治建设重点任务分工"
    assert [t["path"] for t in doc["tasks"]] == [["一", "1"], ["一", "2"], ["一", "3"]]
    units = [t["units"] for t in doc["tasks"]]
    assert units[0] == {"lead": ["县政府办公室"], "responsible": ["县司法局", "县发展改革局"], "support": []}
    assert units[1]["lead"] == ["县司法局"]
    assert units[2] == {"lead": ["县民政局"], "responsible": [], "support": ["各乡镇"]}
    assert "②" not in doc["tasks"][0]["text"]


def test_a_circled_item_list_without_reference_marks_stays_numbered():
    doc = fazhi.parse_text(
        "北湾镇2026年依法行政工作计划\n"
        "一、重点工作\n"
        "①修订镇政府工作规则。(镇党政办负责)\n"
        "②开展合同清理。(镇司法所负责)\n"
    )
    assert [t["path"] for t in doc["tasks"]] == [["一", "①"], ["一", "②"]]


def test_a_speech_pasted_from_its_salutation_is_no_plan():
    doc = fazhi.parse_text(
        "各位领导、同志们:\n"
        "这次会议的主要任务是部署今年的依法行政工作。\n"
        "一、要抓好制度建设。6月底前完成政府规章立法后评估,评估不少于2部。\n"
        "二、要抓好执法监督。县司法局牵头,各部门配合,全年评查案卷不少于200卷。\n"
        "三、要抓好考核督查。全县审结行政复议案件88件,纠错率11.4%,要再接再厉。\n"
    )
    assert doc["kind"] == "other"
    assert doc["tasks"] == []
    assert ("reconsideration.concluded", 88) in {(m["key"], m["value"]) for m in doc["metrics"]}


def test_a_plan_that_quotes_a_salutation_later_is_still_a_plan():
    doc = fazhi.parse_text(
        "河源镇2026年普法工作计划\n"
        "为做好今年普法工作,制定本计划。\n"
        "一、开展领导干部学法。3月底前组织专题学法,主讲人开场以同志们:问候。(镇党政办负责)\n"
        "二、开展村居普法。全年开展普法活动不少于12场。(镇司法所负责)\n"
    )
    assert doc["kind"] == "plan"
    assert len(doc["tasks"]) == 2
