"""The annual report app (issue 13): drafting from a known ledger and registers (read back from
the .docx with the parser), the audit panel, approval freezing figures, public versions, the
permission table, and the CLI draft through the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

import fazhi
from fazhi.annual import write_docx
from fazhi.annual.draft import indicator_names
from fazhi.annual.markup import to_markdown
from fazhiweb.annual import present, services
from fazhiweb.annual.inputs import register_figures
from fazhiweb.annual.models import AnnualReport, PublicVersion
from fazhiweb.annual.public import published_reports
from fazhiweb.registers.demo import fill

from .conftest import client_for

YEAR = 2024  # the fixtures' plan year; registers are filled for it


@pytest.fixture
def registers(county):
    units = [n for n in county.u if n != "县司法局"]
    fill(county, units, dt.date(YEAR, 12, 31), owners={"reconsideration": county.u["县司法局"]}, other_count=0)
    return county


@pytest.fixture
def ledger(published_plan, people, county):
    """One task done (accepted, with its account), one behind with a reason."""
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress import services as progress

    a = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit=county.u["县司法局"])
    r = progress.submit_report(people["张联络员"], a, {"status": "done", "percent": 100,
                                                    "text": "审批事项清单已全部梳理并公布。"})
    progress.review_report(people["王主任"], r, "accept")
    b = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(二)", unit=county.u["县政务服务中心"])
    progress.submit_report(people["王主任"], b, {"status": "behind", "percent": 20, "reason": "平台升级推迟",
                                               "text": "正在升级公开平台。"})
    return published_plan


def _start(people, county, unit=None, who="王主任"):
    return services.start_report(people[who], county, YEAR, unit)


def test_draft_reads_back_with_every_keyed_figure_equal_to_the_register(registers, ledger, people, tmp_path):
    report = _start(people, registers)
    path = write_docx(report.draft, tmp_path / "report.docx")
    doc = fazhi.parse_file(path)
    assert doc["kind"] == "report"
    assert all(doc["sections"].values()), doc["sections"]
    figures = register_figures(registers, YEAR)
    text = "\n".join(report.draft.text_lines())
    names = indicator_names()
    written = 0
    for key, stat in figures.items():  # every register figure is written under its indicator name
        if stat["value"] is None:
            continue
        token = next(f for f in report.draft.figures() if f.key == key)
        assert token.text() in text
        written += 1
    assert written >= 10
    # read back by the parser: every figure named as its indicator is named equals the register's
    checked = 0
    for m in doc["metrics"]:
        key = m.get("key")
        if key in figures and names.get(key, "\0") in (m.get("text") or "") and figures[key]["value"] is not None:
            places = 2 if m.get("unit") == "%" else 0
            assert round(float(m["value"]), places) == round(float(figures[key]["value"]), places), m
            checked += 1
    assert checked >= 10
    # the ledger: the accepted task and its account in 成效; the task behind, with its reason, in 不足
    def part(key):
        return "\n".join(p.text() for p in report.draft.part(key).paragraphs)

    assert "审批事项清单已全部梳理并公布" in part("achievements")
    assert "推进政务公开" in part("shortcomings") and "平台升级推迟" in part("shortcomings")


def test_registers_without_a_plan_still_draft_and_say_what_is_missing(registers, people):
    report = _start(people, registers)
    part = report.draft.part("achievements")
    assert part.paragraphs[0].placeholder and "计划" in part.paragraphs[0].text()
    assert [p.key for p in report.draft.parts] == ["first_responsible", "achievements", "shortcomings",
                                                   "next_year", "other"]
    assert report.versions.count() == 1


def test_edit_part_keeps_tokens_flags_typed_numbers_and_versions(registers, people, client):
    report = _start(people, registers)
    c = client_for(client, people["王主任"])
    text = "本年度{{fig:reconsideration.received}},另收到群众来信12件。\n\n[保密]内部掌握的情况。"
    resp = c.post(reverse("annual:edit", args=[report.pk, "other"]), {"text": text,
                                                                     "lock_version": report.lock_version})
    assert resp.status_code == 302
    report.refresh_from_db()
    part = report.draft.part("other")
    fig = part.paragraphs[0].figures()[0]
    assert fig.key == "reconsideration.received"
    assert fig.value == register_figures(registers, YEAR)["reconsideration.received"]["value"]
    assert part.paragraphs[1].internal
    page = c.get(reverse("annual:report", args=[report.pk])).content.decode()
    assert 'class="untraced"' in page and "另收到群众来信12件" in page
    assert "figure=reconsideration.received" in page  # the records link of the token
    assert report.versions.count() == 2 and report.versions.first().author == people["王主任"]
    diff = c.get(reverse("annual:versions", args=[report.pk]) + "?v=2").content.decode()
    assert "另收到群众来信12件" in diff
    # an unknown token is refused with a message, nothing saved
    resp = c.post(reverse("annual:edit", args=[report.pk, "other"]), {"text": "{{fig:no.such}}",
                                                                     "lock_version": report.lock_version})
    assert resp.status_code == 200 and "不存在" in resp.content.decode()
    assert report.versions.count() == 2


def test_stale_edit_is_refused(registers, people):
    report = _start(people, registers)
    services.save_part(people["王主任"], report, "other", "第一次修改。", lock_version=report.lock_version)
    with pytest.raises(services.Conflict):
        services.save_part(people["王主任"], report, "other", "第二次修改。", lock_version=report.lock_version)


def _codes(result):
    return {f["code"]: f for f in result["findings"]}


def test_audit_panel_finds_copied_shortcomings_and_a_typed_figure_off_the_register(registers, people, client):
    previous = services.start_report(people["王主任"], registers, YEAR - 1)
    copied = ("一是部分单位执法案卷制作不够规范,文书填写不完整。二是乡镇合法性审查力量薄弱,专业人员不足。"
              "三是规范性文件报备不及时,个别文件未按期备案。")
    services.save_part(people["王主任"], previous, "shortcomings", copied)
    report = _start(people, registers)
    services.save_part(people["王主任"], report, "shortcomings", copied)
    real = register_figures(registers, YEAR)["reconsideration.received"]["value"]
    services.save_part(people["王主任"], report, "other", f"全年收到行政复议申请{real + 7}件。")
    report.refresh_from_db()
    found = _codes(present.audit_result(report))
    assert "repeated_shortcomings" in found and found["repeated_shortcomings"]["previous_text"]
    assert found["figure_mismatch:reconsideration.received"]["expected"] == real
    # the page's panel shows them
    html = client_for(client, people["王主任"]).get(reverse("annual:audit", args=[report.pk])).content.decode()
    assert "repeated_shortcomings" in html and "figure_mismatch:reconsideration.received" in html


def test_audit_finds_two_missing_parts_of_a_report_text(registers, people):
    from fazhi.annual import audit, from_text

    report = _start(people, registers)
    draft = report.draft
    draft.parts = [p for p in draft.parts if p.key not in ("next_year", "shortcomings")]
    found = _codes(audit(from_text("\n".join(draft.text_lines()))))
    assert found["missing_section:next_year"]["severity"] == "error"
    assert found["missing_section:shortcomings"]["severity"] == "error"


def _add_case(county):
    from fazhi import registers as core
    from fazhi.registers import demo as core_demo
    from fazhiweb.registers import services as reg

    kind = core.load_kind("reconsideration")
    rec = core_demo.generate(kind, YEAR, 1, units=("县财政局",), seed=99, as_of=dt.date(YEAR, 12, 31),
                             prefix="新")[0]
    reg.store_records(None, county, "reconsideration", [rec], unit=county.u["县司法局"])


def test_approval_freezes_figures_and_a_register_change_is_a_difference_to_accept(registers, people, client):
    report = _start(people, registers)
    with pytest.raises(PermissionDenied):
        services.approve(people["王主任"], report)
    report = services.approve(people["李局长"], report)
    before = report.data
    frozen = next(f for f in report.draft.figures() if f.key == "reconsideration.received").value
    _add_case(registers)
    report.refresh_from_db()
    assert report.data == before  # never silently
    figures = register_figures(registers, YEAR)
    diff = {d["key"]: d for d in present.differences(report, figures)}
    assert diff["reconsideration.received"]["frozen"] == frozen
    assert diff["reconsideration.received"]["current"] == frozen + 1
    page = client_for(client, people["王主任"]).get(reverse("annual:report", args=[report.pk])).content.decode()
    assert "登记簿数据已变化" in page
    report = services.accept_differences(people["王主任"], report, {"reconsideration.received"})
    assert report.state == AnnualReport.DRAFT and report.approved_at is None  # approve again
    assert next(f for f in report.draft.figures() if f.key == "reconsideration.received").value == frozen + 1
    assert "reconsideration.received" not in {d["key"] for d in present.differences(report, figures)}


def _publish(people, report, note=""):
    report = services.approve(people["李局长"], report)
    with pytest.raises(services.AnnualError):
        services.publish(people["王主任"], report)  # no 保密 review yet
    report = services.secrecy_review(people["王主任"], report, "经审查可以公开。")
    services.record_dispatch(people["王主任"], report, "县人大常委会", dt.date(YEAR + 1, 2, 20))
    return services.publish(people["王主任"], report, note)


def test_public_versions_drop_marked_passages_and_mark_changes_after_publication(registers, people, client):
    report = _start(people, registers)
    services.save_part(people["王主任"], report, "other", "公开的说明。\n\n[保密]不宜公开的内部情况。")
    v1 = _publish(people, report)
    assert v1.number == 1 and not v1.amended and "不宜公开" not in v1.text and "公开的说明" in v1.text
    client.logout()
    url = reverse("annual_public", args=[registers.pk, YEAR])
    page = client.get(url).content.decode()
    assert "公开的说明" in page and "不宜公开" not in page and "公开时间" in page
    report.refresh_from_db()
    services.save_part(people["王主任"], report, "other", "公开的说明(已更正)。")
    report.refresh_from_db()
    assert report.state == AnnualReport.DRAFT and report.secrecy_at is None
    v2 = _publish(people, report, "更正一处文字")
    assert v2.number == 2 and v2.amended
    page = client.get(url).content.decode()
    assert "发布后修改" in page and "已更正" in page
    old = client.get(reverse("annual_public_version", args=[registers.pk, YEAR, 1])).content.decode()
    assert "较早的版本" in old and "已更正" not in old
    assert PublicVersion.objects.filter(report=report).count() == 2
    rows = published_reports([registers.pk])
    assert len(rows) == 1 and rows[0]["year"] == YEAR and "已更正" in rows[0]["text"]
    assert set(rows[0]) == {"government_id", "year", "title", "text", "published_at", "url"}
    assert client.get(rows[0]["url"]).status_code == 200


def test_permissions(registers, people, client):
    from fazhiweb.core.permissions import get_for

    with pytest.raises(PermissionDenied):  # a liaison does not start the government's report
        services.start_report(people["张联络员"], registers, YEAR)
    with pytest.raises(PermissionDenied):  # nor another unit's
        services.start_report(people["张联络员"], registers, YEAR, registers.u["东湖镇"])
    dept = services.start_report(people["张联络员"], registers, YEAR, registers.u["县司法局"])
    gov = _start(people, registers)
    with pytest.raises(Http404):
        get_for(people["赵联络员"], AnnualReport, dept.pk, "annual.view")
    with pytest.raises(Http404):
        get_for(people["张联络员"], AnnualReport, gov.pk, "annual.view")
    with pytest.raises(Http404):
        get_for(people["外县主任"], AnnualReport, gov.pk, "annual.view")
    with pytest.raises(PermissionDenied):
        services.save_part(people["王主任"], dept, "other", "办公室不改部门报告。")
    with pytest.raises(PermissionDenied):
        services.approve(people["张联络员"], gov)
    with pytest.raises(PermissionDenied):
        services.secrecy_review(people["李局长"], gov, "领导不做保密审查。")
    # the submitted department report becomes a source of the government's draft
    services.submit(people["张联络员"], dept)
    gov.delete()
    gov = _start(people, registers)
    assert [s["unit"] for s in gov.draft.sources] == ["县司法局"]
    # the public sees only what is published; the office pages need a login
    assert client.get(reverse("annual_public", args=[registers.pk, YEAR])).status_code == 404
    assert client.get(reverse("annual:report", args=[gov.pk])).status_code == 302
    c = client_for(client, people["赵联络员"])
    assert c.get(reverse("annual:report", args=[dept.pk])).status_code == 404
    assert c.get(reverse("annual:index")).status_code == 200


def test_outputs(registers, people, client, monkeypatch):
    report = _start(people, registers)
    c = client_for(client, people["王主任"])
    resp = c.get(reverse("annual:download", args=[report.pk, "docx"]))
    assert resp.status_code == 200 and resp.content[:2] == b"PK"
    assert "主要举措和成效" in c.get(reverse("annual:download", args=[report.pk, "html"])).content.decode()
    monkeypatch.setattr("fazhi.annual.render.libreoffice", lambda: None)
    resp = c.get(reverse("annual:download", args=[report.pk, "pdf"]), follow=True)
    assert "LibreOffice" in resp.content.decode()


def test_coverage_panel_lists_the_tasks_the_report_forgets(registers, ledger, people, client):
    report = _start(people, registers)
    cov = present.coverage(report)
    assert cov["total"] == 3
    titles = {t.title or t.text for t in cov["missing"]}
    assert "推进政务公开" in titles  # nothing reported on it
    html = client_for(client, people["王主任"]).get(reverse("annual:coverage", args=[report.pk])).content.decode()
    assert "报告未提及的任务" in html


def test_cli_draft_from_the_database(registers, ledger, people, tmp_path, capsys):
    from fazhi import cli

    out = tmp_path / "草稿.docx"
    assert cli.main(["annual", "draft", "--year", str(YEAR), "--government", "示例县", "--out", str(out)]) == 0
    doc = fazhi.parse_file(out)
    assert doc["kind"] == "report" and all(doc["sections"].values())
    out = tmp_path / "部门.docx"
    assert cli.main(["annual", "draft", "--year", str(YEAR), "--government", "示例县", "--unit", "县司法局",
                     "--out", str(out)]) == 0
    assert cli.main(["annual", "draft", "--year", str(YEAR), "--government", "无此县", "--out", str(out)]) == 2
    assert "无此县" in capsys.readouterr().err


def test_demo_has_a_published_previous_report_and_a_draft_repeating_its_shortcomings(county, people):
    from fazhiweb.annual.demo import load
    from fazhiweb.core.clock import today
    from fazhiweb.registers.demo import demo_year

    users = {"admin": people["王主任"], "leader": people["李局长"], "sifaju": people["张联络员"]}
    load(county, users)
    year, _ = demo_year(today())
    prev = AnnualReport.objects.get(government=county, unit__isnull=True, year=year - 1)
    assert prev.public_versions.count() == 1
    current = AnnualReport.objects.get(government=county, unit__isnull=True, year=year)
    assert "repeated_shortcomings" in _codes(present.audit_result(current))
    assert [s["unit"] for s in current.draft.sources] == ["县司法局"]
    load(county, users)  # again: nothing doubled
    assert AnnualReport.objects.filter(government=county).count() == 3
    assert to_markdown(current.draft.part("shortcomings")).startswith("一是")


def test_local_settings_move_the_due_date_and_the_thresholds(registers, people, client):
    report = _start(people, registers)
    assert present.clocks(report)[0]["due"] == f"{YEAR + 1}-03-31"
    c = client_for(client, people["王主任"])
    resp = c.post(reverse("annual:settings"), {"local_due": "02-28", "min_figures": "3", "min_cases": "0",
                                               "repeat_threshold": "0.9"})
    assert resp.status_code == 302
    assert present.clocks(report)[0]["due"] == f"{YEAR + 1}-02-28"
    codes = _codes(present.audit_result(report))
    assert "few_cases" not in codes and "few_figures" not in codes
    resp = c.post(reverse("annual:settings"), {"local_due": "13-45", "min_figures": "3"}, follow=True)
    assert "MM-DD" in resp.content.decode()
    assert present.clocks(report)[0]["due"] == f"{YEAR + 1}-02-28"  # the bad form changed nothing
    with pytest.raises(PermissionDenied):
        services.save_settings(people["李局长"], registers, {"min_figures": "1"})
