"""Classes of miss found by held-out round 23 (plans and plan-like documents; see
tests/fixtures/realistic), each tested on a different text of its own."""

from pathlib import Path

import fazhi


def test_a_tab_separated_attachment_table_after_the_prose_gives_its_rows_as_tasks(tmp_path: Path):
    text = "\n".join([
        "某区城市管理领域执法规范化实施方案",
        "为规范城市管理执法行为，制定本方案。",
        "一、工作目标",
        "群众对城市管理执法满意率达到85%以上。",
        "二、工作要求",
        "各单位要落实专人负责。任务清单所列事项原则上于2026年11月30日前完成。",
        "附件：任务清单",
        "序号\t具体任务\t牵头单位\t配合单位\t完成时限",
        "1\t修订城市管理行政处罚裁量基准\t区城管局\t区司法局\t2026年6月30日",
        "2\t推行非现场执法，案件占比不低于30%\t区城管执法大队\t区大数据中心、区交警大队\t2026年9月30日",
    ])  # fmt: skip
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    data = fazhi.parse_file(path)
    tasks = {tuple(t["path"]): t for t in data["tasks"]}
    assert set(tasks) == {("一",), ("二",), ("1",), ("2",)}
    assert tasks[("2",)]["units"] == {"lead": ["区城管执法大队"], "responsible": [],
                                      "support": ["区大数据中心", "区交警大队"]}
    assert [d["date"] for d in tasks[("1",)]["deadlines"]] == ["2026-06-30"]
    assert [(g["value"], g["op"]) for g in tasks[("2",)]["targets"]] == [(30, ">=")]
    # the catch-all closes the prose, before the table: still the document's default
    assert data["default_deadline"] == "2026-11-30"
    assert tasks[("二",)]["deadlines"] == []


