"""The plain-note reading (unit_notes._plain_parts: one split at the role verbs) gives what the
general reading gives, for notes made of the configuration's own words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import unit_notes
from fazhi.parse.rules import deadline_labels, rules, unit_labels
from fazhi.parse.unit_names import _cfg

_c = _cfg()
_u = rules()["units"]
# Words notes are made of: the configuration's labels, verbs, deadline labels, guide verbs,
# joiners, leading and trailing words and org suffixes, with names, stops, brackets, spaces,
# times and the first-listed rule's words, so that random notes take every branch.
WORDS = [
    *sorted(unit_labels()), *sorted(_c.verbs), *deadline_labels(), *_c.guide_verbs, *_u["joiners"], *_u["list_joiners"],
    *_u["leading"], *_u["trailing"], *_u["org_suffixes"][:12], "县司法局", "县财政局", "甲镇", "乙区", "各镇政府", "人力资源",
    "、", ",", ";", "。", ":", ":", ":", "(", ")", "[", "】", " ", "\u3000", "2025年", "9月", "年底", "长期", "持续推进", "上半年",
    "第一", "首位", "列第一位者为牵头单位", "排在首位的部门为牵头部门,下同", "(以下统称“各镇”)", "(牵头)", "(配合)", "会同", "按", "领导", "导", "负责人",
]
notes = st.lists(st.sampled_from(WORDS), max_size=9).map("".join)
# Label lists: a label, its colon and names, repeated, with any word now and then.
LABELED = [*(label + ":" for label in sorted(unit_labels())), "县司法局", "县财政局、各镇政府", "县司法局:", " ", "\u3000", ";", ",",
           "。", "负责", *WORDS[:8]]
label_notes = st.lists(st.sampled_from(LABELED), max_size=7).map("".join)


def test_the_shipped_configuration_reads_plain_notes_by_the_split():
    assert _c.note_split is not None
    assert unit_notes._plain_parts.__wrapped__("县司法局牵头,县财政局、各镇政府配合") is not None
    assert unit_notes._plain_parts.__wrapped__("牵头单位:县司法局;责任单位:县财政局")[0] == "labels"
    assert unit_notes._plain_parts.__wrapped__("牵头:县司法局") is None


@settings(max_examples=1500, deadline=None)
@given(notes | label_notes)
def test_plain_reading_is_the_general_reading(note):
    fast_aliases, fast_deadlines = {}, []
    general_aliases, general_deadlines = {}, []
    fast = unit_notes._parse_note(note, fast_aliases, fast_deadlines)
    assert fast == unit_notes._parse_general_note(note, general_aliases, general_deadlines)
    assert (fast_aliases, fast_deadlines) == (general_aliases, general_deadlines)
    assert unit_notes._is_note.__wrapped__(note) == unit_notes._is_general_note(note)


@settings(max_examples=500, deadline=None)
@given(notes)
def test_the_verb_end_look_up_is_endswith(text):
    from fazhi.parse.units import _ends_with_verb, _without_time_tail

    assert _ends_with_verb(text, _c) == text.endswith(_c.verb_ends)
    # _inline_verb_note's test: the tail is the text itself when nothing is cut.
    tail = _without_time_tail(text)
    assert tail is text or tail != text
