"""The government tree as the upper office reads it: one query over every government (a province
holds a few hundred), walked in Python. `Lower` is what the permission table checks
(hierarchy.view: the viewer's government is among `ancestor_ids`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import Http404

from fazhiweb.accounts.models import Government
from fazhiweb.core.permissions import require

LEVEL_ORDER = [code for code, _ in Government.LEVELS]
LEVEL_LABELS = dict(Government.LEVELS)


@dataclass(frozen=True)
class Lower:
    """A government below the viewer's. No `government_id` attribute on purpose: the permission
    table's single-government check does not apply; `ancestor_ids` decides."""

    pk: int
    name: str
    level: str
    parent_id: int | None
    data_version: int
    ancestor_ids: tuple[int, ...]
    path: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)


def _rows() -> dict[int, tuple]:
    return {pk: (name, level, parent, version) for pk, name, level, parent, version in
            Government.objects.values_list("pk", "name", "level", "parent_id", "data_version")}


def _lower(pk: int, rows: dict[int, tuple]) -> Lower:
    name, level, parent, version = rows[pk]
    ancestors, names, seen, p = [], [name], {pk}, parent
    while p is not None and p in rows and p not in seen:
        seen.add(p)
        ancestors.append(p)
        names.append(rows[p][0])
        p = rows[p][2]
    return Lower(pk, name, level, parent, version, tuple(ancestors), "/".join(reversed(names)))


def below(government_id: int) -> list[Lower]:
    """Every government below `government_id`, all levels, in level then name order."""
    rows = _rows()
    children: dict[int | None, list[int]] = {}
    for pk, (_, _, parent, _) in rows.items():
        children.setdefault(parent, []).append(pk)
    out, stack, seen = [], list(children.get(government_id, ())), {government_id}
    while stack:
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        out.append(_lower(pk, rows))
        stack.extend(children.get(pk, ()))
    rank = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
    out.sort(key=lambda g: (rank.get(g.level, 99), g.path))
    return out


def lower_for(user, pk, perm: str = "hierarchy.view") -> Lower:
    """Government `pk` if it is below the user's and the user may `perm` on it; else 404/403."""
    rows = _rows()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("未找到。") from None
    if pk not in rows:
        raise Http404("未找到。")
    lower = _lower(pk, rows)
    require(user, "hierarchy.view", lower)  # 404 outside one's subtree: a sibling is not revealed
    if perm != "hierarchy.view":
        require(user, perm, lower)
    return lower


def versions_key(governments: list[Lower]) -> str:
    """One short key part for the data versions of these governments (page cache)."""
    raw = ",".join(f"{g.pk}.{g.data_version}" for g in sorted(governments, key=lambda g: g.pk))
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def by_level(governments: list[Lower]) -> list[tuple[str, list[Lower]]]:
    groups: dict[str, list[Lower]] = {}
    for g in governments:
        groups.setdefault(g.level, []).append(g)
    return [(LEVEL_LABELS.get(lv, lv), groups[lv]) for lv in LEVEL_ORDER if lv in groups] + \
        [(lv, gs) for lv, gs in groups.items() if lv not in LEVEL_ORDER]
