"""Comparison words, numbers that are words, and markers of 100 and more, on sentences of
our own writing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fazhi
from fazhi.parse.dates import find_deadlines
from fazhi.parse.quantities import find_targets


@pytest.mark.parametrize(
    "text, op",
    [
        ("出庭应诉率不低于90%", ">="), ("培训不少于3次", ">="), ("至少开展2次督查", ">="), ("覆盖率达到95%以上", ">="),
        ("审批时限不超过5个工作日", "<="), ("办理时间控制在3天以内", "<="), ("差错率5%以下", "<="), ("申报材料压缩至8份", "<="),
        ("审查率100%", ">="), ("建成调解室10个", "="),
    ],
)
def test_comparison_words(text, op):
    assert [t["op"] for t in find_targets(text)] == [op]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年种植树木5万株", [(50000, "株")]),
        ("发放宣传册2.5万册", [(25000, "册")]),
        ("推行“零跑腿”“零见面”服务", []),
        ("开展百日攻坚行动和千人培训活动", []),
        ("考核结果名列全省第3位", []),
        ("检查企业2批次,走访120户次", [(2, "批次"), (120, "户次")]),
    ],
)
def test_numbers_that_are_and_are_not_quantities(text, expected):
    assert [(t["value"], t["unit"]) for t in find_targets(text)] == expected


@pytest.mark.parametrize("text", ["考核结果纳入年底综合考核", "作为年底述职评议的重要内容", "列入2024年年底考评"])
def test_year_end_procedures_are_not_deadlines(text):
    assert find_deadlines(text, 2024) == []


def test_year_end_with_before_is_still_a_deadline():
    assert [d["date"] for d in find_deadlines("年底前完成考核", 2024)] == ["2024-12-31"]


def test_top_level_markers_past_one_hundred():
    items = "".join(f"{fazhi_cn(n)}、第{n}项工作。(县司法局负责)\n" for n in range(1, 103))
    text = "示例县法治政府建设任务清单(2024年)\n" + items
    paths = [t["path"][0] for t in fazhi.parse_text(text)["tasks"]]
    assert paths[-3:] == ["一百", "一百零一", "一百零二"]


def fazhi_cn(n):
    from fazhi.docs.docx_numbering import chinese_number

    return chinese_number(n, zero="零")


@pytest.mark.parametrize(
    "closing, date",
    [
        ("上述任务除明确时限外,均应于2024年11月底前完成。", "2024-11-30"),
        ("以上工作须在2024年10月底前完成。", "2024-10-31"),
        ("本要点未明确完成时限的任务,须于2024年11月20日前完成。", "2024-11-20"),
        ("各项任务原则上于2024年9月底前全部完成。", "2024-09-30"),
    ],
)
def test_catch_all_wordings(closing, date):
    text = "示例县2024年依法行政工作要点\n一、规范执法\n(一)开展评查。(县司法局负责)\n(二)开展培训。(县司法局负责)\n" + closing
    data = fazhi.parse_text(text)
    assert data["default_deadline"] == date
    assert all(d["date"] != date for t in data["tasks"] for d in t["deadlines"])


_PIECES = [
    "会同", "列第一位者为牵头单位,下同", "主办单位:", "承办单位:", "协办单位:", "零", "百日", "行动", "名列第", "批次", "万", "株",
    "完成时限:", "年底", "考核", "不低于", "以下", "一百、", "(一)", "1.", "县司法局", "牵头", "配合", "负责", "。", ",", "\n",
    "注:", "现将", "报告如下", "存在问题", "下一步", "2024年", "6月底前", "“", "”", "《", "(", ")", "【", "】", "%",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=80))
def test_the_new_notations_never_break_the_parser(parts):
    assert fazhi.parse_text("".join(parts))["schema"] == "fazhi.document/1"
