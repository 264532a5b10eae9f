"""Home pages that start with what needs the user (issue 8): the liaison's order — open notices,
returned reports, overdue and due-soon items (archived plans excluded), then the rest; the leader's
overview; leaders' 批示 shown to the office and the unit, audited."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.models import Comment, Notification
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services

HOME = reverse("home")


def _a(plan, unit_name, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _later(days=10):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_liaison_home_order_and_archived_plans_gone(client, people, county, published_plan, monkeypatch):
    zhang = people["张联络员"]
    a = _a(published_plan, "县司法局")
    notice = services.issue_notice(people["王主任"], county, a.unit, [a], "daily", "请加快推进。", _later())
    other = Assignment.objects.filter(task__plan=published_plan, unit=a.unit).exclude(pk=a.pk).first()
    r = progress_services.submit_report(zhang, other, {"status": "in_progress", "text": "推进中。", "percent": 30})
    progress_services.review_report(people["王主任"], r, "return", "请补充佐证。")

    client.force_login(zhang)
    resp = client.get(HOME)
    assert resp.status_code == 200
    html = resp.content.decode()
    heads = ["督办单(未办结", "被退回的报告", "已逾期和即将到期", "其他进行中的任务"]
    positions = [html.index(h) for h in heads]
    assert positions == sorted(positions)  # what needs them first, the rest last
    assert notice.number in html and "请补充佐证。" in html
    assert [x.pk for x in resp.context["returned"]] == [r.pk]
    shown = {row.assignment.pk for row in resp.context["pending"] + resp.context["rest"]}
    assert other.pk not in shown  # a returned report is listed once, under its own head
    assert resp.context["pending"] or resp.context["rest"]

    plan_services.set_archived(people["王主任"], published_plan, True)
    resp = client.get(HOME)
    assert resp.context["pending"] == [] and resp.context["rest"] == [] and resp.context["returned"] == []


def test_leader_overview_and_comment_reach_office_and_unit(client, people, county, published_plan):
    a = _a(published_plan, "县司法局")
    notice = services.issue_notice(people["王主任"], county, a.unit, [a], "daily", "请加快推进。", _later())
    li = people["李局长"]
    client.force_login(li)
    resp = client.get(HOME)
    assert resp.status_code == 200
    standing = resp.context["standing"]
    assert [s["plan"].pk for s in standing] == [published_plan.pk] and standing[0]["total"] > 0
    assert resp.context["notice_count"] == 1 and notice.number in resp.content.decode()

    # a 批示 on the notice: shown on its page to the office and the unit, audited, in their unread lists
    url = reverse("comment_add", args=["notice", notice.pk])
    page = reverse("supervision:notice", args=[notice.pk])
    assert client.post(url, {"text": "务必按期整改到位。", "next": page}).status_code == 302
    c = Comment.objects.get()
    assert (c.target_kind, c.unit_id, c.author_id) == ("notice", a.unit_id, li.pk)
    assert AuditEntry.objects.filter(action="comment.add", object_id=str(c.pk)).exists()
    for who in ("王主任", "张联络员"):
        client.force_login(people[who])
        assert "务必按期整改到位。" in client.get(page).content.decode(), who
        assert Notification.objects.filter(user=people[who], kind="comment").exists(), who
    assert not Notification.objects.filter(user=people["赵联络员"]).exclude(kind="notice").exists()

    # a task comment reaches the units assigned to the task only
    task = a.task
    client.force_login(li)
    client.post(reverse("comment_add", args=["task", task.pk]), {"text": "抓紧。"})
    units = set(task.assignments.values_list("unit__name", flat=True))
    task_page = reverse("progress:task", args=[task.pk])
    client.force_login(people["赵联络员"])
    seen = "抓紧。" in client.get(task_page).content.decode()
    assert seen == ("东湖镇" in units)


def test_only_leaders_comment_and_empty_comment_refused(client, people, county, published_plan):
    a = _a(published_plan, "县司法局")
    for who in ("王主任", "张联络员"):
        client.force_login(people[who])
        assert client.post(reverse("comment_add", args=["unit", a.unit_id]), {"text": "x"}).status_code == 403
    client.force_login(people["李局长"])
    client.post(reverse("comment_add", args=["unit", a.unit_id]), {"text": "  "})
    assert not Comment.objects.exists()
    assert client.post(reverse("comment_add", args=["bogus", 1]), {"text": "x"}).status_code in (302, 404)
    assert not Comment.objects.exists()
    client.force_login(people["外县主任"])
    assert client.post(reverse("comment_add", args=["unit", a.unit_id]), {"text": "x"}).status_code == 403


def test_home_queries_do_not_grow_with_notices_and_plans(client, people, county, published_plan,
                                                         django_assert_max_num_queries):
    from django.core.cache import cache

    a = _a(published_plan, "县司法局")
    services.issue_notice(people["王主任"], county, a.unit, [a], "daily", "请加快推进。", _later())
    client.force_login(people["张联络员"])
    client.get(HOME)
    cache.clear()  # measure a miss
    with django_assert_max_num_queries(14) as few:
        client.get(HOME)
    with django_assert_max_num_queries(4):  # a hit: session, user + membership, unread count
        client.get(HOME)
    for i in range(5):
        services.issue_notice(people["王主任"], county, a.unit, [a], "daily", f"督办{i}", _later())
    with django_assert_max_num_queries(len(few.captured_queries)):  # a change is a miss, no dearer
        resp = client.get(HOME)
    assert "督办4" in resp.content.decode()
    client.force_login(people["李局长"])
    # PostgreSQL adds one statement: the plan roll-up reads its mark under a share lock on the
    # government's row (progress.rollup._marks); SQLite has one writer and needs none
    from django.db import connection

    with django_assert_max_num_queries(14 + (connection.vendor == "postgresql")):
        client.get(HOME)
