"""备案审查 queue: the documents lower governments filed with this government, each with its review
clock (counted by the one clock, 补正 not counted), reviewer and outcome. The office takes the
items' steps on the register's own case page; this page only reads (filing.queue)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from fazhi import registers as core
from fazhiweb.core import pagecache
from fazhiweb.core.views import member_view
from fazhiweb.registers import filing, queries
from fazhiweb.registers.models import Case
from fazhiweb.registers.views import STATUS_LABELS, _indicator_names, _year

QUERY_KEYS = ("state", "filer", "year")


@member_view("filing.queue")
def queue(request):
    """The body is cached per government data version, day, role and query (core.pagecache): an
    arrival, a step or a settings change in this government moves the version on."""
    m = request.member
    day = pagecache.today()
    query = urlencode(sorted((k, v) for k, v in request.GET.items() if k in QUERY_KEYS))
    body = pagecache.body(m, "registers.filing", (query,), day, "registers/_filing_queue_body.html",
                          lambda: _context(request, day))
    return render(request, "registers/filing_queue.html", {"body": body})


def _context(request, today) -> dict:
    m = request.member
    kind = core.load_kind(filing.REVIEW_KIND)
    year = _year(request, today.year)
    state = request.GET.get("state", "open")
    filer = request.GET.get("filer", "").strip()
    year_filter = bool(request.GET.get("year"))
    rows = filing.queue(m.government_id, today, state=state if state != "all" else "", filer=filer,
                        year=year if year_filter else None)
    for row in rows:
        for s in (row.review, row.open_clock):
            if s is not None:
                s.status_label = STATUS_LABELS.get(s.status, s.status)
    own = kind.own_settings(queries.settings_of(m.government_id))
    figures = [(key, _indicator_names().get(key, key), fig)
               for key, fig in queries.figures(m.government_id, year, kind=kind.name, as_of=today).items()]
    return {
        "kind": kind, "rows": rows, "state": state, "filer": filer, "year": year, "year_filter": year_filter,
        "today": today, "states": kind.states,
        "filers": sorted(set(Case.objects.filter(government_id=m.government_id, kind=kind.name)
                             .exclude(unit_name="").values_list("unit_name", flat=True))),
        "review_days": kind.param("review_days", own), "review_source": kind.params["review_days"]["source"],
        "local": "review_days" in own, "figures": figures,
        "years": list(range(today.year, today.year - 6, -1)),
        "state_label": {s["name"]: s["label"] for s in kind.states},
    }
