"""The annual report in a browser: the office drafts the year's report from the registers,
edits a part (live preview, a typed number flagged), opens a figure's records, runs the
audit, the leader approves, the office records the 保密 review and publishes, and anyone
reads the public page. Screenshots in test-artifacts/browser/annual-*.png."""

from __future__ import annotations

import re

import pytest

from fazhiweb.core.clock import today
from fazhiweb.registers.demo import demo_year, fill

from .conftest import ARTIFACTS, PHONE, no_sideways_scroll


@pytest.mark.django_db(transaction=True)
def test_draft_edit_audit_approve_publish(open_session, jimo):
    units = [u for u in jimo.u if u != "区司法局"]
    year, _ = demo_year(today())
    fill(jimo, units, today(), owners={"reconsideration": jimo.u["区司法局"]}, other_count=0)

    office = open_session("wang")
    office.goto("/annual/")
    office.page.select_option("select[name=year]", str(year))
    office.page.click("text=起草青岛市即墨区年度报告")
    office.page.wait_for_url(re.compile(r"/annual/\d+/$"))
    report_url = office.page.url
    assert office.page.locator("section#part-achievements .figure").count() >= 5
    office.page.locator("#audit-panel ul.findings").wait_for()
    office.shot("annual-draft")

    # edit the 其他 part: a token, a typed number, a 保密 passage; the preview follows the typing
    office.page.click("section#part-other a.button")
    office.page.fill("#part-text", "全年{{fig:reconsideration.received}};另有来信12件。\n\n[保密]内部掌握的情况。")
    office.page.locator("#preview .figure").wait_for()
    office.page.click("ul.figure-choices button[data-insert*='reconsideration.concluded']")  # a token put at the cursor
    office.page.locator("#preview .figure[data-key='reconsideration.concluded']").wait_for()
    assert office.page.locator("#preview mark.untraced").count() >= 1
    office.shot("annual-edit")
    office.page.click("form.editor button.primary")
    office.page.wait_for_url(re.compile(r"/annual/\d+/(#.*)?$"))
    assert "另有来信12件" in office.page.locator("section#part-other").inner_text()

    # a figure's definition on hover, and its records in the register
    fig = office.page.locator("section#part-other .figure").first
    fig.hover()
    assert fig.locator(".tip").is_visible()
    office.shot("annual-figure-hover", max_height=1200)
    fig.locator("a.records").click()
    office.page.wait_for_url("**figure=reconsideration.received**")
    assert "所计记录" in office.page.locator("section.cases h2").inner_text()

    # the audit panel
    office.page.goto(report_url)
    office.page.locator("#audit-panel ul.findings li").first.wait_for()
    assert "placeholder" in office.page.locator("#audit-panel").inner_text() or \
        office.page.locator("#audit-panel li").count() >= 1

    leader = open_session("li")
    leader.page.goto(report_url)
    leader.page.click("text=审定(冻结全部数据)")
    leader.page.locator("ul.messages").wait_for()
    assert "已审定" in leader.page.locator("b.state").inner_text()

    office.page.goto(report_url)
    office.page.click("text=记录保密审查")
    office.page.locator("ul.messages").wait_for()
    office.page.fill("input[name=recipient]", "区人大常委会")
    office.page.click("text=记录报送")
    office.page.locator("text=报送 区人大常委会").wait_for()
    office.page.click("text=在公开页面发布")
    office.page.get_by_role("link", name="第1版").wait_for()
    office.shot("annual-published")

    public = open_session(viewport=PHONE)
    public.goto(f"/public/annual/{jimo.pk}/{year}/")
    no_sideways_scroll(public)
    text = public.page.locator("article.annual-report").inner_text()
    assert "主要举措和成效" in text and "另有来信12件" in text and "内部掌握的情况" not in text
    assert public.page.locator("time.published").is_visible()
    public.shot("annual-public")
    assert (ARTIFACTS / "annual-public.png").exists()
