from __future__ import annotations

from django.shortcuts import render

from fazhiweb.core.views import member_view
from fazhiweb.search.services import search


@member_view("search")
def index(request):
    q = request.GET.get("q", "")[:100]
    results = search(request.user, request.member, q)
    return render(request, "search/index.html", {"r": results, "search_q": q})
