"""Numbers with a measure: a plan's targets and a report's metrics.

Arabic and Chinese numerals (两期, 十二场, 百分之九十五), 万/亿 multipliers (1.5万, 64.71万件),
余/多/近/约/以上 as approximate. Not numbers: years and dates (年 and 月…日 are no measure),
document numbers (inside 〔〕), outline numbers (removed with the marker), slogan numerals
(inside quotes, or a bare 一/三/五 + measure with no quantity cue), 7x24, 1+1+N, redacted *.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from fazhi.parse.markers import cn_number
from fazhi.parse.rules import rules
from fazhi.parse.text import QUOTE_PAIRS, merge_spans

CN = "零〇一二两三四五六七八九十百千"
CLAUSE_END = ",;。:!?"
_CLAUSE_END_RE = re.compile("[" + re.escape(CLAUSE_END) + "]")
_LAST_CLAUSE_END = re.compile("(?s).*[" + re.escape(CLAUSE_END) + "]")  # match().end(): just past the last one
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
# 每季度召开一次 / 上半年组织一次 / 每两年开展一次: a duty's frequency or its count within a named period.
_FREQUENCY = re.compile(r"(?:每(?:[两二三]?年|半年|个?季度|个?月|周|旬)|[上下]半年|年内|全年|年底前|第[一二三四]季度)[^,;。]{0,18}$")


@dataclass(slots=True)
class Quantity:
    value: int | float  # (not float: compiled, mypyc would make every int a float)
    unit: str
    op: str
    approx: bool
    start: int  # span of the number and measure in the text
    end: int
    clause: str
    clause_start: int


@cache
def _cfg():
    q = rules()["quantities"]
    measures = sorted(set(q["measures"]), key=len, reverse=True)
    alt = "|".join(re.escape(m) for m in measures)
    # After 万/亿 a measure word is near certain, so the wider list is safe there (5万株, 3亿立方米).
    wan = sorted(set(q["measures"]) | set(q["measures_after_wan"]), key=len, reverse=True)
    wan_alt = "|".join(re.escape(m) for m in wan)
    # The measure is required (so that every 一 in 统一 is not a candidate), except for an
    # Arabic number with 万/亿, which counts on its own ("1.7万群众").
    # The look-ahead on the first character lets the engine skip ahead to candidates instead
    # of trying every alternative at every position (2-3× faster on running text).
    # Before each alternation of measure words, a one-character class of their first letters:
    # a numeral not followed by a measure (统一, 一体化) fails there at once instead of trying
    # every measure word in turn. The matches are the same.
    first = "".join(sorted({m[0] for m in measures}))
    wan_first = "".join(sorted({m[0] for m in wan}))
    pat = re.compile(
        rf"(?=[\d{CN}])(?:百分之(?P<pnum>[{CN}]+(?:点[{CN}]+)?|\d+(?:\.\d+)?)"
        rf"|(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN}]+(?:点[{CN}]+)?(?:[万亿][{CN}]+)*)\s?(?:(?P<ap0>余|多)(?=[万亿]))?(?P<mult>万|亿)?(?P<ap1>余|多)?(?=[{re.escape(first)}])(?P<unit>{alt})"
        rf"|(?P<num2>\d+(?:\.\d+)?)(?P<mult2>万|亿)(?P<ap2>余|多)?(?:(?=[{re.escape(wan_first)}])(?P<unit2>{wan_alt}))?)"
    )
    # Every match holds a numeral directly followed by what may follow a number (a space,
    # 余/多, 万/亿, the 分 of 百分之, a measure's first letter): this pattern finds those pairs
    # and, opening with a character class, lets the engine scan at the speed of a class test.
    pair = re.compile(rf"[\d{CN}](?=[\s余多万亿分{re.escape(first)}])")
    # The same pattern for a text without characters beyond U+FFFF, with \d spelled out as the
    # decimal digits of that plane: the engine tests one bitmap per character instead of the
    # bitmap and then the digit category (~40 % faster; the matches are the same there).
    pair_bmp = re.compile(rf"[{re.escape(_bmp_digits())}{CN}](?=[\s余多万亿分{re.escape(first)}])")
    words = lambda key: sorted(q[key], key=len, reverse=True)  # noqa: E731
    campaign = re.compile(rf"[^\d,。;、:]{{0,6}}?(?:{'|'.join(q['campaign_words'])})")
    rank = re.compile(rf"(?:{'|'.join(q['rank_words'])})[^,。;、]{{0,4}}?(?:第|前)$")
    both = sorted({*q["at_least"], *q["at_most"]}, key=len, reverse=True)
    comparison = re.compile("|".join(map(re.escape, both)))
    strict = (*words("at_least"), *words("at_most"), *q["approx_before"])  # cues that make even 一 a number
    return SimpleNamespace(arabic_only=frozenset(q["arabic_only"]), pattern=pat, pair=pair, pair_bmp=pair_bmp, not_followed_by=q["not_followed_by"], campaign=campaign, rank=rank,
                           comparison=comparison, at_least_set=frozenset(q["at_least"]), at_least=words("at_least"),
                           at_most=words("at_most"), q=q, cn_cues=words("cn_numeral_cues"),
                           # The word lists as tuples: one C-level startswith/endswith per figure.
                           approx_before=tuple(q["approx_before"]), approx_after=tuple(q["approx_after"]),
                           after_at_least=tuple(q["after_at_least"]), after_at_most=tuple(q["after_at_most"]),
                           strict_cues=strict, all_cues=(*words("cn_numeral_cues"), *strict),
                           after_cues=(*q["after_at_least"], *q["after_at_most"], *q["approx_after"]),
                           # The first letters of the words read after a figure and the last letters of those read
                           # before it: a figure next to none of them (most) takes no startswith/endswith call.
                           after_firsts=frozenset(w[0] for w in (*q["after_at_least"], *q["approx_after"])),
                           approx_lasts=frozenset(w[-1] for w in q["approx_before"]),
                           # A single-letter measure's "not followed by" letters joined to the symbols no number
                           # is followed by: one set lookup for the character after a figure.
                           bad_after={u: _BAD_AFTER | frozenset(letters) for u, letters in q["not_followed_by"].items() if len(u) == 1},
                           # The measure a figure reports under, for every measure the pattern can match.
                           unit_name={None: "", "%": "%", **{u: _UNIT_NAMES.get(u, u) for u in (*measures, *wan)}})


def _bmp_digits() -> str:
    """The characters below U+10000 that \\d matches (str.isdecimal). Unicode assigns decimal
    digits in runs of ten, and every run of eight holds a multiple of 8: test those, then widen
    each hit to its run (1/8 of the tests of a full scan)."""
    out: list[str] = []
    done = 0
    for i in range(0, 0x10000, 8):
        if i < done or not chr(i).isdecimal():
            continue
        a = i
        while a > done and chr(a - 1).isdecimal():
            a -= 1
        b = i
        while b < 0xFFFF and chr(b + 1).isdecimal():
            b += 1
        out.extend(map(chr, range(a, b + 1)))
        done = b + 1
    return "".join(out)


def _cn_decimal(s: str) -> float | None:
    """一点二 → 1.2, 九十五 → 95 (a Chinese numeral with an optional 点 fraction)."""
    whole, _, frac = s.partition("点")
    v = cn_number(whole)
    if v is None:
        return None
    if frac:
        return float(f"{v}." + "".join(str("零一二三四五六七八九".index(c)) for c in frac if c in "零一二三四五六七八九"))
    return float(v)


_MULT = {"万": 1e4, "亿": 1e8}


def _value(pnum: str | None, num: str | None, mult: str | None, num2: str | None, mult2: str | None) -> float | None:
    if pnum:
        return float(pnum) if _DECIMAL.fullmatch(pnum) else _cn_decimal(pnum)
    s = num or num2
    v = float(s.replace(",", "")) if s[0].isdigit() else _cn_decimal(s)  # type: ignore[union-attr,index,arg-type]
    if v is None:
        return None
    return v * _MULT.get(mult or mult2 or "", 1)


# Characters before a number that make it part of something else (第3, 每千名, 7x24, 1+1, 3/4, 2.5, a1),
# and after it (1+1, 7x24, 5G): one set lookup each.
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
# 每 before a number makes it a denominator (每千名执法人员, 每万人口, 每10万人), not a figure.
_BAD_BEFORE = frozenset(("第", "每", "x", "X", "×", "*", "+", "-", "/", ".", "~", "—")) | _ASCII_ALNUM
_BAD_AFTER = frozenset(("+", "x", "×", "*")) | frozenset(string.ascii_letters)


_DAY_BEFORE = re.compile(r"月\d{1,2}日$")


# The units whose rejection tests go beyond the characters next to the number (dates, 24小时).
_RARE_UNITS = frozenset(("日", "天", "小时"))


def _rejected_rare(text: str, start: int, stop: int, cn: bool, unit: str | None, num: str, before: str, c) -> bool:
    """The rejections of find_quantities for a Chinese numeral or a rare unit: a date, 24小时, a
    slogan… (the tests on the characters next to any number are made by the caller)."""
    if cn and unit in c.arabic_only:
        return True
    if before == "月" and unit in ("日", "天"):
        return True  # a date, 9月30日
    if unit == "日" and before in "至到、" and _DAY_BEFORE.search(text, max(0, start - 8), start - 1):
        return True  # the second day of a range, 4月14日至15日
    if unit == "小时" and num.lstrip("0") == "24":
        return True  # 24小时 service hours, not a figure
    if cn:
        if before and before in CN:
            return True
        if num[:1] in "零〇" and num[1:2] != "点":
            return True  # 零跑腿, 零见面: a word, not a number
        if unit != "次" and c.campaign.match(text, stop):
            return True  # 百日攻坚行动 (but "开展一次…宣传活动" counts a 次)
    return False


def _counted_one(text: str, m: re.Match, left: int) -> bool:
    """"败诉一件。" "讲法治课一次,": 一 closing a clause after the words it counts (not 这一项, 统一)."""
    before = text[left : m.start()]
    if m.group("unit") not in _cfg().q["one_at_clause_end"]:
        return False
    return len(before) >= 2 and before[-1] not in CN + "这那每同唯统逐单"


def _cn_cued(text: str, m: re.Match, c, left: int) -> bool:
    """A Chinese numeral counts only with a quantity cue (两期以上, 不少于两次, 等六项)."""
    num = m.group("num") or ""
    if m.group("mult") or "万" in num or "亿" in num:
        return True  # 五万份, 一点二亿元: a multiplier makes it a figure
    start, end = m.span()
    if text[end : end + 1] in ",;。、)" and (num != "一" or _counted_one(text, m, left)):
        return True  # "评查案卷两次," "出台规范性文件六件。": a count closing its clause, never a slogan
    if num == "一" and m.group("unit") == "次" and _FREQUENCY.search(text, max(left, start - 22), start):
        return True  # 每季度召开一次: a duty's frequency
    # 一 is also the article (打造一支队伍, 一批): only an explicit quantity word makes it a number.
    if text[max(0, start - 4) : start].endswith(c.strict_cues if num == "一" else c.all_cues):
        return True
    if c.comparison.search(text, left, start):
        return True  # "至少专题研究法治政府建设工作两次"
    if text[end : end + 3].startswith(c.after_cues):
        return True
    v = cn_number(num)
    return v is not None and v >= 10


_UNIT_NAMES = {"个工作日": "工作日", "余人": "人"}
# What a match's number may hold before its last numeral (2,500.5 / 三点五 / 一万二千).
_NUMBER_CHARS = frozenset(CN + ",.点万亿")
# The same with the ASCII digits, so that most characters of a number are told by the set alone.
_RUN_CHARS = _NUMBER_CHARS | frozenset(string.digits)


def numeral_pairs(texts: list[str]) -> list[list[int]]:
    """Where c.pair matches in each text, found by one scan of the texts joined by a NUL (no
    numeral, space or measure: no pair reaches across it), instead of one scan per text: the
    pairs of a document's items or paragraphs, to pass to find_quantities."""
    out: list[list[int]] = [[] for _ in texts]
    if not texts:
        return out
    k, end = 0, len(texts[0])
    joined = "\0".join(texts)
    c = _cfg()
    pair = c.pair_bmp if bmp_only(joined) else c.pair
    for hit in pair.finditer(joined):
        x = hit.start()
        while x >= end:  # the hit is in a later text
            k += 1
            end += 1 + len(texts[k])
        out[k].append(x - end + len(texts[k]))
    return out


