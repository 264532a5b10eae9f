"""One record between the engine and the outside: JSON for storage (the web app keeps a
case's fields in one JSON column), a form's raw texts cleaned the way an import cleans a
cell, and the public view with personal names masked."""

from __future__ import annotations

import datetime as dt

from fazhi.registers.checks import check_record
from fazhi.registers.values import parse_value

__all__ = ["clean", "from_json", "public", "to_json"]


def to_json(kind, record: dict) -> dict:
    """Field values as JSON values: dates as YYYY-MM-DD, None for empty; unknown keys dropped."""
    out = {}
    for f in kind.fields:
        value = record.get(f.name)
        out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def from_json(kind, data: dict) -> dict:
    """The inverse of `to_json`: dates back to `datetime.date`."""
    out = {}
    for f in kind.fields:
        value = data.get(f.name)
        if f.type in ("date", "month") and isinstance(value, str) and value:
            value = dt.date.fromisoformat(value)
        out[f.name] = value
    return out


def clean(kind, raw: dict, calendar=None, settings: dict | None = None):
    """A form's texts → (values, errors {field: message}, flags), with the same parsing and
    checks as an import, so a case typed in and a case imported obey the same rules."""
    values: dict = {}
    errors: dict[str, str] = {}
    flags: list[str] = []
    for f in kind.fields:
        if f.name not in raw:
            continue
        try:
            values[f.name], note = parse_value(f, raw[f.name])
        except ValueError as exc:
            errors[f.name] = str(exc)
            continue
        if note:
            flags.append(note)
    if values.get(kind.key) in (None, "") and kind.key in raw:
        errors.setdefault(kind.key, f"请填写{kind.field(kind.key).label}")
    if not errors:
        problems, notes = check_record(kind, values, calendar, settings)
        for name, message in problems:
            errors.setdefault(name or kind.key, message)
        flags.extend(notes)
    return values, errors, flags


def public(kind, record: dict) -> dict:
    """The record as anything public shows it: personal names masked (张三 → 张*)."""
    from fazhi.registers.export import mask_name

    return {
        f.name: mask_name(record.get(f.name))
        if not f.public and record.get(f.name)
        else record.get(f.name)
        for f in kind.fields
    }
