"""The demo county's round from its imported system to published grades, on the demo's own data:
a register-bound indicator scored from the registers (with the records it counts), a deduction
with its reason, the pending appeal decided, a veto, grades published and exported."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from fazhiweb.accounts.models import Government
from fazhiweb.assessment import services
from fazhiweb.assessment.exports import round_xlsx
from fazhiweb.assessment.models import Appeal, Participant, Round, Score
from fazhiweb.registers import queries


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    return Round.objects.get(), get_user_model().objects.get(username="admin")


def test_demo_round_to_published_grades(demo):
    rnd, admin = demo
    gov = Government.objects.get(pk=rnd.system.government_id)
    # bound to the 规范性文件 register: each unit's figure is its own documents' filing rate
    filing = Score.objects.filter(participant__round=rnd, indicator__key="normative_docs.filing_rate")
    # a unit that filed something (a 0 % rate lists no records: the rate's records are those filed)
    with_data = [s for s in filing if s.figure]
    assert with_data, "the demo's registers give some unit a filing rate above zero"
    s = with_data[0]
    unit = s.participant.unit.name
    fig = queries.figures(gov.pk, rnd.system.year, unit=unit)["normative_docs.filing_rate"]
    assert s.figure == fig["value"] and s.records == fig["records"][:200] and s.records
    assert s.auto_points is not None and "满分线" in s.auto_text
    # a deduction with its reason (the demo's scoring), and none without
    cut = Score.objects.filter(participant__round=rnd).exclude(reason="").first()
    assert cut.points < cut.indicator.points and cut.reason
    # the pending appeal, decided with a reason
    appeal = Appeal.objects.get(state="submitted")
    services.decide(admin, appeal, "change", "会议纪要已核实", 10, appeal.version)
    assert Score.objects.get(pk=appeal.score_id).points == 10
    # a veto (the office may find one while scoring or in review) sends the unit to the lowest grade
    vetoed = Participant.objects.filter(round=rnd).exclude(unit__name="县司法局").order_by("rank").first()
    services.veto(admin, vetoed, "发生严重违法行政行为被通报")
    rnd.refresh_from_db()
    rnd = services.step(admin, rnd, "publish", rnd.version)
    parts = {p.unit.name: p for p in Participant.objects.filter(round=rnd).select_related("unit")}
    assert parts[vetoed.unit.name].grade == "不合格" and parts[vetoed.unit.name].rank == len(parts)
    assert all(p.grade for p in parts.values())
    top = min(parts.values(), key=lambda p: p.rank)
    assert top.total <= 100 + 5  # the base total is 共性 60 + 个性 40 (rescaled), bonus capped at 5
    wb = load_workbook(io.BytesIO(round_xlsx(rnd)))
    reasons = [[c.value for c in row] for row in wb["扣分理由"].iter_rows(min_row=2)]
    assert any("会议纪要已核实" in (r[4] or "") for r in reasons)
    assert any("满分线" in (r[4] or "") for r in reasons)  # the bound figure's working