# The size of a str with four bytes a character (PEP 393 storage), less those of its length + 1.
_UCS4_BASE = "\U00010000".__sizeof__() - 8


def bmp_only(s: str) -> bool:
    """Whether s holds no character beyond U+FFFF (its UTF-16 encoding takes 2 bytes a
    character). A str smaller than one stored with four bytes a character has none, told by
    its size without reading it (encoding it costs ~13 instructions a character); a larger one
    (four bytes a character, or a cached UTF-8 copy) is encoded."""
    if s.__sizeof__() < _UCS4_BASE + 4 * (len(s) + 1):
        return True
    return len(s.encode("utf-16-le", "surrogatepass")) == 2 * len(s)


def _matches(text: str, c, pairs: list[int] | None = None) -> list[re.Match]:
    """The matches of c.pattern.finditer(text), found from the numeral pairs (c.pair, or
    their positions `pairs` when numeral_pairs found them): a match starts in the run of
    number characters that ends at its pair, so only that run is tried. Each match is the
    leftmost one after the previous: the same list as finditer gives."""
    match = c.pattern.match
    out: list[re.Match] = []
    pos = 0
    for x in (pairs if pairs is not None else (hit.start() for hit in c.pair.finditer(text))):
        if x < pos:
            continue  # inside the previous match
        a = x
        while a > pos and ((ch := text[a - 1]) in _RUN_CHARS or ch.isdecimal()):
            a -= 1
        for s in range(a, x + 1):
            m = match(text, s)
            if m is not None:
                out.append(m)
                pos = m.end()
                break
        else:
            pos = x + 1
    return out


