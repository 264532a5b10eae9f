"""Files kept with a case or one of its steps: the upload, the removal, the download, and the
groups the case page lists (one per ordered step where the kind has steps, else one per case).
Downloads go to whoever may view the case, never to the public."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from fazhiweb.core.files import ALLOWED_TEXT, file_response
from fazhiweb.core.permissions import get_for
from fazhiweb.core.views import member_view
from fazhiweb.registers import services
from fazhiweb.registers.models import Case, CaseFile


def file_groups(case: Case, kind, record: dict, error: tuple[str, str] | None = None) -> list[dict]:
    """[{step, label, date, files, error}]: the kind's ordered steps (重大行政决策) in order, each
    with its date and files, then the case's own files and any kept with a transition."""
    files: dict[str, list] = {}
    for f in case.files.order_by("uploaded_at", "id"):
        files.setdefault(f.step, []).append(f)
    names = services.step_names(kind)
    groups = []
    for s in kind.steps:
        day = record.get(s.date)
        groups.append({"step": s.name, "label": s.label, "date": day if isinstance(day, dt.date) else None,
                       "files": files.pop(s.name, [])})
    groups.append({"step": "", "label": "本案文件" if kind.steps else "文件", "date": None, "files": files.pop("", [])})
    for name, rows in files.items():  # kept with a transition (or a step the data file no longer has)
        groups.append({"step": name, "label": names.get(name, name), "date": None, "files": rows})
    for g in groups:
        g["error"] = ""
    if error:  # on the step's own row; an unknown step's on the case's row
        at = next((g for g in groups if g["step"] == error[0]), None) or next(g for g in groups if not g["step"])
        at["error"] = error[1]
    return groups


FILE_HINT = f"可上传 {ALLOWED_TEXT}"


@require_POST
@member_view("member")
def upload(request, pk):
    case = get_for(request.user, Case, pk, "register.view")
    step = request.POST.get("step", "")
    try:
        rows = services.add_files(request.user, case, request.FILES.getlist("files"), step)
    except services.FormErrors as exc:
        from fazhiweb.registers.views import case_page

        return case_page(request, case, file_error=(step, "；".join(exc.errors.values())))
    messages.success(request, f"已上传 {len(rows)} 个文件")
    return redirect("registers:case", case.pk)


@require_POST
@member_view("member")
def remove(request, pk):
    row = get_for(request.user, CaseFile, pk, "register.view", CaseFile.objects.select_related("case"))
    services.remove_file(request.user, row)
    messages.success(request, f"已删除文件“{row.original_name}”")
    return redirect("registers:case", row.case_id)


@member_view("member")
def download(request, pk):
    return file_response(get_for(request.user, CaseFile, pk, "register.view",
                                 CaseFile.objects.select_related("case")))
