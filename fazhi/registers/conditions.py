"""Conditions on a record, written as TOML tables in the kind files and compiled once.

    { field = "outcome", in = "param:correction_outcomes" }
    { field = "applied_on", in_year = true }
    { all = [ {…}, {…} ] }   { any = [ … ] }   { not = { … } }
    { stat = "reconsideration.concluded" }      (the records another statistic counts)

Operators on a field: present, equals, in, in_year, on_or_before ("as_of" or a date
field), within ({start, days, day_type}: the value falls on or before the statutory
date counted from `start`), matches (a regex; `{year}` is the year asked), is_true.
at_most/at_least (numbers), contains (a member of a list field).
`param:NAME` takes a parameter of the kind, overridden by a government's settings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConditionError", "Context", "compile_condition", "resolve", "settings_key"]

FIELD_OPS = (
    "present", "equals", "in", "in_year", "on_or_before", "within", "matches", "is_true",
    "at_most", "at_least", "contains",
)  # fmt: skip


class ConditionError(ValueError):
    pass


@dataclass
class Context:
    """What a condition may ask besides the record: the year, the day asked, the calendar."""

    year: int | None
    as_of: dt.date | None = None
    calendar: Any = None
    counted: dict = field(default_factory=dict)  # statistic key → ids of the records it counts
    _patterns: dict = field(default_factory=dict)

    def pattern(self, template: str) -> re.Pattern:
        key = (template, self.year)
        if key not in self._patterns:
            self._patterns[key] = re.compile(template.replace("{year}", str(self.year)))
        return self._patterns[key]


Predicate = Callable[[dict, Context], bool]


def settings_key(settings: dict | None) -> str:
    """A stable key for a government's settings (compiled conditions are cached by it)."""
    return json.dumps(settings or {}, sort_keys=True, ensure_ascii=False, default=str)


def resolve(value, kind, settings: dict | None):
    """`param:NAME` → the parameter's value (the government's setting first)."""
    if isinstance(value, str) and value.startswith("param:"):
        name = value[6:]
        if name not in kind.params:
            raise ConditionError(f"参数 {name} 未定义。")
        return kind.param(name, settings)
    return value


def compile_condition(cond: dict, kind, settings: dict | None = None, _seen=()) -> Predicate:
    if not isinstance(cond, dict) or not cond:
        raise ConditionError("条件应为非空的表。")
    if "all" in cond or "any" in cond:
        op = "all" if "all" in cond else "any"
        parts = [compile_condition(c, kind, settings, _seen) for c in _list(cond[op], op)]
        return _join(parts, every=op == "all")
    if "not" in cond:
        inner = compile_condition(cond["not"], kind, settings, _seen)
        return lambda r, ctx: not inner(r, ctx)
    if "stat" in cond:
        return _stat_ref(cond["stat"], kind, settings, _seen)
    if "field" in cond:
        return _field_condition(cond, kind, settings)
    if "clock" in cond:
        return _clock_condition(cond, kind, settings)
    raise ConditionError(f"无法理解的条件 {cond}:应含 field、all、any、not、stat 或 clock。")


def _clock_condition(cond: dict, kind, settings) -> Predicate:
    """{ clock = "answer", status = ["done"] }: the clock (with its pauses and extension)
    is in one of these states — done, done_late, running, paused, extended, late."""
    from fazhi.registers.clocks import state_of_clock

    clock = next((c for c in kind.clocks if c.name == cond["clock"]), None)
    if clock is None:
        raise ConditionError(f"时限 {cond['clock']} 未定义。")
    statuses = cond.get("status")
    if not isinstance(statuses, list) or not statuses:
        raise ConditionError(f"时限 {clock.name} 的条件应写 status = [状态, …]。")

    def pred(r: dict, ctx: Context) -> bool:
        state = state_of_clock(kind, clock, r, ctx.calendar, ctx.as_of, settings)
        return state is not None and state.status in statuses

    return pred


