"""Round 29's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def _tasks(doc: dict) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in doc["tasks"]}


def test_a_note_before_an_outlined_indicator_system_does_not_swallow_it():
    # A 示范/考核 system in text opens with a 说明 paragraph, then numbered headings with points.
    doc = fazhi.parse_text("\n".join((
        "南岙县乡镇法治建设评价指标（试行）",
        "说明：本指标共设3项一级指标，满分60分，由县委依法治县办组织评价。",
        "一、依法决策（20分）",
        "（一）决策程序（12分）",
        "重大事项未经集体讨论决定的，每项扣3分。",
        "（二）法律顾问（8分）",
        "未聘请法律顾问的，扣4分。",
        "二、规范执法（20分）",
        "（一）执法公示（20分）",
        "未按规定公示执法信息的，每次扣2分，扣完为止。",
        "三、化解纠纷（20分）",
        "（一）人民调解（20分）",
        "发生因调处不当引发极端事件的，本项不得分。",
    )))
    assert doc["kind"] == "indicators"
    assert doc["tasks"] == [] and doc["metrics"] == []
    assert [(n["name"], n["points"]) for n in doc["indicators"]] == [("依法决策", 20), ("规范执法", 20), ("化解纠纷", 20)]
    assert [c["name"] for c in doc["indicators"][0]["children"]] == ["决策程序", "法律顾问"]


def test_a_bonus_line_may_carry_its_items_after_its_colon():
    doc = fazhi.parse_text("\n".join((
        "东岭县部门法治建设考核细则",
        "一、依法决策（50分）",
        "（一）合法性审查（50分）",
        "未经合法性审查的，每件扣5分。",
        "二、规范执法（50分）",
        "（一）案卷质量（50分）",
        "案卷不合格的，每卷扣2分。",
        "加分项目（累计不超过4分）：工作经验被省级推广的加2分；获市级表彰的加1分。",
    )))
    assert doc["kind"] == "indicators"
    bonus = doc["bonus"][0]
    assert bonus["cap"] == 4
    assert [i["rule"]["points"] for i in bonus["items"]] == [2, 1]
    assert len(doc["indicators"]) == 2  # the bonus items are no first-level indicators


def test_a_note_line_with_numbered_points_inside_it_still_ends_the_system():
    # Notes after the system stay notes: a numbered line without points is no indicator.
    doc = fazhi.parse_text("\n".join((
        "北溪镇法治建设考核细则",
        "一、组织领导（10分）",
        "（一）专题研究（10分）",
        "未专题研究法治建设的，扣5分。",
        "二、依法行政（10分）",
        "（一）合法性审查（10分）",
        "合同未经审查的，每件扣2分。",
        "说明：",
        "1.本细则由镇司法所负责解释。",
    )))
    assert doc["kind"] == "indicators"
    assert len(doc["indicators"]) == 2


def test_the_next_year_named_relatively_is_the_year_after_the_documents():
    tasks = _tasks(fazhi.parse_text("\n".join((
        "平川区2025年依法行政工作安排",
        "一、监督保障",
        "1.编制年度法治政府建设情况报告，次年1月底前报送并公开。（区司法局负责）",
        "2.开展规范性文件清理，翌年3月31日前公布清理结果。（区司法局负责）",
        "3.建设行政执法监督平台，年底前上线试运行，次年底前全面运行。（区司法局负责）",
    ))))
    assert [d["date"] for d in tasks[("一", "1")]["deadlines"]] == ["2026-01-31"]
    assert [d["date"] for d in tasks[("一", "2")]["deadlines"]] == ["2026-03-31"]
    assert [d["date"] for d in tasks[("一", "3")]["deadlines"]] == ["2025-12-31", "2026-12-31"]


def test_a_leaders_account_reports_its_work_in_the_duty_part():
    doc = fazhi.parse_text("\n".join((
        "湖西镇党委书记2024年度述法报告",
        "一、学习法律情况",
        "全年参加集中学法6次。",
        "二、履行推进法治建设第一责任人职责情况",
        "主持召开镇党委会议研究法治工作4次，推动全镇矛盾纠纷化解率达到98%。",
        "三、存在的不足",
        "督促检查不够经常。",
        "四、今后努力方向",
        "进一步压实责任。",
    )))
    assert doc["kind"] == "report"
    assert doc["sections"]["achievements"] and doc["sections"]["first_responsible"]


def test_an_ordinary_report_without_an_achievements_part_gains_none_from_its_duty_part():
    doc = fazhi.parse_text("\n".join((
        "关于湖西镇2024年法治政府建设情况的报告",
        "一、党政主要负责人履行推进法治建设第一责任人职责情况",
        "镇党委书记主持召开会议研究法治工作4次。",
        "二、存在的不足",
        "督促检查不够经常。",
        "三、2025年工作安排",
        "进一步压实责任。",
    )))
    assert doc["kind"] == "report"
    assert not doc["sections"]["achievements"]


def test_a_rectification_reports_open_problems_are_its_shortcomings():
    doc = fazhi.parse_text("\n".join((
        "西河区关于依法行政专项检查反馈问题整改情况的报告",
        "区委依法治区办：",
        "现将整改情况报告如下。",
        "一、整改落实情况",
        "反馈问题12条，已完成整改10条，评查行政执法案卷80卷。",
        "二、未整改到位的问题",
        "执法队伍专业人员不足，需通过招录逐步解决。",
        "三、下一步工作打算",
        "继续推进人员配备。",
        "西河区人民政府",
        "2025年10月9日",
    )))
    assert doc["kind"] == "report"
    assert doc["sections"]["shortcomings"] and doc["sections"]["achievements"] and doc["sections"]["next_year"]


def _table_docx(path, rows, after):
    import docx

    d = docx.Document()
    d.add_paragraph("南屏县2024年法治建设重点任务分解表")
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for p in after:
        d.add_paragraph(p)
    d.save(path)


def test_a_first_listed_rule_in_a_note_after_a_table_applies_to_its_unit_column(tmp_path):
    path = tmp_path / "table.docx"
    _table_docx(path, [
        ("序号", "工作任务", "责任单位", "完成时限"),
        ("1", "修订县政府工作规则。", "县政府办公室、县司法局", "2024年5月底前"),
        ("2", "建立行政执法监督员队伍。", "县司法局", "2024年9月底前"),
        ("3", "开展证明事项清理。", "县司法局、县政务服务中心、县直各部门", "2024年11月底前"),
    ], ["备注：责任单位中列第一位的为牵头单位。", "南屏县人民政府办公室", "2024年2月1日"])
    tasks = _tasks(fazhi.parse_file(str(path)))
    assert tasks[("1",)]["units"] == {"lead": ["县政府办公室"], "responsible": ["县司法局"], "support": []}
    assert tasks[("2",)]["units"] == {"lead": ["县司法局"], "responsible": [], "support": []}
    assert tasks[("3",)]["units"]["lead"] == ["县司法局"]
    assert tasks[("3",)]["units"]["responsible"] == ["县政务服务中心", "县直各部门"]


def test_without_the_rule_a_unit_column_stays_responsible_and_lead_columns_stay_as_they_are(tmp_path):
    plain = tmp_path / "plain.docx"
    _table_docx(plain, [
        ("序号", "工作任务", "责任单位", "完成时限"),
        ("1", "修订县政府工作规则。", "县政府办公室、县司法局", "2024年5月底前"),
        ("2", "建立行政执法监督员队伍。", "县司法局", "2024年9月底前"),
    ], ["南屏县人民政府办公室", "2024年2月1日"])
    assert _tasks(fazhi.parse_file(str(plain)))[("1",)]["units"]["responsible"] == ["县政府办公室", "县司法局"]
    both = tmp_path / "both.docx"
    _table_docx(both, [
        ("序号", "工作任务", "牵头单位", "责任单位", "完成时限"),
        ("1", "修订县政府工作规则。", "县政府办公室", "县司法局、县财政局", "2024年5月底前"),
        ("2", "建立行政执法监督员队伍。", "县司法局", "县直各部门", "2024年9月底前"),
    ], ["注：责任单位中排在第一位的为牵头单位。", "南屏县人民政府办公室", "2024年2月1日"])
    units = _tasks(fazhi.parse_file(str(both)))[("1",)]["units"]
    assert units == {"lead": ["县政府办公室"], "responsible": ["县司法局", "县财政局"], "support": []}


def test_a_bare_unit_list_may_name_collective_lower_governments():
    # 各乡镇 / 各镇(街道) / 各村(社区) end in no org suffix, yet stand for units in a bare list.
    tasks = _tasks(fazhi.parse_text("\n".join((
        "南坪县2026年依法行政工作安排",
        "一、基层治理",
        "1.完成村规民约合法性审查。（县民政局、各乡镇）",
        "2.建设公共法律服务工作站。（县司法局、各镇（街道））",
        "3.培养法律明白人。（各村（社区））",
        "4.健全调解组织网络。（各乡镇负责）",
        "5.各县（市、区）完成清单编制。（市委编办、各县（市、区）人民政府）",
        "6.覆盖各村（社区）的法律顾问服务持续开展。",
    ))))
    assert tasks[("一", "1")]["units"]["responsible"] == ["县民政局", "各乡镇"]
    assert tasks[("一", "2")]["units"]["responsible"] == ["县司法局", "各镇(街道)"]
    assert tasks[("一", "3")]["units"]["responsible"] == ["各村(社区)"]
    assert tasks[("一", "4")]["units"]["responsible"] == ["各乡镇"]
    assert tasks[("一", "5")]["units"]["responsible"] == ["市委编办", "各县(市、区)人民政府"]
    # a collective name in brackets inside the text is no note
    assert tasks[("一", "6")]["units"] == {"lead": [], "responsible": [], "support": []}