_QUOTE_OPENERS = tuple(o for o, _ in QUOTE_PAIRS)


@cache
def _quote_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """For each kind of quote, its opener and a pattern of one quoted span as text.quoted_spans
    reads it: the first closer within 80 characters of the opener (an unclosed opener is skipped)."""
    return tuple((o, re.compile(f"{re.escape(o)}[^{re.escape(c)}]{{0,79}}{re.escape(c)}")) for o, c in QUOTE_PAIRS)


def quoted_bounds(text: str) -> list[int]:
    """The ends of merge_spans(quoted_spans(text)) in one sorted list: a position is inside a
    quoted span when an odd number of them are at or before it (bisect_right(...) & 1, one C
    call instead of in_spans'). Each kind of quote's spans come from one finditer (a C-level
    scan to each opener) rather than two str.find calls and a loop turn per quote."""
    spans = []
    for opener, pattern in _quote_patterns():
        if opener in text:
            spans += [m.span() for m in pattern.finditer(text)]
    return [x for span in merge_spans(spans) for x in span]


def find_quantities(text: str, pairs: list[int] | None = None, ops: bool = True) -> list[Quantity]:
    """The quantities of a text; `pairs`, when given, is numeral_pairs' list for it. With
    ops=False the comparison (Quantity.op, a target's ≥/≤) is not read: op is "" (reported
    figures have none)."""
    if pairs is not None and not pairs:
        return []  # no numeral that may start a figure
    c = _cfg()
    matches = _matches(text, c, pairs)
    if not matches:
        return []
    # The quoted spans hold no figure; none can start before the first opening quote, so they are
    # computed only when a candidate stands after it (never for a text without quotes).
    first_quote = len(text)
    for opener in _QUOTE_OPENERS:  # text.QUOTE_OPEN's first match by `in` and str.find (the class ~20 ns a character)
        if opener in text:
            i = text.find(opener)
            if i < first_quote:
                first_quote = i
    bounds: list[int] | None = None
    left = seen = 0
    right = clause_left = clause_right = -1
    clause = ""
    # Each candidate in one pass, with as few calls as may be: an Arabic number's tests are set
    # and dict lookups on the characters next to it (the rare units and Chinese numerals take
    # the longer path), and the words around it are tested in place (startswith/endswith with
    # bounds) rather than sliced out.
    bad_after, unit_name = c.bad_after, c.unit_name
    out: list[Quantity] = []
    value: int | float | None
    for m in matches:
        # The pattern's groups in order: pnum, num, ap0, mult, ap1, unit, num2, mult2, ap2, unit2.
        pnum, num1, ap0, mult, ap1, unit1, num2, mult2, ap2, unit2 = m.groups()
        start, stop = m.span()
        unit = "%" if pnum else (unit1 or unit2)
        num = num1 or num2 or ""
        cn = bool(num) and not num[0].isdigit()
        if start > first_quote:
            if bounds is None:
                bounds = quoted_bounds(text)
            if bisect_right(bounds, start) & 1:
                continue
        before = text[start - 1] if start else ""
        if before in _BAD_BEFORE or text[stop : stop + 1] in bad_after.get(unit, _BAD_AFTER):
            continue  # glued to other symbols (第3, 7x24, 5G), or a measure's word (名称, 部门)
        if (cn or unit in _RARE_UNITS) and _rejected_rare(text, start, stop, cn, unit, num1 or "", before, c):
            continue
        # The rank pattern ends in 第/前 just before the number (第 is rejected above): test that first.
        if before == "前" and c.rank.search(text, max(0, start - 8), start):
            continue  # 名列全省前3名
        # The clause: from just after the last clause end before the number (searched from
        # the previous candidate on, so that a long paragraph stays linear) to the next one.
        last = _LAST_CLAUSE_END.match(text, seen, start)
        if last is not None:
            left = last.end()
        seen = start
        if cn or pnum:
            if cn and not pnum and not _cn_cued(text, m, c, left):
                continue
            value = _value(pnum, num1, mult, num2, mult2)
            if value is None:
                continue
        elif mult or mult2 or len(num) > 15 or not num.isdecimal():  # 1.5万, 2,500, 3.6
            value = float(num.replace(",", "")) * _MULT.get(mult or mult2 or "", 1)
        else:
            value = int(num)  # a plain integer (most figures): as exact as through float
        if value.__class__ is float:
            value = int(value) if value.is_integer() else round(value, 4)
        if right < stop:
            nxt = _CLAUSE_END_RE.search(text, stop)
            right = nxt.start() if nxt else len(text)
        if left != clause_left or right != clause_right:
            clause, clause_left, clause_right = text[left:right], left, right  # shared by the clause's figures
        # The words after and before the figure are tested only when the letter next to it may
        # open (close) one of them: one set lookup each for most figures.
        follows = text[stop : stop + 1] in c.after_firsts
        approx = (bool(ap0 or ap1 or ap2) or (follows and text.startswith(c.approx_after, stop, stop + 3))
                  or (before in c.approx_lasts and text.endswith(c.approx_before, left, start)))
        unit = unit_name[unit]
        op = _op(text[left:start], text[stop : stop + 3], unit, c) if ops else ""
        end = stop
        if follows and text.startswith(c.after_at_least, stop, stop + 3):
            end += next(len(a) for a in c.after_at_least if text.startswith(a, stop, stop + 3))
        out.append(Quantity(value, unit, op, approx, start, end, clause, left))
    return out


