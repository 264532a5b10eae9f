"""The annual audit on reports of our own writing."""

from __future__ import annotations

from fazhi.annual.audit import audit, decimals
from fazhi.annual.parts import from_text

from .reports import SPECIFIC, report


def codes(result: dict) -> dict[str, dict]:
    return {f["code"]: f for f in result["findings"]}


def test_complete_report_has_all_parts_and_no_structure_findings():
    result = audit(from_text(report()))
    assert result["sections"] == dict.fromkeys(
        ("achievements", "shortcomings", "first_responsible", "next_year", "other"), True)
    assert not [c for c in codes(result) if c.startswith("missing_section")]
    assert "vague_shortcomings" not in codes(result)
    assert "few_figures" not in codes(result)


def test_missing_two_parts():
    result = audit(from_text(report(parts=("first", "achievements", "specific"))))
    found = codes(result)
    assert result["sections"]["next_year"] is False and result["sections"]["other"] is False
    assert found["missing_section:next_year"]["severity"] == "error"
    assert found["missing_section:other"]["severity"] == "notice"
    assert "missing_section:shortcomings" not in found


def test_shortcomings_copied_from_last_year():
    now = from_text(report(2025, received=35))
    copied = from_text(report(2024, received=28))
    result = audit(now, previous=copied)
    f = codes(result)["repeated_shortcomings"]
    assert f["severity"] == "warning"
    assert f["text"] and f["previous_text"]  # the two passages, side by side
    assert "河口镇" in f["text"] and "河口镇" in f["previous_text"]
    heading_only = from_text(report(2025).replace(SPECIFIC.split("\n", 1)[1], "无。"))
    assert "repeated_shortcomings" not in codes(audit(heading_only, previous=from_text(report(2024).replace(
        SPECIFIC.split("\n", 1)[1], "无。"))))
    fresh = from_text(report(2024, parts=("first", "achievements", "other_short", "next", "other")))
    assert "repeated_shortcomings" not in codes(audit(now, previous=fresh))


def test_figure_disagreeing_with_register():
    doc = from_text(report(rate="28.57"))
    f = codes(audit(doc, expected={"reconsideration.correction_rate": 31.25}))
    assert "figure_mismatch:reconsideration.correction_rate" in f
    assert "28.57" in f["figure_mismatch:reconsideration.correction_rate"]["message"]
    assert "31.25" in f["figure_mismatch:reconsideration.correction_rate"]["message"]
    # equal when the register value rounded to the text's decimals matches
    ok = codes(audit(doc, expected={"reconsideration.correction_rate": 28.5714, "reconsideration.received": 35}))
    assert not [c for c in ok if c.startswith("figure_mismatch")]
    wrong_count = codes(audit(doc, expected={"reconsideration.received": 36}))
    assert "figure_mismatch:reconsideration.received" in wrong_count


def test_decimals_follow_the_text():
    assert decimals({"value": 28.57, "text": "纠错率28.57%"}) == 2
    assert decimals({"value": 100, "text": "出庭应诉率100%"}) == 0
    assert decimals({"value": 31.2, "text": "纠错率31.20%"}) == 2


def test_vague_shortcomings():
    vague = codes(audit(from_text(report(parts=("first", "achievements", "vague", "next", "other")))))
    assert vague["vague_shortcomings"]["severity"] == "warning"
    assert "依法行政意识" in vague["vague_shortcomings"]["text"]
    assert "vague_shortcomings" not in codes(audit(from_text(report())))
    dated = report(parts=("first", "achievements", "vague", "next", "other")).replace(
        "一是依法行政意识", "2025年以来,一是依法行政意识")
    assert "vague_shortcomings" in codes(audit(from_text(dated)))  # a year is no figure


def test_few_figures():
    text = report(parts=("first", "specific", "next", "other"))
    assert "few_figures" in codes(audit(from_text(text)))
    assert "few_figures" not in codes(audit(from_text(text), overrides={"audit": {"min_figures": 3}}))


def test_few_cases():
    text = report()
    assert "few_cases" in codes(audit(from_text(text)))
    with_case = text.replace("(二)行政应诉。", "(二)行政应诉。以一起征收补偿案件为例,县长出庭后当庭化解争议。")
    assert "few_cases" not in codes(audit(from_text(with_case)))


def test_year_on_year_change_needs_an_explanation():
    before = from_text(report(2024, received=15, parts=("first", "achievements", "other_short", "next", "other")))
    now = from_text(report(2025, received=35))
    assert "unexplained_change:reconsideration.received" in codes(audit(now, previous=before))
    explained = report(2025, received=35).replace(
        "全年收到行政复议申请35件", "全年收到行政复议申请35件,同比增长较多主要是征收项目集中")
    assert "unexplained_change:reconsideration.received" not in codes(audit(from_text(explained), previous=before))


def test_parts_checked_whatever_kind_the_parser_guesses():
    # Titled like a plan and carrying a unit note: the parser takes it for a plan, and the
    # audit still reads its parts (the user gave it as a report).
    text = report().replace("河口县人民政府关于2025年度法治政府建设情况的报告", "河口县2025年法治政府建设工作要点")
    text = text.replace("开展规范性文件集中清理。", "开展规范性文件集中清理。(牵头单位:县司法局,2026年6月底前完成)")
    doc = from_text(text)
    assert doc.doc["kind"] != "report"
    result = audit(doc)
    assert all(result["sections"].values())
    assert "vague_shortcomings" not in codes(result)


def test_part_texts_follow_the_outline():
    text = """松岭县人民政府关于2025年度法治政府建设情况的报告
一、主要举措和成效
(一)落实第一责任人职责。县长带头学法4次。
(二)规范行政执法。全年评查行政执法案卷80件。
二、存在的不足和原因
一是松岭镇5件执法案件超期办结。
三、下一年度主要安排
(一)推行执法全过程记录。
四、其他需要报告的情况
无。"""
    parts = from_text(text).parts
    assert "县长带头学法4次" in parts["first_responsible"]
    assert "评查行政执法案卷" not in parts["first_responsible"]
    assert "评查行政执法案卷" in parts["achievements"] and "学法" not in parts["achievements"]
    assert parts["shortcomings"].endswith("松岭镇5件执法案件超期办结。")
    assert "执法全过程记录" in parts["next_year"] and "超期" not in parts["next_year"]
