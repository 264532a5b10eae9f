"""Pages: plan upload and review, directory import/export, exports, public page, demo data."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhiweb.audit.models import AuditEntry
from fazhiweb.directory.models import Unit
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Plan, TaskUnitMention
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.models import Report

from .conftest import PLAN_DOC, PLAN_TEXT


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("名录.xlsx", buf.getvalue())


def test_upload_plan_page_with_real_parser(client, people):
    """Goes through fazhi.parse_file; if the parser finds no tasks the page says so clearly."""
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("要点.txt", PLAN_TEXT.encode())})
    plan = Plan.objects.first()
    if plan is None:  # parser not ready for this text: clear message, nothing created
        assert resp.status_code == 200 and "未能从该文件中识别" in resp.content.decode()
    else:
        assert resp.status_code == 302 and plan.tasks.exists()


def test_upload_corrupt_and_wrong_type(client, people):
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("计划.docx", b"not a docx")})
    assert resp.status_code == 200 and not Plan.objects.exists()
    assert "error" in resp.content.decode() or "无法" in resp.content.decode()
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("计划.exe", b"MZ")})
    assert "不支持的文件类型" in resp.content.decode() and not Plan.objects.exists()


def test_review_page_flags_unresolved_and_resolves_inline(client, people, county, monkeypatch):
    monkeypatch.setattr(plan_services, "parse_file", lambda path: PLAN_DOC)
    client.force_login(people["王主任"])
    client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("要点.txt", b"x")})
    plan = Plan.objects.get()
    body = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "区司法局(未确认)" in body and "添加到单位名录" in body
    m = TaskUnitMention.objects.get(raw_name="区司法局")
    resp = client.post(reverse("plans:mention_resolve", args=[m.pk]), {"target": f"unit:{county.u['县司法局'].pk}"},
                       HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and f'id="task-{m.task_id}"' in resp.content.decode()
    m.refresh_from_db()
    assert m.unit == county.u["县司法局"]
    # inline edit via htmx
    t = m.task
    resp = client.get(reverse("plans:task_edit", args=[t.pk]), HTTP_HX_REQUEST="true")
    assert "<form" in resp.content.decode()
    resp = client.post(reverse("plans:task_edit", args=[t.pk]), {
        "text": "新的任务内容", "unit_lead": ["县政务服务中心", ""], "unit_support": ["县司法局", ""],
        "deadline_date": ["2024-06-30", "2024-10-31"], "deadline_note": ["6月底前,完成初稿", "年内完成"],
        "deadline_cycle": ["", ""], "target_text": ["政务公开率", ""], "target_op": [">=", ">="],
        "target_value": ["100", ""], "target_unit": ["%", ""]}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "新的任务内容" in resp.content.decode()
    t.refresh_from_db()
    assert [d["text"] for d in t.deadlines] == ["6月底前,完成初稿", "年内完成"]  # a comma in a note is fine
    assert t.targets == [{"text": "政务公开率", "op": ">=", "value": 100, "unit": "%"}]
    # the form shows what it saved and saves it again unchanged
    form = client.get(reverse("plans:task_edit", args=[t.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="6月底前,完成初稿"' in form and 'value="2024-10-31"' in form and 'list="directory-names' in form
    resp = client.post(reverse("plans:task_edit", args=[t.pk]), {
        "text": "新的任务内容", "unit_lead": ["县政务服务中心"], "unit_support": ["县司法局"],
        "deadline_date": ["2024-13-01"], "deadline_note": ["坏日期"], "deadline_cycle": [""]}, HTTP_HX_REQUEST="true")
    assert "请选择日期" in resp.content.decode()
    resp = client.post(reverse("plans:publish", args=[plan.pk]))
    assert resp.status_code == 302
    plan.refresh_from_db()
    assert plan.is_published


def test_directory_import_all_or_nothing(client, people, county):
    client.force_login(people["王主任"])
    before = Unit.objects.count()
    bad = _xlsx([["单位全称", "简称", "别名(、分隔)", "类型", "所属分组"],
                 ["县应急管理局", "应急局", "", "部门", ""],
                 ["", "无名", "", "部门", ""],
                 ["县审计局", "司法局", "", "部门", ""]])  # 司法局 already used as a short name
    resp = client.post(reverse("directory:import"), {"file": bad}, follow=True)
    body = resp.content.decode()
    assert "导入失败" in body and "第3行" in body and "第4行" in body
    assert Unit.objects.count() == before
    good = _xlsx([["单位全称", "简称", "别名(、分隔)", "类型", "所属分组"],
                  ["县应急管理局", "应急局", "区应急局、应急管理局", "部门", "县政府各部门"],
                  ["西河乡", "", "", "乡镇", "各乡镇（街道）"]])
    resp = client.post(reverse("directory:import"), {"file": good}, follow=True)
    assert "新增 2 个" in resp.content.decode()
    assert Unit.objects.get(name="县应急管理局").aliases == ["区应急局", "应急管理局"]
    assert county.towns.members.filter(name="西河乡").exists()
    assert AuditEntry.objects.filter(action="directory.import").count() == 1
    data = client.get(reverse("directory:export")).content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("单位全称", "简称", "别名(、分隔)", "类型", "所属分组")
    assert any(r[0] == "县应急管理局" and r[4] == "县政府各部门" for r in rows)


def test_exports(client, people, published_plan):
    from fazhiweb.plans.models import Assignment

    a = Assignment.objects.get(task__path_key="一/(二)", unit__name="县政务服务中心")
    client.force_login(people["王主任"])
    book = load_workbook(io.BytesIO(client.get(reverse("progress:export_tasks", args=[published_plan.pk])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "章节", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限", "量化指标")
    row = next(r for r in rows if r[0] == "一 (一)")
    assert row[3] == "县司法局" and "各乡镇（街道）" in row[4] and not row[6]  # no own date: the catch-all applies
    assert book.properties.title == published_plan.title and "2024-12-31" in book.properties.keywords
    assert next(r for r in rows if r[0] == "二 (一)")[6] == "2024年6月30日前"
    progress_services.review_report(people["王主任"], progress_services.submit_report(
        people["王主任"], a, {"status": "done", "text": "全部公开", "percent": 100, "figures": {0: 100}}), "accept")
    ledger = list(load_workbook(io.BytesIO(client.get(reverse("progress:export_ledger", args=[published_plan.pk])).content))
                  .active.iter_rows(values_only=True))
    assert len(ledger) == 1 + Assignment.objects.filter(active=True).count()
    done = next(r for r in ledger if r[3] == "县政务服务中心")
    assert done[6] == "已完成" and done[8] == 100 and "100" in done[10]
    d = client.get(reverse("progress:dashboard", args=[published_plan.pk])).context["d"]
    assert any(t["met"] for t in d["targets"])


def test_public_page_hides_reports(client, people, published_plan):
    from fazhiweb.plans.models import Assignment

    a = Assignment.objects.get(task__path_key="一/(一)", unit__name="县司法局")
    progress_services.submit_report(people["张联络员"], a, {"status": "in_progress", "text": "内部草稿说明",
                                                           "percent": 20})
    body = client.get(reverse("public_plan", args=[published_plan.pk])).content.decode()
    assert "深化审批改革" in body and "县司法局" in body
    assert "内部草稿说明" not in body and "evidence" not in body


def test_load_demo_is_idempotent_and_pages_render(client, db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(government__name="示例县")  # the city and its other counties have theirs
    assert plan.is_published and plan.tasks.count() >= 4
    assert Report.objects.filter(state="returned").exists() and Report.objects.filter(state="accepted").exists()
    assert Report.objects.filter(state="submitted").exists()
    from django.contrib.auth.models import User

    for username in ("admin", "leader", "sifaju", "donghu"):
        client.force_login(User.objects.get(username=username))
        for url in ("/", reverse("plans:list"), reverse("plans:detail", args=[plan.pk]),
                    reverse("progress:dashboard", args=[plan.pk]), reverse("directory:index")):
            resp = client.get(url, follow=True)
            assert resp.status_code == 200, (username, url)
    client.force_login(User.objects.get(username="sifaju"))
    page = client.get(reverse("progress:my")).content.decode()  # served from the page cache ("/" rendered it)
    assert "本单位任务" in page and "本单位暂无分工任务" not in page
    assert User.objects.get(username="donghu").email  # the demo's reminders reach someone


def test_ledger_with_control_characters_and_local_times(client, people, published_plan, settings):
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress.models import Report

    a = Assignment.objects.get(task__path_key="一/(一)", unit__name="县司法局")
    r = progress_services.submit_report(people["张联络员"], a, {"status": "in_progress", "text": "进展\x07说明\x1b",
                                                              "percent": 10})
    import datetime as dt

    Report.objects.filter(pk=r.pk).update(submitted_at=dt.datetime(2024, 6, 30, 17, 5, tzinfo=dt.UTC))
    client.force_login(people["王主任"])
    resp = client.get(reverse("progress:export_ledger", args=[published_plan.pk]))
    assert resp.status_code == 200
    row = next(r for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)
               if r[3] == "县司法局" and r[0] == "一(一)")
    assert row[9] == "进展说明" and row[12] == dt.datetime(2024, 7, 1, 1, 5)  # Asia/Shanghai, not UTC
def test_upload_ofd_plan(client, people, tmp_path):
    """.ofd (GB/T 33190) is accepted like the other plan formats and read by the parser."""
    from tests.parse.test_ofd import PLAN, make_ofd

    path = tmp_path / "要点.ofd"
    make_ofd(path, PLAN)
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("要点.ofd", path.read_bytes())})
    assert "不支持的文件类型" not in resp.content.decode()
    plan = Plan.objects.get()
    assert resp.status_code == 302 and plan.tasks.count() == 2
