"""Round 30's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def _tasks(doc: dict) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in doc["tasks"]}


def test_a_lead_clause_after_a_bracketed_stage_time_is_read():
    # A 督察/检查 方案's stages carry their time in brackets, then "由X牵头,…" as a clause.
    doc = fazhi.parse_text("\n".join((
        "石埠县2026年行政执法检查工作方案",
        "一、检查内容",
        "行政执法“三项制度”落实情况。",
        "二、步骤安排",
        "（一）部署阶段（4月底前）。各单位制定自查计划并报县司法局。",
        "（二）检查阶段（5月至7月）。由县司法局牵头，抽调执法骨干组成2个检查组，分片开展检查。",
        "（三）总结阶段（9月底前）。县司法局汇总检查情况，通报检查结果。",
    )))
    tasks = _tasks(doc)
    assert tasks[("二", "(二)")]["units"] == {"lead": ["县司法局"], "responsible": [], "support": []}
    assert [d["date"] for d in tasks[("二", "(二)")]["deadlines"]] == ["2026-07-31"]
    # The neighbours name 县司法局 as a recipient or actor, without a role verb: no unit.
    assert not any(tasks[("二", "(一)")]["units"].values())
    assert not any(tasks[("二", "(三)")]["units"].values())


def test_a_bracketed_note_still_wins_over_a_lead_clause_in_the_text():
    doc = fazhi.parse_text("\n".join((
        "石埠县2026年普法工作要点",
        "一、普法宣传",
        "（一）开展宪法宣传周活动，由各乡镇牵头组织，12月10日前完成。（牵头单位：县司法局；责任单位：各乡镇人民政府）",
    )))
    units = doc["tasks"][0]["units"]
    assert units["lead"] == ["县司法局"] and units["responsible"] == ["各乡镇人民政府"]


def test_a_legal_advisers_count_in_jian_is_keyed():
    doc = fazhi.parse_text("\n".join((
        "石埠县司法局2025年度法治政府建设工作情况报告",
        "一、主要工作",
        "全年县政府法律顾问参与涉法事务二百三十余件，审查合同八十六件。法律顾问列席常务会议参与涉法事务研究52次。",
        "二、存在的问题",
        "法律顾问作用发挥还不充分。",
        "三、下一步工作打算",
        "继续完善法律顾问制度。",
    )))
    keyed = {(m["value"], m["unit"]): m["key"] for m in doc["metrics"]}
    assert keyed[(230, "件")] == "legal_advisers.participations"
    assert keyed[(52, "次")] == "legal_advisers.participations"
    assert keyed[(86, "件")] != "legal_advisers.participations"  # contracts, not participations


def test_a_dated_day_opening_a_span_is_not_read_as_its_month():
    doc = fazhi.parse_text("\n".join((
        "云栖县2027年法治宣传月活动方案",
        "一、活动安排",
        "（一）启动宣传（2027年3月2日—3月15日）。在各乡镇集中开展法治宣传。",
        "（二）集中展示（2027年5月6日至6月18日）。组织法治文艺作品巡演。",
        "（三）评比总结（2027年7月底前）。评选优秀宣传作品。",
    )))
    dates = {tuple(t["path"]): [d["date"] for d in t["deadlines"]] for t in doc["tasks"]}
    assert dates[("一", "(一)")] == ["2027-03-15"]
    assert dates[("一", "(二)")] == ["2027-06-18"]
    assert dates[("一", "(三)")] == ["2027-07-31"]  # a month written with its year still reads


def test_page_count_lines_pasted_from_a_pdf_are_no_figures():
    doc = fazhi.parse_text("\n".join((
        "云栖县司法局关于2026年度法治政府建设情况的报告",
        "一、主要工作",
        "全年审结行政复议案件三十六件。",
        "共3页 第1页",
        "— 2 —",
        "第 2 页，共 3 页",
        "培训行政执法人员四百二十人次。",
        "二、存在的问题",
        "执法力量不足。",
        "三、下一步工作打算",
        "加强执法培训。",
    )))
    assert sorted((m["value"], m["unit"]) for m in doc["metrics"]) == [(36, "件"), (420, "人次")]
