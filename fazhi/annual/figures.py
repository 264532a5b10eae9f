"""Figures in a draft: typed-by-hand numbers (untraced), and register changes after a freeze.

An approved draft keeps each figure token at its value then; `figure_changes` lists the
tokens whose register value has moved since (to show as differences to accept), and
`accept_changes` takes the new values for the keys the office accepts. Numbers typed into
the text runs are found with the parser's own metric reader and reported as untraced.
"""

from __future__ import annotations

import copy

from fazhi.annual.model import Draft, Figure


def untraced(draft: Draft) -> list[dict]:
    """Quantities written in plain text (not figure tokens): {"part", "text", "value", "unit", "key"}."""
    from fazhi.parse.metrics import metrics_of

    out = []
    for part in draft.parts:
        for para in part.paragraphs:
            for run in para.runs:
                if isinstance(run, str) and run.strip():
                    found, _ = metrics_of(run)
                    out.extend({"part": part.key, "text": m["text"], "value": m["value"], "unit": m["unit"],
                                "key": m["key"]} for m in found)
    return out


def _tokens(draft: Draft) -> list[Figure]:
    return [f for f in draft.figures() if f.key]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


def figure_changes(draft: Draft, figures: dict) -> list[dict]:
    """Register figures (`fazhi stats` "figures") that differ from the draft's tokens."""
    out, seen = [], set()
    for f in _tokens(draft):
        stat = figures.get(f.key)
        if stat is None or f.key in seen or _same(f.value, stat.get("value")):
            continue
        seen.add(f.key)
        out.append({"key": f.key, "name": f.name, "unit": f.unit, "frozen": f.value, "current": stat.get("value")})
    return out


def accept_changes(draft: Draft, figures: dict, keys: set[str] | None = None) -> Draft:
    """A copy of the draft with the register's current values (and records) for `keys`
    (every changed key when None)."""
    new = copy.deepcopy(draft)
    for f in _tokens(new):
        stat = figures.get(f.key)
        if stat is not None and (keys is None or f.key in keys):
            f.value = stat.get("value")
            f.records = stat.get("records", f.records)
            f.definition = stat.get("definition") or f.definition
    return new
