"""A plan's roll-up (progress.rollup) is kept across changes that cannot touch the plan and rebuilt
after one that can; the benchmark's rotating mix and the cache-status header."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse

from fazhiweb.audit.services import record
from fazhiweb.core import pagecache
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import rollup
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.dashboard import plan_states, scan_plan, shared_states
from fazhiweb.progress.due import DueCalculator
from fazhiweb.supervision import services as supervision_services


class Counting:
    def __init__(self, plan, calc):
        self.plan, self.calc, self.calls = plan, calc, 0

    def __call__(self):
        self.calls += 1
        return plan_states(self.plan, self.calc)


def built(plan, calc, counter) -> bool:
    before = counter.calls
    rollup.states(plan, calc, counter)
    return counter.calls > before


@pytest.fixture
def calc():
    return DueCalculator(dt.date(2024, 6, 20))


def sifaju(plan) -> Assignment:
    return Assignment.objects.filter(task__plan=plan, unit__name="县司法局").order_by("id").first()


def test_kept_across_changes_elsewhere_and_rebuilt_after_one_on_the_plan(people, county, published_plan, calc,
                                                                         django_assert_num_queries):
    wang, zhang = people["王主任"], people["张联络员"]
    counter = Counting(published_plan, calc)
    assert built(published_plan, calc, counter)
    assert not built(published_plan, calc, counter)  # nothing happened
    a = sifaju(published_plan)
    supervision_services.issue_notice(wang, county, county.u["县司法局"], {a.pk}, "daily", "请加快进度。", "2099-01-31")
    record(wang, "report.update", object_type="progress.report", object_id=987654, government=county)  # not this plan's
    record(wang, "login", object_type="auth.user", object_id=wang.pk, government=county, bump=False)
    assert not built(published_plan, calc, counter)  # a notice, another plan's report, a login: kept
    with django_assert_num_queries(1):  # the mark moved on: one query finds nothing new
        assert not built(published_plan, calc, counter)
    report = progress_services.submit_report(zhang, a, {"status": "done", "text": "已完成。", "percent": 100})
    assert not built(published_plan, calc, counter)  # submitted, not accepted: the states count accepted reports
    progress_services.review_report(wang, report, "accept")
    assert built(published_plan, calc, counter)  # accepted on this plan: rebuilt
    done = scan_plan(published_plan, calc, states=shared_states(published_plan, calc)).done
    assert done == scan_plan(published_plan, calc).done == 1  # the accepted report counts at once


def test_an_acceptance_patches_only_the_rows_it_changed(people, county, published_plan, calc):
    from fazhiweb.progress.dashboard import patch_states

    wang, zhang = people["王主任"], people["张联络员"]
    counter, patches = Counting(published_plan, calc), []

    def patch(held, ids):
        patches.append(ids)
        return patch_states(published_plan, calc, held, ids)

    rollup.states(published_plan, calc, counter, patch)
    a = sifaju(published_plan)
    report = progress_services.submit_report(zhang, a, {"status": "done", "text": "已完成。", "percent": 100})
    progress_services.review_report(wang, report, "accept")
    got = rollup.states(published_plan, calc, counter, patch)
    assert counter.calls == 1 and patches == [frozenset({a.pk})]  # patched, not scanned again
    assert sorted(got.rows) == sorted(plan_states(published_plan, calc).rows)  # as a fresh scan
    a.active = False
    a.save(update_fields=["active"])
    record(wang, "report.accept", object_type="progress.report", object_id=report.pk, government=county)
    rollup.states(published_plan, calc, counter, patch)
    assert counter.calls == 2  # the assignment no longer counts: rebuilt, not patched


def test_rebuilt_after_installation_wide_and_unknown_changes(people, county, published_plan, calc):
    counter = Counting(published_plan, calc)
    built(published_plan, calc, counter)
    record(people["王主任"], "holiday.create", None, object_type="core.holiday", object_id=1)
    assert built(published_plan, calc, counter)  # the holiday table moves working days
    record(people["王主任"], "unit.update", county.u["县司法局"])  # a unit merge can move assignments
    assert built(published_plan, calc, counter)
    assert not built(published_plan, calc, counter)


def test_rebuilt_when_the_entry_seen_is_gone(people, county, published_plan, calc, monkeypatch):
    """A restored database may reuse audit ids: the entry remembered is checked by its hash."""
    counter = Counting(published_plan, calc)
    built(published_plan, calc, counter)
    key = f"rollup:plan:{published_plan.pk}:{calc.today.isoformat()}:{calc.soon_days}"
    (gov_mark, all_mark), value = pagecache.cache.get(key)
    pagecache.cache.set(key, (((gov_mark[0] or 1, "another hash"), all_mark), value))
    assert built(published_plan, calc, counter)


def test_the_day_is_part_of_the_roll_up(people, published_plan):
    early, late = DueCalculator(dt.date(2024, 6, 20)), DueCalculator(dt.date(2024, 7, 10))
    early_scan = scan_plan(published_plan, early, states=shared_states(published_plan, early))
    late_scan = scan_plan(published_plan, late, states=shared_states(published_plan, late))
    assert not early_scan.overdue and late_scan.overdue  # 2024-06-30 is a deadline of the plan
    assert (early_scan.due_soon, late_scan.overdue) == (scan_plan(published_plan, early).due_soon,
                                                        scan_plan(published_plan, late).overdue)


def test_a_liaison_home_never_shows_another_units_body(client, people, published_plan):
    for user, mine, other in ((people["张联络员"], "县司法局 · 待办", "东湖镇 · 待办"),
                              (people["赵联络员"], "东湖镇 · 待办", "县司法局 · 待办")):
        client.force_login(user)
        html = client.get("/").content.decode()
        assert mine in html and other not in html


def test_cache_status_header_only_when_asked(client, people, published_plan, monkeypatch):
    from django.core.cache import cache
    from django.test import Client

    url = reverse("supervision:board", args=[published_plan.pk])
    client.force_login(people["王主任"])
    assert "X-Fazhi-Cache" not in client.get(url).headers
    monkeypatch.setenv("FAZHI_CACHE_HEADER", "1")
    client = Client()  # a new handler reads the middleware again
    client.force_login(people["王主任"])
    cache.clear()
    assert client.get(url).headers["X-Fazhi-Cache"] == "miss"
    assert client.get(url).headers["X-Fazhi-Cache"] == "hit"


def test_the_rotating_mix_draws_every_role_and_writes(people, county, published_plan):
    from fazhiweb.assessment.models import Round
    from fazhiweb.scale import mix

    assert mix.ensure_rounds() == 1 and Round.objects.get().participants.exclude(rank=None).exists()
    assert mix.ensure_rounds() == 0  # once
    pool = mix.build_pool(liaisons_per_government=5, seed=1)
    assert {r: len(u) for r, u in pool.users.items() if u} == {"liaison": 2, "office": 1, "leader": 1}
    rng = random.Random(3)
    reads = mix.Mix(pool, write_share=0.0).visit
    kinds = {s.kind for _ in range(60) for s in reads(rng)}
    assert {"start", "home", "dashboard", "board", "overview", "ranking", "register"} <= kinds
    assert not any(k.startswith("write:") for k in kinds)
    writes = [s for _ in range(30) for s in mix.Mix(pool, write_share=1.0).visit(rng)]
    assert {s.kind for s in writes} >= {"write:report_draft", "write:comment"}
    assert all(s.form is not None for s in writes if s.kind.startswith("write:"))


def test_bench_miss_reports_each_page(people, county, published_plan, capsys):
    from django.core.management import call_command

    call_command("bench_miss", "start", "board", "overview", "--repeat", "1", "--government", str(county.pk))
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == ["start", "overview", "board"]
    assert "queries" in out and "cpu" in out


def test_the_mix_sends_upper_offices_to_the_hierarchy(people, county, published_plan):
    from fazhiweb.accounts.models import Government
    from fazhiweb.scale import mix

    town = Government.objects.create(name="下辖镇", level="town", parent=county)
    pool = mix.build_pool(liaisons_per_government=5, seed=1)
    assert len(pool.users["upper"]) == 1 and pool.lower == {county.pk: [town.pk]}
    rng = random.Random(5)
    steps = [s for _ in range(80) for s in mix.Mix(pool, write_share=1.0).visit(rng)]
    upper = {s.kind: s.path for s in steps if s.cookie == pool.users["upper"][0].cookie}
    assert upper.get("upper_government") == f"/hierarchy/g/{town.pk}/"
    assert {"upper_overview", "upper_compare", "filing_queue"} <= set(upper)  # and it only reads
