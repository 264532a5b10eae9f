"""Layouts and wordings that differ from office to office, on small tables of our own."""

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fazhi
from fazhi.docs.base import Source, Table
from fazhi.indicators import read_system

CRIT_A = "未按规定公开权责清单的扣2分。"
CRIT_B = "每发现一项事项未按时调整的扣0.5分,扣完为止。"
CRIT_C = "重大决策未经合法性审查的,每项扣1分,最多扣3分。"
CRIT_D = "决策事项目录未向社会公布的扣1分。"


def _names(nodes):
    return [(n["name"], n["points"], _names(n["children"])) for n in nodes]


WANT = [("依法履职", 10, [("权责清单", 10, [("清单公开", 6, []), ("动态调整", 4, [])])]),
        ("依法决策", 6, [("决策程序", 6, [("合法性审查", 4, []), ("目录公布", 2, [])])])]


def _xlsx(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return fazhi.parse_file(path)


def test_two_row_header_with_spanning_levels(tmp_path):
    rows = [
        ["示例县法治建设考核评分细则", None, None, None, None, None, None, None, None],
        ["一级指标", None, "二级指标", None, "三级指标", "分数", "评分细则", "考核方式", "考核单位"],
        ["名称", "分值", "名称", "分值", None, None, None, None, None],
        ["依法履职", 10, "权责清单", 10, "清单公开", 6, CRIT_A, "查阅网站", "县委编办"],
        [None, None, None, None, "动态调整", 4, CRIT_B, "查阅台账", "县委编办"],
        ["依法决策", 6, "决策程序", 6, "合法性审查", 4, CRIT_C, "抽查案卷", "县司法局"],
        [None, None, None, None, "目录公布", 2, CRIT_D, "查阅网站", "县政府办"],
    ]
    merges = ["A1:I1", "A2:B2", "C2:D2", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:I3",
              "A4:A5", "B4:B5", "C4:C5", "D4:D5", "A6:A7", "B6:B7", "C6:C7", "D6:D7"]
    doc = _xlsx(tmp_path / "a.xlsx", rows, merges)
    assert doc["kind"] == "indicators"
    assert _names(doc["indicators"]) == WANT
    leaf = doc["indicators"][1]["children"][0]["children"][0]
    assert (leaf["evidence"], leaf["assessor"]) == ("抽查案卷", "县司法局")
    assert leaf["rule"] == {"type": "deduct_each", "points": 1, "max": 3}
    assert doc["total_points"] == 16 and doc["warnings"] == []
    assert doc["title"] == "示例县法治建设考核评分细则"


def test_points_in_names_and_one_points_column_after_the_rules(tmp_path):
    # Not merged: an empty level cell means "the same as above". The only 分值 column sits
    # after 评分细则, so it belongs to the 考核要点 level on its left.
    rows = [
        ["序号", "一级指标", "二级指标", "考核要点", "评分细则", "分值", "查验资料", "牵头考核单位"],
        [1, "依法履职(10分)", "权责清单(10分)", "清单公开", CRIT_A, 6, "网站", "县委编办"],
        [2, None, None, "动态调整", CRIT_B, 4, "台账", "县委编办"],
        [3, "依法决策(6分)", "决策程序(6分)", "合法性审查", CRIT_C, 4, "案卷", "县司法局"],
        [4, None, None, "目录公布", CRIT_D, 2, "网站", "县政府办"],
        ["注:本表分值合计16分。", None, None, None, None, None, None, None],
    ]
    doc = _xlsx(tmp_path / "b.xlsx", rows, ["A6:H6"])
    assert _names(doc["indicators"]) == WANT
    assert doc["warnings"] == []


def test_sums_that_differ_warn_and_veto_in_the_points_column(tmp_path):
    rows = [
        ["一级指标", "分值", "二级指标", "分值", "评分标准", "责任单位"],
        ["依法履职", 10, "权责清单", 6, CRIT_A, "县委编办"],
        ["依法履职", 10, "清单调整", 3, CRIT_B, "县委编办"],
        ["安全稳定", "一票否决", "重大事件", None, "发生重大违法行政事件的,实行一票否决。", "县委政法委"],
    ]
    doc = _xlsx(tmp_path / "c.xlsx", rows)
    assert doc["kind"] == "indicators"
    assert [n["name"] for n in doc["indicators"]] == ["依法履职"]
    assert doc["warnings"] == ["「依法履职」分值为10分,下级指标分值相加为9分"]
    assert doc["veto"] == [{"text": "发生重大违法行政事件的,实行一票否决。", "evidence": None, "assessor": "县委政法委"}]


def test_word_table_repeated_header_and_notes(tmp_path):
    d = docx.Document()
    d.add_paragraph("示例县2025年度依法行政考核指标")
    rows = [
        ["一级指标", "分值", "二级指标", "分值", "考核内容", "分值", "扣分标准", "佐证材料", "考核单位"],
        ["依法履职", "10", "权责清单", "10", "清单公开", "6", CRIT_A, "网站", "县委编办"],
        ["依法履职", "10", "权责清单", "10", "动态调整", "4", CRIT_B, "台账", "县委编办"],
        ["一级指标", "分值", "二级指标", "分值", "考核内容", "分值", "扣分标准", "佐证材料", "考核单位"],
        ["依法决策", "6", "决策程序", "6", "合法性审查", "4", CRIT_C, "案卷", "县司法局"],
        ["依法决策", "6", "决策程序", "6", "目录公布", "2", CRIT_D, "网站", "县政府办"],
        ["说明:扣分以该项分值为限。"] + [""] * 8,
    ]
    t = d.add_table(rows=len(rows), cols=9)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    t.cell(6, 0).merge(t.cell(6, 8)).text = rows[6][0]
    d.save(tmp_path / "d.docx")
    doc = fazhi.parse_file(tmp_path / "d.docx")
    assert _names(doc["indicators"]) == WANT
    assert doc["title"] == "示例县2025年度依法行政考核指标"


def test_demonstration_system_without_points(tmp_path):
    rows = [
        ["一级指标", "二级指标", "三级指标", "测评要点"],
        ["政府职能依法全面履行", "权责清单", "清单动态管理", "查阅清单及调整记录,未及时调整的视为未达标。"],
        ["政府职能依法全面履行", "权责清单", "清单公开", "查阅政府网站。"],
        ["依法行政制度体系完善", "规范性文件", "合法性审核全覆盖", "抽查规范性文件审核记录。"],
    ]
    doc = _xlsx(tmp_path / "e.xlsx", rows)
    assert doc["kind"] == "indicators"
    assert doc["total_points"] is None
    assert [len(n["children"]) for n in doc["indicators"]] == [1, 1]
    assert doc["indicators"][0]["children"][0]["children"][1]["criteria"] == "查阅政府网站。"


def test_bonus_block_items_may_exceed_the_cap(tmp_path):
    rows = [
        ["一级指标", "分值", "考核内容", "评分标准"],
        ["依法履职", 10, "清单公开", CRIT_A],
        ["依法决策", 6, "目录公布", CRIT_D],
        ["创新加分(最高3分)", None, None, None],
        ["示范创建", None, "获评示范项目", "获评国家级示范项目的加3分。"],
        ["经验推广", None, "经验交流", "在省级会议作经验交流的,每次加1分,最高加2分。"],
    ]
    doc = _xlsx(tmp_path / "f.xlsx", rows, ["A4:D4"])
    (bonus,) = doc["bonus"]
    assert (bonus["name"], bonus["cap"]) == ("创新加分", 3)
    assert [i["name"] for i in bonus["items"]] == ["示范创建", "经验推广"]
    assert [c["name"] for i in bonus["items"] for c in i["children"]] == ["获评示范项目", "经验交流"]
    assert sum(c["rule"]["max"] for i in bonus["items"] for c in i["children"]) == 5 > bonus["cap"]
    assert doc["total_points"] == 16


def test_two_sheets_are_merged_with_a_warning(tmp_path):
    wb = openpyxl.Workbook()
    for k, title in enumerate(("共性指标", "个性指标")):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        ws.append(["一级指标", "分值", "考核内容", "评分标准"])
        ws.append([f"{title}甲", 6, "清单公开", CRIT_A])
        ws.append([f"{title}乙", 4, "目录公布", CRIT_D])
    wb.save(tmp_path / "g.xlsx")
    doc = fazhi.parse_file(tmp_path / "g.xlsx")
    assert [n["name"] for n in doc["indicators"]] == ["共性指标甲", "共性指标乙", "个性指标甲", "个性指标乙"]
    assert doc["total_points"] == 20
    assert any("2张指标表" in w for w in doc["warnings"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(
    ["一级指标", "二级指标", "分值", "评分标准", "佐证材料", "考核单位", "加分项", "一票否决", "合计", "说明:",
     "", "5", "2.5", "依法履职(10分)", CRIT_A, CRIT_B, "扣1-3分", "x"]), min_size=1, max_size=7),
    min_size=1, max_size=12))
