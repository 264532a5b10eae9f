"""Outline notations: each fixture is a small document of our own writing."""

import fazhi


def paths(text):
    return [t["path"] for t in fazhi.parse_text(text)["tasks"]]


PLAN_HEAD = "示例县2024年法治政府建设工作要点\n"


def test_cn_and_paren_levels_with_fullwidth_brackets():
    doc = PLAN_HEAD + "一、依法履职\n（一）深化改革。（责任单位：县司法局）\n（二）优化服务。（责任单位：县财政局）\n二、依法决策\n（一）规范决策。（责任单位：县政府办）\n"
    assert paths(doc) == [["一", "(一)"], ["一", "(二)"], ["二", "(一)"]]


def test_arabic_numbering_runs_on_across_sections():
    doc = PLAN_HEAD + "一、甲\n1.做好甲项工作。(县司法局负责)\n2.做好乙项工作。(县财政局负责)\n二、乙\n3.做好丙项工作。(县民政局负责)\n"
    assert paths(doc) == [["一", "1"], ["一", "2"], ["二", "3"]]


def test_deep_levels_and_circled_numbers():
    doc = PLAN_HEAD + "一、总体\n(一)分项\n1.细项\n(1)甲。(县司法局负责)\n(2)乙。(县司法局负责)\n2.另一细项\n①丙。(县司法局负责)\n②丁。(县司法局负责)\n"
    assert paths(doc) == [
        ["一", "(一)", "1", "(1)"],
        ["一", "(一)", "1", "(2)"],
        ["一", "(一)", "2", "①"],
        ["一", "(一)", "2", "②"],
    ]


def test_chapters_and_articles():
    doc = "示例县行政执法监督实施方案\n第一章 总则\n第一条 为规范执法,制定本方案。\n第二条 县司法局负责组织实施。\n第二章 监督\n第三条 各部门每年第一季度报送执法情况。(县司法局牵头)\n"
    assert paths(doc) == [["第一章", "第一条"], ["第一章", "第二条"], ["第二章", "第三条"]]


def test_item_broken_across_lines_is_one_task():
    doc = PLAN_HEAD + "一、依法履职\n(一)持续推进审批改革,承接上级下放的审批\n事项。(牵头单位:县审批局)\n(二)加强监管。(牵头单位:县市场监管局)\n"
    tasks = fazhi.parse_text(doc)["tasks"]
    assert [t["path"] for t in tasks] == [["一", "(一)"], ["一", "(二)"]]
    assert tasks[0]["text"] == "持续推进审批改革,承接上级下放的审批事项。"


def test_whole_document_on_one_line():
    doc = (
        "示例市法治政府建设实施方案(2024-2026年) 为推进法治政府建设,制定本方案。 一、总体要求 (一)指导思想。坚持依法行政。"
        " (二)主要目标。到2026年基本建成法治政府。 二、主要任务 (三)深化改革。严格执行全国统一、简明易行的监管规则。"
        " (四)规范执法。2025年底前建成监督体系。 全市各地各部门要抓好落实。"
    )
    data = fazhi.parse_text(doc)
    assert [t["path"] for t in data["tasks"]] == [["一", "(一)"], ["一", "(二)"], ["二", "(三)"], ["二", "(四)"]]
    assert data["tasks"][3]["deadlines"][0]["date"] == "2025-12-31"
    assert "全市各地" not in data["tasks"][3]["text"]
    assert data["default_deadline"] == "2026-12-31"


def test_stray_numeral_inside_sentence_is_not_a_heading():
    doc = PLAN_HEAD + "一、规范监管\n(一)严格执行全国统一、简明易行的监管规则,二、三项工作同步推进。(县市场监管局负责)\n二、强化监督\n(一)加强监督。(县司法局负责)\n"
    assert paths(doc) == [["一", "(一)"], ["二", "(一)"]]


def test_preamble_and_closing_paragraphs_are_not_tasks():
    doc = (
        "各乡镇人民政府,县政府各部门:\n" + PLAN_HEAD + "为推进法治建设,制定本要点。\n一、依法履职\n(一)深化改革。(县司法局负责)\n"
        "本要点确定的各项任务原则上于2024年11月底前完成。\n中共示例县委全面依法治县委员会办公室\n2024年3月15日\n"
    )
    data = fazhi.parse_text(doc)
    assert [t["path"] for t in data["tasks"]] == [["一", "(一)"]]
    assert data["default_deadline"] == "2024-11-30"
    assert data["issued"] == "2024-03-15"
    assert data["tasks"][0]["deadlines"] == []
