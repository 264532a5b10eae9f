"""Comparison: annual reports → one table of governments × canonical indicators.

Each cell is the first statement of the indicator in document order (value, unit, approx
flag, the sentence it came from); later different figures for the same key are kept in
"also". A value whose sentence states a scope (口径) from fazhi/data/definitions.tsv is
marked with that scope, so figures counted differently are not read as comparable.
The parser already keys each figure (metrics[].key); this module only arranges them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fazhi.analysis.load import Loaded

SECTION_KEYS = ("achievements", "shortcomings", "first_responsible", "next_year", "other")
# "other" (其他需要报告的情况) is optional in an annual report: not missing when absent.
REQUIRED_SECTIONS = ("achievements", "shortcomings", "first_responsible", "next_year")

# The name a report's title starts with: up to 关于, a year, or the subject words.
_TITLE_GOV_END = re.compile(r"关于|\d{4}年|法治|依法行政|年度")
_LEADING_YEAR = re.compile(r"^\d{4}年度?")


@dataclass(frozen=True)
class Definition:
    key: str
    pattern: re.Pattern
    label: str


@cache
def definitions() -> tuple[Definition, ...]:
    text = resources.files("fazhi.data").joinpath("definitions.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return tuple(
        Definition(r["key"], re.compile(r["pattern"]), r["label"])
        for r in csv.DictReader(lines, delimiter="\t")
    )


def definition_of(key: str | None, sentence: str) -> str | None:
    """The scope a sentence states for the figure of `key`, or None."""
    for d in definitions():
        if d.key == key and d.pattern.search(sentence):
            return d.label
    return None


def government_of(doc: dict) -> str:
    """The reporting government: the issuer, else the name the title starts with, else ""."""
    issuer = (doc.get("issuer") or "").strip()
    if issuer:
        return issuer
    title = _LEADING_YEAR.sub("", (doc.get("title") or "").strip())
    m = _TITLE_GOV_END.search(title)
    name = title[: m.start()] if m else ""
    return name if len(name) >= 2 else ""


def missing_sections(doc: dict) -> list[str]:
    """Required parts of an annual report that the document lacks (SCHEMA `sections`)."""
    sections = doc.get("sections") or {}
    return [k for k in REQUIRED_SECTIONS if not sections.get(k)]


def sentence_of(clause: str, lines: list[str]) -> str:
    """The whole sentence of the document text that holds `clause` (the clause itself when
    the text is not known or does not hold it)."""
    if not clause:
        return clause
    for line in lines:
        i = line.find(clause)
        if i < 0:
            continue
        start = max(line.rfind(c, 0, i) for c in "。!?") + 1
        ends = [j for j in (line.find(c, i + len(clause)) for c in "。!?") if j >= 0]
        end = min(ends) + 1 if ends else len(line)
        return line[start:end].strip()
    return clause


def _cell(metric: dict, lines: list[str]) -> dict:
    clause = metric.get("text") or ""
    text = sentence_of(clause, lines)
    # The scope is read in the figure's own clause and the words before it in the sentence,
    # never after it ("纠错12件,综合纠错率15.4%": the rate's scope is not the count's).
    i = text.find(clause)
    context = text[: i + len(clause)] if i >= 0 else clause
    return {
        "value": metric.get("value"),
        "unit": metric.get("unit"),
        "approx": bool(metric.get("approx")),
        "text": text,
        "definition": definition_of(metric.get("key"), clause)
        or definition_of(metric.get("key"), context),
    }


def _values(loaded: Loaded) -> dict[str, dict]:
    """key → cell for one report: the first statement, the other stated values in "also"."""
    cells: dict[str, dict] = {}
    for metric in loaded.doc.get("metrics") or []:
        key = metric.get("key")
        if not key:
            continue
        cell = cells.get(key)
        if cell is None:
            cells[key] = {**_cell(metric, loaded.lines), "also": []}
            continue
        seen = [(cell["value"], cell["unit"])] + [(a["value"], a["unit"]) for a in cell["also"]]
        if (metric.get("value"), metric.get("unit")) not in seen:
            extra = _cell(metric, loaded.lines)
            cell["also"].append(extra)
    return cells


def document_entry(loaded: Loaded) -> dict:
    doc = loaded.doc
    sections = doc.get("sections") or {}
    return {
        "file": loaded.label,
        "government": government_of(doc) or Path(loaded.label).stem,
        "year": doc.get("year"),
        "sections": {k: bool(sections.get(k)) for k in SECTION_KEYS},
        "missing": missing_sections(doc),
        "issued": doc.get("issued"),
        "title": doc.get("title"),
    }


def compare(reports: list[Loaded]) -> dict:
    """The comparison table (the `fazhi compare --json` object): a row for each indicator that at
    least one report states, in the order of the indicator list."""
    from fazhi.parse.rules import indicators

    per_doc = [(r.label, _values(r)) for r in reports]
    rows = []
    for ind in indicators():
        values = {label: cells[ind.key] for label, cells in per_doc if ind.key in cells}
        if values:  # a key no report states (the register-only ones among them) is no row
            rows.append({"key": ind.key, "name": ind.name, "unit": ind.unit, "values": values})
    return {"documents": [document_entry(r) for r in reports], "rows": rows}
