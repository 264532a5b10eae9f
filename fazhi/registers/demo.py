"""Invented records for any register kind: the demo county's year and the province
generator's 100 governments (nothing here is a real case or a real person).

Dates follow the order the kind declares its fields (offices' sheets, and our data files,
run in the order things happen); each clock's stop date falls mostly in time, sometimes
late, and is left open for recent cases; some cases are paused or extended where the kind
has pauses and extensions; a step is now and then skipped with a reason. A field's `demo`
hint in the data file says how often it is filled (or true), or the range of a number.
Records that break one of the kind's checks are drawn again.
"""

from __future__ import annotations

import datetime as dt
import random

from fazhi.registers.checks import check_record
from fazhi.registers.clocks import add_months, add_period, is_expiry, next_workday
from fazhi.registers.clocks import default_calendar as _calendar
from fazhi.registers.conditions import resolve

__all__ = ["DEMO_UNITS", "generate", "link_people"]

DEMO_UNITS = (
    "县市场监管局", "县自然资源局", "县住建局", "县生态环境分局", "县交通运输局",
    "县人社局", "县卫健委", "县综合执法局", "县教育局", "城关镇人民政府",
)  # fmt: skip
_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"
_GIVEN = "明华国强建军秀英桂兰志刚海燕丽娟文博子涵雨欣浩然思远晓东春梅"
DAY = dt.timedelta(days=1)


def generate(kind, year: int, count: int, units=DEMO_UNITS, seed: int = 1,
             as_of: dt.date | None = None, calendar=None, prefix: str = "示") -> list[dict]:  # fmt: skip
    """`count` records of `kind` for `year`, none dated after `as_of` (default 31 Dec);
    keys start with `prefix` (one per government when several share a database)."""
    rnd = random.Random(f"{kind.name}:{year}:{seed}")
    as_of = as_of or dt.date(year, 12, 31)
    out: list[dict] = []
    keys: set = set()
    for _ in range(count * 20):
        if len(out) == count:
            break
        draw = _Draw(kind, rnd, year, len(out) + 1, units, as_of, calendar)
        record = draw.record(prefix)
        if record[kind.key] not in keys and not check_record(kind, record, calendar)[0]:
            keys.add(record[kind.key])
            out.append(record)
    return out


def _abbreviation(label: str) -> str:
    """A short word for a kind's numbers, different for every kind: 行政复议案件台账 → 复议,
    行政执法人员台账 → 执法人员 (so 示复议〔2025〕3号 and 示应诉〔2025〕3号 are not both 示行政…)."""
    name = label.removeprefix("行政").removesuffix("台账")
    return name[:4] if name.startswith("执法") else name[:2]


def link_people(records_by_kind: dict, seed: int = 1) -> None:
    """Officers (行政执法人员) take part in the 学法 register's sessions, in place: every third
    session an 执法人员培训 of two or three days that most of them attend, the others now and
    then; so each officer's yearly hours add up from the sessions, some short of the target."""
    officers, sessions = records_by_kind.get("enforcement_officer"), records_by_kind.get("training")
    if not officers or not sessions:
        return
    rnd = random.Random(f"link:{seed}")
    names = [o["name"] for o in officers if o.get("name")]
    for i, s in enumerate(sessions):
        course = i % 3 == 0 or s.get("session_type") == "执法人员培训"  # a drawn course is one too
        if course:
            s["session_type"], s["hours"] = "执法人员培训", float(rnd.choice((16, 20, 24)))
        came = [n for n in names if rnd.random() < (0.8 if course else 0.3)]
        s["participants"] = list(dict.fromkeys(list(s.get("participants") or []) + came))
        if isinstance(s.get("headcount"), int):
            s["headcount"] = max(s["headcount"], len(s["participants"]))


