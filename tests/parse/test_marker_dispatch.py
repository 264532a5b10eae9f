"""match_marker tries one family's pattern by the line's first character: it reads every
string as the one alternation MARKER (the reading it replaced, kept here) reads it."""

import random
import re

from fazhi.parse import markers
from fazhi.parse.markers import CIRCLED, MARKER, Marker, _cn_table, cn_number, match_marker

_OLD_AT = re.compile("(?:" + MARKER.pattern + ")[ \t]*", re.VERBOSE)
_FAMILY = {"章": "chapter", "节": "section", "条": "article", "部分": "part", "篇": "part"}


def _old(s: str, pos: int = 0, gate: bool = True) -> Marker | None:
    """The reading before the first-character dispatch (match_marker and _match_marker as
    they were; gate=False: _match_marker alone)."""
    c = s[pos : pos + 1]
    if gate and not (c in markers._FIRST or c.isdecimal()):
        return None
    m = _OLD_AT.match(s, pos)
    if not m:
        return None
    fam = m.lastgroup
    if fam == "arabic":
        n = int(m.group("ar"))
        label = str(n)
    elif fam == "cn":
        label = m.group("cn_n")
        n = _cn_table().get(label) or cn_number(label)
    elif fam == "paren_cn":
        raw = m.group("pcn")
        n = _cn_table().get(raw) or cn_number(raw)
        label = "(" + raw + ")"
    elif fam == "paren_arabic":
        n = int(m.group("par"))
        label = f"({n})"
    elif fam == "article":
        raw = m.group("an")
        n = int(raw) if raw.isdigit() else (_cn_table().get(raw) or cn_number(raw))
        fam = _FAMILY[m.group("aunit")]
        label = m.group("article")
    elif fam == "half_paren":
        n = int(m.group("hp"))
        label = f"{n})"
    else:
        label = m.group("ci")
        n = CIRCLED.index(label) + 1
    if not n:
        return None
    return Marker(fam, n, label, m.end())


_PIECES = [*"第一二三四五六七八九十百零〇两0123456789()、.,，。的个项年 \t\n)章节条篇;", "部分", "19", "20",
           "①", "⑩", "⑳", "٣", "\u3000", "x", "加强", "工作", "\U00020000"]


def test_dispatch_reads_random_strings_as_the_alternation():
    rnd = random.Random(11)
    for _ in range(60000):
        s = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 9)))
        pos = rnd.choice((0, 0, 0, 1, 2))
        markers._match_marker.cache_clear()
        assert match_marker(s, pos) == _old(s, pos), (s, pos)


def test_dispatch_reads_real_looking_lines_as_the_alternation():
    lines = ["一、依法全面履行政府职能", "(一)深化行政审批制度改革。", "1.推进政务公开(县政府办负责)", "1、加强领导",
             "2)完善制度", "12 项任务", "3.2019年底前完成", "第三条 本办法", "第十二章总则", "第一部分 总体要求",
             "①列第一位者为牵头单位", "十九大以来", "一是加强学习", "(12)健全机制", "100、其他", "二〇二〇年",
             "第1条规定", "3.5亿元", "4)", "(三", "五.2", "五.建立"]
    for s in lines:
        for pos in range(len(s)):
            assert match_marker(s, pos) == _old(s, pos), (s, pos)


def test_uncached_reading_of_any_first_character():
    """_match_marker itself (asked by tests and tools at any character) refuses what MARKER
    refuses, the empty string and a position past the end included."""
    for s in ["", "x一、", "、", ")", " 1.", "\u3000一、", "①", "1"]:
        for pos in range(len(s) + 1):
            assert markers._match_marker.__wrapped__(s, pos) == _old(s, pos, gate=False), (s, pos)
