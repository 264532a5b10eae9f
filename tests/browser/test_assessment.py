"""考核 in the browser on the demo county: a unit's standing (bound figures, self-assessment,
scores with reasons, its appeal), the leader's ranking as it stands, the office deciding the
appeal and publishing, then the unit seeing everyone's ranking. Screenshots in
test-artifacts/browser/assessment-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from fazhiweb.assessment.models import (
    Appeal,
    CategorySet,
    IndicatorSystem,
    Participant,
    Round,
    Score,
)

from .conftest import PHONE, missing_reason
from .test_layout import OVERFLOW_JS

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from fazhiweb.scale.management.commands.load_demo import PASSWORD as DEMO_PASSWORD  # noqa: E402


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    return Round.objects.get()


def test_unit_standing_ranking_appeal_and_publication(open_session, demo):
    rnd = demo
    sfj = Participant.objects.get(round=rnd, unit__name="县司法局")
    unit = open_session()
    unit.login("sifaju", DEMO_PASSWORD)
    unit.goto(f"/assessment/rounds/{rnd.pk}/")  # before publication: sent to its own page
    assert unit.page.url.endswith(f"/assessment/units/{sfj.pk}/")
    table = unit.page.inner_text("#standing")
    assert "会前学法" in table and "会前学法记录缺2次" in table and "申诉:待复核" in table
    assert "工作台账" in table or "暂无数据" in table or "分工任务按期完成率" in table
    unit.shot("assessment-unit-standing")

    leader = open_session()
    leader.login("leader", DEMO_PASSWORD)
    leader.goto(f"/assessment/rounds/{rnd.pk}/")
    ranking = leader.page.inner_text("#ranking")
    assert "县司法局" in ranking and "东湖镇" in ranking
    leader.shot("assessment-ranking")

    office = open_session()
    office.login("admin", DEMO_PASSWORD)
    # evidence reused: the register records behind a bound figure, linked to the register page
    scored = Score.objects.filter(participant__round=rnd, indicator__key="normative_docs.filing_rate") \
        .exclude(records=[]).select_related("participant").first()
    office.goto(f"/assessment/units/{scored.participant_id}/")
    cell = office.page.locator("#standing tr", has_text="规范性文件备案")
    assert "台账记录" in cell.inner_text() and "折算计入" in office.page.inner_text("#standing")
    office.shot("assessment-standing-records")
    cell.locator(".records a").first.click()
    office.page.wait_for_load_state()
    assert "/registers/normative_doc/" in office.page.url and scored.records[0] in office.page.inner_text("main")
    office.goto(f"/assessment/rounds/{rnd.pk}/ranking/")
    assert "待评分" in office.page.inner_text("#ranking")
    office.goto(f"/assessment/systems/{rnd.system_id}/")  # the imported table with its bindings
    assert "规范性文件报备率" in office.page.inner_text("main")
    assert "100(共性 60 + 个性 40" in office.page.inner_text("main")  # the base total, not the table's 260
    office.shot("assessment-system")
    row = office.page.locator("#categories tr", has_text="执法部门")
    row.locator("select").select_option("个性指标(部门)")
    row.locator("input[name=weight]").fill("40")
    row.locator("button").click()
    office.page.wait_for_load_state()
    assert "已保存考核对象类别的个性指标" in office.page.inner_text("main")
    assert CategorySet.objects.get(system=rnd.system, category="执法部门").set_name == "个性指标(部门)"
    demo_system = IndicatorSystem.objects.get(kind=IndicatorSystem.DEMONSTRATION)
    office.goto(f"/assessment/systems/{demo_system.pk}/")
    assert "达标 1 / 3 项" in office.page.inner_text("main") and "本办自定" in office.page.inner_text("main")
    office.shot("assessment-demonstration")
    office.goto(f"/assessment/units/{sfj.pk}/")
    appeal = Appeal.objects.get()
    form = office.page.locator(f"form[action='/assessment/appeals/{appeal.pk}/change/']")
    form.locator("input[name=points]").fill("10")
    form.locator("input[name=comment]").fill("会议纪要已核实,恢复满分")
    form.locator("button").click()
    office.page.wait_for_load_state()
    assert "复核改分" in office.page.inner_text("#standing")
    office.shot("assessment-appeal-decided")
    office.goto(f"/assessment/rounds/{rnd.pk}/")
    office.page.get_by_role("button", name="公布考核结果").click()
    office.page.wait_for_load_state()
    assert "已公布" in office.page.inner_text("main")

    unit.goto(f"/assessment/rounds/{rnd.pk}/")  # after publication: everyone's ranking, own details only
    ranking = unit.page.inner_text("#ranking")
    assert "东湖镇" in ranking and "县司法局" in ranking
    assert unit.page.locator("#ranking a").count() == 1  # only its own row links to details
    unit.shot("assessment-ranking-published")


def test_standing_and_ranking_fit_a_phone(open_session, demo):
    sfj = Participant.objects.get(round=demo, unit__name="县司法局")
    for user, path, name in [("sifaju", f"/assessment/units/{sfj.pk}/", "assessment-phone-standing"),
                             ("leader", f"/assessment/rounds/{demo.pk}/", "assessment-phone-ranking")]:
        s = open_session(viewport=PHONE)
        s.login(user, DEMO_PASSWORD)
        s.goto(path)
        got = s.page.evaluate(OVERFLOW_JS)
        assert got["scrollWidth"] <= got["innerWidth"] + 1, got
        s.shot(name)


def test_a_lower_government_sees_its_standing(open_session, demo):
    """东湖镇 as a town government below the county, assessed as a whole: its office logs in to
    its own government and finds the county's round under 上级考核本级政府."""
    from django.contrib.auth import get_user_model

    from fazhiweb.accounts.models import Government, Membership
    from fazhiweb.assessment import services
    from fazhiweb.directory.models import Unit

    county = Government.objects.get(name="示例县")
    admin = get_user_model().objects.get(username="admin")
    town = Government.objects.create(name="东湖镇", level="town", parent=county,
                                     unit=Unit.objects.get(government=county, name="东湖镇"))
    user = get_user_model().objects.create_user("dh_office", password=DEMO_PASSWORD)
    Membership.objects.create(user=user, government=town, role="office")
    rnd = services.open_round(admin, demo.system, "乡镇政府考核", units=[], governments=[town])
    services.refresh(admin, rnd)
    s = open_session()
    s.login("dh_office", DEMO_PASSWORD)
    s.goto("/assessment/")
    s.page.locator("#upper-rounds a", has_text="乡镇政府考核").click()
    s.page.wait_for_load_state()
    text = s.page.inner_text("main")
    assert "下级政府:东湖镇" in text and "数据取自东湖镇本级台账" in text
    assert s.page.locator("#self-form").count() == 1  # its office self-assesses
    s.shot("assessment-lower-government-standing")
