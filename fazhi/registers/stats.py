"""Statistics by versioned definitions, each figure traced to the records it counts.

A government's settings for a kind may change a parameter (one line: the outcomes that
count as 纠错) or replace a definition outright:

    {"reconsideration": {"correction_outcomes": [..., "调解结案", "和解终止"]}}
    {"reconsideration": {"definitions": {"reconsideration.corrected": {"count": {...},
                                          "definition": "...", "version": "省2025"}}}}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from fazhi.registers import conditions
from fazhi.registers.kinds import Kind, KindError, Statistic

__all__ = [
    "breakdowns",
    "definition_of",
    "definitions",
    "evaluate",
    "fill_totals",
    "member_records",
    "shortfalls",
    "totals_by",
]

_OVERRIDABLE = {"count", "numerator", "denominator", "definition", "version", "source", "unit"}


def definition_of(kind: Kind, key: str, settings: dict | None = None) -> Statistic | None:
    """The statistic `key` as this government defines it (`settings` already per kind)."""
    base = next((s for s in kind.statistics if s.key == key), None)
    override = ((settings or {}).get("definitions") or {}).get(key)
    if not override:
        return base
    bad = set(override) - _OVERRIDABLE
    if bad or base is None:
        raise KindError(
            f"{kind.name} 的口径设置 {key} 无效:{'、'.join(sorted(bad)) or '无此指标'}。"
        )
    changes = dict(override)
    changes.setdefault("version", f"{base.version}+本级设置")
    if "count" in changes:
        changes.setdefault("numerator", None)
        changes.setdefault("denominator", None)
    return dataclasses.replace(base, **changes)


def definitions(kind: Kind, settings: dict | None = None) -> list[Statistic]:
    return [definition_of(kind, s.key, settings) for s in kind.statistics]


def _text(kind: Kind, stat: Statistic, settings: dict) -> str:
    """The definition in words, with the parameters as this government sets them."""
    values = {}
    for name in kind.params:
        v = kind.param(name, settings)
        values[name] = "、".join(map(str, v)) if isinstance(v, list) else str(v)
    try:
        words = stat.definition.format_map(values)
    except (KeyError, ValueError):
        words = stat.definition
    return f"{words}(口径 {stat.version};依据:{stat.source})"


def _percent(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    value = Decimal(numerator * 100) / Decimal(denominator)
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _aggregate(stat: Statistic, counted: list[dict]):
    """How many records; or the total of a field (学时, 万元); or how many different people."""
    if stat.sum:
        total = sum(v for r in counted if _is_number(v := r.get(stat.sum)))
        return round(total, 2) if isinstance(total, float) else total
    if stat.distinct:
        members = set()
        for r in counted:
            value = r.get(stat.distinct)
            members.update(value if isinstance(value, list) else [value] if value else [])
        return len(members)
    return len(counted)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def totals_by(kind: Kind, records, year: int, by: str, value: str | None = None,
              when: dict | None = None, settings: dict | None = None) -> dict:  # fmt: skip
    """{member: total of `value` (or a count)} over the year's records (by the kind's date
    field), a list field counting once for each member: each person's 学时 for the year."""
    ctx = conditions.Context(year=year)
    pred = kind.predicate(when, kind.own_settings(settings)) if when else None
    out: dict = {}
    for r in records:
        if not _in_year(r.get(kind.date_field), year) or (pred and not pred(r, ctx)):
            continue
        members = r.get(by)
        amount = r.get(value) if value else 1
        if not _is_number(amount):
            continue
        for m in members if isinstance(members, list) else [members] if members else []:
            out[m] = out.get(m, 0) + amount
    return {m: round(v, 2) if isinstance(v, float) else v for m, v in out.items()}


def member_records(kind: Kind, records, year: int, by: str) -> dict:
    """{member: [record]} over the year's records (by the kind's date field), a list field
    naming each member once: the sessions each person took part in (学法 register)."""
    out: dict = {}
    for r in records:
        if not _in_year(r.get(kind.date_field), year):
            continue
        members = r.get(by)
        for m in dict.fromkeys(members if isinstance(members, list) else [members] if members else []):
            out.setdefault(m, []).append(r)
    return out


