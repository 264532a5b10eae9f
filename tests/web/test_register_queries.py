"""Register pages read a fixed number of queries whatever the number of cases (rows are read as
tuples, counts aggregated in SQL), and the kind's figures are computed once per data version and
shared by every filter and page of it. Not timed: speed figures come from `make bench-web`."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi import registers as core
from fazhi.registers.demo import generate, link_people
from fazhiweb.registers import services

PAGES = [reverse("registers:overview"), reverse("registers:register", args=["reconsideration"]),
         reverse("registers:register", args=["enforcement_officer"]) + "?year=2025",
         reverse("registers:register", args=["reconsideration"]) + "?year=2025&figure=reconsideration.corrected",
         reverse("registers:hours") + "?year=2025"]


def _add(county, count: int, seed: int):
    drawn = {n: generate(core.load_kind(n), 2025, count, seed=seed, prefix=f"S{seed}")
             for n in ("reconsideration", "enforcement_officer", "training")}
    link_people(drawn, seed)
    for name, records in drawn.items():
        services.store_records(None, county, name, records)


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_query_count_does_not_grow_with_the_cases(client, county, people, monkeypatch):
    from fazhiweb.core import pagecache

    monkeypatch.setattr(pagecache, "today", lambda: dt.date(2025, 12, 1))
    client.force_login(people["王主任"])
    _add(county, 5, 1)
    small = {url: _queries(client, url) for url in PAGES}
    _add(county, 30, 2)
    assert {url: _queries(client, url) for url in PAGES} == small


def test_a_kinds_figures_are_computed_once_per_data_version(client, county, people, monkeypatch):
    from fazhiweb.registers import queries

    _add(county, 5, 1)
    client.force_login(people["王主任"])
    calls = []
    real = queries.figures
    monkeypatch.setattr(queries, "figures", lambda *a, **k: calls.append(1) or real(*a, **k))
    cache.clear()
    url = reverse("registers:register", args=["reconsideration"])
    client.get(url + "?year=2025")
    client.get(url + "?year=2025&state=concluded")  # another filter: another body, the same figures
    client.get(url + "?year=2025&page=2")
    assert len(calls) == 1
    services.create_case(people["王主任"], county, "reconsideration", {"case_no": "新〔2025〕1号",
                                                                      "applied_on": "2025-06-01"})
    client.get(url + "?year=2025")  # a change moves the data version on: counted again
    assert len(calls) == 2
