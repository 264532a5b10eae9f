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
from functools import cache

from fazhi.parse.model import ROLES, Doc, Node
from fazhi.parse.rules import deadline_label_re, rules
from fazhi.parse.unit_names import (
    _ALIAS,
    _HEAD_SEP,
    _SPLIT_NOTE,
    _TIME_PIECE,
    CLOSE,
    OPEN,
    _cfg,
    _clean_unit,
    _split_outside_parens,
    _states_rule,
    bracket_groups,
    has_org_suffix,
    split_units,
)

# Moved to unit_names / unit_notes; re-exported (`X as X`) for tables.py and tests.
from fazhi.parse.unit_names import _SPLIT_RUN as _SPLIT_RUN
from fazhi.parse.unit_names import _SPLIT_UNIT as _SPLIT_UNIT
from fazhi.parse.unit_names import _TIME_PIECE_FIND as _TIME_PIECE_FIND
from fazhi.parse.unit_names import _first_chars as _first_chars
from fazhi.parse.unit_notes import Notes, _is_note, _merge
from fazhi.parse.unit_notes import parse_note as parse_note


def extract(node: Node, notes: Notes) -> None:
    """Pull unit notes and 完成时限 lines out of the item's paragraphs."""
    c = _cfg()
    line_label, dl_label = c.line_label, deadline_label_re()
    kept: list[str] = []
    moved = False  # a note line went to the parent: the lines after it are the parent's too
    for k, para in enumerate(node.paras):
        # A verb note (line, last sentence or clauses) ends with a verb, where the paragraph
        # ends or before one of its commas: most paragraphs have no verb there, which a look
        # at those characters tells (the verb steps cost a regex search or more each). Not
        # worth it with a bracket, where the steps stop at their first test anyway.
        verb = "(" in para or _may_end_note(para.rstrip("。; "), c)
        if k and (line_label.match(para) or (verb and _is_verb_note(para)) or _is_bracket_line(para)):
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
        if ":" in para and "。" in para and (cut := _inline_label_note(node, para, notes)) is not para:
            para, verb = cut, "(" in cut or _may_end_note(cut.rstrip("。; "), c)  # (its own test first)
        groups = None  # the paragraph's bracket groups, once found
        if verb:
            if (cut := _inline_verb_note(node, para, notes)) is not para:
                para, verb = cut, "(" in cut or _may_end_note(cut.rstrip("。; "), c)
        if verb:
            para, groups = _clause_verb_note(node, para, notes)
        if "(" in para or "[" in para or "【" in para:  # else no group opens (bracket_groups: [])
            para = _bracket_notes(node, para, notes, groups)
        else:
            para = para.rstrip(" ;,")
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
    if not s or len(s) > 120 or not _ends_with_verb(s, c):
        return False
    words = c.joiner.sub("、", c.verb_re.sub(",", s))
    pieces = [p for p in _split_outside_parens(words, _SPLIT_NOTE) if p.strip()]  # 各县(市、区)政府
    return bool(pieces) and all(has_org_suffix(_clean_unit(p) or "", c) for p in pieces)


def _inline_verb_note(node: Node, para: str, notes: Notes) -> str:
    """The last sentence of a paragraph that is a verb note (no brackets)."""
    body = para.rstrip("。; ")
    c = _cfg()
    # What _is_verb_note tests first, without the copy ("…配合,2026年6月底前完成": after its time).
    # The last character first (a set look-up): endswith tries each of the ~30 verbs.
    if not _ends_with_verb(body, c) and ((tail := _without_time_tail(body)) is body or not _ends_with_verb(tail, c)):
        return para
    cut = max(body.rfind("。"), body.rfind(";")) + 1
    if cut <= 0 or not _is_verb_note(body[cut:]):
        return para
    _merge(node.units, notes.read(body[cut:], node.deadline_texts))
    return para[:cut]


def _ends_with_verb(s: str, c) -> bool:
    """s.endswith(c.verb_ends), the last character looked up first: most texts end otherwise."""
    return s[-1:] in c.verb_last and s.endswith(c.verb_ends)


def _clause_verb_note(node: Node, para: str, notes: Notes) -> tuple[str, list | None]:
    """A verb note written as comma clauses of a sentence rather than a sentence of its own:
    closing the last one ('…答复规范,各地区各部门按职责分工分别负责,长期坚持。') or opening one
    ('…营商环境。X牵头,Y、Z配合,企业开办时间压缩至…'). Only for an item with no note yet and no
    bracketed note. Returns the paragraph and, when they were found for it, its bracket
    groups (for _bracket_notes)."""
    if any(node.units.values()) or len(para) > 300 or "," not in para:
        return para, None
    # A bracket that is itself a note is read by _bracket_notes; one that is not (a stage's
    # time "实地督察阶段(6月至8月)。由X牵头,…") leaves the clauses to be read here.
    groups = None
    if "(" in para:
        groups = bracket_groups(para)
        if any(_is_note(g[2]) for g in groups):
            return para, groups
    c = _cfg()
    body = para.rstrip("。; ")
    spans = _verb_spans(body, c)  # every verb's place, found once
    if not spans:
        return para, groups
    start = max(body.rfind("。"), body.rfind(";")) + 1
    k = body.find(",", start)
    # A note is a clause run holding a verb: the closing runs only while one follows the comma.
    last = spans[-1][0]
    while k > 0 and last > k:  # the longest closing clauses first
        if _is_verb_note(body[k + 1 :]):
            _merge(node.units, notes.read(body[k + 1 :], node.deadline_texts))
            return para[:k] + "。", None
        k = body.find(",", k + 1)
    i, n = 0, len(spans)
    while i < n:  # the sentences (ending at 。 or ;) that hold a verb's start, in order
        at = spans[i][0]
        begin = max(body.rfind("。", 0, at), body.rfind(";", 0, at)) + 1
        ends = [e for e in (body.find("。", at), body.find(";", at)) if e >= 0]
        end = min(ends) + 1 if ends else len(body)
        first = None  # the first verb wholly inside the sentence
        while i < n and spans[i][0] < end:
            if first is None and spans[i][1] <= end:
                first = spans[i][0]
            i += 1
        if first is None:
            continue
        # The opening runs must hold a verb whole: from the sentence's first verb on.
        sentence = body[begin:end]
        lowest = first - begin + c.shortest_verb
        k = sentence.rfind(",")
        while k >= lowest:  # the longest opening clauses first, leaving at least one clause
            if _is_verb_note(sentence[:k]):
                _merge(node.units, notes.read(sentence[:k], node.deadline_texts))
                return para[:begin] + para[begin + k + 1 :], None
            k = sentence.rfind(",", 0, k)
    return para, groups


