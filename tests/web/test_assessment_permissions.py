"""Who sees what in 考核: a unit sees its own scores and evidence only; the ranking is the office's
and the leaders' until publication, then everyone's (totals and ranks), details still own only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhiweb.assessment import services
from fazhiweb.assessment.models import Indicator, Participant, Score

from .conftest import PDF_BYTES
from .test_assessment import upload_sample
from .test_permissions import PERSONAS, A, L, O, T, X, Z, _allowed  # noqa: F401


@pytest.fixture
def rnd(county, people, published_plan, tmp_path):
    office, zhang = people["王主任"], people["张联络员"]
    system = services.import_system(office, county, upload_sample(tmp_path))
    services.set_category(office, system, "部门", "个性指标(部门)", 40)
    r = services.open_round(office, system)
    from fazhiweb.progress import services as progress_services

    a = published_plan.tasks.get(path_key="一/(一)").assignments.get(unit=county.u["县司法局"])
    report = progress_services.submit_report(zhang, a, {"status": "in_progress", "text": "推进", "percent": 30},
                                             [SimpleUploadedFile("学法记录.pdf", PDF_BYTES)])
    p = Participant.objects.get(round=r, unit=county.u["县司法局"])
    s = Score.objects.get(participant=p, indicator__name="会前学法")
    services.self_assess(zhang, p, {s.pk: {"points": 10, "note": "学法12次", "evidence": [report.evidence.get().pk]}})
    r.sfj = p
    r.town = Participant.objects.get(round=r, unit=county.u["东湖镇"])
    r.score = s
    return r


def _matrix(rnd):
    everyone = {O, L, Z, T}
    return [
        ("考核首页", reverse("assessment:index"), everyone | {X}),
        ("指标体系", reverse("assessment:system", args=[rnd.system_id]), everyone),
        ("排名", reverse("assessment:round", args=[rnd.pk]), {O, L, Z, T}),  # liaisons: sent to their own page
        ("排名页", reverse("assessment:ranking", args=[rnd.pk]), {O, L, Z, T}),  # liaisons: sent to their own page
        ("司法局得分", reverse("assessment:standing", args=[rnd.sfj.pk]), {O, L, Z}),
        ("东湖镇得分", reverse("assessment:standing", args=[rnd.town.pk]), {O, L, T}),
        ("导出", reverse("assessment:export", args=[rnd.pk]), {O}),
    ]


def _check(client, people, persona, rows):
    failures = []
    for name, url, who in rows:
        client.logout()
        if persona:
            client.force_login(people[persona])
        resp = client.get(url)
        if _allowed(resp) != (persona in who):
            failures.append(f"{persona} {name} → {resp.status_code}")
    return failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_before_publication(client, rnd, people, persona):
    assert not _check(client, people, persona, _matrix(rnd))


def test_ranking_before_publication_is_not_shown_to_units(client, rnd, people):
    client.force_login(people["赵联络员"])
    resp = client.get(reverse("assessment:round", args=[rnd.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("assessment:standing", args=[rnd.town.pk])
    client.force_login(people["李局长"])
    page = client.get(reverse("assessment:round", args=[rnd.pk])).content.decode()
    assert "县司法局" in page and "东湖镇" in page


def test_unit_sees_own_evidence_only(client, rnd, people):
    client.force_login(people["张联络员"])
    page = client.get(reverse("assessment:standing", args=[rnd.sfj.pk])).content.decode()
    assert "学法记录.pdf" in page and "学法12次" in page
    client.force_login(people["赵联络员"])
    assert client.get(reverse("assessment:standing", args=[rnd.sfj.pk])).status_code == 403
    page = client.get(reverse("assessment:standing", args=[rnd.town.pk])).content.decode()
    assert "学法记录.pdf" not in page


def test_after_publication_all_see_ranking_and_own_details_only(client, rnd, people):
    office = people["王主任"]
    for action in ("score", "announce", "publish"):
        rnd.refresh_from_db()
        services.step(office, rnd, action, rnd.version)
    client.force_login(people["赵联络员"])
    page = client.get(reverse("assessment:round", args=[rnd.pk])).content.decode()
    assert "县司法局" in page and "东湖镇" in page and "总分" in page
    assert reverse("assessment:standing", args=[rnd.sfj.pk]) not in page  # no link to another unit's details
    assert reverse("assessment:standing", args=[rnd.town.pk]) in page
    assert client.get(reverse("assessment:standing", args=[rnd.sfj.pk])).status_code == 403
    client.force_login(people["外县主任"])
    assert client.get(reverse("assessment:round", args=[rnd.pk])).status_code == 404


def test_units_cannot_score_appeal_out_of_turn_or_touch_others(client, rnd, people):
    zhao, zhang = people["赵联络员"], people["张联络员"]
    client.force_login(zhao)
    resp = client.post(reverse("assessment:self", args=[rnd.sfj.pk]), {"note": "x"})
    assert resp.status_code == 403
    resp = client.post(reverse("assessment:appeal", args=[rnd.score.pk]), {"text": "x"})
    assert resp.status_code == 403
    client.force_login(zhang)  # appeals open only once results are announced
    assert client.post(reverse("assessment:appeal", args=[rnd.score.pk]), {"text": "x"}).status_code == 403
    assert client.post(reverse("assessment:step", args=[rnd.pk, "score"]), {}).status_code == 403


def test_office_pages_and_forms(client, rnd, people, county, tmp_path):
    client.force_login(people["王主任"])
    ind = Indicator.objects.get(system=rnd.system, name="负责人出庭应诉")
    resp = client.post(reverse("assessment:bind", args=[ind.pk]), {"binding": "register:litigation.head_appearance_rate"})
    assert resp.status_code == 302
    ind.refresh_from_db()
    assert (ind.source, ind.key) == ("register", "litigation.head_appearance_rate")
    client.post(reverse("assessment:bind", args=[ind.pk]), {"binding": "register:no.such_key"})
    ind.refresh_from_db()
    assert ind.key == "litigation.head_appearance_rate"  # refused with a message, not changed
    page = client.get(reverse("assessment:system", args=[rnd.system_id])).content.decode()
    assert "行政机关负责人出庭应诉率" in page
    assert client.post(reverse("assessment:refresh", args=[rnd.pk])).status_code == 302
    resp = client.post(reverse("assessment:system_import"), {"kind": "assessment",
                                                             "file": SimpleUploadedFile("bad.txt", b"\xff\xfe")})
    assert resp.status_code == 302  # a message, never a 500
    resp = client.post(reverse("assessment:system_import"), {"kind": "assessment", "file": upload_sample(tmp_path)})
    assert resp.status_code == 302 and "/assessment/systems/" in resp["Location"]
    assert client.get(reverse("assessment:export", args=[rnd.pk])).status_code == 200


def test_self_assessment_form_reuses_and_adds_evidence(client, rnd, people):
    zhang, zhao = people["张联络员"], people["赵联络员"]
    s = Score.objects.get(participant=rnd.sfj, indicator__name="主要负责人述法")
    client.force_login(zhang)
    url = reverse("assessment:self", args=[rnd.sfj.pk])
    bad = client.post(url, {f"points_{s.pk}": "5", f"files_{s.pk}": SimpleUploadedFile("述法.pdf", b"not a pdf")})
    assert bad.status_code == 302
    s.refresh_from_db()
    assert s.self_points is None and not s.files.exists()  # refused whole: nothing half-saved
    resp = client.post(url, {f"points_{s.pk}": "5", f"note_{s.pk}": "已述法", "submit": "1",
                             f"files_{s.pk}": SimpleUploadedFile("述法报告.pdf", PDF_BYTES)})
    assert resp.status_code == 302
    s.refresh_from_db()
    rnd.sfj.refresh_from_db()
    assert s.self_points == 5 and rnd.sfj.self_submitted_at is not None
    f = s.files.get()
    page = client.get(reverse("assessment:standing", args=[rnd.sfj.pk])).content.decode()
    assert "述法报告.pdf" in page and reverse("assessment:file", args=[f.pk]) in page
    assert client.get(reverse("assessment:file", args=[f.pk])).status_code == 200
    client.force_login(zhao)  # another unit's evidence is not reachable
    assert client.get(reverse("assessment:file", args=[f.pk])).status_code == 403


def test_demonstration_pages(client, county, people):
    from fazhiweb.assessment.demo import DEMO_SYSTEM
    from fazhiweb.assessment.models import IndicatorSystem

    system = services.create_system(people["王主任"], county, {**DEMO_SYSTEM, "title": "示范指标体系", "year": 2024},
                                    IndicatorSystem.DEMONSTRATION)
    leaf = Indicator.objects.filter(system=system, is_leaf=True).first()
    client.force_login(people["王主任"])
    client.post(reverse("assessment:mark", args=[leaf.pk]), {"status": "met", "note": "已公开"})
    page = client.get(reverse("assessment:system", args=[system.pk])).content.decode()
    assert "达标 1 / 3 项" in page and "已达标" in page
    resp = client.get(reverse("assessment:dossier", args=[system.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    client.force_login(people["张联络员"])
    assert client.get(reverse("assessment:dossier", args=[system.pk])).status_code == 403
    assert client.post(reverse("assessment:mark", args=[leaf.pk]), {"status": "not_met"}).status_code == 403


def test_liaison_index_links_to_own_standing(client, rnd, people):
    client.force_login(people["张联络员"])
    page = client.get(reverse("assessment:index")).content.decode()
    assert reverse("assessment:standing", args=[rnd.sfj.pk]) in page
    assert reverse("assessment:standing", args=[rnd.town.pk]) not in page