def _op(before: str, after: str, unit: str, c) -> str:
    if after.startswith(c.after_at_most):
        return "<="
    if after.startswith(c.after_at_least):
        return ">="
    # The comparison word nearest the number decides; the pattern tries longer words first, so
    # 不低于 (>=) is read whole and never as the 低于 (<=) inside it.
    found = c.comparison.findall(before)  # the last one is the nearest
    if found:
        return ">=" if found[-1] in c.at_least_set else "<="
    return ">=" if unit == "%" else "="


def _num(v: int | float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 4)


def find_targets(text: str, extra: list[str] | tuple = (), pairs: list[int] | None = None) -> list[dict]:
    """Every quantitative commitment in an item's text (and its 量化指标 cells); `pairs` as
    numeral_pairs found them in the text."""
    # The text's own figures in one comprehension (most items have no 量化指标 cell).
    out: list[dict] = [{"value": qt.value, "unit": qt.unit, "op": qt.op, "text": text[qt.clause_start : qt.end].strip(" ,")}
                       for qt in find_quantities(text, pairs)]
    for source in extra:
        known = {(t["value"], t["unit"]) for t in out}
        for qt in find_quantities(source):
            if (qt.value, qt.unit) in known:
                continue  # a 量化指标 cell repeating what the task text says
            t = source[qt.clause_start : qt.end].strip(" ,")
            out.append({"value": qt.value, "unit": qt.unit, "op": qt.op, "text": t})
    return out
