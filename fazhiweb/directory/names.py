"""Name normalisation and resolution: a unit mention from a plan → unit, group or suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
_TRAIL = re.compile(r"(等(有关|相关)?(部门|单位)|等)$")
_SIMPLE_PREFIX = ("县", "区", "市", "旗")


def normalize(name: str) -> str:
    """Fold full/half width (NFKC), drop whitespace and a trailing 等部门/等单位."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _SPACE.sub("", s)
    s = _TRAIL.sub("", s)
    return s


def core(name: str) -> str:
    """The name without its administrative prefix: 县司法局 / 区司法局 / 司法局 → 司法局."""
    s = normalize(name)
    if len(s) > 2 and s[0] in _SIMPLE_PREFIX:
        return s[1:]
    return s


@dataclass
class Resolution:
    kind: str  # "unit" | "group" | "suggest" | "unknown"
    raw: str
    unit: object | None = None
    group: object | None = None
    members: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # [(unit, score)]

    @property
    def resolved(self) -> bool:
        return self.kind in {"unit", "group"}


class Resolver:
    """Resolves many mentions against one government's directory (loaded once)."""

    def __init__(self, government):
        from fazhiweb.directory.models import Unit, UnitGroup

        self.units = list(Unit.objects.filter(government=government, active=True))
        self.groups = list(UnitGroup.objects.filter(government=government).prefetch_related("members"))
        self.by_name: dict[str, object] = {}
        for u in self.units:
            for n in u.names():
                self.by_name.setdefault(normalize(n), u)
        self.group_by_name: dict[str, object] = {}
        for g in self.groups:
            for n in g.names():
                self.group_by_name.setdefault(normalize(n), g)

    def resolve(self, raw: str, limit: int = 5) -> Resolution:
        key = normalize(raw)
        if not key:
            return Resolution("unknown", raw)
        if key in self.by_name:
            return Resolution("unit", raw, unit=self.by_name[key])
        if key in self.group_by_name:
            g = self.group_by_name[key]
            return Resolution("group", raw, group=g, members=[m for m in g.members.all() if m.active])
        return Resolution("suggest" if (s := self.suggest(raw, limit)) else "unknown", raw, suggestions=s)

    def suggest(self, raw: str, limit: int = 5) -> list:
        key = normalize(raw)
        key_core = core(key)
        scored: dict[int, tuple[object, float]] = {}
        for u in self.units:
            best = 0.0
            for n in u.names():
                nn = normalize(n)
                if core(nn) == key_core:
                    best = max(best, 0.95)  # prefix variant: 区司法局 / 司法局 / 县司法局
                elif key_core in nn or core(nn) in key:
                    best = max(best, 0.8)
                best = max(best, difflib.SequenceMatcher(None, key, nn).ratio())
            if best >= 0.6:
                scored[u.pk] = (u, round(best, 2))
        ranked = sorted(scored.values(), key=lambda t: (-t[1], t[0].name))
        return ranked[:limit]
