"""Checks on one record, as the kind declares them: what is impossible (an error that
refuses the row) and what only needs a second look (a flag kept on the record)."""

from __future__ import annotations

import datetime as dt

from fazhi.registers import clocks, conditions

__all__ = ["check_record", "check_steps"]

_NO_YEAR = conditions.Context(year=None)


def check_record(kind, values: dict, calendar=None, settings: dict | None = None):
    """(errors as [(field, message)], flags as [message]) for one record."""
    errors: list[tuple[str, str]] = []
    flags: list[str] = []
    own = kind.own_settings(settings)
    for f in kind.fields:
        if f.required and f.name != kind.key and values.get(f.name) in (None, ""):
            flags.append(f"缺少{f.label}")
    for check in kind.checks:
        if check.get("when") and not kind.predicate(check["when"], own)(values, _NO_YEAR):
            continue
        if "rule" in check:
            broken = not kind.predicate(check["rule"], own)(values, _NO_YEAR)
            message, where = (check["message"] if broken else None), check.get("field", "")
        else:
            message, where = _date_check(kind, check, values, calendar, own), check["later"]
        if message is None:
            continue
        if check.get("severity", "error") == "error":
            errors.append((where, message))
        else:
            flags.append(message)
    step_errors, step_flags = check_steps(kind, values)
    errors.extend(step_errors)
    flags.extend(step_flags)
    if not errors:
        flags.extend(clocks.breaches(kind, values, calendar, settings))
    return errors, flags


def _date_check(kind, check: dict, values: dict, calendar, settings) -> str | None:
    earlier, later = values.get(check["earlier"]), values.get(check["later"])
    if not isinstance(earlier, dt.date) or not isinstance(later, dt.date):
        return None
    if "min_days" not in check:
        return check["message"] if later < earlier else None
    days = int(conditions.resolve(check["min_days"], kind, settings))
    day_type = check.get("day_type", "calendar")
    if later >= _min_end(earlier, days, day_type, calendar):
        return None
    words = "个工作日" if day_type == "working" else "日"
    return f"{check['message']}(应不少于{days}{words})"


def _min_end(start: dt.date, days: int, day_type: str, calendar) -> dt.date:
    """The first day a period of at least `days` may end (no rest-day roll: a minimum)."""
    if day_type == "working":
        return clocks.add_period(start, days, "working", calendar)
    return start + dt.timedelta(days=days)


def check_steps(kind, values: dict):
    """Ordered steps (重大行政决策): a gate step must be done before any later step is
    recorded; a step skipped needs a reason and is flagged either way."""
    errors: list[tuple[str, str]] = []
    flags: list[str] = []
    steps = kind.steps
    for i, step in enumerate(steps):
        done = values.get(step.date)
        reason = values.get(step.skip_reason) if step.skip_reason else None
        later = [s for s in steps[i + 1 :] if isinstance(values.get(s.date), dt.date)]
        if done is None:
            if reason:
                flags.append(f"跳过{step.label}:{reason}")
            elif later and (step.gate or step.required):
                what = "未完成" if step.gate else "未记录且未说明理由"
                message = f"{step.label}{what},已记录{later[0].label}"
                if step.gate:
                    errors.append((later[0].date, message))
                else:
                    flags.append(message)
            continue
        if step.gate and isinstance(done, dt.date):
            for s in later:
                if values[s.date] < done:
                    errors.append(
                        (s.date, f"{s.label}({values[s.date]})早于{step.label}完成({done})")
                    )
    return errors, flags