def _join(parts: list, every: bool) -> Predicate:
    """all (every=True) or any of the parts; two parts, the common case (a statistic and one
    more test), without a generator."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        if every:
            return lambda r, ctx: a(r, ctx) and b(r, ctx)
        return lambda r, ctx: a(r, ctx) or b(r, ctx)
    test = all if every else any
    return lambda r, ctx: test(p(r, ctx) for p in parts)


def _list(value, op: str) -> list:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"{op} 应为非空列表。")
    return value


def _stat_ref(key: str, kind, settings, seen) -> Predicate:
    from fazhi.registers.stats import definition_of  # the government's own definition

    if key in seen:
        raise ConditionError(f"指标 {key} 循环引用。")
    stat = definition_of(kind, key, settings)
    if stat is None:
        raise ConditionError(f"指标 {key} 未定义。")
    if stat.count is None:
        raise ConditionError(f"指标 {key} 是比率,不能作为计数条件引用。")
    inner = compile_condition(stat.count, kind, settings, (*seen, key))

    def pred(r: dict, ctx: Context) -> bool:
        done = ctx.counted.get(key)  # already counted in this evaluation: reuse it
        return id(r) in done if done is not None else inner(r, ctx)

    return pred


def _field_condition(cond: dict, kind, settings) -> Predicate:
    name = cond["field"]
    if name not in kind.field_names:
        raise ConditionError(f"字段 {name} 未定义。")
    ops = [k for k in cond if k != "field"]
    if len(ops) != 1 or ops[0] not in FIELD_OPS:
        raise ConditionError(f"字段 {name} 的条件应恰好写一个运算:{'、'.join(FIELD_OPS)}。")
    op = ops[0]
    arg = resolve(cond[op], kind, settings)
    if op == "present":
        want = bool(arg)
        return lambda r, ctx: (r.get(name) not in (None, "")) == want
    if op == "equals":
        return lambda r, ctx: r.get(name) == arg
    if op == "in":
        if not isinstance(arg, list):
            raise ConditionError(f"字段 {name} 的 in 应为列表。")
        allowed = frozenset(arg)
        return lambda r, ctx: r.get(name) in allowed
    if op == "in_year":
        return lambda r, ctx: _year(r.get(name)) == ctx.year
    if op == "is_true":
        want = bool(arg)
        return lambda r, ctx: (r.get(name) is True) == want
    if op == "matches":
        template = str(arg)
        return lambda r, ctx: bool(r.get(name)) and bool(ctx.pattern(template).search(str(r[name])))
    if op in ("at_most", "at_least"):
        if not isinstance(arg, int | float) or isinstance(arg, bool):
            raise ConditionError(f"字段 {name} 的 {op} 应为数字。")
        if op == "at_most":
            return lambda r, ctx: _number(r.get(name)) is not None and r[name] <= arg
        return lambda r, ctx: _number(r.get(name)) is not None and r[name] >= arg
    if op == "contains":  # a list field holding this member
        return lambda r, ctx: arg in (r.get(name) or ())
    if op == "on_or_before":
        return _on_or_before(name, arg, kind)
    return _within(name, arg, kind, settings)


def _year(value) -> int | None:
    """A date's year; an integer field (清理年度) is a year itself."""
    if isinstance(value, dt.date):
        return value.year
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _on_or_before(name: str, other: str, kind) -> Predicate:
    if other == "as_of":
        return lambda r, ctx: (
            isinstance(r.get(name), dt.date) and (ctx.as_of is None or r[name] <= ctx.as_of)
        )
    if other not in kind.field_names:
        raise ConditionError(f"字段 {other} 未定义。")
    return lambda r, ctx: _both_dates(r, name, other) and r[name] <= r[other]


def _both_dates(r: dict, a: str, b: str) -> bool:
    return isinstance(r.get(a), dt.date) and isinstance(r.get(b), dt.date)


def _within(name: str, spec, kind, settings) -> Predicate:
    from fazhi.registers.clocks import add_period

    if not isinstance(spec, dict) or spec.get("start") not in kind.field_names:
        raise ConditionError(f"字段 {name} 的 within 应写 {{ start = 字段, days = 天数 }}。")
    start = spec["start"]
    days = resolve(spec.get("days"), kind, settings)
    day_type = spec.get("day_type", "calendar")
    if not isinstance(days, int) or day_type not in ("working", "calendar"):
        raise ConditionError(f"字段 {name} 的 within 天数或日历类型无效。")

    def pred(r: dict, ctx: Context) -> bool:
        if not _both_dates(r, name, start):
            return False
        return r[name] <= add_period(r[start], days, day_type, ctx.calendar)

    return pred
