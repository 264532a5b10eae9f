"""Deadlines: 2022年底前, 6月底前, 到2017年底, 2021年9月30日前, 三季度末前, 年内, 上半年,
每年第一季度 (recurring). Relative expressions resolve against the document's year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

from fazhi.parse.markers import cn_number

_Q = r"(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?"
_HALF = r"(?P<half>上半年|下半年)"
_YEAR = r"(?P<y>(?:19|20)\d{2})年"
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])日"
_MARK = r"[(（](?P<every>每年|每季度|每半年|每月)[)）]"
_BEFORE = r"(?P<before>前|以前|之前|底前|末前)?"
# A written year not preceded by a digit, "(?<!\d)(?P<y>(?:19|20)\d{2})", with the look-behind
# after the first character: a pattern that opens with a fixed character set lets the regex
# engine skip to candidates instead of trying the pattern at every position. The same matches.
_YEAR_NOT_AFTER_DIGIT = r"(?P<y>(?:1(?<!\d1)9|2(?<!\d2)0)\d{2})"

# The anchor that stands for a written year, "2025年": (?:19|20)\d{2}年, found from its 年.
YEAR = "(year)"
# The characters every match of a month-first pattern opens with (a month's numeral).
_MONTH_FIRST = "0123456789一二三四五六七八九十"


class DatePattern(NamedTuple):
    """One deadline pattern with its gates: what every match of it holds, decided once, so that
    a text is scanned with it only where a match may be (tests/parse/test_figure_gates.py
    checks each gate on texts made to match)."""

    kind: str  # what _resolve reads
    pattern: re.Pattern
    needs: str | None  # a word every match holds (None: none)
    also: tuple[str, ...] = ()  # beyond `needs`, words of which every match holds one (none: no such gate)
    # The characters every match opens with, "" when unsaid. Put in front of
    # the pattern as a look-ahead they let the regex engine skip to those characters instead of
    # trying the pattern (its look-behind, its optional parts) at every position: 3x faster,
    # the same matches; and an anchored pattern is tried only where one of them stands.
    opens: str = ""
    # A word every match holds at most `back` characters after its start (YEAR: a written year
    # "2025年", 到/至… before it): the pattern is tried only there (_anchored_matches), not at
    # every position of the text. None: no such word.
    anchor: str | None = None
    back: int = 0


# Order matters: the most specific forms first. Each has a `kind` the resolver understands.
PATTERNS: list[DatePattern] = [
    # A date with its recurrence in brackets, as our exports write it: "2025年3月31日前(每年)",
    # "2025-03-31(每季度)". The date is the first occurrence.
    DatePattern("marked", re.compile(rf"{_YEAR}{_MONTH}{_DAY}(?:前|以前|之前)?\s*{_MARK}"), "每", ("日",), anchor=YEAR),
    DatePattern("marked", re.compile(
        rf"{_YEAR_NOT_AFTER_DIGIT}-(?P<m>1[0-2]|0?[1-9])-(?P<d>3[01]|[12]\d|0?[1-9])\s*{_MARK}"), "每", ("-",)),
    DatePattern("recurring", re.compile(
        rf"每年(?:的)?(?:{_Q}|{_HALF}|(?P<rm>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:(?P<rd>3[01]|[12]\d|0?[1-9])日|(?:底|末|份))?|(?P<rend>年底|年末))(?:前|以前|之前)?"),
        "每", ("每年",)),
    DatePattern("quarterly", re.compile(r"每(?:个)?季度(?:末|底)?(?:前|以前|之前)?(?![第一二三四1-4])"), "每", ("季度",)),
    DatePattern("halfyearly", re.compile(r"每(?:个)?半年(?:末|底)?(?:前|以前|之前)?"), "每", ("半年",)),
    DatePattern("monthly", re.compile(r"每(?:个)?月(?:(?P<md>3[01]|[12]\d|0?[1-9])日|底|末)?(?:前|以前|之前)?"), "每", ("月",)),
    # "12月中旬前": the end of that ten-day period. (Its year is optional.)
    DatePattern("xun", re.compile(rf"(?:{_YEAR})?{_MONTH}(?P<xun>上|中|下)旬(?P<before>前|以前|之前)?"), "旬",
                opens=_MONTH_FIRST),
    # "次年1月底前" / "翌年3月31日前" / "次年底前": the year after the document's.
    DatePattern("nextyear", re.compile(rf"(?:次年|翌年|下一年)度?(?:{_MONTH}(?:{_DAY}|底|末|份)?|底|末){_BEFORE}"), "年",
                ("次年", "翌年", "下一年"), opens="次翌下"),
    DatePattern("ymd", re.compile(rf"{_YEAR}{_MONTH}{_DAY}{_BEFORE}"), None, ("日",), anchor=YEAR),
    DatePattern("ymd", re.compile(
        _YEAR_NOT_AFTER_DIGIT + r"[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)(?P<before>前|以前|之前)?"),
        None, ("-", "/", ".")),
    # (?!\d): "2026年4月1日—4月20日" is a day opening a span (ymd skips it), not April.
    DatePattern("ym", re.compile(rf"{_YEAR}{_MONTH}(?!\d)(?:底|末|份)?{_BEFORE}"), "月", anchor=YEAR),
    DatePattern("yq", re.compile(rf"{_YEAR}{_Q}{_BEFORE}"), "季度", anchor=YEAR),
    DatePattern("yh", re.compile(rf"{_YEAR}{_HALF}{_BEFORE}"), "半年", anchor=YEAR),
    # "截至2025年底": two characters before the year.
    DatePattern("yend", re.compile(
        rf"(?P<to>到|至|在|于|截至)?{_YEAR}(?P<end>年底|年末|全年(?=$|[,，。;；、)）\s])|底|末|前|以前|之前|内)(?:前|以前|之前)?"),
        "年", opens="到至在于截12", anchor=YEAR, back=2),
    DatePattern("yto", re.compile(r"(?P<to>到|至)(?P<y>(?:19|20)\d{2})年(?![底末前内以起来后度\d])"), "年", ("到", "至"),
                opens="到至", anchor=YEAR, back=1),
    # A bare year before a verb of achieving: "2027年成功创建", "2026年全面完成", "2026年提请审议",
    # or of reaching a level, also after what reaches it: "2027年达到40%", "2026年网办率提高到95%",
    # "2027年降至3%" (whose 到/至 are gate words already) (but "2021年出台的办法" names an earlier
    # act, and "较2024年提高到" a year compared with).
    DatePattern("yto", re.compile(
        r"(?P<y>(?:1(?<![\d到至较比]1)9|2(?<![\d到至较比]2)0)\d{2})年(?=(?:要|将|力争|确保)?(?:成功|全面建成|全面完成|基本建成|基本形成|建成|完成|实现|提(?:请审议|请审查|高到|高至|升到|升至)|出台|印发|达到|降(?:低到|低至|至))(?!的)|[^,，。;；:：、(（]{1,8}?(?:达到|提高到|提高至|提升到|提升至|降至|降低到)(?!的))"),
        "年", ("成", "实现", "提请", "出台", "印发", "到", "至"), anchor=YEAR),
    # (A month's numeral is one or two characters: its 月 is at most two after the start.)
    DatePattern("md", re.compile(rf"(?<![\d年]){_MONTH}{_DAY}{_BEFORE}"), "日", ("月",), opens=_MONTH_FIRST,
                anchor="月", back=2),
    # The end of a span: "2024年3月至11月" / "4月至6月底" → the span's last month.
    DatePattern("mto", re.compile(rf"(?<=[至到—~-]){_MONTH}(?:底|末|份)?(?!\d|日)"), "月", ("至", "到", "—", "~", "-"),
                opens=_MONTH_FIRST, anchor="月", back=2),
    DatePattern("m", re.compile(rf"(?<![\d年月]){_MONTH}(?P<mend>底|末|份)?(?P<before>前|以前|之前)"), "月", ("前",),
                opens=_MONTH_FIRST, anchor="月", back=2),
    # "6月份提交审议": the month named for the act is its deadline.
    DatePattern("m", re.compile(rf"(?<![\d年月]){_MONTH}(?P<mend>份)(?!以来|起|开始|以后)"), "月", ("份",),
                opens=_MONTH_FIRST, anchor="月", back=2),
    DatePattern("q", re.compile(rf"(?<![\d年每]){_Q}(?P<before>前|以前|之前)?"), "季度", opens="第一二三四1234",
                anchor="季度", back=2),
    DatePattern("h", re.compile(rf"(?<![\d年每]){_HALF}"), "半年", opens="上下", anchor="半年", back=1),
    # Each branch opens with its own character (the look-behinds, ^ of 全年 too, come after
    # it), so that the engine skips to 年/本/全 instead of trying the branches at every position.
    DatePattern("thisyear", re.compile(
        r"(?:年(?<![\d每一二两三四五六七八九十几]年)(?:内|底前|底|末前|末)|本(?<![\d每一二两三四五六七八九十几]本)年度内"
        r"|全(?<=^全)年(?:内)?$)"),  # a time cell or label that says only "全年" (完成时间:全年)
        "年", opens="年本全", anchor="年", back=1),
]
# Dates that start something or look back are not deadlines.
_NOT_AFTER_WORDS = ("起", "以来", "开始", "以后", "后", "至今", "启动", "实施", "施行", "成立", "挂牌", "至", "到", "—", "-", "~", "〜")
_NOT_AFTER = re.compile("|".join(map(re.escape, _NOT_AFTER_WORDS)))
_NOT_BEFORE_WORDS = ("为", "从", "自", "截止", "截至", "于", "在")
_NOT_BEFORE = re.compile(f"(?:{'|'.join(_NOT_BEFORE_WORDS)})$")
_SPAN_END = re.compile(r"[\d一二三四五六七八九十上下次本翌年季月]")
_EVERY_WORDS = ("每年", "每季度", "每月", "每半年")  # a recurrence just before the date: its own words
_EVERY = re.compile(f"(?:{'|'.join(_EVERY_WORDS)})$")
# The characters those tests need where they look (the first after the date; the last before
# it, or a newline, which $ passes over): the regex runs only when one is there.
_NOT_AFTER_FIRST = frozenset(w[0] for w in _NOT_AFTER_WORDS)
_LEAD_LAST = frozenset({"\n", *(w[-1] for w in _NOT_BEFORE_WORDS + _EVERY_WORDS)})
_COMPLETES = re.compile(r"(?:全面|全部|基本|如期|按时)?(?:完成|办结|建成|落实到位|实现)")


# The recurring kinds and what they record (SCHEMA.md: 每年… yearly, 每季度 quarterly, 每月 monthly;
# SCHEMA names no value for 每半年: "half-yearly", its date the first half-year's end, like the others).
RECURRING = {"recurring": "yearly", "quarterly": "quarterly", "halfyearly": "half-yearly", "monthly": "monthly"}
# The words that mark a recurrence after a date (the exports write them, the parser reads them).
RECURRENCE_WORDS = {"yearly": "每年", "quarterly": "每季度", "half-yearly": "每半年", "monthly": "每月"}
_RECURRENCE = {w: r for r, w in RECURRENCE_WORDS.items()}
_SPAN_YEAR = re.compile(r"((?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?[至到—~-]$")
# The cheap gate: every pattern of PATTERNS needs one of these; most task texts have none. This is
# its definition; _may_hold_date answers the same (tests/parse/test_figure_gates.py) faster.
_ANY_DATE_WORD = re.compile(r"\d年|月|季度|半年|年内|年底|年末|本年度|^全年|\d[-/.]\d")
# The same test in pieces that each start with a fixed character, so that the regex engine
# skips to that character instead of trying the pattern at every position, and only texts
# holding the character are searched at all (see _may_hold_date).
_YEAR_WORD = re.compile(r"年(?:(?<=\d年)|(?<=半年)|[内底末]|(?<=本年)度|(?<=^全年))")
_NUMERIC_DATE = re.compile(r"[-/.](?<=\d[-/.])(?=\d)")
_YEAR_LEAD = ("(?P<y>", "(?P<to>")  # patterns that need a written year
_YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}(?:年|[-/.]\d)")


def _scanner(row: DatePattern) -> re.Pattern:
    return re.compile(f"(?=[{re.escape(row.opens)}]){row.pattern.pattern}") if row.opens else row.pattern


# Each pattern with its gates, decided once: the word it needs, the words it needs one of,
# whether it opens with a written year, whether it is a recurrence (每年…, or a date marked
# with one), its anchor, how far before it a match opens and the characters a match opens with.
_PLAN = [(row.kind, _scanner(row), row.needs, frozenset(row.also), row.pattern.pattern.startswith(_YEAR_LEAD),
          row.kind in RECURRING or row.kind == "marked", row.anchor, row.back, frozenset(row.opens) or None)
         for row in PATTERNS]
# Every word a pattern's gate asks for, each with a bit: a text is tested for each word once,
# and the patterns it may hold follow from the bits of the words it has, by integer tests
# (instead of each pattern searching the text for its own words in turn).
_GATE_WORDS = tuple(sorted({w for _, _, need, also, *_ in _PLAN for w in (need, *also) if w}))
_GATE_BIT = {w: 1 << k for k, w in enumerate(_GATE_WORDS)}
# Per pattern: the bit of its `needs` word (0: none) and the bits of its `also` words (0: none).
_GATES = [(_GATE_BIT.get(p[2], 0), sum(_GATE_BIT[w] for w in p[3]), p) for p in _PLAN]  # type: ignore[arg-type]
# Each gate word with its first character, asked first: a one-character `in` is a fast scan, a
# word's several times slower (and most texts lack most of the words' first characters).
_GATE_FIRST = tuple((w, w[0] if len(w) > 1 else w, bit) for w, bit in _GATE_BIT.items())


def _patterns_for(text: str) -> tuple[tuple, ...]:
    """The patterns of _PLAN whose gate words the text holds, in order."""
    have = 0
    for w, first, bit in _GATE_FIRST:
        if first in text and (first is w or w in text):
            have |= bit
    return _patterns_with(have)


@lru_cache(maxsize=512)
def _patterns_with(have: int) -> tuple[tuple, ...]:
    """The patterns whose gate words are among the bits of `have`: a document's texts have
    a few combinations of the words, each worked out once."""
    return tuple(p for need, also, p in _GATES if need & have == need and (not also or also & have))


# A written year: its definition; _anchor_positions finds the same from each 年 by str tests.
_YEAR_NIAN = re.compile(r"(?:19|20)\d{2}年")


def _anchor_positions(text: str, anchor: str) -> list[int]:
    """Where the anchor occurs in text, in order: each occurrence of the word (overlapping ones
    too), or for YEAR each written year's first digit."""
    out: list[int] = []
    if anchor is YEAR:
        at = text.find("年", 4)
        while at >= 0:  # "(?:19|20)\d{2}年": \d is what str.isdecimal says
            if text[at - 4 : at - 2] in ("19", "20") and text[at - 2].isdecimal() and text[at - 1].isdecimal():
                out.append(at - 4)
            at = text.find("年", at + 1)
        return out
    at = text.find(anchor)
    while at >= 0:
        out.append(at)
        at = text.find(anchor, at + 1)
    return out


