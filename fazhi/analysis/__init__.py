"""Analyses on the document JSON (SCHEMA.md), for the upper government's view (issue 15).

    from fazhi.analysis import load, compare, coverage, align
    table = compare([load("a.docx"), load("b.pdf")])     # governments × indicators
    result = coverage(load("plan.docx"), load("report.docx"))
    result = align(load("upper.docx"), load("lower.docx"))

Each takes `Loaded` documents (the JSON plus the document's text; `from_doc` wraps a
JSON the web app already holds) and returns the JSON object the command line prints.
Local and explainable: no network, no model files.
"""

from __future__ import annotations

from fazhi.analysis.load import Loaded, from_doc, load

__all__ = ["Loaded", "align", "compare", "coverage", "from_doc", "load"]


def compare(reports: list[Loaded]) -> dict:
    from fazhi.analysis.comparison import compare as _compare

    return _compare(reports)


def coverage(plan: Loaded, report: Loaded) -> dict:
    from fazhi.analysis.cover import coverage as _coverage

    return _coverage(plan, report)


def align(upper: Loaded, lower: Loaded) -> dict:
    from fazhi.analysis.alignment import align as _align

    return _align(upper, lower)