def test_any_table_is_read_or_refused_without_error(rows):
    width = max(len(r) for r in rows)
    table = Table(rows=[r + [""] * (width - len(r)) for r in rows])
    doc = read_system(Source(blocks=["某县考核细则", table]))
    assert doc is None or doc["kind"] == "indicators"


def test_section_rows_spanning_the_table_are_the_first_level(tmp_path):
    d = docx.Document()
    d.add_paragraph("示例镇2025年度法治建设绩效考核评分表")
    rows = [
        ["序号", "考核内容", "分值", "评分标准", "考核单位"],
        ["一、依法履职(10分)"] + [""] * 4,
        ["1", "清单公开", "6", CRIT_A, "县委编办"],
        ["2", "动态调整", "4", CRIT_B, "县委编办"],
        ["二、依法决策(6分)"] + [""] * 4,
        ["3", "合法性审查", "4", CRIT_C, "县司法局"],
        ["4", "目录公布", "2", CRIT_D, "县政府办"],
        ["三、加分项(最高2分)"] + [""] * 4,
        ["5", "经验推广", "", "在市级会议作经验交流的加1分。", "县委依法治县办"],
        ["四、一票否决"] + [""] * 4,
        ["6", "发生重大违法决策事件的,实行一票否决。", "", "", "县委依法治县办"],
    ]
    t = d.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    for i in (1, 4, 7, 9):
        t.cell(i, 0).merge(t.cell(i, 4)).text = rows[i][0]
    d.save(tmp_path / "h.docx")
    doc = fazhi.parse_file(tmp_path / "h.docx")
    assert _names(doc["indicators"]) == [
        ("依法履职", 10, [("清单公开", 6, []), ("动态调整", 4, [])]),
        ("依法决策", 6, [("合法性审查", 4, []), ("目录公布", 2, [])]),
    ]
    assert doc["total_points"] == 16 and doc["warnings"] == []
    assert [(b["name"], b["cap"], [i["name"] for i in b["items"]]) for b in doc["bonus"]] == [("加分项", 2, ["经验推广"])]
    assert doc["veto"] == [{"text": "发生重大违法决策事件的,实行一票否决。", "evidence": None, "assessor": "县委依法治县办"}]


