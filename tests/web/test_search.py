"""Search across tasks, reports and notices (title, text, unit, 文号), scoped by what the user may see."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services as sv

D = dt.date


def _reports(published_plan, people):
    sfj = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="县司法局")
    town = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="东湖镇")
    a = progress_services.submit_report(people["张联络员"], sfj, {"status": "in_progress", "text": "审批事项清单已梳理",
                                                                  "percent": 30})
    b = progress_services.submit_report(people["赵联络员"], town, {"status": "in_progress", "text": "审批窗口已整合",
                                                                   "percent": 50})
    return a, b


def test_search_liaison_finds_only_their_units_reports(client, published_plan, people):
    mine, theirs = _reports(published_plan, people)
    client.force_login(people["张联络员"])
    r = client.get(reverse("search"), {"q": "审批"}).context["r"]
    assert r.reports == [mine]
    assert any(t.title == "深化审批改革" for t in r.tasks)
    client.force_login(people["王主任"])
    r = client.get(reverse("search"), {"q": "审批"}).context["r"]
    assert set(r.reports) == {mine, theirs}
    # by unit name
    r = client.get(reverse("search"), {"q": "东湖镇"}).context["r"]
    assert r.reports == [theirs]
    client.force_login(people["外县主任"])
    r = client.get(reverse("search"), {"q": "审批"}).context["r"]
    assert r.total == 0


def test_search_finds_notices_by_number_and_text_scoped(client, published_plan, people, county):
    town = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="东湖镇")
    notice = sv.issue_notice(people["王主任"], county, county.u["东湖镇"], [town], "daily", "请加快审批改革进度",
                             D(2099, 1, 31))
    client.force_login(people["王主任"])
    assert client.get(reverse("search"), {"q": notice.number}).context["r"].notices == [notice]
    assert client.get(reverse("search"), {"q": "加快"}).context["r"].notices == [notice]
    client.force_login(people["赵联络员"])
    assert client.get(reverse("search"), {"q": "加快"}).context["r"].notices == [notice]
    client.force_login(people["张联络员"])
    assert client.get(reverse("search"), {"q": "加快"}).context["r"].notices == []


def test_liaison_search_skips_draft_plans(client, draft_plan, people):
    client.force_login(people["张联络员"])
    assert client.get(reverse("search"), {"q": "审批"}).context["r"].tasks == []
    client.force_login(people["李局长"])
    assert client.get(reverse("search"), {"q": "审批"}).context["r"].tasks
    assert client.get(reverse("search"), {"q": ""}).status_code == 200
