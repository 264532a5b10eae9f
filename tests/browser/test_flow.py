"""The whole ledger through the real UI, for seed 000 (青岛市即墨区 2020 plan):

office imports (every unit confirmed by exact names) → publishes; the 区司法局 liaison sees only
its tasks and reports with a PDF; the office returns it; the liaison resubmits; the office
accepts; the dashboard and the audit log show it. A screenshot per step in test-artifacts/browser/.
"""

from __future__ import annotations

import re

import pytest

from fazhiweb.audit.models import AuditEntry
from fazhiweb.plans.models import Assignment, Plan, TaskUnitMention
from fazhiweb.progress.models import Report

from .conftest import missing_reason, seed_path

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

SEED = seed_path("000")
TASK = "三(一)"  # lead: 区司法局; responsible: 各镇政府 — 区财政局 has no part in it
NOT_OURS = "四(一)"  # lead: 区委编办; 区司法局 has no part in it
MY_TABLE = "main .my-tasks table"  # the unit's task list (not the reminder box above it)
RETURN_COMMENT = "请补充试点镇街名单和合法性审查件数。"


def _stat(page, label: str) -> int:
    text = page.locator(".stats > div", has_text=label).locator("b").inner_text()
    return int(text.rstrip("%"))


def _task_row(page, label: str):
    link = page.locator("td:nth-child(2) > a", has_text=re.compile(rf"^{re.escape(label)}\s"))
    return page.locator(f"{MY_TABLE} tr").filter(has=link)


def _my_labels(page) -> list[str]:
    """Task labels of the liaison's list on every page (30 a page), following 下一页; checks the count."""
    labels = []
    while True:
        cells = page.locator(f"{MY_TABLE} tr td:nth-child(2) > a").all_inner_texts()
        assert 0 < len(cells) <= 30
        labels += [c.split()[0] for c in cells]
        nxt = page.locator("main .my-tasks nav.pager a", has_text="下一页")
        if not nxt.count():
            break
        nxt.click()
        page.wait_for_load_state()
    total = re.search(r"共 (\d+) 项", page.locator("main .my-tasks h2").inner_text())
    assert total and int(total.group(1)) == len(labels)
    return labels


def _goto_task_row(session, label: str):
    """The liaison's list, on the page that holds `label`'s row."""
    n = 1
    while True:
        session.goto(f"/progress/my/?page={n}")
        row = _task_row(session.page, label)
        if row.count():
            return row
        assert session.page.locator("main .my-tasks nav.pager a", has_text="下一页").count(), label
        n += 1