def test_level_header_merged_over_its_points_column(tmp_path):
    rows = [
        ["一级指标", None, "二级指标", None, "评分标准", "考核单位"],
        ["依法履职", 10, "清单公开", 6, CRIT_A, "县委编办"],
        ["依法履职", 10, "动态调整", 4, CRIT_B, "县委编办"],
        ["依法决策", 6, "合法性审查", 6, CRIT_C, "县司法局"],
    ]
    doc = _xlsx(tmp_path / "i.xlsx", rows, ["A1:B1", "C1:D1"])
    assert _names(doc["indicators"]) == [
        ("依法履职", 10, [("清单公开", 6, []), ("动态调整", 4, [])]),
        ("依法决策", 6, [("合法性审查", 6, [])]),
    ]


OUTLINE_TEXT = """示例县2025年度乡镇法治建设考核细则
一、依法履职(10分)
(一)权责清单(10分)
1.清单公开(6分)
未按规定公开权责清单的扣2分。
佐证材料:网站截图
2.动态调整(4分)
每发现一项事项未按时调整的扣0.5分,扣完为止。
二、依法决策(6分)
(一)决策程序(6分)
1.合法性审查(4分)
重大决策未经合法性审查的,每项扣1分,最多扣3分。
2.目录公布(2分)
决策事项目录未向社会公布的扣1分。
三、加分项(最高2分)
1.在市级会议作经验交流的加1分。
四、一票否决
1.发生重大违法决策事件的。
说明:本细则由县委依法治县办负责解释。
"""


def test_numbered_text_headings_with_points():
    doc = fazhi.parse_text(OUTLINE_TEXT)
    assert doc["kind"] == "indicators"
    assert _names(doc["indicators"]) == WANT
    leaf = doc["indicators"][0]["children"][0]["children"][0]
    assert (leaf["criteria"], leaf["evidence"]) == (CRIT_A, "网站截图")
    assert doc["bonus"][0]["cap"] == 2 and doc["bonus"][0]["items"][0]["rule"]["points"] == 1
    assert [v["text"] for v in doc["veto"]] == ["发生重大违法决策事件的。"]
    assert doc["total_points"] == 16 and doc["warnings"] == []


