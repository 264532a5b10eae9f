"""Unit names: the notes' configuration (built once from extraction.toml), bracket groups,
and the splitting of a note's words into cleaned unit names (A、B,C甲区、乙区管委…).
Split from units.py; units.py re-exports what other modules and tests import from it."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import SimpleNamespace

from fazhi.parse.rules import deadline_labels, rules, unit_labels

OPEN, CLOSE = "([【", ")]】"
_BRACKET = re.compile(r"[(\[【)\]】]")
# Bracket pairs with no bracket inside, and a text made of such pairs and bracket-free runs.
_FLAT_GROUP = re.compile(r"[(\[【]([^(\[【)\]】]*)[)\]】]")
_FLAT_GROUPS = re.compile(r"[^(\[【)\]】]*(?:[(\[【][^(\[【)\]】]*[)\]】][^(\[【)\]】]*)*", re.S)
_ALIAS = re.compile(
    r"\((?:以下|下同|以下均)?(?:统称|简称|合称)[为:]?(?:[“\"]([^”\"]{1,20})[”\"]|([^)“”\"]{1,20}))(?:,?下同)?\)"
)
_ROLE_IN_PARENS = re.compile(r"\((牵头|配合|负责|主责|协助)\)")
_OWN_ROLE = re.compile(r"(牵头|配合|负责|主责|协助)$")
_OWN_ROLES = {"牵头": "lead", "主责": "lead", "负责": "responsible", "配合": "support", "协助": "support"}
_PLACE = re.compile(r"(区|县|镇|乡|市|村|岛|园|港|街道)$")
_PLACE_LAST = "区县镇乡市村岛园港道\n"  # what a name _PLACE finds in ends with (`$` allows a final newline)
_SPLIT_RUN = re.compile(r"[,;]")
_SPLIT_UNIT = re.compile(r"[、/]|\s+")
_SPACE = re.compile(r"\s")
_PLAIN_BREAK = re.compile(r"[,;/()\[\]【】\s]")  # what parts runs or names, or holds them, besides 、
_SPLIT_NOTE = re.compile(r"[、,;]")
_HEAD_SEP = re.compile(r"[,。;:]")
_AFTER_SEP = re.compile(r"(?<=[,;])")
_SEP_OR_BRACKET = re.compile(r"[,;、/()\[\]【】]|\s+")
_HAS_BRACKET = re.compile(r"[()\[\]【】]")
# A piece of a note that is a time, not a unit: "…分别负责,2025年9月底前完成".
_TIME_PIECE = re.compile(r"(?=[\d年季上下长持])(\d{4}年|\d{1,2}月|年底|年内|季度|上半年|下半年|长期|持续推进)")
# The same test at C speed (see _finder); a test asserts they agree.
_TIME_PIECE_FIND = re.compile(r"[\d年季上下长持](?<=(?=\d{4}年|\d{1,2}月|年底|年内|季度|上半年|下半年|长期|持续推进).)")


def _first_chars(pattern: str) -> str | None:
    """The characters a match of `pattern` can start with, when the pattern says so plainly
    (literals, classes of literals, groups, branches, repeats); else None."""
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def seq(items) -> tuple[set[str] | None, bool]:  # (first characters, can match empty)
        out: set[str] = set()
        for op, av in items:
            chars, empty = one(op, av)
            if chars is None:
                return None, False
            out |= chars
            if not empty:
                return out, False
        return out, True

    def one(op, av) -> tuple[set[str] | None, bool]:
        if op is k.LITERAL:
            return {chr(av)}, False
        if op is k.IN and all(o is k.LITERAL for o, _ in av):
            return {chr(a) for _, a in av}, False
        if op is k.SUBPATTERN:
            return seq(av[-1])
        if op is k.BRANCH:
            out: set[str]
            out, empty = set(), False
            for branch in av[1]:
                chars, e = seq(branch)
                if chars is None:
                    return None, False
                out, empty = out | chars, empty or e
            return out, empty
        if op in (k.MAX_REPEAT, k.MIN_REPEAT):
            chars, empty = seq(av[2])
            return chars, empty or av[0] == 0
        return None, False

    try:
        chars, empty = seq(_parser.parse(pattern))
    except (re.error, TypeError, ValueError):
        return None
    return None if chars is None or empty else "".join(sorted(chars))


def _finder(pattern: str, firsts: str | None) -> re.Pattern:
    """A pattern whose search finds where `pattern` matches (the same start; one character
    long), quickly: it opens with the class of `pattern`'s first characters, which the regex
    engine scans for at C speed, and looks back from there for the whole pattern. A pattern
    that opens with a branch, an optional group or a look-ahead is otherwise tried in full at
    every position (the first-listed rule took 30 µs on one long line). For tests (search)
    and starts only; spans and substitutions use `pattern` itself."""
    if not firsts:
        return re.compile(pattern)
    return re.compile("[" + firsts + "](?<=(?=(?:" + pattern + ")).)")


@cache
def _cfg():
    u = rules()["units"]
    labels = unit_labels()
    label_alt = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    long_alt = "|".join(sorted(map(re.escape, set(labels) - set(u["short_labels"])), key=len, reverse=True))
    # A label opens a list at a boundary, or anywhere when its colon follows ("X责任单位:Y");
    # a short label (牵头, 配合) only with its colon, since the same words are role verbs.
    # The look-ahead on the labels' first characters fails most positions at once, before
    # the ~100 alternatives are tried (the regex engine has no fast scan for this pattern).
    firsts = "".join(sorted({lab[0] for lab in labels}))
    copulas = "|".join(map(re.escape, u.get("label_copulas", ())))
    label_body = rf"(?:(?:^|(?<=[;,。\s\[(【]))({long_alt})\s*(?::|{copulas})?|({label_alt})\s*:)\s*"
    label_re = re.compile(rf"(?=[{firsts}])" + label_body)
    label_find = _finder(label_body, firsts)
    verbs = {v: "lead" for v in u["lead_verbs"]}
    verbs.update({v: "responsible" for v in u["responsible_verbs"]})
    verbs.update({v: "support" for v in u["support_verbs"]})
    # The look-ahead on the verbs' first characters, as for label_re: most positions fail at once.
    verb_firsts = "".join(sorted({v[0] for v in verbs}))
    verb_alt = "|".join(sorted(map(re.escape, verbs), key=len, reverse=True))
    verb_re = re.compile(f"(?=[{verb_firsts}])(?:{verb_alt})")
    verb_find = _finder(verb_alt, verb_firsts)
    # A gate for "a verb is in the text": the verbs that hold no shorter verb (牵头, 负责, …),
    # since every other verb holds one of them; fewer and shorter alternatives scan quicker.
    cores = [v for v in verbs if not any(w != v and w in v for w in verbs)]
    verb_gate = re.compile("|".join(map(re.escape, cores)))
    # Where each verb holds each core (units._verb_spans finds the verbs around the cores).
    verb_cores = tuple(cores)
    verb_at = {q: tuple((v, o) for v in verbs for o in range(len(v) - len(q) + 1) if v.startswith(q, o)) for q in cores}
    suffix_re = re.compile("(" + "|".join(sorted(map(re.escape, u["org_suffixes"]), key=len, reverse=True)) + ")$")
    # suffix_re's test by str.endswith and set look-ups (org_suffix): an anchored search
    # tries every position of the name.
    suffix_ends = tuple(u["org_suffixes"])
    suffix_set = frozenset(suffix_ends)
    suffix_lens = tuple(sorted({len(x) for x in suffix_ends}, reverse=True))
    # A character every guide verb holds (导): most notes lack it, sparing the six `in` tests.
    guide_chars = set.intersection(*map(set, u.get("guide_verbs", ()))) if u.get("guide_verbs") else set()
    guide_gate = min(guide_chars) if guide_chars else ""
    trailing = re.compile("(" + "|".join([u["trailing_counted"], *map(re.escape, u["trailing"])]) + ")$")
    trailing_counted = re.compile("(?:" + u["trailing_counted"] + ")$")
    leading = re.compile("^(" + "|".join(map(re.escape, u["leading"])) + ")")
    line_label = re.compile(rf"^[\[【(]?({label_alt})\s*[:]")
    dl_alt = "|".join(sorted(map(re.escape, deadline_labels()), key=len, reverse=True))
    deadline_in_note = re.compile(rf"[;,]?\s*({dl_alt})\s*:\s*([^;]*)")
    any_deadline_label = re.compile(dl_alt)  # literals only: scanned at C speed, a gate
    # Starts with 。 (the match starts one past it), so the engine scans for it at C speed.
    # The labels as a tree of literals: at each 。 one branch per first character, not ~100.
    inline_label = re.compile(rf"。\s*(?=(?:{trie_alternation(labels)})\s*:)")
    verb_ends = tuple(verbs)  # str.endswith, not a regex searched over the whole sentence
    verb_last = frozenset(v[-1] for v in verbs)  # what verb_ends end with: a look-up first
    verb_last_chars = "".join(sorted(verb_last))  # the same, for `in` on a 1-character slice (no hash)
    joiner = re.compile("|".join(map(re.escape, u["joiners"])))
    joiners = tuple(u["joiners"])
    first_listed = re.compile(u["first_listed_rule"])
    rule_firsts = _first_chars(u["first_listed_rule"])
    first_listed_find = _finder(u["first_listed_rule"], rule_firsts and "".join(map(re.escape, rule_firsts)))
    list_joiners = tuple(u["list_joiners"])
    list_joiner_re = re.compile("|".join(map(re.escape, list_joiners)))
    leading_first = frozenset(w[0] for w in u["leading"])
    trailing_last = tuple({w[-1] for w in u["trailing"]})
    guide_verbs = tuple(u.get("guide_verbs", ()))
    note_split = _plain_note_split(labels, set(u["short_labels"]), verbs, deadline_labels(), guide_gate)
    long_by_first: dict[str, tuple[str, ...]] = {}  # for has_label: a look-up, then startswith
    for lab in sorted(set(labels) - set(u["short_labels"])):
        long_by_first[lab[0]] = (*long_by_first.get(lab[0], ()), lab)
    return SimpleNamespace(
        labels=labels, label_re=label_re, label_find=label_find, long_by_first=long_by_first,
        line_label=line_label, inline_label=inline_label,
        verbs=verbs, verb_re=verb_re, verb_find=verb_find, verb_gate=verb_gate, verb_ends=verb_ends, verb_last=verb_last, verb_last_chars=verb_last_chars,
        verb_cores=verb_cores, verb_at=verb_at,
        shortest_verb=min(map(len, verbs)), guide_verbs=guide_verbs, guide_gate=guide_gate,
        suffix_re=suffix_re, suffix_ends=suffix_ends, suffix_set=suffix_set, suffix_lens=suffix_lens,
        leading=leading, leading_first=leading_first,
        trailing=trailing, trailing_last=trailing_last, trailing_counted=trailing_counted,
        trailing_words=tuple(sorted(u["trailing"], key=len, reverse=True)),
        joiner=joiner, joiners=joiners, list_joiners=list_joiners, list_joiner_re=list_joiner_re,
        first_listed=first_listed, first_listed_find=first_listed_find,
        collective=re.compile(u["collective_units"]),
        level_heads=frozenset("各" + w for w in u.get("collective_levels", ())),
        levels=frozenset(u.get("collective_levels", ())),
        deadline_in_note=deadline_in_note, any_deadline_label=any_deadline_label, note_split=note_split,
        long_labels=frozenset(labels) - frozenset(u["short_labels"]),
    )


# Words that take a note off the plain reading (_plain_note_split) besides the labels, the
# deadline labels and the guide verbs: 年 and 月, which every time piece with a number holds
# (_TIME_PIECE), its other words, and the first-listed rule's (_states_rule).
_GENERAL_WORDS = (":", "(", "年", "月", "季度", "长期", "持续推进", "第一", "首位")


def _plain_note_split(labels, short_labels, verbs, deadline_words, guide_gate: str):
    """The re.split of a note at every word of one alternation, captured: its role verbs and
    the words that take a note off the plain reading (a colon or a round bracket, a long
    label anywhere: a superset of has_label's, a deadline label, a time piece's words, the
    rule's, the guide verbs' common character). A note whose every captured word is a verb is
    plain (unit_notes._plain_parts). One alternation written as a tree of literals (the regex
    engine scans for its first characters at C speed), the longest word at each position:
    None when that could be a verb where the general words come first, a general word that
    begins a verb, or when a verb's match could hide a general word (one that starts inside
    it, or a label after a boundary of has_label's inside it)."""
    long_labels = set(labels) - short_labels
    general = {*deadline_words, *_GENERAL_WORDS, *([guide_gate] if guide_gate else [])}
    firsts = {w[0] for w in general}
    # (A long label may start inside a verb's match, 为责任单位: never after a boundary, so
    # that has_label does not find it there either.)
    if any(ch in firsts or ch.isdigit() or ch in ";,。[(【" or ch.isspace() for v in verbs for ch in v[1:]):
        return None
    general |= long_labels
    if any(v.startswith(w) for v in verbs for w in general) or general & set(verbs):
        return None
    return re.compile("(" + trie_alternation([*general, *verbs]) + ")").split


