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
    """{key: value} of the registers for (government, unit, year); {} without the registers app."""
    if not apps.is_installed("fazhiweb.registers"):
        return {}
    try:
        from fazhiweb.registers import queries
    except ImportError:
        return {}
    figs = queries.figures(government.pk, year, unit=unit.name)
    return {k: (f.get("value") if isinstance(f, dict) else f) for k, f in figs.items()}


def register_figures_for(government, units, year: int) -> dict[int, dict]:
    """{unit id: {key: value}} for the units of a round (the seam called once per unit)."""
    if not apps.is_installed("fazhiweb.registers"):
        return {}
    return {u.pk: register_figures(government, u, year) for u in units}


def ledger_figures_for(government_id: int, unit_ids, year: int, today: dt.date) -> dict[int, dict]:
    """{unit id: {ledger key: value}}: the share of the unit's assignments in the year's plans
    done on time (among those due by today or done), the assignments overdue, and the notices
    still open past their reply-by date."""
    from fazhiweb.core.clock import local_date
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress.due import (
        DONE,
        OVERDUE,
        DueCalculator,
        open_assignments,
        ticks_of,
        with_acceptance,
    )
    from fazhiweb.supervision.models import OPEN_STATES, Notice

    ids = set(unit_ids)
    out: dict[int, dict] = {u: {} for u in ids}
    calc = DueCalculator(today)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # done on time, due, overdue
    rows = with_acceptance(open_assignments(Assignment.objects.filter(
        task__plan__government_id=government_id, task__plan__year=year, unit_id__in=ids)).order_by()).values_list(
        "unit_id", "task__deadlines", "task__plan__default_deadline", "sv_accepted_status", "sv_accepted_at",
        "sv_accepted_ticks")
    for unit_id, deadlines, default, status, at, ticks in rows:
        due = calc.deadline(deadlines, default, ticks_of(ticks))
        st = calc.status(due, status, at)
        c = counts[unit_id]
        if st.state == DONE:
            c[1] += 1
            late = due.date is not None and at is not None and local_date(at) > due.date
            c[0] += 0 if late else 1
        elif st.state == OVERDUE:
            c[1] += 1
            c[2] += 1
    for unit_id, (ok, due_n, overdue) in counts.items():
        out[unit_id]["ledger.on_time_rate"] = round(100.0 * ok / due_n, 2) if due_n else None
        out[unit_id]["ledger.overdue_tasks"] = overdue
    late = (Notice.objects.filter(government_id=government_id, unit_id__in=ids)
            .values("unit_id").annotate(n=Count("id", filter=Q(state__in=OPEN_STATES, reply_by__lt=today))))
    for row in late:
        out[row["unit_id"]]["ledger.notices_overdue"] = row["n"]
    for u in ids:
        out[u].setdefault("ledger.notices_overdue", 0)
        out[u].setdefault("ledger.overdue_tasks", 0)
    return out


def key_label(source: str, key: str) -> str:
    if source == "ledger":
        return ledger_keys().get(key, key)
    if source == "register":
        return register_keys().get(key, key)
    return ""