@pytest.mark.parametrize(
    ("content", "criteria", "evidence", "points", "assessor"),
    [
        ("考核内容", "评分标准", "佐证材料", "分值", "牵头考核单位"),
        ("三级指标", "评分细则", "考核方式", "权重", "考核单位"),
        ("考核要点", "扣分标准", "查验资料", "分数", "责任单位"),
    ],
)
def test_header_wordings(tmp_path, content, criteria, evidence, points, assessor):
    rows = [
        ["一级指标", points, "二级指标", points, content, points, criteria, evidence, assessor],
        ["依法履职", 10, "权责清单", 10, "清单公开", 6, CRIT_A, "网站", "县委编办"],
        ["依法履职", 10, "权责清单", 10, "动态调整", 4, CRIT_B, "台账", "县委编办"],
        ["依法决策", 6, "决策程序", 6, "合法性审查", 4, CRIT_C, "案卷", "县司法局"],
        ["依法决策", 6, "决策程序", 6, "目录公布", 2, CRIT_D, "网站", "县政府办"],
    ]
    doc = _xlsx(tmp_path / "w.xlsx", rows)
    assert _names(doc["indicators"]) == WANT
    leaf = doc["indicators"][1]["children"][0]["children"][1]
    assert (leaf["criteria"], leaf["evidence"], leaf["assessor"]) == (CRIT_D, "网站", "县政府办")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    ["一级指标:依法履职(10分)", "二级指标:清单 分值:5分", "考核内容:公开", "分值:两分", "评分标准:" + CRIT_B,
     "一、依法决策(6分)", "(一)程序(6分)", "1.目录公布(2分)", CRIT_C, "加分项(最高3分)", "1.获评示范的加1分。",
     "一票否决", "说明:", "合计:16分", "佐证材料:", "扣零点分", "", "x"]), max_size=25))
def test_any_text_is_read_or_refused_without_error(lines):
    doc = read_system(Source(blocks=lines))
    assert doc is None or doc["kind"] == "indicators"


def test_lines_inside_a_cell_are_joined(tmp_path):
    d = docx.Document()
    d.add_paragraph("示例县依法行政考核评分细则")
    rows = [
        ["一级指标", "分值", "考核内容", "分值", "评分标准", "佐证材料"],
        ["依法全面履行\n政府职能", "10", "权责清单", "10",
         "1.未按规定公开权责清单的扣2分\n2.每发现一项事项未按时调整的扣0.5分,扣完为止。", "1.网站截图\n2.调整台账"],
        ["依法决策", "6", "目录公布", "6", CRIT_D, "网站"],
    ]
    t = d.add_table(rows=len(rows), cols=6)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    d.save(tmp_path / "j.docx")
    doc = fazhi.parse_file(tmp_path / "j.docx")
    top = doc["indicators"][0]
    assert top["name"] == "依法全面履行政府职能"
    leaf = top["children"][0]
    assert leaf["criteria"] == "1.未按规定公开权责清单的扣2分;2.每发现一项事项未按时调整的扣0.5分,扣完为止。"
    assert leaf["rule"] == [{"type": "deduct", "points": 2}, {"type": "deduct_each", "points": 0.5, "max": None}]
    assert leaf["evidence"] == "1.网站截图;2.调整台账"


PROSE = """示例省市县法治政府建设评价指标体系(试行)
为推动市县法治政府建设,制定本指标体系。本指标体系共设3项一级指标、5项二级指标;一级指标总分值为100分。
一、政府职能依法履行(占总分值的40%)
基本要求:职能配置科学,权责清单完整。
(一)权责清单管理规范。
1.权责清单按时公布并动态调整。
2.清单以外不得实施行政权力事项。
(二)营商环境持续改善。
3.涉企收费目录清单公开。
二、行政决策依法科学(占总分值的35%)
(一)决策程序完备。
4.重大行政决策经合法性审查。
三、执法监督有力(占总分值的25%)
(一)执法行为规范。
5.行政执法三项制度全面落实。
本指标体系自印发之日起施行。
"""


def test_a_system_written_as_prose():
    doc = fazhi.parse_text(PROSE)
    assert doc["kind"] == "indicators"
    assert [(n["name"], n["points"]) for n in doc["indicators"]] == [
        ("政府职能依法履行", 40), ("行政决策依法科学", 35), ("执法监督有力", 25)]
    first = doc["indicators"][0]
    assert [c["name"] for c in first["children"]] == ["权责清单管理规范", "营商环境持续改善"]
    assert [g["name"] for g in first["children"][0]["children"]] == [
        "权责清单按时公布并动态调整", "清单以外不得实施行政权力事项"]
    assert doc["total_points"] == 100 and doc["warnings"] == []


def test_a_table_naming_three_levels_without_points(tmp_path):
    rows = [
        ["一级指标", "二级指标", "三级指标"],
        ["政府职能依法履行", "权责清单", "清单按时公布"],
        ["政府职能依法履行", "权责清单", "清单动态调整"],
        ["行政决策依法科学", "决策程序", "合法性审查全覆盖"],
    ]
    doc = _xlsx(tmp_path / "k.xlsx", rows)
    assert doc["kind"] == "indicators" and doc["total_points"] is None
    assert _names(doc["indicators"])[0] == (
        "政府职能依法履行", None, [("权责清单", None, [("清单按时公布", None, []), ("清单动态调整", None, [])])])
