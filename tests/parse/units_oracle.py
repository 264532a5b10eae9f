"""The units stage as it read paragraphs before the str-test rewrite (session 21): the oracle
that test_units_paragraph_paths.py compares the rewritten paths against. Not used by fazhi."""
# ruff: noqa
from __future__ import annotations

import re
from functools import cache

from fazhi.parse.model import ROLES, Doc, Node
from fazhi.parse.rules import deadline_label_re, unit_labels
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

from fazhi.parse.unit_notes import Notes, _is_note, _merge
from fazhi.parse.units import (  # unchanged by the rewrite: shared
    _ends_with_verb,
    _first_listed_cell,
    _inherit,
    _inline_verb_note,
    _is_bracket_line,
    _is_heading_time,
    _is_verb_note,
    _note_owner,
    _unit_heading,
)

_SENTENCE_END = re.compile("[。;]")


def extract(node: Node, notes: Notes) -> None:
    """Pull unit notes and 完成时限 lines out of the item's paragraphs."""
    c = _cfg()
    line_label, dl_label = c.line_label, deadline_label_re()
    kept: list[str] = []
    moved = False  # a note line went to the parent: the lines after it are the parent's too
    verb_gate = c.verb_gate.search
    for k, para in enumerate(node.paras):
        # A verb note (line, last sentence or clauses) needs a verb: one C-speed scan of the
        # paragraph spares the three searches below on most paragraphs, which hold none.
        # (The steps below only cut the paragraph, so what holds no verb keeps none.) Not
        # worth it with a bracket, where the three stop at their first test anyway.
        verb = "(" in para or verb_gate(para) is not None
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
        if ":" in para and "。" in para:  # _inline_label_note's own test, without the call
            para = _inline_label_note(node, para, notes)
        if verb:
            para = _inline_verb_note(node, para, notes)
            para = _clause_verb_note(node, para, notes)
        if "(" in para or "[" in para or "【" in para:  # else no group opens (bracket_groups: [])
            para = _bracket_notes(node, para, notes)
        else:
            para = para.rstrip(" ;,")
        if para:
            kept.append(para)
    node.paras = kept






def _inline_label_note(node: Node, para: str, notes: Notes) -> str:
    """'…工作。责任单位:县司法局' — a label note written as the paragraph's last sentence."""
    m = _old_inline_label().search(para) if ":" in para and "。" in para else None
    if not m:
        return para
    _merge(node.units, notes.read(para[m.end() :], node.deadline_texts))
    return para[: m.start() + 1]  # the 。 stays with the sentence it ends










def _clause_verb_note(node: Node, para: str, notes: Notes) -> str:
    """A verb note written as comma clauses of a sentence rather than a sentence of its own:
    closing the last one ('…答复规范,各地区各部门按职责分工分别负责,长期坚持。') or opening one
    ('…营商环境。X牵头,Y、Z配合,企业开办时间压缩至…'). Only for an item with no note yet and no
    bracketed note."""
    if any(node.units.values()) or len(para) > 300 or "," not in para:
        return para
    # A bracket that is itself a note is read by _bracket_notes; one that is not (a stage's
    # time "实地督察阶段(6月至8月)。由X牵头,…") leaves the clauses to be read here.
    if "(" in para and any(_is_note(g[2]) for g in bracket_groups(para)):
        return para
    c = _cfg()  # (the loops below search for verbs where a note could end: no search first)
    body = para.rstrip("。; ")
    start = max(body.rfind("。"), body.rfind(";")) + 1
    k = body.find(",", start)
    # A note is a clause run holding a verb: the closing runs only while one follows the comma.
    while k > 0 and c.verb_find.search(body, k + 1):  # the longest closing clauses first
        if _is_verb_note(body[k + 1 :]):
            _merge(node.units, notes.read(body[k + 1 :], node.deadline_texts))
            return para[:k] + "。"
        k = body.find(",", k + 1)
    begin = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(body)] + [len(body)]:
        # The opening runs must hold a verb whole: from the sentence's first verb on.
        first = c.verb_find.search(body, begin, end)
        if first is None:
            begin = end
            continue
        sentence = body[begin:end]
        lowest = first.start() - begin + c.shortest_verb
        k = sentence.rfind(",")
        while k >= lowest:  # the longest opening clauses first, leaving at least one clause
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
            if _is_heading_time(para, end, content):
                node.deadline_texts.append(content)  # (round 32's rule, unchanged by the rewrite)
            continue
        out.append(para[last:start])
        last = end
    out.append(para[last:])
    return "".join(out).rstrip(" ;,")


def stage(doc: Doc) -> Doc:
    if doc.kind != "plan":
        return doc  # only a plan's items carry units (SCHEMA: tasks are a plan's)
    notes = Notes(doc.aliases)
    # The rule said outside any note (in the preamble, or a "注:" line at the end) holds for
    # the whole document; said inside a note ("…,列第一位者为牵头单位,下同)") from there on.
    joined = "\n".join(doc.lines)  # one C-speed scan: most documents state no such rule
    for line in doc.lines if ("第一" in joined or "首位" in joined) else ():
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


@cache
def _old_inline_label():
    """The inline label pattern as it was: the labels as one flat alternation, longest first."""
    labels = unit_labels()
    label_alt = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    return re.compile(rf"。\s*(?=(?:{label_alt})\s*:)")
