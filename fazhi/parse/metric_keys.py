"""The indicator key of a reported figure: a name of the indicator (indicators.tsv) next to it
in its clause, with a compatible measure (and, for a generic name, its domain word near).

Most figures stand next to none of the ~200 names. The names are indexed once, from the
configuration, by their first two characters and then by the word every match of the name holds
(its required word): a figure's words are cut into their character pairs (one C-level pass), the
pairs that open a name pick the candidates, and each distinct required word is tested once with
`in` before any of its names' patterns runs.
"""

from __future__ import annotations

import re
from functools import cache

from fazhi.parse.quantities import Quantity
from fazhi.parse.rules import Indicator, indicators, rules

# Measures that count the same kind of thing (件 and 起 are both cases).
UNIT_CLASSES = [
    {"件", "起", "宗", "例", "个", "项", "批", "家", "户", "卷", "份"},  # 审查合同41份: 份 counts documents
    {"条"},
    {"人", "名", "位", "人次"},
    {"次", "场", "场次", "期", "件次"},  # 参与涉法事务528件次: counted occurrences
    {"%"},
]
_REGEX_CHARS = re.compile(r"[.*+?{}\[\]\\|()]")
_ANCHORS = re.compile(r"[$^]")
_SEP = "、,;。:"
# Compiled once: these run for every figure of a report.
_AFTER_END = re.compile(f"[{_SEP}“《]")


def _unit_class(u: str) -> int:
    return next((i for i, c in enumerate(UNIT_CLASSES) if u in c), -1)


_CLASS_OF = {u: i for i, c in reversed(list(enumerate(UNIT_CLASSES))) for u in c}  # first class wins


@cache
def _alias_patterns(unit_class: int) -> list[tuple[Indicator, str, re.Pattern, bool, bool, re.Pattern | None, str]]:
    """(indicator, literal prefix, pattern, generic, literal start, domain words, required word)
    for the indicators measured in this class; long plain aliases tolerate short insertions. The
    prefix lets most aliases be skipped with a substring test before any regex runs; with a
    literal start (every match begins with the prefix) only the side of the figure that holds
    the prefix is searched. Every match holds the required word (the longest plain run after the
    prefix, "" when there is none): a side without it is not searched."""
    out = []
    also = rules()["metrics"].get("also_measured", {})
    for ind in indicators():
        if unit_class not in {_unit_class(u) for u in (ind.unit, *also.get(ind.key, ()))}:
            continue
        for alias in ind.aliases:
            if _REGEX_CHARS.search(alias):
                pat = re.compile(alias)
                need = max(_plain_runs(alias)[1:], key=len, default="")
            elif len(alias) >= 5:
                chunks = [alias[i : i + 2] for i in range(0, len(alias), 2)]
                pat = re.compile(f"[^{_SEP}]{{0,3}}".join(map(re.escape, chunks)))
                need = max(chunks[1:], key=len)
            else:
                pat = re.compile(re.escape(alias))
                need = alias
            generic = bool(ind.context) and not any(c in alias for c in ind.context)
            prefix = "" if _REGEX_CHARS.search(alias[:2]) else alias[:2]
            literal = len(prefix) == 2 and not _ANCHORS.search(prefix) and (
                not _REGEX_CHARS.search(alias) or ("|" not in alias and alias[2:3] not in ("", "?", "*", "{")))
            # The domain words of a generic alias as one pattern: one search of the sentence.
            context = re.compile("|".join(map(re.escape, ind.context))) if generic else None
            out.append((ind, prefix, pat, generic, literal, context, need))
    return out


_QUANTIFIERS = "?*+{"


def _plain_runs(alias: str) -> tuple[str, ...]:
    """The runs of plain characters of a regex alias that every match holds ("新收[^,。;、]{0,4}复议"
    → 新收, 复议): none for an alias with alternatives, groups or escapes (no such test then);
    a character under a quantifier (可?) ends a run without joining it."""
    if any(ch in alias for ch in "|()\\"):
        return ()
    runs, run, i = [], "", 0
    while i < len(alias):
        ch = alias[i]
        if ch in _QUANTIFIERS:
            run = run[:-1]  # the quantified character may be absent (or repeated)
            if ch == "{":
                i = alias.find("}", i)
                if i < 0:
                    return ()
        elif ch == "[":
            first = i + 2 if alias[i + 1 : i + 2] == "^" else i + 1
            if alias[first : first + 1] == "]":
                return ()  # a class opening with ]: read no further
            i = alias.find("]", first)
            if i < 0:
                return ()
        elif ch not in ".^$":
            run += ch
            i += 1
            continue
        runs.append(run)
        run = ""
        i += 1
    runs.append(run)
    return tuple(r for r in runs if r)




