"""Stage: the responsibility note of each item → units by role (lead / responsible / support).

Notations handled: (牵头单位:X;责任单位:Y), [责任单位:… even unclosed, (X、Y按职责分工分别负责),
(X牵头负责,Y配合落实), (由X牵头,Y等部门配合落实), (X负责), a 责任单位:… line of its own, a
note on a section heading (inherited by the section's items), alias definitions such as
(以下统称“各镇政府”), 主办/承办/协办 labels (the one catalogue in extraction.toml), X会同Y负责
(two units), an inline last sentence "X牵头,Y、Z配合。", and the first-listed rule of
higher-level documents (列第一位者为牵头单位,下同). Table columns are handled in tables.py.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import SimpleNamespace

from fazhi.parse.model import ROLES, Doc, Node
from fazhi.parse.rules import deadline_label_re, deadline_labels, rules, unit_labels

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
    from re import _constants as k
    from re import _parser

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
    label_body = rf"(?:(?:^|(?<=[;,。\s\[(【]))({long_alt})\s*:?|({label_alt})\s*:)\s*"
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
    suffix_re = re.compile("(" + "|".join(sorted(map(re.escape, u["org_suffixes"]), key=len, reverse=True)) + ")$")
    trailing = re.compile("(" + "|".join([u["trailing_counted"], *map(re.escape, u["trailing"])]) + ")$")
    leading = re.compile("^(" + "|".join(map(re.escape, u["leading"])) + ")")
    line_label = re.compile(rf"^[\[【(]?({label_alt})\s*[:]")
    dl_alt = "|".join(sorted(map(re.escape, deadline_labels()), key=len, reverse=True))
    deadline_in_note = re.compile(rf"[;,]?\s*({dl_alt})\s*:\s*([^;]*)")
    any_deadline_label = re.compile(dl_alt)  # literals only: scanned at C speed, a gate
    # Starts with 。 (the match starts one past it), so the engine scans for it at C speed.
    inline_label = re.compile(rf"。\s*(?=(?:{label_alt})\s*:)")
    verb_ends = tuple(verbs)  # str.endswith, not a regex searched over the whole sentence
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
    return SimpleNamespace(guide_verbs=guide_verbs, list_joiners=list_joiners, list_joiner_re=list_joiner_re, leading_first=leading_first, trailing_last=trailing_last, labels=labels, label_re=label_re, label_find=label_find, verbs=verbs, verb_re=verb_re, verb_find=verb_find, suffix_re=suffix_re,
                           verb_ends=verb_ends, joiner=joiner, joiners=joiners, first_listed=first_listed, first_listed_find=first_listed_find,
                           trailing=trailing, leading=leading, line_label=line_label,
                           deadline_in_note=deadline_in_note, any_deadline_label=any_deadline_label,
                           inline_label=inline_label)


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
def _is_note(content: str) -> bool:
    c = _cfg()
    suffix_re = c.suffix_re
    if len(content) > 300:
        return False
    # "(X、Y负责。排在第一位的为牵头单位,下同)": the rule's own sentence is no reason to refuse
    content = _strip_rule(content)
    if "。" in content.rstrip("。"):
        return False
    if "(" in content:
        content = _ROLE_IN_PARENS.sub(r"\1,", content)
    if c.label_find.search(content):
        return True
    if first := c.verb_find.search(content):  # the finder's match starts where the verb does
        pieces = _SPLIT_NOTE.split(content[: first.start()])
        return any(suffix_re.search(_clean_unit(p) or "") for p in pieces) or content.startswith("由")
    parts = [p for p in _SPLIT_NOTE.split(content) if p]
    return bool(parts) and len(content) <= 80 and all(suffix_re.search(_clean_unit(p) or "") for p in parts) and any(
        len(_clean_unit(p) or "") >= 3 for p in parts
    )


@lru_cache(maxsize=4096)
def _clean_unit(s: str) -> str | None:
    """One mention, cleaned; the same names recur in every note of a plan, so memoised."""
    c = _cfg()
    s = s.strip(" :;,。.“”\"'")
    if s[:1] in c.leading_first:  # the substitutions only where they can apply
        s = c.leading.sub("", s)
    if s.endswith(c.trailing_last):
        for _ in range(2):
            s = c.trailing.sub("", s)
    s = s.strip(" :;,。.")
    if not s or len(s) > 40 or "。" in s or ":" in s:
        return None
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
    flat = not _HAS_BRACKET.search(chunk)  # then no run has brackets either: split at C speed
    for run in _SPLIT_RUN.split(chunk) if flat else _split_outside_parens(chunk, _SPLIT_RUN):
        if not flat:
            parts = _split_outside_parens(run, _SPLIT_UNIT)
        elif "/" in run or _SPACE.search(run):
            parts = _SPLIT_UNIT.split(run)
        else:  # only 、 separates: str.split, far quicker than the regex's alternation
            parts = run.split("、")
        out.extend(_names_of_run(run, parts, c))
    return tuple(out)


def _names_of_run(run: str, parts: list[str], c) -> list[str]:
    """The names of one run of a unit list (its parts split at 、), cleaned and completed."""
    names = [n for n in map(_clean_unit, parts) if n]
    if c.list_joiner_re.search(run):
        names = [part for n in names for part in _split_joined(n)]
    if len(names) > 1 and (m := c.suffix_re.search(names[-1])):
        # "甲度假区、乙高新区管委": the last name's ending belongs to every place name.
        # (The last character first: _PLACE, anchored at the end, tries every position.)
        suffix = m.group(1)
        names = [n + suffix if n[-1] in _PLACE_LAST and _PLACE.search(n) and not n.startswith("各") else n for n in names]
    return names


def _split_joined(name: str) -> list[str]:
    """'国务院有关部门及各省级人民政府' → both; '人力资源和社会保障局' stays whole."""
    c = _cfg()
    for j in c.list_joiners:
        left, sep, right = name.partition(j)
        if sep and left and right and c.suffix_re.search(left) and (right.startswith("各") or c.suffix_re.search(right)):
            return [left, *_split_joined(right)]
    return [name]


def parse_note(content: str, aliases: dict[str, list[str]], deadlines: list[str] | None = None) -> dict[str, list[str]]:
    """Units by role from a note's words; a 完成时限 part inside the note goes to `deadlines`,
    alias definitions to `aliases`. Plans repeat the same note dozens of times, so the words
    are read once (_read_note) and the result copied."""
    units, found_aliases, found_deadlines = _read_note(content)
    aliases.update({k: list(v) for k, v in found_aliases})
    if deadlines is not None:
        deadlines.extend(found_deadlines)
    return {role: list(names) for role, names in units}


@lru_cache(maxsize=4096)
def _read_note(content: str) -> tuple:
    aliases: dict[str, list[str]] = {}
    deadlines: list[str] = []
    units = _parse_note(content, aliases, deadlines)
    return (
        tuple((r, tuple(v)) for r, v in units.items()),
        tuple((k, tuple(v)) for k, v in aliases.items()),
        tuple(deadlines),
    )


def _parse_note(content: str, aliases: dict[str, list[str]], deadlines: list[str]) -> dict[str, list[str]]:
    c = _cfg()
    labels, label_re, verbs, verb_re = c.labels, c.label_re, c.verbs, c.verb_re
    units: dict[str, list[str]] = {r: [] for r in ROLES}
    content = _strip_rule(content)  # the rule's words name no unit
    if any(v in content for v in c.guide_verbs):
        content = _without_guides(content)
    if c.any_deadline_label.search(content) and (m := c.deadline_in_note.search(content)):
        deadlines.append(m.group(2))
        content = content[: m.start()] + content[m.end() :]
    own_roles = "(" in content and bool(_ROLE_IN_PARENS.search(content))
    if own_roles:
        content = _ROLE_IN_PARENS.sub(r"\1,", content)  # "县司法局(牵头)、县财政局"
    if _TIME_PIECE_FIND.search(content):  # most notes hold no time: skip the piece by piece pass
        kept = []
        for piece in _AFTER_SEP.split(content):
            if _TIME_PIECE_FIND.search(piece) and not c.label_find.search(piece):
                deadlines.append(piece.strip(",;"))
            else:
                kept.append(piece)
        content = "".join(kept)
    found = list(label_re.finditer(content, first.start())) if (first := c.label_find.search(content)) else []
    if found:
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(content)
            role = labels[m.group(1) or m.group(2)]
            if role != "person":
                for name in split_units(content[m.end() : end], aliases):
                    # "责任单位:市司法局(牵头)、市财政局": a unit's own role overrides the label's
                    own = _OWN_ROLE.search(name) if own_roles else None
                    if own and own.start():
                        units[_OWN_ROLES[own.group(1)]].append(name[: own.start()])
                    else:
                        units[role].append(name)
        return units
    pos = 0
    for m in verb_re.finditer(content):
        units[verbs[m.group(0)]].extend(split_units(content[pos : m.start()], aliases))
        pos = m.end()
    rest = split_units(content[pos:], aliases)
    units["responsible"].extend(rest)
    return units


def _without_guides(content: str) -> str:
    """The note without pieces 'X指导' (a unit that guides has no role in SCHEMA)."""
    c = _cfg()
    parts = re.split(r"([,;])", content)
    for i in range(0, len(parts), 2):
        piece = parts[i].strip()
        verb = next((v for v in c.guide_verbs if piece.endswith(v)), None)
        if verb and c.suffix_re.search(piece[: -len(verb)]):
            parts[i] = ""
    return "".join(parts).strip(",;")


def _merge(into: dict[str, list[str]], more: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """Add a note's units (role, names pairs) to an item's, each name once."""
    for role, names in more:
        if not names:
            continue
        have = into[role]
        if not have:
            have.extend(dict.fromkeys(names))  # in order, repeats dropped
            continue
        for u in names:
            if u not in have:
                have.append(u)


class Notes:
    """Reads notes in document order, keeping what a document states once for every later
    note: its aliases and the first-listed rule (列第一位者为牵头单位,下同)."""

    def __init__(self, aliases: dict[str, list[str]]):
        self.aliases = aliases
        self.first_listed = False

    def see(self, text: str) -> None:
        if _states_rule(text):
            self.first_listed = True

    def read(self, content: str, deadlines: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(role, names) pairs, for _merge only (so the memoised names are not copied)."""
        self.see(content)
        found, aliases, found_deadlines = _read_note(content)
        if aliases:
            self.aliases.update({k: list(v) for k, v in aliases})
        deadlines.extend(found_deadlines)
        if self.first_listed:
            units = dict(found)
            if units["responsible"] and not units["lead"] and not units["support"]:
                # Under the rule a note without role words is "lead first, the others responsible".
                return (("lead", units["responsible"][:1]), ("responsible", units["responsible"][1:]))
        return found


