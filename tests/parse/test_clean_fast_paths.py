"""The fast paths of the clean stage find what the patterns they stand for find."""

import random

from fazhi.parse.clean import _ANY_SPACE, _space_split


def _strings(alphabet: str, n: int, seed: int):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))


def test_space_split_is_the_pattern_split():
    for s in _strings("ab1Z 一二。\t\u3000\u2002\x1c    ", 20000, 1):
        assert _space_split(s) == [p for p in _ANY_SPACE.split(s) if p.strip()], s


def test_space_split_keeps_a_space_between_ascii_words():
    assert _space_split("使用 Word 2019 编辑  一、总体要求") == ["使用", "Word 2019", "编辑", "一、总体要求"]


def test_title_word_is_the_pattern_search():
    from fazhi.parse.meta import _TITLE_WORD, DOC_TYPES, _title_word

    alphabet = [*"关于某县(2024-2026年))的", *DOC_TYPES.split("|")]
    rnd = random.Random(3)
    for _ in range(20000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert _title_word(s) == (_TITLE_WORD.search(s) is not None), s


def test_inline_split_found_in_the_joined_lines_exactly_when_in_a_line():
    """clean.stage asks _INLINE once of the lines joined by line breaks: no match may reach
    across a break, so the joined text holds one exactly when some line does."""
    from fazhi.parse.clean import _INLINE

    rnd = random.Random(5)
    alphabet = "一二十、。;:!?(1)2.0 年\t第条①"
    for _ in range(20000):
        lines = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 8))) for _ in range(rnd.randint(1, 4))]
        assert (_INLINE.search("\n".join(lines)) is not None) == any(_INLINE.search(ln) for ln in lines), lines


def test_bracket_labels_is_the_pattern_sub():
    from fazhi.parse.clean import _bracket_label, _bracket_labels
    from fazhi.parse.rules import deadline_labels, unit_labels

    words = [*unit_labels(), *deadline_labels()]
    rnd = random.Random(7)
    pieces = ["【", "】", "[", "]", ":", "：", " ", "\t", "县司法局", "6月底前", "负责", "\u3000", *words]
    for _ in range(20000):
        s = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        assert _bracket_labels(s) == _bracket_label().sub(r"\1:", s), s


def test_junk_words_found_in_the_text_are_the_pattern_search_of_each_line():
    """clean.stage asks each short line only for the `contains` words its whole text holds."""
    from fazhi.parse.clean import _junk_rules, _junk_words_in
    from fazhi.parse.rules import rules

    contains = _junk_rules()[1]
    words = rules()["boilerplate"]["contains"]
    rnd = random.Random(9)
    pieces = [*words, *(w[:-1] for w in words), *(w[1:] for w in words), "网站", "公开", "一、加强", " ", ":", "I"]
    for _ in range(5000):
        lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 4))]
        found = _junk_words_in("\n".join(lines))
        for ln in lines:
            assert any(w in ln for w in found) == bool(contains.search(ln)), (lines, ln)


def test_long_lines_are_no_exact_junk():
    from fazhi.parse.clean import _exact_max, _junk_rules

    assert all(len(w) <= _exact_max() for w in _junk_rules()[0])


def test_outline_reads_the_same_tree_with_and_without_the_marker_memo():
    from fazhi.docs.base import Source
    from fazhi.parse import clean, outline
    from fazhi.parse.model import Doc

    text = ("某县2024年法治政府建设工作要点\n一、总体要求\n(一)指导思想。坚持依法行政\n1.加强领导(县司法局负责)\n"
            "2.完善制度,健全机制\n二、主要任务\n(一)推进政务公开\n①公开清单\n②公开目录\n三是加强学习\n")
    doc = clean.stage(Doc(source=Source(blocks=text.split("\n"))))
    assert doc.line_markers is not None and doc.line_markers[0] == doc.lines
    plain = Doc(source=doc.source, lines=list(doc.lines))
    a, b = outline.stage(doc), outline.stage(plain)
    assert [n.path() for n in a.leaves()] == [n.path() for n in b.leaves()] and a.preamble == b.preamble
    # a list changed after clean is matched afresh, not read from the memo
    doc2 = clean.stage(Doc(source=Source(blocks=text.split("\n"))))
    doc2.lines[1] = "加强领导"
    fresh = Doc(source=doc2.source, lines=list(doc2.lines))
    assert [n.path() for n in outline.stage(doc2).leaves()] == [n.path() for n in outline.stage(fresh).leaves()]