def _may_end_note(body: str, c) -> bool:
    """Whether a verb note can end where body does or just before one of its commas (less
    the 。; and spaces before it), as every text the verb steps try for one ends (a time
    tail is cut at a comma): a look at those characters, not a search for verbs. Necessary
    for _is_verb_note on body and on each text of it that _inline_verb_note and
    _clause_verb_note try."""
    # One split, and per piece a slice and a look-up in a short str: str.find(x, start) in
    # a loop costs more (its arguments are parsed at every call), and a 1-character slice
    # of Chinese is a new string, whose hash a set look-up would compute.
    last, ends = c.verb_last_chars, c.verb_ends
    for piece in body.split(","):
        t = piece[-1:]
        if t and t in "。; ":
            piece = piece.rstrip("。; ")
            t = piece[-1:]
        if t and t in last and piece.endswith(ends):
            return True
    return False


def _verb_spans(body: str, c) -> list[tuple[int, int]]:
    """(start, end) of every verb in body, sorted: each verb holds a core, so the verbs are
    looked for only around the cores' places (str.find, each core's last character tested
    first by `in`, which parses no arguments), not by a regex over the text."""
    spans = []
    for q in c.verb_cores:
        if q[-1] not in body or q not in body:
            continue
        j = body.find(q)
        while j >= 0:
            for v, o in c.verb_at[q]:
                if j >= o and body.startswith(v, j - o):
                    spans.append((j - o, j - o + len(v)))
            j = body.find(q, j + 1)
    spans.sort()
    return spans


def _bracket_notes(node: Node, para: str, notes: Notes, groups: list | None = None) -> str:
    if groups is None:
        groups = bracket_groups(para)
    if not groups:
        return para.rstrip(" ;,")
    out, last = [], 0
    dl_label = deadline_label_re()
    for start, end, content in groups:
        if _is_note(content):
            _merge(node.units, notes.read(content, node.deadline_texts))
        elif dl := dl_label.match(content):
            node.deadline_texts.append(content[dl.end() :])  # 【完成时限:2025年12月】
        else:
            if _is_heading_time(para, end, content):
                node.deadline_texts.append(content)  # the stage's time: its items' too (the words stay)
            continue
        out.append(para[last:start])
        last = end
    if not out:
        return para.rstrip(" ;,")
    out.append(para[last:])
    return "".join(out).rstrip(" ;,")


def _is_heading_time(para: str, end: int, content: str) -> bool:
    """"动员部署阶段(2022年3月底前)": a bracket of time words only, closing the heading's phrase."""
    if len(content) > 24 or para[end : end + 1] not in ("", "。", ":") or ("年" not in content and "月" not in content):
        return False
    allowed = _heading_time_chars()
    return content[:1].isdigit() and all(ch in allowed for ch in content)


@cache
def _heading_time_chars() -> frozenset[str]:
    return frozenset(rules()["deadlines"]["heading_time_chars"])


_UNIT_HEADING = re.compile(r"(?:[省市县区镇乡]|各)[^\s,。;、:()]{1,18}")
_NOT_A_NAME = ("法治", "建设", "工作", "推进", "加强", "深化", "完善", "健全", "提升", "规范")


def _unit_heading(text: str) -> str | None:
    """The heading text when it is nothing but a unit's name (县司法局, 市政府办公室)."""
    text = text.strip().rstrip("。")
    if not _UNIT_HEADING.fullmatch(text) or any(w in text for w in _NOT_A_NAME):
        return None
    return text if has_org_suffix(text, _cfg()) else None


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


def _first_listed_cell(units: dict[str, list[str]]) -> None:
    """A table's unit cell under the document's first-listed rule ("注:责任单位栏中排在第一位的
    为牵头单位"): a cell of units without role words leads with its first unit."""
    if units["responsible"] and not units["lead"] and not units["support"]:
        units["lead"], units["responsible"] = units["responsible"][:1], units["responsible"][1:]


def stage(doc: Doc) -> Doc:
    if doc.kind != "plan":
        return doc  # only a plan's items carry units (SCHEMA: tasks are a plan's)
    notes = Notes(doc.aliases)
    # The rule said outside any note (in the preamble, or a "注:" line at the end) holds for
    # the whole document; said inside a note ("…,列第一位者为牵头单位,下同)") from there on.
    for line in doc.lines:
        if ("第一" in line or "首位" in line) and _states_rule(line) and not any(_states_rule(c) for _, _, c in bracket_groups(line)):
            notes.first_listed = True
            break

    whole = notes.first_listed  # stated for the whole document, also a "注:" line after a table

    def walk(node: Node) -> None:
        extract(node, notes)
        if whole and node.from_table:
            _first_listed_cell(node.units)
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
