"""报送备案 → 备案审查: a county's 规范性文件 filed with the city arrives in the city's queue, the
review clock counts working days across a holiday (补正 not counted, the period a city setting),
the city office's steps reach the county's case as an outcome, and nobody else sees the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhiweb.accounts.models import Government
from fazhiweb.audit.models import AuditEntry
from fazhiweb.directory.models import Unit
from fazhiweb.registers import filing, services
from fazhiweb.registers.models import Case, FilingLink
from tests.web.conftest import _user


@pytest.fixture
def tree(county, other_county, people):
    """示范市 above 示例县 and 邻县 (siblings); 东湖镇 government below 示例县."""
    city = Government.objects.create(name="示范市", level="city")
    county.parent = city
    county.save()
    other_county.parent = city
    other_county.save()
    town = Government.objects.create(name="东湖镇", level="town", parent=county, unit=county.u["东湖镇"])
    sfj = Unit.objects.create(government=city, name="市司法局")
    return {
        "city": city, "town": town,
        "市主任": _user("shi-office", city, "office"),
        "市领导": _user("shi-leader", city, "leader"),
        "市联络员": _user("shi-liaison", city, "liaison", sfj),
        "镇主任": _user("zhen-office", town, "office"),
    }


def _file(user, gov, doc_no="示政规〔2025〕3号", filed_on="2025-09-26", filed_with="示范市人民政府", **more):
    values = {"title": "示例县农村集体资产管理办法", "doc_no": doc_no, "issuer": "示例县人民政府",
              "review_on": "2025-09-10", "issued_on": "2025-09-20", "filed_on": filed_on,
              "filed_with": filed_with, **more}
    return services.create_case(user, gov, "normative_doc", values)


def _item(source):
    return FilingLink.objects.get(source=source).review


def test_a_filed_document_arrives_in_the_parents_queue(tree, county, people, client):
    doc = _file(people["王主任"], county)
    review = _item(doc)
    assert review.government_id == tree["city"].pk and review.kind == "filing_review"
    assert review.state == "received" and review.unit_id is None
    assert review.values["doc_no"] == "示政规〔2025〕3号" and review.values["filer"] == "示例县"
    assert review.values["received_on"] == "2025-09-26" and review.ref == "备〔2025〕1号"
    assert not review.flags  # the county is a government below the city: a known 报备机关
    assert AuditEntry.objects.filter(government_id=tree["city"].pk, action="register.create").exists()
    # a department's document filed with its own government, or not yet filed, goes nowhere
    _file(people["王主任"], county, doc_no="县市监规〔2025〕1号", filed_with="示例县人民政府")
    _file(people["王主任"], county, doc_no="示政规〔2025〕4号", filed_on="")
    assert Case.objects.filter(government=tree["city"], kind="filing_review").count() == 1
    # 上级人民政府 means the parent too; the second item gets the next number
    second = _item(_file(people["王主任"], county, doc_no="示政规〔2025〕5号", filed_with="上级人民政府"))
    assert second.ref == "备〔2025〕2号"
    # the city office's queue lists it with its clock
    client.force_login(tree["市主任"])
    page = client.get(reverse("registers:filing_queue"), {"state": "all"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "示政规〔2025〕3号" in body and "示例县农村集体资产管理办法" in body and "示例县" in body
    assert [r.case.pk for r in page.context["rows"]] and page.context["review_days"] == 15


def test_filing_on_a_later_edit_and_the_description_follows(tree, county, people):
    doc = _file(people["王主任"], county, filed_on="", filed_with="")
    assert not FilingLink.objects.exists()
    values = {f: (doc.values.get(f) or "") for f in doc.values}
    doc = services.edit_case(people["王主任"], doc, {**values, "filed_on": "2025-09-26", "filed_with": "示范市"},
                             doc.version)
    review = _item(doc)
    doc = services.edit_case(people["王主任"], doc, {"title": "示例县农村集体资产管理办法(修订)"}, doc.version)
    review.refresh_from_db()
    assert review.values["title"] == "示例县农村集体资产管理办法(修订)" and review.version == 2
    assert review.state == "received"  # the lower government's edits never move the review
    # an import of the register (same path as the demo and the generator's loader) files too
    services.store_records(None, county, "normative_doc", [{
        "title": "示例县停车管理规定", "doc_no": "示政规〔2025〕8号", "issued_on": dt.date(2025, 10, 9),
        "filed_on": dt.date(2025, 10, 10), "filed_with": "示范市人民政府"}])
    assert _item(Case.objects.get(ref="示政规〔2025〕8号")).values["received_on"] == "2025-10-10"


def _review_clock(review, as_of):
    return next(s for s in filing.outcome_for(_source(review), as_of).clocks if s.clock == "review")


def _source(review):
    return FilingLink.objects.get(review=review).source


def test_review_clock_counts_working_days_over_the_national_day_holiday(tree, county, people):
    """Received Friday 26 Sep 2025: 28 Sep (Sunday) and 11 Oct (Saturday) are adjusted working days,
    1–8 Oct are holidays; the 15th working day after the 26th is 23 Oct."""
    review = _item(_file(people["王主任"], county))
    state = _review_clock(review, dt.date(2025, 10, 9))
    assert state.due == dt.date(2025, 10, 23) and state.status == "running" and state.day_type == "working"
    assert "15个工作日" in state.explanation and "各省行政规范性文件备案审查规定" in state.explanation
    assert _review_clock(review, dt.date(2025, 10, 24)).status == "late"
    # the city sets its own period (10 working days): due on 16 Oct
    services.save_settings(tree["市主任"], tree["city"], {"filing_review": {"review_days": 10}})
    assert _review_clock(review, dt.date(2025, 10, 9)).due == dt.date(2025, 10, 16)
    # 补正 stops the clock: asked on 30 Sep (3 working days used), materials back on 13 Oct
    office = tree["市主任"]
    review = services.take_step(office, review, "request_fix", {"fix_requested_on": "2025-09-30",
                                                                "fix_reason": "缺少起草说明"}, review.version)
    assert review.state == "fixing" and _review_clock(review, dt.date(2025, 10, 10)).status == "paused"
    review = services.take_step(office, review, "fixed", {"fix_received_on": "2025-10-13"}, review.version)
    # 7 working days left from 13 Oct: 14, 15, 16, 17, 20, 21, 22
    assert review.state == "received" and _review_clock(review, dt.date(2025, 10, 14)).due == dt.date(2025, 10, 22)


def test_outcome_reaches_the_lower_governments_case(tree, county, people, client):
    doc = _file(people["王主任"], county)
    review = _item(doc)
    office = tree["市主任"]
    review = services.take_step(office, review, "conclude", {"reviewed_on": "2025-10-15", "outcome": "纠正",
                                                             "opinion": "第八条增设许可条件,请自行纠正"},
                                review.version)
    assert review.state == "reviewed" and review.values["outcome"] == "要求纠正"  # the alias read as the choice
    assert AuditEntry.objects.filter(government_id=tree["city"].pk, action="register.conclude").exists()
    seen = filing.outcome_for(doc, dt.date(2025, 11, 20))
    assert seen.outcome == "要求纠正" and seen.parent == "示范市"
    assert [s.status for s in seen.clocks if s.clock == "correction"] == ["late"]  # 30 days from 15 Oct
    client.force_login(people["王主任"])
    body = client.get(reverse("registers:case", args=[doc.pk])).content.decode()
    assert "上级备案审查" in body and "要求纠正" in body and "第八条增设许可条件" in body
    # the statistics of the city's queue
    from fazhiweb.registers import queries

    figures = queries.figures(tree["city"].pk, 2025, kind="filing_review", as_of=dt.date(2025, 12, 31))
    assert figures["filing_review.received"]["value"] == 1
    assert figures["filing_review.corrected"]["value"] == 1
    assert figures["filing_review.on_time_rate"]["value"] == 100.0  # 15 Oct is before 23 Oct
    review = services.take_step(office, review, "correct", {"corrected_on": "2025-11-03"}, review.version)
    assert review.state == "corrected"
    assert "纠正完成" in client.get(reverse("registers:case", args=[doc.pk])).content.decode()


def test_who_sees_the_queue(tree, county, other_county, people, client):
    doc = _file(people["王主任"], county)
    review = _item(doc)
    queue = reverse("registers:filing_queue")
    item = reverse("registers:case", args=[review.pk])
    # the lower government: its own case's outcome, never the upper item or the upper queue
    client.force_login(people["王主任"])
    assert client.get(item).status_code == 404
    assert [r.case.pk for r in client.get(queue, {"state": "all"}).context["rows"]] == []
    # a sibling county and a town below: nothing of it
    for user in (people["外县主任"], tree["镇主任"]):
        client.force_login(user)
        assert client.get(item).status_code == 404
        assert client.get(reverse("registers:case", args=[doc.pk])).status_code == 404
        assert client.get(queue, {"state": "all"}).context["rows"] == []
    # liaisons (the city's, the county's): no queue at all
    for user in (tree["市联络员"], people["张联络员"]):
        client.force_login(user)
        assert client.get(queue).status_code == 403
        assert client.get(item).status_code == 404
    # the city leader reads, but does not review
    client.force_login(tree["市领导"])
    assert client.get(queue).status_code == 200 and client.get(item).status_code == 200
    step = reverse("registers:step", args=[review.pk, "conclude"])
    client.post(step, {"version": review.version, "reviewed_on": "2025-10-10", "outcome": "通过"})
    review.refresh_from_db()
    assert review.state == "received"
    # the city office reviews, and cannot change the county's own record
    client.force_login(tree["市主任"])
    assert client.get(reverse("registers:case", args=[doc.pk])).status_code == 404
    resp = client.post(step, {"version": review.version, "reviewed_on": "2025-10-10", "outcome": "通过"})
    assert resp.status_code == 302
    review.refresh_from_db()
    assert review.state == "reviewed" and review.values["outcome"] == "通过"


def test_demo_filings_for_the_demo_city(tree, county, people):
    """What load_demo calls once the demo city sits above the demo county."""
    from fazhiweb.registers.demo import fill

    fill(county, list(county.u), dt.date(2025, 11, 15))
    assert filing.demo_filings(county, today=dt.date(2025, 11, 15)) == 4
    items = Case.objects.filter(government=tree["city"], kind="filing_review")
    assert items.count() == 4
    assert {c.values.get("outcome") for c in items} >= {"通过", "要求纠正"}
    assert all(FilingLink.objects.filter(review=c).exists() for c in items)
    assert filing.demo_filings(tree["city"]) == 0  # no government above the city


def test_queue_page_follows_arrivals_and_steps(tree, county, people, client):
    """The queue's body is cached per data version of the city: an arrival from below and a step
    by the city office both show at once."""
    client.force_login(tree["市主任"])
    queue = reverse("registers:filing_queue")
    assert "示政规〔2025〕3号" not in client.get(queue, {"state": "all"}).content.decode()
    review = _item(_file(people["王主任"], county))
    assert "示政规〔2025〕3号" in client.get(queue, {"state": "all"}).content.decode()
    services.take_step(tree["市主任"], review, "conclude", {"reviewed_on": "2025-10-10", "outcome": "不予备案"},
                       review.version)
    assert "不予备案" in client.get(queue, {"state": "all"}).content.decode()
