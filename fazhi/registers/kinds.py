"""Register kinds as data: fazhi/data/registers/<kind>.toml → a validated `Kind`.

A kind declares its fields (with the header synonyms met in offices' own 台账), its
states and transitions (naming permissions, never roles), its statutory clocks, its
ordered steps, its row checks and its statistics — each rule with its legal source.
A wrong data file is refused with one message naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from fazhi.errors import FazhiError
from fazhi.registers import conditions

__all__ = [
    "FIELD_TYPES",
    "Clock",
    "Field",
    "Kind",
    "KindError",
    "Statistic",
    "Step",
    "Transition",
    "kind_names",
    "load_kind",
    "load_kind_file",
]

FIELD_TYPES = ("text", "date", "month", "int", "number", "choice", "bool", "unit", "person", "list")
DAY_TYPES = ("working", "calendar")
STAT_UNITS = ("件", "%", "人", "次", "条", "个", "学时", "万元")


class KindError(FazhiError):
    """A register data file that does not say what the engine needs."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # the header our export writes
    type: str = "text"
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    aliases: dict = field(default_factory=dict)  # written form → choice
    required: bool = False
    public: bool = True  # False: personal data, masked in anything public
    demo: float | tuple | None = None  # invented data: how often filled (true), [low, high], or texts
    total_of: dict | None = None  # filled from another register: {kind, by, match, sum, when}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    to: str
    sources: tuple[str, ...]  # states it leaves from ("*" = any)
    permission: str
    sets: tuple[str, ...] = ()  # fields the user fills when taking it
    requires: dict | None = None  # a condition on the record


@dataclass(frozen=True)
class Clock:
    name: str
    label: str
    start: str  # the date field whose day is day 0
    stop: tuple[str, ...]  # any of these dates filled closes the clock
    days: int | str  # a number, or "param:NAME"; 0 when the period is in months
    day_type: str  # working | calendar
    source: str
    when: dict | None = None  # applies only to records matching this condition
    pauses: tuple[tuple[str, str], ...] = ()  # (paused on, resumed on) date fields
    extension: dict | None = None  # {days, approved, max, source}
    months: int | str | None = None  # a period in months (交办之日起三个月), or "param:NAME"
    before: bool = False  # the date falls `months` before the start (有效期届满前评估)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    date: str  # the date field recording the step
    skip_reason: str | None = None  # a field holding why the step was skipped
    gate: bool = False  # later steps may not be recorded before this one
    required: bool = True  # a missing step without a skip reason is flagged
    source: str = ""


@dataclass(frozen=True)
class Statistic:
    key: str
    unit: str
    definition: str
    version: str
    source: str
    count: dict | None = None  # condition: the records counted
    numerator: dict | None = None  # rates: condition
    denominator: dict | None = None
    sum: str | None = None  # the value is the total of this field over the counted records
    distinct: str | None = None  # the value is how many different values (or list members)

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    source: str
    key: str  # the field that identifies a record (案号 / 文号)
    unit_field: str | None  # the owning/responsible unit (statistics' --unit filter)
    date_field: str  # the date that places a record in a year for the breakdown tables
    key_from: tuple[str, ...]  # fields that make the key when a sheet has none (单位 + 月份)
    closed_when: dict | None  # a closed case (审结, 不予受理) has no open clocks left
    fields: tuple[Field, ...]
    states: tuple[dict, ...]
    initial_state: str
    transitions: tuple[Transition, ...]
    clocks: tuple[Clock, ...]
    steps: tuple[Step, ...]
    checks: tuple[dict, ...]
    statistics: tuple[Statistic, ...]
    params: dict  # name → {"value", "source", "local"}
    breakdowns: dict  # table name → field name
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def own_settings(self, settings: dict | None) -> dict:
        """This kind's part of a government's settings ({kind name: {param: value, …}})."""
        own = (settings or {}).get(self.name) or {}
        return own if isinstance(own, dict) else {}

    def param(self, name: str, settings: dict | None = None):
        """A parameter's value: the setting (this kind's part) if there is one, else the default."""
        if settings and name in settings:
            return settings[name]
        return self.params[name]["value"]

    def predicate(self, cond: dict, settings: dict | None = None):
        """A condition of this kind compiled once per government's settings.

        Without settings every condition is the kind's own (alive as long as the kind), so
        its id is a safe key; with settings a condition may come from them (a replaced
        definition, rebuilt on every request), so it is keyed by its content."""
        if settings:
            key = (repr(cond), conditions.settings_key(settings))
        else:
            key = (id(cond), "")
        found = self._compiled.get(key)
        if found is None:
            if len(self._compiled) > 5000:  # many governments' settings over a long run
                self._compiled.clear()
            found = self._compiled[key] = conditions.compile_condition(cond, self, settings)
        return found

    def transitions_from(self, record: dict, state: str | None = None,
                         settings: dict | None = None) -> list[Transition]:  # fmt: skip
        """The transitions the record may take now: from its state, and whose `requires`
        holds (the gate: 集体讨论 only after 合法性审查). Who may take them is the caller's
        permission check on `Transition.permission`."""
        state = state or self.state_of(record)
        own = self.own_settings(settings)
        return [
            t
            for t in self.transitions
            if (state in t.sources or "*" in t.sources)
            and (t.requires is None or self.predicate(t.requires, own)(record, _CTX))
        ]

    def state_of(self, record: dict) -> str:
        """The state an imported record is in: the last state whose `when` holds."""
        state = self.initial_state
        for s in self.states:
            if s["when"] is not None and self.predicate(s["when"])(record, _CTX):
                state = s["name"]
        return state


_CTX = conditions.Context(year=None)
_DATA = "registers"


def kind_names() -> list[str]:
    """The kinds shipped in fazhi/data/registers, by file name."""
    return list(_shipped())


@cache
def _shipped() -> tuple[str, ...]:
    # read once: pages ask per record, and shipped files do not change while we run
    folder = resources.files("fazhi.data").joinpath(_DATA)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@cache
def load_kind(name: str) -> Kind:
    """A shipped kind by name (reconsideration, litigation, normative_doc, …)."""
    if name not in _shipped():
        raise KindError(f"未知的台账类型 {name}:可用的类型为 {'、'.join(kind_names())}。")
    path = resources.files("fazhi.data").joinpath(_DATA).joinpath(f"{name}.toml")
    return load_kind_file(Path(str(path)))


def load_kind_file(path: Path) -> Kind:
    where = path.name
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise KindError(f"台账定义文件 {where} 无法读取:{exc.strerror or exc}。") from None
    except tomllib.TOMLDecodeError as exc:
        raise KindError(f"台账定义文件 {where} 格式错误:{exc}。") from None
    from fazhi.registers.schema import Builder

    return Builder(where, data).build(path.stem)
