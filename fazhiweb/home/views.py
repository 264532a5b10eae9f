"""The role-aware home page: a liaison's work in the order it needs them, a leader's and the
office's overview. Bodies are cached per government data version, day and key (core.pagecache):
every change that alters them goes through an audited service, which moves the version on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from fazhiweb.core import pagecache
from fazhiweb.core.permissions import allowed, membership, require
from fazhiweb.hierarchy.views_more import received_open
from fazhiweb.home import services
from fazhiweb.progress.due import DueCalculator


@login_required
def index(request):
    m = membership(request.user)
    if m is None:
        return render(request, "core/no_membership.html", status=403)
    if m.is_admin_role:  # the three administrators (三员) see no business data: their own pages
        if allowed(request.user, "audit.view"):
            return redirect("audit:index")
        return redirect("accounts:users")
    day = pagecache.today()
    if m.is_liaison:
        def liaison():
            calc = DueCalculator(day)
            return {**services.liaison_home(m, calc), "today": day, "soon_days": calc.soon_days, "unit": m.unit}

        body = pagecache.body(m, "home.liaison", (m.unit_id,), day, "home/_liaison_body.html", liaison)
        return render(request, "home/liaison.html", {"body": body})
    require(request.user, "home.overview")
    body = pagecache.body(m, "home.overview", (), day, "home/_overview_body.html",
                          lambda: {**services.overview(m, DueCalculator(day)), "today": day,
                                   "government": m.government,
                                   "inspections": list(received_open(m.government_id)[:20])})
    return render(request, "home/overview.html", {"body": body})
