"""Stage: which parts required of an annual 法治政府建设 report are present.

A part is present when a heading (a numbered item's lead phrase, or a short line of its own)
names it. 第一责任人 is often a sub-heading inside the achievements part, so every level counts.
"""

from __future__ import annotations

import re

from fazhi.parse.model import Doc, Node
from fazhi.parse.rules import rules

PARTS = ("achievements", "shortcomings", "first_responsible", "next_year", "other")


def _headings(doc: Doc) -> list[str]:
    out: list[str] = []

    def walk(node: Node) -> None:
        first = node.paras[0] if node.paras else ""
        out.append(re.split(r"[。]", first, maxsplit=1)[0][:60])
        for child in node.children:
            walk(child)

    for root in doc.roots:
        walk(root)
    out += [ln for ln in doc.lines if len(ln) <= 30 and "。" not in ln]
    return out


def stage(doc: Doc) -> Doc:
    if doc.kind != "report":
        return doc
    words = rules()["sections"]
    heads = _headings(doc)
    doc.sections = {p: any(w in h for h in heads for w in words[p]) for p in PARTS}
    return doc
