"""A published plan's assignments follow its mentions: one duty per unit per task, in the
unit's strongest role there (牵头 > 责任 > 配合), a group standing for its active members."""

from __future__ import annotations

from fazhiweb.plans.models import ROLES, Assignment, Plan, TaskUnitMention

RANK = {role: i for i, (role, _) in enumerate(ROLES)}  # lead 0 < responsible 1 < support 2


def desired_assignments(plan: Plan) -> set[tuple[int, int, str]]:
    """(task, unit, role) for every unit named on a task, directly or through a group, once, in
    its strongest role: a unit named as 牵头 and again through a 配合 group reports once, as 牵头."""
    best: dict[tuple[int, int], str] = {}
    mentions = TaskUnitMention.objects.filter(task__plan=plan, task__removed=False).select_related("group")
    for m in mentions:
        if m.unit_id:
            units = [m.unit_id]
        elif m.group_id:
            units = list(m.group.members.filter(active=True).values_list("pk", flat=True))
        else:
            continue
        for uid in units:
            k = (m.task_id, uid)
            if k not in best or RANK[m.role] < RANK[best[k]]:
                best[k] = m.role
    return {(t, u, r) for (t, u), r in best.items()}


def sync_assignments(plan: Plan, dry_run: bool = False) -> dict:
    """Make the plan's assignments match its mentions. Never deletes: deactivates. `dry_run`
    only reports what would change (the re-import's confirmation page)."""
    wanted = desired_assignments(plan)
    counts = {"created": 0, "deactivated": 0, "reactivated": 0, "with_reports": []}
    current = {(a.task_id, a.unit_id, a.role): a for a in
               Assignment.objects.filter(task__plan=plan).select_related("task", "unit")}
    for key in wanted - current.keys():
        if not dry_run:
            Assignment.objects.create(task_id=key[0], unit_id=key[1], role=key[2])
        counts["created"] += 1
    for key, a in current.items():
        if key in wanted and not a.active:
            if not dry_run:
                a.active = True
                a.save(update_fields=["active"])
            counts["reactivated"] += 1
        elif key not in wanted and a.active:
            if a.reports.exists():
                counts["with_reports"].append(a)
            if not dry_run:
                a.active = False
                a.save(update_fields=["active"])
            counts["deactivated"] += 1
    return counts
