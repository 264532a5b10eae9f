"""What each home page shows first: what needs the user. The home app stands on the apps whose
work it gathers (plans, progress, supervision) and is imported by none of them."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery

from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress.dashboard import rows_for_ids, scan_plan, shared_states
from fazhiweb.progress.due import DONE, open_assignments, pending_entries, scan
from fazhiweb.progress.models import Report
from fazhiweb.supervision.models import OPEN_STATES, Notice

PENDING_LIMIT = 20
REST_LIMIT = 10


def open_notices(member):
    qs = Notice.objects.filter(government_id=member.government_id, state__in=OPEN_STATES)
    if member.is_liaison:
        qs = qs.filter(unit_id=member.unit_id)
    return qs.select_related("unit").order_by("reply_by", "id")


def returned_reports(member):
    """The unit's reports sent back for changes and not yet reported again (latest version only)."""
    latest = Report.objects.filter(assignment=OuterRef("assignment")).order_by("-version").values("version")[:1]
    mine = open_assignments(Assignment.objects.filter(unit_id=member.unit_id,
                                                      task__plan__government_id=member.government_id))
    return (Report.objects.filter(assignment__in=mine, state=Report.RETURNED, version=Subquery(latest))
            .select_related("assignment__task__plan", "assignment__unit").order_by("reviewed_at"))


def liaison_home(member, calc) -> dict:
    """Open notices, returned reports, overdue and due-soon items (archived plans excluded), then
    the rest of the unit's open work, nearest deadline first."""
    mine = open_assignments(Assignment.objects.filter(unit_id=member.unit_id,
                                                      task__plan__government_id=member.government_id))
    entries = scan(mine, calc)
    pending = pending_entries(entries)
    returned = list(returned_reports(member))
    returned_ids = {r.assignment_id for r in returned}
    rest = sorted((e for e in entries if not e.status.pending and e.status.state != DONE and e.id not in returned_ids),
                  key=lambda e: (e.status.due.date is None, e.status.due.date, e.plan_id, e.task_order, e.id))
    pending_ids = [e.id for e in pending if e.id not in returned_ids][:PENDING_LIMIT]
    rest_ids = [e.id for e in rest[:REST_LIMIT]]
    rows = {r.assignment.pk: r for r in rows_for_ids(pending_ids + rest_ids, calc)}
    return {"notices": list(open_notices(member)), "returned": returned,
            "pending": [rows[i] for i in pending_ids if i in rows], "pending_count": len(pending),
            "rest": [rows[i] for i in rest_ids if i in rows], "rest_count": len(rest)}


def overview(member, calc) -> dict:
    """The plans' standing (done, overdue), open notices by unit — for leaders and the office."""
    plans = Plan.objects.current().filter(government_id=member.government_id,
                                          status=Plan.PUBLISHED).order_by("-year", "-id")
    standing = []
    for plan in plans:
        sc = scan_plan(plan, calc, states=shared_states(plan, calc))
        standing.append({"plan": plan, "total": sc.total, "done": sc.done, "overdue": len(sc.overdue),
                         "soon": len(sc.due_soon),
                         "percent": round(100 * sc.done / sc.total) if sc.total else 0})
    notices = open_notices(member)
    by_unit = (notices.order_by().values("unit__name").annotate(n=Count("id"),
                                                                  late=Count("id", filter=Q(reply_by__lt=calc.today)))
               .order_by("-late", "-n", "unit__name"))
    return {"standing": standing, "notices": list(notices[:20]), "notice_count": notices.count(),
            "notices_by_unit": list(by_unit)}
