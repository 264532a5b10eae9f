"""Numbers with a measure: a plan's targets and a report's metrics.

Arabic and Chinese numerals (两期, 十二场, 百分之九十五), 万/亿 multipliers (1.5万, 64.71万件),
余/多/近/约/以上 as approximate. Not numbers: years and dates (年 and 月…日 are no measure),
document numbers (inside 〔〕), outline numbers (removed with the marker), slogan numerals
(inside quotes, or a bare 一/三/五 + measure with no quantity cue), 7x24, 1+1+N, redacted *.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from fazhi.parse.markers import cn_number
from fazhi.parse.rules import rules
from fazhi.parse.text import in_spans, merge_spans, quoted_spans

CN = "零〇一二两三四五六七八九十百千"
CLAUSE_END = ",;。:!?"
_CLAUSE_END_RE = re.compile("[" + re.escape(CLAUSE_END) + "]")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
# 每季度召开一次 / 上半年组织一次: a duty's frequency or its count within a named period.
_FREQUENCY = re.compile(r"(?:每(?:年|半年|个?季度|个?月|周|旬)|[上下]半年|年内|全年|年底前|第[一二三四]季度)[^,;。]{0,18}$")


@dataclass
class Quantity:
    value: float
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
    words = lambda key: sorted(q[key], key=len, reverse=True)  # noqa: E731
    campaign = re.compile(rf"[^\d,。;、:]{{0,6}}?(?:{'|'.join(q['campaign_words'])})")
    rank = re.compile(rf"(?:{'|'.join(q['rank_words'])})[^,。;、]{{0,4}}?(?:第|前)$")
    both = sorted({*q["at_least"], *q["at_most"]}, key=len, reverse=True)
    comparison = re.compile("|".join(map(re.escape, both)))
    return SimpleNamespace(arabic_only=frozenset(q["arabic_only"]), pattern=pat, not_followed_by=q["not_followed_by"], campaign=campaign, rank=rank,
                           comparison=comparison, at_least_set=frozenset(q["at_least"]), at_least=words("at_least"),
                           at_most=words("at_most"), q=q, cn_cues=words("cn_numeral_cues"))


def _cn_decimal(s: str) -> float | None:
    """一点二 → 1.2, 九十五 → 95 (a Chinese numeral with an optional 点 fraction)."""
    whole, _, frac = s.partition("点")
    v = cn_number(whole)
    if v is None:
        return None
    if frac:
        return float(f"{v}." + "".join(str("零一二三四五六七八九".index(c)) for c in frac if c in "零一二三四五六七八九"))
    return float(v)


def _value(m: re.Match) -> float | None:
    if m.group("pnum"):
        s = m.group("pnum")
        return float(s) if _DECIMAL.fullmatch(s) else _cn_decimal(s)
    s = m.group("num") or m.group("num2")
    v = float(s.replace(",", "")) if s[0].isdigit() else _cn_decimal(s)
    if v is None:
        return None
    return v * {"万": 1e4, "亿": 1e8}.get(m.group("mult") or m.group("mult2") or "", 1)


def _rejected(text: str, m: re.Match, spans, cn: bool, unit: str | None) -> bool:
    start, end = m.start(), m.end()
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if in_spans(start, spans):
        return True
    if before in ("第", "x", "X", "×", "*", "+", "-", "/", ".", "~", "—") or before.isascii() and before.isalnum():
        return True
    if after in ("+", "x", "×", "*") or (after.isascii() and after.isalpha()):
        return True
    if unit in ("日", "天") and text[start - 1 : start] == "月":
        return True  # a date, 9月30日
    if unit == "小时" and (m.group("num") or "").lstrip("0") == "24":
        return True  # 24小时 service hours, not a figure
    if unit and len(unit) == 1 and after and after in _cfg().not_followed_by.get(unit, ""):
        return True  # 名称, 项目, 部门…
    if cn and before and before in CN:
        return True
    num = m.group("num") or ""
    if cn and num[:1] in "零〇" and num[1:2] != "点":
        return True  # 零跑腿, 零见面: a word, not a number
    c = _cfg()
    if cn and unit != "次" and c.campaign.match(text, end):
        return True  # 百日攻坚行动 (but "开展一次…宣传活动" counts a 次)
    if c.rank.search(text, max(0, start - 8), start):
        return True  # 名列全省前3名
    return False


def _counted_one(text: str, m: re.Match, left: int) -> bool:
    """"败诉一件。" "讲法治课一次,": 一 closing a clause after the words it counts (not 这一项, 统一)."""
    before = text[left : m.start()]
    if m.group("unit") not in _cfg().q["one_at_clause_end"]:
        return False
    return len(before) >= 2 and before[-1] not in CN + "这那每同唯统逐单"


def _cn_cued(text: str, m: re.Match, q: dict, left: int) -> bool:
    """A Chinese numeral counts only with a quantity cue (两期以上, 不少于两次, 等六项)."""
    num = m.group("num") or ""
    if m.group("mult") or "万" in num or "亿" in num:
        return True  # 五万份, 一点二亿元: a multiplier makes it a figure
    before = text[max(0, m.start() - 4) : m.start()]
    after = text[m.end() : m.end() + 3]
    c = _cfg()
    if text[m.end() : m.end() + 1] in ",;。、)" and (num != "一" or _counted_one(text, m, left)):
        return True  # "评查案卷两次," "出台规范性文件六件。": a count closing its clause, never a slogan
    if num == "一" and m.group("unit") == "次" and _FREQUENCY.search(text, max(left, m.start() - 22), m.start()):
        return True  # 每季度召开一次: a duty's frequency
    strict = c.at_least + c.at_most + q["approx_before"]
    # 一 is also the article (打造一支队伍, 一批): only an explicit quantity word makes it a number.
    cues = strict if m.group("num") == "一" else c.cn_cues + strict
    if any(before.endswith(c) for c in cues):
        return True
    if any(w in text[left : m.start()] for w in c.at_least + c.at_most):
        return True  # "至少专题研究法治政府建设工作两次"
    if any(after.startswith(c) for c in q["after_at_least"] + q["after_at_most"] + q["approx_after"]):
        return True
    v = cn_number(m.group("num") or "")
    return v is not None and v >= 10


def find_quantities(text: str) -> list[Quantity]:
    c = _cfg()
    pat, q = c.pattern, c.q
    spans = None
    ends: list[int] | None = None
    out: list[Quantity] = []
    for m in pat.finditer(text):
        if spans is None:  # only texts with a candidate pay for these
            spans = merge_spans(quoted_spans(text))
            ends = [e.start() for e in _CLAUSE_END_RE.finditer(text)]
        pct = bool(m.group("pnum"))
        unit = "%" if pct else (m.group("unit") or m.group("unit2"))
        num = m.group("num") or m.group("num2") or ""
        cn = bool(num) and not num[0].isdigit()
        if _rejected(text, m, spans, cn, unit) or (cn and unit in c.arabic_only):
            continue
        i = bisect.bisect_left(ends, m.start())
        left = ends[i - 1] + 1 if i else 0
        if cn and not pct and not _cn_cued(text, m, q, left):
            continue
        value = _value(m)
        if value is None:
            continue
        unit = {"个工作日": "工作日", "余人": "人"}.get(unit or "", unit or "")
        j = bisect.bisect_left(ends, m.end())
        right = ends[j] if j < len(ends) else len(text)
        before = text[left : m.start()]
        after = text[m.end() : m.end() + 3]
        approx = bool(m.group("ap0") or m.group("ap1") or m.group("ap2")) or unit == "余人" or any(after.startswith(a) for a in q["approx_after"])
        approx = approx or any(before.endswith(a) for a in q["approx_before"])
        op = _op(before, after, unit, q)
        end = m.end() + next((len(a) for a in q["after_at_least"] if after.startswith(a)), 0)
        out.append(Quantity(_num(value), unit, op, approx, m.start(), end, text[left:right], left))
    return out


def _op(before: str, after: str, unit: str, q) -> str:
    if any(after.startswith(a) for a in q["after_at_most"]):
        return "<="
    if any(after.startswith(a) for a in q["after_at_least"]):
        return ">="
    # The comparison word nearest the number decides; the pattern tries longer words first, so
    # 不低于 (>=) is read whole and never as the 低于 (<=) inside it.
    found = _cfg().comparison.findall(before)  # the last one is the nearest
    if found:
        return ">=" if found[-1] in _cfg().at_least_set else "<="
    return ">=" if unit == "%" else "="


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 4)


def find_targets(text: str, extra: list[str] | tuple = ()) -> list[dict]:
    """Every quantitative commitment in an item's text (and its 量化指标 cells)."""
    out: list[dict] = []
    for k, source in enumerate([text, *extra]):
        known = {(t["value"], t["unit"]) for t in out}
        for qt in find_quantities(source):
            if k and (qt.value, qt.unit) in known:
                continue  # a 量化指标 cell repeating what the task text says
            t = source[qt.clause_start : qt.end].strip(" ,")
            out.append({"value": qt.value, "unit": qt.unit, "op": qt.op, "text": t})
    return out
