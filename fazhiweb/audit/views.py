from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render

from fazhiweb.audit.models import AuditEntry
from fazhiweb.audit.services import ACTION_LABELS
from fazhiweb.core.views import member_view


def filtered(government, params):
    qs = AuditEntry.objects.filter(government=government)
    if params.get("action"):
        qs = qs.filter(action=params["action"])
    if params.get("object_type"):
        qs = qs.filter(object_type=params["object_type"])
    if params.get("object_id"):
        qs = qs.filter(object_id=params["object_id"])
    if params.get("user"):
        qs = qs.filter(username__icontains=params["user"])
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        try:
            if params.get(key):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(params[key])})
        except ValueError:
            pass
    return qs


@member_view("audit.view")
def index(request):
    qs = filtered(request.member.government, request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    types = (AuditEntry.objects.filter(government=request.member.government)
             .values_list("object_type", flat=True).distinct().order_by("object_type"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/index.html", {"page": page, "actions": ACTION_LABELS, "types": types,
                                                "params": request.GET, "query": query.urlencode()})
