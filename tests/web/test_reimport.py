"""Re-import merges, never overwrites: hand corrections stick, a changed source asks for a
decision, an inserted item renumbers without new tasks, reports never disappear."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from fazhiweb.plans import services
from fazhiweb.plans.models import Assignment, Task
from fazhiweb.plans.reimport import result_line
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.models import Report

from .conftest import PLAN_DOC, _user


def _task(plan, path):
    return Task.objects.get(plan=plan, path_key=path)


def _correct_three(plan, wang):
    t1, t2, t3 = (_task(plan, p) for p in ("一/(一)", "一/(二)", "二/(一)"))
    services.update_task(wang, t1, {"units": {"lead": ["县司法局"], "responsible": ["县财政局", "各乡镇"],
                                               "support": ["县市场监管局"]}})
    services.update_task(wang, t2, {"targets": [{"text": "政务公开率", "op": ">=", "value": 98, "unit": "%"}]})
    services.update_task(wang, t3, {"deadlines": [{"date": "2024-07-31", "text": "7月底前", "recurring": None}]})
    return t1.pk, t2.pk, t3.pk


def _revised():
    doc = copy.deepcopy(PLAN_DOC)
    new = {"path": ["一", "(一)"], "heading": "依法全面履行政府职能", "title": "编制权责清单",
           "text": "编制权责清单并向社会公布。", "units": {"lead": ["县司法局"], "responsible": [], "support": []},
           "deadlines": [], "targets": []}
    doc["tasks"][0]["path"] = ["一", "(二)"]
    doc["tasks"][1]["path"] = ["一", "(三)"]
    doc["tasks"].insert(0, new)  # inserted near the top: the next two renumber
    doc["tasks"][3]["deadlines"] = [{"date": "2024-09-30", "text": "2024年9月底前", "recurring": None}]
    doc["tasks"][3]["text"] = "规范执法行为,2024年9月底前完成执法案卷评查。"
    return doc


def test_corrections_stay_changed_source_asks_reports_stay(client, published_plan, people):
    wang, zhang = people["王主任"], people["张联络员"]
    a = Assignment.objects.get(task__path_key="一/(一)", unit__name="县司法局")
    pending = progress_services.submit_report(zhang, a, {"status": "in_progress", "text": "已部署", "percent": 30})
    t1, t2, t3 = _correct_three(published_plan, wang)
    active_before = Assignment.objects.filter(active=True).count()

    s = services.reimport_document(wang, published_plan, _revised())
    assert (s["added"], s["removed"], s["decisions"]) == (1, 0, 1)
    assert s["kept"] == 2  # units of t1 and targets of t2
    # matched by text: the same rows, renumbered
    assert _task(published_plan, "一/(二)").pk == t1 and _task(published_plan, "一/(三)").pk == t2
    t1o, t2o, t3o = (Task.objects.get(pk=pk) for pk in (t1, t2, t3))
    assert t1o.mentions.filter(role="support", raw_name="县市场监管局").exists()
    assert t2o.targets[0]["value"] == 98
    assert t3o.deadlines[0]["date"] == "2024-07-31" and set(t3o.pending) == {"deadlines"}
    assert t3o.pending["deadlines"]["new"][0]["date"] == "2024-09-30"
    # no assignment lost, the pending report is where it was
    assert Assignment.objects.filter(active=True).count() == active_before + 1  # 县司法局 on the new item
    assert Report.objects.get(pk=pending.pk).assignment.active
    client.force_login(zhang)
    assert any(r.latest and r.latest.pk == pending.pk for r in client.get(reverse("progress:my")).context["rows"])
    # the review page shows old source, new source and the correction side by side
    client.force_login(wang)
    page = client.get(reverse("plans:detail", args=[published_plan.pk])).content.decode()
    assert "2024-06-30" in page and "2024-09-30" in page and "2024-07-31" in page and "采用修订稿" in page
    client.post(reverse("plans:task_decide", args=[t3]), {"field": "deadlines", "choice": "new"})
    t3o.refresh_from_db()
    assert t3o.deadlines[0]["date"] == "2024-09-30" and not t3o.pending and "deadlines" not in t3o.edited
    # a second re-import of the same revision changes nothing and keeps the corrections
    s = services.reimport_document(wang, published_plan, _revised())
    assert (s["added"], s["changed"], s["removed"], s["decisions"]) == (0, 0, 0, 0)


def test_a_lost_assignment_with_reports_needs_confirmation(client, published_plan, people, county):
    wang = people["王主任"]
    a = Assignment.objects.get(task__path_key="二/(一)", unit__name="县市场监管局")
    liaison = _user("shichang", county, "liaison", county.u["县市场监管局"])
    report = progress_services.submit_report(liaison, a, {"status": "in_progress", "text": "评查中", "percent": 50})
    doc = copy.deepcopy(PLAN_DOC)
    doc["tasks"][2]["units"]["responsible"] = ["县财政局"]
    with pytest.raises(services.NeedsConfirmation) as exc:
        services.reimport_document(wang, published_plan, doc)
    assert [x.pk for x in exc.value.assignments] == [a.pk]
    a.refresh_from_db()
    assert a.active and not Assignment.objects.filter(unit__name="县财政局", task__path_key="二/(一)").exists()
    s = services.reimport_document(wang, published_plan, doc, confirm=True)
    assert (s["assignments_added"], s["assignments_removed"]) == (1, 1)
    assert "分工新增 1 条、撤销 1 条" in result_line(s)
    client.force_login(liaison)  # the unit still sees its report
    rows = client.get(reverse("progress:my")).context["rows"]
    assert [r.latest.pk for r in rows if r.latest] == [report.pk]
    assert "已在修订后的计划中撤销" in client.get(reverse("progress:my")).content.decode()
