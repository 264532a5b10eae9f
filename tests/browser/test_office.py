"""The office's own pages in a real browser: it creates a liaison with an e-mail on the accounts
page, the liaison logs in with the one-time password and must set their own; the audit log reads
as Chinese labels and field changes. Screenshots of the accounts page and the audit log at 1280
and 390 px in test-artifacts/browser/ (office-*.png); no page scrolls sideways on the phone."""

from __future__ import annotations

import re

import pytest

from fazhiweb.accounts.models import Membership

from .conftest import DESKTOP, PHONE, missing_reason, no_sideways_scroll

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

NEW_PASSWORD = "Liaison-own-2024"


def test_office_creates_a_liaison_who_sets_their_own_password(open_session, jimo, activity):
    office = open_session("wang")
    office.goto("/accounts/users/")
    office.page.get_by_role("link", name="新增用户").click()
    office.page.fill("input[name=username]", "sun")
    office.page.fill("input[name=full_name]", "孙联络员")
    office.page.select_option("select[name=role]", "liaison")
    office.page.select_option("select[name=unit]", label="区财政局")
    office.page.fill("input[name=email]", "sun@example.gov.cn")
    office.page.fill("input[name=phone]", "0532-88888888")
    office.page.get_by_role("button", name="保存").click()
    otp = office.page.locator("#otp").inner_text().strip()
    assert len(otp) >= 10
    office.goto("/accounts/users/")
    assert office.page.locator("main table tr", has_text="sun").locator("text=待修改初始密码").count() == 1
    office.shot("office-accounts-1280")
    office.page.set_viewport_size(PHONE)
    no_sideways_scroll(office)
    office.shot("office-accounts-390")
    office.page.set_viewport_size(DESKTOP)

    liaison = open_session(viewport=PHONE)
    liaison.page.goto(liaison.url("/accounts/login/"))
    liaison.page.fill("input[name=username]", "sun")
    liaison.page.fill("input[name=password]", otp)
    liaison.page.click("main form button.primary")
    liaison.page.wait_for_url(re.compile(r"/accounts/password/"))
    assert "请先修改密码" in liaison.page.locator("main").inner_text()
    liaison.page.fill("input[name=old_password]", otp)
    liaison.page.fill("input[name=new_password1]", NEW_PASSWORD)
    liaison.page.fill("input[name=new_password2]", NEW_PASSWORD)
    liaison.page.get_by_role("button", name="修改密码").click()
    liaison.page.wait_for_url(re.compile(r"^https?://[^/]+/$"))  # their home page
    assert not Membership.objects.get(user__username="sun").must_change_password


def test_audit_log_reads_as_labels_and_changes(open_session, jimo, activity):
    office = open_session("wang")
    office.goto("/audit/")
    main = office.page.locator("main")
    assert main.locator("text=进展报告 · 二(一) · 区司法局 · 第1版").count() >= 1
    assert main.locator("td", has_text="审核状态").count() >= 1
    assert "progress.report#" not in main.inner_text()
    office.page.select_option("select[name=object_type]", label="进展报告")
    office.page.get_by_role("button", name="筛选").click()
    office.page.wait_for_url(re.compile(r"object_type=progress.report"))
    summary = main.locator("details summary").first  # the long 工作进展 is folded (only that cell)
    summary.click()
    assert main.locator("details[open] .long").first.is_visible()
    office.shot("office-audit-1280")
    office.page.set_viewport_size(PHONE)
    no_sideways_scroll(office)
    office.shot("office-audit-390")
    with office.page.expect_download() as dl:
        office.page.get_by_role("link", name="导出 Excel").click()
    assert dl.value.suggested_filename.startswith("审计日志-") and dl.value.suggested_filename.endswith(".xlsx")


def test_search_box_in_the_header(open_session, jimo, activity):
    liaison = open_session("qian", viewport=PHONE)
    box = liaison.page.locator("header.top input[name=q]")
    box.fill("规范性文件")
    box.press("Enter")
    liaison.page.wait_for_url(re.compile(r"/search/\?q="))
    text = liaison.page.locator("main").inner_text()
    assert "二(一)" in text and "进展报告" not in text  # the 区财政局 liaison sees no 区司法局 report
    no_sideways_scroll(liaison)
    liaison.shot("office-search-390")


def test_holiday_page(open_session, jimo):
    office = open_session("wang")
    office.goto("/holidays/")
    office.page.locator("details summary", has_text="批量录入").click()
    office.page.fill("textarea[name=lines]", "2099-01-01 至 2099-01-03 放假 元旦\n2099-01-04 上班 元旦调休")
    office.page.get_by_role("button", name="录入").click()
    office.page.wait_for_url(re.compile(r"/holidays/$"))
    assert office.page.locator("main table tr", has_text="2099-01-04").locator("text=调休上班").count() == 1
    office.shot("office-holidays-1280")
    office.page.set_viewport_size(PHONE)
    no_sideways_scroll(office)
