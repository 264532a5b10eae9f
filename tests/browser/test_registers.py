"""The case registers in a browser: the overview, a register page (statistics clickable to
their records, clocks with explanations), and the Excel import's dry run with a row error and
an unknown column, the mapping screen, then the import. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import openpyxl
import pytest

from fazhiweb.core.clock import today
from fazhiweb.registers.demo import demo_year, fill
from fazhiweb.registers.models import Case

from .conftest import ARTIFACTS


def _sheet(path, bad: bool):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["区司法局行政复议案件登记表(2025年)"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "案号", "申请人", "被申请人", "行为种类", "收到日期", "受理日期", "审结日期"])
    ws.append([1, "即复〔2025〕101号", "韩子涵", "区财政局", "行政处罚", "2025-03-03", "2025/3/5", "2025年4月28日"])
    ws.append([2, "即复〔2025〕102号", "秦思远", "区民政局", "信息公开", "2025.4.1",
               "2025-03-30" if bad else "2025-04-03", None])
    ws.append(["合计", "2件"])
    wb.save(path)
    return path


@pytest.mark.django_db(transaction=True)
def test_register_pages_and_import_dry_run(open_session, jimo, tmp_path):
    units = [u for u in jimo.u if u != "区司法局"]
    year, _ = demo_year(today())
    fill(jimo, units, today(), owners={"reconsideration": jimo.u["区司法局"]}, other_count=0)
    office = open_session("wang")
    office.goto("/registers/")
    assert office.page.locator("table.overview").is_visible()
    office.shot("registers-overview")
    office.goto(f"/registers/reconsideration/?year={year}")
    office.page.locator("section.register-stats a", has_text="件").first.wait_for()
    office.shot("register-reconsideration")
    office.page.click("section.register-stats tr:has(code:text-is('reconsideration.concluded')) a")
    office.page.wait_for_url("**figure=reconsideration.concluded**")
    assert "所计记录" in office.page.locator("section.cases h2").inner_text()

    liaison = open_session("zhang")
    liaison.goto("/registers/reconsideration/import/")
    liaison.page.set_input_files("input[type=file]", str(_sheet(tmp_path / "登记表.xlsx", bad=True)))
    liaison.page.click("text=上传并试导入")
    liaison.page.locator("table.errors").wait_for()
    text = liaison.page.locator("table.errors").inner_text()
    assert "受理日期早于申请日期" in text and "第 4 行" in text
    assert liaison.page.locator("select[name='map:行为种类']").is_visible()
    liaison.shot("register-import-dry-run")
    assert not Case.objects.filter(ref__startswith="即复〔2025〕10").exists()

    liaison.goto("/registers/reconsideration/import/")
    liaison.page.set_input_files("input[type=file]", str(_sheet(tmp_path / "登记表.xlsx", bad=False)))
    liaison.page.click("text=上传并试导入")
    liaison.page.select_option("select[name='map:行为种类']", "category")
    liaison.page.click("text=按所选对应关系重新试导入")
    liaison.page.click("text=确认导入")
    liaison.page.wait_for_url("**/registers/reconsideration/")
    assert "已导入行政复议案件台账:新增 2 件" in liaison.page.locator("ul.messages").inner_text()
    assert Case.objects.get(ref="即复〔2025〕101号").values["category"] == "处罚"
    assert (ARTIFACTS / "register-import-dry-run.png").exists()


@pytest.mark.django_db(transaction=True)
def test_overview_counts_and_training_hours(open_session, jimo):
    """The overview's late count opens the cases it counts; the 学法 hours page flags who is short
    of the target and links each session; on a phone the rows read as cards."""
    from .conftest import PHONE

    fill(jimo, list(jimo.u), today(), other_count=8)
    office = open_session("wang")
    office.goto("/registers/")
    late = office.page.locator("table.overview a.overdue").first
    late.click()
    office.page.wait_for_url("**clock=late**")
    assert "有已超期法定期限的" in office.page.locator("section.cases h2").inner_text()
    office.goto(f"/registers/training-hours/?year={demo_year(today())[0]}")
    assert office.page.locator("table.hours .tag.bad").count() > 0
    office.shot("register-training-hours")
    office.page.locator("table.hours td[data-label='参加场次'] a").first.click()
    office.page.wait_for_url("**/registers/case/**")
    assert "学法" in office.page.locator("h1").inner_text() + office.page.title()
    phone = open_session("wang", viewport=PHONE)
    phone.goto("/registers/training-hours/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    phone.shot("register-training-hours-phone")


@pytest.mark.django_db(transaction=True)
def test_decision_step_files(open_session, jimo, evidence_pdf):
    """The 区司法局 liaison uploads the legality review's opinion on that step of a 重大行政决策;
    the step list shows the count and the download link; a bad file is refused on the same row."""
    from fazhiweb.registers import services

    case = services.create_case(jimo.people["王主任"], jimo, "decision", {
        "decision_no": "即决〔2025〕3号", "title": "即墨区老旧小区改造实施方案", "unit": "区司法局",
        "catalogue_year": "2025"}, unit=jimo.u["区司法局"])
    liaison = open_session("zhang")
    liaison.goto(f"/registers/case/{case.pk}/")
    row = liaison.page.locator("table.case-files tr[data-step='review']")
    row.locator("input[type=file]").set_input_files(str(evidence_pdf))
    row.locator("button", has_text="上传").click()
    liaison.page.locator("ul.messages").wait_for()
    row = liaison.page.locator("table.case-files tr[data-step='review']")
    assert row.locator("td.file-count").inner_text() == "1"
    assert row.locator("a", has_text=evidence_pdf.name).is_visible()
    bad = evidence_pdf.with_name("会议纪要.pdf")
    bad.write_text("not a pdf")
    row = liaison.page.locator("table.case-files tr[data-step='discussion']")
    row.locator("input[type=file]").set_input_files(str(bad))
    row.locator("button", has_text="上传").click()
    liaison.page.locator("tr[data-step='discussion'] .error").wait_for()
    assert "不是可接受的文件" in liaison.page.locator("tr[data-step='discussion'] .error").inner_text()
    liaison.shot("register-decision-files")


@pytest.mark.django_db(transaction=True)
def test_step_form_takes_its_files(open_session, jimo, evidence_pdf):
    """The office records the legality review with its opinion attached in the same form: the case
    moves on and the file shows on that step's row."""
    from fazhiweb.registers import services

    case = services.create_case(jimo.people["王主任"], jimo, "decision", {
        "decision_no": "即决〔2025〕4号", "title": "即墨区公共停车场建设方案", "unit": "区司法局",
        "catalogue_year": "2025"}, unit=jimo.u["区司法局"])
    office = open_session("wang")
    office.goto(f"/registers/case/{case.pk}/")
    form = office.page.locator("form.step", has=office.page.locator("strong", has_text="合法性审查"))
    form.locator("input[name=review_from]").fill("2025-04-01")
    form.locator("input[name=review_on]").fill("2025-04-15")
    form.locator("select[name=review_opinion]").select_option("合法")
    form.locator("input[type=file]").set_input_files(str(evidence_pdf))
    form.locator("button").click()
    office.page.locator("ul.messages").wait_for()
    assert "已办理" in office.page.locator("ul.messages").inner_text()
    row = office.page.locator("table.case-files tr[data-step='review']")
    assert row.locator("td.file-count").inner_text() == "1"
    assert row.locator("a", has_text=evidence_pdf.name).is_visible()
    office.shot("register-step-with-file")
