"""Round 26's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi
from fazhi import Source, Table


def parse_blocks(*blocks):
    return fazhi.parse_source(Source(blocks=list(blocks)))


def keyed(doc):
    return {(m["key"], m["value"]) for m in doc["metrics"] if m["key"]}


REPORT_HEAD = ("北塘县自然资源局2024年度法治政府建设情况报告", "现将有关情况报告如下。", "一、主要举措和成效")


def test_a_departments_own_reconsideration_cases_are_those_received():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年涉及本单位的行政复议案件7件,涉及本部门的行政诉讼案件3件,均未被纠错。",
        "局复议窗口共接收群众复议申请45件。",
        "二、存在的不足",
        "执法力量不足。",
    )))
    assert doc["kind"] == "report"
    assert {("reconsideration.received", 7), ("litigation.cases", 3), ("reconsideration.received", 45)} <= keyed(doc)


def test_a_figure_of_what_a_review_found_is_not_the_reviews_count():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年报送备案规范性文件8件;规范性文件备案审查发现问题文件5件,已督促制定机关修改。",
        "二、存在的不足",
        "审查力量不足。",
    )))
    pairs = {(m["key"], m["value"]) for m in doc["metrics"]}
    assert ("normative_docs.filed", 8) in pairs
    assert (None, 5) in pairs


def test_a_catch_all_for_items_left_unmarked_and_a_purpose_clause_that_is_none():
    doc = fazhi.parse_text(
        "西陵区2026年依法行政工作要点\n"
        "为确保各项任务落实到位,经区政府同意,决定于2026年3月至5月集中部署。\n"
        "一、依法决策\n"
        "1.公布重大行政决策事项目录,4月底前完成。(牵头单位:区政府办)\n"
        "2.落实合法性审查制度。(责任单位:区司法局)\n"
        "二、执法监督\n"
        "3.开展执法案卷评查,评查案卷不少于80卷。(区司法局负责)\n"
        "本要点所列任务未标注完成时限的,于2026年11月30日前完成。\n"
    )
    assert doc["default_deadline"] == "2026-11-30"
    assert [t["deadlines"] for t in doc["tasks"]][1:] == [[], []]  # the closing sentence is no item's


def test_rectification_label_lines_keep_every_unit_and_their_time_limit():
    doc = fazhi.parse_text(
        "南溪镇法治督察反馈问题整改方案\n"
        "一、执法不规范的问题\n"
        "(一)存在问题:执法文书使用不统一。\n"
        "整改措施:统一执法文书格式。\n"
        "责任单位:镇综合执法队,镇司法所\n"
        "整改期限:2026年4月底前\n"
        "(二)存在问题:执法公示不及时。\n"
        "整改措施:建立公示台账,公示率达到100%。\n"
        "责任单位:镇党政办、镇综合执法队、各村委会\n"
        "整改时限:2026年5月15日前\n"
    )
    t1, t2 = doc["tasks"]
    assert t1["units"]["responsible"] == ["镇综合执法队", "镇司法所"]
    assert [d["date"] for d in t1["deadlines"]] == ["2026-04-30"]
    assert t2["units"]["responsible"] == ["镇党政办", "镇综合执法队", "各村委会"]
    assert [d["date"] for d in t2["deadlines"]] == ["2026-05-15"]


def test_a_rectification_ledger_table_is_a_plan():
    table = Table(rows=[
        ["东岭县依法行政检查问题整改台账"],
        ["序号", "存在问题", "整改措施", "责任单位", "配合单位", "整改期限"],
        ["1", "执法人员持证率偏低", "组织执法资格考试,持证率达到95%以上。", "县司法局", "县人社局", "2026年8月31日"],
        ["2", "权责清单未动态调整", "开展权责清单动态调整。", "县委编办", "", "2026年6月底前"],
        ["3", "复议决定履行不到位", "建立履行情况通报制度。", "县司法局", "县直各部门", "长期坚持"],
    ])
    doc = parse_blocks(table)
    assert doc["kind"] == "plan"
    assert [t["path"] for t in doc["tasks"]] == [["1"], ["2"], ["3"]]
    assert doc["tasks"][0]["units"] == {"lead": [], "responsible": ["县司法局"], "support": ["县人社局"]}
    assert [d["date"] for d in doc["tasks"][0]["deadlines"]] == ["2026-08-31"]
    assert [(g["value"], g["op"]) for g in doc["tasks"][0]["targets"]] == [(95, ">=")]
    assert doc["tasks"][2]["deadlines"] == []


def test_a_measures_column_beside_a_merged_task_column_holds_the_items():
    table = Table(rows=[
        ["序号", "主要任务", "工作举措", "牵头单位", "完成时限"],
        ["1", "优化营商环境", "清理涉企收费项目,清理事项不少于30项。", "市发展改革委", "2026年6月底前"],
        ["2", "优化营商环境", "推行告知承诺制,新增承诺事项12项。", "市政务服务局", "2026年9月底前"],
    ])
    doc = parse_blocks("东湖市2026年法治政府建设任务分工", table)
    assert [[(g["value"], g["unit"]) for g in t["targets"]] for t in doc["tasks"]] == [[(30, "项")], [(12, "项")]]


def test_a_time_cell_of_months_only_is_due_at_each_months_end():
    table = Table(rows=[
        ["序号", "工作内容", "责任科室", "完成时间"],
        ["1", "开展行政执法案卷自查。", "法制科", "4月、10月"],
        ["2", "修订执法文书范本。", "执法大队", "9月"],
        ["3", "组织旁听庭审活动。", "办公室", "5月和11月底前"],
    ])
    doc = parse_blocks("北原县交通运输局2026年法治建设工作计划", table)
    assert [[d["date"] for d in t["deadlines"]] for t in doc["tasks"]] == [
        ["2026-04-30", "2026-10-31"], ["2026-09-30"], ["2026-05-31", "2026-11-30"]]


def test_a_month_in_running_text_is_still_no_deadline():
    doc = fazhi.parse_text(
        "南原县2026年法治宣传工作要点\n"
        "一、宣传活动\n"
        "1.12月，围绕国家宪法日开展集中宣传。(县司法局负责)\n"
        "2.组织法治文艺汇演。(县文旅局负责)\n"
    )
    assert doc["tasks"][0]["deadlines"] == []


def test_short_names_of_deputies_suggestions_and_members_proposals_after_their_full_names():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年办理人大代表建议和政协委员提案,分别办理建议47件、提案35件,按期办结率100%。",
        "二、存在的不足",
        "办理质量有待提高。",
    )))
    assert {("npc.suggestions", 47), ("cppcc.proposals", 35)} <= keyed(doc)


def test_an_outcome_verb_inside_an_indicators_name_leaves_the_figure_unkeyed():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年组织行政执法检查,抽查行政执法案卷210卷,抽查发现问题案卷19卷,均已整改。",
        "二、存在的不足",
        "案卷质量不高。",
    )))
    pairs = {(m["key"], m["value"]) for m in doc["metrics"]}
    assert ("enforcement.case_files_reviewed", 210) in pairs
    assert (None, 19) in pairs


def test_section_rows_numbered_in_the_seq_column_are_sections():
    table = Table(rows=[
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["一", "依法决策", "", ""],
        ["1", "编制重大行政决策事项目录。", "市政府办", "2026年5月底前"],
        ["二", "执法监督", "", ""],
        ["2", "开展执法案卷评查。", "市司法局", "长期坚持"],
    ])
    doc = parse_blocks("南岸市2026年依法行政任务表", table)
    assert [t["path"] for t in doc["tasks"]] == [["一", "1"], ["二", "2"]]


def test_items_all_numbered_with_chinese_numerals_stay_items_without_units():
    table = Table(rows=[
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["一", "编制重大行政决策事项目录。", "市政府办", "2026年5月底前"],
        ["二", "开展执法案卷评查。", "", ""],
    ])
    doc = parse_blocks("南岸市2026年依法行政任务表", table)
    assert [t["path"] for t in doc["tasks"]] == [["一"], ["二"]]


def test_short_labels_of_taking_part_and_working_with_are_support():
    doc = fazhi.parse_text(
        "北湾区2026年法治政府建设要点\n"
        "1.开展规范性文件清理。(牵头:区司法局;参与:区直各部门)\n"
        "2.推进执法协作。(牵头:区市场监管局;协同:区公安分局)\n"
    )
    assert [t["units"]["support"] for t in doc["tasks"]] == [["区直各部门"], ["区公安分局"]]


def test_a_number_right_after_mei_is_a_denominator():
    from fazhi.parse.quantities import find_targets

    targets = find_targets("每万名常住人口配备人民调解员不少于8名,每10万人拥有律师达到20名。")
    assert [(t["value"], t["unit"]) for t in targets] == [(8, "名"), (20, "名")]


def test_a_problems_part_named_with_challenges():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年审结行政复议案件40件。",
        "二、问题和挑战",
        "执法力量不足。",
        "三、2025年工作安排",
        "深化改革。",
    )))
    assert doc["sections"]["shortcomings"] is True


def test_failed_case_files_are_not_the_files_reviewed():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年评查行政执法案卷560卷,评查出不合格案卷31卷,已全部反馈整改。",
        "二、存在的不足",
        "案卷质量不高。",
    )))
    pairs = {(m["key"], m["value"]) for m in doc["metrics"]}
    assert ("enforcement.case_files_reviewed", 560) in pairs
    assert (None, 31) in pairs


def test_a_growth_in_times_is_a_figure():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年网上申请行政复议98件,较上年增长2.5倍。",
        "二、存在的不足",
        "宣传不够。",
    )))
    assert (2.5, "倍") in {(m["value"], m["unit"]) for m in doc["metrics"]}


def test_a_call_for_comments_on_a_draft_is_no_plan():
    doc = fazhi.parse_text(
        "关于征求《北山县重大行政决策程序规定（草案）》修改意见的函\n"
        "县直各部门:\n"
        "现将草案印发给你们,请研究提出意见。\n"
        "一、反馈时间\n"
        "请于2026年4月15日前反馈。\n"
        "二、反馈方式\n"
        "(一)书面反馈至县司法局。\n"
        "(二)逾期未反馈的视为无意见。\n"
    )
    assert doc["kind"] == "other"
    assert doc["tasks"] == []


def test_a_draft_plan_for_comments_is_still_a_plan():
    doc = fazhi.parse_text(
        "北山县2026年法治政府建设工作要点(征求意见稿)\n"
        "一、依法决策\n"
        "1.编制决策事项目录。(责任单位:县政府办)\n"
        "2.开展合法性审查。(责任单位:县司法局)\n"
    )
    assert doc["kind"] == "plan"
    assert len(doc["tasks"]) == 2


def test_a_table_of_contents_does_not_repeat_the_outline():
    doc = fazhi.parse_text(
        "南平县法治政府建设实施方案(2026—2028年)\n"
        "目 录\n"
        "一、基本原则..........................1\n"
        "二、重点任务……………………………2\n"
        "三、保障措施……………………………4\n"
        "一、基本原则\n"
        "坚持依法行政,到2028年基本建成法治政府。\n"
        "二、重点任务\n"
        "(一)完善决策机制。(县司法局负责)\n"
        "(二)规范执法行为。(县司法局负责)\n"
        "三、保障措施\n"
        "(一)加强组织领导。(县委依法治县办负责)\n"
    )
    assert [t["path"] for t in doc["tasks"]] == [["一"], ["二", "(一)"], ["二", "(二)"], ["三", "(一)"]]


def test_a_notice_about_reporting_is_not_a_report_and_its_year_bounds_no_later_work():
    doc = fazhi.parse_text(
        "关于报送2025年度法治政府建设情况报告的通知\n"
        "各镇人民政府,区直各部门:\n"
        "现就报送工作通知如下。\n"
        "一、报送要求\n"
        "(一)各单位于2026年1月20日前报送本单位年度报告。(责任单位:各镇人民政府,区直各部门)\n"
        "(二)区委依法治区办于2026年2月15日前汇总形成全区报告。(责任单位:区委依法治区办)\n"
        "二、公开要求\n"
        "(一)各单位报告于2026年3月底前向社会公开。(责任单位:各镇人民政府,区直各部门)\n"
    )
    assert doc["kind"] == "plan"
    assert doc["default_deadline"] is None
    assert [d["date"] for t in doc["tasks"] for d in t["deadlines"]] == ["2026-01-20", "2026-02-15", "2026-03-31"]


def test_an_attachment_label_as_page_title_gives_way_to_the_tables_title_row():
    table = Table(rows=[
        ["西湖区2026年法治建设任务分工表"],
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "开展规范性文件清理。", "区司法局", "2026年6月底前"],
        ["2", "推进政务公开。", "区政府办", "长期坚持"],
    ])
    doc = fazhi.parse_source(Source(blocks=[table], title="附件1:重点任务分工表"))
    assert doc["title"] == "西湖区2026年法治建设任务分工表"
    assert doc["default_deadline"] == "2026-12-31"


def test_a_count_of_the_units_a_list_stands_for_is_no_part_of_the_last_name():
    doc = fazhi.parse_text(
        "西岭区2026年普法工作要点\n"
        "1.落实普法责任制。(责任单位:区教育局、区卫健局等12个单位)\n"
        "2.开展法治文化建设。(配合单位:区文旅局、区融媒体中心等三个部门)\n"
    )
    assert [t["units"]["responsible"] for t in doc["tasks"]][0] == ["区教育局", "区卫健局"]
    assert doc["tasks"][1]["units"]["support"] == ["区文旅局", "区融媒体中心"]
    assert all(t["targets"] == [] for t in doc["tasks"])


def test_other_wordings_of_issuing_documents_and_of_leaders_in_court():
    doc = fazhi.parse_text("\n".join((
        *REPORT_HEAD,
        "全年制发行政规范性文件6件;涉及本局的行政诉讼案件4件,负责人出庭应诉比例75%。",
        "二、有待改进的地方",
        "力量不足。",
    )))
    assert {("normative_docs.issued", 6), ("litigation.head_appearance_rate", 75)} <= keyed(doc)
    assert doc["sections"]["shortcomings"] is True