class _Draw:
    def __init__(self, kind, rnd, year, number, units, as_of, calendar):
        self.kind, self.rnd, self.year, self.number = kind, rnd, year, number
        self.units, self.as_of, self.calendar = units, as_of, calendar

    def record(self, prefix: str) -> dict:
        kind, rnd = self.kind, self.rnd
        first = dt.date(self.year, 1, 1)
        day = first + rnd.randrange(min(330, (self.as_of - first).days + 1)) * DAY
        r: dict = {}
        for f in kind.fields:
            r[f.name], day = self.value(f, day)
        self.skip_steps(r)
        self.keep_order(r)
        for clock in kind.clocks:
            self.shape_clock(clock, r)
        for _ in range(5):  # a stretched period pushes later dates, which may need stretching
            if not (self.keep_order(r) | self.stretch_minimums(r)):
                break
        for name, value in r.items():  # nothing after the day asked
            if isinstance(value, dt.date) and value > self.as_of and not self.planned(name):
                r[name] = None
        r[kind.key] = self.key(r, prefix)
        return r

    def key(self, r: dict, prefix: str):
        if self.kind.key_from:
            from fazhi.registers.sheet import compose_key

            return compose_key(self.kind, r)
        return f"{prefix}{_abbreviation(self.kind.label)}〔{self.year}〕{self.number}号"

    def name(self) -> str:
        rnd = self.rnd
        return rnd.choice(_SURNAMES) + "".join(
            rnd.choice(_GIVEN) for _ in range(rnd.choice((1, 2)))
        )

    def value(self, f, day):
        """A value for one field, and the running date for the next date field."""
        rnd, hint = self.rnd, f.demo
        if isinstance(hint, float) and f.type != "bool" and rnd.random() >= hint:
            return None, day
        if f.type == "date":
            day = day + rnd.randrange(1, 6) * DAY
            return day, day
        if f.type == "month":
            return day.replace(day=1), day
        if f.type == "choice":  # the first option is the usual one (受理, 维持, 调解成功…)
            return (f.choices[0] if rnd.random() < 0.55 else rnd.choice(f.choices)), day
        if f.type == "bool":
            return rnd.random() < (hint if isinstance(hint, float) else 0.8), day
        if f.type == "int" and f.name.endswith("_year"):  # 目录年度, 清理年度: the year itself
            return self.year, day
        if f.type in ("int", "number"):
            low, high = hint if isinstance(hint, tuple) else (1, 30)
            value = rnd.uniform(low, high)
            return (round(value) if f.type == "int" else round(value, 1)), day
        if isinstance(hint, tuple) and hint and isinstance(hint[0], str):
            return rnd.choice(hint), day
        return {
            "unit": lambda: rnd.choice(self.units),
            "person": self.name,
            "list": lambda: [self.name() for _ in range(rnd.randrange(2, 5))],
        }.get(f.type, lambda: f"示例{f.label}{self.number}")(), day

    def skip_steps(self, r: dict) -> None:
        """Skip reasons only where a step was skipped (now and then, with its reason)."""
        for step in self.kind.steps:
            if step.skip_reason:
                r[step.skip_reason] = None
                if self.rnd.random() < 0.08:
                    r[step.date], r[step.skip_reason] = None, f"示例:{step.label}不适用本事项"

    def planned(self, name: str) -> bool:
        return any(is_expiry(c) and c.start == name for c in self.kind.clocks)

    def shape_clock(self, clock, r: dict) -> None:
        """Stop dates mostly in time, some late, recent ones open; pauses and extensions
        now and then, only where the kind has them."""
        rnd, kind = self.rnd, self.kind
        if is_expiry(clock):  # 证件有效期至, 有效期届满前评估: mostly ahead of the day asked
            r[clock.start] = self.as_of + rnd.randrange(-20, 1500) * DAY
            for name in clock.stop:
                r[name] = None
            return
        start = r.get(clock.start)
        if not isinstance(start, dt.date):
            return
        ext = clock.extension
        if ext:
            r[ext["days"]] = r[ext["approved"]] = None
        for pause, resume in clock.pauses:
            r[pause] = r[resume] = None
        days = int(resolve(clock.days, kind, None))
        if clock.months is not None:  # 交办之日起三个月
            months = int(resolve(clock.months, kind, None))
            due = next_workday(add_months(start, months), _calendar(self.calendar))
        else:
            due = add_period(start, days, clock.day_type, self.calendar)
        roll = rnd.random()
        paused = False
        if clock.pauses and roll < 0.08:
            pause, resume = clock.pauses[0]
            r[pause] = start + max(1, days // 3) * DAY
            paused = rnd.random() < 0.5
            if not paused:
                r[resume] = r[pause] + rnd.randrange(10, 40) * DAY
                due += (r[resume] - r[pause]).days * DAY
        elif ext and roll < 0.15:
            r[ext["days"]] = int(resolve(ext["max"], kind, None))
            r[ext["approved"]] = max(start, due - 3 * DAY)
            due = add_period(start, days + r[ext["days"]], clock.day_type, self.calendar)
        if paused or (due >= self.as_of - 10 * DAY and rnd.random() < 0.7):
            for name in clock.stop:
                r[name] = None
        elif rnd.random() < 0.1:
            r[clock.stop[0]] = due + rnd.randrange(1, 30) * DAY
        else:
            r[clock.stop[0]] = start + rnd.randrange(1, max(1, (due - start).days) + 1) * DAY
        for name in clock.stop[1:]:
            r[name] = None if r[clock.stop[0]] else r.get(name)

    def keep_order(self, r: dict) -> bool:
        """Dates in the order the fields are declared (expiry dates excepted)."""
        latest, changed = None, False
        for f in self.kind.fields:
            value = r.get(f.name)
            if f.type != "date" or not isinstance(value, dt.date) or self.planned(f.name):
                continue
            if latest and value < latest:
                r[f.name] = value = latest + self.rnd.randrange(0, 4) * DAY
                changed = True
            latest = value
        return changed

    def stretch_minimums(self, r: dict) -> bool:
        """Minimum periods (征求意见 ≥30日, 审查 ≥7个工作日) met, as most cases meet them."""
        changed = False
        for check in self.kind.checks:
            if "min_days" not in check:
                continue
            earlier, later = r.get(check["earlier"]), r.get(check["later"])
            if isinstance(earlier, dt.date) and isinstance(later, dt.date):
                days = int(resolve(check["min_days"], self.kind, None))
                end = add_period(earlier, days, check.get("day_type", "calendar"), self.calendar)
                if later < end:
                    r[check["later"]] = end + self.rnd.randrange(0, 5) * DAY
                    changed = True
        return changed
