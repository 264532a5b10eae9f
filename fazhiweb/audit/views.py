from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhiweb.audit import present
from fazhiweb.audit.chain import verify_database
from fazhiweb.audit.models import AuditEntry
from fazhiweb.audit.services import ACTION_LABELS
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.core.xlsx import Column, Sheet, workbook

EXPORT_LIMIT = 20000
# Installation-wide entries (no government) every office may read: the holiday table they all use.
SHARED_TYPES = ("core.holiday",)


def visible(government):
    return AuditEntry.objects.filter(Q(government=government) | Q(government__isnull=True,
                                                                    object_type__in=SHARED_TYPES))


def filtered(government, params):
    qs = visible(government)
    if params.get("action"):
        qs = qs.filter(action=params["action"])
    if params.get("object_type"):
        qs = qs.filter(object_type=params["object_type"])
    if params.get("object_id"):
        qs = qs.filter(object_id=params["object_id"])
    if params.get("user"):  # part of a name (the API)
        qs = qs.filter(username__icontains=params["user"])
    if params.get("username"):  # one person (the page's list of who appears in the log)
        qs = qs.filter(username=params["username"])
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        try:
            if params.get(key):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(params[key])})
        except ValueError:
            pass
    return qs


def _choices(government) -> dict:
    seen = visible(government)
    types = seen.values_list("object_type", flat=True).distinct().order_by("object_type")
    users = seen.exclude(username="").values_list("username", flat=True).distinct().order_by("username")
    return {"types": sorted(((t, present.type_label(t)) for t in types), key=lambda x: x[1]),
            "users": list(users), "actions": ACTION_LABELS}


@member_view("audit.view")
def index(request):
    qs = filtered(request.member.government, request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/index.html", {"page": page, "rows": present.rows(page.object_list),
                                                "params": request.GET, "query": query.urlencode(),
                                                "fold_at": present.FOLD_AT, **_choices(request.member.government)})


@member_view("audit.view")
def export(request):
    """The filtered log as .xlsx (newest first, at most EXPORT_LIMIT entries)."""
    entries = filtered(request.member.government, request.GET)[:EXPORT_LIMIT]
    columns = [("时间", 20), ("操作人", 14), ("操作", 16), ("对象类型", 12), ("对象", 36), ("修改内容", 80)]
    data = [[r.entry.at, r.entry.username, r.action,
             r.type_label, r.label, present.change_text(r)] for r in present.rows(entries)]
    book = workbook([Sheet("审计日志", [Column(h, w) for h, w in columns], data)], title="审计日志")
    return xlsx_response(book, f"审计日志-{timezone.localdate():%Y%m%d}.xlsx")


@member_view("audit.view")
def verify(request):
    """Check this government's hash chain (as `fazhi audit verify` does for the installation)."""
    n, breaks = verify_database(government_id=request.member.government_id)
    if breaks:
        messages.error(request, f"审计日志已被篡改:第一处在 #{breaks[0].entry_id},{breaks[0].reason}(共 {n} 条记录)。")
    else:
        messages.success(request, f"审计日志完整:已校验本级 {n} 条记录的哈希链。")
    return redirect("audit:index")
