"""The tasks stage as it read items before the one-walk rewrite (session 22): the oracle that
test_tasks_stage_paths.py compares the rewritten stage against. Not used by fazhi.

Stage: the outline's leaves become the plan's tasks (SCHEMA.md `tasks`)."""

# ruff: noqa
from __future__ import annotations

import re

from fazhi.parse.dates import _may_hold_date, dates_in, find_deadlines, month_cell_deadlines
from fazhi.parse.model import Doc, Node

# An item's title: up to its first 。 or :, when that comes within 40 characters and before any
# other stop. The run takes every character it can, never gives one back (possessive: 。 and :
# are outside it, so a shorter run could not be followed by one): one pass, no backtracking.
_TITLE = re.compile(r"^([^。,;:!?]{2,40}+)[。:](?=.)")


def _title(text: str) -> str | None:
    m = _TITLE.match(text)
    return m.group(1) if m else None


def _heading(node: Node) -> str | None:
    root = node.root()
    if root is node:
        return None
    # The heading line only: an introductory paragraph under it is not part of the heading.
    text = root.paras[0] if root.paras else ""
    return (_title(text) or text[:60]).rstrip("。") or None


def deadlines_for(node: Node, text: str, doc: Doc, read: dict[str, list[dict]] | None = None,
                  lineage: list[Node] | None = None, dated: bool | None = None) -> list[dict]:
    """`read` keeps one document's 完成时限 lines already read: a section's line is shared by
    all its items (the dates are copied, each task owns its own). `lineage` is node.lineage()
    when the caller has it; `dated` what _may_hold_date(text) said when the caller asked."""
    extra: list[dict] = []
    for n in lineage or node.lineage():  # a section's 完成时限 too
        for line in n.deadline_texts:
            if read is None:
                _add_new(extra, _line_deadlines(line, doc))
                continue
            if line not in read:
                read[line] = _line_deadlines(line, doc)
            _add_new(extra, [dict(d) for d in read[line]])
    # A task table's 完成时限 column states the row's deadlines; dates in the task's wording
    # ("每年3月底前报送上年度报告") describe the duty and would repeat or contradict the column.
    # A blank cell leaves the wording to speak.
    if node.dated_by_column and extra:
        return extra
    found: list[dict] = []
    if dated is None:
        _add_new(found, find_deadlines(text, doc.year, doc.issued))
    elif dated:
        _add_new(found, dates_in(text, doc.year, doc.issued))
    _add_new(found, extra)
    return found


def _line_deadlines(line: str, doc: Doc) -> list[dict]:
    """The dates of a 完成时限 cell or label line; one of months only ("6月、12月") too."""
    found = month_cell_deadlines(line, doc.year)
    _add_new(found, find_deadlines(line, doc.year, doc.issued))
    if not found and (m := _YEAR_ONLY.fullmatch(line.strip())):
        # A time of only a year ("检查验收阶段(2025年)", a 完成时限 cell "2025年"): its end, as 全年.
        found.append({"date": f"{m.group(1)}-12-31", "text": line.strip(), "recurring": None})
    return found


_YEAR_ONLY = re.compile(r"(\d{4})年(?:度|内|全年)?(?:底前|内)?")


def _add_new(found: list[dict], more) -> None:
    for d in more or []:
        if all(d["date"] != f["date"] for f in found):
            found.append(d)


def _has_deadline_lines(roots: list[Node]) -> bool:
    """Whether any item or section holds a 完成时限 line or cell (most documents: none)."""
    stack = list(roots)
    while stack:
        n = stack.pop()
        if n.deadline_texts:
            return True
        stack.extend(n.children)
    return False


def stage(doc: Doc) -> Doc:
    if doc.kind != "plan":
        return doc
    from fazhi.parse.quantities import find_targets, numeral_pairs

    leaves = doc.leaves()
    # Per item, written out (leaf.text, _title): no call per item for each. An item's text
    # drops the catch-all sentence (its date is the document's default, not the item's).
    raw = ["".join(leaf.paras) for leaf in leaves]
    title = _TITLE.match
    titles = [m.group(1) if (m := title(t)) else None for t in raw]
    # Titles are a document's habit: when most items open with a short phrase, they are titles.
    use_titles = len(titles) - titles.count(None) >= max(2, len(leaves) // 2)
    headings: dict[int, str | None] = {}  # by id of the top-level section: read once
    read: dict[str, list[dict]] = {}
    catch_all = doc.catch_all
    texts = [t.replace(catch_all, "").strip() if catch_all and catch_all in t else t.strip() for t in raw]
    pairs = numeral_pairs(texts)  # one scan of all the items for the numerals of their targets
    lines = _has_deadline_lines(doc.roots)
    # Siblings share their parent's path and top-level section: worked out once per parent
    # (by id) instead of walking each leaf's lineage.
    above: dict[int, tuple[list[str], Node]] = {}
    for leaf, text, title, text_pairs in zip(leaves, texts, titles, pairs, strict=True):
        parent = leaf.parent
        if parent is None:
            path, root = [leaf.label], leaf
        else:
            if id(parent) not in above:
                chain = parent.lineage()
                above[id(parent)] = [n.label for n in reversed(chain)], chain[-1]
            prefix, root = above[id(parent)]
            path = [*prefix, leaf.label]
        if id(root) not in headings:
            headings[id(root)] = _heading(leaf)
        dated = _may_hold_date(text)  # the date gate, run once for the item
        doc.tasks.append(
            {
                "path": path,
                "heading": headings[id(root)],
                "title": title if use_titles else None,
                "text": text,
                "units": leaf.units,
                # Without a 完成时限 line and a date word in the text (most items): no deadline,
                # decided here by the date gate instead of two calls down.
                "deadlines": deadlines_for(leaf, text, doc, read, dated=dated) if lines or dated else [],
                # No numeral pair and no 量化指标 cell: no target (most items), without the call.
                "targets": find_targets(text, leaf.target_texts, text_pairs) if text_pairs or leaf.target_texts else [],
            }
        )
    _drop_early_default(doc)
    return doc


def _drop_early_default(doc: Doc) -> None:
    """A default read from the title's year (no catch-all sentence) that ends before every date
    the items state bounds none of them: "关于做好2026年度报告工作的通知" with work due in 2027."""
    if not doc.default_deadline or doc.catch_all or doc.meta.get("default_deadline"):
        return
    dates = [d["date"] for t in doc.tasks for d in t["deadlines"]]
    if dates and min(dates) > doc.default_deadline:
        doc.default_deadline = None
