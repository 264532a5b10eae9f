"""Responsibility notes in every notation users write."""

import pytest

import fazhi

HEAD = "示例县2024年法治政府建设工作要点\n一、依法履职\n"


def units(item, extra=""):
    data = fazhi.parse_text(HEAD + "(一)" + item + "\n" + extra + "(二)其他工作。(县档案馆负责)\n")
    return data["tasks"][0]["units"], data


@pytest.mark.parametrize(
    "note, expected",
    [
        ("(牵头单位:县司法局;责任单位:县财政局,各乡镇)", {"lead": ["县司法局"], "responsible": ["县财政局", "各乡镇"], "support": []}),
        ("（牵头单位：县司法局，配合单位：县财政局、县人社局）", {"lead": ["县司法局"], "responsible": [], "support": ["县财政局", "县人社局"]}),
        ("(县司法局、县财政局按职责分工分别负责)", {"lead": [], "responsible": ["县司法局", "县财政局"], "support": []}),
        ("(县司法局牵头负责,县财政局、县审计局配合落实)", {"lead": ["县司法局"], "responsible": [], "support": ["县财政局", "县审计局"]}),
        ("(由县政务服务中心牵头,县发改局、县科技局等部门配合落实)", {"lead": ["县政务服务中心"], "responsible": [], "support": ["县发改局", "县科技局"]}),
        ("(县信访局负责)", {"lead": [], "responsible": ["县信访局"], "support": []}),
        ("【责任单位:县应急局、县消防救援大队】", {"lead": [], "responsible": ["县应急局", "县消防救援大队"], "support": []}),
    ],
)
def test_note_notations(note, expected):
    got, _ = units("深化审批改革,提升服务水平。" + note)
    assert got == expected


def test_unclosed_bracket_and_alias_with_shared_ending():
    got, data = units("做好疫情防控。[责任单位:县政府各部门;东湖镇、青山镇人民政府,甲度假区、乙高新区管委(以下统称“各镇区”)")
    assert got["responsible"] == ["县政府各部门", "东湖镇人民政府", "青山镇人民政府", "甲度假区管委", "乙高新区管委"]
    assert data["aliases"]["各镇区"] == ["东湖镇人民政府", "青山镇人民政府", "甲度假区管委", "乙高新区管委"]


def test_unit_line_of_its_own_under_the_item():
    got, data = units("健全行政执法制度。", "牵头单位:县司法局\n责任单位:县直各执法部门\n完成时限:2024年9月底前\n")
    assert got == {"lead": ["县司法局"], "responsible": ["县直各执法部门"], "support": []}
    assert data["tasks"][0]["deadlines"][0]["date"] == "2024-09-30"
    assert "牵头单位" not in data["tasks"][0]["text"]


def test_section_note_applies_to_each_item():
    doc = "示例县2024年法治政府建设工作要点\n一、化解矛盾纠纷(牵头单位:县司法局)\n(一)加强人民调解。\n(二)推进行政复议。(配合单位:县信访局)\n"
    tasks = fazhi.parse_text(doc)["tasks"]
    assert tasks[0]["units"]["lead"] == ["县司法局"]
    assert tasks[1]["units"] == {"lead": ["县司法局"], "responsible": [], "support": ["县信访局"]}


def test_note_is_removed_from_text_and_plain_parentheses_are_kept():
    got, data = units("推动乡镇(街道)公共法律服务站建设。(县司法局负责)")
    assert data["tasks"][0]["text"] == "推动乡镇(街道)公共法律服务站建设。"
    assert got["responsible"] == ["县司法局"]


def test_space_separated_units_role_in_parens_and_deadline_inside_note():
    doc = (
        "示例县2024年法治政府建设工作要点\n一、依法履职\n"
        "(一)甲工作。(牵头单位:县司法局 县财政局 责任单位:县直各部门;完成时限:2024年9月底前)\n"
        "(二)乙工作。(县司法局(牵头)、县财政局、县人社局)\n"
    )
    first, second = fazhi.parse_text(doc)["tasks"]
    assert first["units"] == {"lead": ["县司法局", "县财政局"], "responsible": ["县直各部门"], "support": []}
    assert [d["date"] for d in first["deadlines"]] == ["2024-09-30"]
    assert second["units"] == {"lead": ["县司法局"], "responsible": ["县财政局", "县人社局"], "support": []}


def test_alias_whose_name_has_parentheses():
    doc = (
        "示例县2024年法治政府建设工作要点\n各乡镇人民政府、各街道办事处(以下统称“各乡镇(街道)”)要抓好落实。\n"
        "一、依法履职\n(一)丙工作。(责任单位:县司法局、各乡镇(街道))\n"
    )
    data = fazhi.parse_text(doc)
    assert data["aliases"] == {"各乡镇(街道)": ["各乡镇人民政府", "各街道办事处"]}
    assert data["tasks"][0]["units"]["responsible"] == ["县司法局", "各乡镇(街道)"]


CITY_PLAN = """示例市2025年全面依法治市工作要点
一、加强党对法治建设的领导
1．落实党政主要负责人述法制度。【牵头单位：市委组织部】【完成时限：2025年12月】
二、推进严格规范公正文明执法
3．开展行政执法质量提升行动。
（1）组织案卷评查，评查案卷不少于200件。
（2）2025年6月30日前完成执法人员培训，培训率达到百分之百。
责任单位：市司法局，各县（市、区）政府
完成时限：2025年11月底前
4．推进“综合查一次”改革。（市市场监管局、市生态环境局按职责分别负责，2025年9月底前完成）
"""


def test_city_plan_with_sub_points_and_bracketed_labels():
    tasks = fazhi.parse_text(CITY_PLAN)["tasks"]
    got = [(t["path"], t["units"]["lead"] + t["units"]["responsible"], [d["date"] for d in t["deadlines"]]) for t in tasks]
    assert got == [
        (["一", "1"], ["市委组织部"], ["2025-12-31"]),
        (["二", "3", "(1)"], ["市司法局", "各县(市、区)政府"], ["2025-11-30"]),  # the note after the last sub-point
        (["二", "3", "(2)"], ["市司法局", "各县(市、区)政府"], ["2025-06-30", "2025-11-30"]),
        (["二", "4"], ["市市场监管局", "市生态环境局"], ["2025-09-30"]),  # a date inside the note is no unit
    ]
    assert tasks[0]["text"] == "落实党政主要负责人述法制度。"
    assert (100, "%", ">=") in [(g["value"], g["unit"], g["op"]) for g in tasks[2]["targets"]]  # 百分之百
