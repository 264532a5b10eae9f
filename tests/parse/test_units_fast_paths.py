"""The quick forms of the unit-note tests give the same answers as the patterns they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import outline, units
from fazhi.parse.rules import unit_labels

# Words the notes are made of, so that random texts hit the patterns often.
ATOMS = [
    *sorted(unit_labels()), "牵头", "配合", "负责", "按职责分工分别负责", "会同", ":", ";", ",", "。", ".", " ", "\n",
    "(", ")", "（", "）", "[", "]", "【", "】", "县司法局", "各镇", "、", "2025年", "9月", "年底", "上半年",
    "列第一位者为牵头单位", "排在首位的部门为牵头部门,下同", "各", "排", "位", "列", "第一",
]
texts = st.lists(st.sampled_from(ATOMS), max_size=10).map("".join)


def _same_start(a: re.Match | None, b: re.Match | None) -> bool:
    return (a is None) == (b is None) and (a is None or a.start() == b.start())


@settings(max_examples=400, deadline=None)
@given(texts)
def test_finders_agree_with_their_patterns(text):
    c = units._cfg()
    assert _same_start(c.label_re.search(text), c.label_find.search(text))
    assert _same_start(c.verb_re.search(text), c.verb_find.search(text))
    assert _same_start(c.first_listed.search(text), c.first_listed_find.search(text))
    assert _same_start(units._TIME_PIECE.search(text), units._TIME_PIECE_FIND.search(text))
    # The label scan resumes at the finder's start: the same matches as a scan from 0.
    first = c.label_find.search(text)
    resumed = [(m.span(), m.groups()) for m in c.label_re.finditer(text, first.start())] if first else []
    assert resumed == [(m.span(), m.groups()) for m in c.label_re.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_note_end_is_the_plain_search(line):
    t = line.rstrip()
    if t[-1:] in ("。", ".", ";", "；"):
        t = t[:-1].rstrip()
    plain = t[-1:] in (")", "）", "]", "】") and bool(outline.UNIT_NOTE_END.search(line))
    assert outline._ends_with_note(line) == plain


def test_first_chars():
    assert units._first_chars("(?:各项)?(?:列|排列|位列)在?第一") == "位列各排"
    assert units._first_chars("a*b") == "ab"
    assert units._first_chars("(?:x)?") is None  # can match empty
    assert units._first_chars("[^a]b") is None  # not a set of literals
    assert units._first_chars(r"\d年") is None


NAME_ATOMS = ["县", "司法", "局", "办", "管委会", "管委", "委员会", "人民政府", "政府", "中心", "等部门", "\n", " ", "会", "各镇"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAME_ATOMS), max_size=6).map("".join))
def test_org_suffix_is_the_anchored_search(name):
    from fazhi.parse.unit_names import has_org_suffix, org_suffix

    c = units._cfg()
    m = c.suffix_re.search(name)
    assert has_org_suffix(name, c) == bool(m)
    assert org_suffix(name, c) == (m.group(1) if m else None)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_verb_gate_finds_every_verb(text):
    c = units._cfg()  # the gate may say yes too often, never no when a verb is there
    assert c.verb_gate.search(text) or not c.verb_re.search(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["县司法局", "等", "部门", "等部门", "相关", "等相关部门", "单位", "8个", "十二个", "\n", " "]), max_size=6).map("".join))
def test_trailing_cut_is_the_substitution(name):
    from fazhi.parse.unit_names import _cut_trailing

    c = units._cfg()
    assert _cut_trailing(name, c) == c.trailing.sub("", name)


def test_marker_numeral_table_is_cn_number():
    from fazhi.parse import markers

    table = markers._cn_table()
    assert len(table) == 99 and table["九十九"] == 99 and table["十"] == 10
    assert all(markers.cn_number.__wrapped__(w) == n for w, n in table.items())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["一", "十", "二", "百", "、", "(", ")", "1", "2", ".", " ", "\t", "第", "条", "章", "①", "x", "年"]),
                max_size=8).map("".join))
def test_marker_match_reads_the_pattern(line):
    from fazhi.parse import markers

    got = markers._match_marker.__wrapped__(line, 0)
    m = markers.MARKER.match(line)
    if got is None:
        return
    assert isinstance(got, markers.Marker) and m is not None
    end = m.end()
    while end < len(line) and line[end] in " \t":
        end += 1
    assert got.end == end and got.label and got.number > 0


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*ATOMS, "\u3000", "\xa0", "\t", "各有关部门", "配合单位", "责任人"]), max_size=10).map("".join))
def test_has_label_is_the_label_search(text):
    from fazhi.parse.unit_names import has_label

    c = units._cfg()
    assert has_label(text, c) == bool(c.label_find.search(text))


def _units_of_by_patterns(chunk: str) -> tuple[str, ...]:
    """_units_of as it read with regexes only (the general reader the str tests stand for)."""
    from fazhi.parse import unit_names as u

    c = units._cfg()
    if c.joiner.search(chunk):
        chunk = c.joiner.sub("、", chunk)
    out: list[str] = []
    for run in u._split_outside_parens(chunk, u._SPLIT_RUN):
        if run:
            parts = u._split_outside_parens(run, u._SPLIT_UNIT)
            if len(parts) > 1 and not c.level_heads.isdisjoint(parts):  # 各省、自治区、直辖市人民政府
                parts = u._levels_joined(parts, c)
            names = [n for n in map(u._clean_unit, parts) if n]
            if c.list_joiner_re.search(run):
                names = [part for n in names for part in u._split_joined(n)]
            if len(names) > 1 and (suffix := u.org_suffix(names[-1], c)):
                names = [n + suffix if u._PLACE.search(n) and not n.startswith("各") else n for n in names]
            out.extend(names)
    return tuple(out)


CHUNK_ATOMS = ["县司法局", "甲度假区", "乙高新区", "管委", "各镇", "人民政府", "会同", "及", "有关部门", "等部门", "、", ",", ";",
               "/", " ", "\u3000", "\n", "(", ")", "[", "]", "【", "】", "市、区", "由", "等8个部门"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CHUNK_ATOMS), max_size=10).map("".join))
def test_units_of_is_the_pattern_split(chunk):
    from fazhi.parse.unit_names import _clean_unit, _units_of

    assert _units_of.__wrapped__(chunk) == _units_of_by_patterns(chunk)
    assert _clean_unit.__wrapped__(chunk) == _clean_unit(chunk)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CHUNK_ATOMS), max_size=10).map("".join))
def test_split_note_is_the_pattern_split(text):
    from fazhi.parse.unit_names import _SPLIT_NOTE, split_note

    assert split_note(text) == _SPLIT_NOTE.split(text)
