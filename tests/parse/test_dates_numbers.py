"""Deadlines, targets and metrics on sentences of our own writing."""

import pytest

from fazhi.parse.dates import find_deadlines
from fazhi.parse.metrics import metrics_of
from fazhi.parse.quantities import find_quantities, find_targets


@pytest.mark.parametrize(
    "text, date, recurring",
    [
        ("2022年底前基本建成监督体系", "2022-12-31", None),
        ("6月底前完成清理", "2020-06-30", None),
        ("到2021年底,实现全部脱钩", "2021-12-31", None),
        ("2021年9月30日前报送", "2021-09-30", None),
        ("三季度末前完成评估", "2020-09-30", None),
        ("年内完成", "2020-12-31", None),
        ("上半年完成部署", "2020-06-30", None),
        ("每年第一季度报告上一年度情况", "2021-03-31", "yearly"),
        ("每年3月底前报送", "2021-03-31", "yearly"),
        ("2021/6/30前", "2021-06-30", None),
        ("到2025年,政府行为全面纳入法治轨道", "2025-12-31", None),
        ("2020年3月至11月开展专项行动", "2020-11-30", None),
        ("4月至6月底开展案卷评查", "2020-06-30", None),
        # the recurrence mark our exports write: the stated date is the first occurrence
        ("2020年3月31日前(每年)", "2020-03-31", "yearly"),
        ("2020年9月30日前（每季度）", "2020-09-30", "quarterly"),
        ("2020-07-10(每月)", "2020-07-10", "monthly"),
        ("每季度", "2020-06-30", "quarterly"),
        # 每半年: the first half-year's end after the issue date (here 2020-06-17)
        ("每半年召开一次联席会议", "2020-06-30", "half-yearly"),
        ("2020年12月31日前（每半年）", "2020-12-31", "half-yearly"),
        ("每月10日前", "2020-07-10", "monthly"),
    ],
)
def test_deadline_forms(text, date, recurring):
    found = find_deadlines(text, 2020, "2020-06-17")
    assert [(d["date"], d["recurring"]) for d in found] == [(date, recurring)]


@pytest.mark.parametrize(
    "text",
    ["2019年以来累计办理", "2021年起施行", "制定2020年实施意见", "为到2035年基本建成法治社会奠定基础", "一年内发生多起案件", "每年举办一期以上培训"],
)
def test_not_deadlines(text):
    assert find_deadlines(text, 2020, "2020-06-17") == []


def test_targets_with_ops_and_chinese_numerals():
    got = find_targets("全县建立调解委员会不少于5个,打造品牌调解室10个,比例达到35%,每年举办两期以上培训,至少接受一次脱产培训,审查时间不超过7个工作日。")
    assert [(t["value"], t["unit"], t["op"]) for t in got] == [
        (5, "个", ">="), (10, "个", "="), (35, "%", ">="), (2, "期", ">="), (1, "次", ">="), (7, "工作日", "<="),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "推行“一网通办”和“三项制度”", "落实行政执法三项制度的“五个一”标准", "提供7x24小时服务", "构建“1+1+N”机制",
        "拨打12345热线", "依据〔2020〕2号文件", "召开会议*次", "打造一支过硬队伍", "2020年6月17日印发", "二〇二五年",
    ],
)
def test_not_numbers(text):
    assert find_quantities(text) == []


def test_metric_values_multipliers_and_approx():
    got, _ = metrics_of("全年办件量64.71万件,举办讲座50余期,群众满意率百分之九十八,服务1.5万群众,精简事项由799项精简至326项,约8000余件。")
    assert [(m["value"], m["unit"], m["approx"]) for m in got] == [
        (647100, "件", False), (50, "期", True), (98, "%", False), (15000, "", False),
        (799, "项", False), (326, "项", False), (8000, "件", True),
    ]


def test_metric_keys_need_their_domain():
    text = "全年新收行政复议申请86件,受理80件,维持50件,综合纠错率15.4%。县公证处受理诉前调解120件,调解成功100件。"
    got, _ = metrics_of(text)
    assert [(m["key"], m["value"]) for m in got] == [
        ("reconsideration.received", 86), ("reconsideration.accepted", 80), ("reconsideration.upheld", 50),
        ("reconsideration.correction_rate", 15.4), ("mediation.cases", 120), ("mediation.success", 100),
    ]


def test_generic_word_without_domain_gets_no_key():
    got, _ = metrics_of("政务大厅受理群众咨询300件。")
    assert got[0]["key"] is None


def test_a_department_report_keys_its_figures():
    text = (
        "全年共收到行政复议申请318件,依法受理296件,不予受理22件;审结281件,其中维持190件、撤销25件、确认违法8件、"
        "责令履行3件,驳回申请12件,调解和解结案43件,综合纠错率28.5%。全市一审行政诉讼案件412件,败诉率6.1%。"
        "调处矛盾纠纷1.2万余件,调解成功1.18万件,成功率98.3%。评查行政执法案卷860卷。"
    )
    got = [(m["key"], m["value"]) for m in metrics_of(text)[0]]
    assert got == [
        ("reconsideration.received", 318), ("reconsideration.accepted", 296), ("reconsideration.not_accepted", 22),
        ("reconsideration.concluded", 281), ("reconsideration.upheld", 190), ("reconsideration.revoked", 25),
        ("reconsideration.confirmed_illegal", 8), ("reconsideration.ordered_to_act", 3),
        ("reconsideration.dismissed", 12), ("reconsideration.settled", 43), ("reconsideration.correction_rate", 28.5),
        ("litigation.cases", 412), ("litigation.loss_rate", 6.1), ("mediation.cases", 12000),
        ("mediation.success", 11800), ("mediation.success_rate", 98.3), ("enforcement.case_files_reviewed", 860),
    ]


def test_ten_day_periods_written_years_with_nei_and_a_date_then_a_completion_verb():
    from fazhi.parse.dates import find_deadlines

    def dates(s):
        return [d["date"] for d in find_deadlines(s, 2026)]

    assert dates("2026年12月中旬前完成") == ["2026-12-20"]
    assert dates("9月上旬前报送") == ["2026-09-10"]
    assert dates("2026年内完成清理") == ["2026-12-31"]
    assert dates("在2026年11月完成清理") == ["2026-11-30"]
    assert dates("于2026年3月印发实施") == []  # a date that looks back
    assert dates("3年内完成") == []  # a duration