def trie_alternation(words) -> str:
    """A pattern matching what the alternation of `words` (literals, the longest first) matches,
    written as a tree of their common beginnings: at each position the regex engine tries the
    branches of one first character, not every word ("牵头(?:负责|落实)?|配合(?:落实|实施)?")."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: its longer continuations first (greedy ?)
            return (body if body.startswith("(?:") and len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(tree)


def has_org_suffix(name: str, c) -> bool:
    """bool(c.suffix_re.search(name)): the name ends with an org suffix (before a final newline,
    as `$` allows)."""
    return name.endswith(c.suffix_ends) or (name[-1:] == "\n" and name[:-1].endswith(c.suffix_ends))


def unit_like(name: str, c) -> bool:
    """A name that can stand alone in a note: an organisation, or a collective name of lower
    governments ("各镇(街道)", "各乡镇") that ends in no org suffix."""
    return has_org_suffix(name, c) or (name[:1] == "各" and c.collective.fullmatch(name) is not None)


def org_suffix(name: str, c) -> str | None:
    """c.suffix_re.search(name).group(1): the longest org suffix the name ends with."""
    t = name[:-1] if name[-1:] == "\n" else name
    if not t.endswith(c.suffix_ends):
        return None
    for n in c.suffix_lens:  # the longest first, as the alternation (sorted by length) finds
        if t[-n:] in c.suffix_set:
            return t[-n:]
    return None


# Where label_re's long labels may start besides the text's start (its look-behind, less \s).
_LABEL_BOUNDARY = (";", ",", "。", "[", "(", "【")


def has_label(content: str, c) -> bool:
    """bool(c.label_find.search(content)), by str tests when the text holds no colon (which
    every short label needs) and no white space: then only a long label starting the text or
    a piece after a boundary character can match. label_find tries ~100 labels at each of the
    labels' first characters, which the verb notes are full of (负责, 配合): 4 µs a note."""
    if ":" in content or content.split() != [content]:  # (split() parts at what \s matches)
        return c.label_find.search(content) is not None
    longs = c.long_by_first
    if (some := longs.get(content[:1])) and content.startswith(some):
        return True
    for b in _LABEL_BOUNDARY:
        i = content.find(b)
        while i >= 0:
            if (some := longs.get(content[i + 1 : i + 2])) and content.startswith(some, i + 1):
                return True
            i = content.find(b, i + 1)
    return False


