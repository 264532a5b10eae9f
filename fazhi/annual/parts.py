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


def part_texts(doc) -> dict[str, str]:
    """Each part's text (its lines joined by newlines), from a parsed Doc."""
    from fazhi.parse.sections import _lead

    starts: dict[int, str] = {}

    def walk(node, top: bool) -> None:
        part = _named_part(_lead(node), top)
        if part and node.line not in starts:
            starts[node.line] = part
        for child in node.children:
            walk(child, False)

    for root in doc.roots:
        walk(root, True)
    for i, line in enumerate(doc.lines):  # short heading lines standing alone
        if i not in starts and len(line) <= 30 and "。" not in line and "," not in line:
            part = _named_part(line, True)
            if part:
                starts[i] = part
    order = sorted(starts)
    out: dict[str, list[str]] = {}
    for n, i in enumerate(order):
        end = order[n + 1] if n + 1 < len(order) else len(doc.lines)
        if n + 1 == len(order) and doc.closing:  # the signature and date are no part's text
            end = max(i + 1, len(doc.lines) - len(doc.closing))
        out.setdefault(starts[i], []).extend(doc.lines[i:end])
    return {p: "\n".join(lines) for p, lines in out.items()}