def extract(node: Node, notes: Notes) -> None:
    """Pull unit notes and 完成时限 lines out of the item's paragraphs."""
    c = _cfg()
    line_label, dl_label = c.line_label, deadline_label_re()
    kept: list[str] = []
    moved = False  # a note line went to the parent: the lines after it are the parent's too
    for k, para in enumerate(node.paras):
        if k and (line_label.match(para) or _is_verb_note(para) or _is_bracket_line(para)):
            owner = _note_owner(node)
            body = para.rstrip("。;")
            note = body[1:-1] if body[0] in OPEN and body[-1] in CLOSE else para.rstrip("。")
            _merge(owner.units, notes.read(note, owner.deadline_texts))
            moved = moved or owner is not node
            continue
        if k and (m := dl_label.match(para)):
            # A 完成时限 line after one sub-item is that sub-item's, not its siblings'.
            (_note_owner(node) if moved else node).deadline_texts.append(para[m.end() :])
            continue
        if ":" in para and "。" in para:  # _inline_label_note's own test, without the call
            para = _inline_label_note(node, para, notes)
        para = _inline_verb_note(node, para, notes)
        para = _clause_verb_note(node, para, notes)
        para = _bracket_notes(node, para, notes)  # bracket_groups' `in` tests beat a regex scan
        if para:
            kept.append(para)
    node.paras = kept


