"""Classes of miss found on tests/fixtures/realistic, each tested on a different text of its own."""

import fazhi
from fazhi import Source, Table


def parse_blocks(*blocks):
    return fazhi.parse_source(Source(blocks=list(blocks)))


# ---- task tables: a title row above, notes below, two task-like columns


def test_table_title_row_and_notes_rows_are_text_not_tasks():
    table = Table(rows=[
        ["北坪县2024年依法行政重点工作责任表", "", "", ""],
        ["序号", "工作任务", "责任单位", "完成时间"],
        ["1", "编制县级行政执法事项目录并动态调整。", "县司法局", "2024年5月底前"],
        ["2", "开展乡镇合法性审查质效评估。", "县司法局、各乡镇", "2024年10月底前"],
        ["说明:1.责任单位排序不分先后。", "", "", ""],
        ["2.请于每月5日前报送进度。", "", "", ""],
    ])  # fmt: skip
    doc = parse_blocks(table)
    assert doc["title"] == "北坪县2024年依法行政重点工作责任表"
    assert doc["kind"] == "plan"
    assert [t["path"] for t in doc["tasks"]] == [["1"], ["2"]]
    assert doc["tasks"][1]["units"]["responsible"] == ["县司法局", "各乡镇"]
    assert doc["default_deadline"] == "2024-12-31"


def test_of_two_task_like_columns_the_longer_holds_the_items():
    table = Table(rows=[
        ["序号", "主要任务", "工作措施", "责任单位", "完成时限"],
        ["1", "规范执法", "全面推行行政执法公示制度，执法信息公示率达到100%。", "县市场监管局", "2024年6月底前"],
        ["2", "规范执法", "推行包容审慎监管，制定轻微违法不予处罚清单。", "县司法局", "2024年9月底前"],
    ])  # fmt: skip
    tasks = parse_blocks("某县2024年法治政府建设工作方案", table)["tasks"]
    assert tasks[0]["text"].startswith("全面推行行政执法公示制度")
    assert tasks[0]["targets"][0]["value"] == 100
    assert [t["units"]["responsible"] for t in tasks] == [["县市场监管局"], ["县司法局"]]


def test_a_numbered_note_list_under_a_table_is_no_task():
    table = Table(rows=[
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["1", "建立行政规范性文件后评估制度。", "市司法局", "2024年11月底前"],
        ["2", "公布年度重大行政决策事项目录。", "市政府办公室", "2024年3月底前"],
    ])  # fmt: skip
    doc = parse_blocks("南岭市2024年法治政府建设任务清单", table, "注:1.各单位请指定一名联络员。", "2.工作进展请按月报送。")
    assert [t["path"] for t in doc["tasks"]] == [["1"], ["2"]]
    assert doc["tasks"][0]["units"]["lead"] == ["市司法局"]


# ---- recurring duties by quarter and month (SCHEMA.md: quarterly, monthly)


def test_quarterly_and_monthly_duties_recur_from_the_issue_date():
    from fazhi.parse.dates import find_deadlines

    found = find_deadlines("各乡镇每季度末报送调解台账,县司法局每月10日前汇总通报。", 2023, "2023-05-20")
    assert [(d["date"], d["recurring"]) for d in found] == [("2023-06-30", "quarterly"), ("2023-06-10", "monthly")]
    late = find_deadlines("每个月底前更新权责清单。", 2023, "2023-12-31")
    assert [(d["date"], d["recurring"]) for d in late] == [("2024-01-31", "monthly")]
    # 每年第一季度 stays yearly; a quarter named after 每季度 is not a second date
    assert [d["recurring"] for d in find_deadlines("每年第一季度报告上年度情况。", 2023, "2023-05-20")] == ["yearly"]


# ---- a notice that prints a plan: the document is the plan


def test_a_forwarding_notice_is_titled_by_the_plan_it_prints():
    text = "\n".join([
        "县人民政府办公室关于下发《临川县2026年依法行政工作要点》的通知",
        "各乡镇人民政府,县政府各部门:",
        "现将《临川县2026年依法行政工作要点》下发给你们,请认真贯彻执行。",
        "临川县2026年依法行政工作要点",
        "一、推进严格规范公正文明执法",
        "1.开展行政执法案卷评查。(县司法局负责)",
    ])  # fmt: skip
    doc = fazhi.parse_text(text)
    assert doc["title"] == "临川县2026年依法行政工作要点"
    assert doc["kind"] == "plan" and doc["year"] == 2026
    assert doc["default_deadline"] == "2026-12-31"


# ---- Chinese numerals with 万/亿 inside or a 点 fraction; a duty's frequency


def test_chinese_numerals_with_multipliers_and_fractions():
    from fazhi.parse.quantities import find_quantities

    def got(t):
        return [(q.value, q.unit, q.approx) for q in find_quantities(t)]

    assert got("为群众挽回经济损失三点五万元。") == [(35000, "元", False)]
    assert got("接待来访群众两万三千余人次。") == [(23000, "人次", True)]
    assert got("发放明白纸八万张。") == [(80000, "张", False)]
    assert got("全区财政投入零点八亿元。") == [(80000000, "元", False)]


def test_once_a_period_is_a_target_but_a_bare_one_is_not():
    from fazhi.parse.quantities import find_targets

    assert [(t["value"], t["unit"]) for t in find_targets("各街道每半年组织一次法律顾问述职。")] == [(1, "次")]
    assert find_targets("组织一次全县行政执法培训。") == []
    assert find_targets("打造一支高素质的执法队伍。") == []


