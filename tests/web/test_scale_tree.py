"""The province generator builds a tree (small sizes): a province, cities, counties under the cities,
upper offices, and a share of 规范性文件 filed with the parent, filling the parents' 备案审查 queues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.registers import filing
from fazhiweb.registers.models import Case, FilingLink
from fazhiweb.scale.generate import ProvinceGenerator, Sizes

TINY = dict(units=2, tasks=2, reports=0, notices=0, seed=5)


@pytest.mark.django_db
def test_tree_shape_and_filed_documents():
    result = ProvinceGenerator(Sizes(governments=13, cities=2, **TINY), today=dt.date(2025, 11, 15)).run()
    province = Government.objects.get(pk=result["province"])
    assert province.level == "province" and province.parent_id is None
    cities = list(Government.objects.filter(level="city").order_by("id"))
    assert [c.pk for c in cities] == result["cities"] and all(c.parent_id == province.pk for c in cities)
    counties = Government.objects.filter(level="county")
    assert counties.count() == 13 and set(counties.values_list("pk", flat=True)) == set(result["governments"])
    per_city = sorted(counties.filter(parent=c).count() for c in cities)
    assert per_city == [6, 7] and not counties.filter(parent__isnull=True).exists()
    for gov in [province, *cities]:  # the upper offices log in; the plans stay with the counties
        assert Membership.objects.filter(government=gov, role="office").exists()
    # filed documents: each linked to its item in the parent's queue, as filing.sync would have made it
    links = FilingLink.objects.select_related("source__government", "review")
    assert links.count() > 0
    for link in links:
        src, review = link.source, link.review
        assert review.government_id == src.government.parent_id and review.kind == "filing_review"
        assert src.values["filed_with"] == review.government.name
        assert review.values["doc_no"] == src.values["doc_no"] and review.values["received_on"] == src.values["filed_on"]
        assert review.values["filer"] == src.government.name and not review.unit_unknown
    assert {lk.review.government.level for lk in links} == {"city", "province"}
    states = set(Case.objects.filter(kind="filing_review").values_list("state", flat=True))
    assert "reviewed" in states
    # the lower government reads the outcome of a reviewed one
    done = links.filter(review__state="reviewed").first()
    assert filing.outcome_for(done.source, dt.date(2025, 12, 31)).outcome


@pytest.mark.django_db
def test_small_runs_stay_flat_and_cities_flag(capsys):
    call_command("generate_province", "--governments", "5", "--units", "2", "--tasks", "2", "--reports", "0",
                 "--notices", "0")
    assert Government.objects.count() == 5 and not Government.objects.exclude(level="county").exists()
    call_command("generate_province", "--governments", "12", "--cities", "3", "--units", "2", "--tasks", "2",
                 "--reports", "0", "--notices", "0", "--no-registers")
    assert "tree: 1 province, 2 cities, 12 counties" in capsys.readouterr().out
    assert Government.objects.filter(level="city").count() == 2  # at least six counties a city


def test_past_years_plans_are_archived(db):
    """Plans older than the last two years are archived, as an office does after a year's report."""
    from fazhiweb.plans.models import Plan

    gen = ProvinceGenerator(Sizes(governments=1, units=6, tasks=2, plans=4, reports=0, notices=0, registers=False))
    gen.run()
    years = sorted(Plan.objects.current().values_list("year", flat=True))
    assert years == [gen.year - 1, gen.year]
    assert Plan.objects.filter(archived_at__isnull=False).count() == 2
