"""The rewritten figure paths (issue 10's speed work) give exactly what they replace: the
per-candidate loop of find_quantities against its old form (figures_oracle.py),
numeral_pairs' spelled-out digits against the digit category, on random texts made of the
configuration's own words."""

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


def test_bmp_digits_are_the_digits_of_the_first_plane():
    assert q._bmp_digits() == "".join(chr(i) for i in range(0x10000) if chr(i).isdecimal())


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(texts, st.sampled_from(["𝟓件", "١٢名", "𠀀3次", "\ud8003人", "\n", ""])), max_size=4))
def test_numeral_pairs_as_the_digit_category_pattern(parts):
    """numeral_pairs with the spelled-out digits finds c.pair's matches in every text, with
    characters beyond U+FFFF (then c.pair itself runs) or without."""
    c = q._cfg()
    assert q.numeral_pairs(parts) == [[m.start() for m in c.pair.finditer(t)] for t in parts]

