"""Case registers on the web side: import through the service and the command line (title rows,
merged cells, 合计 rows, date writings, overlapping re-import, export → import round trip),
statistics on a known register, the CLI JSON shapes, steps through the workflow helper, and
who may see and change which cases. All sheets are our own invention."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from django.urls import reverse

from fazhi.cli import main as fazhi_main
from fazhiweb.audit.models import AuditEntry
from fazhiweb.registers import services
from fazhiweb.registers.models import Case, CaseEvent

HEAD = ["序号", "复议案号", "申请人", "被申请人", "案由", "类别", "收案日期", "受理情况", "受理时间",
        "结案日期", "结案方式"]


def sheet(path, rows, title_rows=("示例县行政复议案件台账", "填报单位:县司法局"), total=True):
    """An office-style sheet: title rows merged across, a header, rows, a 合计 row, a blank row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    r = 1
    for t in title_rows:
        ws.cell(r, 1, t)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEAD))
        r += 1
    for c, h in enumerate(HEAD, 1):
        ws.cell(r, c, h)
    for i, row in enumerate(rows, 1):
        r += 1
        ws.cell(r, 1, i)
        for c, v in enumerate(row, 2):
            ws.cell(r, c, v)
    if total:
        ws.cell(r + 2, 1, "合计")
        ws.cell(r + 2, 2, f"{len(rows)}件")
    wb.save(path)
    return path


ROWS = [  # 案号, 申请人, 被申请人, 案由, 类别, 申请, 受理情况, 受理, 审结, 结果
    ["县复〔2025〕1号", "周明华", "县市场监管局", "不服罚款", "行政处罚", dt.date(2025, 1, 6), "受理",
     "2025/1/8", "2025年2月20日", "撤销"],
    ["县复〔2025〕2号", "吴海燕", "县财政局", "政府信息公开答复", "信息公开", "2025.2.3", "受理", "2025-02-05",
     "2025-03-20", "维持"],
    ["县复〔2025〕3号", "郑志刚", "县住房保障中心", "不履行职责", "不作为", "2025年3月4日", "不予受理", None, None,
     None],
    ["县复〔2025〕4号", "王丽娟", "县市场监管局", "吊销许可", "许可", "2025-11-03", "受理", "2025-11-05", "/", "—"],
]


@pytest.fixture
def book(tmp_path):
    return sheet(tmp_path / "复议台账.xlsx", ROWS)


def _cases(gov, kind="reconsideration"):
    return {c.ref: c for c in Case.objects.filter(government=gov, kind=kind)}


def test_import_reads_office_sheet_and_stores_all(county, people, book):
    out = services.import_sheet(people["王主任"], county, "reconsideration", book)
    assert out.ok and out.stored, out.errors
    cases = _cases(county)
    assert set(cases) == {r[0] for r in ROWS}
    one = cases["县复〔2025〕1号"]
    assert one.values["applied_on"] == "2025-01-06" and one.values["accepted_on"] == "2025-01-08"
    assert one.values["concluded_on"] == "2025-02-20" and one.values["category"] == "处罚"
    assert one.state == "concluded" and one.unit is None  # kept by the government itself
    assert cases["县复〔2025〕2号"].values["applied_on"] == "2025-02-03"
    assert cases["县复〔2025〕3号"].state == "not_accepted"
    assert cases["县复〔2025〕4号"].values["concluded_on"] is None  # "/" means empty
    # a unit the directory does not know is kept as written and flagged
    odd = cases["县复〔2025〕3号"]
    assert odd.unit_name == "县住房保障中心" and odd.unit_unknown
    assert not cases["县复〔2025〕1号"].unit_unknown
    assert any("合计" in why for _, why in out.sheet.skipped)
    assert CaseEvent.objects.filter(case__government=county, action="import").count() == 4
    entry = AuditEntry.objects.filter(action="register.import").latest("id")
    assert entry.government_id == county.pk


