"""Rounds over the governments below: a town government assessed by the county as a whole, its
figures from its own registers and ledger, its office seeing its standing, self-assessing and
appealing — never another participant's details, never the county's scoring. Also the ranking
page (one query, cached per data version) and register records shown as evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhiweb.accounts.models import Government
from fazhiweb.assessment import scoring, services
from fazhiweb.assessment.models import Indicator, Participant, Score
from fazhiweb.assessment.ranking import base_label
from fazhiweb.registers import services as register_services

from .conftest import _user
from .test_assessment import upload_sample

YEAR = 2024


@pytest.fixture
def town(county, people):
    """东湖镇 as a government of its own under the county, linked to its directory entry."""
    gov = Government.objects.create(name="东湖镇", level="town", parent=county, unit=county.u["东湖镇"])
    gov.office = _user("dh_office", gov, "office")
    return gov


@pytest.fixture
def lower_round(county, people, town, tmp_path, monkeypatch):
    office = people["王主任"]
    system = services.import_system(office, county, upload_sample(tmp_path, YEAR))
    services.set_category(office, system, "部门", "个性指标(部门)", 40)
    services.set_category(office, system, "乡镇街道", "个性指标(乡镇街道)", 40)
    ind = {i.name: i for i in Indicator.objects.filter(system=system)}
    services.bind(office, ind["规范性文件备案"], "register", "normative_docs.filing_rate")
    services.bind(office, ind["督办整改"], "ledger", "ledger.notices_overdue")
    rnd = services.open_round(office, system, units=[county.u["县司法局"]], governments=[town])
    rnd.town_part = Participant.objects.get(round=rnd, government=town)
    rnd.sfj = Participant.objects.get(round=rnd, unit=county.u["县司法局"])
    rnd.ind = ind
    return rnd


def _file_docs(user, gov, unit, refs_filed):
    """Normative documents in `gov`'s own register: (文号, filed?), issued by `unit` (or the government)."""
    for ref, filed in refs_filed:
        values = {"doc_no": ref, "title": f"关于{ref}的规定", "issued_on": f"{YEAR}-03-01",
                  "issuer": unit.name if unit else gov.name}
        if filed:
            values["filed_on"] = f"{YEAR}-03-10"
        register_services.create_case(user, gov, "normative_doc", values, unit=unit)


def test_a_lower_government_is_scored_from_its_own_registers(lower_round, town, county, people):
    rnd = lower_round
    assert rnd.town_part.category == "乡镇街道" and rnd.town_part.unit == county.u["东湖镇"]
    # The town's own register: 3 of 4 documents filed → 75%. The county's register holds a
    # document of 县司法局 only, which must not count for the town.
    _file_docs(town.office, town, None, [("东政规〔2024〕1号", True), ("东政规〔2024〕2号", True),
                                        ("东政规〔2024〕3号", True), ("东政规〔2024〕4号", False)])
    _file_docs(people["王主任"], county, county.u["县司法局"], [("示司规〔2024〕1号", True)])
    services.refresh(people["王主任"], rnd, today=dt.date(YEAR, 12, 1))
    s = Score.objects.get(participant=rnd.town_part, indicator=rnd.ind["规范性文件备案"])
    assert s.figure == 75.0 and s.auto_points == 0.0  # 100% full, 0.5 a point below: 25 points → 0
    assert sorted(s.records) == ["东政规〔2024〕1号", "东政规〔2024〕2号", "东政规〔2024〕3号"]  # those it counts as filed
    own = Score.objects.get(participant=rnd.sfj, indicator=rnd.ind["规范性文件备案"])
    assert own.figure == 100.0 and own.records == ["示司规〔2024〕1号"]


