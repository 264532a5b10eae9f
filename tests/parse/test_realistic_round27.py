"""Round 27's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def test_a_title_wrapped_before_its_last_word_runs_on_into_the_first_sentence():
    # A PDF prints a centred title on two lines; joining the broken lines runs its last word
    # ("方案") into the opening sentence.
    doc = fazhi.parse_text("\n".join((
        "北坡区2024年行政执法质量提升实施",
        "方案",
        "为提升全区行政执法质量，制定本方案。",
        "一、规范执法",
        "1.开展执法案卷评查，评查案卷不少于80卷。（区司法局）",
    )))
    assert doc["title"] == "北坡区2024年行政执法质量提升实施方案"
    assert doc["kind"] == "plan"
    assert doc["default_deadline"] == "2024-12-31"


def test_a_title_wrapped_before_a_short_last_line_of_its_own():
    doc = fazhi.parse_text("\n".join((
        "西岭镇2025年依法治镇工作",
        "要点",
        "一、依法决策",
        "1.公布镇政府重大行政决策事项目录。（党政办）",
    )))
    assert doc["title"] == "西岭镇2025年依法治镇工作要点"
    assert doc["default_deadline"] == "2025-12-31"


def test_a_later_clause_with_its_own_date_is_not_part_of_the_catch_all():
    doc = fazhi.parse_text("\n".join((
        "南岗县2025年法治政府建设工作计划",
        "一、依法决策",
        "1.公布重大行政决策事项目录。（县政府办）",
        "二、工作要求。各单位要加强调度，上述任务未注明完成时限的，应于2025年10月底前完成，"
        "并于11月10日前将落实情况报县委依法治县办。",
    )))
    assert doc["default_deadline"] == "2025-10-31"
    last = doc["tasks"][-1]
    assert last["path"] == ["二"]
    assert [d["date"] for d in last["deadlines"]] == ["2025-11-10"]


def test_a_last_item_that_is_only_a_heading_keeps_the_duty_below_it():
    doc = fazhi.parse_text("\n".join((
        "东川市2024年法治政府建设工作要点",
        "一、推进依法行政",
        "1.完成市政府规章立法后评估。（市司法局）",
        "二、强化组织实施",
        "各县（市、区）、市直各部门要于2024年11月20日前报送年度工作总结。",
        "东川市人民政府",
        "2024年2月1日",
    )))
    last = doc["tasks"][-1]
    assert last["path"] == ["二"]
    assert [d["date"] for d in last["deadlines"]] == ["2024-11-20"]


def test_a_document_about_itself_still_closes_after_a_heading_only_item():
    doc = fazhi.parse_text("\n".join((
        "北川县法治政府建设规划（2021—2025年）",
        "一、主要任务",
        "1.推行权责清单制度。（县委编办牵头，县司法局配合）",
        "二、组织实施",
        "本规划由县司法局会同有关部门组织实施。",
    )))
    last = doc["tasks"][-1]
    assert last["units"] == {"lead": [], "responsible": [], "support": []}


def test_a_time_label_line_is_not_continued_by_the_signature_below_it():
    doc = fazhi.parse_text("\n".join((
        "青石县农业农村局2021年度法治建设工作计划",
        "一、规范执法",
        "1.开展农资打假专项执法。",
        "责任股室：执法大队",
        "完成时限：第二季度、第四季度",
        "",
        "青石县农业农村局",
        "2021年1月8日",
    )))
    deadlines = doc["tasks"][0]["deadlines"]
    assert doc["issued"] == "2021-01-08"
    assert sorted(d["date"] for d in deadlines) == ["2021-06-30", "2021-12-31"]
    assert not any("农业农村局" in d["text"] for d in deadlines)


def test_a_piece_of_a_label_value_with_a_verb_of_another_role_takes_that_role():
    doc = fazhi.parse_text("\n".join((
        "白河县司法局2022年工作计划",
        "一、公共法律服务",
        "1.推进村级法律顾问全覆盖。",
        "责任股室：公共法律服务股，各司法所、县律师协会协助",
        "完成时限：2022年9月底前",
    )))
    units = doc["tasks"][0]["units"]
    assert units["responsible"] == ["公共法律服务股"]
    assert units["support"] == ["各司法所", "县律师协会"]
