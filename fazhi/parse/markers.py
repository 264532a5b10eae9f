"""Outline markers: 第一章 第一条 一、 (一) 1. 1、 (1) 1) ① — recognised and normalised."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

# One alternative per family; the family decides the nesting level.
MARKER = re.compile(
    r"""
    (?P<article>第(?P<an>[一二三四五六七八九十百零〇两\d]{1,6})(?P<aunit>章|节|条|部分|篇)(?=\s|[^\d、,，。的个项])) |
    (?P<paren_cn>\((?P<pcn>[一二三四五六七八九十]{1,3})\)) |
    (?P<cn>(?P<cn_n>[一二三四五六七八九十百零]{1,5})(?:、|\.(?![\d一二三四五六七八九十]))) |
    (?P<paren_arabic>\((?P<par>\d{1,3})\)) |
    (?P<half_paren>(?P<hp>\d{1,2})\)(?=[^\d\s),.;、。])) |
    (?P<arabic>(?P<ar>\d{1,3})(?:[、]|\.(?!\d)|\.(?=(?:19|20)\d\d年)|\s(?=[^\d\s])(?!\d)) ) |
    (?P<circled>(?P<ci>[①-⑳]))
    """,
    re.VERBOSE,
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A cheap look-ahead for "a marker may start here", used to split lines before markers;
# match_marker() then decides whether it really is one.
MARKER_START = (
    r"(?:第[一二三四五六七八九十百]+[章节条]|[一二三四五六七八九十百零]{1,5}、|\([一二三四五六七八九十]{1,3}\)"
    r"|\d{1,3}[.、](?!\d)|\d{1,3}\.(?=(?:19|20)\d\d年)|\(\d{1,3}\)|\d{1,2}\)(?=[^\d\s),.;、。])|[①-⑳])"
)


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def _small_number(s: str) -> int | None:
    """一…九千九百九十九 in the standard form (二十三, 一百零五); None for anything else."""
    total, cur, last_unit = 0, None, 10**6
    for ch in s:
        if ch in _DIGITS:
            if _DIGITS[ch] == 0 and cur is None and total:
                continue  # the 零 of 一百零五
            if cur is not None:
                return None  # digits in a row (二〇二〇): cn2an's business
            cur = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit or cur == 0:
                return None
            total += (1 if cur is None else cur) * unit
            cur, last_unit = None, unit
        else:
            return None
    return total + (cur or 0) or None


@lru_cache(maxsize=4096)
def cn_number(s: str) -> int | None:
    if not s:
        return None
    if s[0] in "十百千":  # 百分之百, 十二: a leading unit means one of it
        s = "一" + s
    if (n := _small_number(s)) is not None:
        return n
    import cn2an  # rare forms only (万, 亿, 二〇二〇); 80 ms to import, so loaded when needed

    try:
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


class Marker(NamedTuple):  # immutable (shared from the cache) and quick to build
    family: str  # article/chapter…, cn, paren_cn, arabic, paren_arabic, circled
    number: int
    label: str  # as the schema writes paths: "一", "(一)", "1", "(1)", "①", "第一条"
    end: int  # index just past the marker in the matched string


# The characters a marker can start with (besides decimal digits, which \d matches): most
# lines start with none of them and are refused without a regex or a cache look-up.
_FIRST = frozenset("第(一二三四五六七八九十百零" + CIRCLED)


def match_marker(s: str, pos: int = 0) -> Marker | None:
    c = s[pos : pos + 1]
    if c in _FIRST or c.isdecimal():  # "" (past the end) is neither
        return _match_marker(s, pos)
    return None


_new_tuple = tuple.__new__
_ARTICLE_FAMILY = {"章": "chapter", "节": "section", "条": "article", "部分": "part", "篇": "part"}


@cache
def _cn_table() -> dict[str, int]:
    """cn_number of the numerals markers use (一 … 九十九), built once: most markers are
    looked up here rather than parsed."""
    ones = "一二三四五六七八九"
    words = [*ones, "十", *("十" + o for o in ones)]
    words += [t + "十" + o for t in ones[1:] for o in ("", *ones)]
    return {w: n for w in words if (n := _small_number(w))}


# Each family's pattern alone (MARKER's alternatives, with its trailing spaces), tried by the
# line's first character: the one alternation tried branch by branch and read by group name
# cost several times the one small pattern a first character leaves possible. The families
# sharing a first character keep MARKER's order (paren_cn before paren_arabic, half_paren
# before arabic); tests/parse/test_marker_dispatch.py holds the old reading for comparison.
_ARTICLE_AT = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})(章|节|条|部分|篇)(?=\s|[^\d、,，。的个项])[ \t]*")
_PAREN_AT = re.compile(r"\((?:([一二三四五六七八九十]{1,3})|(\d{1,3}))\)[ \t]*")
_CN_AT = re.compile(r"([一二三四五六七八九十百零]{1,5})(?:、|\.(?![\d一二三四五六七八九十]))[ \t]*")
_DIGIT_AT = re.compile(
    r"(?:(\d{1,2})\)(?=[^\d\s),.;、。])|(\d{1,3})(?:[、]|\.(?!\d)|\.(?=(?:19|20)\d\d年)|\s(?=[^\d\s])(?!\d)))[ \t]*"
)
_BLANKS = re.compile(r"[ \t]*")
_CN_FIRST = frozenset("一二三四五六七八九十百零")
_CIRCLED_SET = frozenset(CIRCLED)


@lru_cache(maxsize=16384)
def _match_marker(s: str, pos: int) -> Marker | None:
    c = s[pos : pos + 1]  # (match_marker asks only at a character of _FIRST or a digit)
    if c in _CN_FIRST:
        m = _CN_AT.match(s, pos)
        if m is None:
            return None
        label = m[1]
        fam, n = "cn", _cn_table().get(label) or cn_number(label)
    elif c == "(":
        m = _PAREN_AT.match(s, pos)
        if m is None:
            return None
        raw = m[1]
        if raw is not None:
            fam, n, label = "paren_cn", _cn_table().get(raw) or cn_number(raw), "(" + raw + ")"
        else:
            n = int(m[2])
            fam, label = "paren_arabic", f"({n})"
    elif c == "第":
        m = _ARTICLE_AT.match(s, pos)
        if m is None:
            return None
        raw = m[1]
        n = int(raw) if raw.isdigit() else (_cn_table().get(raw) or cn_number(raw))
        fam, label = _ARTICLE_FAMILY[m[2]], "第" + raw + m[2]
    elif c in _CIRCLED_SET:
        return _new_tuple(Marker, ("circled", CIRCLED.index(c) + 1, c, _BLANKS.match(s, pos + 1).end()))  # type: ignore[union-attr]
    else:  # a decimal digit
        m = _DIGIT_AT.match(s, pos)
        if m is None:
            return None
        if m[1] is not None:  # "1)" / "1）": a family of its own, written "1)" in paths
            n = int(m[1])
            fam, label = "half_paren", f"{n})"
        else:
            n = int(m[2])
            fam, label = "arabic", str(n)
    if not n:
        return None
    return _new_tuple(Marker, (fam, n, label, m.end()))  # Marker(…) without NamedTuple's __new__ call


def starts_with_marker(s: str) -> bool:
    return match_marker(s.lstrip()) is not None
