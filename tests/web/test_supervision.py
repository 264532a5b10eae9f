"""督办: effective deadlines, reminders, notices (lifecycle, permissions, locking), board, exports,
and query counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhiweb.accounts.models import Membership
from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.workflow import CONFLICT_MESSAGE
from fazhiweb.plans.models import Assignment, Task
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.due import DONE, ON_TRACK, OVERDUE, SOON, DueCalculator
from fazhiweb.progress.models import Report
from fazhiweb.supervision import services
from fazhiweb.supervision.models import Notice, NoticeEvent, ReminderLog

from .conftest import PDF_BYTES, _user

D = dt.date


def _calc(today, soon=5):
    return DueCalculator(today=today, soon_days=soon)


def _a(plan, unit_name, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _accept_done(people, assignment, reviewed_at=None):
    user = Membership.objects.filter(unit=assignment.unit, role="liaison").first()
    user = user.user if user else _user(f"l{assignment.unit_id}", assignment.unit.government, "liaison",
                                        assignment.unit)
    r = progress_services.submit_report(user, assignment, {"status": "done", "text": "已完成。", "percent": 100})
    progress_services.review_report(people["王主任"], r, "accept")
    if reviewed_at is not None:
        Report.objects.filter(pk=r.pk).update(reviewed_at=reviewed_at)
    return r


# -- effective deadline rules -------------------------------------------------------------------

def test_own_deadline_is_the_earliest_of_the_task():
    due = _calc(D(2024, 5, 1)).deadline([{"date": "2024-09-30"}, {"date": "2024-06-28"}], D(2024, 12, 31))
    assert (due.date, due.source, due.recurring) == (D(2024, 6, 28), "task", False)


def test_catch_all_default_deadline_when_the_task_has_none():
    due = _calc(D(2024, 5, 1)).deadline([], D(2024, 12, 31))
    assert (due.date, due.source) == (D(2024, 12, 31), "plan")
    assert _calc(D(2024, 5, 1)).deadline([{"date": "not a date"}], None).date is None
    assert _calc(D(2024, 5, 1)).status(_calc(D(2024, 5, 1)).deadline([], None)).state == "none"


def test_plan_deadline_on_a_rest_day_is_kept_as_written_statutory_periods_move():
    # A plan deadline is chased as written: 2024-06-08 is a Saturday (端午 06-10 follows) and stays.
    calc = _calc(D(2024, 6, 7))
    due = calc.deadline([{"date": "2024-06-08"}])
    assert due.date == D(2024, 6, 8)
    assert calc.status(due).state == SOON
    assert _calc(D(2024, 6, 8)).status(due).text == "今日到期"
    assert _calc(D(2024, 6, 9)).status(due).state == OVERDUE
    assert _calc(D(2024, 6, 1)).deadline([{"date": "2024-06-30"}]).date == D(2024, 6, 30)  # a Sunday
    # A statutory period counted in days moves off rest days (民法典第二百零三条) …
    from fazhiweb.core.clock import period_end

    assert period_end(D(2024, 6, 1), 7) == D(2024, 6, 11)  # 06-08 Sat → after 端午 (06-10) → Tue 06-11
    assert period_end(D(2024, 9, 22), 7) == D(2024, 9, 29)  # an adjusted working Sunday stays
    # … and one counted in working days counts them (the holiday does not count).
    assert period_end(D(2024, 6, 6), 3, "workdays") == D(2024, 6, 12)


def test_milestones_chase_the_next_unticked_one():
    two = [{"date": "2024-06-30", "text": "6月底前"}, {"date": "2024-12-31", "text": "年底前"}]
    calc = _calc(D(2024, 7, 2))
    due = calc.deadline(two)
    assert (due.date, due.final, due.count, due.ticked) == (D(2024, 6, 30), D(2024, 12, 31), 2, 0)
    assert calc.status(due).state == OVERDUE
    due = calc.deadline(two, ticked=["2024-06-30"])
    assert (due.date, due.ticked) == (D(2024, 12, 31), 1)
    assert calc.status(due).state == ON_TRACK
    assert calc.status(calc.deadline(two, ticked=["2024-06-30", "2024-12-31"])).state == DONE


def test_due_soon_counts_working_days_across_the_holiday():
    due = _calc(D(2024, 6, 1)).deadline([{"date": "2024-06-11"}])
    # 06-03 → 06-11: 4, 5, 6, 7, 11 June are working days (8–10 are off): 5 left → due soon.
    assert _calc(D(2024, 6, 3)).status(due).state == SOON
    # 05-31 → 06-11: six working days → on track; with a 6-day window it is due soon.
    assert _calc(D(2024, 5, 31)).status(due).state == ON_TRACK
    assert _calc(D(2024, 5, 31), soon=6).status(due).state == SOON


def test_yearly_duty_rolls_forward_to_the_current_cycle():
    yearly = [{"date": "2024-03-31", "text": "每年第一季度", "recurring": "yearly"}]
    # Before and during the first cycle: the stored first occurrence, as written (a Sunday).
    assert _calc(D(2023, 11, 1)).deadline(yearly).date == D(2024, 3, 31)
    assert _calc(D(2024, 2, 1)).deadline(yearly).date == D(2024, 3, 31)
    # In 2025 it is due 2025-03-31, all year; from 1 January 2026 it is due 2026-03-31.
    due25 = _calc(D(2025, 12, 31)).deadline(yearly)
    assert (due25.date, due25.recurring, due25.cycle_start) == (D(2025, 3, 31), True, D(2025, 1, 1))
    assert _calc(D(2026, 1, 1)).deadline(yearly).date == D(2026, 3, 31)
    # Done last year does not count this year; done this year does.
    last_year = timezone.make_aware(dt.datetime(2024, 3, 20, 10))
    this_year = timezone.make_aware(dt.datetime(2025, 3, 20, 10))
    calc = _calc(D(2025, 3, 25))
    due = calc.deadline(yearly)
    assert calc.status(due, "done", last_year).state == SOON
    assert calc.status(due, "done", this_year).state == DONE
    assert _calc(D(2025, 4, 15)).status(due, "done", last_year).state == OVERDUE
    # The earliest deadline wins also when one is yearly; 29 February rolls to 28 February.
    mixed = yearly + [{"date": "2025-06-30"}]
    assert _calc(D(2025, 1, 2)).deadline(mixed).date == D(2025, 3, 31)
    assert _calc(D(2025, 1, 2)).deadline([{"date": "2024-02-29", "recurring": "yearly"}]).date == D(2025, 2, 28)


def test_one_off_deadline_done_any_time_is_done(published_plan, people):
    a = _a(published_plan, "县市场监管局", "二/(一)")
    calc = _calc(D(2024, 8, 1))
    due = calc.task_deadline(Task.objects.select_related("plan").get(pk=a.task_id))
    assert due.date == D(2024, 6, 30)  # a Sunday: a plan deadline is kept as written
    assert calc.status(due).state == OVERDUE
    assert calc.status(due, "in_progress", None).state == OVERDUE
    assert calc.status(due, "done", timezone.now()).state == DONE


# -- reminders -------------------------------------------------------------------------------------

@pytest.fixture
def mails(people):
    for key, email in (("张联络员", "zhang@example.gov.cn"), ("赵联络员", "zhao@example.gov.cn")):
        people[key].email = email
        people[key].save()
    return people


def test_remind_one_digest_per_liaison_with_due_items_and_idempotent(published_plan, mails, county):
    people = mails
    _accept_done(people, _a(published_plan, "东湖镇"))  # 东湖镇's only duty is done
    result = services.send_reminders(D(2025, 1, 10))
    assert (result.sent, result.skipped) == (1, 0)
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["zhang@example.gov.cn"]
    assert "县司法局" in msg.subject and "已逾期 2 项" in msg.subject
    assert "深化审批改革" in msg.body and "推进政务公开" in msg.body and "2024-12-31" in msg.body
    assert ReminderLog.objects.filter(user=people["张联络员"], date=D(2025, 1, 10)).exists()
    assert AuditEntry.objects.filter(action="reminder.send", government=county).count() == 1
    again = services.send_reminders(D(2025, 1, 10))
    assert (again.sent, again.skipped, again.already) == (0, 1, 1)
    assert again.summary.startswith("发送 0 封,跳过 1 人")
    assert len(mail.outbox) == 1
    # Next day: a new digest.
    assert services.send_reminders(D(2025, 1, 13)).sent == 1


def test_remind_sends_nothing_when_nothing_is_due(published_plan, mails):
    # 2024-06-25: only 二/(一) (县市场监管局, due 07-01) is due soon; it has no liaison.
    result = services.send_reminders(D(2024, 6, 25))
    assert (result.sent, result.skipped) == (0, 0)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_remind_skips_liaison_without_email_and_other_governments(published_plan, mails, county, other_county):
    _user("qian", county, "liaison", county.u["县市场监管局"])  # no e-mail address
    result = services.send_reminders(D(2024, 6, 25))
    assert (result.sent, result.skipped, result.no_email) == (0, 1, 1)
    assert services.send_reminders(D(2025, 1, 10), government_id=other_county.pk).sent == 0
    assert services.send_reminders(D(2025, 1, 10), government_id=county.pk).sent == 2


def test_remind_through_the_cli(published_plan, mails, capsys):
    from fazhi.cli import main

    assert main(["remind", "--date", "2025-01-10"]) == 0
    assert capsys.readouterr().out.strip() == "发送 2 封,跳过 0 人"
    assert sorted(m.to[0] for m in mail.outbox) == ["zhang@example.gov.cn", "zhao@example.gov.cn"]
    assert main(["remind", "--date", "2025-01-10"]) == 0
    assert "发送 0 封,跳过 2 人" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert main(["remind", "--date", "2025-13-01"]) == 2


def test_liaison_home_shows_the_same_due_list(client, published_plan, people):
    _accept_done(people, _a(published_plan, "县司法局"))
    client.force_login(people["张联络员"])
    resp = client.get(reverse("progress:my"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "督办提醒" in html and "推进政务公开" in html.split("督办提醒")[1].split("</section>")[0]
    assert "深化审批改革" not in html.split("督办提醒")[1].split("</section>")[0]  # done
    page = client.get(reverse("supervision:index"))
    assert [i.task.title for i in page.context["items"]] == ["推进政务公开"]


# -- notices ---------------------------------------------------------------------------------------

def _issue(client, people, plan, unit="县司法局", reply_by="2099-12-31", kind="daily"):
    """Issue through the form; a past `reply_by` (a notice now late) is set after issuing, as the
    form only takes a reply-by after the issue date."""
    client.force_login(people["王主任"])
    a = _a(plan, unit)
    resp = client.post(reverse("supervision:notice_new"), {
        "kind": kind, "reason": "审批改革推进缓慢,请限期整改。", "reply_by": "2099-12-31",
        "assignments": [a.pk]})
    assert resp.status_code == 302, resp.content.decode()
    notice = Notice.objects.latest("id")
    Notice.objects.filter(pk=notice.pk).update(reply_by=reply_by)
    notice.refresh_from_db()
    return notice


def _act(client, user, notice, action, version, **data):
    client.force_login(user)
    return client.post(reverse("supervision:notice_action", args=[notice.pk, action]), {"version": version, **data})


def _errors(resp):
    return [str(m) for m in resp.wsgi_request._messages if m.level_tag == "error"]


def test_notice_lifecycle_with_return_and_close(client, published_plan, people, settings):
    n = _issue(client, people, published_plan)
    assert (n.state, n.version, n.unit.name, n.kind) == ("issued", 1, "县司法局", "daily")
    zhang, wang = people["张联络员"], people["王主任"]
    assert client.get(reverse("supervision:notice_new") + f"?unit={n.unit_id}").status_code == 200

    _act(client, zhang, n, "sign", 1)
    n.refresh_from_db()
    assert (n.state, n.version) == ("signed", 2)
    pdf = SimpleUploadedFile("整改报告.pdf", PDF_BYTES, content_type="application/pdf")
    _act(client, zhang, n, "reply", 2, comment="已制定整改方案。", files=[pdf])
    n.refresh_from_db()
    assert (n.state, n.reply_text) == ("replied", "已制定整改方案。")
    ev = NoticeEvent.objects.get(notice=n, action="reply").evidence.get()
    assert client.get(reverse("supervision:evidence", args=[ev.pk])).status_code == 200

    resp = _act(client, wang, n, "return", 3, comment="整改不到位,请补充佐证。")
    n.refresh_from_db()
    assert (n.state, n.version) == ("issued", 4) and not _errors(resp)
    _act(client, zhang, n, "sign", 4)
    _act(client, zhang, n, "reply", 5, comment="已补充。")
    _act(client, wang, n, "close", 6, comment="核查属实,予以销号。")
    n.refresh_from_db()
    assert (n.state, n.version) == ("closed", 7) and n.closed_at is not None
    assert list(n.events.values_list("action", flat=True)) == [
        "issue", "sign", "reply", "return", "sign", "reply", "close"]
    assert list(n.events.values_list("to_state", flat=True)) == [
        "issued", "signed", "replied", "issued", "signed", "replied", "closed"]
    actions = set(AuditEntry.objects.filter(object_type="supervision.notice", object_id=str(n.pk))
                  .values_list("action", flat=True))
    assert actions == {"notice.issue", "notice.sign", "notice.reply", "notice.return", "notice.close"}
    client.force_login(wang)
    page = client.get(reverse("supervision:notice", args=[n.pk]))
    assert page.status_code == 200 and "退回整改" in page.content.decode() and page.context["actions"] == []


def test_invalid_transitions_are_refused(client, published_plan, people):
    n = _issue(client, people, published_plan)
    with pytest.raises(services.NoticeError, match="当前状态为“已下发”,不能核查销号"):
        services.transition(people["王主任"], n, "close", 1)
    with pytest.raises(PermissionDenied):
        services.transition(people["张联络员"], n, "close", 1)
    with pytest.raises(PermissionDenied):
        services.transition(people["王主任"], n, "sign", 1)
    with pytest.raises(services.NoticeError, match="未知"):
        services.transition(people["王主任"], n, "delete", 1)
    services.transition(people["张联络员"], n, "sign", 1)
    with pytest.raises(services.NoticeError, match="请填写整改落实情况"):
        services.transition(people["张联络员"], n, "reply", 2, comment=" ")
    services.transition(people["张联络员"], n, "reply", 2, comment="已整改。")
    with pytest.raises(services.NoticeError, match="退回整改时必须填写意见"):
        services.transition(people["王主任"], n, "return", 3)
    resp = _act(client, people["张联络员"], n, "sign", 3)
    assert "不能签收" in _errors(resp)[0]
    n.refresh_from_db()
    assert (n.state, n.version) == ("replied", 3)
    with pytest.raises(services.NoticeError):
        services.issue_notice(people["王主任"], n.government, n.unit, [_a(published_plan, "东湖镇")], "daily",
                              "x", "2099-01-01")  # not that unit's assignment
    with pytest.raises(services.NoticeError, match="督办类型"):
        services.issue_notice(people["王主任"], n.government, n.unit, [_a(published_plan, "县司法局")], "bogus",
                              "x", "2099-01-01")


def test_stale_version_is_refused_and_nothing_is_overwritten(client, published_plan, people):
    n = _issue(client, people, published_plan)
    _act(client, people["张联络员"], n, "sign", 1)
    resp = _act(client, people["张联络员"], n, "reply", 1, comment="旧表单的反馈")
    assert _errors(resp) == [CONFLICT_MESSAGE]
    n.refresh_from_db()
    assert (n.state, n.version, n.reply_text) == ("signed", 2, "")
    assert not n.events.filter(action="reply").exists()
    resp = _act(client, people["张联络员"], n, "reply", "", comment="无版本")
    assert _errors(resp)[-1] == CONFLICT_MESSAGE
    n.refresh_from_db()
    assert n.version == 2


def test_notice_permissions(client, published_plan, people):
    n = _issue(client, people, published_plan)
    url = reverse("supervision:notice", args=[n.pk])
    client.force_login(people["赵联络员"])  # another unit's liaison
    assert client.get(url).status_code == 404
    assert _act(client, people["赵联络员"], n, "sign", 1).status_code == 404
    client.force_login(people["外县主任"])  # another government
    assert client.get(url).status_code == 404
    assert client.get(reverse("supervision:board", args=[published_plan.pk])).status_code == 404
    assert _act(client, people["外县主任"], n, "close", 1).status_code == 404
    client.force_login(people["李局长"])  # leader: read-only
    page = client.get(url)
    assert page.status_code == 200 and page.context["actions"] == []
    assert _act(client, people["李局长"], n, "sign", 1).status_code == 403
    assert client.get(reverse("supervision:notice_new")).status_code == 403
    assert client.get(reverse("supervision:board", args=[published_plan.pk])).status_code == 200
    client.force_login(people["张联络员"])
    assert client.get(reverse("supervision:notice_new")).status_code == 403
    assert client.get(reverse("supervision:board", args=[published_plan.pk])).status_code == 403
    assert client.get(url).status_code == 200
    n.refresh_from_db()
    assert (n.state, n.version) == ("issued", 1)


def test_problem_list_filters_and_overdue_flag(client, published_plan, people):
    late = _issue(client, people, published_plan, reply_by="2024-01-31")
    other = _issue(client, people, published_plan, unit="东湖镇", kind="special")
    closed = _issue(client, people, published_plan, reply_by="2024-01-31")
    for action, v, comment in (("sign", 1, ""), ("reply", 2, "已整改")):
        services.transition(people["张联络员"], closed, action, v, comment=comment)
    services.transition(people["王主任"], closed, "close", 3)
    late.refresh_from_db()
    closed.refresh_from_db()
    assert late.is_overdue() and not closed.is_overdue() and not other.is_overdue()

    client.force_login(people["王主任"])
    ids = lambda resp: {n.pk for n in resp.context["notices"]}  # noqa: E731
    url = reverse("supervision:notices")
    assert ids(client.get(url)) == {late.pk, other.pk}  # open ones by default
    assert ids(client.get(url, {"state": "overdue"})) == {late.pk}
    assert ids(client.get(url, {"state": "closed"})) == {closed.pk}
    assert ids(client.get(url, {"state": "all"})) == {late.pk, other.pk, closed.pk}
    assert ids(client.get(url, {"unit": other.unit_id})) == {other.pk}
    assert "逾期" in client.get(url).content.decode()
    client.force_login(people["赵联络员"])
    assert ids(client.get(url, {"state": "all", "unit": late.unit_id})) == {other.pk}
    client.force_login(people["外县主任"])
    assert ids(client.get(url, {"state": "all"})) == set()


# -- board and exports -----------------------------------------------------------------------------

def test_board_lights_heat_map_and_notice_counts(client, published_plan, people):
    _accept_done(people, _a(published_plan, "东湖镇"))
    _issue(client, people, published_plan)
    client.force_login(people["王主任"])
    resp = client.get(reverse("supervision:board", args=[published_plan.pk]))
    assert resp.status_code == 200
    b = resp.context["b"]
    by = {u["unit"].name: u for u in b["units"]}
    assert by["东湖镇"]["light"] == "green" and by["县司法局"]["light"] == "red"  # default deadline 2024-12-31 passed
    assert by["县司法局"]["open_notices"] == 1 and by["县司法局"]["overdue"] == 2
    assert [s["key"] for s in b["sections"]] == ["一", "二"]
    assert [c["pct"] for c in by["县司法局"]["cells"]] == [100, None]
    assert [c["pct"] for c in by["东湖镇"]["cells"]] == [0, None]
    html = resp.content.decode()
    assert "light red" in html and "heat-4" in html and "heat-0" in html


def test_board_and_notices_export_to_xlsx(client, published_plan, people):
    _issue(client, people, published_plan)
    client.force_login(people["王主任"])
    resp = client.get(reverse("supervision:board_export", args=[published_plan.pk]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["单位督办状态"]
    assert ws["A1"].value == "单位" and ws["A1"].font.bold and ws.freeze_panes == "B2"
    assert {r[0] for r in ws.iter_rows(min_row=2, values_only=True)} >= {"县司法局", "东湖镇"}
    assert wb["逾期热力图"].cell(1, 2).value == "依法全面履行政府职能"
    resp = client.get(reverse("supervision:notices_export"), {"state": "all"})
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb.active
    assert ws["A1"].value == "编号" and ws["A1"].font.bold and ws.freeze_panes == "B2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "县司法局" and rows[0][2] == "日常督办" and "深化审批改革" in rows[0][4]
    client.force_login(people["张联络员"])
    assert client.get(reverse("supervision:board_export", args=[published_plan.pk])).status_code == 403


# -- query counts ----------------------------------------------------------------------------------

def _grow(plan, people, county, n):
    """Add n tasks in a new section, each assigned to three units, one notice per task, some reports."""
    start = plan.tasks.count()
    units = [county.u["县司法局"], county.u["东湖镇"], county.u["青山镇"]]
    for i in range(n):
        t = Task.objects.create(plan=plan, path=[f"三{start + i}", "(一)"], order=100 + start + i,
                                heading=f"新增章节{start + i}", title=f"新增任务{start + i}",
                                deadlines=[{"date": "2024-03-31", "recurring": "yearly"}] if i % 2 else [])
        for u in units:
            Assignment.objects.create(task=t, unit=u, role="responsible")
        a = Assignment.objects.get(task=t, unit=units[0])
        if i % 2:
            _accept_done(people, a)
        n = services.issue_notice(people["王主任"], county, units[0], [a], "daily", f"督办{i}", "2099-01-31")
        Notice.objects.filter(pk=n.pk).update(reply_by="2024-01-31")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(client, published_plan, people, county):
    pages = [
        (people["王主任"], reverse("supervision:board", args=[published_plan.pk])),
        (people["王主任"], reverse("supervision:notices") + "?state=all"),
        (people["张联络员"], reverse("supervision:notices")),
        (people["张联络员"], reverse("supervision:index")),
        (people["王主任"], reverse("supervision:index")),
    ]

    def counts():
        cache.clear()  # both runs cold: a plan's roll-up kept from the first run is checked, not rebuilt
        out = []
        for user, url in pages:
            client.force_login(user)
            out.append(_count(client, url))
        return out

    _grow(published_plan, people, county, 3)
    small = counts()
    _grow(published_plan, people, county, 6)
    assert counts() == small


def test_remind_management_command_and_nav_link(client, published_plan, mails):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("remind", "--date", "2025-01-10", stdout=out)
    assert out.getvalue().strip() == "发送 2 封,跳过 0 人"
    client.force_login(mails["李局长"])
    assert "督办" in client.get(reverse("supervision:index")).content.decode()