def _is_bracket_line(para: str) -> bool:
    """'(X牵头,Y配合)' as a paragraph of its own: a note line, like a 责任单位: line."""
    body = para.rstrip("。;")
    if not body or body[0] not in OPEN or body[-1] not in CLOSE:
        return False
    groups = bracket_groups(body)
    return len(groups) == 1 and groups[0][1] == len(body) and _is_note(groups[0][2])


def _note_owner(node: Node) -> Node:
    """A 责任单位 line after the last of several sub-points, none with a note of its own,
    is the note of the whole item: "3.… (1)… (2)… 责任单位:…"."""
    parent = node.parent
    if parent is None or len(parent.children) < 2 or parent.children[-1] is not node:
        return node
    if any(any(s.units.values()) for s in parent.children[:-1]):
        return node
    return parent


def _inline_label_note(node: Node, para: str, notes: Notes) -> str:
    """'…工作。责任单位:县司法局' — a label note written as the paragraph's last sentence."""
    m = _cfg().inline_label.search(para) if ":" in para and "。" in para else None
    if not m:
        return para
    _merge(node.units, notes.read(para[m.end() :], node.deadline_texts))
    return para[: m.start() + 1]  # the 。 stays with the sentence it ends


def _without_time_tail(s: str) -> str:
    """'法规科牵头,办公室配合,2026年6月底前完成' / '…负责,长期坚持': the note without its time
    pieces at the end (parse_note reads them as the item's deadline)."""
    if "(" in s or ")" in s:
        return s  # a bracketed note reads its own time pieces
    while (k := s.rfind(",")) > 0 and _TIME_PIECE.search(s, k):
        s = s[:k]
    return s


