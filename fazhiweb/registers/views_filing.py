"""备案审查 queue: the documents lower governments filed with this government, each with its review
clock (counted by the one clock, 补正 not counted), reviewer and outcome. The office takes the
items' steps on the register's own case page; this page only reads (filing.queue)."""

from __future__ import annotations

from django.shortcuts import render

from fazhi import registers as core
from fazhiweb.core.views import member_view
from fazhiweb.registers import filing, queries
from fazhiweb.registers.views import STATUS_LABELS, _indicator_names, _today, _year


@member_view("filing.queue")
def queue(request):
    m = request.member
    today = _today()
    kind = core.load_kind(filing.REVIEW_KIND)
    year = _year(request, today.year)
    state = request.GET.get("state", "open")
    filer = request.GET.get("filer", "").strip()
    rows = filing.queue(m.government_id, today, state=state if state != "all" else "", filer=filer,
                        year=year if request.GET.get("year") else None)
    for row in rows:
        for s in (row.review, row.open_clock):
            if s is not None:
                s.status_label = STATUS_LABELS.get(s.status, s.status)
    settings = queries.settings_of(m.government_id)
    own = kind.own_settings(settings)
    figures = [(key, _indicator_names().get(key, key), fig)
               for key, fig in queries.figures(m.government_id, year, kind=kind.name).items()]
    return render(request, "registers/filing_queue.html", {
        "kind": kind, "rows": rows, "state": state, "filer": filer, "year": year, "today": today,
        "states": kind.states, "filers": sorted({r.case.unit_name for r in rows if r.case.unit_name}),
        "review_days": kind.param("review_days", own), "review_source": kind.params["review_days"]["source"],
        "local": "review_days" in own, "figures": figures,
        "years": list(range(today.year, today.year - 6, -1)),
        "state_label": dict((s["name"], s["label"]) for s in kind.states),
    })
