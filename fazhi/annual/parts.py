"""A report read for the annual audit: the parser's document JSON, its lines, and the text
of each of the five parts.

Which parts are present is the parser's answer (its `sections` stage), whatever kind the
parser guesses: for a file it did not take for a report the sections stage is run on it
as a report. The part texts are cut from the parser's own outline: a part runs from the
node (or standing-alone heading line) that names it with the parser's wording list
(extraction.toml [sections]) to the next node naming a part. When the parser learns to
hand out part spans itself, `part_texts` should read them instead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.parse.sections import PARTS


@dataclass
class Report:
    label: str
    doc: dict
    lines: list[str] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)  # part key → its text ("" unknown)

    @property
    def sections(self) -> dict[str, bool]:
        return {p: bool((self.doc.get("sections") or {}).get(p)) for p in PARTS}


def read_report(path: str | Path) -> Report:
    """Read any file the readers take and parse it through the parser's stages."""
    import fazhi

    return from_source(fazhi.read_document(Path(path)), str(path))


def from_text(text: str, label: str = "") -> Report:
    from fazhi.docs import Source

    return from_source(Source(blocks=text.splitlines()), label)


def from_source(source, label: str = "") -> Report:
    from fazhi.parse import sections, stages
    from fazhi.parse.model import Doc

    doc = Doc(source=source)
    for stage in stages():
        doc = stage(doc)
    if doc.kind != "report":  # check the parts anyway: the file was given as a report
        doc.sections = sections.stage(dataclasses.replace(doc, kind="report")).sections
    data = doc.to_dict()
    texts = part_texts(doc)
    parts = {p: (texts.get(p, "") if data["sections"].get(p) else "") for p in PARTS}
    return Report(label=label, doc=data, lines=list(doc.lines), parts=parts)


def _named_part(heading: str, top: bool) -> str | None:
    from fazhi.parse.rules import rules

    words = rules()["sections"]
    for part in PARTS:
        if (top or part == "first_responsible") and any(w in heading for w in words[part]):
            return part
    return None


def _starts(doc) -> list[tuple[int, int, str]]:
    """(line, depth, part) of every heading that names a part, in document order: outline
    nodes at any depth (第一责任人 is often a sub-heading), and short lines standing alone."""
    from fazhi.parse.sections import _lead

    found: dict[int, tuple[int, str]] = {}

    def walk(node, depth: int) -> None:
        part = _named_part(_lead(node), depth == 0)
        if part and node.line not in found:
            found[node.line] = (depth, part)
        for child in node.children:
            walk(child, depth + 1)

    for root in doc.roots:
        walk(root, 0)
    first = doc.roots[0].line if doc.roots else 0  # lines before the outline: title, 主送, preamble
    for i, line in enumerate(doc.lines):
        if i in found or i < first or line == doc.title or len(line) > 30 or "。" in line or "," in line:
            continue
        part = _named_part(line, True)
        if part:
            found[i] = (0, part)
    return sorted((i, d, p) for i, (d, p) in found.items())


def _node_depths(doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []

    def walk(node, depth: int) -> None:
        out.append((node.line, depth))
        for child in node.children:
            walk(child, depth + 1)

    for root in doc.roots:
        walk(root, 0)
    return sorted(out)


def part_texts(doc) -> dict[str, str]:
    """Each part's text (its lines joined by newlines), from a parsed Doc. A part named by a
    sub-heading runs to the end of that item; its enclosing part resumes after it."""
    starts = _starts(doc)
    nodes = _node_depths(doc)
    last = len(doc.lines) - len(doc.closing) if doc.closing else len(doc.lines)
    spans = []
    for n, (i, depth, part) in enumerate(starts):
        end = next((j for j, d, _p in starts[n + 1:] if j > i and d <= depth), None)
        if depth:
            end = min(x for x in (end, next((j for j, d in nodes if j > i and d <= depth), None), last)
                      if x is not None)
        spans.append((i, end if end is not None else max(last, i + 1), part))
    owner: dict[int, str] = {}
    for i, end, part in spans:  # later (inner) spans overwrite the enclosing part's lines
        for k in range(i, end):
            owner[k] = part
    out: dict[str, list[str]] = {}
    for k in sorted(owner):
        out.setdefault(owner[k], []).append(doc.lines[k])
    return {p: "\n".join(lines) for p, lines in out.items()}