def _is_verb_note(sentence: str) -> bool:
    """'县司法局牵头,县财政局、县人社局配合。' / '县政府办会同县司法局负责。' — a sentence made
    only of units and role verbs, ending with a verb."""
    c = _cfg()
    s = _without_time_tail(sentence.rstrip("。; "))
    if not s or len(s) > 120 or not s.endswith(c.verb_ends):
        return False
    words = c.joiner.sub("、", c.verb_re.sub(",", s))
    pieces = [p for p in _split_outside_parens(words, _SPLIT_NOTE) if p.strip()]  # 各县(市、区)政府
    return bool(pieces) and all(c.suffix_re.search(_clean_unit(p) or "") for p in pieces)


def _inline_verb_note(node: Node, para: str, notes: Notes) -> str:
    """The last sentence of a paragraph that is a verb note (no brackets)."""
    body = para.rstrip("。; ")
    ends = _cfg().verb_ends
    # What _is_verb_note tests first, without the copy ("…配合,2026年6月底前完成": after its time).
    if not body.endswith(ends) and not _without_time_tail(body).endswith(ends):
        return para
    cut = max(body.rfind("。"), body.rfind(";")) + 1
    if cut <= 0 or not _is_verb_note(body[cut:]):
        return para
    _merge(node.units, notes.read(body[cut:], node.deadline_texts))
    return para[:cut]


def _clause_verb_note(node: Node, para: str, notes: Notes) -> str:
    """A verb note written as comma clauses of a sentence rather than a sentence of its own:
    closing the last one ('…答复规范,各地区各部门按职责分工分别负责,长期坚持。') or opening one
    ('…营商环境。X牵头,Y、Z配合,企业开办时间压缩至…'). Only for an item with no note yet."""
    if any(node.units.values()) or len(para) > 300 or "(" in para or "," not in para:
        return para
    if not _cfg().verb_find.search(para):  # the finder skips to the verbs' first characters
        return para
    body = para.rstrip("。; ")
    start = max(body.rfind("。"), body.rfind(";")) + 1
    k = body.find(",", start)
    while k > 0:  # the longest closing clauses first
        if _is_verb_note(body[k + 1 :]):
            _merge(node.units, notes.read(body[k + 1 :], node.deadline_texts))
            return para[:k] + "。"
        k = body.find(",", k + 1)
    begin = 0
    for end in [i + 1 for i, ch in enumerate(body) if ch in "。;"] + [len(body)]:
        sentence = body[begin:end]
        k = sentence.rfind(",")
        while k > 0:  # the longest opening clauses first, leaving at least one clause
            if _is_verb_note(sentence[:k]):
                _merge(node.units, notes.read(sentence[:k], node.deadline_texts))
                return para[:begin] + para[begin + k + 1 :]
            k = sentence.rfind(",", 0, k)
        begin = end
    return para


