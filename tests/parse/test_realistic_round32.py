"""Round 32's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def _tasks(doc: dict) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in doc["tasks"]}


def _dates(task: dict) -> list[str]:
    return [d["date"] for d in task["deadlines"]]


def test_a_stage_headings_bracketed_time_is_its_items_deadline():
    # "(一)准备阶段(2025年5月底前)" over numbered items: the stage's time is each item's, as a
    # section's 完成时限 line is; a leaf stage with only a year falls due at that year's end.
    doc = fazhi.parse_text("\n".join((
        "河湾县2025年行政执法质量提升行动方案",
        "为提升全县行政执法质量，制定本方案。",
        "一、行动步骤",
        "（一）自查自纠阶段（2025年5月底前）",
        "1.各执法部门对照问题清单开展自查。（县直各行政执法部门负责）",
        "2.建立自查问题整改台账。（县司法局牵头）",
        "（二）集中整治阶段（2025年6月至9月）",
        "3.开展执法案卷交叉评查。（县司法局负责）",
        "二、巩固提升",
        "（一）总结阶段（2026年）。总结行动经验，形成长效机制。",
        "河湾县人民政府办公室",
        "2025年4月10日",
    )))
    tasks = _tasks(doc)
    assert _dates(tasks[("一", "(一)", "1")]) == ["2025-05-31"]
    assert _dates(tasks[("一", "(一)", "2")]) == ["2025-05-31"]
    assert _dates(tasks[("一", "(二)", "3")]) == ["2025-09-30"]
    assert _dates(tasks[("二", "(一)")]) == ["2026-12-31"]


def test_a_bracket_that_is_not_a_time_stays_no_deadline():
    doc = fazhi.parse_text("\n".join((
        "河湾县2025年普法工作要点",
        "一、重点宣传（宪法、民法典）",
        "1.开展宪法宣传进机关活动。（县司法局负责）",
        "2.开展民法典进社区活动。（县民政局负责）",
    )))
    assert all(t["deadlines"] == [] for t in doc["tasks"])


def test_a_notices_problems_closing_is_the_catch_all():
    # "以上问题须于…前全部整改到位": the date of every problem without its own.
    doc = fazhi.parse_text("\n".join((
        "关于反馈2025年度依法行政专项检查问题的通知",
        "各镇人民政府，县直各部门：",
        "现将专项检查发现的问题反馈如下。",
        "一、部分单位权责清单未及时调整。请于2025年9月30日前完成调整。（责任单位：县委编办）",
        "二、个别单位未落实行政执法公示制度。（责任单位：县城管局）",
        "三、部分执法案卷文书不规范。请于2025年10月15日前完成案卷整改。（责任单位：县直各行政执法部门）",
        "四、合法性审查台账不健全。请于2025年9月15日前建立台账。（责任单位：县司法局）",
        "上述检查发现的问题须于2025年11月20日前全部整改到位，整改情况报县委依法治县办。",
        "中共河湾县委全面依法治县委员会办公室",
        "2025年8月25日",
    )))
    assert doc["default_deadline"] == "2025-11-20"
    tasks = _tasks(doc)
    assert _dates(tasks[("一",)]) == ["2025-09-30"]
    assert tasks[("二",)]["deadlines"] == []


def test_shares_listed_before_fenbie_take_the_totals_key():
    # "…应诉案件N件;其中以A、B政府为被告的分别为x件、y件": the names alone key nothing, so the
    # shares take the key of the total just before them.
    doc = fazhi.parse_text("\n".join((
        "桐江市人民政府关于2023年度法治政府建设情况的报告",
        "一、主要举措和成效",
        "全市一审行政诉讼案件305件；其中以东塘县、西港区政府为被告的分别为41件、36件。全市开展普法活动120场；其中东塘县、西港区分别为30场、25场。",
    )))
    keyed = [(m["key"], m["value"]) for m in doc["metrics"]]
    assert keyed[:3] == [("litigation.cases", 305), ("litigation.cases", 41), ("litigation.cases", 36)]
    assert (None, 30) in keyed and (None, 25) in keyed


def test_a_share_labelled_with_de_or_as_defendant_takes_the_totals_key():
    # "…其中涉及街道办事处的32件", "…其中以区政府为被告的12件": a body's share of the figure before.
    doc = fazhi.parse_text("\n".join((
        "柳港区人民政府关于2024年度法治政府建设情况的报告",
        "一、主要举措和成效",
        "全年收到行政复议申请150件，其中涉及街道办事处的32件。全区一审行政诉讼案件80件，其中以区政府为被告的12件。全区受理行政复议申请140件，其中涉企的45件。",
    )))
    keyed = [(m["key"], m["value"]) for m in doc["metrics"]]
    assert ("reconsideration.received", 32) in keyed
    assert ("litigation.cases", 12) in keyed
    assert (None, 45) in keyed  # a class of cases is no body: no share of the indicator


def test_a_task_tables_section_column_named_bankuai(tmp_path):
    # A 工作板块 column repeating "一、…" on each row is the section: paths ["一", "1"].
    rows = "".join(
        f"<tr><td>{sec}</td><td>{n}</td><td>{task}</td><td>县司法局</td><td>{when}</td></tr>"
        for sec, n, task, when in (
            ("一、学习宣传宪法", "1", "开展宪法进机关活动。", "2025年12月"),
            ("一、学习宣传宪法", "2", "组织国家工作人员宪法宣誓。", "长期坚持"),
            ("二、以案释法", "3", "发布典型案例汇编。", "2025年6月"),
        )
    )
    page = tmp_path / "tasks.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>梅川县2025年普法工作任务分工</title></head><body>"
        "<h2>梅川县2025年普法工作任务分工</h2><table border='1'><tr><th>工作板块</th><th>序号</th>"
        f"<th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>{rows}</table></body></html>",
        encoding="utf-8",
    )
    doc = fazhi.parse_file(str(page))
    assert [t["path"] for t in doc["tasks"]] == [["一", "1"], ["一", "2"], ["二", "3"]]
