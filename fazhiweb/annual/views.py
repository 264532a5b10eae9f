"""Annual report pages: thin views over services and present; the permission table decides."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.annual.markup import to_markdown
from fazhi.errors import FazhiError
from fazhiweb.accounts.models import Government
from fazhiweb.annual import present, services
from fazhiweb.annual.inputs import register_figures
from fazhiweb.annual.models import AnnualReport, PublicVersion, overrides_of, settings_of
from fazhiweb.core.clock import today
from fazhiweb.core.permissions import allowed, get_for, scope
from fazhiweb.core.views import member_view, run_action
from fazhiweb.core.workflow import WorkflowError


def _report(request, pk, perm: str = "annual.view") -> AnnualReport:
    qs = AnnualReport.objects.select_related("government", "unit", "approved_by", "secrecy_by")
    return get_for(request.user, AnnualReport, pk, perm, queryset=qs)


def _run(request, fn, ok: str) -> bool:
    return run_action(request, fn, ok, errors=(FazhiError,))


@member_view("member")
def index(request):
    m = request.member
    reports = scope(request.user, AnnualReport.objects.select_related("unit"), "member")
    if not (m.is_office or m.is_leader):
        reports = reports.filter(unit_id=m.unit_id) if m.unit_id else reports.none()
    year = today().year - (1 if today().month < 7 else 0)
    return render(request, "annual/index.html", {
        "reports": reports, "years": list(range(today().year, today().year - 4, -1)), "default_year": year,
        "may_start_government": m.is_office, "may_start_unit": m.is_liaison and m.unit_id is not None,
    })


@require_POST
@member_view("member")
def start(request):
    m = request.member
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请选择报告年度。")
        return redirect("annual:index")
    unit = m.unit if request.POST.get("scope") == "unit" else None
    out = {}
    if _run(request, lambda: out.setdefault("r", services.start_report(request.user, m.government, year, unit)),
            f"已按台账和登记簿起草{year}年度报告,请逐部分修改。"):
        return redirect("annual:report", out["r"].pk)
    return redirect("annual:index")


def _parts(report: AnnualReport):
    draft = report.draft
    out = []
    for label, part in draft.numbered_parts():
        html, found = present.part_html(part, report.year)
        out.append({"label": label, "part": part, "html": html, "untraced": found})
    return draft, out


def _sources(r: AnnualReport) -> list[dict]:
    """Department reports submitted so far (also those after the draft was started)."""
    from fazhiweb.annual.inputs import department_sources

    return [] if r.unit_id else department_sources(r.government, r.year)


@member_view("member")
def report(request, pk):
    r = _report(request, pk)
    draft, parts = _parts(r)
    figures = register_figures(r.government, r.year, r.unit)
    u = request.user
    return render(request, "annual/report.html", {
        "r": r, "draft": draft, "parts": parts, "clocks": present.clocks(r),
        "differences": present.differences(r, figures), "sources": _sources(r),
        "public": r.public_versions.order_by("-number"), "dispatches": r.dispatches.all(),
        "may": {p: allowed(u, f"annual.{p}", r) for p in ("edit", "approve", "submit", "publish")},
        "today": today(), "versions": r.versions.select_related("author")[:5],
    })


@member_view("member")
def audit_panel(request, pk):
    r = _report(request, pk)
    result = present.audit_result(r)
    labels = {"error": "错误", "warning": "警告", "notice": "提示"}
    for f in result["findings"]:
        f["label"] = labels.get(f["severity"], f["severity"])
    from fazhi.export import SECTION_NAMES

    sections = [(SECTION_NAMES.get(k, k), v) for k, v in result["sections"].items()]
    return render(request, "annual/_audit.html", {"r": r, "result": result, "sections": sections})


@member_view("member")
def coverage_panel(request, pk):
    r = _report(request, pk)
    return render(request, "annual/_coverage.html", {"r": r, "cov": present.coverage(r)})


def _figure_choices(r: AnnualReport, figures: dict) -> list[dict]:
    from fazhi.annual.draft import register_figure

    out = []
    for key, stat in figures.items():
        if stat.get("value") is None:
            continue
        f = register_figure(key, stat)
        out.append({"key": key, "text": f.text(), "definition": f.definition,
                    "url": present.records_url(key, r.year)})
    return out


@member_view("member")
def edit_part(request, pk, part):
    r = _report(request, pk, "annual.edit")
    draft = r.draft
    try:
        current = draft.part(part)
    except StopIteration:
        raise Http404("未找到。") from None
    text = to_markdown(current)
    errors: list[str] = []
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            errors = services.save_part(request.user, r, part, text, request.POST.get("lock_version"))
        except (WorkflowError, FazhiError) as exc:
            errors = [str(exc)]
        if not errors:
            messages.success(request, f"已保存“{current.heading}”(新版本已记录)。")
            return redirect(f"{r.get_absolute_url()}#part-{part}")
    figures = register_figures(r.government, r.year, r.unit)
    html, found = present.part_html(current, r.year)
    return render(request, "annual/edit.html", {
        "r": r, "part": current, "text": text, "errors": errors, "preview": html, "untraced": found,
        "choices": _figure_choices(r, figures),
        "sources": _sources(r) if part == "achievements" else [],
    })


@require_POST
@member_view("member")
def preview(request, pk, part):
    """The part as it would be saved (htmx, as the user types): figures resolved, typed numbers flagged."""
    from fazhi.annual.markup import from_markdown

    r = _report(request, pk, "annual.edit")
    try:
        old = r.draft.part(part)
    except StopIteration:
        raise Http404("未找到。") from None
    new, errors = from_markdown(request.POST.get("text", ""), old, register_figures(r.government, r.year, r.unit))
    html, found = present.part_html(new, r.year)
    return render(request, "annual/_preview.html", {"preview": html, "untraced": found, "errors": errors})


def _lock(request):
    return request.POST.get("lock_version")


@require_POST
@member_view("member")
def accept(request, pk):
    r = _report(request, pk)
    keys = set(request.POST.getlist("key")) or None
    _run(request, lambda: services.accept_differences(request.user, r, keys, _lock(request)),
         "已采用登记簿最新数据;报告需重新审定。" if r.state != AnnualReport.DRAFT else "已采用登记簿最新数据。")
    return redirect(r)


@require_POST
@member_view("member")
def step(request, pk, action):
    r = _report(request, pk)
    u, p = request.user, request.POST
    actions = {
        "approve": (lambda: services.approve(u, r, _lock(request)), "已审定:数据已冻结。"),
        "submit": (lambda: services.submit(u, r, _lock(request)), "已报送本级政府。"),
        "secrecy": (lambda: services.secrecy_review(u, r, p.get("note", ""), _lock(request)), "已记录保密审查。"),
        "publish": (lambda: services.publish(u, r, p.get("note", ""), _lock(request)), "已在公开页面发布。"),
        "dispatch": (lambda: services.record_dispatch(u, r, p.get("recipient", ""), _date(p.get("sent_on")),
                                                      bool(p.get("copy"))), "已记录报送。"),
    }
    if action not in actions:
        raise Http404("未找到。")
    fn, ok = actions[action]
    _run(request, fn, ok)
    return redirect(r)


def _date(text) -> dt.date:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise services.AnnualError("报送日期格式应为 YYYY-MM-DD。") from None


@member_view("member")
def versions(request, pk):
    r = _report(request, pk)
    rows = list(r.versions.select_related("author"))
    diff = None
    b = next((v for v in rows if str(v.number) == request.GET.get("v")), None)
    if b is not None:
        a = next((v for v in rows if v.number == b.number - 1), None)
        diff = {"a": a, "b": b, "lines": present.version_diff(a, b)}
    return render(request, "annual/versions.html", {"r": r, "rows": rows, "diff": diff})


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


@member_view("member")
def download(request, pk, fmt):
    from fazhi.annual.cli import write_output

    r = _report(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("未找到。")
    name = f"{r.data.get('title') or r.year}.{fmt}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"report.{fmt}"
        try:
            write_output(r.draft, out, overrides_of(r.government_id))
        except FazhiError as exc:
            messages.error(request, str(exc))
            return redirect(r)
        resp = HttpResponse(out.read_bytes(), content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


@member_view("annual.settings")
def settings_page(request):
    from fazhi.annual.settings import settings as defaults

    m = request.member
    if request.method == "POST":
        if _run(request, lambda: services.save_settings(request.user, m.government, request.POST), "已保存年度报告设置。"):
            return redirect("annual:settings")
    current = settings_of(m.government_id)
    base = defaults(overrides_of(m.government_id))
    return render(request, "annual/settings.html", {
        "local_due": current.get("local_due", ""), "audit": base["audit"], "layout": base["layout"],
        "defaults": defaults(),
    })


# ---------------------------------------------------------------- public (no login)

def public_report(request, government, year, number=None):
    gov = get_object_or_404(Government, pk=government)
    qs = PublicVersion.objects.filter(report__government=gov, report__year=year, report__unit__isnull=True)
    all_versions = list(qs.order_by("-number"))
    if not all_versions:
        raise Http404("未找到。")
    shown = all_versions[0] if number is None else next((v for v in all_versions if v.number == number), None)
    if shown is None:
        raise Http404("未找到。")
    return render(request, "annual/public.html", {"gov": gov, "year": year, "pv": shown, "versions": all_versions,
                                                  "latest": all_versions[0]})


def public_index(request):
    rows = (PublicVersion.objects.filter(report__unit__isnull=True).select_related("report__government")
            .order_by("report__government__name", "-report__year", "-number"))
    seen, out = set(), []
    for pv in rows:
        if pv.report_id not in seen:
            seen.add(pv.report_id)
            out.append(pv)
    return render(request, "annual/public_index.html", {"rows": out})
