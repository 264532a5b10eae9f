"""Browser tests of the ledger an office can trust: units resolved once per name on the review
page, the task edit form (date + note, target fields, units from the directory) and a report
saved as a draft, submitted and withdrawn. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import re

import pytest

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.plans.models import Plan, Task
from fazhiweb.plans.resolution import unresolved_names
from fazhiweb.progress.models import Report

from .conftest import PASSWORD, missing_reason

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from web import resolution_plan as rp  # noqa: E402  (tests/ is on the path: tests/web is a package)


@pytest.fixture
def linhe(transactional_db, tmp_path):
    from django.contrib.auth.models import User

    gov = Government.objects.create(name=rp.GOVERNMENT, level="county")
    units = {name: Unit.objects.create(government=gov, name=name, short_name=short, kind=kind)
             for name, short, kind in rp.UNITS}
    group = UnitGroup.objects.create(government=gov, name=rp.GROUP[0])
    group.members.set([units[n] for n in rp.GROUP[1]])
    office = User.objects.create_user("lh-office", password=PASSWORD, first_name="周主任")
    Membership.objects.create(user=office, government=gov, role="office")
    liaison = User.objects.create_user("lh-sifa", password=PASSWORD, first_name="吴联络员")
    Membership.objects.create(user=liaison, government=gov, role="liaison", unit=units["县司法局"])
    table = tmp_path / "临河县2025年任务分工表.xlsx"
    table.write_bytes(rp.workbook_bytes())
    gov.table, gov.u = table, units
    return gov


def _resolve_row(page, name: str):
    return page.locator("#names tr", has=page.locator("td:first-child b", has_text=re.compile(f"^{name}$")))


def test_grouped_unit_resolution_then_edit_forms_and_report_draft(open_session, linhe):
    office = open_session("lh-office")
    page = office.page
    office.goto("/plans/")
    page.set_input_files("main input[type=file][name=file]", str(linhe.table))
    page.get_by_role("button", name="上传并识别").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan = Plan.objects.get(government=linhe)
    names = unresolved_names(plan)
    panel = page.locator("#names")
    assert f"待确认的单位名称({len(names)} 个名称)" in panel.locator("h2").inner_text()
    assert "处" in _resolve_row(page, "各乡镇").locator("td.num").inner_text()  # mention count per name
    office.shot("trust-01-names-grouped")

    # bulk: accept every suggestion from 80 up
    page.fill("#names input[name=threshold]", "80")
    page.get_by_role("button", name="全部采纳建议").click()
    page.wait_for_load_state()
    assert "已按建议确认" in page.locator(".messages").inner_text()
    # one name mapped to a group, typed with the directory's autocomplete
    row = _resolve_row(page, "各乡镇")
    row.locator("input[name=target_name]").fill("各乡镇（街道）")
    row.get_by_role("button", name="确认").click()
    page.wait_for_load_state()
    assert "记为其别名" in page.locator(".messages").inner_text()
    for name, target in (("各乡镇人民政府", "各乡镇（街道）"), ("县卫健委", "县卫生健康局"), ("县教体局", "县教育局")):
        row = _resolve_row(page, name)
        row.locator("input[name=target_name]").fill(target)
        row.get_by_role("button", name="确认").click()
        page.wait_for_load_state()
    office.shot("trust-02-names-before-bulk-add")
    page.get_by_role("button", name="其余名称全部添加为新单位").click()
    page.wait_for_load_state()
    assert not page.locator("#names").count() and "未确认" not in page.locator("main").inner_text()
    assert Unit.objects.get(government=linhe, name="新城镇").kind == "town"
    office.shot("trust-03-names-resolved")

    # the task edit form: date + note rows, target fields, units from the directory
    task = Task.objects.get(plan=plan, path_key="一/(一)")
    card = page.locator(f"#task-{task.pk}")
    card.get_by_role("button", name="编辑").click()
    form = page.locator(f"#task-{task.pk} form.task-form")
    form.wait_for()
    assert form.locator("input[name=deadline_date]").first.input_value() == task.deadlines[0]["date"]
    form.locator("input[name=deadline_date]").nth(1).fill("2025-11-30")
    form.locator("input[name=deadline_note]").nth(1).fill("11月底前,报送总结")
    form.locator("input[name=target_text]").first.fill("复议纠错率")
    form.locator("select[name=target_op]").first.select_option("<=")
    form.locator("input[name=target_value]").first.fill("15")
    form.locator("input[name=target_unit]").first.fill("%")
    support = form.locator("input[name=unit_support]")
    support.nth(support.count() - 1).fill("县统计局")
    assert form.locator("datalist option[value='县统计局']").count() == 1  # autocomplete from the directory
    office.shot("trust-04-task-edit-form")
    form.get_by_role("button", name="保存").click()
    page.locator(f"#task-{task.pk} .source").wait_for()
    task.refresh_from_db()
    assert [d["text"] for d in task.deadlines][-1] == "11月底前,报送总结"
    assert task.targets == [{"text": "复议纠错率", "op": "<=", "value": 15, "unit": "%"}]
    assert set(task.edited) >= {"deadlines", "targets", "units"}
    card = page.locator(f"#task-{task.pk}")
    assert "2025-11-30" in card.inner_text()
    card.get_by_role("button", name="编辑").click()  # the form shows what it saved, and saves it again
    form = page.locator(f"#task-{task.pk} form.task-form")
    form.wait_for()
    assert form.locator("input[name=deadline_note]").nth(1).input_value() == "11月底前,报送总结"
    form.get_by_role("button", name="保存").click()
    page.locator(f"#task-{task.pk} .source").wait_for()
    office.shot("trust-05-task-saved")
    page.get_by_role("button", name="发布计划").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/dashboard/$"))

    # the liaison saves a draft, submits it, and withdraws it before review
    liaison = open_session("lh-sifa")
    lp = liaison.page
    a = task.assignments.get(unit=linhe.u["县司法局"])
    liaison.goto(f"/progress/assignments/{a.pk}/report/")
    lp.fill("textarea[name=text]", "已起草复议工作规范,待党组会审议。")
    lp.fill("input[name=percent]", "30")
    lp.locator("input[name=milestones]").first.check()
    liaison.shot("trust-06-report-form-milestones")
    lp.get_by_role("button", name="保存草稿").click()
    lp.wait_for_url(re.compile(r"/progress/reports/\d+/$"))
    report = Report.objects.get(assignment=a)
    assert report.state == Report.DRAFT and report.milestones == [task.deadlines[0]["date"]]
    lp.get_by_role("link", name="继续编辑草稿").click()
    lp.select_option("select[name=status]", "done")
    lp.get_by_role("button", name="提交审核").click()
    lp.wait_for_url(re.compile(r"/progress/reports/\d+/$"))
    report.refresh_from_db()
    assert (report.state, report.percent) == (Report.SUBMITTED, 100)  # 已完成 means 100%
    liaison.shot("trust-07-report-submitted")
    lp.get_by_role("button", name="撤回修改").click()
    lp.wait_for_url(re.compile(r"/progress/assignments/\d+/report/$"))
    report.refresh_from_db()
    assert report.state == Report.DRAFT
    liaison.shot("trust-08-report-withdrawn")


def test_reimport_keeps_corrections_and_asks_about_a_changed_source(open_session, linhe, tmp_path):
    import copy

    import fazhi
    from fazhi.export.xlsx import build_workbook
    from fazhiweb.plans import services

    office_user = Membership.objects.get(government=linhe, role="office").user
    doc = rp.document()
    plan = services.create_plan_from_document(office_user, linhe, fazhi.parse_file(linhe.table),
                                              source_name="分工表.xlsx")
    t1, t2 = (Task.objects.get(plan=plan, path_key=p) for p in ("一/(一)", "一/(二)"))
    services.update_task(office_user, t1, {"deadlines": [{"date": "2025-04-15", "text": "4月中旬前", "recurring": None}]})
    services.update_task(office_user, t2, {"targets": [{"text": "评查覆盖率", "op": ">=", "value": 90, "unit": "%"}]})
    revised = copy.deepcopy(doc)
    revised["tasks"][0]["deadlines"] = [{"date": "2025-05-31", "text": "5月底前", "recurring": None}]
    revised["tasks"][0]["text"] = revised["tasks"][0]["text"].replace("3月底前", "5月底前")
    path = tmp_path / "修订稿.xlsx"
    build_workbook(revised).save(path)

    office = open_session("lh-office")
    page = office.page
    office.goto(f"/plans/{plan.pk}/")
    page.locator("summary", has_text="导入修订稿").click()
    page.set_input_files("main form[action$='/reimport/'] input[type=file]", str(path))
    page.get_by_role("button", name="重新导入").click()
    page.wait_for_load_state()
    line = page.locator(".messages").inner_text()
    assert "任务新增 0 项、修改 1 项、删除 0 项" in line and "保留人工修改 1 处" in line and "1 处原文已变" in line
    card = page.locator(f"#task-{t1.pk}")
    text = card.locator(".decision").inner_text()
    assert "2025-03-31" in text and "2025-05-31" in text and "2025-04-15" in text
    card.scroll_into_view_if_needed()
    office.shot("trust-09-reimport-decision")
    card.get_by_role("button", name="保留人工修改").click()
    page.wait_for_load_state()
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert t1.deadlines[0]["date"] == "2025-04-15" and not t1.pending
    assert t2.targets[0]["value"] == 90