def _year_positions(text: str, positions: dict[str, list[int]]) -> list[int]:
    """_anchor_positions(text, YEAR) from the positions of 年 (found once for the YEAR and the
    年 anchors both, kept in `positions`)."""
    nian = positions.get("年")
    if nian is None:
        nian = positions["年"] = _anchor_positions(text, "年")
    # "(?:19|20)\d{2}年": \d is what str.isdecimal says
    return [at - 4 for at in nian if at >= 4 and text[at - 4 : at - 2] in ("19", "20") and text[at - 2].isdecimal()
            and text[at - 1].isdecimal()]


def _anchored_matches(pat: re.Pattern, text: str, anchors: list[int], back: int,
                      opens: frozenset[str] | None = None) -> list[re.Match]:
    """pat.finditer(text) for a pattern whose every match opens `back` or fewer characters
    before an anchor (its positions in `anchors`, in order) with one of the characters
    `opens` (None: any): only those positions are tried, each from where the previous match
    ended. The matches are finditer's: the leftmost one, then the leftmost after it (no
    match of these patterns is empty)."""
    out: list[re.Match] = []
    match = pat.match
    end = 0
    for at in anchors:
        s = at - back if at - back > end else end
        while s <= at:
            m = None if opens is not None and text[s] not in opens else match(text, s)
            if m is None:
                s += 1
            else:
                out.append(m)
                s = end = m.end()
    return out


