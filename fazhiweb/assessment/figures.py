"""The figures an indicator can be bound to, for every unit of a government at once.

- Register figures (出庭应诉率, 备案率, 纠错率, 学时 …): keys of fazhi/data/indicators.tsv,
  read through `register_figures`, the one seam to the registers app. Without that app
  it returns nothing and bound register indicators stay unscored (shown as 无数据).
- Ledger figures: the unit's tasks done on time and the 督办 notices open past reply-by,
  counted from the plans and supervision apps in a few set-based queries.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.db.models import Count, Q

from fazhiweb.assessment.rules import ledger_keys


@functools.lru_cache(maxsize=1)
def register_keys() -> dict[str, str]:
    """{key: name} of the canonical indicator list (fazhi/data/indicators.tsv)."""
    import fazhi

    path = Path(fazhi.__file__).parent / "data" / "indicators.tsv"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) > 1 and cells[0] != "key":
                out[cells[0]] = cells[1]
    return out


def register_figures(government, unit, year: int) -> dict:
    """{key: {"value", "records", …}} of the registers for (government, unit, year) — the whole
    government's registers when `unit` is None; {} without the registers app."""
    if not apps.is_installed("fazhiweb.registers"):
        return {}
    try:
        from fazhiweb.registers import queries
    except ImportError:
        return {}
    figs = queries.figures(government.pk if hasattr(government, "pk") else government, year,
                           unit=unit.name if unit is not None else None)
    return {k: (f if isinstance(f, dict) else {"value": f}) for k, f in figs.items()}


def register_figures_for(government, units, year: int) -> dict[int, dict]:
    """{unit id: {key: figure}} for the units of a round (the seam called once per unit)."""
    if not apps.is_installed("fazhiweb.registers"):
        return {}
    return {u.pk: register_figures(government, u, year) for u in units}


def lower_register_figures(government_ids, year: int) -> dict[int, dict]:
    """{government id: {key: figure}}: a lower government's own registers, all its units."""
    if not apps.is_installed("fazhiweb.registers"):
        return {}
    return {g: register_figures(g, None, year) for g in government_ids}


def _ledger(assignments, notices, group: str, notice_group: str, keys, today: dt.date) -> dict[int, dict]:
    """The ledger keys per group (a unit, or a whole government): the share of assignments done
    on time among those due by today or done, those overdue, notices open past reply-by."""
    from fazhiweb.core.clock import local_date
    from fazhiweb.progress.due import (
        DONE,
        OVERDUE,
        DueCalculator,
        open_assignments,
        ticks_of,
        with_acceptance,
    )
    from fazhiweb.supervision.models import OPEN_STATES

    out: dict[int, dict] = {k: {} for k in keys}
    calc = DueCalculator(today)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # done on time, due, overdue
    rows = with_acceptance(open_assignments(assignments).order_by()).values_list(
        group, "task__deadlines", "task__plan__default_deadline", "sv_accepted_status", "sv_accepted_at",
        "sv_accepted_ticks")
    for key, deadlines, default, status, at, ticks in rows:
        due = calc.deadline(deadlines, default, ticks_of(ticks))
        st = calc.status(due, status, at)
        c = counts[key]
        if st.state == DONE:
            c[1] += 1
            late = due.date is not None and at is not None and local_date(at) > due.date
            c[0] += 0 if late else 1
        elif st.state == OVERDUE:
            c[1] += 1
            c[2] += 1
    for key, (ok, due_n, overdue) in counts.items():
        out[key]["ledger.on_time_rate"] = round(100.0 * ok / due_n, 2) if due_n else None
        out[key]["ledger.overdue_tasks"] = overdue
    late = (notices.values(notice_group).annotate(n=Count("id", filter=Q(state__in=OPEN_STATES, reply_by__lt=today))))
    for row in late:
        out[row[notice_group]]["ledger.notices_overdue"] = row["n"]
    for k in out:
        out[k].setdefault("ledger.notices_overdue", 0)
        out[k].setdefault("ledger.overdue_tasks", 0)
    return out


def ledger_figures_for(government_id: int, unit_ids, year: int, today: dt.date) -> dict[int, dict]:
    """{unit id: {ledger key: value}} over the year's plans of the government."""
    from fazhiweb.plans.models import Assignment
    from fazhiweb.supervision.models import Notice

    ids = set(unit_ids)
    return _ledger(Assignment.objects.filter(task__plan__government_id=government_id, task__plan__year=year,
                                             unit_id__in=ids),
                   Notice.objects.filter(government_id=government_id, unit_id__in=ids),
                   "unit_id", "unit_id", ids, today)


def lower_ledger_figures(government_ids, year: int, today: dt.date) -> dict[int, dict]:
    """{government id: {ledger key: value}}: a lower government's own ledger (its plans of the
    year, all its units; its notices)."""
    from fazhiweb.plans.models import Assignment
    from fazhiweb.supervision.models import Notice

    ids = set(government_ids)
    return _ledger(Assignment.objects.filter(task__plan__government_id__in=ids, task__plan__year=year),
                   Notice.objects.filter(government_id__in=ids),
                   "task__plan__government_id", "government_id", ids, today)


@functools.lru_cache(maxsize=1)
def register_kind_of() -> dict[str, str]:
    """{figure key: register kind name}: where the records behind a register figure are listed."""
    from fazhi.registers.kinds import kind_names, load_kind

    return {st.key: name for name in kind_names() for st in load_kind(name).statistics}


def records_url(key: str, year: int, unit_name: str | None) -> str | None:
    """The register page listing the records a figure counts (the page the registers' own
    statistics link to), for the unit when the figure is a unit's."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    kind = register_kind_of().get(key)
    if kind is None or not apps.is_installed("fazhiweb.registers"):
        return None
    try:
        base = reverse("registers:register", args=[kind])
    except NoReverseMatch:
        return None
    query = {"year": year, "figure": key, **({"unit": unit_name} if unit_name else {})}
    return f"{base}?{urlencode(query)}"


def key_label(source: str, key: str) -> str:
    if source == "ledger":
        return ledger_keys().get(key, key)
    if source == "register":
        return register_keys().get(key, key)
    return ""
