"""Stage: numbered paragraphs become a tree of items; the leaves are the plan's tasks.

Nesting follows the order in which marker families appear (一、 then (一) then 1. …), as
in every Chinese official document: a family already open on the stack closes everything
below it; a new family opens a level under the current item. Numbering must run on
(n = previous + 1, allowing one skipped number) or start at 1 — or continue the family's
count from an earlier section ("run on across sections") — otherwise the "marker" is just
text (a stray "三、" in a sentence).
"""

from __future__ import annotations

import re

from fazhi.parse.markers import Marker, match_marker
from fazhi.parse.model import Doc, Node
from fazhi.parse.rules import label_line_re
from fazhi.parse.unit_names import _first_chars

UNIT_NOTE_END = re.compile(r"[(（\[【][^()（）\[\]【】]{1,200}?(负责|配合|牵头|落实|参与|协助|主办|协办|协同|单位|部门|科室|股室|处室)[^()（）\[\]【】]{0,40}[)）\]】]\s*[。.;；]?$")


# What a line ending with a unit note ends with: a closing bracket, a stop after it, or spaces.
_STOPS = frozenset("。.;；")
_NOTE_TAIL = frozenset(")）]】") | _STOPS
# The run of bracket-free characters at a position (of the reversed line: the note's words).
_NO_BRACKETS = re.compile(r"[^()（）\[\]【】]*")


def _ends_with_note(line: str) -> bool:
    """UNIT_NOTE_END.search(line), tried at the one place it can match. The note's closing
    bracket is the last character before an optional stop; its words hold no bracket, so its
    opening bracket is the nearest bracket before that: found by one C-speed match over the
    reversed line, instead of a search that tries the pattern at every bracket of the line."""
    last = line[-1:]
    if last not in _NOTE_TAIL and not last.isspace() and last:
        return False  # the common case, told by the last character alone
    if last in _STOPS and line[-2:-1] not in _NOTE_TAIL and not line[-2:-1].isspace():
        return False  # "…。" after a word, not after a closing bracket
    t = line.rstrip()
    if t[-1:] in ("。", ".", ";", "；"):
        t = t[:-1].rstrip()
    if t[-1:] not in (")", "）", "]", "】"):
        return False
    i = len(t) - 1 - _NO_BRACKETS.match(t[::-1], 1).end()  # type: ignore[union-attr]  # the nearest bracket before the last
    return i >= 0 and t[i] in "(（[【" and UNIT_NOTE_END.match(line, i) is not None


# A note list under the items or a table: "注:1.…" / "说明:" alone, then "2.…" lines.
NOTES_START = re.compile(r"^(?:注|备注|说明|填表说明|填报说明)[:：]\s*(?:\d+[.、．]|$)")
# The characters NOTES_START can start with: it is tried only at lines starting with one.
_NOTES_FIRST = frozenset(_first_chars(NOTES_START.pattern.removeprefix("^")) or "")
assert _NOTES_FIRST, "NOTES_START must open with plain words"
_DATELINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
CLOSING = re.compile(r"^(各[级地部单镇乡区县市有相牵责科股处]|全[省市县区镇]各|本(计划|方案|要点|意见|规划|通知)|以上|上述|请各|此件|附件[:：\d]|抄送|联系人|注[:：])")


def _accept(m: Marker, stack: list[Node], last_num: dict[str, int], first: bool) -> int | None:
    """Depth at which this marker opens an item, or None when it is not a real marker."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].kind == m.family:
            prev = stack[depth].number
            return depth if prev < m.number <= prev + 2 else None
    # A new level under the current item.
    last = last_num.get(m.family, -1)
    if m.number == 1 or last + 1 <= m.number <= last + 2:  # one skipped number is a typo
        return len(stack)
    if first and m.number <= 5:
        return 0
    return None


def build(lines: list[str], marks: list[Marker | None] | None = None) -> tuple[list[Node], list[str], list[int]]:
    """The items of `lines`; `marks`, when given, is match_marker of each line (clean's memo)."""
    if marks is None:
        marks = [match_marker(line) for line in lines]
    roots: list[Node] = []
    stack: list[Node] = []
    last_num: dict[str, int] = {}
    preamble: list[str] = []
    orphans: list[int] = []
    notes: str | None = None  # inside a note list: its numbers are no items
    for i, line in enumerate(lines):
        if line[:1] in _NOTES_FIRST and NOTES_START.match(line):
            notes = "arabic"
        m = marks[i]
        if m and notes:
            m = None if m.family == notes else m
            notes = notes if m is None else None
        depth = _accept(m, stack, last_num, not roots) if m else None
        if depth is None:
            _continue(stack, preamble, orphans, i, line)
            continue
        del stack[depth:]
        parent = stack[-1] if stack else None
        family, number, label, end = m  # type: ignore[misc]  # one unpacking, not four attribute look-ups
        text = line[end:]
        node = Node(label, family, [text], parent, i, False, False, number)  # positional: quicker
        node.closed = _ends_with_note(text)
        (parent.children if parent else roots).append(node)
        stack.append(node)
        last_num[family] = number
    return roots, preamble, orphans


def _continue(stack: list[Node], preamble: list[str], orphans: list[int], i: int, line: str) -> None:
    if not stack:
        preamble.append(line)
        return
    node = stack[-1]
    if node.closed and not label_line_re().match(line):
        orphans.append(i)  # after an item's unit note: closing words, not the item's own
        return
    node.paras.append(line)
    if _ends_with_note(line):
        node.closed = True


def stage(doc: Doc) -> Doc:
    memo = doc.line_markers
    # (the memo holds the lines it was made for: a list changed since is matched afresh)
    marks = memo[1] if memo is not None and memo[0] == doc.lines else None
    roots, preamble, orphans = build(doc.lines, marks)
    doc.roots = roots
    doc.preamble = preamble
    doc.orphans = orphans
    _trim_closing(doc)
    return doc


def _trim_closing(doc: Doc) -> None:
    """The last item's trailing paragraphs that close the document are not its own."""
    leaves = doc.leaves()
    if not leaves:
        return
    last = leaves[-1]
    # A last item that is only a heading ("三、加强组织保障") has its body below when that body
    # tells the units what to do ("各地各部门要…"); "本规划由…组织实施" still closes the document.
    bare = len(last.paras) > 1 and len(last.paras[0]) <= 20 and not any(c in last.paras[0] for c in "。;；")
    labels = label_line_re()
    for k in range(1, len(last.paras)):
        para = last.paras[k]
        if (CLOSING.match(para) and not (bare and k == 1 and para[0] in "各全")) or (
                not labels.match(para) and (_looks_like_signature(para) or labels.match(last.paras[k - 1]))):
            # (a paragraph after the item's label lines, "牵头单位:X / 完成时间:Y", is the closing's:
            # the labels end an item written so)
            doc.closing = last.paras[k:] + doc.closing
            del last.paras[k:]
            break


def _looks_like_signature(p: str) -> bool:
    return len(p) < 60 and bool(_DATELINE.search(p)) and "。" not in p
