from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core.access import require
from fazhiweb.core.views import member_view
from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress import services
from fazhiweb.progress.dashboard import assignment_rows
from fazhiweb.progress.models import STATUSES, Evidence, Report


@member_view("member")
def my_assignments(request):
    m = request.member
    if not m.is_liaison:
        return redirect("progress:review_queue" if m.is_office else "plans:list")
    qs = Assignment.objects.filter(unit=m.unit, active=True, task__removed=False,
                                   task__plan__status=Plan.PUBLISHED, task__plan__government=m.government)
    rows = assignment_rows(qs)
    far = 10**6
    rows.sort(key=lambda r: (r.done, r.workdays_left if r.workdays_left is not None else far))
    return render(request, "progress/my.html", {"rows": rows, "unit": m.unit})


def _values(post) -> dict:
    return {
        "status": post.get("status", ""), "text": post.get("text", ""), "percent": post.get("percent", ""),
        "reason": post.get("reason", ""),
        "figures": {int(k[7:]): v for k, v in post.items() if k.startswith("figure_") and k[7:].isdigit()},
    }


@member_view("member")
def report_new(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("task__plan", "unit"), pk=pk)
    require(request.user, "assignment.report", assignment)
    errors: list[str] = []
    conflict = False
    values = {"status": "in_progress", "percent": 0, "text": "", "reason": "", "figures": {}}
    last = assignment.latest_report()
    if last is not None:
        values.update(status=last.status, percent=last.percent, text=last.text, reason=last.reason,
                      figures={f["index"]: f["value"] for f in last.figures})
    if request.method == "POST":
        values = _values(request.POST)
        try:
            report = services.submit_report(request.user, assignment, values, request.FILES.getlist("files"),
                                            token=request.POST.get("token") or None,
                                            base_version=request.POST.get("base_version"))
        except ValidationError as exc:
            errors = exc.messages
        except services.ReportConflict as exc:
            errors, conflict = [str(exc)], True
            last = assignment.latest_report()  # show what changed; the form now builds on it
        except services.ReportError as exc:
            errors = [str(exc)]
        else:
            messages.success(request, f"已报送第 {report.version} 版,等待审核。")
            return redirect("progress:report", pk=report.pk)
    targets = [{"i": i, "t": t, "value": values["figures"].get(i, "")} for i, t in
               enumerate(assignment.task.targets or [])]
    return render(request, "progress/report_form.html", {
        "assignment": assignment, "values": values, "errors": errors, "statuses": STATUSES,
        "targets": targets, "token": secrets.token_hex(16), "last": last,
        "base_version": last.version if last is not None else 0,
        "history": assignment.reports.order_by("-version"),
    }, status=409 if conflict else 400 if errors else 200)


@member_view("member")
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.select_related("assignment__task__plan", "assignment__unit"), pk=pk)
    m = require(request.user, "report.view", report)
    history = report.assignment.reports.order_by("-version")
    return render(request, "progress/report.html", {"report": report, "history": history,
                                                    "can_review": m.is_office and report.state == Report.SUBMITTED})


@member_view("office")
def review_queue(request):
    reports = (Report.objects.filter(state=Report.SUBMITTED, assignment__task__plan__government=request.member.government)
               .select_related("assignment__task__plan", "assignment__unit").order_by("submitted_at"))
    return render(request, "progress/review_queue.html", {"reports": reports})


@require_POST
@member_view("member")
def review(request, pk):
    report = get_object_or_404(Report, pk=pk)
    require(request.user, "report.review", report)
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


@member_view("member")
def evidence_download(request, pk):
    ev = get_object_or_404(Evidence.objects.select_related("report__assignment"), pk=pk)
    require(request.user, "evidence.view", ev)
    path = (Path(settings.MEDIA_ROOT) / ev.path).resolve()
    if not path.is_file() or Path(settings.MEDIA_ROOT).resolve() not in path.parents:
        raise Http404("文件不存在。")
    return FileResponse(path.open("rb"), as_attachment=True, filename=ev.original_name, content_type=ev.content_type)
