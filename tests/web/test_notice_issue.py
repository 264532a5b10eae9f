"""督办 that fits the work (issue 8): filters with nothing ticked, reply-by after the issue date,
one action issuing the same notice to several units (one numbered notice each, one batch), and the
unit's liaisons told of their new notice."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.models import Notification
from fazhiweb.plans.models import Assignment
from fazhiweb.supervision.models import Notice

NEW = reverse("supervision:notice_new")


def _a(plan, unit_name, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _later(days=10):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_form_filters_and_ticks_nothing(client, people, published_plan):
    client.force_login(people["王主任"])
    blank = client.get(NEW)
    assert blank.status_code == 200 and blank.context["items"] == []  # nothing listed before a filter
    resp = client.get(NEW, {"plan": published_plan.pk, "status": "all"})
    items = resp.context["items"]
    assert {i.assignment.unit.name for i in items} >= {"县司法局", "东湖镇"}
    html = resp.content.decode()
    assert 'name="assignments"' in html and " checked" not in html.split('name="reason"')[0].split("督办事项(")[1]
    assert 'data-select-all="assignments"' in html  # select-all for the listed items
    one_unit = client.get(NEW, {"plan": published_plan.pk, "status": "all", "unit": _a(published_plan, "东湖镇").unit_id})
    assert {i.assignment.unit.name for i in one_unit.context["items"]} == {"东湖镇"}
    early = client.get(NEW, {"status": "all", "due": "2000-01-01"})
    assert early.context["items"] == []


def test_one_action_issues_a_numbered_notice_to_each_unit_in_one_batch(client, people, published_plan):
    a1, a2 = _a(published_plan, "县司法局"), _a(published_plan, "东湖镇")
    client.force_login(people["王主任"])
    resp = client.post(NEW, {"kind": "daily", "reason": "请加快推进。", "reply_by": _later(),
                             "assignments": [a1.pk, a2.pk]})
    assert resp.status_code == 302
    notices = list(Notice.objects.order_by("id"))
    assert len(notices) == 2
    assert {n.unit_id for n in notices} == {a1.unit_id, a2.unit_id}
    assert len({n.number for n in notices}) == 2 and len({n.batch for n in notices}) == 1
    assert notices[0].batch is not None
    assert {tuple(n.assignments.values_list("pk", flat=True)) for n in notices} == {(a1.pk,), (a2.pk,)}
    assert AuditEntry.objects.filter(action="notice.issue").count() == 2
    # each unit's liaison has the notice in their unread list; the other unit's does not see it
    zhang = Notification.objects.get(user=people["张联络员"], kind="notice")
    zhao = Notification.objects.get(user=people["赵联络员"], kind="notice")
    assert zhang.url != zhao.url
    client.force_login(people["赵联络员"])
    assert client.get(zhang.url).status_code == 404


def test_reply_by_must_be_after_the_issue_date(client, people, published_plan):
    a = _a(published_plan, "县司法局")
    client.force_login(people["王主任"])
    for bad in (timezone.localdate().isoformat(), "2020-01-01", "not a date"):
        resp = client.post(NEW, {"kind": "daily", "reason": "请加快推进。", "reply_by": bad, "assignments": [a.pk]})
        assert resp.status_code == 400, bad
        assert resp.context["errors"], bad
    assert "应晚于下发日期" in client.post(NEW, {"kind": "daily", "reason": "x", "reply_by": "2020-01-01",
                                              "assignments": [a.pk]}).context["errors"][0]
    assert not Notice.objects.exists()


def test_only_the_office_issues(client, people, published_plan):
    a = _a(published_plan, "县司法局")
    for who in ("李局长", "张联络员"):
        client.force_login(people[who])
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, {"kind": "daily", "reason": "x", "reply_by": _later(),
                                 "assignments": [a.pk]}).status_code == 403
    client.force_login(people["外县主任"])  # another government's assignment
    resp = client.post(NEW, {"kind": "daily", "reason": "x", "reply_by": _later(), "assignments": [a.pk]})
    assert resp.status_code == 400 and not Notice.objects.exists()
