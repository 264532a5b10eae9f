"""The government above in a browser: the city's office reads its counties' overview, opens a
county (alignment with the city's plan), compares the counties' annual reports (table and one
chart per indicator), issues a 督察 notice that the county's office finds on its home page.
Screenshots: hierarchy-overview-1280, hierarchy-government-1280, hierarchy-compare-1280,
hierarchy-compare-390, hierarchy-received-1280."""

from __future__ import annotations

import re

import pytest

from fazhiweb.accounts.models import Government
from fazhiweb.hierarchy import demo

from .conftest import PASSWORD, PHONE, missing_reason, no_sideways_scroll

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)


@pytest.fixture
def city(transactional_db):
    county = Government.objects.create(name="示例县", level="county")
    demo.load(county, PASSWORD)
    return {g.name: g for g in Government.objects.all()}


def test_city_office_reads_compares_and_issues(open_session, city):
    s = open_session("cityadmin")
    s.goto("/hierarchy/")
    table = s.page.locator("table.hierarchy-overview")
    for name in ("示例县", "东山县", "南岭县"):
        assert table.get_by_role("link", name=name).count() == 1
    assert "合计(3 个下级政府)" in s.page.inner_text("main")
    s.shot("hierarchy-overview-1280")

    table.get_by_role("link", name="南岭县").click()
    s.page.wait_for_url(re.compile(r"/hierarchy/g/\d+/$"))
    text = s.page.inner_text("main")
    assert "未承接的上级任务" in text and "推进数字法治政府建设" in text.split("未承接的上级任务")[1]
    s.shot("hierarchy-government-1280")

    s.goto("/hierarchy/compare/")
    assert s.page.locator("table.compare-table").count() == 1
    assert s.page.locator("figure.chart svg").count() >= 5
    assert "88.9" in s.page.inner_text("table.compare-table")
    s.shot("hierarchy-compare-1280")

    s.goto("/hierarchy/inspections/new/")
    s.page.get_by_label("东山县").check()
    s.page.fill("textarea[name=reason]", "请于期限内报告权责清单调整和公布情况。")
    s.page.click("main form button.primary")
    s.page.wait_for_url(re.compile(r"/hierarchy/inspections/$"))
    assert "东山县" in s.page.inner_text("main")

    phone = open_session("cityadmin", PHONE)
    phone.goto("/hierarchy/compare/")
    no_sideways_scroll(phone)
    phone.shot("hierarchy-compare-390")

    lower = open_session("dongshan")
    lower.goto("/")
    received = lower.page.locator("section.received-inspections")
    assert "示例市" in received.inner_text()
    received.get_by_role("link", name=re.compile("督察")).first.click()
    lower.page.click("form button.primary")  # 签收
    assert "已签收" in lower.page.inner_text("main")
    lower.shot("hierarchy-received-1280")