def _bracket_notes(node: Node, para: str, notes: Notes) -> str:
    groups = bracket_groups(para)
    if not groups:
        return para.rstrip(" ;,")
    out, last = [], 0
    for start, end, content in groups:
        if _is_note(content):
            _merge(node.units, notes.read(content, node.deadline_texts))
        elif dl := deadline_label_re().match(content):
            node.deadline_texts.append(content[dl.end() :])  # 【完成时限:2025年12月】
        else:
            continue
        out.append(para[last:start])
        last = end
    out.append(para[last:])
    return "".join(out).rstrip(" ;,")


_UNIT_HEADING = re.compile(r"(?:[省市县区镇乡]|各)[^\s,。;、:()]{1,18}")
_NOT_A_NAME = ("法治", "建设", "工作", "推进", "加强", "深化", "完善", "健全", "提升", "规范")


def _unit_heading(text: str) -> str | None:
    """The heading text when it is nothing but a unit's name (县司法局, 市政府办公室)."""
    text = text.strip().rstrip("。")
    if not _UNIT_HEADING.fullmatch(text) or any(w in text for w in _NOT_A_NAME):
        return None
    return text if _cfg().suffix_re.search(text) else None


def _inherit(node: Node, inherited: dict[str, list[str]]) -> None:
    """Roles without units of their own take the nearest ancestor's: `inherited` holds every
    role (the top level's lists, new and empty, are shared by the items below it)."""
    own = node.units
    lead, resp, supp = own["lead"], own["responsible"], own["support"]
    if not node.children:
        if lead or resp or supp:  # a leaf's own lists are its alone: filled in place
            if not lead:
                own["lead"] = inherited["lead"]
            if not resp:
                own["responsible"] = inherited["responsible"]
            if not supp:
                own["support"] = inherited["support"]
        else:
            node.units = dict(inherited)
        return
    if lead or resp or supp:
        inherited = {r: (list(own[r]) if own[r] else inherited[r]) for r in ROLES}
    for child in node.children:
        _inherit(child, inherited)


def stage(doc: Doc) -> Doc:
    notes = Notes(doc.aliases)
    # The rule said outside any note (in the preamble, or a "注:" line at the end) holds for
    # the whole document; said inside a note ("…,列第一位者为牵头单位,下同)") from there on.
    joined = "\n".join(doc.lines)  # one C-speed scan: most documents state no such rule
    for line in doc.lines if ("第一" in joined or "首位" in joined) else ():
        if ("第一" in line or "首位" in line) and _states_rule(line) and not any(_states_rule(c) for _, _, c in bracket_groups(line)):
            notes.first_listed = True
            break

    def walk(node: Node) -> None:
        extract(node, notes)
        for child in node.children:
            walk(child)

    for root in doc.roots:
        walk(root)
    # A 责任清单 set out by unit ("一、县司法局 / 1.… 2.…"): each such section's unit is
    # responsible for its items. Two such sections at least, so that a lone heading that
    # happens to end like a name (…法治政府) is never read as one.
    by_unit = [(root, h) for root in doc.roots
               if root.children and not root.from_table and not any(root.units.values())
               and (h := _unit_heading(root.paras[0] if root.paras else ""))]
    if len(by_unit) >= 2:
        for root, name in by_unit:
            root.units["responsible"] = [name]
    for root in doc.roots:
        _inherit(root, {r: [] for r in ROLES})
    for para in doc.preamble:  # aliases defined in the preamble: "各镇人民政府(以下简称各镇)"
        for start, _, content in bracket_groups(para):
            if _ALIAS.fullmatch("(" + content + ")") and start:
                head = _HEAD_SEP.split(para[:start])[-1]
                split_units(head + "(" + content + ")", doc.aliases)
    return doc
