"""The unread list (issue 8): a new notice, a returned report and due-soon items reach the user's
待阅 list, the header count and the `fazhi remind` digest; opening an item reads it."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fazhiweb.core.models import Notification
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services


def _a(plan, unit_name, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _count(client):
    return client.get(reverse("inbox")).context["unread_count"]()


def test_notice_and_returned_report_in_the_unread_list_header_and_digest(client, people, county, published_plan):
    zhang = people["张联络员"]
    zhang.email = "zhang@example.gov.cn"
    zhang.save()
    a = _a(published_plan, "县司法局")
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    notice = services.issue_notice(people["王主任"], county, a.unit, [a], "daily", "请加快推进。", later)
    r = progress_services.submit_report(zhang, a, {"status": "in_progress", "text": "推进中。", "percent": 30})
    progress_services.review_report(people["王主任"], r, "return", "请补充佐证。")

    client.force_login(zhang)
    page = client.get(reverse("inbox"))
    assert [n.kind for n in page.context["rows"]] == ["returned", "notice"]
    assert '待阅<b class="count">2</b>' in page.content.decode()
    assert not Notification.objects.filter(user=people["赵联络员"]).exists()  # another unit hears nothing

    # the digest carries the same items, once
    day = dt.date(2025, 1, 10)  # the test plan's items are overdue then
    assert services.send_reminders(day).sent >= 1
    body = next(m.body for m in mail.outbox if m.to == ["zhang@example.gov.cn"])
    assert "【待阅】" in body and notice.number in body and "报告被退回" in body and "【已逾期】" in body
    due_rows = Notification.objects.filter(user=zhang, kind="due")
    assert due_rows.exists()  # the digest's due items are in the list too
    mail.outbox.clear()
    services.send_reminders(day + dt.timedelta(days=1))
    body = next(m.body for m in mail.outbox if m.to == ["zhang@example.gov.cn"])
    assert notice.number not in body  # mailed once

    # opening an item reads it and goes to its page
    row = Notification.objects.get(user=zhang, kind="notice")
    resp = client.get(reverse("inbox_open", args=[row.pk]))
    assert resp.status_code == 302 and resp.url == reverse("supervision:notice", args=[notice.pk])
    row.refresh_from_db()
    assert row.read_at is not None
    client.post(reverse("inbox_read_all"))
    assert _count(client) == 0


def test_nobody_opens_another_users_item(client, people, county, published_plan):
    a = _a(published_plan, "县司法局")
    services.issue_notice(people["王主任"], county, a.unit, [a], "daily", "请加快推进。",
                          (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    row = Notification.objects.get(user=people["张联络员"])
    client.force_login(people["赵联络员"])
    assert client.get(reverse("inbox_open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None
