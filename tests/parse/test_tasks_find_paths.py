"""find_targets' one-comprehension path and dates' shared 年 positions (issue 10, speed only)
read as the code they replaced, kept here as the oracles."""

from __future__ import annotations

import random

from fazhi.parse import dates, quantities

_WORDS = ["3个", "两期", "一次", "不少于", "不超过", "10家", "100%", "95%以上", "“四个意识”", "《条例》", "第一", "统一",
          "1.5万人", "五十件", "开展", "建立", "制度", ",", "。", ";", "、", "以上", "至少", "x", "一", "1", "2025年",
          "年", "20", "19", "1", "9", "0", "每年", "年底", "全年", " ", "培训", "人次", "批次", "零跑腿"]


def _texts(n: int, seed: int, words: list[str] = _WORDS) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(words) for _ in range(r.randrange(0, 16))) for _ in range(n)]


def _old_find_targets(text: str, extra: list[str] | tuple = (), pairs: list[int] | None = None) -> list[dict]:
    out: list[dict] = []
    for k, source in enumerate([text, *extra]):
        known = {(t["value"], t["unit"]) for t in out}
        for qt in quantities.find_quantities(source, None if k else pairs):
            if k and (qt.value, qt.unit) in known:
                continue
            t = source[qt.clause_start : qt.end].strip(" ,")
            out.append({"value": qt.value, "unit": qt.unit, "op": qt.op, "text": t})
    return out


def test_find_targets_reads_as_the_old_loop():
    texts = _texts(3000, 31)
    pairs = quantities.numeral_pairs(texts)
    r = random.Random(32)
    found = 0
    for text, p in zip(texts, pairs, strict=True):
        extra = r.choice([(), [], [r.choice(texts)], [r.choice(texts), r.choice(texts)]])
        for given in (p, None):
            want = _old_find_targets(text, extra, given)
            assert quantities.find_targets(text, extra, given) == want, (text, extra)
        found += len(want)
    assert found > 1000


def test_year_positions_are_the_year_anchors():
    for text in _texts(4000, 33) + ["2025年", "x2025年", "12025年", "2025年2026年", "年年2019年"]:
        positions: dict[str, list[int]] = {}
        assert dates._year_positions(text, positions) == dates._anchor_positions(text, dates.YEAR), text
        assert positions["年"] == dates._anchor_positions(text, "年")
        # Found first for the 年 anchor, the positions are read from there.
        again = {"年": dates._anchor_positions(text, "年")}
        assert dates._year_positions(text, again) == dates._anchor_positions(text, dates.YEAR)
