"""Re-importing a sheet updates records in place, keyed on 案号 / 文号 (written the same
whatever brackets: see sheet.key_of). Only the columns the sheet has are replaced."""

from __future__ import annotations

from dataclasses import dataclass, field

from fazhi.registers.sheet import SheetImport, key_of

__all__ = ["MergePlan", "merge"]


@dataclass
class MergePlan:
    created: list[dict] = field(default_factory=list)
    updated: list[tuple[str, dict, list[str]]] = field(default_factory=list)  # key, new, changed
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"新增": len(self.created), "更新": len(self.updated), "未变": len(self.unchanged)}


def merge(kind, existing: dict, imported: SheetImport) -> MergePlan:
    """What storing `imported` over `existing` ({key as stored: record}) does.

    The caller applies the plan in one transaction, and only when `imported.ok`."""
    by_key = {key_of(k): (k, rec) for k, rec in existing.items()}
    columns = imported.fields
    plan = MergePlan()
    for item in imported.records:
        found = by_key.get(key_of(item.values.get(kind.key)))
        if found is None:
            plan.created.append(dict(item.values))
            continue
        stored_key, old = found
        new = dict(old)
        new.update({name: item.values.get(name) for name in columns if name != kind.key})
        changed = [name for name in columns if old.get(name) != new.get(name) and name != kind.key]
        if changed:
            plan.updated.append((stored_key, new, changed))
        else:
            plan.unchanged.append(stored_key)
    return plan
