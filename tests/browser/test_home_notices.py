"""督办 and the liaison's home in a real browser (issue 8): the notice form ticks nothing, selects
all and none, refuses a reply-by on the issue date and issues one notice to each of two units; the
liaison's home starts with the open notice, the returned report and the overdue items, as cards on
a 390-px phone with the task, unit, due date and 报送 button on screen together. Screenshots in
test-artifacts/browser/ (notice-form-*.png, home-liaison-*.png)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fazhiweb.plans.models import Assignment
from fazhiweb.supervision.models import Notice

from .conftest import DESKTOP, PHONE, missing_reason, no_sideways_scroll

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)


def _checked(page) -> int:
    return page.locator("input[name=assignments]:checked").count()


def test_notice_form_to_two_units(open_session, jimo, activity):
    plan = activity  # a published plan with one returned report of the 区司法局
    office = open_session("wang")
    office.goto("/supervision/notices/new/")
    office.page.select_option("select[name=plan]", str(plan.pk))
    office.page.select_option("select[name=status]", "all")
    office.page.get_by_role("button", name="筛选").click()
    office.page.wait_for_url(re.compile(r"status=all"))
    boxes = office.page.locator("input[name=assignments]")
    assert boxes.count() > 2 and _checked(office.page) == 0  # nothing pre-ticked
    select_all = office.page.locator("input[data-select-all=assignments]")
    select_all.check()
    assert _checked(office.page) == boxes.count()
    select_all.uncheck()
    assert _checked(office.page) == 0
    for unit in ("区司法局", "区财政局"):
        office.page.locator("table.notice-items tr", has_text=unit).first.locator("input[name=assignments]").check()
    office.page.fill("textarea[name=reason]", "进度滞后,请于反馈期限前报告整改情况。")
    office.page.fill("input[name=reply_by]", dt.date.today().isoformat())
    office.shot("notice-form-1280")
    office.page.get_by_role("button", name="下发").click()
    assert "应晚于下发日期" in office.page.locator("ul.errorlist").inner_text()
    assert _checked(office.page) == 2  # the ticks survive the refusal
    office.page.set_viewport_size(PHONE)
    no_sideways_scroll(office)
    office.shot("notice-form-390")
    office.page.set_viewport_size(DESKTOP)
    office.page.fill("input[name=reply_by]", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    office.page.get_by_role("button", name="下发").click()
    office.page.wait_for_url(re.compile(r"/supervision/notices/$"))
    notices = list(Notice.objects.order_by("id"))
    assert {n.unit.name for n in notices} == {"区司法局", "区财政局"} and len({n.batch for n in notices}) == 1
    assert all(n.number in office.page.locator("ul.messages").inner_text() for n in notices)


def test_liaison_home_first_what_needs_them(open_session, jimo, activity):
    plan = activity
    from fazhiweb.supervision import services

    a = Assignment.objects.filter(task__plan=plan, unit=jimo.u["区司法局"]).order_by("-task__order").first()
    notice = services.issue_notice(jimo.people["王主任"], jimo, a.unit, [a], "daily", "请加快推进出庭应诉工作。",
                                   (dt.date.today() + dt.timedelta(days=7)).isoformat())
    liaison = open_session("zhang")
    liaison.goto("/")
    main = liaison.page.locator("main")
    heads = main.locator("h2").all_inner_texts()
    assert [h[:4] for h in heads[:4]] == ["督办单(", "被退回的", "已逾期和", "其他进行"], heads
    assert notice.number in main.inner_text() and "请补充清理文件目录。" in main.inner_text()
    assert liaison.page.locator("header.top .inbox-link .count").inner_text() == "2"  # notice + returned report
    liaison.shot("home-liaison-1280")
    liaison.page.set_viewport_size(PHONE)
    no_sideways_scroll(liaison)
    card = main.locator("ul.items li.item").nth(2)  # the first overdue item (after the notice and the report)
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    assert box["height"] < PHONE["height"] / 2
    for part in (".what a", ".when b", ".do .button"):  # task, due date, 报送 — one card, one screen
        assert card.locator(part).first.is_visible(), part
    assert "区司法局" in card.inner_text()
    liaison.page.evaluate("window.scrollTo(0, 0)")
    liaison.shot("home-liaison-390")
    liaison.goto("/progress/my/")
    no_sideways_scroll(liaison)
    row = liaison.page.locator("table.my-list tr").nth(1)
    assert row.locator("a.button").first.is_visible() and row.bounding_box()["height"] < PHONE["height"]
    liaison.shot("my-tasks-390")


def test_leader_overview_and_comment(open_session, jimo, activity):
    leader = open_session("li")
    leader.goto("/")
    main = leader.page.locator("main")
    assert "计划推进情况" in main.inner_text() and activity.title in main.inner_text()
    leader.shot("home-leader-1280")
    leader.goto(f"/plans/{activity.pk}/units/{jimo.u['区司法局'].pk}/")
    leader.page.fill("section.comments textarea[name=text]", "出庭应诉率要稳住,月底前报告。")
    leader.page.get_by_role("button", name="发出批示").click()
    assert "出庭应诉率要稳住" in leader.page.locator("section.comments").inner_text()
    leader.page.set_viewport_size(PHONE)
    leader.goto("/")
    no_sideways_scroll(leader)
    leader.shot("home-leader-390")
    liaison = open_session("zhang")
    assert liaison.page.locator("header.top .inbox-link .count").inner_text() == "2"  # returned report + 批示
    liaison.goto("/inbox/")
    assert "出庭应诉率要稳住" in liaison.page.locator("main").inner_text()
