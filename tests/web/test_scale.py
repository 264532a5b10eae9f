"""Scale: the province generator (small sizes), query counts of the busiest pages that do not grow
with the data, the load generator's arithmetic. No timings are asserted here (see docs/scale.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress.models import Report
from fazhiweb.scale import loadgen
from fazhiweb.scale.generate import ProvinceGenerator, Sizes, chinese_number
from fazhiweb.supervision.models import Notice, NoticeEvent

SMALL = ["--governments", "2", "--units", "5", "--tasks", "10", "--reports", "200", "--notices", "20"]


@pytest.mark.django_db
def test_generate_province_small(capsys):
    call_command("generate_province", *SMALL, "--seed", "3")
    out = capsys.readouterr().out
    assert "progress_report: 200 rows" in out and "total:" in out
    assert Government.objects.count() == 2
    assert Membership.objects.filter(role="liaison").count() == 10
    assert Membership.objects.filter(role="office").count() == 2
    assert Plan.objects.filter(status="published").count() == 2  # 5 units // 6 → one plan each
    assert Task.objects.count() == 20
    assert Assignment.objects.count() == 20 * 5  # fanout capped at the number of units
    assert Report.objects.count() == 200
    assert Notice.objects.count() == 20
    assert NoticeEvent.objects.filter(action="issue").count() == 20
    # consistent: reports are versions 1..k of units of the same government, by that unit's liaison
    for r in Report.objects.select_related("assignment__task__plan", "assignment__unit")[:50]:
        assert r.assignment.unit.government_id == r.assignment.task.plan.government_id
        liaison = Membership.objects.get(user_id=r.submitted_by_id)
        assert liaison.unit_id == r.assignment.unit_id
        assert r.version <= r.assignment.reports.count()
    # sequences were reset: ordinary inserts still work after explicit ids
    user = User.objects.create_user("after-generate")
    assert user.pk > Membership.objects.order_by("-user_id").first().user_id


@pytest.mark.django_db
def test_generator_is_repeatable_and_appends():
    ProvinceGenerator(Sizes(governments=1, units=4, tasks=5, reports=30, notices=3, seed=9)).run()
    first = list(Report.objects.order_by("id").values_list("version", "status", "state"))
    ProvinceGenerator(Sizes(governments=1, units=4, tasks=5, reports=30, notices=3, seed=9)).run()
    assert Government.objects.count() == 2
    second = list(Report.objects.order_by("id").values_list("version", "status", "state"))[30:]
    assert first == second


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23, 99)] == ["一", "十", "十一", "二十", "二十三", "九十九"]


def _pages(gov_id: int) -> list[tuple[User, str]]:
    office = Membership.objects.get(government_id=gov_id, role="office").user
    liaison = Membership.objects.filter(government_id=gov_id, role="liaison").order_by("id").first().user
    plan = Plan.objects.filter(government_id=gov_id).order_by("-year").first()
    return [(liaison, "/progress/my/"), (office, f"/plans/{plan.pk}/dashboard/"),
            (office, f"/supervision/plans/{plan.pk}/board/")]


def _counts(client, gov_id: int) -> list[int]:
    out = []
    for user, url in _pages(gov_id):
        client.force_login(user)
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(url)
        assert resp.status_code == 200, url
        out.append(len(ctx.captured_queries))
    return out


@pytest.mark.django_db
def test_query_counts_of_busy_pages_do_not_grow(client):
    small = ProvinceGenerator(Sizes(governments=1, units=5, tasks=8, reports=60, notices=10, seed=1)).run()
    large = ProvinceGenerator(Sizes(governments=1, units=18, tasks=40, plans=2, reports=3000, notices=200,
                                    seed=2)).run()
    n_small = _counts(client, small["governments"][0])
    n_large = _counts(client, large["governments"][0])
    assert n_small == n_large


def test_healthz(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.content == b"ok"


def test_percentiles_and_rps():
    r = loadgen.Result("x", latencies=[i / 1000 for i in range(1, 101)], elapsed=2.0)
    assert (r.percentile(50), r.percentile(95), r.percentile(99)) == (50.0, 95.0, 99.0)
    assert r.rps == 50.0
    assert r.as_dict()["p95_ms"] == 95.0


def test_load_only_on_loopback():
    loadgen.check_loopback("127.0.0.1")
    loadgen.check_loopback("localhost")
    with pytest.raises(ValueError):
        loadgen.check_loopback("10.0.0.1")


@pytest.fixture
def busy(db):
    # three plan years, none archived: the liaison's list pages over all of them
    gov = ProvinceGenerator(Sizes(governments=1, units=6, tasks=40, plans=3, reports=400, notices=10,
                                  seed=4, current_years=0)).run()["governments"][0]
    return gov


def test_liaison_home_pages_current_plans_first(client, busy):
    from fazhiweb.progress.due import DueCalculator, due_items
    from fazhiweb.progress.views import DUE_BOX, PAGE_SIZE

    liaison = Membership.objects.filter(government_id=busy, role="liaison").order_by("id").first()
    client.force_login(liaison.user)
    qs = Assignment.objects.filter(unit_id=liaison.unit_id, active=True, task__removed=False,
                                   task__plan__status="published")
    total = qs.count()
    assert total > PAGE_SIZE  # the fixture is big enough to page
    first = client.get("/progress/my/")
    rows = first.context["rows"]
    assert len(rows) == PAGE_SIZE and first.context["page"].paginator.count == total
    assert f"共 {total} 项" in first.content.decode()
    newest = max(qs.values_list("task__plan__year", flat=True))
    assert {r.assignment.task.plan.year for r in rows} == {newest}  # the current plan year first
    open_dues = [r.due for r in rows if not r.done and r.due]
    assert open_dues == sorted(open_dues)  # nearest deadline first
    seen = [r.assignment.pk for r in rows]  # page 1 again would come from the page cache (no context)
    for n in range(2, first.context["page"].paginator.num_pages + 1):
        seen += [r.assignment.pk for r in client.get("/progress/my/", {"page": n}).context["rows"]]
    assert sorted(seen) == sorted(qs.values_list("pk", flat=True))  # every assignment on exactly one page
    # the due box: the first ten of the same list as the reminder, with a link to all of them
    pending = due_items(Assignment.objects.filter(unit_id=liaison.unit_id), DueCalculator())
    items = first.context["items"]
    assert [i.assignment.pk for i in items] == [i.assignment.pk for i in pending[:DUE_BOX]]
    assert first.context["due_count"] == len(pending)
    full = client.get("/supervision/")
    assert full.context["due_count"] == len(pending)
    assert [i.assignment.pk for i in full.context["items"]] == [i.assignment.pk for i in pending[:30]]


def test_dashboard_figures_agree_with_the_board_and_the_full_lists(client, busy):
    from fazhiweb.progress.dashboard import plan_dashboard
    from fazhiweb.supervision.board import plan_board

    plan = Plan.objects.filter(government_id=busy).order_by("-year").first()
    client.force_login(Membership.objects.get(government_id=busy, role="office").user)
    d = plan_dashboard(plan)
    b = plan_board(plan)
    assert (d["total"], d["done"], d["overdue_count"], d["due_soon_count"]) == (
        b["total"], b["done"], b["overdue"], b["soon"])
    assert sum(u["overdue"] for u in d["units"]) == d["overdue_count"]
    assert len(d["overdue"]) == min(d["limit"], d["overdue_count"])
    assert all(r.overdue for r in d["overdue"]) and all(r.due_soon for r in d["due_soon"])
    lates = [r.due for r in d["overdue"]]
    assert lates == sorted(lates)
    url = f"/plans/{plan.pk}/dashboard/due/"
    ids = []
    page = client.get(url, {"kind": "overdue"}).context["page"]
    for n in range(1, page.paginator.num_pages + 1):
        ids += [r.assignment.pk for r in client.get(url, {"kind": "overdue", "page": n}).context["rows"]]
    assert len(ids) == len(set(ids)) == d["overdue_count"]
    assert ids[:len(d["overdue"])] == [r.assignment.pk for r in d["overdue"]]
    soon = client.get(url, {"kind": "soon"})
    assert soon.context["page"].paginator.count == d["due_soon_count"]
