"""The old reading of metrics.key_for (before the required-word index, issue 10), kept as the
oracle of tests/parse/test_key_index.py: the new key_for must give the same key for every figure."""

from __future__ import annotations

import re
from functools import cache

from fazhi.parse.quantities import Quantity
from fazhi.parse.rules import Indicator, indicators, rules

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
def _alias_index(unit_class: int) -> tuple[dict[str, list[tuple]], re.Pattern | None, list[tuple]]:
    """The class's aliases by their two-character literal prefix, and the others: a figure's
    words look up only the aliases whose prefix they contain instead of testing every alias.
    Last, one pattern finding the prefixes in a text."""
    by_prefix: dict[str, list[tuple]] = {}
    rest = []
    for entry in _alias_patterns(unit_class):
        if len(entry[1]) == 2:
            by_prefix.setdefault(entry[1], []).append(entry)
        else:
            rest.append(entry)
    return by_prefix, _prefix_finder(by_prefix), rest


@cache
def _tries(unit_class: int) -> dict[str, dict[tuple[bool, bool], list[tuple[tuple, bool, bool]]]]:
    """For each prefix, and whether it occurs before and after a figure, _searches' entries for
    its aliases (alias, search before?, search after?), built once: an alias with a literal start
    is searched only on a side that holds its prefix, the others on both."""
    by_prefix = _alias_index(unit_class)[0]
    return {g: {(b, a): [(e, b or not e[4], a or not e[4]) for e in entries] for b in (True, False) for a in (True, False)}
            for g, entries in by_prefix.items()}


def _prefix_finder(prefixes) -> re.Pattern | None:
    """One pattern finding every one of the two-character prefixes at every position (in a
    look-ahead, so that overlapping ones are all found): a C-level scan of a figure's words
    instead of a Python loop over their characters. A class of the first characters comes
    first, so that the engine skips to them; the second characters follow grouped by the
    first, one branch per first character."""
    if not prefixes:
        return None
    seconds: dict[str, list[str]] = {}
    for p in sorted(prefixes):
        seconds.setdefault(p[0], []).append(p[1])
    firsts = "".join(map(re.escape, seconds))
    branches = "|".join(re.escape(a) + "[" + "".join(map(re.escape, b)) + "]" for a, b in seconds.items())
    return re.compile(f"(?=[{firsts}])(?=({branches}))")


def _bigrams(s: str, prefixes: re.Pattern | None) -> set[str]:
    """The prefixes that occur in s."""
    return set(prefixes.findall(s)) if prefixes is not None else set()


def _searches(unit_class: int, before: str, after: str) -> list[tuple[tuple, bool, bool]]:
    """(alias entry, search before?, search after?) for every alias whose prefix occurs in
    `before` or `after` (and those without one): the aliases that key_for must try."""
    by_prefix, prefixes, rest = _alias_index(unit_class)
    out = []
    if prefixes is not None:
        # The prefixes in each side (a side of one character holds none), as short lists.
        in_before = prefixes.findall(before) if len(before) > 1 else ()
        in_after = prefixes.findall(after) if len(after) > 1 else ()
        if in_before or in_after:
            tries = _tries(unit_class)
            for g in {*in_before, *in_after}:
                out += tries[g][g in in_before, g in in_after]
    if rest:
        out.extend((e, True, True) for e in rest if not e[1] or e[1] in before or e[1] in after)
    return out


_ASIDE = re.compile(r"\([^()]*\)")
_FILLER = re.compile(r"(?:的|了|各类|案件|申请|人员|共|共计|累计|合计|\s)*")


def _in_aside(seg: str, i: int) -> bool:
    return any(a.start() < i < a.end() for a in _ASIDE.finditer(seg))


def _other_object(gap: str, context: tuple | list) -> bool:
    """Words between a generic verb (受理, 办结…) and its figure that name another object."""
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


def key_for(q: Quantity, prev_end: int, next_start: int, context: str, domains: dict | None = None) -> str | None:
    """The indicator key of a quantity, from the words around it in its clause. `domains` keeps
    whether each domain-word pattern occurs in `context`, for the figures sharing the context."""
    clause, base = q.clause, q.clause_start
    before = clause[prev_end - base if prev_end > base else 0 : q.start - base]
    after_full = clause[q.end - base : next_start - base]  # (empty when next_start < q.end)
    cut = _AFTER_END.search(after_full)  # the noun after the figure ends at the first separator
    after = (after_full[: cut.start()] if cut else after_full)[:20]
    searches = _searches(_CLASS_OF.get(q.unit, -1), before, after)
    if not searches:
        return None  # no alias's prefix in the words (most unkeyed figures)
    next_named = cut is None and len(after_full) <= 20 and next_start < base + len(clause)
    best: tuple | None = None
    place = _place_nouns()
    outcome = _outcome_words()
    # The best candidate is a minimum over (distance, -length, key): the order of the aliases
    # does not matter, so only those whose prefix is in the words need be tried.
    for (ind, _prefix, pat, generic, _literal, domain, need), in_before, in_after in searches:
        # A side without the alias's required word cannot match it: no regex there.
        if in_before and need not in before:
            in_before = False
        if in_after and need not in after:
            in_after = False
        if not (in_before or in_after):
            continue
        if generic:  # a generic name (受理, 维持…) counts only with its domain word near
            if domains is None:
                if not domain.search(context):
                    continue
            else:
                near = domains.get(domain)
                if near is None:
                    near = domains[domain] = domain.search(context) is not None
                if not near:
                    continue
        if in_before:  # a name before the figure: the nearer its end, the better
            for m in pat.finditer(before):
                start, end = m.span()
                if "(" in before and _in_aside(before, start):
                    continue  # "办结(含终止)90件": the aside names a part, not the figure
                if generic and end - start <= 2 and _other_object(before[end:], ind.context):
                    continue  # "办结群众诉求3.6万件": the verb's own object is no 复议 case
                if before.startswith(place, end):
                    continue  # "受理点", "调解中心": a place named after the act, not the act
                if (hit := outcome.search(before, start)) and hit.group() not in pat.pattern:
                    continue  # "备案审查纠正问题文件37件", "评查发现问题案卷87卷": the figure counts the outcome
                cand = (len(before) - end, start - end, ind.key)
                if best is None or cand < best:
                    best = cand
        if in_after:  # a name after it: half a character farther than one as near before it
            for m in pat.finditer(after):
                start, end = m.span()
                if next_named and len(after_full) - end <= 2:
                    continue  # "14个委员会调处纠纷693件": the name just before a figure is its own
                if after.startswith(place, end):
                    continue
                cand = (start + 0.5, start - end, ind.key)
                if best is None or cand < best:
                    best = cand
    return best[2] if best else None
