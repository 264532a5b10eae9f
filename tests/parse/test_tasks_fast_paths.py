"""The tasks stage's shortcuts read as the longer paths they replace (issue 10, speed only)."""

import ctypes
import random

from fazhi.docs.base import Source
from fazhi.parse import dates, quantities, tasks
from fazhi.parse.model import Doc, Node

# Date words of the deadline patterns, numerals, stops and filler: texts made of them hold dates
# of every kind, and near-misses.
_DATE_TOKENS = ["2025年", "2026年", "12月", "3月", "31日", "底", "末", "前", "以前", "内", "年内", "年底", "全年", "每年",
                "每季度", "每月", "每半年", "上半年", "下半年", "第三季度", "三季度", "次年", "翌年", "中旬", "到", "至", "截至",
                "起", "以来", "完成", "实现", "出台", "纳入", "考核", "的", ",", "。", "-", "2025-03-31", "(每年)", "推进",
                "工作", "x", "一", "1"]


def _texts(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(_DATE_TOKENS) for _ in range(r.randrange(0, 9))) for _ in range(n)]


def _by_encoding(s: str) -> bool:
    """quantities.bmp_only as first written: the UTF-16 encoding takes 2 bytes a character."""
    return len(s.encode("utf-16-le", "surrogatepass")) == 2 * len(s)


def test_bmp_only_reads_as_the_utf16_encoding():
    alphabet = ["a", "1", "é", "年", "一", "\0", "\ud800", "\udfff", "\uffff", "\U00010000", "𝟘", "\U0010ffff", "０"]
    r = random.Random(5)
    samples = [""] + ["".join(r.choice(alphabet) for _ in range(r.randrange(0, 40))) for _ in range(4000)]
    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8
    as_utf8.restype = ctypes.c_char_p
    as_utf8.argtypes = [ctypes.py_object]
    for s in samples:
        assert quantities.bmp_only(s) == _by_encoding(s), ascii(s)
        if "\ud800" not in s and "\udfff" not in s:
            copy = "".join([s, "年"])  # a fresh string, then with its UTF-8 copy cached (a larger size)
            as_utf8(copy)
            assert quantities.bmp_only(copy) == _by_encoding(copy), ascii(copy)


def test_numeral_pairs_with_astral_characters_are_the_patterns_own():
    c = quantities._cfg()
    alphabet = "0123一二十万 件个项人次x𝟘𝟙\U00010000"
    r = random.Random(7)
    for _ in range(600):
        texts = ["".join(r.choice(alphabet) for _ in range(r.randrange(0, 12))) for _ in range(r.randrange(1, 5))]
        assert quantities.numeral_pairs(texts) == [[m.start() for m in c.pair.finditer(t)] for t in texts], texts


def test_dates_in_is_find_deadlines_behind_its_gate():
    found = 0
    for t in _texts(4000, 11):
        want = dates.find_deadlines(t, 2025, "2025-03-01")
        got = dates.dates_in(t, 2025, "2025-03-01") if t and dates._may_hold_date(t) else []
        assert got == want, t
        found += len(want)
    assert found > 1000  # the texts do hold deadlines


def test_deadlines_for_with_the_gate_said_reads_as_without_it():
    """The stage runs the date gate once and tells deadlines_for (`dated`): the same deadlines
    as deadlines_for running find_deadlines itself, with and without 完成时限 lines."""
    doc = Doc(source=Source())
    doc.year, doc.issued = 2025, "2025-03-01"
    lines = _texts(300, 13)
    found = 0
    for k, t in enumerate(_texts(3000, 12)):
        leaf = Node("1", "arabic", [t])
        if k % 3 == 0:
            leaf.deadline_texts.append(lines[k % len(lines)])
        leaf.dated_by_column = k % 6 == 0
        want = tasks.deadlines_for(leaf, t, doc)
        assert tasks.deadlines_for(leaf, t, doc, dated=dates._may_hold_date(t)) == want, t
        found += len(want)
    assert found > 1000