@cache
def _procedure() -> re.Pattern:
    from fazhi.parse.rules import rules

    words = "|".join(rules()["deadlines"]["not_deadline_after"])
    return re.compile(rf"[^,。;:、\d]{{0,4}}?(?:{words})")


@cache
def _acts() -> tuple[str, ...]:
    from fazhi.parse.rules import rules

    return tuple(rules()["deadlines"]["acts_before_procedure"])


# "2027年起每年6月底前…": a recurring duty that starts in a stated year.
_FROM_YEAR = re.compile(r"((?:19|20)\d{2})年(?:起|开始|以后)[,，]?$")


@cache
def _into_procedure() -> tuple[tuple[str, ...], re.Pattern]:
    """The words that put a date into a procedure's name, and the longer name they allow."""
    from fazhi.parse.rules import rules

    r = rules()["deadlines"]
    words = "|".join(r["not_deadline_after"])
    return tuple(r["into_procedure"]), re.compile(rf"[^,。;:、\d前]{{0,12}}?(?:{words})")


def _month(s: str) -> int:
    return int(s) if s.isdigit() else cn_number(s)  # type: ignore[return-value]  # None: TypeError, caught


def _end_of_month(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _quarter_end(y: int, q: str) -> dt.date:
    n = int(q) if q.isdigit() else cn_number(q)
    return _end_of_month(y, n * 3)  # type: ignore[operator]


def _resolve(kind: str, m: re.Match, year: int) -> dt.date | None:
    g = m.groupdict()
    if kind == "nextyear":
        if not g.get("m"):
            return dt.date(year + 1, 12, 31)
        return dt.date(year + 1, _month(g["m"]), int(g["d"])) if g.get("d") else _end_of_month(year + 1, _month(g["m"]))
    if kind in ("ymd", "md", "marked"):
        y = int(g["y"]) if g.get("y") else year
        return dt.date(y, _month(g["m"]), int(g["d"]))
    if kind in ("ym", "m", "mto"):
        y = int(g["y"]) if g.get("y") else year
        if kind == "mto" and (span := _SPAN_YEAR.search(m.string, max(0, m.start() - 16), m.start())):
            y = int(span.group(1))  # "2021年1月至12月": the span's own year
        return _end_of_month(y, _month(g["m"]))
    if kind == "xun":
        y = int(g["y"]) if g.get("y") else year
        return dt.date(y, _month(g["m"]), 10) if g["xun"] == "上" else dt.date(y, _month(g["m"]), 20) \
            if g["xun"] == "中" else _end_of_month(y, _month(g["m"]))
    if kind in ("yq", "q"):
        return _quarter_end(int(g["y"]) if g.get("y") else year, g["q"])
    if kind in ("yh", "h"):
        y = int(g["y"]) if g.get("y") else year
        return dt.date(y, 6, 30) if g["half"] == "上半年" else dt.date(y, 12, 31)
    if kind == "yend":
        return dt.date(int(g["y"]), 12, 31)  # "2026年内": a written year, never a duration
    if kind == "yto":
        return dt.date(int(g["y"]), 12, 31)
    if kind == "thisyear":
        return dt.date(year, 12, 31)
    return None


def _first_occurrence(kind: str, m: re.Match, after: dt.date) -> dt.date:
    """The first date of a recurring duty after `after` (the plan's issue date)."""
    if kind == "recurring":
        return _first_yearly(m, after)
    y, mo = after.year, after.month
    for _ in range(4):
        if kind == "quarterly":
            d = _end_of_month(y, ((mo - 1) // 3 + 1) * 3)
        elif kind == "halfyearly":
            d = _end_of_month(y, 6 if mo <= 6 else 12)
        else:
            day = m.group("md")
            d = _end_of_month(y, mo) if not day else dt.date(y, mo, min(int(day), calendar.monthrange(y, mo)[1]))
        if d > after:
            return d
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return d


def _first_yearly(m: re.Match, after: dt.date) -> dt.date:
    """The first occurrence of a yearly duty after `after` (the plan's issue date)."""
    g = m.groupdict()
    for y in (after.year, after.year + 1):
        if g.get("q"):
            d = _quarter_end(y, g["q"])
        elif g.get("half"):
            d = dt.date(y, 6, 30) if g["half"] == "上半年" else dt.date(y, 12, 31)
        elif g.get("rm"):
            mo = _month(g["rm"])
            d = dt.date(y, mo, int(g["rd"])) if g.get("rd") else _end_of_month(y, mo)
        else:
            d = dt.date(y, 12, 31)
        if d > after:
            return d
    return d


_STOPS = "。;!?"
_STOP = re.compile(f"[{_STOPS}]")
_STOP_OR_COMMA = re.compile("[。;!?,]")
# The text up to its last stop: from where it is matched, the greedy run goes to the end (one
# step) and steps back only as far as the last stop (a search for the stops would read every
# character from the start).
_UP_TO_LAST_STOP = re.compile(f"(?s:.*)[{_STOPS}]")
CLAUSE_WINDOW = 400  # a clause is never longer; the window keeps a long paragraph linear


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end], extended past a comma when it is very short."""
    lo = max(0, start - CLAUSE_WINDOW)
    # Just past the last stop before the date, found from the right.
    last = _UP_TO_LAST_STOP.match(text, lo, start)
    left = last.end() if last else lo
    # The first stop or comma after it: a comma far enough from the date's start ends the
    # clause; else the clause runs to the next stop.
    first = _STOP_OR_COMMA.search(text, end, end + CLAUSE_WINDOW)
    if first is not None and (text[first.start()] != "," or first.start() - start >= 8):
        right = first.start()
    else:
        stop = _STOP.search(text, first.end(), end + CLAUSE_WINDOW) if first else None
        right = stop.start() if stop else min(len(text), end + CLAUSE_WINDOW)
    return text[left:right].strip(" ,")


@cache
def _due_before() -> tuple[str, ...]:
    from fazhi.parse.rules import rules

    return tuple(rules()["deadlines"]["due_before"])


@cache
def _scope() -> tuple[str, ...]:
    from fazhi.parse.rules import rules

    return tuple(rules()["deadlines"]["scope_after"])


def _may_hold_date(text: str) -> bool:
    """_ANY_DATE_WORD.search(text), at a fraction of the cost: substring tests first. (A
    one-character `in` is a fast scan, a word's several times slower: 季 is looked for first.)"""
    if "月" in text or ("季" in text and "季度" in text):
        return True
    if "年" in text and _YEAR_WORD.search(text):
        return True
    return ("-" in text or "/" in text or "." in text) and _NUMERIC_DATE.search(text) is not None


# A time cell or label that names months only ("6月、12月", "3月、9月底前", "10月"): each month
# is due at its end. Read only in cells and labels, where a bare month is a time limit.
# A year may open the list ("2016年9月、12月"): its months are that year's.
_MONTH_CELL = re.compile(r"(?:((?:19|20)\d{2})年)?(?:\d{1,2}月份?[、,，和及]?)+(?:底|末)?(?:前|以前|之前)?")
_MONTH_NUM = re.compile(r"(\d{1,2})月")


def month_cell_deadlines(text: str, year: int | None) -> list[dict]:
    t = re.sub(r"\s", "", text)
    if not year or not (cell := _MONTH_CELL.fullmatch(t)):
        return []
    year = int(cell.group(1)) if cell.group(1) else year
    months = [int(m) for m in _MONTH_NUM.findall(t)]
    return [{"date": _end_of_month(year, m).isoformat(), "text": text, "recurring": None} for m in months if 1 <= m <= 12]


def find_deadlines(text: str, year: int | None, issued: str | None = None) -> list[dict]:
    """Every completion date an item states, in order, without duplicates."""
    if not text or not _may_hold_date(text):
        return []
    return dates_in(text, year, issued)


def dates_in(text: str, year: int | None, issued: str | None = None) -> list[dict]:
    """find_deadlines for a text its caller found to pass _may_hold_date (the gate is not
    run twice)."""
    year = year or dt.date.today().year
    after = dt.date.fromisoformat(issued) if issued else dt.date(year, 1, 1)
    taken = bytearray(len(text))  # characters already inside a found date
    found: list[tuple[int, dict]] = []
    for kind, every, matches in _pattern_matches(text):
        for m in matches:
            start, end = m.span()
            if taken.find(1, start, end) >= 0 or not _states_deadline(text, m, start, end, every):
                continue
            taken[start:end] = b"\x01" * (end - start)
            try:
                if kind == "marked":  # the stated date is the first occurrence already
                    date, rec = _resolve(kind, m, year), _RECURRENCE[m.group("every")]
                elif every:
                    since = after
                    if (begins := _FROM_YEAR.search(text, max(0, start - 8), start)) and int(begins.group(1)) > after.year:
                        since = dt.date(int(begins.group(1)) - 1, 12, 31)  # its first year's first date
                    date, rec = _first_occurrence(kind, m, since), RECURRING[kind]
                else:
                    date, rec = _resolve(kind, m, year), None
            except (ValueError, TypeError):
                continue
            if date is None or not (year - 2 <= date.year <= year + 10):
                continue
            found.append((start, {"date": date.isoformat(), "text": clause_around(text, start, end), "recurring": rec}))
    if len(found) > 1:
        found.sort(key=itemgetter(0))
    out, seen = [], set()
    for _, item in found:
        if (item["date"], item["recurring"]) not in seen:
            seen.add((item["date"], item["recurring"]))
            out.append(item)
    return out


def _pattern_matches(text: str) -> list[tuple[str, bool, Iterable[re.Match]]]:
    """Each pattern the text's gate words allow, in order, with its kind, whether it is a
    recurrence, and its matches: found from its anchor's occurrences (each anchor looked for
    once) when it has one."""
    out: list[tuple[str, bool, Iterable[re.Match]]] = []
    positions: dict[str, list[int]] = {}
    first_year: re.Match | None | bool = False  # not searched yet
    for kind, pat, _need, _also, year_lead, every, anchor, back, opens in _patterns_for(text):
        if anchor is not None:
            at = positions.get(anchor)
            if at is None:
                at = positions[anchor] = _year_positions(text, positions) if anchor is YEAR else _anchor_positions(text, anchor)
            if at:
                out.append((kind, every, _anchored_matches(pat, text, at, back, opens)))
            continue
        pos = 0
        if year_lead:  # "2025-03-31": a pattern that opens with a written year's number
            if first_year is False:
                first_year = _YEAR_NUMBER.search(text)
            if first_year is None:
                continue
            pos = first_year.start()  # type: ignore[union-attr]
        out.append((kind, every, pat.finditer(text, pos)))
    return out


def _states_deadline(text: str, m: re.Match, start: int, end: int, every: bool) -> bool:
    """Whether the date m (text[start:end]) says when something is due: not when something
    starts or what looks back, not a recurring duty's month, not the name of a procedure or
    what is counted. The regex tests run only when a character they need is there."""
    # Words just before the date, searched in a short window (a long text stays linear).
    lead = text[start - 4 if start > 4 else 0 : start]
    after_word = text[end : end + 1] in _NOT_AFTER_FIRST and _NOT_AFTER.match(text, end)
    if after_word and every and after_word.group(0) in ("到", "至") and not _SPAN_END.match(text, end + 1):
        after_word = None  # "每月到村服务": a recurring visit, not a span "每月至…"
    if not every and lead[-1:] in _LEAD_LAST:
        if _EVERY.search(lead):
            return False
        if _NOT_BEFORE.search(lead) and not lead.endswith(_due_before()):
            after_word = True  # type: ignore[assignment]
    if after_word:
        g = m.groupdict()
        if not (g.get("to") or g.get("before") or _COMPLETES.match(text, end)):
            return False  # "于2026年3月印发" looks back; "在2026年11月完成" is due then
    # A date to the day names no year-end procedure ("不晚于2026年10月31日形成评议报告").
    if not m.group(0).endswith("前") and not text.startswith(_acts(), end) and not (
            "d" in m.re.groupindex and m.group("d")):
        if _procedure().match(text, end):
            return False  # "纳入年底综合考核": the name of a year-end procedure
        into, named = _into_procedure()
        if text.endswith(into, 0, start) and named.match(text, end):
            return False  # "纳入年底法治政府建设考核": a longer procedure's name
    # "2025年以前受理的积案": what is counted, not when it is due
    return not ("的" in text[end : end + 4] and text.startswith(_scope(), end))