@pytest.mark.skipif(SEED is None, reason="种子文件 ../shared/seeds/000_*.txt 不存在,跳过种子 000 的浏览器流程测试")
def test_seed_000_import_review_report_return_accept(open_session, jimo, evidence_pdf):
    office = open_session("wang")

    # 1. Upload the seed on the plan list page.
    office.goto("/plans/")
    office.shot("01-office-plans")
    office.page.set_input_files("main input[type=file][name=file]", str(SEED))
    office.page.get_by_role("button", name="上传并识别").click()
    office.page.wait_for_url(re.compile(r"/plans/\d+/$"))
    plan = Plan.objects.get(government=jimo)
    assert plan.title == "2020年青岛市即墨区法治政府建设工作计划"
    assert plan.tasks.count() == 34
    page = office.page
    assert "已导入" in page.locator(".messages").inner_text()
    assert "未确认" not in page.locator("main").inner_text()
    office.shot("02-review-page-resolved")

    # 2. 发展改革局 is 区发展改革局 without the district's own prefix: an exact match after
    # normalisation, confirmed silently (anything less exact would be a suggestion).
    mention = TaskUnitMention.objects.get(task__plan=plan, raw_name="发展改革局")
    assert mention.unit_id == jimo.u["区发展改革局"].pk
    card = page.locator(f"#task-{mention.task_id}")
    assert "区发展改革局" in card.inner_text() and "原文“发展改革局”" in card.inner_text()
    office.shot("03-review-page-exact-prefix-match")

    # 3. Publish: redirected to the dashboard, nothing done yet.
    page.reload()
    assert "未确认" not in page.locator("main").inner_text()
    page.get_by_role("button", name="发布计划").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/dashboard/$"))
    plan.refresh_from_db()
    assert plan.is_published
    n_assignments = Assignment.objects.filter(task__plan=plan, active=True).count()
    assert f"生成 {n_assignments} 条分工" in page.locator(".messages").inner_text()
    assert _stat(page, "分工数") == n_assignments
    done_before = _stat(page, "已完成")
    assert done_before == 0
    office.shot("04-published-dashboard")

    # 4. The 区司法局 liaison sees exactly its own tasks.
    liaison = open_session("zhang")
    lp = liaison.page
    assert "区司法局 · 待办" in lp.locator("h1").inner_text()  # the home page: what needs them first
    liaison.goto("/progress/my/")
    assert "区司法局 · 本单位任务" in lp.locator("h1").inner_text()
    ours = Assignment.objects.filter(task__plan=plan, unit=jimo.u["区司法局"], active=True).select_related("task")
    shown = _my_labels(lp)
    assert sorted(shown) == sorted(a.task.label for a in ours)
    assert TASK in shown and NOT_OURS not in shown
    liaison.shot("05-liaison-my-tasks")

    other = open_session("qian")
    other.goto("/progress/my/")
    other_shown = _my_labels(other.page)
    assert "区财政局 · 本单位任务" in other.page.locator("h1").inner_text()
    assert TASK not in other_shown and NOT_OURS in other_shown
    theirs = Assignment.objects.get(task__plan=plan, task__path_key="四/(一)", unit=jimo.u["区财政局"])
    resp = lp.goto(liaison.url(f"/progress/assignments/{theirs.pk}/report/"))
    assert resp.status == 403  # another unit's assignment
    other.shot("06-other-liaison-my-tasks")

    # 5. Report progress on 三(一) with a PDF.
    row = _goto_task_row(liaison, TASK)
    row.get_by_role("link", name="报送进展").click()
    lp.wait_for_url(re.compile(r"/progress/assignments/\d+/report/$"))
    lp.select_option("select[name=status]", "in_progress")
    lp.fill("textarea[name=text]", "已在田横镇、通济街道开展重大行政决策合法性审查试点,正在总结经验。")
    lp.fill("input[name=percent]", "60")
    lp.set_input_files("input[name=files]", str(evidence_pdf))
    liaison.shot("07-report-form")
    lp.get_by_role("button", name="提交").click()
    lp.wait_for_url(re.compile(r"/progress/reports/\d+/$"))
    assert "已报送第 1 版" in lp.locator(".messages").inner_text()
    assert evidence_pdf.name in lp.locator("main").inner_text()
    report = Report.objects.get(assignment__task__plan=plan)
    assert report.state == Report.SUBMITTED and report.evidence.count() == 1
    liaison.shot("08-report-submitted")

    # 6. The office returns it with a comment.
    office.goto("/progress/review/")
    queue_row = page.locator("main table tr", has_text="区司法局")
    assert queue_row.count() == 1 and TASK in queue_row.inner_text()
    office.shot("09-review-queue")
    queue_row.get_by_role("link", name="审核").click()
    page.wait_for_url(re.compile(rf"/progress/reports/{report.pk}/$"))
    page.fill("textarea[name=comment]", RETURN_COMMENT)
    office.shot("10-return-with-comment")
    page.get_by_role("button", name="退回").click()
    page.wait_for_url(re.compile(r"/progress/review/$"))
    assert "没有待审核的报告" in page.locator("main").inner_text()
    report.refresh_from_db()
    assert report.state == Report.RETURNED

    # 7. The liaison sees the comment and resubmits.
    row = _goto_task_row(liaison, TASK)
    assert f"已退回:{RETURN_COMMENT}" in row.inner_text()
    liaison.shot("11-liaison-sees-return")
    row.get_by_role("link", name="修改后重报").click()
    assert RETURN_COMMENT in lp.locator("main").inner_text()
    lp.select_option("select[name=status]", "done")
    lp.fill("textarea[name=text]", "试点经验已总结,全区各镇街均已开展重大行政决策合法性审查,共审查 42 件。")
    lp.fill("input[name=percent]", "100")
    lp.set_input_files("input[name=files]", str(evidence_pdf))
    lp.get_by_role("button", name="提交").click()
    lp.wait_for_url(re.compile(r"/progress/reports/\d+/$"))
    assert "已报送第 2 版" in lp.locator(".messages").inner_text()
    liaison.shot("12-resubmitted")

    # 8. The office accepts version 2.
    office.goto("/progress/review/")
    page.locator("main table tr", has_text="区司法局").get_by_role("link", name="审核").click()
    assert "第 2 版" in page.locator("h1").inner_text()
    page.get_by_role("button", name="通过").click()
    page.wait_for_url(re.compile(r"/progress/review/$"))
    v2 = Report.objects.get(assignment=report.assignment, version=2)
    assert v2.state == Report.ACCEPTED and v2.status == "done"
    office.shot("13-accepted")

    # 9. The dashboard (seen by the leader) shows the change.
    leader = open_session("li")
    leader.goto(f"/plans/{plan.pk}/dashboard/")
    dp = leader.page
    assert _stat(dp, "已完成") == done_before + 1
    assert _stat(dp, "分工数") == n_assignments
    unit_row = dp.locator("section.card", has_text="按单位").locator("tr", has_text="区司法局")
    assert unit_row.locator(".muted").inner_text().startswith(f"1/{ours.count()}")
    latest = dp.locator("section.card", has_text="最新报送").locator("tr").first
    assert "区司法局" in latest.inner_text() and "已通过" in latest.inner_text()
    leader.shot("14-dashboard-after-accept")

    # 10. The audit log lists every step.
    office.goto("/audit/")
    entries = page.locator("main .audit article.entry header b").all_inner_texts()
    for label in ("导入计划", "发布计划", "报送进展", "退回修改", "审核通过"):
        assert label in entries, label
    office.shot("15-audit-log")
    page.select_option("select[name=action]", "report.submit")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"action=report.submit"))
    rows = page.locator("main .audit article.entry")
    assert rows.count() == 2 and "zhang" in rows.first.inner_text()
    assert "进展报告 · 三(一) · 区司法局 · 第2版" in rows.first.inner_text()
    office.shot("16-audit-log-submits")
    actions = list(AuditEntry.objects.filter(government=jimo, action__startswith="report.")
                   .order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["report.submit", "report.return", "report.submit", "report.accept"]
