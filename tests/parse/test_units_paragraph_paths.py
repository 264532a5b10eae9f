"""The units stage's paragraph paths (verbs found by str tests, each paragraph's bracket groups
found once, verb places found once for the clause notes, the first-listed scan line by line)
give what the regex-scanning reading gave (tests/parse/units_oracle.py), on paragraphs made
of the configuration's own words."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import units
from fazhi.parse.model import Doc, Node
from fazhi.parse.rules import deadline_labels, rules, unit_labels
from fazhi.parse.unit_names import _cfg
from fazhi.parse.unit_notes import Notes

from . import units_oracle

_c = _cfg()
_u = rules()["units"]
# Notes' words (labels, verbs, their cores' last characters alone, deadline labels, joiners,
# leading/trailing words, suffixes) with plain text, stops, brackets, times and the rule's words.
WORDS = [
    *sorted(unit_labels()), *sorted(_c.verbs), *(q[-1] for q in _c.verb_cores), *deadline_labels(), *_u["joiners"],
    *_u["leading"], *_u["trailing"], *_u["org_suffixes"][:10], "县司法局", "县财政局", "甲镇", "各镇政府", "各地区各部门",
    "加强", "工作", "推进法治建设", "企业开办时间压缩至3天", "、", ",", ",", ",", ";", "。", "。", ":", ":", "(", ")", "[", "]",
    "【", "】", " ", "2025年", "9月底前完成", "年底", "长期坚持", "第一", "首位", "列第一位者为牵头单位,下同",
    "(以下统称“各镇”)", "(牵头)", "实地督察阶段(6月至8月)",
]
paragraph = st.lists(st.sampled_from(WORDS), max_size=14).map("".join)
# Whole clause notes, so that the closing and opening clause readings are taken often.
CLAUSES = ["县司法局牵头", "县财政局、县人社局配合", "县政府办会同县司法局负责", "各镇政府按职责分工分别负责", "由县司法局牵头",
           "完善制度", "2026年6月底前完成", "长期坚持", "法规科牵头,办公室配合"]
clause_para = st.lists(st.sampled_from([*CLAUSES, ",", "。", ";", "(县司法局负责)", "[责任单位:县司法局]"]), max_size=10).map(
    "".join
)


def _tree(paras_lists: list[list[str]], with_units: bool) -> Node:
    root = Node("一", "cn", paras_lists[0])
    for i, paras in enumerate(paras_lists[1:]):
        child = Node(str(i + 1), "arabic", paras, parent=root)
        root.children.append(child)
    if with_units:
        root.children[0].units["lead"].append("县委办") if root.children else None
    return root


def _state(node: Node) -> list:
    return [(n.paras, n.units, n.deadline_texts) for n in [node, *node.children]]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(paragraph | clause_para, min_size=1, max_size=4), min_size=1, max_size=3), st.booleans(), st.booleans())
def test_extract_is_the_regex_reading(paras_lists, with_units, first_listed):
    new, old = _tree(paras_lists, with_units), _tree(copy.deepcopy(paras_lists), with_units)
    notes_new, notes_old = Notes({}), Notes({})
    notes_new.first_listed = notes_old.first_listed = first_listed
    for n_new, n_old in zip([new, *new.children], [old, *old.children], strict=True):
        units.extract(n_new, notes_new)
        units_oracle.extract(n_old, notes_old)
    assert _state(new) == _state(old)
    assert (notes_new.aliases, notes_new.first_listed) == (notes_old.aliases, notes_old.first_listed)


@settings(max_examples=800, deadline=None)
@given(paragraph | clause_para)
def test_cores_are_the_verb_gate(text):
    spans = units._verb_spans(text, _c)
    expected = {(i, i + len(v)) for v in _c.verbs for i in range(len(text)) if text.startswith(v, i)}
    assert spans == sorted(spans) and set(spans) == expected  # (a verb holding two cores: found twice)


@settings(max_examples=800, deadline=None)
@given(paragraph)
def test_inline_label_is_the_flat_alternation(text):
    a, b = _c.inline_label.search(text), units_oracle._old_inline_label().search(text)
    assert (a and a.span()) == (b and b.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph | clause_para, min_size=1, max_size=6))
def test_stage_is_the_regex_reading(lines):
    def doc() -> Doc:
        d = Doc(source="\n".join(lines))
        d.kind, d.lines = "plan", list(lines)
        d.roots = [Node("一", "cn", list(lines))]
        return d

    a, b = units.stage(doc()), units_oracle.stage(doc())
    assert [(r.paras, r.units, r.deadline_texts) for r in a.roots] == [(r.paras, r.units, r.deadline_texts) for r in b.roots]
    assert a.aliases == b.aliases