def test_the_lower_office_sees_self_assesses_and_appeals_its_own_only(client, lower_round, town, people):
    rnd, office = lower_round, people["王主任"]
    sfj = rnd.sfj
    client.force_login(town.office)
    mine = reverse("assessment:standing", args=[rnd.town_part.pk])
    page = client.get(mine)
    assert page.status_code == 200 and "下级政府:东湖镇" in page.content.decode()
    assert client.get(reverse("assessment:standing", args=[rnd.sfj.pk])).status_code == 404
    assert client.get(reverse("assessment:index")).content.decode().count(mine) == 1
    # before publication: no ranking, sent to its own standing
    resp = client.get(reverse("assessment:ranking", args=[rnd.pk]))
    assert resp.status_code == 302 and resp["Location"] == mine
    s = Score.objects.get(participant=rnd.town_part, indicator__name="会前学法")
    resp = client.post(reverse("assessment:self", args=[rnd.town_part.pk]),
                       {f"points_{s.pk}": "10", f"note_{s.pk}": "镇政府常务会学法12次", "submit": "1"})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert s.self_points == 10 and s.self_note == "镇政府常务会学法12次"
    assert client.post(reverse("assessment:self", args=[rnd.sfj.pk]), {"submit": "1"}).status_code == 404

    rnd = services.step(office, rnd, "score", rnd.version)
    # the town's office may not score itself, nor the county's rounds
    assert client.post(reverse("assessment:score", args=[s.pk]), {"points": "10"}).status_code == 404
    services.score_indicator(office, s, 8, "会前学法记录缺一次")
    rnd = services.step(office, rnd, "announce", rnd.version)
    resp = client.post(reverse("assessment:appeal", args=[s.pk]), {"text": "记录已补齐"})
    assert resp.status_code == 302 and s.__class__.objects.get(pk=s.pk).appeal.text == "记录已补齐"
    other = Score.objects.get(participant=sfj, indicator__name="会前学法")
    assert client.post(reverse("assessment:appeal", args=[other.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("assessment:step", args=[rnd.pk, "publish"]), {}).status_code == 404

    rnd = services.step(office, rnd, "publish", rnd.version)
    page = client.get(reverse("assessment:ranking", args=[rnd.pk])).content.decode()
    assert "县司法局" in page and "东湖镇" in page
    assert mine in page and reverse("assessment:standing", args=[sfj.pk]) not in page


def test_a_lower_government_needs_its_directory_entry(county, people, tmp_path):
    office = people["王主任"]
    system = services.import_system(office, county, upload_sample(tmp_path, YEAR))
    stray = Government.objects.create(name="北山乡", level="town", parent=county)
    with pytest.raises(services.AssessmentError, match="单位名录"):
        services.open_round(office, system, governments=[stray])
    elsewhere = Government.objects.create(name="外乡", level="town")
    with pytest.raises(services.AssessmentError, match="下级政府"):
        services.open_round(office, system, governments=[elsewhere])


def test_ranking_page_is_one_query_and_cached_per_data_version(client, lower_round, people, county):
    rnd, office = lower_round, people["王主任"]
    services.refresh(office, rnd, today=dt.date(YEAR, 6, 1))
    client.force_login(people["李局长"])
    url = reverse("assessment:ranking", args=[rnd.pk])
    client.get(url)  # warm the session and membership
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as miss:
        assert client.get(url).status_code == 200
    ours = [q["sql"] for q in miss.captured_queries if "assessment_participant" in q["sql"]]
    assert len([q for q in ours if "COUNT(" in q.upper()]) == 1
    with CaptureQueriesContext(connection) as hit:
        page = client.get(url).content.decode()
    assert len(hit.captured_queries) < len(miss.captured_queries)
    assert not any("assessment_score" in q["sql"] for q in hit.captured_queries)
    before = page
    s = Score.objects.get(participant=rnd.sfj, indicator__name="主要负责人述法")
    rnd = services.step(office, rnd, "score", rnd.version)
    services.score_indicator(office, s, 0, "未开展年度述法")  # a change bumps the data version
    after = client.get(url).content.decode()
    assert after != before


def test_base_total_counts_one_personal_set_rescaled(lower_round):
    label = base_label(lower_round.system)
    assert label.startswith("100(共性 60 + 个性 40") and "表内 100 分折算" in label
    sets = scoring.Sets.of(lower_round.system)
    assert sets.factor == {"个性指标(部门)": 0.4, "个性指标(乡镇街道)": 0.4}


def test_the_office_opens_a_round_over_its_lower_governments(client, county, people, town, tmp_path):
    office = people["王主任"]
    system = services.import_system(office, county, upload_sample(tmp_path, YEAR))
    client.force_login(office)
    page = client.get(reverse("assessment:system", args=[system.pk])).content.decode()
    assert 'name="governments"' in page and "东湖镇" in page
    stranger = Government.objects.create(name="外县某镇", level="town")  # not below this county: ignored
    resp = client.post(reverse("assessment:round_new", args=[system.pk]),
                       {"title": "乡镇考核", "governments": [str(town.pk), str(stranger.pk)]})
    assert resp.status_code == 302
    parts = Participant.objects.filter(round__title="乡镇考核")
    assert [p.government_id for p in parts if p.government_id] == [town.pk]
    assert parts.get(government=town).unit == county.u["东湖镇"]
