"""Dashboard, unit page, task timeline, exports and the public page of a plan."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from fazhiweb.audit.models import AuditEntry
from fazhiweb.core import pagecache
from fazhiweb.core.permissions import get_for
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress import exports
from fazhiweb.progress.dashboard import (
    assignment_rows,
    plan_dashboard,
    rows_for_ids,
    scan_plan,
    shared_states,
)
from fazhiweb.progress.due import DueCalculator
from fazhiweb.progress.models import Report


@member_view("member")
def dashboard(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.dashboard")
    m = request.member  # before the cache: the gate for the cached body
    day = pagecache.today()
    unit_id = m.unit_id if m.is_liaison else None  # a liaison sees their own unit's work only
    body = pagecache.body(m, "progress.dashboard", (plan.pk, unit_id), day, "progress/_dashboard_body.html",
                          lambda: {"plan": plan, "d": _dashboard(plan, day, unit_id)})
    return render(request, "progress/dashboard.html", {"plan": plan, "body": body})


def _dashboard(plan, day, unit_id):
    calc = DueCalculator(day)
    return plan_dashboard(plan, calc=calc, unit_id=unit_id, states=shared_states(plan, calc))


PAGE_SIZE = 30


@member_view("member")
def dashboard_due(request, pk):
    """All overdue (or due-soon) assignments of a plan, paged: the dashboard lists only the first."""
    plan = get_for(request.user, Plan, pk, "plan.dashboard")
    m = request.member
    kind = "soon" if request.GET.get("kind") == "soon" else "overdue"
    calc = DueCalculator()
    sc = scan_plan(plan, calc, m.unit_id if m.is_liaison else None)  # a liaison: their own unit only
    page = Paginator(sc.due_soon if kind == "soon" else sc.overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "progress/dashboard_due.html", {
        "plan": plan, "kind": kind, "title": "即将到期的分工" if kind == "soon" else "已逾期的分工",
        "page": page, "rows": rows_for_ids(list(page.object_list), calc), "soon_days": calc.soon_days,
        "query": f"kind={kind}",
    })


@member_view("member")
def unit_page(request, pk, unit_pk):
    plan = get_for(request.user, Plan, pk, "plan.view")
    unit = get_for(request.user, Unit, unit_pk, "unit.view")
    rows = assignment_rows(Assignment.objects.filter(task__plan=plan, unit=unit, active=True))
    return render(request, "progress/unit.html", {"plan": plan, "unit": unit, "rows": rows})


@member_view("member")
def task_page(request, pk):
    task = get_for(request.user, Task, pk, "task.view", Task.objects.select_related("plan"))
    m = request.member
    assignments = task.assignments.select_related("unit")
    reports = Report.objects.filter(assignment__task=task).select_related("assignment__unit", "submitted_by",
                                                                          "reviewed_by")
    if m.is_liaison:
        reports = reports.filter(assignment__unit=m.unit)
    else:
        reports = reports.exclude(state=Report.DRAFT)  # a draft is the unit's own until submitted
    events = []
    for r in reports:
        events.append({"at": r.submitted_at, "kind": "报送", "text": f"{r.assignment.unit} 第{r.version}版:"
                       f"{r.status_label},{r.percent}%", "report": r})
        if r.reviewed_at:
            events.append({"at": r.reviewed_at, "kind": r.get_state_display(),
                           "text": f"{r.assignment.unit} 第{r.version}版 {r.review_comment}", "report": r})
    for rev in task.revisions.all():
        events.append({"at": rev.created_at, "kind": "修订", "text": f"第{rev.number}次修订前快照({rev.reason})",
                       "revision": rev})
    if not m.is_liaison:
        for e in AuditEntry.objects.filter(object_type="plans.task", object_id=str(task.pk)):
            events.append({"at": e.at, "kind": "审计", "text": f"{e.username} {e.action}"})
    events.sort(key=lambda e: e["at"], reverse=True)
    return render(request, "progress/task.html", {
        "task": task, "assignments": assignments, "events": events,
        "rows": assignment_rows(assignments.filter(active=True)) if not m.is_liaison else
        assignment_rows(assignments.filter(active=True, unit=m.unit)),
    })


@member_view("member")
def export_tasks(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.view")
    return xlsx_response(exports.task_table(plan), f"{plan.title}-任务分工表.xlsx")


@member_view("member")
def export_ledger(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.ledger")
    return xlsx_response(exports.ledger(plan), f"{plan.title}-进展台账.xlsx")


def public_plan(request, pk):
    """Anonymous page: published plan, units, deadlines, overall completion. No reports, no files."""
    plan = get_object_or_404(Plan, pk=pk)
    if not plan.is_published:
        raise Http404("未找到。")
    d = plan_dashboard(plan, limit=0)
    tasks = plan.tasks.filter(removed=False).prefetch_related("mentions__unit", "mentions__group")
    return render(request, "progress/public.html", {
        "plan": plan, "tasks": tasks, "percent": d["percent"], "total": d["total"], "done": d["done"],
        "sections": d["sections"],
    })


def public_index(request):
    plans = Plan.objects.filter(status=Plan.PUBLISHED).select_related("government")
    return render(request, "progress/public_index.html", {"plans": plans})
