"""What other apps show of the registers: the late and due-soon statutory clocks on the owner's
home page, in the reminder digest (`fazhi remind`) and on the supervision pages. Small on
purpose: each caller gets plain rows and decides how to lay them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi import registers as core
from fazhiweb.registers import queries

STATUS_TEXT = {"late": "已超期", "running": "进行中", "extended": "已延期", "paused": "中止"}


@dataclass
class DueLine:
    """One late or due-soon clock, in the reminder digest's line shape (supervision._Line)."""

    plan_title: str  # the register's title
    label: str  # 案号/文号
    short: str  # the clock (复议决定, 报送备案 …)
    role: str
    due: dt.date
    text: str
    overdue: bool
    case_id: int | None = None
    unit: str = ""


def _line(state, as_of: dt.date) -> DueLine:
    late = state.status == "late"
    days = (state.due - as_of).days
    text = f"已超期 {-days} 日" if late else ("今日届满" if days == 0 else f"剩 {days} 日")
    return DueLine(core.load_kind(state.kind).label, state.ref or "", state.label, "法定期限", state.due, text,
                   late, getattr(state, "case_id", None), state.unit or "")


def lines_for(government_id: int, unit_id: int | None, as_of: dt.date) -> list[DueLine]:
    """The late and due-soon clocks of the cases a unit keeps (None: the government's own), late first."""
    states = queries.pending_for_unit(government_id, unit_id, as_of)
    out = [_line(s, as_of) for s in states if s.due is not None]
    out.sort(key=lambda x: (not x.overdue, x.due, x.label))
    return out


def reminder_lines(as_of: dt.date, government_id: int | None = None) -> dict[int, list[DueLine]]:
    """{owner unit id: lines} for the reminder digest of each unit's liaisons."""
    out = {}
    for unit_id, states in queries.pending_by_unit(as_of, government_id).items():
        lines = [_line(s, as_of) for s in states if s.due is not None]
        lines.sort(key=lambda x: (not x.overdue, x.due, x.label))
        if lines:
            out[unit_id] = lines
    return out


def unit_counts(government_id: int, as_of: dt.date) -> list[queries.UnitCounts]:
    """Late and due-soon clocks per unit over every register (the supervision pages)."""
    per: dict[str, queries.UnitCounts] = {}
    for ov in queries.overview(government_id, as_of):
        for u in ov.units:
            row = per.setdefault(u.unit, queries.UnitCounts(u.unit))
            row.late += u.late
            row.soon += u.soon
            row.open += u.open
    rows = [r for r in per.values() if r.late or r.soon]
    return sorted(rows, key=lambda r: (-r.late, -r.soon, r.unit))