def test_bad_row_stores_nothing_and_cli_names_row_and_column(county, people, tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[1][7] = "2025-01-01"  # 受理 before 申请: impossible
    rows[2][5] = "2025年13月1日"  # no such date
    path = sheet(tmp_path / "bad.xlsx", rows)
    code = fazhi_main(["register", "import", "reconsideration", str(path), "--government", "示例县"])
    err = capsys.readouterr().err
    assert code == 2
    assert "第5行“受理时间”列" in err and "受理日期早于申请日期" in err  # 2 title rows + header: row 5
    assert "第6行“收案日期”列" in err
    assert not Case.objects.filter(government=county).exists()


def test_overlapping_reimport_updates_in_place(county, people, book, tmp_path):
    services.import_sheet(people["王主任"], county, "reconsideration", book)
    before = _cases(county)["县复〔2025〕4号"]
    rows = [list(ROWS[3]), ["县复[2025]5号", "陈春梅", "县财政局", "补偿", "征收", "2025-11-10", "受理",
                            "2025-11-12", None, None]]
    rows[0][0] = "县复[2025]4号"  # the same case, brackets written differently
    rows[0][8], rows[0][9] = "2025-12-01", "变更"
    out = services.import_sheet(people["王主任"], county, "reconsideration", sheet(tmp_path / "b.xlsx", rows))
    assert out.plan.summary() == {"新增": 1, "更新": 1, "未变": 0}
    cases = _cases(county)
    assert len(cases) == 5
    after = cases["县复〔2025〕4号"]
    assert after.pk == before.pk and after.version == before.version + 1
    assert after.values["outcome"] == "变更" and after.state == "concluded"
    assert cases["县复〔2025〕1号"].values["outcome"] == "撤销"  # not in the second sheet: untouched


def test_export_import_round_trip(county, book, tmp_path, capsys):
    # one government in the installation: --government may be left out
    services.import_sheet(None, county, "reconsideration", book)
    before = {ref: dict(c.values) for ref, c in _cases(county).items()}
    out = tmp_path / "export.xlsx"
    assert fazhi_main(["register", "export", "reconsideration", str(out)]) == 0
    assert fazhi_main(["register", "import", "reconsideration", str(out), "--dry-run"]) == 0
    assert "新增 0 件,更新 0 件,未变 4 件" in capsys.readouterr().out
    Case.objects.filter(government=county).delete()
    assert fazhi_main(["register", "import", "reconsideration", str(out)]) == 0
    assert {ref: dict(c.values) for ref, c in _cases(county).items()} == before


def test_statistics_on_a_known_register_and_local_definition(county, people, book, capsys):
    services.import_sheet(people["王主任"], county, "reconsideration", book)
    assert fazhi_main(["stats", "--year", "2025", "--json", "--government", "示例县"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"government", "year", "figures"} and data["government"] == "示例县"
    f = data["figures"]
    assert all(set(v) == {"value", "unit", "definition", "records"} for v in f.values())
    assert f["reconsideration.received"]["value"] == 4
    assert f["reconsideration.accepted"]["value"] == 3
    assert f["reconsideration.not_accepted"]["records"] == ["县复〔2025〕3号"]
    assert f["reconsideration.concluded"]["value"] == 2
    assert f["reconsideration.corrected"]["records"] == ["县复〔2025〕1号"]
    assert f["reconsideration.correction_rate"] == {**f["reconsideration.correction_rate"], "value": 50.0,
                                                    "unit": "%"}
    # one government counts 维持 as a correction (an absurd local rule, to see it take effect)
    services.save_settings(people["王主任"], county, {"reconsideration": {
        "correction_outcomes": ["撤销", "部分撤销", "变更", "确认违法", "责令履行", "确认无效", "维持"]}})
    assert fazhi_main(["stats", "--year", "2025", "--json", "--unit", "县财政局", "--government", "示例县"]) == 0
    f = json.loads(capsys.readouterr().out)["figures"]
    assert f["reconsideration.received"]["records"] == ["县复〔2025〕2号"]
    assert f["reconsideration.correction_rate"]["value"] == 100.0
    assert AuditEntry.objects.filter(action="register.settings").exists()


def test_bad_settings_refused(county, people):
    with pytest.raises(services.FormErrors):
        services.save_settings(people["王主任"], county, {"reconsideration": {"no_such_param": 1}})


def test_clocks_json_shape_and_statuses(county, book, capsys):
    services.import_sheet(None, county, "reconsideration", book)
    assert fazhi_main(["register", "clocks", "--date", "2025-11-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2025-11-20"
    assert all(set(c) == {"kind", "ref", "unit", "clock", "start", "due", "status"} for c in data["cases"])
    mine = [c for c in data["cases"] if c["ref"] == "县复〔2025〕4号"]
    decision = next(c for c in mine if c["clock"] == "decision")
    assert decision["start"] == "2025-11-05" and decision["due"] == "2026-01-04"
    assert decision["status"] == "running"
    copy = next(c for c in mine if c["clock"] == "copy")
    assert copy["status"] == "late"  # 7 working days from 5 Nov ran out on 14 Nov
    assert fazhi_main(["register", "clocks", "--date", "2025-13-01", "--json"]) == 2


def test_cli_refuses_unknown_government_and_kind(county, book, capsys):
    assert fazhi_main(["register", "import", "reconsideration", str(book), "--government", "无此县"]) == 2
    assert fazhi_main(["register", "import", "no_such_kind", str(book)]) == 2
    assert "错误" in capsys.readouterr().err


def test_step_through_workflow_helper(county, people):
    case = services.create_case(people["王主任"], county, "reconsideration",
                                {"case_no": "县复〔2025〕9号", "applicant": "孙晓东", "respondent": "县财政局",
                                 "applied_on": "2025-10-09"})
    assert case.state == "received"
    case = services.take_step(people["王主任"], case, "accept", {"intake": "受理", "accepted_on": "2025-10-10"},
                              case.version)
    assert case.state == "accepted" and case.version == 2
    assert case.events.filter(action="accept", from_state="received", to_state="accepted").exists()
    assert AuditEntry.objects.filter(action="register.accept").exists()
    with pytest.raises(services.WorkflowError):  # a stale form
        services.take_step(people["王主任"], case, "conclude", {"concluded_on": "2025-11-01", "outcome": "维持"}, 1)
    with pytest.raises(services.FormErrors):  # concluded before accepted: impossible
        services.take_step(people["王主任"], case, "conclude", {"concluded_on": "2025-10-01", "outcome": "维持"}, 2)


# -- who sees and changes what ----------------------------------------------------------------------


@pytest.fixture
def two_units(county, people):
    """One case kept by 县司法局 (张联络员's unit), one by 东湖镇 (赵联络员's)."""
    sfj = services.create_case(people["王主任"], county, "litigation", {
        "case_no": "(2025)示行初1号", "plaintiff": "钱建军", "defendant": "县司法局",
        "notified_on": "2025-03-03"}, unit=county.u["县司法局"])
    town = services.create_case(people["王主任"], county, "litigation", {
        "case_no": "(2025)示行初2号", "plaintiff": "冯秀英", "defendant": "东湖镇",
        "notified_on": "2025-04-01"}, unit=county.u["东湖镇"])
    return sfj, town


def test_department_sees_and_edits_only_its_own_cases(client, people, two_units):
    sfj, town = two_units
    client.force_login(people["张联络员"])
    page = client.get(reverse("registers:register", args=["litigation"])).content.decode()
    assert sfj.ref in page and town.ref not in page
    assert client.get(reverse("registers:case", args=[sfj.pk])).status_code == 200
    assert client.get(reverse("registers:case", args=[town.pk])).status_code == 404
    post = {"version": town.version, "case_no": town.ref, "plaintiff": "冯秀英", "notified_on": "2025-04-02"}
    assert client.post(reverse("registers:case", args=[town.pk]), post).status_code == 404
    post = {"version": sfj.version, "case_no": sfj.ref, "plaintiff": "钱建军", "defendant": "县司法局",
            "notified_on": "2025-03-04"}
    assert client.post(reverse("registers:case", args=[sfj.pk]), post).status_code == 302
    sfj.refresh_from_db()
    assert sfj.values["notified_on"] == "2025-03-04" and sfj.version == 2


def test_leader_reads_but_does_not_edit(client, people, two_units):
    sfj, _ = two_units
    client.force_login(people["李局长"])
    assert client.get(reverse("registers:case", args=[sfj.pk])).status_code == 200
    post = {"version": sfj.version, "case_no": sfj.ref, "notified_on": "2025-03-09"}
    assert client.post(reverse("registers:case", args=[sfj.pk]), post).status_code == 403
    sfj.refresh_from_db()
    assert sfj.values["notified_on"] == "2025-03-03"


def test_liaison_import_cannot_overwrite_another_units_case(county, people, two_units, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["案号", "原告", "被告", "收到应诉通知日期"])
    ws.append(["(2025)示行初2号", "冯秀英", "东湖镇", "2025-05-01"])
    wb.save(tmp_path / "l.xlsx")
    out = services.import_sheet(people["张联络员"], county, "litigation", tmp_path / "l.xlsx")
    assert not out.ok and "其他单位" in str(out.errors[0])
    assert Case.objects.get(ref="(2025)示行初2号").values["notified_on"] == "2025-04-01"


def test_public_export_masks_personal_names(client, people, two_units, tmp_path):
    client.force_login(people["王主任"])
    resp = client.get(reverse("registers:export", args=["litigation"]) + "?public=1")
    path = tmp_path / "p.xlsx"
    path.write_bytes(resp.content)
    cells = {c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row}
    assert "钱**" in cells and "钱建军" not in cells


def test_import_page_dry_run_mapping_then_import(client, county, people, tmp_path):
    path = sheet(tmp_path / "m.xlsx", ROWS)
    wb = openpyxl.load_workbook(path)
    wb.active.cell(3, 6, "行为种类")  # a header no synonym knows
    wb.save(path)
    client.force_login(people["张联络员"])
    url = reverse("registers:import", args=["reconsideration"])
    with open(path, "rb") as fh:
        page = client.post(url, {"file": fh}).content.decode()
    assert "行为种类" in page and "确认导入" in page
    assert not Case.objects.exists()
    client.post(url, {"map:行为种类": "category", "commit": "1"})
    cases = Case.objects.filter(government=county)
    assert cases.count() == 4 and {c.unit_id for c in cases} == {county.u["县司法局"].pk}
    assert cases.get(ref="县复〔2025〕1号").values["category"] == "处罚"
    # the answer is remembered for the unit's next import
    assert services.saved_mapping(county, county.u["县司法局"], "reconsideration") == {"行为种类": "category"}


# -- hooks: the owner's home page, the reminder digest, the supervision pages ---------------------------


def test_late_case_joins_home_page_digest_and_supervision(client, county, people, monkeypatch):
    from django.core import mail

    from fazhiweb.core import pagecache
    from fazhiweb.supervision.services import send_reminders

    services.create_case(people["王主任"], county, "reconsideration", {
        "case_no": "县复〔2025〕21号", "applicant": "蒋国强", "respondent": "县财政局", "applied_on": "2025-09-01",
        "intake": "受理", "accepted_on": "2025-09-02"}, unit=county.u["县司法局"])
    day = dt.date(2025, 11, 20)  # the 60-day decision period ran out on 1 Nov (moved to 3 Nov)
    monkeypatch.setattr(pagecache, "today", lambda: day)
    client.force_login(people["张联络员"])
    home = client.get(reverse("progress:my")).content.decode()
    assert "县复〔2025〕21号" in home and "已超期" in home
    client.force_login(people["赵联络员"])
    assert "县复〔2025〕21号" not in client.get(reverse("progress:my")).content.decode()
    client.force_login(people["王主任"])
    board = client.get(reverse("supervision:index")).content.decode()
    assert "register-due-units" in board and "县财政局" in board
    people["张联络员"].email = "zhang@example.org"
    people["张联络员"].save()
    result = send_reminders(day, county.pk)
    assert result.sent == 1
    body = mail.outbox[0].body
    assert "县复〔2025〕21号" in body and "复议决定" in body and "已超期" in body


def test_province_generator_adds_a_year_of_registers(db):
    from fazhi.registers import kind_names
    from fazhiweb.registers.commands import stats_json
    from fazhiweb.registers.demo import COUNTS, OTHER_COUNT, demo_year
    from fazhiweb.scale.generate import ProvinceGenerator, Sizes

    today = dt.date(2025, 11, 15)
    gen = ProvinceGenerator(Sizes(governments=2, units=4, tasks=2, reports=0, notices=0, seed=3), today=today)
    gen.run()
    # every register (issue 12's too), issue 11's three at a county's size; a flat run has no
    # government above, so no 备案审查 items (they only come from documents filed with a parent)
    drawn = [n for n in kind_names() if n != "filing_review"]
    for gid in gen.gov_ids:
        assert Case.objects.filter(government_id=gid).count() == sum(COUNTS.get(n, OTHER_COUNT) for n in drawn)
        assert Case.objects.filter(government_id=gid, kind="decision").count() == OTHER_COUNT
    gov = gen.gov_ids[0]
    from fazhiweb.accounts.models import Government

    figures = stats_json(Government.objects.get(pk=gov), demo_year(today)[0])["figures"]
    assert figures["reconsideration.received"]["value"] == COUNTS["reconsideration"]
    issued = figures["normative_docs.issued"]
    assert 0 < issued["value"] <= COUNTS["normative_doc"] and len(issued["records"]) == issued["value"]
    # officers take part in the 学法 sessions, so their hours add up from the sessions attended
    officers = {c.values["name"] for c in Case.objects.filter(government_id=gov, kind="enforcement_officer")}
    attended = {p for c in Case.objects.filter(government_id=gov, kind="training") for p in c.values["participants"]}
    assert officers and officers <= attended
    assert figures["enforcement.training_shortfall"]["value"] <= figures["enforcement.officers"]["value"]
    # a new case after the bulk load gets a fresh id (the sequence was reset)
    services.store_records(None, Government.objects.get(pk=gov), "litigation",
                           [{"case_no": "(2025)新1号", "notified_on": dt.date(2025, 11, 1)}])
    case = Case.objects.get(ref="(2025)新1号")
    assert case.pk > Case.objects.exclude(pk=case.pk).order_by("-pk").first().pk


def test_register_clock_counts_with_the_one_clock_and_its_holiday_table(county, people):
    """Years chinesecalendar does not know fall back to the office's holiday table (core.Holiday):
    the 5-working-day intake review moves by the days the office marked as holidays."""
    from fazhiweb.core.models import Holiday
    from fazhiweb.registers import queries

    year = 2031  # beyond the statutory package
    case = services.create_case(people["王主任"], county, "reconsideration", {
        "case_no": "县复〔2031〕1号", "applicant": "沈雨欣", "respondent": "县财政局",
        "applied_on": f"{year}-03-03"})  # a Monday
    as_of = dt.date(year, 3, 4)

    def intake_due():
        states = queries.open_clock_states(Case.objects.filter(pk=case.pk), as_of, {})
        return next(s for s in states if s.clock == "intake").due

    assert intake_due() == dt.date(year, 3, 10)  # Mon–Fri: five working days after 3 March
    Holiday.objects.create(date=dt.date(year, 3, 5), is_workday=False, name="测试假日")
    Holiday.objects.create(date=dt.date(year, 3, 6), is_workday=False, name="测试假日")
    assert intake_due() == dt.date(year, 3, 12)


def test_decision_gate_through_the_web_service(county, people):
    """重大行政决策 (issue 12, same engine): collective discussion only after a legality review
    that did not find the decision unlawful."""
    from fazhiweb.core.workflow import WorkflowError

    office = people["王主任"]
    case = services.create_case(office, county, "decision", {
        "decision_no": "县决〔2025〕1号", "title": "示例县公交线路调整方案", "unit": "县财政局",
        "catalogue_year": "2025"})
    assert case.state == "catalogued"
    decide = {"meeting_type": "常务会议", "discussed_on": "2025-05-06", "head_decision": "同意"}
    with pytest.raises(WorkflowError):
        services.take_step(office, case, "decide", decide, case.version)
    case = services.take_step(office, case, "review", {"review_from": "2025-04-01", "review_on": "2025-04-15",
                                                       "review_opinion": "不合法"}, case.version)
    assert case.state == "reviewed"
    with pytest.raises(WorkflowError):
        services.take_step(office, case, "decide", decide, case.version)
    case = services.edit_case(office, case, {"review_opinion": "修改后合法"}, case.version)
    case = services.take_step(office, case, "decide", decide, case.version)
    assert case.state == "decided" and case.values["discussed_on"] == "2025-05-06"


def test_register_page_body_follows_changes(client, county, people):
    """The cached page body is keyed on the government's data version: a new case shows at once."""
    client.force_login(people["王主任"])
    url = reverse("registers:register", args=["litigation"])
    assert "(2025)示行初7号" not in client.get(url).content.decode()
    services.create_case(people["王主任"], county, "litigation", {"case_no": "(2025)示行初7号",
                                                                "notified_on": "2025-06-01"})
    assert "(2025)示行初7号" in client.get(url).content.decode()
    client.force_login(people["张联络员"])  # same role key? no: a liaison's body is keyed on the unit
    assert "(2025)示行初7号" not in client.get(url).content.decode()


def test_demo_year_has_late_and_paused_cases(county):
    from fazhiweb.registers import queries
    from fazhiweb.registers.demo import fill

    day = dt.date(2026, 11, 20)
    done = fill(county, list(county.u), day, owners={"reconsideration": county.u["县司法局"]}, other_count=0)
    assert done == {"reconsideration": 40, "litigation": 25, "normative_doc": 15}
    states = queries.open_clock_states(Case.objects.filter(government=county, kind="reconsideration"), day, {})
    assert {"late", "paused"} <= {s.status for s in states}
    assert fill(county, list(county.u), day, other_count=0) == {}  # again: nothing added


def test_every_kind_page_and_unchanged_form_round_trip(client, county, people):
    """Each kind's register page and case page render, and saving a case's form unchanged keeps
    every value (the form shows values as the export writes them and reads them as an import)."""
    from fazhi import registers as core
    from fazhiweb.registers.demo import fill

    fill(county, list(county.u), dt.date(2026, 11, 20), other_count=2)
    client.force_login(people["王主任"])
    for name in core.kind_names():
        assert client.get(reverse("registers:register", args=[name])).status_code == 200, name
        case = Case.objects.filter(government=county, kind=name).first()
        page = client.get(reverse("registers:case", args=[case.pk]))
        assert page.status_code == 200, name
        form = {x["field"].name: x["value"] for x in page.context["fields"]}
        resp = client.post(reverse("registers:case", args=[case.pk]), {**form, "version": case.version})
        assert resp.status_code == 302, (name, resp.context and resp.context["fields"])
        after = Case.objects.get(pk=case.pk)
        assert after.values == case.values, name