@cache
def _key_index(unit_class: int) -> tuple[dict[str, tuple], re.Pattern | None, tuple]:
    """The class's aliases by their two-character literal prefix, then by required word:
    {prefix: ((required word, (entry, ...)), ...)}, a pattern finding the prefixes, and the aliases
    without such a prefix as (prefix, required word, entry). An entry is (key, domain words,
    pattern, generic, literal start); a generic alias's domain words are its indicator's
    context, None for the others."""
    by_prefix: dict[str, dict[str, list[tuple]]] = {}
    rest = []
    for ind, prefix, pat, generic, literal, _domain, need in _alias_patterns(unit_class):
        entry = (ind.key, ind.context if generic else None, pat, generic, literal, ind.context)
        if len(prefix) == 2:
            by_prefix.setdefault(prefix, {}).setdefault(need, []).append(entry)
        else:
            rest.append((prefix, need, entry))
    index = {p: tuple((need, tuple(entries)) for need, entries in needs.items()) for p, needs in by_prefix.items()}
    return index, _prefix_finder(index), tuple(rest)


def _prefix_finder(prefixes) -> re.Pattern | None:
    """One pattern finding every one of the two-character prefixes at every position: a C-level
    scan of a figure's words (cutting the pairs out in Python costs more: a new string each).
    It opens with the class of the first characters, so that the engine skips to them without
    trying the pattern at each position; there a look-behind steps back over that character
    and a look-ahead reads the pair (one branch per first character). Each match takes one
    character, so that overlapping pairs are all found."""
    if not prefixes:
        return None
    seconds: dict[str, list[str]] = {}
    for p in sorted(prefixes):
        seconds.setdefault(p[0], []).append(p[1])
    firsts = "".join(map(re.escape, seconds))
    branches = "|".join(re.escape(a) + "[" + "".join(map(re.escape, b)) + "]" for a, b in seconds.items())
    return re.compile(f"(?s)[{firsts}](?<=(?=({branches})).)")


def _candidates(unit_class: int, before: str, after: str) -> list[tuple[tuple, bool, bool]]:
    """(entry, search before?, search after?) for every alias that may match a side: its prefix
    occurs in the words (an alias with a literal start is searched only on a side holding it)
    and the side holds its required word (tested once per distinct word)."""
    return _candidates_in(*_key_index(unit_class), before, after)


def _candidates_in(index: dict[str, tuple], finder: re.Pattern | None, rest: tuple, before: str, after: str) -> list[tuple[tuple, bool, bool]]:
    """_candidates with the class's index in hand."""
    out = []
    # The prefixes in each side (a side of one character holds none).
    in_before = finder.findall(before) if len(before) > 1 and finder is not None else ()
    in_after = finder.findall(after) if len(after) > 1 and finder is not None else ()
    if in_before or in_after:
        # (one side's prefixes alone need no set of both)
        for g in ({*in_before, *in_after} if in_before and in_after else in_before or in_after):
            gb, ga = g in in_before, g in in_after
            for need, entries in index[g]:
                nb, na = need in before, need in after
                if not (nb or na):
                    continue  # most candidates end here: one `in` per word, not per alias
                for e in entries:
                    sb, sa = nb and (gb or not e[4]), na and (ga or not e[4])
                    if sb or sa:
                        out.append((e, sb, sa))
    for prefix, need, e in rest:
        if not prefix or prefix in before or prefix in after:
            sb, sa = need in before, need in after
            if sb or sa:
                out.append((e, sb, sa))
    return out


_ASIDE = re.compile(r"\([^()]*\)")
_FILLER = re.compile(r"(?:的|了|各类|案件|申请|人员|共|共计|累计|合计|\s)*")


