"""Fazhi reads 法治政府建设 documents and runs the plan → progress → supervision cycle.

The public API that the CLI and the web app call:

    source = fazhi.read_document("plan.docx")   # any supported format → Source
    doc = fazhi.parse_source(source)           # Source → document dict (SCHEMA.md)
    doc = fazhi.parse_file("plan.docx")        # both steps
    text = fazhi.to_json(doc)
"""

from __future__ import annotations

import json
from pathlib import Path

from fazhi import _fast  # noqa: F401  (first: loads the compiled parser while it is current)
from fazhi.docs import Source, Table
from fazhi.docs import read as read_document
from fazhi.errors import DocumentError, FazhiError

__version__ = "0.1.0"
__all__ = [
    "DocumentError",
    "FazhiError",
    "Source",
    "Table",
    "parse_file",
    "parse_source",
    "parse_text",
    "read_document",
    "to_json",
]


def parse_source(source: Source) -> dict:
    from fazhi.parse import parse

    return parse(source)


def parse_text(text: str) -> dict:
    return parse_source(Source(blocks=text.splitlines()))


def parse_file(path: str | Path) -> dict:
    return parse_source(read_document(path))


def to_json(doc: dict, indent: int | None = 2) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=indent)
