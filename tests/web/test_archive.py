"""Years end: an archived plan leaves reminders, the supervision board list and the home pages but
stays readable, exportable and public."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from fazhiweb.audit.models import AuditEntry
from fazhiweb.plans import services as plan_services
from fazhiweb.supervision import services as sv

from .conftest import PLAN_DOC

D = dt.date


def _with_mail(people):
    for key in ("张联络员", "赵联络员"):
        people[key].email = f"{people[key].username}@example.gov.cn"
        people[key].save()


def test_archived_plan_leaves_reminders_board_and_home_but_stays_readable(client, published_plan, people):
    _with_mail(people)
    plan = published_plan
    assert sv.send_reminders(D(2025, 1, 10)).sent == 2
    mail.outbox.clear()
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:archive", args=[plan.pk]), {"archived": "1"})
    assert resp.status_code == 302
    plan.refresh_from_db()
    assert plan.is_archived
    assert AuditEntry.objects.filter(action="plan.archive", object_id=str(plan.pk)).exists()
    # reminders: nothing (next day, so the once-a-day log does not hide the difference)
    assert sv.send_reminders(D(2025, 1, 13)).sent == 0 and mail.outbox == []
    # the supervision page's board list and the plan list (the office's and leader's home)
    assert plan not in client.get(reverse("supervision:index")).context["plans"]
    assert plan not in client.get(reverse("plans:list")).context["plans"]
    assert plan in client.get(reverse("plans:list") + "?archived=1").context["plans"]
    # the liaison's home: no rows from the archived plan
    client.force_login(people["张联络员"])
    body = client.get(reverse("progress:my")).content.decode()
    assert "深化审批改革" not in body
    # still readable, exportable, public
    client.force_login(people["李局长"])
    for url in (reverse("plans:detail", args=[plan.pk]), reverse("progress:dashboard", args=[plan.pk]),
                reverse("progress:export_ledger", args=[plan.pk])):
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(reverse("public_plan", args=[plan.pk])).status_code == 200
    # and it comes back
    client.force_login(people["王主任"])
    client.post(reverse("plans:archive", args=[plan.pk]), {"archived": "0"})
    assert sv.send_reminders(D(2025, 1, 14)).sent == 2


def test_only_the_office_archives_and_drafts_cannot_be(client, published_plan, county, people):
    draft_plan = plan_services.create_plan_from_document(people["王主任"], county, {**PLAN_DOC, "title": "草稿"})
    for who in ("李局长", "张联络员"):
        client.force_login(people[who])
        assert client.post(reverse("plans:archive", args=[published_plan.pk])).status_code == 403
    client.force_login(people["外县主任"])
    assert client.post(reverse("plans:archive", args=[published_plan.pk])).status_code == 404
    published_plan.refresh_from_db()
    assert not published_plan.is_archived
    client.force_login(people["王主任"])
    client.post(reverse("plans:archive", args=[draft_plan.pk]))
    draft_plan.refresh_from_db()
    assert not draft_plan.is_archived


def test_an_archived_plans_board_stays_readable_and_says_so(client, published_plan, people):
    plan_services.set_archived(people["王主任"], published_plan)
    client.force_login(people["李局长"])
    resp = client.get(reverse("supervision:board", args=[published_plan.pk]))
    assert resp.status_code == 200 and "已归档" in resp.content.decode()
