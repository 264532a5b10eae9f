"""The old reading of metrics.key_for (before the required-word index, issue 10), kept as the
oracle of tests/parse/test_key_index.py: the new key_for must give the same key for every figure."""

from __future__ import annotations

import re
from functools import cache

from fazhi.parse.metric_keys import (
    _AFTER_END,
    _ASIDE,
    _CLASS_OF,
    _FILLER,
    _alias_patterns,
    _in_aside,
    _outcome_words,
    _place_nouns,
)
from fazhi.parse.quantities import Quantity


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


def _other_object(gap: str, context: tuple | list) -> bool:
    """Words between a generic verb (受理, 办结…) and its figure that name another object."""
    gap = _ASIDE.sub("", gap)  # "审结(含简易程序)201件": an aside names no object
    if len(gap) < 2 or any(p in gap for p in "、,;:") or _FILLER.fullmatch(gap):
        return False
    return not any(c in gap for c in context)


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
