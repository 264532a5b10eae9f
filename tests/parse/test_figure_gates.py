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


def test_alias_searches_cover_every_alias_that_can_match():
    """key_for tries an alias on a side of the figure whenever the full loop over all aliases
    (prefix test, then a search on both sides) would find a match there."""
    r = random.Random(3)
    for unit_class in range(-1, len(metrics.UNIT_CLASSES)):
        entries = metrics._alias_patterns(unit_class)
        words = "".join(e[1] for e in entries) + "".join(e[0].name for e in entries) + "的和了"
        for _ in range(300):
            before = "".join(r.choice(words) for _ in range(r.randrange(0, 14)))
            after = "".join(r.choice(words) for _ in range(r.randrange(0, 8)))
            tried = {(id(e), side) for e, b, a in metrics._searches(unit_class, before, after)
                     for side, on in ((0, b), (1, a)) if on}
            for e in entries:
                if e[1] and e[1] not in before and e[1] not in after:
                    continue
                for side, seg in ((0, before), (1, after)):
                    if e[2].search(seg):
                        assert (id(e), side) in tried, (e[0].key, before, after)
