"""The parser: small stages, each a function from Doc to Doc (see model.py)."""

from __future__ import annotations

from fazhi.docs.base import Source
from fazhi.parse.model import Doc


def stages():
    from fazhi.parse import pipeline

    return pipeline.STAGES


def parse(source: Source) -> dict:
    doc = Doc(source=source)
    for stage in stages():
        doc = stage(doc)
    return doc.to_dict()
