"""The helpers that keep the parser linear on long paragraphs give the same answers as the
plain scans they replaced (speed itself is printed by `make bench`, not timed here)."""

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from fazhi.parse.dates import clause_around, find_deadlines
from fazhi.parse.markers import cn_number
from fazhi.parse.text import in_spans, merge_spans, quoted_spans


def test_cn_number_fast_path_agrees_with_cn2an():
    for n in range(1, 10000):
        s = cn2an.an2cn(n)
        assert cn_number(s) == n
        assert cn_number(s.replace("二", "两")) == n
    assert cn_number("二〇二〇") == 2020 and cn_number("一万二千") == 12000


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=20), st.integers(0, 260))
def test_in_spans_is_the_plain_scan(raw, pos):
    spans = [(a, a + n) for a, n in raw]
    assert in_spans(pos, merge_spans(spans)) == any(a <= pos < b for a, b in spans)


def test_nested_quotes():
    text = "开展“《宪法》宣传周”活动"
    spans = merge_spans(quoted_spans(text))
    assert in_spans(text.index("宪"), spans) and in_spans(text.index("周"), spans)
    assert not in_spans(text.index("活"), spans)


def test_clause_and_deadlines_in_a_long_paragraph():
    filler = "持续推进各项工作,不断提升服务水平。" * 2000
    text = filler + "2024年9月底前完成案卷评查,形成评查报告。" + filler
    start = text.index("2024")
    assert clause_around(text, start, start + 9) == "2024年9月底前完成案卷评查"
    assert [d["date"] for d in find_deadlines(text, 2024)] == ["2024-09-30"]


def test_quote_spans_unclosed_and_runaway():
    text = "“" + "甲" * 100 + "”开展“法治宣传”活动《条例"
    spans = quoted_spans(text)
    assert (text.index("“法"), text.index("宣传”") + 3) in spans
    assert len(spans) == 1  # the runaway first quote and the unclosed 《 are ignored


def test_unit_split_with_and_without_brackets():
    from fazhi.parse.units import _SPLIT_RUN, _SPLIT_UNIT, _split_outside_parens

    assert _split_outside_parens("县司法局、县财政局 县审计局/县统计局", _SPLIT_UNIT) == ["县司法局", "县财政局", "县审计局", "县统计局"]
    assert _split_outside_parens("甲局,乙局;丙局", _SPLIT_RUN) == ["甲局", "乙局", "丙局"]
    assert _split_outside_parens("各县(市、区)政府、县财政局", _SPLIT_UNIT) == ["各县(市、区)政府", "县财政局"]
    assert _split_outside_parens("各县(市,区)政府,县财政局", _SPLIT_RUN) == ["各县(市,区)政府", "县财政局"]
