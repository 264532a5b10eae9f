"""Classes of miss found by held-out round 22 (tests/fixtures/realistic), each tested on a different
text of its own."""

import fazhi


def test_an_inline_verb_note_followed_by_its_time_gives_units_and_deadline():
    text = "\n".join([
        "某县农业农村局2026年依法行政工作要点",
        "一、规范执法",
        "（一）修订农业行政处罚裁量基准。由执法大队牵头，政策法规股配合，2026年8月底前完成。",
        "（二）开展农资市场专项检查，检查经营户不少于80户。执法大队、种植业股按职责分工分别负责，长期坚持。",
        "（三）梳理涉农规范性文件。政策法规股负责，年内完成。",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert tasks[0]["units"] == {"lead": ["执法大队"], "responsible": [], "support": ["政策法规股"]}
    assert [d["date"] for d in tasks[0]["deadlines"]] == ["2026-08-31"]
    assert tasks[1]["units"]["responsible"] == ["执法大队", "种植业股"]
    assert tasks[1]["deadlines"] == []
    assert tasks[2]["units"]["responsible"] == ["政策法规股"]
    assert "负责" not in tasks[0]["text"] + tasks[1]["text"] + tasks[2]["text"]


def test_a_bracketed_note_with_its_time_is_still_read_as_a_bracket():
    text = "某省2026年工作要点\n一、执法\n1.制定执法监督办法。（省司法厅负责，2026年提请审议）"
    task = fazhi.parse_text(text)["tasks"][0]
    assert task["units"]["responsible"] == ["省司法厅"]


def _keys(text):
    return [(m["value"], m["key"]) for m in fazhi.parse_text("某省2025年法治政府建设情况报告\n" + text)["metrics"]]


def test_sub_units_shares_of_a_figure_take_its_key():
    got = _keys("全省行政复议机构审结行政复议案件900件，其中省本级120件、各市（州）780件。"
                "各级法院一审行政诉讼案件分别为40件、360件，负责人出庭应诉率分别为100%、98.5%。")
    assert got == [(900, "reconsideration.concluded"), (120, "reconsideration.concluded"),
                   (780, "reconsideration.concluded"), (40, "litigation.cases"), (360, "litigation.cases"),
                   (100, "litigation.head_appearance_rate"), (98.5, "litigation.head_appearance_rate")]


def test_one_name_with_a_list_inside_before_fenbie_keys_every_figure():
    got = _keys("以省、市两级政府为被告的行政诉讼案件分别为12件、85件。")
    assert got == [(12, "litigation.cases"), (85, "litigation.cases")]


def test_shares_named_after_fenbie_wei_and_a_colon():
    got = _keys("全省人民调解组织调解矛盾纠纷5万件，调解成功率分别为：城区97.1%、农村99.0%。")
    assert got[1:] == [(97.1, "mediation.success_rate"), (99.0, "mediation.success_rate")]


def test_a_share_repeating_the_verb_but_other_objects_and_other_measures_do_not_inherit():
    got = _keys("全年收到政府信息公开申请300件，其中省政府办公厅收到41件。"
                "评查行政执法案卷500卷、发现问题60个；受理行政复议申请80件、其中答复率95%。")
    assert got == [(300, "disclosure.requests"), (41, "disclosure.requests"),
                   (500, "enforcement.case_files_reviewed"), (60, None),
                   (80, "reconsideration.accepted"), (95, None)]


def test_figures_of_guizhang_are_not_normative_documents():
    got = _keys("制定省政府规章6件，废止规章3件；清理行政规范性文件210件，废止18件。")
    assert got == [(6, None), (3, None), (210, None), (18, "normative_docs.repealed")]


def test_cases_closed_by_mediation_corrections_named_as_decisions_and_more_wordings():
    got = _keys("市行政复议办公室审结案件150件，其中以和解方式结案22件，经调解后办结9件，作出变更、撤销等纠错决定共17件。"
                "全市调委会排查化解矛盾纠纷800件，化解成功790件。执法部门自查案卷320卷。")
    assert got == [(150, "reconsideration.concluded"), (22, "reconsideration.settled"), (9, "reconsideration.settled"),
                   (17, "reconsideration.corrected"), (800, "mediation.cases"), (790, "mediation.success"),
                   (320, "enforcement.case_files_reviewed")]


def test_an_untitled_report_with_slogan_part_headings_is_a_report_with_its_parts():
    text = "\n".join([
        "今年以来，河西镇坚持把法治建设摆在突出位置，现将全年法治政府建设情况报告如下：",
        "一、强化责任担当，依法行政稳步推进",
        "镇党委书记履行推进法治建设第一责任人职责，全年组织集体学法6次；镇司法所化解矛盾纠纷120件。",
        "二、直面短板弱项，差距不足客观存在",
        "村级法律顾问服务不够深入。",
        "三、锚定目标任务，新的一年精心谋划",
        "深化镇村依法治理，规范综合行政执法。",
    ])  # fmt: skip
    doc = fazhi.parse_text(text)
    assert doc["kind"] == "report"
    assert doc["sections"] == {"achievements": True, "shortcomings": True, "first_responsible": True,
                               "next_year": True, "other": False}


def test_a_news_item_whose_headline_names_a_report_is_news():
    text = "\n".join([
        "南岗区公布2025年度法治政府建设情况报告",
        "本报讯（记者 王某）近日，南岗区政府在门户网站公布年度法治政府建设情况报告。",
        "报告显示，全区全年新收行政复议申请310件，行政机关负责人出庭应诉率100%。",
    ])  # fmt: skip
    assert fazhi.parse_text(text)["kind"] == "other"
    assert fazhi.parse_text("南岗区2025年度法治政府建设情况报告\n一、成效\n全区新收行政复议申请310件。")["kind"] == "report"


def test_one_verb_governs_the_second_object_of_a_pair():
    got = _keys("县司法局审查县政府规范性文件12件、县政府合同86件，评查行政执法案卷300卷、优秀案卷20卷。")
    assert got == [(12, None), (86, "legality_review.contracts"), (300, "enforcement.case_files_reviewed"), (20, None)]


def test_a_figure_stated_after_a_comparison_takes_the_name_before_it():
    got = _keys("县行政复议局审结行政复议案件120件，直接纠错率较上年提高2.1个百分点，为15.5%；"
                "群众满意率同比上升，达到96%。")
    assert got == [(120, "reconsideration.concluded"), (2.1, None), (15.5, "reconsideration.correction_rate"), (96, None)]


def test_the_second_day_of_a_date_range_is_no_figure():
    doc = fazhi.parse_text("某县举办执法培训班\n9月8日至10日，某县举办执法人员培训班，培训执法人员210人，为期3日。")
    assert [(m["value"], m["unit"]) for m in doc["metrics"]] == [(210, "人"), (3, "日")]
