"""Reading 考核 and 示范 indicator systems (考核指标及评分细则, 示范指标体系) into a tree.

    doc = fazhi.indicators.read_system(source)   # a document dict of kind "indicators", or None

A document is an indicator system when one of its tables has level columns with points
and scoring rules (a 任务分工表 has units and deadlines instead), or when its text is laid
out as 一级指标/二级指标 headings with points. The JSON is described in docs/indicators.md.
"""

from __future__ import annotations

import re

from fazhi.docs.base import Source, Table
from fazhi.indicators.rules import read_rule
from fazhi.indicators.table import indicator_tables, read_table, title_rows
from fazhi.indicators.text import read_text, text_form
from fazhi.indicators.tree import Builder
from fazhi.parse.text import clean

__all__ = ["read_rule", "read_system"]

SCHEMA = "fazhi.document/1"
_TITLE_WORDS = re.compile(r"指标|细则|评分|考核|测评|评价|示范")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-—–~]\s*(?:19|20)\d{2}\s*年)")


def _title(source: Source, captions: list[str]) -> str | None:
    texts = [clean(b) for b in source.blocks if isinstance(b, str)][:8]
    for t in [source.title or "", *captions, *texts]:
        t = clean(t)
        if 4 <= len(t) <= 80 and "。" not in t and _TITLE_WORDS.search(t):
            return t
    return None


def _document(source: Source, b: Builder, captions: list[str]) -> dict:
    title = _title(source, captions)
    year = _YEAR.search(title or "")
    return {
        "schema": SCHEMA,
        "kind": "indicators",
        "title": title,
        "issuer": None,
        "issued": source.date,
        "year": int(year.group(1)) if year else None,
        "default_deadline": None,
        "aliases": {},
        "tasks": [],
        "metrics": [],
        "sections": {},
        **b.result(),
    }


def _scored(b: Builder, need_points: bool = True) -> bool:
    """Enough of a system: at least two indicators with points (three without, for a
    示范指标体系 that publishes none)."""
    count = nodes = 0
    stack = list(b.roots)
    while stack:
        n = stack.pop()
        count += n["points"] is not None
        nodes += 1
        stack.extend(n["children"])
    return count >= 2 or (not need_points and nodes >= 3)


def read_system(source: Source) -> dict | None:
    """The indicator system in this document, or None when it is not one."""
    tables = [blk for blk in source.blocks if isinstance(blk, Table)]
    found = indicator_tables(tables)
    if found:
        b = Builder()
        captions: list[str] = []
        for table, lay in found:
            captions += title_rows(table, lay)
            b.end_block()
            b.stack = []
            read_table(table, lay, b)
        if _scored(b, need_points=any(lay.points for _, lay in found)):
            doc = _document(source, b, captions)
            if len(found) > 1:  # e.g. a 共性 sheet and a 个性 sheet: one tree, said so
                doc["warnings"].append(f"文档含{len(found)}张指标表,已按先后顺序合并为一个指标树")
            return doc
    lines = [blk for blk in source.blocks if isinstance(blk, str)]
    form = text_form(lines)
    if form:
        b = read_text(lines, form)
        if _scored(b, need_points=form != "prose"):
            return _document(source, b, [])
    return None
