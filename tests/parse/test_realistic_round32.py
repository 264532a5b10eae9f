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
