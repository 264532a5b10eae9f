"""督察 notices (issued by the upper office, received by the lower office) and the comparison of
the lower governments' annual reports."""

from __future__ import annotations

import io

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.analysis.xlsx import comparison_workbook
from fazhiweb.core import pagecache
from fazhiweb.core.permissions import get_for, membership, require
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.hierarchy import analyses, services
from fazhiweb.hierarchy.charts import bars
from fazhiweb.hierarchy.models import Inspection
from fazhiweb.hierarchy.tree import below, lower_for, versions_key
from fazhiweb.hierarchy.views import report_year, year_of
from fazhiweb.supervision.rules import notice_kinds


def _inspection(request, pk) -> Inspection:
    qs = Inspection.objects.select_related("issuer", "target", "created_by")
    return get_for(request.user, Inspection, pk, "inspection.view", qs)


@member_view("member")
def inspections(request):
    """Issued by this government's office (the upper side) and received by it (the lower side)."""
    m = require(request.user, "home.overview")
    qs = Inspection.objects.select_related("issuer", "target")
    return render(request, "hierarchy/inspections.html", {
        "issued": qs.filter(issuer_id=m.government_id)[:200],
        "received": qs.filter(target_id=m.government_id)[:200],
        "today": timezone.localdate(), "may_issue": bool(below(m.government_id)) and m.is_office})


@member_view("inspection.issue")
def inspection_new(request):
    m = request.member
    lowers = below(m.government_id)
    values = {"kind": request.POST.get("kind", "special"), "reason": request.POST.get("reason", ""),
              "reply_by": request.POST.get("reply_by") or services.default_reply_by().isoformat(),
              "targets": {int(x) for x in request.POST.getlist("target") if x.isdigit()}
              or {int(x) for x in request.GET.getlist("target") if x.isdigit()}}
    errors = []
    if request.method == "POST":
        try:
            targets = [lower_for(request.user, pk, "inspection.issue") for pk in sorted(values["targets"])]
            issued = services.issue_inspections(request.user, targets, values["kind"], values["reason"],
                                                values["reply_by"])
        except services.HierarchyError as exc:
            errors = [str(exc)]
        else:
            messages.success(request, "已下发 " + "、".join(f"{n.number}({n.target.name})" for n in issued) + "。")
            return redirect("hierarchy:inspections")
    return render(request, "hierarchy/inspection_form.html", {
        "lowers": lowers, "values": values, "kinds": notice_kinds(), "errors": errors},
        status=400 if errors else 200)


@member_view("member")
def inspection(request, pk):
    n = _inspection(request, pk)
    return render(request, "hierarchy/inspection.html", {
        "n": n, "events": n.events.all(), "actions": services.FLOW.allowed_actions(request.user, n),
        "today": timezone.localdate(), "states": dict(services.FLOW.states)})


@require_POST
@member_view("member")
def inspection_action(request, pk, action):
    n = _inspection(request, pk)
    try:
        services.transition(request.user, n, action, request.POST.get("version"), request.POST.get("comment", ""))
    except services.HierarchyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已办理。")
    return redirect("hierarchy:inspection", pk=pk)


def received_open(government_id: int):
    """Open 督察 notices a government's office has received (its home page)."""
    return (Inspection.objects.filter(target_id=government_id).filter(~Q(state="closed"))
            .select_related("issuer").order_by("reply_by", "id"))


# ---------------------------------------------------------------- comparison

def _table(m, year: int, lowers):
    return analyses.comparison(lowers, year)


@member_view("hierarchy.view")
def compare(request):
    m = request.member
    day = pagecache.today()
    year = year_of(request, report_year(day))
    lowers = below(m.government_id)

    def build():
        table = _table(m, year, lowers)
        rows = [r for r in table["rows"] if r["values"]]
        docs = table["documents"]
        for r in rows:
            r["cells"] = [r["values"].get(d["file"]) for d in docs]
            r["chart"] = bars([(d["government"], (r["values"].get(d["file"]) or {}).get("value")) for d in docs])
        return {"year": year, "docs": docs, "rows": rows, "without": table["without"]}

    body = pagecache.body(m, "hierarchy.compare", (versions_key(lowers), year), day, "hierarchy/_compare_body.html",
                          build)
    return render(request, "hierarchy/compare.html", {"body": body, "year": year})


@member_view("hierarchy.view")
def compare_xlsx(request):
    m = membership(request.user)
    year = year_of(request, report_year(pagecache.today()))
    table = _table(m, year, below(m.government_id))
    buf = io.BytesIO()
    comparison_workbook(table).save(buf)
    return xlsx_response(buf.getvalue(), f"下级政府{year}年度报告指标对比.xlsx")



