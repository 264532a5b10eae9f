from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core import pagecache
from fazhiweb.core.clock import milestones
from fazhiweb.core.files import file_response
from fazhiweb.core.permissions import allowed, get_for
from fazhiweb.core.views import member_view
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services
from fazhiweb.progress.dashboard import rows_for_ids
from fazhiweb.progress.due import (
    DONE,
    DueCalculator,
    Item,
    open_assignments,
    pending_entries,
    scan,
)
from fazhiweb.progress.models import STATUSES, Evidence, Report

PAGE_SIZE = 30
DUE_BOX = 10


def my_page(member, page_number, calc: DueCalculator) -> dict:
    """The liaison's home page: the unit's assignments of the current (latest) plan year first, not
    done before done, nearest deadline first, 30 a page; and the first ten due-soon / overdue ones.
    Statuses come from plain values; model rows are built only for what the page shows."""
    mine = Assignment.objects.filter(unit_id=member.unit_id, task__plan__government_id=member.government_id)
    # a duty a revised plan withdrew stays in the list while the unit has reports on it:
    # reports are never hidden from the unit that wrote them
    # Two short queries for the ids, then the scan by primary key: one query with "open OR withdrawn"
    # subqueries made PostgreSQL plan sequential scans of every task and assignment (~1 s).
    open_ids = list(open_assignments(mine).values_list("pk", flat=True))
    withdrawn = mine.filter(task__plan__status="published", reports__isnull=False).exclude(
        pk__in=open_ids).values_list("pk", flat=True).distinct()
    qs = Assignment.objects.filter(pk__in=open_ids + list(withdrawn))
    entries = scan(qs, calc)
    current = max((e.plan_year or 0 for e in entries), default=0)
    far = dt.date.max
    entries.sort(key=lambda e: ((e.plan_year or 0) != current, e.status.state == DONE,
                                e.status.due.date or far, -(e.plan_year or 0), e.plan_id, e.task_order, e.id))
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    pending = pending_entries(entries)
    shown = [e.id for e in page.object_list]
    due_ids = [e.id for e in pending[:DUE_BOX]]
    rows = {r.assignment.pk: r for r in rows_for_ids(list(dict.fromkeys(shown + due_ids)), calc)}
    return {"rows": [rows[i] for i in shown if i in rows], "page": page, "current_year": current,
            "items": [Item(rows[i].assignment, rows[i].status) for i in due_ids if i in rows],
            "due_count": len(pending), "due_limit": DUE_BOX}


@member_view("member")
def my_assignments(request):
    m = request.member
    if not m.is_liaison:
        return redirect("progress:review_queue" if m.is_office else "plans:list")
    day, number = pagecache.today(), pagecache.page_number(request.GET.get("page"))

    def build():
        calc = DueCalculator(day)
        return {**my_page(m, number, calc), "unit": m.unit, "soon_days": calc.soon_days, "calendar_note": calc.note}

    body = pagecache.body(m, "progress.my", (m.unit_id, number), day, "progress/_my_body.html", build)
    return render(request, "progress/my.html", {"body": body})


@member_view("member")
def report_new(request, pk):
    assignment = get_for(request.user, Assignment, pk, "assignment.report",
                         Assignment.objects.select_related("task__plan", "unit"))
    errors: list[str] = []
    conflict = False
    values = {"status": "in_progress", "percent": 0, "text": "", "reason": "", "figures": {}, "milestones": []}
    last = assignment.latest_report()
    if last is not None:
        values.update(status=last.status, percent=last.percent, text=last.text, reason=last.reason,
                      figures={f["index"]: f["value"] for f in last.figures}, milestones=last.milestones)
    if request.method == "POST":
        values = services.report_data(request.POST)
        draft = bool(request.POST.get("draft"))
        try:
            report = services.submit_report(request.user, assignment, values, request.FILES.getlist("files"),
                                            token=request.POST.get("token") or None,
                                            base_version=request.POST.get("base_version"), draft=draft,
                                            remove=request.POST.getlist("remove"))
        except ValidationError as exc:
            errors = exc.messages
        except services.ReportConflict as exc:
            errors, conflict = [str(exc)], True
            last = assignment.latest_report()  # show what changed; the form now builds on it
        except services.ReportError as exc:
            errors = [str(exc)]
        else:
            if report.state == Report.DRAFT:
                messages.success(request, f"已保存第 {report.version} 版草稿,尚未报送。")
            else:
                messages.success(request, f"已报送第 {report.version} 版,等待审核。")
            return redirect("progress:report", pk=report.pk)
    targets = [{"i": i, "t": t, "value": values["figures"].get(i, "")} for i, t in
               enumerate(assignment.task.targets or [])]
    return render(request, "progress/report_form.html", {
        "assignment": assignment, "values": values, "errors": errors, "statuses": STATUSES,
        "targets": targets, "token": secrets.token_hex(16), "last": last,
        "base_version": last.version if last is not None else 0,
        "stones": milestones(assignment.task.deadlines, assignment.task.plan.default_deadline),
        "carried": list(last.evidence.all()) if last is not None else [],
        "history": assignment.reports.order_by("-version"),
    }, status=409 if conflict else 400 if errors else 200)


@member_view("member")
def report_detail(request, pk):
    report = get_for(request.user, Report, pk, "report.view",
                     Report.objects.select_related("assignment__task__plan", "assignment__unit"))
    history = report.assignment.reports.order_by("-version")
    if report.state == Report.DRAFT and not allowed(request.user, "report.edit", report):
        raise Http404("未找到。")  # a draft is the unit's own until it is submitted
    return render(request, "progress/report.html", {
        "report": report, "history": history,
        "can_review": report.state == Report.SUBMITTED and allowed(request.user, "report.review", report),
        "can_withdraw": report.state == Report.SUBMITTED and allowed(request.user, "report.edit", report),
        "can_edit": allowed(request.user, "report.edit", report)})


@member_view("office")
def review_queue(request):
    reports = (Report.objects.filter(state=Report.SUBMITTED, assignment__task__plan__government=request.member.government)
               .select_related("assignment__task__plan", "assignment__unit").order_by("submitted_at"))
    return render(request, "progress/review_queue.html", {"reports": reports})


@require_POST
@member_view("member")
def review(request, pk):
    report = get_for(request.user, Report, pk, "report.review")
    try:
        services.review_report(request.user, report, request.POST.get("action", ""), request.POST.get("comment", ""),
                               lock_version=request.POST.get("lock_version"))
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("progress:report", pk=pk)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("progress:report", pk=pk)
    messages.success(request, "审核完成。")
    return redirect("progress:review_queue")


@require_POST
@member_view("member")
def withdraw(request, pk):
    report = get_for(request.user, Report, pk, "report.edit")
    try:
        services.withdraw_report(request.user, report, request.POST.get("lock_version"))
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("progress:report", pk=pk)
    messages.success(request, "已撤回,报告回到草稿状态,可修改后重新报送。")
    return redirect("progress:report_new", pk=report.assignment_id)


@member_view("member")
def evidence_download(request, pk):
    ev = get_for(request.user, Evidence, pk, "evidence.view", Evidence.objects.select_related("report__assignment"))
    return file_response(ev)
