"""Character clean-up (fazhi.parse.text): the fast paths give what the plain definitions give."""

import re

from fazhi.parse.text import _FULLWIDTH, _SPACES, halfwidth, has_spaces, squeeze


def test_halfwidth_is_the_translation_of_every_form():
    for code in _FULLWIDTH:
        c = chr(code)
        for text in (c, f"甲{c}乙", f"一、{c}(牵头单位:县司法局){c}{c}", f"①{c}…"):
            assert halfwidth(text) == text.translate(_FULLWIDTH), hex(code)


def test_halfwidth_of_mixed_text():
    text = "（一）完成率达到９５％；\u3000责任单位：县司法局\u200b、县财政局\ufeff⑴㈠…①"
    assert halfwidth(text) == text.translate(_FULLWIDTH) == "(一)完成率达到95%;责任单位:县司法局、县财政局(1)(一)…①"
    assert halfwidth("二、加强法治宣传。") == "二、加强法治宣传。"


def test_squeeze_keeps_a_space_between_ascii_words_only():
    assert squeeze("Word 2019 版 本") == "Word 2019版本"
    assert squeeze("甲\t乙\r丙\f丁\v戊") == "甲乙丙丁戊"
    for text in ("无空格", "a b", "x\u3000y", "\n", "甲\x0b乙"):
        assert has_spaces(text) == bool(_SPACES.search(text)), repr(text)
    assert re.fullmatch(r"\S+", squeeze(" 一 二 三 "))


def test_halfwidth_of_random_mixtures_is_the_translation():
    """One form, several forms, forms NFKC keeps (BOM, zero-width space), and characters NFKC
    changes that the table leaves (①): the short cuts give the translation every time."""
    import random

    rnd = random.Random(5)
    pool = list("一二,:，：（）；%ab\u00a0\u3000\u200b\ufeff\u2474①")
    for _ in range(5000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        assert halfwidth(text) == text.translate(_FULLWIDTH), text
