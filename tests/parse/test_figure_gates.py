"""The cheap gates in front of the quantity, deadline and indicator searches decide exactly as
the searches they stand for (they exist for speed only, issue 10)."""

import random

from fazhi.parse import dates, metrics

# Characters that make or break the date words, and some that do neither.
_DATE_ALPHABET = "年月季度半内底末本12０٣-/.a每,"


def _strings(alphabet: str, n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(alphabet) for _ in range(r.randrange(1, 9))) for _ in range(n)]


def test_date_gate_matches_the_date_word_pattern():
    samples = ["2025年底前完成", "上半年", "本年度内", "年度报告", "3年以上", "2025-03-31", "3/4", "v1.2", "年末"]
    for s in samples + _strings(_DATE_ALPHABET, 5000, 1):
        assert dates._may_hold_date(s) == bool(dates._ANY_DATE_WORD.search(s)), s


def test_date_gate_says_no_to_texts_without_a_date_word():
    assert not dates._may_hold_date("健全依法决策机制，完善行政执法程序")
    assert dates.find_deadlines("推进年度考核", 2025) == []
    assert dates.find_deadlines("2025年底前完成", 2025)[0]["date"] == "2025-12-31"


def test_alias_candidates_are_the_aliases_whose_prefix_occurs():
    r = random.Random(3)
    for unit_class in range(-1, len(metrics.UNIT_CLASSES)):
        entries = metrics._alias_patterns(unit_class)
        words = "".join(e[1] for e in entries) + "的和了"
        for _ in range(200):
            before = "".join(r.choice(words) for _ in range(r.randrange(0, 12)))
            after = "".join(r.choice(words) for _ in range(r.randrange(0, 6)))
            want = {id(e) for e in entries if not e[1] or e[1] in before or e[1] in after}
            assert {id(e) for e in metrics._candidates(unit_class, before, after)} == want
