"""The ordered list of parser stages; each takes the Doc and returns it enriched."""

from fazhi.parse import clean, meta, metrics, outline, sections, tables, tasks, units

STAGES: list = [
    clean.stage,
    outline.stage,
    tables.stage,
    meta.title_stage,
    meta.kind_stage,
    meta.default_deadline_stage,
    units.stage,
    tasks.stage,
    metrics.stage,
    sections.stage,
]