# ---- a label line ending on a whole name is not continued by the paragraph below


def test_last_label_line_keeps_the_closing_paragraph_out():
    text = "\n".join([
        "安平市2026年法治政府建设工作要点",
        "一、深化政务公开",
        "1.完善政府信息主动公开目录。",
        "责任单位:市政府办公室、各区人民政府",
        "2.规范依申请公开答复文书。",
        "责任单位:市政府办公室、市司法局",
        "各单位要于2026年11月底前报送工作总结。",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert tasks[1]["units"]["responsible"] == ["市政府办公室", "市司法局"]
    assert tasks[1]["deadlines"] == []


def test_a_label_line_broken_inside_a_name_is_still_joined():
    text = "\n".join([
        "某县2026年依法行政工作要点",
        "一、规范执法",
        "1.开展执法案卷评查。",
        "责任单位:县司法局、县发展",
        "改革局",
    ])  # fmt: skip
    assert fazhi.parse_text(text)["tasks"][0]["units"]["responsible"] == ["县司法局", "县发展改革局"]


# ---- indicator names split by the body addressed (报送市政府备案, 审查县政府合同)


def test_indicator_names_split_by_a_body_keep_their_key():
    from fazhi.parse.metrics import metrics_of

    def keys(para):
        return [(m["key"], m["value"]) for m in metrics_of(para)[0]]

    assert keys("全年制定规范性文件5件,均按时报送市人大常委会备案5件。")[-1] == ("normative_docs.filed", 5)
    assert keys("法律顾问审查区政府各类合同46件。") == [("legality_review.contracts", 46)]
    assert keys("组织各执法单位自查行政处罚案卷210卷。") == [("enforcement.case_files_reviewed", 210)]


# ---- catch-all sentences with other verbs; achievements headed by the year past


def test_catch_all_completed_with_other_verbs():
    text = "\n".join([
        "清河县人民政府关于推进证明事项告知承诺制的实施意见",
        "一、全面梳理证明事项",
        "(一)县级各部门梳理本系统证明事项清单。(县司法局牵头)",
        "(二)公布实行告知承诺的事项目录。(县政务服务中心负责)",
        "二、组织保障",
        "各部门要高度重视,确保上述各项任务于2027年3月底前落实到位。",
    ])  # fmt: skip
    assert fazhi.parse_text(text)["default_deadline"] == "2027-03-31"


def test_achievements_part_headed_by_the_year_past():
    text = "\n".join([
        "北湾镇人民政府2024年依法行政工作总结",
        "一、一年来的工作",
        "全年办理行政许可事项316件,群众满意率99%。",
        "二、存在的问题",
        "基层执法力量仍然不足。",
        "三、下一步打算",
        "持续推进综合行政执法改革。",
    ])  # fmt: skip
    sections = fazhi.parse_text(text)["sections"]
    assert sections["achievements"] and sections["shortcomings"] and sections["next_year"]


# ---- statistics tables read with the rows above; a name just before the next figure


def test_statistics_table_rows_take_context_from_the_rows_above():
    table = Table(rows=[["类别", "件数"], ["行政复议收案", "40件"], ["驳回", "3件"], ["终止", "2件"]])
    doc = parse_blocks("某区司法局2025年度工作报告", "一、主要工作成效", "全年工作情况见下表。", table)
    keyed = {(m["key"], m["value"]) for m in doc["metrics"] if m["key"]}
    assert {("reconsideration.dismissed", 3), ("reconsideration.terminated", 2)} <= keyed


def test_the_name_before_the_next_figure_is_not_this_figures_name():
    from fazhi.parse.metrics import metrics_of

    found = metrics_of("全县9个乡镇综治中心排查调处矛盾纠纷1250件。")[0]
    assert [(m["key"], m["value"]) for m in found] == [(None, 9), ("mediation.cases", 1250)]
    found = metrics_of("全市5个部门出台规范性文件12件。")[0]
    assert [(m["key"], m["value"]) for m in found] == [(None, 5), ("normative_docs.issued", 12)]


def test_approximate_word_before_the_multiplier():
    from fazhi.parse.quantities import find_quantities

    got = [(q.value, q.unit, q.approx) for q in find_quantities("全年追缴税款两千余万元,惠及企业30余万户。")]
    assert got == [(20000000, "元", True), (300000, "户", True)]


def test_sections_of_a_bureau_are_units():
    text = "\n".join([
        "某区城市管理局2026年依法行政工作要点",
        "一、规范执法",
        "1.推行执法文书电子化,覆盖率达到90%。(区城管局法制科负责,区市场监管局执法稽查股配合)",
    ])  # fmt: skip
    units = fazhi.parse_text(text)["tasks"][0]["units"]
    assert units["responsible"] == ["区城管局法制科"] and units["support"] == ["区市场监管局执法稽查股"]


def test_a_chinese_count_of_times_closing_its_clause_is_a_figure():
    from fazhi.parse.quantities import find_quantities

    got = [(q.value, q.unit) for q in find_quantities("区政府党组集体学法四次,组织执法检查五轮。落实三项制度。")]
    assert got == [(4, "次"), (5, "轮")]


def test_a_generic_verb_with_its_own_object_takes_no_domain_key():
    from fazhi.parse.metrics import metrics_of

    para = "区行政复议局新收行政复议申请88件,受理80件。信访部门全年受理群众来信来访520件。"
    keyed = [(m["key"], m["value"]) for m in metrics_of(para)[0]]
    assert keyed == [("reconsideration.received", 88), ("reconsideration.accepted", 80), (None, 520)]
