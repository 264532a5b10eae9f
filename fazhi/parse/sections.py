"""Stage: which parts required of an annual 法治政府建设 report are present.

A part is present when a heading (a numbered item's lead phrase, or a short line of its own)
names it. 第一责任人 is often a sub-heading inside the achievements part, so every level counts.
"""

from __future__ import annotations

import re
from functools import cache

from fazhi.parse.model import Doc, Node
from fazhi.parse.rules import rules

_DATE_LINE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")  # a dateline or a month, not a part
PARTS = ("achievements", "shortcomings", "first_responsible", "next_year", "other")


def _lead(node: Node) -> str:
    first = node.paras[0] if node.paras else ""
    return first.split("。", 1)[0][:60]


def _headings(doc: Doc) -> tuple[list[str], list[str]]:
    """Top-level headings (and short lines standing alone), and headings at any level."""
    every: list[str] = []

    def walk(node: Node) -> None:
        every.append(_lead(node))
        for child in node.children:
            walk(child)

    for root in doc.roots:
        walk(root)
    # The title ("…工作情况的报告") names the whole report, not its achievements part.
    alone = [
        ln
        for ln in doc.lines
        if len(ln) <= 30 and "。" not in ln and "," not in ln and not _is_title(ln, doc)
    ]
    return [_lead(r) for r in doc.roots] + alone, every + alone


def _is_title(line: str, doc: Doc) -> bool:
    return line == doc.title or line.endswith("报告")


@cache
def _part_words() -> dict[str, tuple[str, ...]]:
    """Each part's heading words (a word with a line break could never be in one heading)."""
    words = rules()["sections"]
    return {p: tuple(w for w in words[p] if "\n" not in w) for p in PARTS}


@cache
def _duty_in_body() -> re.Pattern:
    return re.compile("|".join(rules()["sections"]["first_responsible_body"]))


def detect(doc: Doc) -> dict[str, bool]:
    words = _part_words()
    top, every = _headings(doc)
    # 第一责任人 is often a sub-heading of the achievements; the other parts are top-level
    # ("(三)落实年度工作计划" inside the achievements is no 下一年度 part). A word is in one
    # of the headings when it is in their text joined by line breaks (no word holds one):
    # one `in` per word instead of one per word and heading.
    top_text, every_text = "\n".join(top), "\n".join(every)
    found = {p: any(w in (every_text if p == "first_responsible" else top_text) for w in words[p]) for p in PARTS}
    if not found["next_year"] and doc.year:
        # "三、2026年工作重点" in a report on 2025: the part is named by the next year.
        following = f"{doc.year + 1}年"
        found["next_year"] = any(
            (h.lstrip().startswith(following) or following in h[:12]) and not _DATE_LINE.search(h) for h in top
        )
    if not found["achievements"] and _is_account(doc) and any(w in top_text for w in words["first_responsible"]):
        found["achievements"] = True  # a 述法报告: the duty's part is its account of work done
    if not found["first_responsible"]:
        # The duty reported in a paragraph of another part ("党政主要负责人切实履行…职责").
        found["first_responsible"] = any(_duty_in_body().search(ln) for ln in doc.lines)
    return found


def _is_account(doc: Doc) -> bool:
    """A leader's own account of the duty (述法报告), by its title."""
    title = doc.title or ""
    return any(w in title for w in rules()["sections"]["account_titles"])


def stage(doc: Doc) -> Doc:
    if doc.kind == "report":
        doc.sections = detect(doc)
    return doc
