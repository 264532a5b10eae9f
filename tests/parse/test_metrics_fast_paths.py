"""The gates of the metrics stage's per-figure paths (issue 10's speed work) decide as the regex
or the calls they skip: _name's lead-word gate against _NAME_LEAD on every head, key_for's one
lookup per measure against the cached builders, on texts made of the configuration's own words."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import metric_keys, metrics, quantities
from fazhi.parse.quantities import Quantity, find_quantities
from fazhi.parse.rules import rules
from fazhi.parse.text import in_spans, merge_spans, quoted_spans

_LEADS = ["其中", "今年", "全年", "累计", "共", "已", "全县", "全区", "全市", "2019年", "2020年度", "2021年以来", "١٢٣٤年", "12年"]
_WORDS = [*_LEADS, "受理", "行政复议", "案件", "其", "今", "全", "累", "年", "度", "以来", "、", " ", "", "(", ")"]
_heads = st.lists(st.sampled_from(_WORDS), max_size=8).map("".join)


def _old_name(q: Quantity, key: str | None) -> str:
    """metrics._name before the lead-word gate: the regex on every head."""
    if key:
        return metrics._names()[key]
    head = q.clause[: q.start - q.clause_start]
    tail = q.clause[q.end - q.clause_start :]
    name = metrics._NAME_LEAD.sub("", head) or tail
    return name.strip(" 、,")[:30] or q.clause[:30]


@settings(max_examples=2000, deadline=None)
@given(_heads, st.sampled_from(["12件", "3.5%", "两次"]), st.sampled_from(["", "的批复", "、共", " 件"]), st.integers(0, 3))
def test_name_gate_as_the_lead_regex(head, figure, tail, shift):
    clause = head + figure + tail
    q = Quantity(1, "件", "", False, len(head), len(head) + len(figure), clause, 0)
    assert metrics._name(q, None) == _old_name(q, None)
    for q in find_quantities("。" * shift + clause, ops=False):
        assert metrics._name(q, None) == _old_name(q, None)


def test_name_lead_firsts_are_the_first_letters_of_its_words():
    """The gate's letters cover every word _NAME_LEAD opens with (the digits of \\d aside)."""
    words = metrics._NAME_LEAD.pattern.split("(", 2)[1].split("|")
    assert {w[0] for w in words if not w.startswith("\\")} <= metrics._NAME_LEAD_FIRSTS


def test_unit_config_is_the_cached_builders():
    measures = {*rules()["quantities"]["measures"], "%", ""}
    for unit in measures:
        got = metric_keys._BY_UNIT.get(unit) or metric_keys._unit_config(unit)
        want = (*metric_keys._key_index(metric_keys._CLASS_OF.get(unit, -1)), metric_keys._place_nouns(), metric_keys._outcome_words())
        assert got == want


_QUOTED = ["“", "”", "《", "》", "〔", "〕", "「", "」", '"', "‘", "’", "受理", "12件", "、", "x" * 30, "法" * 79, "。"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_QUOTED), max_size=16).map("".join), st.integers(0, 200))
def test_quoted_bounds_as_the_merged_quoted_spans(text, pos):
    """quantities.quoted_bounds (one finditer a kind of quote) and its parity test give in_spans'
    answer on text.quoted_spans, merged, for every position."""
    spans = merge_spans(quoted_spans(text))
    bounds = quantities.quoted_bounds(text)
    assert bounds == [x for span in spans for x in span]
    for p in (pos, *range(len(text) + 1)):
        assert bool(bisect_right(bounds, p) & 1) == in_spans(p, spans)
