"""Round 25's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi
from fazhi.docs.txt import tab_tables


def test_a_task_table_pasted_as_aligned_columns_gives_its_rows(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "北坡乡2026年依法行政工作计划\n"
        "为提升依法行政水平,制定本计划。\n"
        "序号   工作内容                              责任单位      完成时间\n"
        "1      修订乡政府议事规则                    乡党政办      4月底前\n"
        "2      开展行政执法案卷自查,自查率达到100%   乡综合执法队  8月底前\n"
        "3      组织法律明白人培训                    乡司法所、乡综治中心   10月底前\n",
        encoding="utf-8",
    )
    doc = fazhi.parse_file(path)
    assert [t["path"] for t in doc["tasks"]] == [["1"], ["2"], ["3"]]
    assert doc["tasks"][2]["units"]["responsible"] == ["乡司法所", "乡综治中心"]
    assert [d["date"] for t in doc["tasks"] for d in t["deadlines"]] == ["2026-04-30", "2026-08-31", "2026-10-31"]


def test_a_lone_line_with_wide_gaps_stays_a_line():
    paras = ["县司法局  办公室  2025年5月6日", "一、总体要求"]
    assert tab_tables(paras) == paras


def test_a_rectification_notice_states_its_catch_all_as_problems_put_right():
    doc = fazhi.parse_text(
        "关于反馈2026年度依法行政专项检查问题的通知\n"
        "各乡镇人民政府:\n"
        "现将检查发现的问题反馈如下。\n"
        "一、执法监督\n"
        "(一)执法公示信息更新不及时。整改要求:5月31日前完成更新。(责任单位:县城管局)\n"
        "(二)部分案卷未经法制审核。整改要求:建立法制审核台账。(责任单位:县交通运输局)\n"
        "二、行政决策\n"
        "(一)重大行政决策未听取公众意见。整改要求:6月底前补充听证程序。(牵头单位:县发展改革局)\n"
        "全部问题须于2026年7月31日前整改到位。\n"
    )
    assert doc["kind"] == "plan"
    assert doc["default_deadline"] == "2026-07-31"
    assert [d["date"] for d in doc["tasks"][0]["deadlines"]] == ["2026-05-31"]


def test_a_leaders_shufa_report_has_its_work_part():
    doc = fazhi.parse_text(
        "2026年度区长述法报告\n"
        "现将本人履行推进法治建设第一责任人职责情况报告如下。\n"
        "一、个人履职情况\n"
        "全年我主持区政府常务会议学法3次,审定规范性文件5件。\n"
        "二、存在的不足\n"
        "学法的系统性还不够。\n"
        "三、今后努力方向\n"
        "我将带头依法决策。\n"
    )
    assert doc["kind"] == "report"
    assert doc["sections"]["achievements"] is True
    assert doc["sections"]["shortcomings"] and doc["sections"]["next_year"]
