"""A part of the draft as the editor's Markdown, and back.

One paragraph per block (blocks separated by a blank line); `### ` starts a numbered
sub-heading; a block starting with `[保密]` is an internal passage (dropped from the public
version). Figures are tokens: `{{fig:KEY}}` for a register figure (KEY as `fazhi stats` and
indicators.tsv name it), `{{fig:~N}}` for the part's N-th figure without a key (a unit's own
figure, a count of the leaders' records) — kept from the part as it was. A number typed
into the text is not a token: `fazhi.annual.figures.untraced` finds it.

    text = to_markdown(part)
    part, errors = from_markdown(text, part, figures)   # figures: `fazhi stats` "figures"
"""

from __future__ import annotations

import copy
import re

from fazhi.annual.model import Figure, Paragraph, Part

TOKEN = re.compile(r"\{\{fig:([^{}\s]+)\}\}")
INTERNAL = "[保密]"
HEADING = "### "


def _unkeyed(part: Part) -> list[Figure]:
    return [f for p in part.paragraphs for f in p.figures() if not f.key]


def to_markdown(part: Part) -> str:
    n = 0
    blocks = []
    for para in part.paragraphs:
        out = []
        for run in para.runs:
            if isinstance(run, Figure):
                if run.key:
                    out.append(f"{{{{fig:{run.key}}}}}")
                else:
                    n += 1
                    out.append(f"{{{{fig:~{n}}}}}")
            else:
                out.append(run)
        text = "".join(out)
        if para.style == "heading2":
            text = HEADING + text
        if para.internal:
            text = f"{INTERNAL}{text}"
        blocks.append(text)
    return "\n\n".join(blocks)


def from_markdown(text: str, old: Part, figures: dict | None = None) -> tuple[Part, list[str]]:
    """The part as edited, and the messages for tokens that name no figure. A keyed token
    keeps the part's own token (its value frozen or drafted) when the part had it, else takes
    the register's current value."""
    from fazhi.annual.draft import register_figure

    figures = figures or {}
    keyed = {f.key: f for p in old.paragraphs for f in p.figures() if f.key}
    unkeyed = _unkeyed(old)
    errors: list[str] = []
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        block = " ".join(line.strip() for line in block.splitlines()).strip()
        if not block:
            continue
        internal = block.startswith(INTERNAL)
        block = block.removeprefix(INTERNAL).strip()
        style = "body"
        if block.startswith(HEADING.strip()):
            style, block = "heading2", block.lstrip("#").strip()
        runs: list = []
        pos = 0
        for m in TOKEN.finditer(block):
            if m.start() > pos:
                runs.append(block[pos:m.start()])
            ref = m.group(1)
            fig = None
            if ref.startswith("~") and ref[1:].isdigit() and 0 < int(ref[1:]) <= len(unkeyed):
                fig = copy.deepcopy(unkeyed[int(ref[1:]) - 1])
            elif ref in keyed:
                fig = copy.deepcopy(keyed[ref])
            elif ref in figures and figures[ref].get("value") is not None:
                fig = register_figure(ref, figures[ref])
            if fig is None:
                errors.append(f"数据引用 {m.group(0)} 不存在:请从右侧数据列表中选择,或删除该引用。")
                runs.append(m.group(0))
            else:
                runs.append(fig)
            pos = m.end()
        if pos < len(block):
            runs.append(block[pos:])
        paragraphs.append(Paragraph(runs, style=style, draft=False, internal=internal,
                                    placeholder=block == "待补充"))
    return Part(old.key, old.heading, paragraphs), errors
