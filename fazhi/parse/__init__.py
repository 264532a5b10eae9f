"""The parser: small stages, each a function from Doc to Doc (see model.py)."""

from __future__ import annotations

from fazhi.docs.base import Source
from fazhi.parse.model import Doc


def stages():
    from fazhi.parse import pipeline

    return pipeline.STAGES


def parse(source: Source) -> dict:
    from fazhi.indicators import read_system

    system = read_system(source)  # an indicator system is not a plan: it has its own reading
    if system is not None:
        return system
    doc = Doc(source=source)
    for stage in stages():
        doc = stage(doc)
    return doc.to_dict()
