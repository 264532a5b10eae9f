"""备案审查 in a browser: the city office's queue (desktop and phone), its review of one filed
document through the register step form, and the county office reading the outcome on its own
case. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import pytest

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.core.clock import today
from fazhiweb.registers import filing
from fazhiweb.registers.demo import fill
from fazhiweb.registers.models import FilingLink

from .conftest import PHONE, _person, no_sideways_scroll


@pytest.mark.django_db(transaction=True)
def test_city_reviews_a_filed_document_and_the_county_reads_the_outcome(open_session, jimo):
    city = Government.objects.create(name="青岛市", level="city")
    jimo.parent = city
    jimo.save()
    _person("shi", "市主任", city, Membership.OFFICE)
    fill(jimo, [u for u in jimo.u], today())
    assert filing.demo_filings(jimo) == 4

    office = open_session("shi")
    office.goto("/registers/filing/?state=all")
    table = office.page.locator("section.cases table")
    assert table.locator("tr").count() == 5 and "青岛市即墨区" in table.inner_text()
    office.shot("filing-queue")
    phone = open_session("shi", viewport=PHONE)
    phone.goto("/registers/filing/?state=all")
    no_sideways_scroll(phone)
    phone.shot("filing-queue-phone")

    link = FilingLink.objects.filter(review__state="received").order_by("id").first()
    office.goto(f"/registers/case/{link.review_id}/")
    form = office.page.locator("form.step", has_text="作出审查结论")
    form.locator("input[name=reviewed_on]").fill(today().isoformat())
    form.locator("select[name=outcome]").select_option("建议撤销")
    form.locator("input[name=opinion]").fill("第五条与上位法相抵触")
    form.locator("button").click()
    office.page.wait_for_url(f"**/registers/case/{link.review_id}/")
    assert "已办理" in office.page.locator("ul.messages").inner_text()

    county = open_session("wang")
    county.goto(f"/registers/case/{link.source_id}/")
    box = county.page.locator("section.filing-outcome")
    assert "建议撤销" in box.inner_text() and "第五条与上位法相抵触" in box.inner_text()
    county.shot("filing-outcome-on-the-county-case")
    assert county.page.goto(county.url(f"/registers/case/{link.review_id}/")).status == 404