def test_a_two_column_tab_table_in_a_report_stays_text(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_text("某县2025年法治政府建设情况报告\n项目\t数量\n新收行政复议申请\t65件\n", encoding="utf-8")
    assert [m["value"] for m in fazhi.parse_file(path)["metrics"]] == [65]


def test_catch_all_wordings_untimed_tasks_and_all_tasks_done():
    base = "某市2026年政务公开工作要点\n一、公开\n1.修订公开指南。（市政府办公室负责，3月底前）\n2.开展公开培训。（市政府办公室负责）\n"
    for closing, due in [
        ("上述任务未注明完成时间的，应于2026年10月底前完成。", "2026-10-31"),
        ("未明确完成期限的任务，须在2026年11月15日前办结。", "2026-11-15"),
        ("各单位要确保2026年12月10日前完成全部工作任务。", "2026-12-10"),
    ]:
        assert fazhi.parse_text(base + closing)["default_deadline"] == due, closing


def test_a_supervision_notice_listing_items_is_a_plan():
    text = "\n".join([
        "某县人民政府办公室关于对行政执法突出问题整改进行督办的通知",
        "各乡镇人民政府，县直有关单位：",
        "现将有关督办事项通知如下。",
        "一、督办事项",
        "1.完成行政执法人员持证情况清理。",
        "承办单位：县司法局",
        "办理时限：2026年8月20日前",
        "2.整改执法案卷评查发现的问题，整改率达到100%。",
        "承办单位：县级各行政执法部门",
        "协办单位：县司法局",
        "办理时限：2026年9月30日前",
    ])  # fmt: skip
    data = fazhi.parse_text(text)
    assert data["kind"] == "plan"
    assert [t["units"] for t in data["tasks"]] == [
        {"lead": [], "responsible": ["县司法局"], "support": []},
        {"lead": [], "responsible": ["县级各行政执法部门"], "support": ["县司法局"]},
    ]
    assert [[d["date"] for d in t["deadlines"]] for t in data["tasks"]] == [["2026-08-20"], ["2026-09-30"]]


def test_a_coordinating_department_label_names_support():
    text = "某市2026年重点任务\n1.制定规章立法计划。\n牵头部门：市司法局\n协同部门：市人大常委会法工委、市政府办公室"
    task = fazhi.parse_text(text)["tasks"][0]
    assert task["units"] == {"lead": ["市司法局"], "responsible": [], "support": ["市人大常委会法工委", "市政府办公室"]}


def test_a_verb_note_as_comma_clauses_opening_or_closing_a_sentence():
    text = "\n".join([
        "某市2026年依法行政工作计划",
        "一、执法",
        "（一）推进包容审慎监管。市市场监管局牵头，市商务局、市税务局配合，公布免罚事项不少于50项。",
        "（二）规范涉企检查备案，市级各行政执法部门按职责分工分别负责，持续推进。",
        "（三）开展法治宣传，举办讲座不少于10场，群众参与率不低于60%。",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert tasks[0]["units"] == {"lead": ["市市场监管局"], "responsible": [], "support": ["市商务局", "市税务局"]}
    assert [(g["value"], g["op"]) for g in tasks[0]["targets"]] == [(50, ">=")]
    assert tasks[1]["units"] == {"lead": [], "responsible": ["市级各行政执法部门"], "support": []}
    assert "负责" not in tasks[1]["text"] and "牵头" not in tasks[0]["text"]
    assert tasks[2]["units"] == {"lead": [], "responsible": [], "support": []}


def test_a_list_set_out_by_unit_gives_each_section_unit_to_its_items():
    text = "\n".join([
        "某区2026年普法责任清单",
        "一、区教育局",
        "1.开展青少年法治教育，每学期组织法治课不少于2次。",
        "2.配齐中小学法治副校长。",
        "二、区卫生健康局",
        "3.开展医疗卫生法律法规宣传，6月底前完成。",
        "三、区人力资源社会保障局",
        "4.开展根治欠薪普法宣传。（区总工会配合）",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert [t["units"]["responsible"] for t in tasks] == [["区教育局"], ["区教育局"], ["区卫生健康局"], ["区人力资源社会保障局"]]
    assert tasks[3]["units"]["support"] == ["区总工会"]


def test_topic_headings_that_end_like_a_name_give_no_unit():
    text = "\n".join([
        "某县2026年工作要点",
        "一、县域法治政府",
        "1.完善依法决策机制。",
        "二、县级法治社会",
        "2.开展普法宣传。",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert [t["units"]["responsible"] for t in tasks] == [[], []]


def test_a_recurring_visit_and_a_counted_scope_date():
    from fazhi.parse.dates import find_deadlines

    got = find_deadlines("驻村律师每月到村坐班不少于2天，每季度到镇调研一次。", 2026, "2026-02-10")
    assert [(d["date"], d["recurring"]) for d in got] == [("2026-02-28", "monthly"), ("2026-03-31", "quarterly")]
    got = find_deadlines("2024年底前立案的执法案件全部结案，2026年9月底前完成。", 2026)
    assert [d["date"] for d in got] == ["2026-09-30"]
    got = find_deadlines("每年3月至5月开展集中宣传。", 2026)
    assert [d["date"] for d in got] == ["2026-05-31"]


def test_a_unit_that_guides_has_no_role_and_a_name_holding_the_word_stays_whole():
    text = "\n".join([
        "某市2026年工作计划",
        "一、基层",
        "（一）培育法治示范村。（各县人民政府负责，市司法局业务指导）",
        "（二）建设矛盾纠纷调处中心。（县综治指导中心负责）",
        "（三）推进执法规范化。（市司法局牵头，各区政府负责，市委依法治市办督导）",
    ])  # fmt: skip
    assert [t["units"] for t in fazhi.parse_text(text)["tasks"]] == [
        {"lead": [], "responsible": ["各县人民政府"], "support": []},
        {"lead": [], "responsible": ["县综治指导中心"], "support": []},
        {"lead": ["市司法局"], "responsible": ["各区政府"], "support": []},
    ]


def test_a_whole_year_in_a_time_cell_is_due_at_its_end_but_not_in_a_sentence():
    from fazhi.parse.dates import find_deadlines

    assert [d["date"] for d in find_deadlines("2027年全年", 2027)] == ["2027-12-31"]
    assert find_deadlines("在2026年全年办理量基础上再提高", 2027) == []


def test_a_portal_task_table_with_other_column_wordings():
    from fazhi.docs.base import Source, Table

    rows = [["序号", "任务事项", "责任处室", "参与单位", "时间进度"],
            ["1", "修订机关内部执法监督规则", "执法监督处", "办公室", "2026年5月底前"],
            ["2", "编制行政执法统计年报", "执法监督处", "", "全年"]]
    data = fazhi.parse_source(Source(blocks=["某厅2026年执法监督重点任务分工", Table(rows=rows)]))
    assert [(t["path"], t["units"]["responsible"], t["units"]["support"]) for t in data["tasks"]] == [
        (["1"], ["执法监督处"], ["办公室"]), (["2"], ["执法监督处"], [])]
    assert [[d["date"] for d in t["deadlines"]] for t in data["tasks"]] == [["2026-05-31"], ["2026-12-31"]]


def test_a_bare_whole_year_label_is_due_at_the_year_end_but_not_in_prose():
    from fazhi.parse.dates import find_deadlines

    assert [d["date"] for d in find_deadlines("全年", 2026)] == ["2026-12-31"]
    assert find_deadlines("全年办理复议案件不少于100件", 2026) == []
