"""Resolving the unit names a plan writes against one government's directory.

Only an exact match after normalisation confirms silently: full name, short name or alias,
with or without the own government's prefix (directory.names.key). Anything else is a
suggestion ranked by string similarity (rapidfuzz), never a silent match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.names import key, normalize, own_prefixes

SUGGEST_FROM = 60  # similarity (0–100) from which a directory entry is offered
ACCEPT_FROM = 85  # default threshold of “accept all suggestions above …”


@dataclass
class Resolution:
    kind: str  # "unit" | "group" | "suggest" | "unknown"
    raw: str
    unit: object | None = None
    group: object | None = None
    members: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # [(unit or group, score 0–100)], best first

    @property
    def resolved(self) -> bool:
        return self.kind in {"unit", "group"}

    @property
    def best(self):
        return self.suggestions[0] if self.suggestions else (None, 0)


class Resolver:
    """Resolves many names against one government's directory (loaded once)."""

    def __init__(self, government):
        self.government = government
        self.prefixes = own_prefixes(government.name)
        self.units = list(Unit.objects.filter(government=government, active=True))
        self.groups = list(UnitGroup.objects.filter(government=government).prefetch_related("members"))
        self.exact: dict[str, object] = {}
        self.keys: list[tuple[str, object]] = []  # (key, entry) for ranking
        for entry in [*self.units, *self.groups]:
            for n in entry.names():
                k = key(n, self.prefixes)
                self.exact.setdefault(normalize(n), entry)
                self.exact.setdefault(k, entry)
                self.keys.append((k, entry))

    def resolve(self, raw: str, limit: int = 5) -> Resolution:
        norm = normalize(raw)
        if not norm:
            return Resolution("unknown", raw)
        entry = self.exact.get(norm) or self.exact.get(key(norm, self.prefixes))
        if isinstance(entry, Unit):
            return Resolution("unit", raw, unit=entry)
        if isinstance(entry, UnitGroup):
            return Resolution("group", raw, group=entry, members=[m for m in entry.members.all() if m.active])
        found = self.suggest(raw, limit)
        return Resolution("suggest" if found else "unknown", raw, suggestions=found)

    def suggest(self, raw: str, limit: int = 5) -> list:
        k = key(raw, self.prefixes)
        best: dict[tuple[str, int], tuple[object, int]] = {}
        for other, entry in self.keys:
            score = round(fuzz.ratio(k, other))
            ident = (entry._meta.model_name, entry.pk)
            if score >= SUGGEST_FROM and score > best.get(ident, (None, -1))[1]:
                best[ident] = (entry, score)
        return sorted(best.values(), key=lambda t: (-t[1], t[0].name))[:limit]
