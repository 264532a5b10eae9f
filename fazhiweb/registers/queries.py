"""Reading the registers: cases as the core's records, their clocks (by the one clock) and their
statistics (by the core's definitions with the government's settings). No writes here."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.db.models import Count

from fazhi import registers as core
from fazhiweb.accounts.models import Government
from fazhiweb.core.clock import WorkCalendar
from fazhiweb.directory.models import Unit
from fazhiweb.registers.models import Case, RegisterSettings

# The kinds of issue 11 come first on every page; the others follow in name order.
FIRST_KINDS = ("reconsideration", "litigation", "normative_doc")
SOON_DAYS = 7  # calendar days: a clock due within a week is "due soon"


def kinds() -> list:
    names = core.kind_names()
    ordered = [n for n in FIRST_KINDS if n in names] + [n for n in names if n not in FIRST_KINDS]
    return [core.load_kind(n) for n in ordered]


def kind_or_none(name: str):
    return core.load_kind(name) if name in _NAMES() else None


_NAMES = functools.cache(lambda: frozenset(core.kind_names()))


def calendar() -> WorkCalendar:
    """The one clock's working-day calendar: register clocks count days with it."""
    return WorkCalendar()


def settings_of(government_id: int) -> dict:
    row = RegisterSettings.objects.filter(government_id=government_id).first()
    return dict(row.values) if row else {}


def known_unit_names(government_id: int) -> set[str]:
    names: set[str] = set()
    for unit in Unit.objects.filter(government_id=government_id):
        names.update(unit.names())
    # the governments below are parties the government deals with (报备机关 in its 备案审查 register)
    names.update(Government.objects.filter(parent_id=government_id).values_list("name", flat=True))
    return names


def record_of(kind, case: Case) -> dict:
    return core.from_json(kind, case.values)


def records_by_kind(cases) -> dict[str, list[dict]]:
    """{kind name: [record]} for a queryset (or a list) of cases; each record remembers its case
    id under `_case` (the core ignores keys that are not fields). A queryset is read as rows of
    (id, kind, values): no model instance per case."""
    rows = (cases.values_list("id", "kind", "values") if hasattr(cases, "values_list")
            else ((c.pk, c.kind, c.values) for c in cases))
    return _grouped(rows)


def _grouped(rows) -> dict[str, list[dict]]:
    """records_by_kind over (id, kind, values) rows."""
    out: dict[str, list[dict]] = {}
    for pk, name, values in rows:
        kind = kind_or_none(name)
        if kind is None:
            continue
        record = core.from_json(kind, values)
        record["_case"] = pk
        out.setdefault(name, []).append(record)
    return out


def cases_of(government_id: int, kind: str | None = None):
    qs = Case.objects.filter(government_id=government_id)
    return qs.filter(kind=kind) if kind else qs


def total_sources(government_id: int, names) -> dict[str, list[dict]]:
    """The other registers the kinds `names` count a field from ({"training": [record]} for the
    officers' 学时), read from the whole government: hours count every session attended."""
    wanted = {f.total_of["kind"] for n in names if (k := kind_or_none(n)) for f in k.fields if f.total_of}
    return records_by_kind(cases_of(government_id).filter(kind__in=wanted).order_by("id")) if wanted else {}


def figures(government_id: int, year: int, unit: str | None = None, kind: str | None = None,
            as_of: dt.date | None = None, cases=None, grouped=None, settings=None) -> dict:
    """{KEY: figure} over the government's registers (or one kind, or the cases a viewer sees;
    or `grouped`, those cases already read by records_by_kind) for `year`; officers' 学时 count
    from the government's whole 学法 register."""
    whole = cases is None and kind is None and grouped is None
    if grouped is None:
        grouped = records_by_kind((cases if cases is not None else cases_of(government_id, kind)).order_by("id"))
    sources = grouped if whole else {**grouped, **total_sources(government_id, grouped)}
    settings = settings_of(government_id) if settings is None else settings
    return core.figures(grouped, year, unit, settings, as_of, calendar(), sources=sources)


def leadership(government_id: int, year: int) -> list[dict]:
    """The annual report's 第一责任人 records (the `leadership` input of fazhi.annual's draft)
    from the government's meeting and 学法 registers."""
    from fazhi.registers.summary import LEADERSHIP

    cases = cases_of(government_id).filter(kind__in=tuple(LEADERSHIP)).order_by("id")
    return core.leadership(records_by_kind(cases), year)


