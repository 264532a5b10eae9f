"""The upper office's read-only pages on the governments below it. Every page checks
hierarchy.view on the lower government (core.permissions) before anything is read; bodies are
cached per the lower governments' data versions (core.pagecache), so a change down the tree
is seen at once and a page costs its aggregate queries only on a miss."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core import pagecache
from fazhiweb.core.files import file_response
from fazhiweb.core.permissions import allowed, get_for, member_may
from fazhiweb.core.views import member_view
from fazhiweb.hierarchy import analyses, figures, services
from fazhiweb.hierarchy.models import ReportDocument
from fazhiweb.hierarchy.tree import below, lower_for, versions_key
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import plan_dashboard
from fazhiweb.progress.due import DueCalculator


def year_of(request, default: int) -> int:
    raw = request.GET.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def report_year(day) -> int:
    """Annual reports are of the year before (due by the end of March, rules.md)."""
    return day.year - 1


@member_view("hierarchy.view")
def index(request):
    m = request.member
    day = pagecache.today()
    lowers = below(m.government_id)
    year = year_of(request, report_year(day))
    body = pagecache.body(m, "hierarchy.index", (versions_key(lowers), year), day, "hierarchy/_index_body.html",
                          lambda: {**figures.overview(lowers, DueCalculator(day), year), "today": day})
    return render(request, "hierarchy/index.html", {"body": body, "lowers": lowers, "year": year})


def _plans_with_alignment(g, plans) -> list[dict]:
    out = []
    for p in plans:
        upper = analyses.parent_plan(p, g.parent_id)
        out.append({"plan": p, "alignment": analyses.alignment(upper, p) if upper else None})
    return out


@member_view("hierarchy.view")
def government(request, pk):
    m = request.member
    g = lower_for(request.user, pk)
    day = pagecache.today()

    def build():
        calc = DueCalculator(day)
        plans = list(analyses.published_plans([g.pk]).order_by("-year", "-id"))
        rolled = figures.rollup([(p.pk, g.pk) for p in plans if not p.is_archived], calc,
                                {g.pk: g.data_version}).get(g.pk, [0, 0, 0])
        return {"g": g, "plans": _plans_with_alignment(g, plans), "rollup": rolled,
                "reports": analyses.report_entries([g.pk]),
                "children": [c for c in below(g.pk) if c.parent_id == g.pk]}

    body = pagecache.body(m, "hierarchy.government", (g.pk, g.data_version, _parent_version(g)), day,
                          "hierarchy/_government_body.html", build)
    return render(request, "hierarchy/government.html", {
        "body": body, "g": g, "may_upload": member_may(m, "hierarchy.upload", g),
        "may_issue": member_may(m, "inspection.issue", g), "year": report_year(day)})


def _parent_version(g) -> int:
    """The alignment on a lower government's page reads its parent's plans too."""
    from fazhiweb.accounts.models import Government

    return Government.objects.filter(pk=g.parent_id).values_list("data_version", flat=True).first() or 0


@member_view("hierarchy.view")
def plan(request, pk, plan_pk):
    m = request.member
    g = lower_for(request.user, pk)
    p = Plan.objects.filter(pk=plan_pk, government_id=g.pk, status=Plan.PUBLISHED).first()
    if p is None:
        raise Http404("未找到。")
    day = pagecache.today()

    def build():
        upper = analyses.parent_plan(p, g.parent_id)
        return {"g": g, "plan": p, "d": plan_dashboard(p, day, limit=20),
                "alignment": analyses.alignment(upper, p) if upper else None}

    body = pagecache.body(m, "hierarchy.plan", (g.pk, g.data_version, _parent_version(g), p.pk), day,
                          "hierarchy/_plan_body.html", build)
    return render(request, "hierarchy/plan.html", {"body": body, "g": g, "plan": p})


@member_view("hierarchy.view")
def registers(request, pk):
    from fazhiweb.registers import queries

    m = request.member
    g = lower_for(request.user, pk)
    day = pagecache.today()
    year = year_of(request, day.year)

    def build():
        names = {k.name: k.label for k in queries.kinds()}
        rows = [{"key": key, **f} for key, f in queries.figures(g.pk, year, as_of=day).items()]
        kinds = [{"label": o.kind.label, "cases": o.cases, "late": o.late, "soon": o.soon}
                 for o in queries.overview(g.pk, day) if o.cases]
        return {"g": g, "year": year, "rows": rows, "kinds": kinds, "names": names}

    body = pagecache.body(m, "hierarchy.registers", (g.pk, g.data_version, year), day,
                          "hierarchy/_registers_body.html", build)
    return render(request, "hierarchy/registers.html", {"body": body, "g": g, "year": year})


@member_view("hierarchy.view")
def report(request, pk, year):
    """A lower government's annual report of `year` with its coverage of that year's plan."""
    m = request.member
    g = lower_for(request.user, pk)
    entries = [e for e in analyses.report_entries([g.pk], year)]
    entry = analyses.latest_per_government(entries).get(g.pk)
    if entry is None:
        raise Http404("未找到该年度报告。")
    day = pagecache.today()

    def build():
        plan_ = analyses.published_plans([g.pk], year).order_by("-published_at", "-id").first()
        table = analyses.comparison([g], year)
        return {"g": g, "year": year, "entry": entry, "entries": entries,
                "coverage": analyses.report_coverage(entry, plan_), "document": table["documents"][0],
                "values": [{"name": r["name"], "key": r["key"], **r["values"][g.name]}
                           for r in table["rows"] if g.name in r["values"]]}

    body = pagecache.body(m, "hierarchy.report", (g.pk, g.data_version, year), day,
                          "hierarchy/_report_body.html", build)
    return render(request, "hierarchy/report.html", {"body": body, "g": g, "year": year})


@require_POST
@member_view("hierarchy.view")
def report_upload(request, pk):
    g = lower_for(request.user, pk, "hierarchy.upload")
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, "请选择要上传的报告文件。")
        return redirect("hierarchy:government", pk=g.pk)
    try:
        row = services.upload_report(request.user, g, f, request.POST.get("year"))
    except services.HierarchyError as exc:
        messages.error(request, str(exc))
        return redirect("hierarchy:government", pk=g.pk)
    messages.success(request, f"已上传 {g.name} {row.year} 年度报告“{row.original_name}”。")
    return redirect("hierarchy:report", pk=g.pk, year=row.year)


@member_view("hierarchy.view")
def report_file(request, pk):
    row = ReportDocument.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("未找到。")
    lower_for(request.user, row.subject_id)
    return file_response(row)


@member_view("member")
def plan_alignment(request, pk):
    """On a lower government's own plan page (htmx fragment): its alignment with the parent
    government's published plan of the same year. The parent's plan is published: nothing of the
    parent's internal data is shown, only its tasks' numbers and titles."""
    p = get_for(request.user, Plan, pk, "plan.view")
    g = request.member.government
    upper = analyses.parent_plan(p, g.parent_id)
    if upper is None or not allowed(request.user, "plan.view", p):
        return render(request, "hierarchy/_alignment_empty.html", {"plan": p})
    day = pagecache.today()
    body = pagecache.body(request.member, "hierarchy.own_alignment", (p.pk, _parent_version(g)), day,
                          "hierarchy/_alignment.html", lambda: {"a": analyses.alignment(upper, p), "own_page": True})
    return render(request, "hierarchy/_fragment.html", {"body": body})
