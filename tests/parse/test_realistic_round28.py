"""Round 28's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def _tasks(text: str) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in fazhi.parse_text(text)["tasks"]}


def test_a_bare_unit_list_may_close_with_its_time_inside_the_brackets():
    # A 分工 names its units without role words and puts the time after them in the same note.
    tasks = _tasks("\n".join((
        "北津市2023年法治政府建设工作要点",
        "一、依法行政",
        "1.修订市政府工作规则。（市政府办公室、市司法局，2023年5月底前完成）",
        "2.推行柔性执法。（市市场监管局；下半年）",
        "3.建立法律顾问库。（市司法局，持续推进）",
        "4.公布决策目录。（2023年3月底前）",
    )))
    assert tasks[("一", "1")]["units"]["responsible"] == ["市政府办公室", "市司法局"]
    assert [d["date"] for d in tasks[("一", "1")]["deadlines"]] == ["2023-05-31"]
    assert tasks[("一", "2")]["units"]["responsible"] == ["市市场监管局"]
    assert [d["date"] for d in tasks[("一", "2")]["deadlines"]] == ["2023-12-31"]
    assert tasks[("一", "3")]["units"]["responsible"] == ["市司法局"]
    assert tasks[("一", "3")]["deadlines"] == []
    # a time alone in brackets names no unit
    assert tasks[("一", "4")]["units"] == {"lead": [], "responsible": [], "support": []}


def test_under_the_first_listed_rule_a_note_with_its_time_still_leads_with_its_first_unit():
    tasks = _tasks("\n".join((
        "东岭省落实法治政府建设规划重点任务分工",
        "各项任务中列第一位者为牵头单位，下同。",
        "一、政府职能",
        "1.完成权责清单调整。（省委编办、省政务服务局、省司法厅，2024年底前）",
    )))
    units = tasks[("一", "1")]["units"]
    assert units["lead"] == ["省委编办"]
    assert units["responsible"] == ["省政务服务局", "省司法厅"]


def test_a_ministrys_departments_are_units():
    # A national ministry's plan assigns its 司 (departments) as a county's plan assigns 局.
    tasks = _tasks("\n".join((
        "国家某某局2019年依法行政工作要点",
        "一、制度建设",
        "（一）修订部门规章2件。（法规司牵头，综合业务司、财务司配合）",
        "（二）清理规范性文件。（办公厅、各司按职责分工负责）年内完成。",
    )))
    first = tasks[("一", "(一)")]["units"]
    assert first["lead"] == ["法规司"]
    assert first["support"] == ["综合业务司", "财务司"]
    assert tasks[("一", "(二)")]["units"]["responsible"] == ["办公厅", "各司"]


def test_a_verb_of_doing_before_a_procedure_word_makes_the_date_a_deadline():
    tasks = _tasks("\n".join((
        "西湾县2025年依法行政工作计划",
        "一、执法监督",
        "1.制定执法事项评估办法，下半年组织首次评估。（县司法局负责）",
        "2.推进示范创建，2027年第二季度完成创建验收。（县司法局负责）",
        "3.将依法行政情况纳入年底综合考核。（县考核办负责）",
    )))
    assert [d["date"] for d in tasks[("一", "1")]["deadlines"]] == ["2025-12-31"]
    assert [d["date"] for d in tasks[("一", "2")]["deadlines"]] == ["2027-06-30"]
    assert tasks[("一", "3")]["deadlines"] == []  # still the name of a year-end procedure


def test_a_yearly_duty_that_starts_in_a_stated_year_falls_first_in_that_year():
    doc = fazhi.parse_text("\n".join((
        "南川区法治政府建设行动方案（2025—2027年）",
        "一、制度建设",
        "1.编制区级证明事项清单，2027年起每年3月底前更新一次。（区司法局负责）",
        "南川区人民政府办公室",
        "2025年5月6日",
    )))
    deadlines = doc["tasks"][0]["deadlines"]
    assert [(d["date"], d["recurring"]) for d in deadlines] == [("2027-03-31", "yearly")]


def test_a_time_label_of_months_after_a_year_gives_each_month_of_that_year():
    doc = fazhi.parse_text("\n".join((
        "河口县司法局2018年工作计划",
        "一、执法监督",
        "1.组织行政执法人员资格考试。",
        "责任股室：法制股",
        "完成时间：2018年5月、11月",
    )))
    assert sorted(d["date"] for d in doc["tasks"][0]["deadlines"]) == ["2018-05-31", "2018-11-30"]


def test_a_paragraph_after_the_last_items_label_lines_closes_the_document():
    doc = fazhi.parse_text("\n".join((
        "临江市2021年依法行政工作计划",
        "一、执法监督",
        "（一）开展行政执法案卷评查。",
        "牵头单位：市司法局",
        "完成时间：2021年10月底前",
        "",
        "凡未明确完成时间的任务，于2021年12月15日前完成，每月5日前报送进展。",
    )))
    assert doc["default_deadline"] == "2021-12-15"
    assert [d["date"] for d in doc["tasks"][-1]["deadlines"]] == ["2021-10-31"]


def test_a_closing_paragraph_addressed_to_the_lead_units_is_not_the_last_items():
    doc = fazhi.parse_text("\n".join((
        "南峰省法治政府建设规划重点任务分工方案",
        "一、依法决策",
        "1.建立重大行政决策目录管理制度，2022年底前出台。（省政府办公厅）",
        "各牵头单位要细化落实措施，每年12月10日前将年度落实情况报送省司法厅。",
    )))
    assert [d["date"] for d in doc["tasks"][-1]["deadlines"]] == ["2022-12-31"]


def test_a_catch_all_that_names_the_time_limit_first():
    doc = fazhi.parse_text("\n".join((
        "东沙县2024年法治政府建设工作要点",
        "一、依法行政",
        "1.公布县政府重大行政决策事项目录。（县政府办公室）",
        "注：完成期限未注明的任务，须于2024年11月20日前完成。",
    )))
    assert doc["default_deadline"] == "2024-11-20"


def test_a_duty_every_two_years_counts_its_one_time():
    doc = fazhi.parse_text("\n".join((
        "西河县2023年依法行政工作计划",
        "一、制度建设",
        "1.每两年组织一次政府规章和规范性文件评估。（县司法局负责）",
    )))
    assert [(t["value"], t["unit"]) for t in doc["tasks"][0]["targets"]] == [(1, "次")]


def test_reconsideration_cases_concerning_the_reporting_body_by_its_name():
    # A town or street office names itself where a bureau writes 涉及本局.
    doc = fazhi.parse_text("\n".join((
        "柳岸街道2024年法治政府建设工作报告",
        "一、工作成效",
        "全年涉及街道办事处的行政复议案件3件，均维持原行政行为。",
        "二、存在的问题",
        "执法力量不足。",
    )))
    assert [(m["value"], m["key"]) for m in doc["metrics"]] == [(3, "reconsideration.received")]


def test_a_share_of_a_figure_after_its_comparison_takes_the_figures_key():
    doc = fazhi.parse_text("\n".join((
        "北塘县2024年度法治政府建设情况报告",
        "一、主要成效",
        "县行政复议中心收到行政复议申请210件，较上年增长12.3%，其中县本级41件，涉及征地拆迁的案件18件。"
        "全县办理行政处罚案件900件，同比下降5%，其中简易程序案件300件。",
        "二、存在的不足",
        "办案力量不足。",
    )))
    keys = {m["value"]: m["key"] for m in doc["metrics"]}
    assert keys[41] == "reconsideration.received"  # a sub-unit's share
    assert keys[12.3] is None
    assert keys[18] is None  # a class of cases is not the indicator of any body
    assert keys[300] is None  # the share of an unkeyed figure stays unkeyed
