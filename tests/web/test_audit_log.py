"""The audit log for people: objects by Chinese name and label, field-level changes with Chinese
field names and choice labels, long values folded, filters, and the .xlsx export."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from fazhiweb.audit import present
from fazhiweb.audit.models import AuditEntry
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services


def _second_version(published_plan, people):
    a = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(二)", unit__name="县司法局")
    first = progress_services.submit_report(people["张联络员"], a, {"status": "in_progress", "text": "第一次", "percent": 10})
    progress_services.review_report(people["王主任"], first, "return", "请补充材料。" * 20)
    return progress_services.submit_report(people["张联络员"], a, {"status": "done", "text": "已完成" * 40,
                                                                   "percent": 100})


def test_entries_read_as_chinese_labels_and_field_changes(client, published_plan, people):
    report = _second_version(published_plan, people)
    client.force_login(people["王主任"])
    resp = client.get(reverse("audit:index"), {"object_type": "progress.report"})
    rows = resp.context["rows"]
    submit = next(r for r in rows if r.entry.action == "report.submit" and r.entry.object_id == str(report.pk))
    assert submit.object_text == "进展报告 · 一(二) · 县司法局 · 第2版"
    fields = {c.field: c for c in submit.changes}
    assert fields["进展状态"].after == "已完成" and fields["完成百分比"].after == "100"
    assert fields["工作进展"].after_long and not fields["工作进展"].before_long  # folded on the page
    assert "原因说明" not in fields  # empty on both sides: not listed
    ret = next(r for r in rows if r.entry.action == "report.return")
    by_field = {c.field: c for c in ret.changes}
    assert by_field["审核状态"].before == "待审核" and by_field["审核状态"].after == "已退回"
    assert "进展状态" not in by_field  # unchanged fields are not listed
    body = resp.content.decode()
    assert "进展报告 · 一(二) · 县司法局 · 第2版" in body and "<details>" in body
    assert "progress.report#" not in body


def test_filters_by_user_type_and_date(client, published_plan, people):
    _second_version(published_plan, people)
    client.force_login(people["王主任"])
    page = client.get(reverse("audit:index"), {"username": "zhang"})
    assert {r.entry.username for r in page.context["rows"]} == {"zhang"}
    assert client.get(reverse("audit:index"), {"username": "zha"}).context["rows"] == []  # one person, exactly
    assert ("progress.report", "进展报告") in page.context["types"]
    assert client.get(reverse("audit:index"), {"since": "2999-01-01"}).context["rows"] == []
    assert client.get(reverse("audit:index"), {"since": "bad-date"}).status_code == 200


def test_export_xlsx_holds_the_readable_rows(client, published_plan, people):
    _second_version(published_plan, people)
    client.force_login(people["王主任"])
    resp = client.get(reverse("audit:export"), {"object_type": "progress.report"})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象类型", "对象", "修改内容")
    assert len(rows) - 1 == AuditEntry.objects.filter(object_type="progress.report").count()
    assert any(r[4] == "一(二) · 县司法局 · 第2版" and "进展状态:— → 已完成" in r[5] for r in rows[1:])


def test_export_and_log_are_office_only(client, published_plan, people):
    for who in ("李局长", "张联络员"):
        client.force_login(people[who])
        assert client.get(reverse("audit:export")).status_code == 403


def test_a_deleted_objects_label_comes_from_its_snapshot(people):
    from fazhiweb.core import services as core_services
    from fazhiweb.core.models import Holiday

    day = core_services.save_holiday(people["王主任"], None, {"date": "2099-01-01", "is_workday": False, "name": "元旦"})
    core_services.delete_holiday(people["王主任"], Holiday.objects.get(pk=day.pk))
    rows = present.rows(AuditEntry.objects.filter(object_type="core.holiday").order_by("id"))
    assert [r.object_text for r in rows] == ["节假日调整 · 2099-01-01 元旦"] * 2
    assert {c.field: c.after for c in rows[0].changes}["是否工作日"] == "否"


def test_a_page_of_entries_costs_a_few_queries_whatever_its_length(published_plan, people, django_assert_max_num_queries):
    _second_version(published_plan, people)
    for a in Assignment.objects.filter(task__plan=published_plan).exclude(task__path_key="一/(二)"):
        liaison = people["张联络员"] if a.unit.name == "县司法局" else people["赵联络员"]
        if a.unit.name in ("县司法局", "东湖镇"):
            progress_services.submit_report(liaison, a, {"status": "in_progress", "text": "x", "percent": 5})
    entries = list(AuditEntry.objects.all())
    assert len(entries) >= 8 and sum(e.object_type == "progress.report" for e in entries) >= 4
    with django_assert_max_num_queries(12):
        rows = present.rows(entries)
    assert any(c.after.startswith("一(二) · 县司法局 · ") for r in rows for c in r.changes if c.field == "分工")
