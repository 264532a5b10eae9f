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