def _in_aside(seg: str, i: int) -> bool:
    return any(a.start() < i < a.end() for a in _ASIDE.finditer(seg))


def _other_object(gap: str, context: tuple | list) -> bool:
    """Words between a generic verb (受理, 办结…) and its figure that name another object."""
    if "(" in gap:
        gap = _ASIDE.sub("", gap)  # "审结(含简易程序)201件": an aside names no object
    if len(gap) < 2 or any(p in gap for p in "、,;:") or _FILLER.fullmatch(gap):
        return False
    return not any(c in gap for c in context)


@cache
def _place_nouns() -> tuple[str, ...]:
    return tuple(rules()["metrics"]["place_nouns"])


@cache
def _outcome_words() -> re.Pattern:
    return re.compile("|".join(map(re.escape, rules()["metrics"]["outcome_words"])))


# What key_for needs for a figure's measure, built once per measure (configuration only: the
# measures are the configuration's words): one dict lookup instead of three cached calls.
_BY_UNIT: dict[str, tuple] = {}


def _unit_config(unit: str) -> tuple:
    """(prefix index, prefix finder, aliases without a prefix, place nouns, outcome pattern)."""
    config = _BY_UNIT[unit] = (*_key_index(_CLASS_OF.get(unit, -1)), _place_nouns(), _outcome_words())
    return config


def key_for(q: Quantity, prev_end: int, next_start: int, context: str, domains: dict | None = None) -> str | None:
    """The indicator key of a quantity, from the words around it in its clause. `domains` keeps
    whether each indicator's domain words occur in `context`, for the figures sharing the context."""
    clause, base = q.clause, q.clause_start
    before = clause[prev_end - base if prev_end > base else 0 : q.start - base]
    after_full = clause[q.end - base : next_start - base]  # (empty when next_start < q.end)
    # The noun after the figure ends at the first separator (most figures end their clause:
    # nothing after them, no regex call).
    cut = _AFTER_END.search(after_full) if after_full else None
    after = (after_full[: cut.start()] if cut else after_full)[:20]
    index, finder, rest, place, outcome = _BY_UNIT.get(q.unit) or _unit_config(q.unit)
    if len(before) < 2 and len(after) < 2 and not rest:
        return None  # no two-character prefix in the words: no candidate
    tried = _candidates_in(index, finder, rest, before, after)
    if not tried:
        return None  # no alias in the words (most unkeyed figures)
    next_named = cut is None and len(after_full) <= 20 and next_start < base + len(clause)
    best: tuple | None = None
    # The best candidate is a minimum over (distance, -length, key): the order of the aliases
    # does not matter, so only the candidates need be tried.
    for (key, domain, pat, generic, _literal, words), in_before, in_after in tried:
        if generic:  # a generic name (受理, 维持…) counts only with its domain word near
            near = None if domains is None else domains.get(domain)
            if near is None:
                near = any(w in context for w in domain)  # str `in`: ~1 ns a character, a regex ~20
                if domains is not None:
                    domains[domain] = near
            if not near:
                continue
        if in_before:  # a name before the figure: the nearer its end, the better
            for m in pat.finditer(before):
                start, end = m.span()
                if "(" in before and _in_aside(before, start):
                    continue  # "办结(含终止)90件": the aside names a part, not the figure
                if generic and end - start <= 2 and _other_object(before[end:], words):
                    continue  # "办结群众诉求3.6万件": the verb's own object is no 复议 case
                if before.startswith(place, end):
                    continue  # "受理点", "调解中心": a place named after the act, not the act
                if (hit := outcome.search(before, start)) and hit.group() not in pat.pattern:
                    continue  # "备案审查纠正问题文件37件", "评查发现问题案卷87卷": the figure counts the outcome
                cand = (len(before) - end, start - end, key)
                if best is None or cand < best:
                    best = cand
        if in_after:  # a name after it: half a character farther than one as near before it
            for m in pat.finditer(after):
                start, end = m.span()
                if next_named and len(after_full) - end <= 2:
                    continue  # "14个委员会调处纠纷693件": the name just before a figure is its own
                if after.startswith(place, end):
                    continue
                cand = (start + 0.5, start - end, key)
                if best is None or cand < best:
                    best = cand
    return best[2] if best else None
