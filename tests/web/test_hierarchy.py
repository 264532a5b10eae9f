"""The government above (issue 15): an upper office reads every lower government's plans,
progress, registers and reports and never changes them; a lower office sees nothing of its
siblings or its parent; 督察 notices go down to the lower office and their replies come back up;
alignment is shown when a lower government imports its plan; two uploaded formats of one report
give the same comparison table."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

import fazhi
from fazhiweb.accounts.models import Government, Membership
from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.models import Notification
from fazhiweb.core.permissions import require
from fazhiweb.hierarchy import analyses, demo, services
from fazhiweb.hierarchy.models import ReportDocument
from fazhiweb.hierarchy.tree import below, lower_for
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Plan

from .conftest import PASSWORD


@pytest.fixture
def tree(db):
    county = Government.objects.create(name="示例县", level="county")
    demo.load(county, PASSWORD)
    govs = {g.name: g for g in Government.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    liaison = User.objects.create_user("sx_liaison", password=PASSWORD)
    from fazhiweb.directory.models import Unit

    unit = Unit.objects.create(government=county, name="县司法局", kind="dept")
    Membership.objects.create(user=liaison, government=county, role=Membership.LIAISON, unit=unit)
    users["sx_liaison"] = liaison
    return govs, users


def _client(client, user):
    client.force_login(user)
    return client


def test_upper_office_and_leader_read_every_lower_government(client, tree):
    govs, users = tree
    assert [g.name for g in below(govs["示例市"].pk)] == ["东山县", "南岭县", "示例县"]
    c = _client(client, users["cityadmin"])
    page = c.get(reverse("hierarchy:index")).content.decode()
    for name in ("东山县", "南岭县", "示例县", "县级(3)", "合计(3 个下级政府)"):
        assert name in page
    ds = govs["东山县"]
    plan = Plan.objects.get(government=ds)
    for url in (reverse("hierarchy:government", args=[ds.pk]), reverse("hierarchy:plan", args=[ds.pk, plan.pk]),
                reverse("hierarchy:registers", args=[ds.pk]), reverse("hierarchy:report", args=[ds.pk, plan.year - 1])):
        assert c.get(url).status_code == 200, url
    report = c.get(reverse("hierarchy:report", args=[ds.pk, plan.year - 1])).content.decode()
    assert "覆盖" in report and "行政复议" in report  # coverage against its plan, its figures
    leader = _client(client, users["cityleader"])
    assert leader.get(reverse("hierarchy:government", args=[ds.pk])).status_code == 200
    overview = leader.get(reverse("hierarchy:index")).content.decode()
    totals = overview.split('class="card hierarchy-totals"')[1].split("</section>")[0]
    for link in (reverse("hierarchy:inspections"), reverse("hierarchy:compare") + "?year="):  # the totals open their lists
        href = next(h for h in totals.split('href="')[1:] if h.startswith(link)).split('"')[0]
        assert leader.get(href.replace("&amp;", "&")).status_code == 200, href
    up = SimpleUploadedFile("r.txt", b"x" * 10)
    assert leader.post(reverse("hierarchy:report_upload", args=[ds.pk]), {"file": up}).status_code == 403


def test_upper_office_cannot_change_a_lower_governments_records(client, tree):
    govs, users = tree
    plan = Plan.objects.get(government=govs["东山县"])
    task = plan.tasks.first()
    for perm, obj in (("plan.edit", plan), ("plan.archive", plan), ("report.review", plan), ("plan.view", task)):
        with pytest.raises((Http404, PermissionDenied)):
            require(users["cityadmin"], perm, obj)
    c = _client(client, users["cityadmin"])
    assert c.post(reverse("plans:archive", args=[plan.pk]), {"archived": "1"}).status_code == 404
    assert c.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.archived_at is None


def test_a_lower_office_sees_nothing_of_its_siblings_or_parent(client, tree):
    govs, users = tree
    c = _client(client, users["dongshan"])
    assert "南岭县" not in c.get(reverse("hierarchy:index")).content.decode()
    for g in ("南岭县", "示例市", "示例县"):
        assert c.get(reverse("hierarchy:government", args=[govs[g].pk])).status_code == 404
        assert c.get(reverse("hierarchy:registers", args=[govs[g].pk])).status_code == 404
    city_plan = Plan.objects.get(government=govs["示例市"])
    assert c.get(reverse("plans:detail", args=[city_plan.pk])).status_code == 404
    with pytest.raises(Http404):
        lower_for(users["dongshan"], govs["南岭县"].pk)
    liaison = _client(client, users["sx_liaison"])
    assert liaison.get(reverse("hierarchy:index")).status_code == 404
    assert liaison.get(reverse("hierarchy:compare")).status_code == 404


def test_inspection_goes_down_and_the_reply_comes_back(client, tree):
    govs, users = tree
    targets = [lower_for(users["cityadmin"], govs[n].pk, "inspection.issue") for n in ("东山县", "南岭县")]
    issued = services.issue_inspections(users["cityadmin"], targets, "special", "请报告权责清单调整情况。",
                                        services.default_reply_by())
    assert len(issued) == 2 and issued[0].batch == issued[1].batch and issued[0].number != issued[1].number
    n = next(i for i in issued if i.target_id == govs["东山县"].pk)
    assert Notification.objects.filter(user=users["dongshan"], key=f"inspection:{n.pk}").exists()
    assert not Notification.objects.filter(user=users["nanling"], key=f"inspection:{n.pk}").exists()
    lower = _client(client, users["dongshan"])
    assert n.number in lower.get("/").content.decode()  # on the lower office's home page
    # the sibling, the lower liaison and the lower office's wrong steps
    other = Client_for(users["nanling"])
    assert other.get(reverse("hierarchy:inspection", args=[n.pk])).status_code == 404
    assert Client_for(users["dongshan_sfj"]).get(reverse("hierarchy:inspection", args=[n.pk])).status_code == 404
    with pytest.raises(PermissionDenied):  # only the issuing office closes
        services.transition(users["dongshan"], n, "close", n.version)
    n = services.transition(users["dongshan"], n, "sign", n.version)
    with pytest.raises(PermissionDenied):  # only the lower office replies
        services.transition(users["cityadmin"], n, "reply", n.version, "x")
    n = services.transition(users["dongshan"], n, "reply", n.version, "已完成调整并公布。")
    upper = Client_for(users["cityadmin"])
    page = upper.get(reverse("hierarchy:inspections")).content.decode()
    assert n.number in page and "已反馈" in page
    n = services.transition(users["cityadmin"], n, "close", n.version)
    assert n.state == "closed" and n.closed_at is not None
    chains = dict(AuditEntry.objects.filter(object_type="hierarchy.inspection", object_id=str(n.pk))
                  .values_list("action", "government_id"))
    assert chains["inspection.sign"] == govs["东山县"].pk and chains["inspection.close"] == govs["示例市"].pk


def Client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_alignment_is_shown_when_a_lower_government_imports_its_plan(client, tree):
    govs, users = tree
    ds = govs["东山县"]
    year = Plan.objects.get(government=govs["示例市"]).year
    text = (f"东山县{year}年法治政府建设工作要点（修订）\n一、落实责任\n"
            "（一）压实党政主要负责人推进法治建设第一责任人职责，年内专题研究法治政府建设两次。（牵头单位：县司法局）\n"
            "（二）建设县城智慧停车系统，新增泊位500个。（牵头单位：县住建局）\n")
    doc = fazhi.parse_source(fazhi.Source(blocks=text.splitlines()))
    plan = plan_services.create_plan_from_document(users["dongshan"], ds, doc, source_name="修订.txt")
    assert not plan.is_published  # just imported
    c = _client(client, users["dongshan"])
    detail = c.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("hierarchy:plan_alignment", args=[plan.pk]) in detail
    frag = c.get(reverse("hierarchy:plan_alignment", args=[plan.pk])).content.decode()
    assert "已承接的上级任务" in frag and "落实党政主要负责人第一责任人职责" in frag
    assert "推进数字法治政府建设" in frag.split("未承接的上级任务")[1]  # missing upper task
    assert "智慧停车" in frag.split("本级自设条目")[1]  # own item
    # and on the upper office's page for that government (its published plan)
    published = Plan.objects.get(government=ds, status=Plan.PUBLISHED)
    upper = Client_for(users["cityadmin"]).get(reverse("hierarchy:plan", args=[ds.pk, published.pk])).content.decode()
    assert "未承接的上级任务" in upper and "规范涉企行政检查" in upper.split("未承接的上级任务")[1]


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_two_formats_of_one_report_give_the_same_comparison_table(client, tree):
    govs, users = tree
    ds = lower_for(users["cityadmin"], govs["东山县"].pk)
    year = ReportDocument.objects.get(subject_id=ds.pk).year
    text = ReportDocument.objects.get(subject_id=ds.pk).doc and demo._text("dongshan_report.txt")
    lowers = below(govs["示例市"].pk)
    ReportDocument.objects.filter(subject_id=ds.pk).delete()
    services.upload_report(users["cityadmin"], ds, SimpleUploadedFile("东山县报告.txt", text.encode("utf-8")))
    from_txt = analyses.comparison(lowers, year)
    c = _client(client, users["cityadmin"])
    r = c.post(reverse("hierarchy:report_upload", args=[ds.pk]),
               {"file": SimpleUploadedFile("东山县报告.docx", _docx(text))})
    assert r.status_code == 302
    assert ReportDocument.objects.filter(subject_id=ds.pk).count() == 2
    from_docx = analyses.comparison(lowers, year)
    assert [d["source"] for d in from_docx["documents"]] == ["upload"] * 3
    assert from_txt["rows"] == from_docx["rows"]
    row = next(r for r in from_docx["rows"] if r["key"] == "litigation.head_appearance_rate")
    assert row["values"]["东山县"]["value"] == 96.6 and "出庭应诉率" in row["values"]["东山县"]["text"]
    assert row["values"]["南岭县"]["value"] == 88.9
    page = c.get(reverse("hierarchy:compare"), {"year": year}).content.decode()
    assert "<svg" in page and "96.6" in page and "88.9" in page
    xlsx = c.get(reverse("hierarchy:compare_xlsx"), {"year": year})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert 96.6 in [cell.value for row in ws.iter_rows() for cell in row]


def test_bad_report_upload_is_a_message_not_a_500(client, tree):
    govs, users = tree
    c = _client(client, users["cityadmin"])
    ds = govs["东山县"]
    r = c.post(reverse("hierarchy:report_upload", args=[ds.pk]),
               {"file": SimpleUploadedFile("坏.exe", b"MZ\x00\x01")}, follow=True)
    assert r.status_code == 200 and "不支持的文件类型" in r.content.decode()
    # the lower office cannot upload about its sibling
    other = Client_for(users["dongshan"])
    assert other.post(reverse("hierarchy:report_upload", args=[govs["南岭县"].pk]),
                      {"file": SimpleUploadedFile("r.txt", b"abc")}).status_code == 404


def test_the_overview_follows_a_change_in_one_county(client, tree):
    """Cached per the lower governments' data versions: an accepted report in 东山县 shows at once."""
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress import services as progress_services

    govs, users = tree
    c = _client(client, users["cityadmin"])
    before = c.get(reverse("hierarchy:index")).content.decode()
    assert "1/14" in before  # the demo's one accepted report in 东山县
    plan = Plan.objects.get(government=govs["东山县"])
    a = Assignment.objects.filter(task__plan=plan, unit__name="县司法局").order_by("task__order")[2]
    r = progress_services.submit_report(users["dongshan_sfj"], a, {"status": "done", "percent": 100, "text": "已完成。"})
    progress_services.review_report(users["dongshan"], r, "accept")
    assert "2/14" in c.get(reverse("hierarchy:index")).content.decode()