def person_totals(government_id: int, kind, f, year: int, settings: dict | None = None) -> dict | None:
    """{person: total} of the field `f` counted from its other register (officers' 学时 from
    the 学法 register) for `year`; None when the government keeps none of that register."""
    spec = f.total_of
    records = total_sources(government_id, [kind.name]).get(spec["kind"])
    if not records:
        return None
    other = core.load_kind(spec["kind"])
    settings = settings_of(government_id) if settings is None else settings
    return core.totals_by(other, records, year, spec["by"], spec["sum"], spec.get("when"), settings)


def total_target(government_id: int, kind, f, settings: dict | None = None):
    """The target a counted total is held against (60学时), as this government sets it."""
    target = f.total_of.get("target") if f is not None and f.total_of else None
    if not target:
        return None
    return kind.param(target, kind.own_settings(settings_of(government_id) if settings is None else settings))


def clocked(cases):
    """Only the cases of kinds that have statutory clocks (学法, 会议 … have none): not read for
    clocks at all."""
    return cases.filter(kind__in=_CLOCKED())


_CLOCKED = functools.cache(lambda: tuple(k.name for k in kinds() if k.clocks))


def open_clock_states(cases, as_of: dt.date, settings: dict, grouped=None) -> list:
    """Every open clock of the cases (or of `grouped`, the cases already read by
    records_by_kind), the most urgent first, with `case_id` set on each."""
    cal = calendar()
    out = []
    if grouped is None:
        grouped = records_by_kind(cases.order_by("id") if hasattr(cases, "order_by") else cases)
    for name, records in grouped.items():
        kind = core.load_kind(name)
        by_ref = {str(r.get(kind.key)): r["_case"] for r in records}
        for state in core.open_clocks(kind, records, cal, as_of, settings):
            state.case_id = by_ref.get(state.ref or "")
            out.append(state)
    out.sort(key=lambda s: (s.due is None, s.due or as_of))
    return out


def is_soon(state, as_of: dt.date, days: int = SOON_DAYS) -> bool:
    return state.status != "late" and state.due is not None and (state.due - as_of).days <= days


@dataclass
class UnitCounts:
    unit: str
    late: int = 0
    soon: int = 0
    open: int = 0
    named: bool = True  # False: the cases name no unit (the row links nowhere)


@dataclass
class KindOverview:
    kind: object
    cases: int = 0
    late: int = 0
    soon: int = 0
    units: list[UnitCounts] = field(default_factory=list)


def overview(government_id: int, as_of: dt.date) -> list[KindOverview]:
    """Every kind: how many cases, late and due-soon clocks, per unit (as the cases name it)."""
    settings = settings_of(government_id)
    counts = dict(cases_of(government_id).order_by().values_list("kind").annotate(n=Count("id")))
    by_kind: dict[str, list] = {}
    for s in open_clock_states(clocked(cases_of(government_id)), as_of, settings):
        by_kind.setdefault(s.kind, []).append(s)
    out = []
    for kind in kinds():
        ov = KindOverview(kind, counts.get(kind.name, 0))
        per: dict[str, UnitCounts] = {}
        for s in by_kind.get(kind.name, ()):
            row = per.setdefault(s.unit or "(未填单位)", UnitCounts(s.unit or "(未填单位)", named=bool(s.unit)))
            row.open += 1
            if s.status == "late":
                row.late += 1
                ov.late += 1
            elif is_soon(s, as_of):
                row.soon += 1
                ov.soon += 1
        ov.units = sorted(per.values(), key=lambda u: (-u.late, -u.soon, u.unit))
        out.append(ov)
    return out


def pending_for_unit(government_id: int, unit_id: int | None, as_of: dt.date) -> list:
    """The late and due-soon clocks of the cases a unit keeps (None: the government's own)."""
    cases = clocked(cases_of(government_id).filter(unit_id=unit_id))
    states = open_clock_states(cases, as_of, settings_of(government_id))
    return [s for s in states if s.status == "late" or is_soon(s, as_of)]


def pending_by_unit(as_of: dt.date, government_id: int | None = None) -> dict[int | None, list]:
    """{owner unit id: late and due-soon clocks} over every government (or one): the reminder
    digest's register lines."""
    govs = Case.objects.order_by().values_list("government_id", flat=True).distinct()
    if government_id is not None:
        govs = [government_id]
    out: dict = {}
    for gid in govs:
        settings = settings_of(gid)
        by_unit: dict = {}
        for case in clocked(cases_of(gid)).filter(unit__isnull=False).order_by("id").values_list("id", "kind", "values",
                                                                                       "unit_id"):
            by_unit.setdefault(case[3], []).append(case[:3])
        for unit_id, rows in by_unit.items():
            states = open_clock_states(None, as_of, settings, grouped=_grouped(rows))
            pending = [s for s in states if s.status == "late" or is_soon(s, as_of)]
            if pending and unit_id is not None:
                out[unit_id] = pending
    return out
