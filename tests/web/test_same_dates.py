"""One deadline everywhere: a task with two milestones (the first on a Sunday) and a yearly
duty show the same dates on every page, in the API, the exports, notices and reminders — all
ask core.clock."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhiweb.accounts.models import ApiToken
from fazhiweb.plans import services
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services as notice_services

from .conftest import _user

TODAY = dt.date(2025, 3, 25)
TWO = [{"date": "2025-03-30", "text": "3月底前", "recurring": None},  # a Sunday: kept as written
       {"date": "2025-12-31", "text": "年底前", "recurring": None}]
YEARLY = [{"date": "2024-03-31", "text": "每年第一季度", "recurring": "yearly"}]  # → 2025-03-31 this year


@pytest.fixture
def frozen(monkeypatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _dates_in_ledger(client, plan) -> dict:
    book = load_workbook(io.BytesIO(client.get(reverse("progress:export_ledger", args=[plan.pk])).content))
    return {(r[0], r[3]): r[5] for r in book.active.iter_rows(min_row=2, values_only=True)}


def _api(client, user) -> dict:
    key = ApiToken.objects.create(user=user, key=ApiToken.new_key()).key
    data = client.get("/api/assignments", HTTP_AUTHORIZATION=f"Token {key}").json()
    return {a["id"]: a["due"] for a in data["assignments"]}


def _seen(client, user, a, plan, pending=True) -> dict[str, str]:
    """The date each place shows for assignment `a` (the due list lists only what is pending)."""
    out = {}
    client.force_login(user)
    rows = client.get(reverse("progress:my")).context["rows"]
    out["liaison home"] = next(r.due for r in rows if r.assignment.pk == a.pk).isoformat()
    items = client.get(reverse("supervision:index")).context["items"]
    if pending:
        out["due list"] = next(i.status.due.date for i in items if i.assignment.pk == a.pk).isoformat()
    else:
        assert all(i.assignment.pk != a.pk for i in items)
    rows = client.get(reverse("progress:task", args=[a.task_id])).context["rows"]
    out["task page"] = next(r.due for r in rows if r.assignment.pk == a.pk).isoformat()
    out["api"] = _api(client, user)[a.pk]
    return out


def test_one_task_shows_the_same_dates_everywhere(client, frozen, published_plan, people, county):
    wang, zhang = people["王主任"], people["张联络员"]
    t1 = published_plan.tasks.get(path_key="一/(一)")
    t3 = published_plan.tasks.get(path_key="二/(一)")
    services.update_task(wang, t1, {"deadlines": TWO})
    services.update_task(wang, t3, {"deadlines": YEARLY})
    a1 = Assignment.objects.get(task=t1, unit__name="县司法局")
    a3 = Assignment.objects.get(task=t3, unit__name="县市场监管局")
    market = _user("shichang", county, "liaison", county.u["县市场监管局"])
    market.email, zhang.email = "m@example.org", "z@example.org"
    market.save()
    zhang.save()

    expected = {a1.pk: "2025-03-30", a3.pk: "2025-03-31"}
    for user, a in ((zhang, a1), (market, a3)):
        seen = _seen(client, user, a, published_plan)
        assert set(seen.values()) == {expected[a.pk]}, seen
    client.force_login(wang)
    rows = client.get(reverse("progress:dashboard_due", args=[published_plan.pk]) + "?kind=soon").context["rows"]
    assert {r.assignment.pk: r.due.isoformat() for r in rows if r.assignment.pk in expected} == expected
    ledger = _dates_in_ledger(client, published_plan)
    assert ledger[(t1.label, "县司法局")] == "2025-03-30" and ledger[(t3.label, "县市场监管局")] == "2025-03-31"
    n = notice_services.issue_notice(wang, county, county.u["县司法局"], [a1], "daily", "请按期完成", "2025-04-03")
    items = client.get(reverse("supervision:notice", args=[n.pk])).context["items"]
    assert [i.status.due.date.isoformat() for i in items] == ["2025-03-30"]
    notice_services.send_reminders(today=TODAY)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "完成时限 2025-03-30" in bodies["z@example.org"] and "完成时限 2025-03-31" in bodies["m@example.org"]
    # the 任务分工表 and the public page show the deadlines as written
    book = load_workbook(io.BytesIO(client.get(reverse("progress:export_tasks", args=[published_plan.pk])).content))
    row = next(r for r in book.active.iter_rows(values_only=True) if r[0] == "一 (一)")
    assert row[6] == "2025年3月30日前、2025年12月31日前"
    public = client.get(reverse("public_plan", args=[published_plan.pk])).content.decode()
    assert "2025-03-30、2025-12-31" in public and "2025-03-31(每年)" in public

    # ticking the first milestone moves the unit on to the next one — everywhere
    r = progress_services.submit_report(zhang, a1, {"status": "in_progress", "text": "3月任务完成", "percent": 50,
                                                     "milestones": ["2025-03-30"]})
    progress_services.review_report(wang, r, "accept")
    seen = _seen(client, zhang, a1, published_plan, pending=False)
    assert set(seen.values()) == {"2025-12-31"}, seen
    client.force_login(wang)
    assert _dates_in_ledger(client, published_plan)[(t1.label, "县司法局")] == "2025-12-31"
