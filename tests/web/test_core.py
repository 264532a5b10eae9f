"""The shared core: the permission table with get_for, the workflow helper, the clock's rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fazhiweb.core import clock
from fazhiweb.core.permissions import PERMISSIONS, get_for, government_id_of, scope, unit_id_of
from fazhiweb.core.workflow import CONFLICT_MESSAGE, Conflict, WorkflowError
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.models import Report
from fazhiweb.supervision import services as notice_services
from fazhiweb.supervision.models import Notice


def _a(plan, unit, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit)


def test_models_declare_how_they_reach_government_and_unit(published_plan, county):
    a = _a(published_plan, "县司法局")
    assert government_id_of(a) == county.pk and unit_id_of(a) == county.u["县司法局"].pk
    assert government_id_of(a.task) == county.pk and unit_id_of(a.task) is None
    assert government_id_of(published_plan) == county.pk


def test_get_for_fetches_and_checks_in_one_call(published_plan, people, county):
    a = _a(published_plan, "县司法局")
    assert get_for(people["张联络员"], Assignment, a.pk, "assignment.report") == a
    with pytest.raises(PermissionDenied):  # another unit's duty
        get_for(people["赵联络员"], Assignment, a.pk, "assignment.report")
    with pytest.raises(Http404):  # another government: not even its existence
        get_for(people["外县主任"], Assignment, a.pk, "assignment.view")
    with pytest.raises(Http404):
        get_for(people["王主任"], Plan, 99999, "plan.view")
    with pytest.raises(PermissionDenied):
        get_for(people["李局长"], Plan, published_plan.pk, "plan.edit")
    assert get_for(people["李局长"], Task, a.task_id, "task.view").pk == a.task_id
    # list pages: a liaison's scope is their unit
    assert set(scope(people["张联络员"], Assignment.objects.all()).values_list("unit__name", flat=True)) == {"县司法局"}


def test_every_flow_step_names_a_permission_of_the_table():
    for flow in (progress_services.REPORT_FLOW, notice_services.NOTICE_FLOW):
        for t in flow.transitions.values():
            assert t.perm in PERMISSIONS, t


def test_workflow_one_call_conflict_and_hidden_notice(published_plan, people, county):
    a = _a(published_plan, "县司法局")
    r = progress_services.submit_report(people["张联络员"], a, {"status": "in_progress", "text": "推进", "percent": 20})
    with pytest.raises(Conflict, match=CONFLICT_MESSAGE):
        progress_services.review_report(people["王主任"], r, "accept", lock_version=r.lock_version + 5)
    with pytest.raises(WorkflowError, match="退回时必须填写意见"):
        progress_services.review_report(people["王主任"], r, "return", "")
    with pytest.raises(PermissionDenied):
        progress_services.review_report(people["张联络员"], r, "accept")
    r = progress_services.review_report(people["王主任"], r, "return", "补充材料")
    assert [e.action for e in r.events.all()] == ["submit", "return"]
    n = notice_services.issue_notice(people["王主任"], county, county.u["县司法局"], [a], "daily", "请加快", "2099-01-01")
    with pytest.raises(Http404):  # another unit's liaison: the notice is not theirs to see
        get_for(people["赵联络员"], Notice, n.pk, "notice.view")


def test_liaison_saves_a_draft_withdraws_and_evidence_carries_over(published_plan, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import PDF_BYTES

    a = _a(published_plan, "县司法局")
    zhang = people["张联络员"]
    d = progress_services.submit_report(zhang, a, {"status": "in_progress", "text": "草稿", "percent": 10},
                                        [SimpleUploadedFile("纪要.pdf", PDF_BYTES)], draft=True)
    assert d.state == Report.DRAFT
    r = progress_services.submit_report(zhang, a, {"status": "in_progress", "text": "报送", "percent": 30},
                                        base_version=1)
    assert (r.pk, r.state, r.evidence.count()) == (d.pk, Report.SUBMITTED, 1)
    r = progress_services.withdraw_report(zhang, r, r.lock_version)
    assert r.state == Report.DRAFT
    r = progress_services.submit_report(zhang, a, {"status": "done", "text": "完成", "percent": 40})
    assert (r.state, r.percent) == (Report.SUBMITTED, 100)  # 已完成 means 100%
    progress_services.review_report(people["王主任"], r, "return", "请补充")
    v2 = progress_services.submit_report(zhang, a, {"status": "done", "text": "已补充", "percent": 100})
    assert v2.version == 2 and [e.original_name for e in v2.evidence.all()] == ["纪要.pdf"]
    ev = v2.evidence.get()
    progress_services.review_report(people["王主任"], v2, "return", "换一份")
    v3 = progress_services.submit_report(zhang, a, {"status": "done", "text": "换了", "percent": 100},
                                         remove=[ev.pk])
    assert v3.evidence.count() == 0


def test_clock_rules_are_data_with_sources_and_times_are_local(settings):
    data = json.loads(clock.RULES_FILE.read_text(encoding="utf-8"))
    assert all(rule.get("source") for rule in data.values())
    settings.TIME_ZONE = "Asia/Shanghai"
    utc = dt.datetime(2024, 6, 30, 17, 30, tzinfo=dt.UTC)
    assert clock.local_text(utc) == "2024-07-01 01:30"
    stones = clock.milestones([{"date": "2024-12-31"}, {"date": "2024-06-30"}], "2024-12-31", dt.date(2024, 1, 1))
    assert [m.key for m in stones] == ["2024-06-30", "2024-12-31"]
    assert [m.source for m in clock.milestones([], "2024-12-31")] == ["plan"]  # the catch-all


def test_a_liaison_sees_only_their_units_work_on_the_plan_pages(client, published_plan, people, monkeypatch):
    from django.urls import reverse
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 1, 10))  # every task overdue
    client.force_login(people["赵联络员"])  # 东湖镇
    mine = set(Assignment.objects.filter(unit__name="东湖镇").values_list("pk", flat=True))
    rows = client.get(reverse("progress:dashboard_due", args=[published_plan.pk])).context["rows"]
    assert rows and {r.assignment.pk for r in rows} <= mine
    d = client.get(reverse("progress:dashboard", args=[published_plan.pk])).context
    body = d["body"]
    assert "县司法局" not in body and "县市场监管局" not in body


def test_task_table_reads_back_to_the_same_plan(client, published_plan, people, county, tmp_path):
    from django.urls import reverse

    import fazhi
    from fazhiweb.directory.names import normalize
    from fazhiweb.plans import services

    t = published_plan.tasks.get(path_key="一/(一)")
    services.update_task(people["王主任"], t, {"deadlines": [
        {"date": "2024-06-30", "text": "6月底前", "recurring": None},
        {"date": "2024-11-30", "text": "11月底前", "recurring": None}],
        "targets": [{"text": "审批时限压缩率", "op": ">=", "value": 50, "unit": "%"}]})
    client.force_login(people["王主任"])
    path = tmp_path / "table.xlsx"
    path.write_bytes(client.get(reverse("progress:export_tasks", args=[published_plan.pk])).content)
    doc = fazhi.parse_file(path)
    assert (doc["title"], doc["year"], doc["default_deadline"]) == (published_plan.title, 2024, "2024-12-31")
    back = {"/".join(x["path"]): x for x in doc["tasks"]}
    for task in published_plan.tasks.filter(removed=False):
        item = back[task.path_key]
        names = {r: [] for r in ("lead", "responsible", "support")}
        for m in task.mentions.all():
            names[m.role].append(m.unit.name if m.unit_id else m.group.name)
        assert {r: [normalize(n) for n in item["units"].get(r) or []] for r in names} == \
            {r: [normalize(n) for n in v] for r, v in names.items()}  # the reader folds full-width brackets
        assert [d["date"] for d in item["deadlines"]] == [d["date"] for d in task.deadlines]
        assert [(x["value"], x["unit"], x["op"]) for x in item["targets"]] == \
            [(x["value"], x["unit"], x["op"]) for x in task.targets]