def test_the_overview_rescans_only_what_a_change_can_move(client, tree, monkeypatch):
    """A change in a county that cannot move plan figures (here a 批示) keeps the county's figures
    without reading its plan's states; an accepted report reads them again."""
    from fazhiweb.audit.services import record
    from fazhiweb.hierarchy import figures
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress import services as progress_services

    govs, users = tree
    c = _client(client, users["cityadmin"])
    assert "1/14" in c.get(reverse("hierarchy:index")).content.decode()
    read = []
    real = figures.shared_states
    monkeypatch.setattr(figures, "shared_states", lambda plan, calc: read.append(plan.pk) or real(plan, calc))
    plan = Plan.objects.get(government=govs["东山县"])
    record(users["dongshan"], "comment.add", object_type="core.comment", object_id=1, government=govs["东山县"])
    assert "1/14" in c.get(reverse("hierarchy:index")).content.decode() and read == []
    a = Assignment.objects.filter(task__plan=plan, unit__name="县司法局").order_by("task__order")[2]
    r = progress_services.submit_report(users["dongshan_sfj"], a, {"status": "done", "percent": 100, "text": "已完成。"})
    assert "1/14" in c.get(reverse("hierarchy:index")).content.decode() and read == []  # submitted only
    progress_services.review_report(users["dongshan"], r, "accept")
    assert "2/14" in c.get(reverse("hierarchy:index")).content.decode() and read == [plan.pk]
