"""The page cache (core.pagecache): every change through a service shows on the next page, and a
cached body never reaches someone it was not rendered for (other unit, role, government, day)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from fazhiweb.accounts.models import Government
from fazhiweb.audit.services import record
from fazhiweb.core import pagecache
from fazhiweb.directory import services as directory_services
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services as supervision_services

MY = reverse("progress:my")


def page(client, user, url, status=200) -> str:
    client.force_login(user)
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code)
    return resp.content.decode()


def main(html: str) -> str:
    """The page without its per-request head (the CSRF token is masked afresh on every render)."""
    return html.split("<main>", 1)[1]


def version(gov) -> int:
    return Government.objects.get(pk=gov.pk).data_version


def dashboard(plan) -> str:
    return reverse("progress:dashboard", args=[plan.pk])


def board(plan) -> str:
    return reverse("supervision:board", args=[plan.pk])


def sifaju_assignment(plan) -> Assignment:
    return Assignment.objects.filter(task__plan=plan, unit__name="县司法局").order_by("id").first()


def test_second_request_is_served_from_the_cache(client, people, published_plan, django_assert_max_num_queries):
    client.force_login(people["王主任"])
    first = client.get(board(published_plan))
    assert "b" in first.context  # rendered
    with django_assert_max_num_queries(4):  # session; user with membership and government; plan; unread count
        second = client.get(board(published_plan))
    assert "b" not in second.context  # not rendered again
    assert main(second.content.decode()) == main(first.content.decode())


def test_record_bumps_the_government_or_all_of_them(people, county, other_county):
    a, b = version(county), version(other_county)
    record(people["王主任"], "unit.update", county.u["县司法局"])
    assert (version(county), version(other_county)) == (a + 1, b)
    record(people["王主任"], "holiday.create", None, object_type="core.holiday", object_id=1)
    assert (version(county), version(other_county)) == (a + 2, b + 1)


def test_report_submit_and_review_show_on_the_next_pages(client, people, county, published_plan):
    zhang, wang = people["张联络员"], people["王主任"]
    a = sifaju_assignment(published_plan)
    before = page(client, zhang, MY)
    assert "审核中" not in before
    board_before = page(client, wang, dashboard(published_plan))
    v = version(county)
    report = progress_services.submit_report(zhang, a, {"status": "done", "text": "已完成评查。", "percent": 100})
    assert version(county) > v
    assert "审核中" in page(client, zhang, MY)
    latest = page(client, wang, dashboard(published_plan))
    assert latest != board_before and "已完成评查" not in board_before
    v = version(county)
    progress_services.review_report(wang, report, "return", "请补充佐证。")
    assert version(county) > v
    assert "已退回:请补充佐证。" in page(client, zhang, MY)


def test_notice_transitions_show_on_the_board(client, people, county, published_plan):
    wang, zhang = people["王主任"], people["张联络员"]
    a = sifaju_assignment(published_plan)
    assert "未办结督办单<b>0</b>" in page(client, wang, board(published_plan))
    notice = supervision_services.issue_notice(wang, county, county.u["县司法局"], {a.pk}, "daily", "请加快进度。",
                                               (dt.date.today() + dt.timedelta(days=10)).isoformat())
    assert "未办结督办单<b>1</b>" in page(client, wang, board(published_plan))
    notice = supervision_services.transition(zhang, notice, "sign", notice.version)
    notice = supervision_services.transition(zhang, notice, "reply", notice.version, "已整改。")
    assert "未办结督办单<b>1</b>" in page(client, wang, board(published_plan))
    supervision_services.transition(wang, notice, "close", notice.version, "同意销号。")
    assert "未办结督办单<b>0</b>" in page(client, wang, board(published_plan))


def test_publish_and_unit_edit_show_on_the_next_pages(client, people, county, draft_plan):
    wang = people["王主任"]
    assert "分工数<b>0</b>" in page(client, wang, dashboard(draft_plan))
    m = draft_plan.tasks.get(path_key="一/(二)").mentions.get(raw_name="区司法局")
    plan_services.resolve_mention(wang, m, unit=county.u["县司法局"])
    plan_services.publish(wang, draft_plan)
    after = page(client, wang, dashboard(draft_plan))
    assert "分工数<b>0</b>" not in after and "县司法局" in after
    unit = county.u["县司法局"]
    directory_services.update_unit(wang, unit, {"name": "县司法行政局", "kind": unit.kind})
    assert "县司法行政局" in page(client, wang, board(draft_plan))
    assert "县司法行政局" in page(client, wang, dashboard(draft_plan))
    assert "县司法行政局 · 本单位任务" in page(client, people["张联络员"], MY)


def test_task_edit_shows_on_the_liaison_home(client, people, published_plan):
    zhang = people["张联络员"]
    task = sifaju_assignment(published_plan).task
    assert "依法审批再提速" not in page(client, zhang, MY)
    plan_services.update_task(people["王主任"], task, {
        "heading": task.heading, "title": "依法审批再提速", "text": task.text, "deadlines": task.deadlines,
        "targets": task.targets, "units": {"lead": ["县司法局"], "responsible": ["县财政局", "各乡镇"],
                                            "support": []}})
    assert "依法审批再提速" in page(client, zhang, MY)


def test_holiday_edit_through_the_admin_shows_on_the_board(client, people, county, other_county, published_plan,
                                                           monkeypatch):
    monkeypatch.setattr(pagecache, "today", lambda: dt.date(2099, 1, 5))  # a year chinesecalendar does not know
    wang = people["王主任"]
    assert "按周一至周五计算" in page(client, wang, board(published_plan))
    v, w = version(county), version(other_county)
    admin = User.objects.create_superuser("root", password="pw-for-tests-123")
    client.force_login(admin)
    resp = client.post("/admin/core/holiday/add/", {"date": "2099-01-01", "is_workday": "", "name": "元旦"})
    assert resp.status_code == 302
    assert version(county) == v + 1 and version(other_county) == w + 1  # installation-wide: every government
    assert "2099年的节假日按管理员维护的节假日调整表计算" in page(client, wang, board(published_plan))


def test_liaisons_get_their_own_unit(client, people, published_plan):
    zhang_page = page(client, people["张联络员"], MY)
    zhao_page = page(client, people["赵联络员"], MY)  # same government, version, day: other unit
    assert "县司法局 · 本单位任务" in zhang_page and "东湖镇 · 本单位任务" in zhao_page
    assert "县司法局 · 本单位任务" not in zhao_page
    # the liaison home's pages are cached apart too
    assert main(page(client, people["张联络员"], MY + "?page=abc")) == main(page(client, people["张联络员"], MY))


def test_roles_and_other_governments_never_see_the_cache(client, people, published_plan, monkeypatch):
    monkeypatch.setattr(pagecache, "today", lambda: dt.date(2025, 3, 3))  # everything is overdue
    office = page(client, people["王主任"], board(published_plan))
    assert "下发督办" in office
    leader = page(client, people["李局长"], board(published_plan))  # same key but for the role
    assert "下发督办" not in leader and "督办看板" in leader
    page(client, people["外县主任"], board(published_plan), status=404)  # another government
    page(client, people["外县主任"], dashboard(published_plan), status=404)
    page(client, people["张联络员"], board(published_plan), status=403)  # a liaison may not see the board
    dash_office = page(client, people["王主任"], dashboard(published_plan))
    dash_leader = page(client, people["李局长"], dashboard(published_plan))
    assert "导出进展台账" in dash_office and "进度看板" in dash_leader
    # the dashboard a liaison gets is cut to their own unit, never the office's cached body
    dash_liaison = page(client, people["张联络员"], dashboard(published_plan))
    assert "导出进展台账" not in dash_liaison and dash_liaison != dash_office


@pytest.mark.parametrize("url", ["board", "dashboard", "my"])
def test_the_day_is_part_of_the_key(client, people, published_plan, monkeypatch, url):
    user = people["张联络员"] if url == "my" else people["王主任"]
    target = MY if url == "my" else board(published_plan) if url == "board" else dashboard(published_plan)
    monkeypatch.setattr(pagecache, "today", lambda: dt.date(2024, 6, 20))
    early = page(client, user, target)
    monkeypatch.setattr(pagecache, "today", lambda: dt.date(2024, 7, 10))
    late = page(client, user, target)
    assert early != late  # 2024-06-30 is a deadline of the plan: due soon on the first day, overdue on the second
    if url == "board":
        assert "统计日期 2024-06-20" in early and "统计日期 2024-07-10" in late


def test_a_page_cached_before_a_fresh_load_is_not_served(client, people, published_plan):
    """A cache entry from an earlier database with the same ids and version 0 (tests, a regenerated
    bench database in the same process) must not survive the generator: it empties the cache."""
    from fazhiweb.scale.generate import ProvinceGenerator, Sizes

    wang = people["王主任"]
    page(client, wang, board(published_plan))
    ProvinceGenerator(Sizes(governments=1, units=3, tasks=3, plans=1, reports=5, notices=1, seed=2)).run()
    client.force_login(wang)
    assert "b" in client.get(board(published_plan)).context  # rendered again
