"""Validation of a register data file, section by section: every error names the file
and the key (fields[3].type, clocks[0].days …) so whoever edits the data can fix it."""

from __future__ import annotations

from fazhi.registers import conditions
from fazhi.registers.kinds import (
    DAY_TYPES,
    FIELD_TYPES,
    STAT_UNITS,
    Clock,
    Field,
    Kind,
    KindError,
    Statistic,
    Step,
    Transition,
)

__all__ = ["Builder", "check_settings"]


class Builder:
    """Validates a parsed data file section by section; every error names file and key."""

    def __init__(self, where: str, data: dict):
        self.where = where
        self.data = data

    def fail(self, key: str, message: str):
        raise KindError(f"台账定义文件 {self.where} 的 {key}:{message}")

    def known(self, path: str, names: set, *fields) -> None:
        """Each of `fields` (None skipped) must be a field of the kind."""
        for fname in fields:
            if fname is not None and fname not in names:
                self.fail(path, f"字段 {fname} 未定义。")

    def get(self, table: dict, key: str, path: str, kind=str, default=...):
        if key not in table:
            if default is ...:
                self.fail(f"{path}.{key}" if path else key, "缺少此项。")
            return default
        value = table[key]
        if not isinstance(value, kind):
            self.fail(f"{path}.{key}" if path else key, f"应为 {_type_name(kind)}。")
        return value

    def build(self, stem: str) -> Kind:
        d = self.data
        name = self.get(d, "name", "")
        if name != stem:
            self.fail("name", f"应与文件名一致({stem})。")
        fields = self.fields()
        names = {f.name for f in fields}
        params = self.params()
        for i, f in enumerate(fields):  # a total's target is one of the kind's parameters
            target = (f.total_of or {}).get("target")
            if target is not None and target not in params:
                self.fail(f"fields[{i}].total_of.target", f"参数 {target} 未定义。")
        key = self.get(d, "key", "")
        self.known("key", names, key)
        unit_field = self.get(d, "unit_field", "", default=None)
        self.known("unit_field", names, unit_field)
        date_field = self.get(d, "date_field", "")
        self.known("date_field", names, date_field)
        key_from = tuple(self.get(d, "key_from", "", list, default=[]))
        self.known("key_from", names, *key_from)
        states, initial = self.states()
        kind = Kind(
            name=name,
            label=self.get(d, "label", ""),
            source=self.get(d, "source", ""),
            key=key,
            key_from=key_from,
            closed_when=self.get(d, "closed_when", "", dict, default=None),
            unit_field=unit_field,
            date_field=date_field,
            fields=fields,
            states=states,
            initial_state=initial,
            transitions=self.transitions({s["name"] for s in states}, names),
            clocks=self.clocks(names, params),
            steps=self.steps(names),
            checks=self.checks(names),
            statistics=self.statistics(),
            params=params,
            breakdowns=self.breakdowns(names),
        )
        self.check_conditions(kind)
        return kind

    def fields(self) -> tuple[Field, ...]:
        out, seen = [], set()
        for i, f in enumerate(self.get(self.data, "fields", "", list)):
            path = f"fields[{i}]"
            name = self.get(f, "name", path)
            if name in seen:
                self.fail(f"{path}.name", f"字段 {name} 重复。")
            seen.add(name)
            ftype = self.get(f, "type", path, default="text")
            if ftype not in FIELD_TYPES:
                self.fail(f"{path}.type", f"{ftype} 不是可用的字段类型({'、'.join(FIELD_TYPES)})。")
            choices = tuple(self.get(f, "choices", path, list, default=[]))
            aliases = self.get(f, "aliases", path, dict, default={})
            if ftype == "choice" and not choices:
                self.fail(f"{path}.choices", "选项字段需要列出选项。")
            for written, choice in aliases.items():
                if choice not in choices:
                    self.fail(f"{path}.aliases.{written}", f"{choice} 不在选项中。")
            out.append(
                Field(
                    name=name,
                    label=self.get(f, "label", path),
                    type=ftype,
                    synonyms=tuple(self.get(f, "synonyms", path, list, default=[])),
                    choices=choices,
                    aliases=dict(aliases),
                    required=self.get(f, "required", path, bool, default=False),
                    public=self.get(f, "public", path, bool, default=True),
                    demo=self.demo(f, path),
                    total_of=self.total_of(f, path),
                )
            )
        if not out:
            self.fail("fields", "至少需要一个字段。")
        self.distinct_headers(out)
        return tuple(out)

    def distinct_headers(self, fields) -> None:
        """A header may name one field only, or the import would guess between them."""
        from fazhi.registers.sheet import normalize_header

        owner: dict[str, str] = {}
        for i, f in enumerate(fields):
            for header in (f.label, *f.synonyms):
                norm = normalize_header(header)
                if owner.setdefault(norm, f.name) != f.name:
                    self.fail(f"fields[{i}].synonyms", f"列名“{header}”已用于字段 {owner[norm]}。")

    def total_of(self, f: dict, path: str):
        """A field filled from another register: {kind, by (its list or text field naming
        the person), match (our field holding the same name), sum (its number field), when,
        target (the parameter each total is held against: 60学时)}."""
        spec = self.get(f, "total_of", path, dict, default=None)
        if spec is None:
            return None
        for key in ("kind", "by", "match", "sum"):
            self.get(spec, key, f"{path}.total_of")
        self.known(f"{path}.total_of.match", self.field_names(), spec["match"])
        return dict(spec)

    def demo(self, f: dict, path: str):
        """The invented-data hint: a probability 0–1, [low, high] for a number, or texts to draw from."""
        value = f.get("demo")
        if value is None:
            return None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            return tuple(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            return tuple(value)  # invented texts to draw from (会议名称, 学习内容 …)
        self.fail(f"{path}.demo", "应为 0 到 1 之间的概率、[下限, 上限],或示例文字列表。")

    def params(self) -> dict:
        out = {}
        for name, p in self.get(self.data, "params", "", dict, default={}).items():
            path = f"params.{name}"
            if not isinstance(p, dict) or "value" not in p:
                self.fail(path, '应写作 { value = …, source = "…" }。')
            self.get(p, "source", path)
            out[name] = {"value": p["value"], "source": p["source"], "local": p.get("local", False)}
        return out

    def states(self) -> tuple[tuple[dict, ...], str]:
        states = self.get(self.data, "states", "", list)
        if not states:
            self.fail("states", "至少需要一个状态。")
        out = []
        for i, s in enumerate(states):
            path = f"states[{i}]"
            out.append(
                {
                    "name": self.get(s, "name", path),
                    "label": self.get(s, "label", path),
                    "when": self.get(s, "when", path, dict, default=None),
                }
            )
        return tuple(out), out[0]["name"]

    def transitions(self, states: set, names: set) -> tuple[Transition, ...]:
        out = []
        for i, t in enumerate(self.get(self.data, "transitions", "", list, default=[])):
            path = f"transitions[{i}]"
            to = self.get(t, "to", path)
            if to not in states:
                self.fail(f"{path}.to", f"状态 {to} 未定义。")
            sources = tuple(self.get(t, "from", path, list))
            for s in sources:
                if s != "*" and s not in states:
                    self.fail(f"{path}.from", f"状态 {s} 未定义。")
            perm = self.get(t, "permission", path)
            if "." not in perm:
                self.fail(f"{path}.permission", "应为权限名(如 register.edit),不是角色。")
            sets = tuple(self.get(t, "sets", path, list, default=[]))
            self.known(f"{path}.sets", names, *sets)
            out.append(
                Transition(
                    name=self.get(t, "name", path),
                    label=self.get(t, "label", path),
                    to=to,
                    sources=sources,
                    permission=perm,
                    sets=sets,
                    requires=self.get(t, "requires", path, dict, default=None),
                )
            )
        return tuple(out)

    def clocks(self, names: set, params: dict) -> tuple[Clock, ...]:
        out = []
        for i, c in enumerate(self.get(self.data, "clocks", "", list, default=[])):
            path = f"clocks[{i}]"
            start = self.get(c, "start", path)
            stop = self.get(c, "stop", path, list)
            pauses = self.get(c, "pauses", path, list, default=[])
            self.known(path, names, start, *stop, *[x for p in pauses for x in p])
            months = c.get("months")
            days = c.get("days", 0 if months is not None else None)
            if months is not None:
                self.check_days(months, f"{path}.months", params, zero=True)
            else:
                self.check_days(days, f"{path}.days", params)
            day_type = self.get(c, "day_type", path)
            if day_type not in DAY_TYPES:
                self.fail(f"{path}.day_type", "应为 working 或 calendar。")
            ext = self.get(c, "extension", path, dict, default=None)
            if ext is not None:
                self.known(f"{path}.extension", names, ext.get("days", ""), ext.get("approved", ""))
                self.check_days(ext.get("max"), f"{path}.extension.max", params)
                self.get(ext, "source", f"{path}.extension")
            out.append(
                Clock(
                    name=self.get(c, "name", path),
                    label=self.get(c, "label", path),
                    start=start,
                    stop=tuple(stop),
                    days=days,
                    day_type=day_type,
                    source=self.get(c, "source", path),
                    when=self.get(c, "when", path, dict, default=None),
                    pauses=tuple(tuple(p) for p in pauses),
                    extension=ext,
                    months=months,
                    before=self.get(c, "before", path, bool, default=False),
                )
            )
        return tuple(out)

    def check_days(self, days, path: str, params: dict, zero: bool = False):
        if isinstance(days, int) and not isinstance(days, bool) and days >= (0 if zero else 1):
            return
        if isinstance(days, str) and days.startswith("param:") and days[6:] in params:
            return
        self.fail(path, "应为正整数天数或已定义的 param:名称。")

    def steps(self, names: set) -> tuple[Step, ...]:
        out = []
        for i, s in enumerate(self.get(self.data, "steps", "", list, default=[])):
            path = f"steps[{i}]"
            date = self.get(s, "date", path)
            reason = self.get(s, "skip_reason", path, default=None)
            self.known(path, names, date, reason)
            out.append(
                Step(
                    name=self.get(s, "name", path),
                    label=self.get(s, "label", path),
                    date=date,
                    skip_reason=reason,
                    gate=self.get(s, "gate", path, bool, default=False),
                    required=self.get(s, "required", path, bool, default=True),
                    source=self.get(s, "source", path, default=""),
                )
            )
        return tuple(out)

    def checks(self, names: set) -> tuple[dict, ...]:
        """Two forms: dates in order ({earlier, later[, min_days, day_type]}) or a rule
        that must hold ({rule = condition}); either with `when`, a message and a severity."""
        out = []
        for i, c in enumerate(self.get(self.data, "checks", "", list, default=[])):
            path = f"checks[{i}]"
            if "rule" in c:
                self.get(c, "rule", path, dict)
                self.get(c, "field", path, default=None)
            else:
                for key in ("earlier", "later"):
                    self.known(f"{path}.{key}", names, self.get(c, key, path))
            self.get(c, "message", path)
            if self.get(c, "severity", path, default="error") not in ("error", "flag"):
                self.fail(f"{path}.severity", "应为 error 或 flag。")
            if "min_days" in c:
                self.check_days(c["min_days"], f"{path}.min_days", self.params())
                if self.get(c, "day_type", path, default="calendar") not in DAY_TYPES:
                    self.fail(f"{path}.day_type", "应为 working 或 calendar。")
            self.get(c, "when", path, dict, default=None)
            out.append(dict(c))
        return tuple(out)

    def statistics(self) -> tuple[Statistic, ...]:
        out, seen = [], set()
        for i, s in enumerate(self.get(self.data, "statistics", "", list, default=[])):
            path = f"statistics[{i}]"
            key = self.get(s, "key", path)
            if key in seen:
                self.fail(f"{path}.key", f"指标 {key} 重复。")
            seen.add(key)
            unit = self.get(s, "unit", path)
            if unit not in STAT_UNITS:
                self.fail(f"{path}.unit", f"应为 {'、'.join(STAT_UNITS)} 之一。")
            count = self.get(s, "count", path, dict, default=None)
            num = self.get(s, "numerator", path, dict, default=None)
            den = self.get(s, "denominator", path, dict, default=None)
            if (count is None) == (num is None) or (num is None) != (den is None):
                self.fail(path, "应写 count,或同时写 numerator 和 denominator(比率)。")
            if num is not None and unit != "%":
                self.fail(f"{path}.unit", "比率的单位应为 %。")
            total, distinct = s.get("sum"), s.get("distinct")
            self.known(path, self.field_names(), total, distinct)
            if total and distinct or (total or distinct) and count is None:
                self.fail(path, "sum 与 distinct 只能写一个,且需与 count 一起写。")
            out.append(
                Statistic(
                    key=key,
                    unit=unit,
                    definition=self.get(s, "definition", path),
                    version=self.get(s, "version", path),
                    source=self.get(s, "source", path),
                    count=count,
                    numerator=num,
                    denominator=den,
                    sum=total,
                    distinct=distinct,
                )
            )
        return tuple(out)

    def field_names(self) -> set:
        return {f.get("name") for f in self.data.get("fields") or [] if isinstance(f, dict)}

    def breakdowns(self, names: set) -> dict:
        out = self.get(self.data, "breakdowns", "", dict, default={})
        for table, spec in out.items():
            path = f"breakdowns.{table}"
            if isinstance(spec, dict):
                wanted = [self.get(spec, "field", path), self.get(spec, "year_of", path)]
            else:
                wanted = [spec]
            self.known(path, names, *wanted)
        return dict(out)

    def check_conditions(self, kind: Kind):
        """Compile every condition once so a typo fails at load, naming where it is."""
        places = [(f"states[{i}].when", s["when"]) for i, s in enumerate(kind.states)]
        places.append(("closed_when", kind.closed_when))
        places += [
            (f"transitions[{i}].requires", t.requires) for i, t in enumerate(kind.transitions)
        ]
        places += [(f"clocks[{i}].when", c.when) for i, c in enumerate(kind.clocks)]
        for i, c in enumerate(kind.checks):
            places += [(f"checks[{i}].when", c.get("when")), (f"checks[{i}].rule", c.get("rule"))]
        for i, s in enumerate(kind.statistics):
            for part in ("count", "numerator", "denominator"):
                places.append((f"statistics[{i}].{part}", getattr(s, part)))
        for path, cond in places:
            if cond is None:
                continue
            try:
                conditions.compile_condition(cond, kind, {})
            except conditions.ConditionError as exc:
                self.fail(path, str(exc))


def _type_name(kind) -> str:
    return {str: "文字", list: "列表", dict: "表", bool: "true/false", int: "整数"}.get(
        kind, str(kind)
    )


def check_settings(kind: Kind, settings: dict | None) -> list[str]:
    """What is wrong with a government's settings for this kind (empty when they are fine):
    unknown parameters, values of the wrong type, definitions that do not compile."""
    from fazhi.registers.stats import definition_of

    own = (settings or {}).get(kind.name) or {}
    if not isinstance(own, dict):
        return [f"{kind.label}的设置应为表。"]
    problems = []
    for name, value in (own or {}).items():
        if name == "definitions":
            continue
        if name not in kind.params:
            problems.append(f"{kind.label}没有设置项 {name}。")
            continue
        default = kind.params[name]["value"]
        if isinstance(default, list):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            # a period longer than ten years is a typo, and would make every clock crawl
            ok = type(value) is type(default) and (not isinstance(value, int) or 0 <= value <= 3650)
        if not ok:
            problems.append(f"{kind.label}的设置项 {name} 应与默认值 {default!r} 同类。")
    for key in (own or {}).get("definitions") or {}:
        try:
            stat = definition_of(kind, key, own)
            for cond in (stat.count, stat.numerator, stat.denominator):
                if cond is not None:
                    conditions.compile_condition(cond, kind, own)
        except (KindError, conditions.ConditionError) as exc:
            problems.append(f"{kind.label}的口径 {key}:{exc}")
    return problems
