"""Each person's 学法 hours for a year against the government's target (issue 12): counted from
the 学法 register's sessions (参加人员 × 学时), every 行政执法人员 listed too (0 when they attended
nothing), the shortfall flagged. One target for everyone: enforcement_officer's
`training_target` (default 60学时, a per-government setting). No writes here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fazhi import registers as core
from fazhiweb.registers.queries import cases_of, records_by_kind, settings_of

OFFICERS, SESSIONS = "enforcement_officer", "training"


@dataclass
class Session:
    case_id: int
    ref: str
    held_on: dt.date | None
    hours: float
    visible: bool


@dataclass
class PersonHours:
    name: str
    hours: float = 0
    unit: str = ""  # an officer's 所在单位 (sessions do not say where a participant works)
    officer: tuple[int, str] | None = None  # (case id, 执法证号) of a 执法人员 record the viewer may see
    is_officer: bool = False
    sessions: list[Session] = field(default_factory=list)
    short: float = 0  # how many hours are missing (0: target reached)


def target_of(government_id: int) -> float:
    kind = core.load_kind(OFFICERS)
    return kind.param("training_target", kind.own_settings(settings_of(government_id)))


def training_hours(government_id: int, year: int, visible_ids: set[int] | None = None) -> tuple[list, float]:
    """([PersonHours], target): everyone named in the year's sessions and every officer not
    注销, the least hours first. Hours count every session of the government; a viewer who sees
    only some cases (`visible_ids`, a liaison) gets the people of those cases, and links only
    to them. A government keeping no 学法 register: officers keep the hours entered."""
    grouped = records_by_kind(cases_of(government_id).filter(kind__in=(OFFICERS, SESSIONS)).order_by("id"))
    sessions, officers = grouped.get(SESSIONS, []), grouped.get(OFFICERS, [])
    target = target_of(government_id)
    seen = (lambda pk: True) if visible_ids is None else visible_ids.__contains__
    people: dict[str, PersonHours] = {}
    kind = core.load_kind(SESSIONS)
    for name, records in core.member_records(kind, sessions, year, "participants").items():
        p = people.setdefault(name, PersonHours(name))
        for r in records:
            hours = r.get("hours") if isinstance(r.get("hours"), int | float) else 0
            p.hours += hours
            p.sessions.append(Session(r["_case"], str(r.get("session_no") or ""), r.get("held_on"), hours,
                                      seen(r["_case"])))
    for o in officers:
        if o.get("status") == "注销" or not o.get("name"):
            continue
        p = people.setdefault(o["name"], PersonHours(o["name"]))
        p.is_officer = True
        if not sessions and isinstance(o.get("hours"), int | float):
            p.hours = o["hours"]
        if seen(o["_case"]):
            p.officer = (o["_case"], str(o.get("cert_no") or ""))
        p.unit = str(o.get("unit") or "")
    rows = [p for p in people.values() if p.officer or any(s.visible for s in p.sessions)]
    for p in rows:
        p.hours = round(p.hours, 1)
        p.short = round(max(0, target - p.hours), 1)
        p.sessions.sort(key=lambda s: (s.held_on or dt.date.min, s.ref))
    rows.sort(key=lambda p: (p.hours, p.name))
    return rows, target
