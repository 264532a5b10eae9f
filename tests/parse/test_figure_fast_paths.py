"""The rewritten figure paths (issue 10's speed work) give exactly what they replace: the
per-candidate loop of find_quantities against its old form (figures_oracle.py), the measure tree
of the figure matcher against the flat alternation, on random texts made of the configuration's
own words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import quantities as q
from fazhi.parse.rules import rules
from tests.parse import figures_oracle

_Q = rules()["quantities"]
NUMBERS = ["1", "24", "105", "3.6", "2,500", "0", "007", "12345678901234567", "1.50", "١٢", "一", "两", "十二", "百分之九十五",
           "百分之3.5", "零", "一点二", "五万", "1.5万", "3亿", "三千", "九十五", "二十四"]
WORDS = [*_Q["measures"], *_Q["measures_after_wan"][:12], *_Q["at_least"], *_Q["at_most"], *_Q["after_at_least"],
         *_Q["after_at_most"], *_Q["approx_before"], *_Q["approx_after"], *_Q["campaign_words"], *_Q["rank_words"],
         *_Q["cn_numeral_cues"][:10], *"".join(_Q["not_followed_by"].values()), "余", "多", "万", "亿", "第", "前", "每",
         "月", "至", "、", ",", ";", "。", ":", "!", "?", "“", "”", "《", "》", '"', "x", "+", "-", ".", " ", "受理", "统一",
         "这", "年", "每季度召开", "其中", "%"]
# Phrases that reach the rarer tests (ranks, dates, 24小时, slogans, duty frequencies).
PHRASES = ["名列全省前", "排名前", "位居第", "4月14日至", "9月", "到", "24小时", "零跑腿", "百日攻坚", "开展一次", "等六项", "败诉一件。",
           "不少于两次", "讲法治课一次,", "打造一支", "“", "”"]
texts = st.lists(st.one_of(st.sampled_from(NUMBERS), st.sampled_from(WORDS), st.sampled_from(PHRASES)), max_size=14).map("".join)


def _fields(qs):
    return [(x.value, type(x.value), x.unit, x.op, x.approx, x.start, x.end, x.clause, x.clause_start) for x in qs]


@settings(max_examples=3000, deadline=None)
@given(texts, st.booleans())
def test_find_quantities_as_before(text, ops):
    want = _fields(figures_oracle.find_quantities(text, ops))
    assert _fields(q.find_quantities(text, ops=ops)) == want
    assert _fields(q.find_quantities(text, q.numeral_pairs([text])[0], ops=ops)) == want


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_measure_tree_matches_as_the_flat_alternation(text):
    c = q._cfg()
    for i in range(len(text)):
        a, b = c.pattern.match(text, i), c.matcher.match(text, i)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text, i)


def test_the_flat_pattern_is_the_figure_pattern_of_the_rules():
    """c.pattern (the oracle's and the bench prototype's) is the figure pattern with the measures
    listed longest first."""
    c = q._cfg()
    measures = sorted(set(_Q["measures"]), key=len, reverse=True)
    assert "|".join(map(q.re.escape, measures)) in c.pattern.pattern
    assert c.matcher.pattern != c.pattern.pattern


def test_tree_alternation_prefers_the_longest_word():
    import re

    pat = re.compile(f"(?:{q._tree_alt(['个', '个月', '个工作日', '件', '件次', '平方米', '平方公里'])})")
    for text, want in [("个月后", "个月"), ("个工作日", "个工作日"), ("个工作", "个"), ("件次", "件次"), ("平方公里", "平方公里"),
                       ("平方", None)]:
        m = pat.match(text)
        assert (m.group() if m else None) == want, text


def test_bmp_digits_are_the_digits_of_the_first_plane():
    assert q._bmp_digits() == "".join(chr(i) for i in range(0x10000) if chr(i).isdecimal())


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(texts, st.sampled_from(["𝟓件", "١٢名", "𠀀3次", "\ud8003人", "\n", ""])), max_size=4))
def test_numeral_pairs_as_the_digit_category_pattern(parts):
    """numeral_pairs with the spelled-out digits finds c.pair's matches in every text, with
    characters beyond U+FFFF (then c.pair itself runs) or without."""
    c = q._cfg()
    assert q.numeral_pairs(parts) == [[m.start() for m in c.pair.finditer(t)] for t in parts]


def _alias_words() -> list[str]:
    from fazhi.parse.rules import indicators

    out = set()
    for ind in indicators():
        out.update(a for a in ind.aliases if not any(ch in a for ch in "[]().*+?{}|\\^$"))
        out.update(ind.context)
    return sorted(out)


ALIASES = _alias_words()
FIGURES = ["105件", "3次", "12人", "98.5%", "7条", "2个", "1.5万件", "六项", "50余期"]
paragraphs = st.lists(st.one_of(st.sampled_from(ALIASES), st.sampled_from(FIGURES),
                                st.sampled_from(["、", ",", "。", ";", ":", "“", "《", "(含", ")", "的", "其中", "共", "点", "中心"])),
                      max_size=16).map("".join)


@settings(max_examples=2500, deadline=None)
@given(paragraphs, st.sampled_from(["", "行政复议", "规范性文件", "行政诉讼案件"]))
def test_key_for_as_before(para, prev):
    """key_for reads the same key for every figure of a paragraph, with the neighbours metrics_of
    gives it and with arbitrary ones (next figure before this one's end, past the clause)."""
    from fazhi.parse import metrics

    qs = q.find_quantities(para, ops=False)
    context = para + prev
    for i, x in enumerate(qs):
        prev_end = qs[i - 1].end if i and qs[i - 1].clause_start == x.clause_start else x.clause_start
        for next_start in {qs[i + 1].start if i + 1 < len(qs) else len(para), x.end - 1, x.end, x.end + 3, len(para) + 5}:
            want = figures_oracle.key_for(x, prev_end, next_start, context)
            assert metrics.key_for(x, prev_end, next_start, context) == want
            assert metrics.key_for(x, prev_end, next_start, context, {}) == want