def split_note(text: str) -> list[str]:
    """_SPLIT_NOTE.split(text) by str.replace and str.split (a third of the regex's cost)."""
    if "," in text:
        text = text.replace(",", "、")
    if ";" in text:
        text = text.replace(";", "、")
    return text.split("、")


def _states_rule(text: str) -> bool:
    # "第一"/"首位" first: the rule's pattern is searched only where it can be.
    return ("第一" in text or "首位" in text) and bool(_cfg().first_listed_find.search(text))


def _strip_rule(content: str) -> str:
    return _cfg().first_listed.sub("", content) if _states_rule(content) else content


def bracket_groups(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracketed groups as (start, end, content); an unclosed one runs to the end."""
    # `in` is much faster than a regex scan over Chinese text: test the common cases first.
    if "[" not in text and "【" not in text and "]" not in text and "】" not in text:
        if "(" not in text:
            return []  # a stray ")" opens nothing
        if (out := _round_groups(text)) is not None:
            return out
    elif _FLAT_GROUPS.fullmatch(text):  # pairs, none nested or left open
        return [(m.start(), m.end(), m.group(1)) for m in _FLAT_GROUP.finditer(text)]
    return _nested_groups(text)


def _round_groups(text: str) -> list[tuple[int, int, str]] | None:
    """bracket_groups for a text with round brackets only, none nested; None if nested."""
    out, pos, find = [], 0, text.find
    while (i := find("(", pos)) >= 0:
        j = find(")", i + 1)
        if j < 0:
            out.append((i, len(text), text[i + 1 :]))  # unclosed: runs to the end
            return out
        if find("(", i + 1, j) >= 0:
            return None
        out.append((i, j + 1, text[i + 1 : j]))
        pos = j + 1
    return out


def _nested_groups(text: str) -> list[tuple[int, int, str]]:
    out, depth, start = [], 0, 0
    for m in _BRACKET.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1, text[start + 1 : i]))
    if depth:
        out.append((start, len(text), text[start + 1 :]))
    return out


@lru_cache(maxsize=4096)
def _clean_unit(s: str) -> str | None:
    """One mention, cleaned; the same names recur in every note of a plan, so memoised."""
    c = _cfg()
    s = s.strip(" :;,。.“”\"'")
    if s[:1] in c.leading_first:  # the substitutions only where they can apply
        s = c.leading.sub("", s)
    if s.endswith(c.trailing_last) and (t := _cut_trailing(s, c)) is not s:
        s = _cut_trailing(t, c)  # (a second cut of what the first left as it was is a no-op)
    s = s.strip(" :;,。.")
    if not s or len(s) > 40 or "。" in s or ":" in s:
        return None
    return s


def _cut_trailing(s: str, c) -> str:
    """c.trailing.sub("", s) by str.endswith: the longest trailing word (等部门 …) removed, before
    a final newline as `$` allows; the anchored pattern is tried at every position."""
    nl = s[-1:] == "\n"
    t = s[:-1] if nl else s
    m = c.trailing_counted.search(t) if "个" in t else None  # "…等8个部门"
    if m:
        return t[: m.start()] + "\n" if nl else t[: m.start()]
    if t.endswith(c.trailing_words):
        for w in c.trailing_words:  # longest first
            if t.endswith(w):
                return t[: -len(w)] + "\n" if nl else t[: -len(w)]
    return s


def split_units(segment: str, aliases: dict[str, list[str]]) -> list[str]:
    """'A、B,C甲区、乙区管委(以下统称“各镇”)' → units, recording aliases."""
    if "称" not in segment:  # no alias definition (统称/简称/合称) can be in it
        return list(_units_of(segment))
    out: list[str] = []
    scope_start = 0  # the alias covers the units since the last ';'
    pos = 0
    for m in list(_ALIAS.finditer(segment)) + [None]:
        chunk = segment[pos : m.start() if m else len(segment)]
        semi = chunk.rfind(";")
        if semi >= 0:
            scope_start = len(out) + len(_units_of(chunk[:semi]))
        out.extend(_units_of(chunk))
        if m:
            members = out[scope_start:] if out[scope_start:] else out[-1:]
            if members:
                aliases[m.group(1) or m.group(2)] = list(members)
            pos = m.end()
            scope_start = len(out)
    return out


def _split_outside_parens(text: str, seps: re.Pattern) -> list[str]:
    """Split on separators that are not inside brackets: 各县(市、区)政府 is one unit."""
    if not _HAS_BRACKET.search(text):
        return seps.split(text)  # the common case, at C speed
    out, depth, last = [], 0, 0
    for m in _SEP_OR_BRACKET.finditer(text):
        ch = m.group(0)
        if ch in "([【":
            depth += 1
        elif ch in ")]】":
            depth = max(0, depth - 1)
        elif depth == 0 and seps.fullmatch(ch):
            out.append(text[last : m.start()])
            last = m.end()
    out.append(text[last:])
    return out


@lru_cache(maxsize=4096)
def _units_of(chunk: str) -> tuple[str, ...]:
    c = _cfg()
    if c.joiner.search(chunk):
        chunk = c.joiner.sub("、", chunk)  # "X会同Y" is two units
    if not _PLAIN_BREAK.search(chunk):  # the common case: one run, its names parted by 、 alone
        return tuple(_names_of_run(chunk, chunk.split("、"), c))
    out: list[str] = []
    # (str tests and splits, not the regexes they stand for: a regex call costs several `in`s)
    flat = "(" not in chunk and ")" not in chunk and "[" not in chunk and "]" not in chunk and "【" not in chunk and "】" not in chunk
    # no run has a '/' or white space (split() parts at what \s matches)
    plain = flat and "/" not in chunk and chunk.split() == [chunk]
    if flat:  # _SPLIT_RUN.split(chunk)
        runs = chunk.replace(";", ",").split(",") if ";" in chunk else chunk.split(",")
    else:
        runs = _split_outside_parens(chunk, _SPLIT_RUN)
    for run in runs:
        if not run:
            continue  # "区司法局;" ends with an empty run, which names no unit
        if not flat:
            parts = _split_outside_parens(run, _SPLIT_UNIT)
        elif not plain and ("/" in run or _SPACE.search(run)):
            parts = _SPLIT_UNIT.split(run)
        else:  # only 、 separates: str.split, far quicker than the regex's alternation
            parts = run.split("、")
        out.extend(_names_of_run(run, parts, c))
    return tuple(out)


def _names_of_run(run: str, parts: list[str], c) -> list[str]:
    """The names of one run of a unit list (its parts split at 、), cleaned and completed."""
    if len(parts) > 1 and "各" in run and not c.level_heads.isdisjoint(parts):
        parts = _levels_joined(parts, c)
    names = [n for n in map(_clean_unit, parts) if n]
    if c.list_joiner_re.search(run):
        names = [part for n in names for part in _split_joined(n)]
    # (org_suffix only when some name can take the ending: one ending like a place)
    if len(names) > 1 and any(n[-1] in _PLACE_LAST for n in names) and (suffix := org_suffix(names[-1], c)):
        # "甲度假区、乙高新区管委": the last name's ending belongs to every place name.
        # (The last character first: _PLACE, anchored at the end, tries every position.)
        names = [n + suffix if n[-1] in _PLACE_LAST and _PLACE.search(n) and not n.startswith("各") else n for n in names]
    return names


def _levels_joined(parts: list[str], c) -> list[str]:
    """"各省、自治区、直辖市人民政府" split at its 、: the level words after 各省 (the last may end
    as an organisation, or be joined to the next unit by 和/及) rejoined into the one collective
    unit they name."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        if parts[i] not in c.level_heads:
            out.append(parts[i])
            i += 1
            continue
        k, tail = i + 1, []
        while k < len(parts):
            p = parts[k]
            if p in c.levels:
                k += 1
                continue
            for w in c.levels:
                if p.startswith(w):
                    rest = p[len(w):]
                    if rest[:1] == "(" and ")" in rest:  # "县(区)人民政府"
                        rest = rest[rest.index(")") + 1 :]
                    if rest in c.suffix_set:
                        k += 1  # "直辖市人民政府": the collective's ending closes it
                        break
                    j = next((j for j in c.list_joiners if rest.startswith(j)), None)
                    if j and has_org_suffix(rest[len(j):], c):  # "直辖市和新疆生产建设兵团"
                        parts = [*parts[:k], w, *parts[k + 1 :]]
                        tail = [rest[len(j):]]
                        k += 1
                        break
            break
        out.append("、".join(parts[i:k]) if k > i + 1 else parts[i])
        out.extend(tail)
        i = k
    return out


def _split_joined(name: str) -> list[str]:
    """'国务院有关部门及各省级人民政府' → both; '人力资源和社会保障局' stays whole."""
    c = _cfg()
    for j in c.list_joiners:
        left, sep, right = name.partition(j)
        if sep and left and right and has_org_suffix(left, c) and (right.startswith("各") or has_org_suffix(right, c)):
            return [left, *_split_joined(right)]
    return [name]