def fill_totals(kind: Kind, records, others_by_kind: dict, year: int,
                settings: dict | None = None) -> list[dict]:  # fmt: skip
    """Copies of `records` with each `total_of` field counted from the other register
    (本年度培训学时 from the 学法 register); records the other register never names get 0.
    A field whose register is not given keeps what was entered."""
    from fazhi.registers.kinds import load_kind

    filled = [f for f in kind.fields if f.total_of and f.total_of["kind"] in others_by_kind]
    if not filled:
        return list(records)
    out = [dict(r) for r in records]
    for f in filled:
        spec = f.total_of
        other = load_kind(spec["kind"])
        totals = totals_by(other, others_by_kind[spec["kind"]], year, spec["by"], spec["sum"],
                           spec.get("when"), settings)  # fmt: skip
        for r in out:
            r[f.name] = totals.get(r.get(spec["match"]), 0)
    return out


def shortfalls(totals: dict, target: float, people=()) -> list[tuple[str, float]]:
    """Who is below `target` (people listed in `people` with nothing count as 0), least first."""
    everyone = dict.fromkeys(people, 0) | totals
    return sorted(((p, v) for p, v in everyone.items() if v < target), key=lambda x: (x[1], x[0]))


def _ref(kind: Kind, record: dict) -> str:
    value = record.get(kind.key)
    return "" if value is None else str(value)


def evaluate(kind: Kind, records, year: int, unit: str | None = None,
             settings: dict | None = None, as_of: dt.date | None = None,
             calendar=None) -> dict:  # fmt: skip
    """{key: {"value", "unit", "definition", "version", "source", "records"}} for the year.

    `records` are dicts of field values; `unit` keeps those whose unit field is that unit;
    `settings` is the government's whole settings dict; `as_of` is the day asked (filing
    "by the day asked"), by default today."""
    own = kind.own_settings(settings)
    ctx = conditions.Context(year=year, as_of=as_of or dt.date.today(), calendar=calendar)
    if unit is not None and kind.unit_field:
        unit = unit.strip()
        records = [r for r in records if str(r.get(kind.unit_field) or "").strip() == unit]
    out = {}
    for stat in definitions(kind, own):
        figure = {"value": None, "unit": stat.unit, "definition": _text(kind, stat, own)}
        figure |= {"version": stat.version, "source": stat.source}
        if stat.is_rate:
            num = kind.predicate(stat.numerator, own)
            den = kind.predicate(stat.denominator, own)
            base = [r for r in records if den(r, ctx)]
            counted = [r for r in base if num(r, ctx)]
            figure["value"] = _percent(len(counted), len(base))
            figure["numerator"], figure["denominator"] = len(counted), len(base)
        else:
            pred = kind.predicate(stat.count, own)
            counted = [r for r in records if pred(r, ctx)]
            figure["value"] = _aggregate(stat, counted)
            ctx.counted[stat.key] = {id(r) for r in counted}
        figure["records"] = [_ref(kind, r) for r in counted]
        out[stat.key] = figure
    return out


def breakdowns(kind: Kind, records, year: int, unit: str | None = None) -> dict:
    """{table title: [(label, count), …]} for the statistics sheet: by outcome, category,
    unit and month, as the kind's `breakdowns` name them. A record belongs to year Y by the
    kind's date field (or the table's own `year_of`)."""
    if unit is not None and kind.unit_field:
        records = [r for r in records if str(r.get(kind.unit_field) or "").strip() == unit]
    out = {}
    for title, spec in kind.breakdowns.items():
        name, year_of = (spec, None) if isinstance(spec, str) else (spec["field"], spec["year_of"])
        f = kind.field(name)
        year_of = year_of or (name if f.type in ("date", "month") else kind.date_field)
        rows = [r for r in records if _in_year(r.get(year_of), year)]
        if f.type in ("date", "month"):
            counts = Counter(r[name].month for r in rows)
            out[title] = [(f"{m}月", counts.get(m, 0)) for m in range(1, 13)]
            continue
        counts = Counter(_label(r.get(name)) for r in rows)
        order = list(f.choices) if f.choices else []
        labels = [c for c in order if c in counts] + sorted(
            (c for c in counts if c not in order), key=lambda c: (-counts[c], c)
        )
        out[title] = [(c, counts[c]) for c in labels]
    return out


def _in_year(value, year: int) -> bool:
    return isinstance(value, dt.date) and value.year == year


def _label(value) -> str:
    if value is None or value == "":
        return "(未填)"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)
