"""Issue 12: each person's 学法 hours for the year against the government's target, counted from
the 学法 register (officers from the 行政执法人员 register too), the shortfall flagged on the hours
page and on the officer list, each person linked to their sessions; who sees whose hours. All
names and sessions are our own invention."""

from __future__ import annotations

from django.urls import reverse

from fazhiweb.registers import services
from fazhiweb.registers.hours import training_hours
from fazhiweb.registers.models import Case

SESSIONS = [  # 编号, 日期, 形式, 参加人员, 学时
    ("学〔2025〕1号", "2025-03-01", "执法人员培训", "孙晓东、李春梅、赵海燕", "24"),
    ("学〔2025〕2号", "2025-06-01", "执法人员培训", "孙晓东、李春梅", "24"),
    ("学〔2025〕3号", "2025-09-01", "专题讲座", "孙晓东", "16"),
    ("学〔2024〕9号", "2024-09-01", "执法人员培训", "赵海燕", "40"),  # another year: not counted
]
OFFICERS = [("执〔2025〕01", "孙晓东", "县市场监管局"), ("执〔2025〕02", "李春梅", "县司法局"),
            ("执〔2025〕03", "周文博", "县司法局")]  # 周文博 attended nothing


def _fill(county, office, owner=None):
    for no, day, kind, people, hours in SESSIONS:
        services.create_case(office, county, "training", {"session_no": no, "held_on": day, "session_type": kind,
                                                          "participants": people, "hours": hours}, owner)
    for cert, name, unit in OFFICERS:
        services.create_case(office, county, "enforcement_officer", {"cert_no": cert, "name": name, "unit": unit,
                                                                     "hours": "99", "status": "在岗"},
                             county.u.get(unit))


def test_hours_for_the_year_against_the_target(county, people):
    _fill(county, people["王主任"])
    rows, target = training_hours(county.pk, 2025)
    assert target == 60
    hours = {p.name: (p.hours, p.short, [s.ref for s in p.sessions]) for p in rows}
    assert hours["孙晓东"] == (64, 0, ["学〔2025〕1号", "学〔2025〕2号", "学〔2025〕3号"])
    assert hours["李春梅"] == (48, 12, ["学〔2025〕1号", "学〔2025〕2号"])
    assert hours["赵海燕"] == (24, 36, ["学〔2025〕1号"])  # a participant, not an officer: listed too
    assert hours["周文博"] == (0, 60, [])  # an officer who attended nothing counts 0, not the 99 typed
    assert [p.name for p in rows][0] == "周文博"  # the least hours first
    # the target is a per-government setting: 40 leaves only 周文博 and 赵海燕 short
    services.save_settings(people["王主任"], county, {"enforcement_officer": {"training_target": 40}})
    rows, target = training_hours(county.pk, 2025)
    assert target == 40 and {p.name for p in rows if p.short} == {"周文博", "赵海燕"}


def test_hours_page_flags_the_shortfall_and_links_the_sessions(client, county, people):
    _fill(county, people["王主任"])
    client.force_login(people["王主任"])
    html = client.get(reverse("registers:hours") + "?year=2025").content.decode()
    session = Case.objects.get(kind="training", ref="学〔2025〕2号")
    assert f'href="{reverse("registers:case", args=[session.pk])}"' in html
    assert "不足 12" in html and "不足 60" in html and "已达标" in html
    short = client.get(reverse("registers:hours") + "?year=2025&short=1").content.decode()
    assert "李春梅" in short and "孙晓东" not in short
    # the officer list shows each officer's hours counted from the sessions, the shortfall flagged
    page = client.get(reverse("registers:register", args=["enforcement_officer"]) + "?year=2025")
    text = page.content.decode()
    assert "学时不足" in text and "<td>64</td>" in text
    rows = {c["ref"]: c for c in page.context["cases"]}
    assert (rows["执〔2025〕01"]["total"], rows["执〔2025〕01"]["short"]) == (64, False)
    assert (rows["执〔2025〕02"]["total"], rows["执〔2025〕02"]["short"]) == (48, True)
    assert (rows["执〔2025〕03"]["total"], rows["执〔2025〕03"]["short"]) == (0, True)
    fig = {k: f for k, _, f in page.context["figures"]}["enforcement.training_shortfall"]
    assert fig["value"] == 2 and sorted(fig["records"]) == ["执〔2025〕02", "执〔2025〕03"]


def test_a_liaison_sees_the_hours_of_their_own_officers_only(client, county, people):
    _fill(county, people["王主任"])
    client.force_login(people["张联络员"])  # 县司法局
    page = client.get(reverse("registers:hours") + "?year=2025")
    names = {p.name for p in page.context["rows"]}
    assert names == {"李春梅", "周文博"}
    li = next(p for p in page.context["rows"] if p.name == "李春梅")
    assert li.hours == 48  # counted from every session of the government
    assert not any(s.visible for s in li.sessions)  # sessions kept by the office: listed, not linked
    html = page.content.decode()
    assert reverse("registers:case", args=[Case.objects.get(ref="学〔2025〕1号").pk]) not in html


def test_the_leadership_part_of_the_annual_report_comes_from_the_registers(county, people):
    from fazhiweb.registers.queries import leadership

    _fill(county, people["王主任"])
    services.create_case(people["王主任"], county, "meeting", {
        "meeting_no": "会〔2025〕1号", "held_on": "2025-03-05", "meeting_type": "常务会议",
        "item_type": "听取法治政府建设工作汇报", "topic": "2024年法治政府建设情况"})
    services.create_case(people["王主任"], county, "training", {
        "session_no": "学〔2025〕8号", "held_on": "2025-04-01", "session_type": "常务会议会前学法", "hours": "1"})
    got = [(x["kind"], x["ref"]) for x in leadership(county.pk, 2025)]
    assert got == [("汇报", "会〔2025〕1号"), ("学法", "学〔2025〕8号")]  # 执法人员培训 is not the leadership's
