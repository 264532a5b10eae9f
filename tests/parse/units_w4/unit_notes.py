# ruff: noqa
"""Reading one responsibility note: its words → units by role, with the document-wide state
(aliases, the first-listed rule) kept by Notes. Split from units.py."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .unit_names import (
    _AFTER_SEP,
    _OWN_ROLE,
    _OWN_ROLES,
    _ROLE_IN_PARENS,
    _SPLIT_NOTE,
    _TIME_PIECE_FIND,
    _cfg,
    _clean_unit,
    _split_outside_parens,
    _states_rule,
    _strip_rule,
    has_label,
    has_org_suffix,
    split_note,
    split_units,
    unit_like,
)


@lru_cache(maxsize=4096)
def _plain_parts(content: str) -> tuple[str, tuple[str, ...]] | None:
    """A plain note split at its words: ("verbs", (words, verb, words, …, words)) for units and
    role verbs only, ("labels", (…, label, "", ":", words, …)) for long labels each followed by
    its colon; None for any other note. c.note_split captures the verbs, the labels and every
    word that takes a note off the plain readings. Both _is_note and _parse_note read a note
    by it, so the one regex scan serves both."""
    c = _cfg()
    if c.note_split is None:
        return None
    parts = c.note_split(content)
    if c.verbs.keys() >= set(parts[1::2]):
        return "verbs", tuple(parts)
    return ("labels", tuple(parts)) if _label_list(parts, c) else None


def _label_list(parts: list[str], c) -> bool:
    """The parts are "…label:words…label:words": each captured word a long label, its colon
    next, and words that start with no space (which label_re's match would take)."""
    if len(parts) % 4 != 1:
        return False
    longs = c.long_labels
    for i in range(1, len(parts), 4):
        if parts[i] not in longs or parts[i + 1] or parts[i + 2] != ":" or parts[i + 3][:1].isspace():
            return False
    return True


@lru_cache(maxsize=4096)
def _is_note(content: str) -> bool:
    if len(content) > 300:
        return False
    plain = _plain_parts(content)
    if plain is None:
        return _is_general_note(content)
    # _is_general_note's reading of what it holds: no rule or bracket; labels or verbs.
    if "。" in content.rstrip("。"):
        return False
    kind, parts = plain
    if kind == "labels":
        return True
    c = _cfg()
    if len(parts) > 1:  # the words before the first verb
        return _unit_before_verb(parts[0], content, c)
    return _all_units(content, c)


def _unit_before_verb(head: str, content: str, c) -> bool:
    """A verb note's words before its first verb name a unit (or the note opens with 由)."""
    return any(unit_like(_clean_unit(p) or "", c) for p in split_note(head)) or content.startswith("由")


def _all_units(content: str, c) -> bool:
    """A note without a verb or label: a short list of names only."""
    parts = [p for p in (_split_outside_parens(content, _SPLIT_NOTE) if "(" in content else split_note(content)) if p]
    if _TIME_PIECE_FIND.search(content):
        # "(省委编办、省司法厅,2022年6月底前完成)": a bare list may close with its time
        # (_parse_note sets such a piece aside as a deadline); the rest must be units.
        parts = [p for p in parts if not _TIME_PIECE_FIND.search(p)]
    return bool(parts) and len(content) <= 80 and all(unit_like(_clean_unit(p) or "", c) for p in parts) and any(
        len(_clean_unit(p) or "") >= 3 for p in parts
    )


def _is_general_note(content: str) -> bool:
    c = _cfg()
    # "(X、Y负责。排在第一位的为牵头单位,下同)": the rule's own sentence is no reason to refuse
    content = _strip_rule(content)
    if "。" in content.rstrip("。"):
        return False
    if "(" in content:
        content = _ROLE_IN_PARENS.sub(r"\1,", content)
    if has_label(content, c):
        return True
    if first := c.verb_find.search(content):  # the finder's match starts where the verb does
        return _unit_before_verb(content[: first.start()], content, c)
    return _all_units(content, c)


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
    if (synonyms := _verb_synonyms()) and synonyms[0].search(content):
        content = synonyms[0].sub(lambda m: synonyms[1][m.group(1)], content)  # "X主办,Y协办"
    units = _parse_note(content, aliases, deadlines)
    return (
        (("lead", tuple(units["lead"])), ("responsible", tuple(units["responsible"])), ("support", tuple(units["support"]))),
        tuple([(k, tuple(v)) for k, v in aliases.items()]) if aliases else (),  # most define none
        tuple(deadlines),
    )


@cache  # configuration: kept across documents, as the other rule builders are
def _verb_synonyms() -> tuple[re.Pattern, dict[str, str]] | None:
    """extraction.toml's verb_synonyms as (a pattern finding them where a piece ends, the map)."""
    from fazhi.parse.rules import rules

    found = rules()["units"].get("verb_synonyms", {})
    if not found:
        return None
    alt = "|".join(sorted(map(re.escape, found), key=len, reverse=True))
    return re.compile(f"({alt})(?=[,;。]|$)"), dict(found)


def _parse_note(content: str, aliases: dict[str, list[str]], deadlines: list[str]) -> dict[str, list[str]]:
    plain = _plain_parts(content)
    if plain is None:
        return _parse_general_note(content, aliases, deadlines)
    # _parse_general_note's readings, on the parts found by the one scan.
    kind, parts = plain
    units: dict[str, list[str]] = {"lead": [], "responsible": [], "support": []}  # ROLES, spelt out
    if kind == "labels":  # the words before the first label name no unit
        labels = _cfg().labels
        for i in range(1, len(parts), 4):
            if (role := labels[parts[i]]) != "person":
                units[role].extend(split_units(parts[i + 3], aliases))
        return units
    verbs = _cfg().verbs
    for i in range(1, len(parts), 2):
        units[verbs[parts[i]]].extend(split_units(parts[i - 1], aliases))
    units["responsible"].extend(split_units(parts[-1], aliases))
    return units


def _parse_general_note(content: str, aliases: dict[str, list[str]], deadlines: list[str]) -> dict[str, list[str]]:
    c = _cfg()
    labels, label_re, verbs, verb_re = c.labels, c.label_re, c.verbs, c.verb_re
    units: dict[str, list[str]] = {"lead": [], "responsible": [], "support": []}  # ROLES, spelt out
    content = _strip_rule(content)  # the rule's words name no unit
    if c.guide_gate in content and any(v in content for v in c.guide_verbs):
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
    # (has_label decides a note without a colon, most verb notes, by str tests)
    first = c.label_find.search(content) if ":" in content or has_label(content, c) else None
    found = list(label_re.finditer(content, first.start())) if first else []
    if found:
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(content)
            role = labels[m.group(1) or m.group(2)]
            if role == "person":
                continue
            seg = content[m.end() : end]
            if "," in seg and verb_re.search(seg):  # "责任股室:基层股,各司法所配合"
                seg = _verb_pieces(seg, role, units, aliases)
            names = split_units(seg, aliases)
            if not own_roles:  # the common case: every name takes the label's role
                units[role].extend(names)
                continue
            for name in names:
                # "责任单位:市司法局(牵头)、市财政局": a unit's own role overrides the label's
                own = _OWN_ROLE.search(name)
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


def _verb_pieces(seg: str, role: str, units: dict[str, list[str]], aliases: dict[str, list[str]]) -> str:
    """A label's value without its pieces that end with a verb of another role, whose units
    take that role: "基层股,各司法所配合" under 责任股室 gives 各司法所 to support."""
    verbs = _cfg().verbs
    longest_first = sorted(verbs, key=len, reverse=True)
    kept = []
    for piece in seg.split(","):
        verb = next((v for v in longest_first if piece.endswith(v) and len(piece) > len(v) and verbs[v] != role), None)
        if verb:
            units[verbs[verb]].extend(split_units(piece[: -len(verb)], aliases))
        else:
            kept.append(piece)
    return ",".join(kept)


def _without_guides(content: str) -> str:
    """The note without pieces 'X指导' (a unit that guides has no role in SCHEMA)."""
    c = _cfg()
    parts = re.split(r"([,;])", content)
    for i in range(0, len(parts), 2):
        piece = parts[i].strip()
        verb = next((v for v in c.guide_verbs if piece.endswith(v)), None)
        if verb and has_org_suffix(piece[: -len(verb)], c):
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
