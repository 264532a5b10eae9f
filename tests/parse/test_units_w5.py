"""Wave 5's rewrite of the units stage (one reading per distinct note and name in a document,
verbs found by memchr-speed finds) reads what the stage read before it (tests/parse/units_w4,
the whole old stage kept as the oracle): random documents made of the configuration's own
words, note shapes and plain text, item by item and note by note."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.bench import clear_caches
from fazhi.parse import unit_names, units
from fazhi.parse.model import Doc, Node
from fazhi.parse.rules import deadline_labels, rules, unit_labels

from .units_w4 import units as old_units

_c = unit_names._cfg()
_u = rules()["units"]
NAMES = ["县司法局", "县财政局", "甲镇", "各镇政府", "各地区各部门", "区政府有关部门", "区直有关单位", "甲度假区", "乙高新区管委",
         "组织办", "人力资源分局", "各有关部门", "市、区", "国务院有关部门及各省级人民政府", "县政府办会同县司法局"]
WORDS = [
    *sorted(unit_labels()), *sorted(_c.verbs), *deadline_labels(), *_u["joiners"], *_u["list_joiners"],
    *_u["leading"], *_u["trailing"], *_u["org_suffixes"][:12], *_u.get("verb_synonyms", {}), *_u.get("guide_verbs", ()),
    *NAMES, "加强", "工作", "推进法治建设", "企业开办时间压缩至3天", "、", "、", ",", ",", ";", "。", ":", ":", "(", ")",
    "(", ")", "[", "]", "【", "】", " ", "\u3000", "/", "2025年", "9月底前完成", "年底", "长期坚持", "第一", "首位", "第",
    "首", "列第一位者为牵头单位,下同", "(以下统称“各镇”)", "(以下简称各镇)", "(牵头)", "(配合)", "实地督察阶段(6月至8月)",
    "等部门", "等8个部门", "由",
]
word = st.sampled_from(WORDS)
names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=4).map("、".join)
label = st.sampled_from(sorted(unit_labels()))
verb = st.sampled_from(sorted(_c.verbs))
# The common shapes, whole: "(牵头单位:A、B;责任单位:C)" and "A、B按职责分工分别负责" / "A牵头,B配合".
label_note = st.lists(st.tuples(label, names).map(":".join), min_size=1, max_size=3).map(";".join)
verb_note = st.lists(st.tuples(names, verb).map("".join), min_size=1, max_size=3).map(",".join)
note = label_note | verb_note | st.lists(word, max_size=10).map("".join)
bracketed = st.tuples(st.sampled_from(["(", "[", "【"]), note, st.sampled_from([")", "]", "】", ""])).map("".join)
paragraph = st.lists(word | bracketed | verb_note | st.just("。"), max_size=12).map("".join)


def _doc(tree: list[list[list[str]]], preamble: list[str]) -> Doc:
    d = Doc(source="")
    d.kind = "plan"
    for i, (head, *kids) in enumerate(tree):
        root = Node(str(i), "cn", list(head))
        for j, paras in enumerate(kids):
            root.children.append(Node(str(j), "arabic", list(paras), parent=root, from_table=j == 1))
        d.roots.append(root)
    d.preamble = list(preamble)
    d.lines = [*preamble, *(p for r in d.roots for n in [r, *r.children] for p in n.paras)]
    return d


def _state(d: Doc) -> list:
    return [d.aliases, [(n.path(), n.paras, n.units, n.deadline_texts) for r in d.roots for n in [r, *r.children]]]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.lists(paragraph, min_size=1, max_size=3), min_size=1, max_size=4), min_size=1, max_size=3),
       st.lists(paragraph, max_size=2))
def test_stage_reads_what_the_old_stage_read(tree, preamble):
    clear_caches()  # each example cold, as the benchmark runs a document
    new, old = _doc(tree, preamble), _doc(copy.deepcopy(tree), preamble)
    assert _state(units.stage(new)) == _state(old_units.stage(old))


@settings(max_examples=1500, deadline=None)
@given(paragraph)
def test_verb_end_gate_is_necessary(text):
    # Every text the verb steps try ends where the paragraph does or before one of its commas.
    body = text.rstrip("。; ")
    pieces = [body[: i] for i, ch in enumerate(body) if ch == ","] + [body]
    if any(units._is_verb_note(p) for p in pieces):
        assert units._may_end_note(body, _c)
