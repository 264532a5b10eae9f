"""Resolving a plan's unit names once per distinct name, not once per mention.

The review page lists each unresolved name once with its number of mentions. Mapping a name (to
a unit or a group) or adding it as a new unit applies to every mention in the plan and is
remembered as an alias, so the next import resolves it silently. Each public function is one
transaction ending with its audit entry.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhiweb.audit.services import record
from fazhiweb.directory import services as directory_services
from fazhiweb.directory.names import guess_kind, normalize
from fazhiweb.directory.resolve import ACCEPT_FROM, Resolver
from fazhiweb.plans.models import ROLE_LABELS, Plan, TaskUnitMention
from fazhiweb.plans.sync import sync_assignments


@dataclass
class NameRow:
    """One distinct unresolved name of a plan."""

    name: str
    mentions: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # [(unit or group, score)]

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def tasks(self) -> list[str]:
        return list(dict.fromkeys(m.task.label for m in self.mentions))

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(ROLE_LABELS[m.role] for m in self.mentions))

    @property
    def guessed_kind(self) -> str:
        return guess_kind(self.name)


def unresolved_mentions(plan: Plan):
    return TaskUnitMention.objects.filter(task__plan=plan, task__removed=False, unit__isnull=True,
                                          group__isnull=True).select_related("task").order_by("task__order", "id")


def unresolved_names(plan: Plan, resolver: Resolver | None = None) -> list[NameRow]:
    """Each distinct unresolved name (after normalisation) once, in order of first mention,
    with its mentions and ranked suggestions."""
    rows: OrderedDict[str, NameRow] = OrderedDict()
    for m in unresolved_mentions(plan):
        k = normalize(m.raw_name)
        rows.setdefault(k, NameRow(m.raw_name)).mentions.append(m)
    resolver = resolver or Resolver(plan.government)
    for row in rows.values():
        row.suggestions = resolver.suggest(row.name)
    return list(rows.values())


def _apply(plan: Plan, row: NameRow, unit=None, group=None) -> int:
    ids = [m.pk for m in row.mentions]
    return TaskUnitMention.objects.filter(pk__in=ids).update(unit=unit, group=group)


def _remember(user, target, raw: str) -> bool:
    """Keep `raw` as an alias of the unit or group unless it is known already or clashes."""
    if normalize(raw) in {normalize(n) for n in target.names()}:
        return False
    try:
        with transaction.atomic():
            directory_services.add_alias(user, target, raw)
    except ValidationError:
        return False  # the name belongs to another entry: map this plan's mentions only
    return True


def _row(plan: Plan, name: str) -> NameRow | None:
    k = normalize(name)
    return next((r for r in unresolved_names(plan) if normalize(r.name) == k), None)


def _check(plan: Plan, target) -> None:
    if target is not None and target.government_id != plan.government_id:
        raise ValidationError("所选单位不属于本政府。")


@transaction.atomic
def resolve_name(user, plan: Plan, name: str, unit=None, group=None) -> int:
    """Map every unresolved mention of `name` in the plan to `unit` or `group` and remember the
    name as its alias. Returns the number of mentions resolved."""
    _check(plan, unit or group)
    if (unit is None) == (group is None):
        raise ValidationError("请选择一个单位或分组。")
    row = _row(plan, name)
    if row is None:
        return 0
    n = _apply(plan, row, unit, group)
    alias = _remember(user, unit or group, row.name)
    if plan.is_published:
        sync_assignments(plan)
    record(user, "mention.resolve", plan, after={"name": row.name, "unit": unit.name if unit else None,
                                                 "group": group.name if group else None, "mentions": n,
                                                 "alias_remembered": alias})
    return n


@transaction.atomic
def accept_suggestions(user, plan: Plan, threshold: int = ACCEPT_FROM) -> dict:
    """Map every name whose best suggestion scores at least `threshold` to it."""
    done = {"names": 0, "mentions": 0}
    for row in unresolved_names(plan):
        if not row.suggestions or row.suggestions[0][1] < threshold:
            continue
        target, _ = row.suggestions[0]
        unit, group = (target, None) if target._meta.model_name == "unit" else (None, target)
        done["mentions"] += _apply(plan, row, unit, group)
        _remember(user, target, row.name)
        done["names"] += 1
    if plan.is_published:
        sync_assignments(plan)
    record(user, "mention.accept_suggestions", plan, after={"threshold": threshold, **done})
    return done


@transaction.atomic
def add_units_for_names(user, plan: Plan, names: list[str] | None = None, kinds: dict | None = None) -> dict:
    """Add each name (all remaining ones when `names` is None) to the directory as a new unit,
    kind guessed from the name unless given, and resolve its mentions."""
    wanted = None if names is None else {normalize(n) for n in names}
    done = {"units": 0, "mentions": 0}
    for row in unresolved_names(plan):
        if wanted is not None and normalize(row.name) not in wanted:
            continue
        kind = (kinds or {}).get(row.name) or row.guessed_kind
        unit = directory_services.create_unit(user, plan.government,
                                              {"name": normalize(row.name), "kind": kind, "aliases": []})
        done["mentions"] += _apply(plan, row, unit, None)
        done["units"] += 1
    if plan.is_published:
        sync_assignments(plan)
    record(user, "mention.add_units", plan, after=done)
    return done
