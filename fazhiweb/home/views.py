"""The role-aware home page: a liaison's work in the order it needs them, a leader's and the
office's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from fazhiweb.core.permissions import membership, require
from fazhiweb.home import services
from fazhiweb.progress.due import DueCalculator


@login_required
def index(request):
    m = membership(request.user)
    if m is None:
        return render(request, "core/no_membership.html", status=403)
    calc = DueCalculator()
    if m.is_liaison:
        return render(request, "home/liaison.html", {**services.liaison_home(m, calc), "today": calc.today,
                                                     "soon_days": calc.soon_days})
    require(request.user, "home.overview")
    return render(request, "home/overview.html", {**services.overview(m, calc), "today": calc.today})
