"""Reports: submission, evidence checks, idempotency, review cycle — through the pages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhiweb.audit.models import AuditEntry
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services
from fazhiweb.progress.models import Evidence, Report

from .conftest import PDF_BYTES, PNG_BYTES


def _assignment(plan, unit_name, path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _post(client, a, **extra):
    data = {"status": "in_progress", "text": "已召开专题会议。", "percent": "40", "token": "tok-1"}
    data.update(extra)
    return client.post(reverse("progress:report_new", args=[a.pk]), data)


def test_liaison_home_shows_only_own_unit(client, published_plan, people):
    client.force_login(people["赵联络员"])
    resp = client.get(reverse("progress:my"))
    assert resp.status_code == 200
    rows = resp.context["rows"]
    assert rows and all(r.assignment.unit.name == "东湖镇" for r in rows)


def test_submit_with_evidence_stored_by_hash(client, published_plan, people, settings):
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    pdf = SimpleUploadedFile("会议纪要.pdf", PDF_BYTES, content_type="application/pdf")
    resp = _post(client, a, files=[pdf])
    assert resp.status_code == 302
    r = Report.objects.get()
    ev = r.evidence.get()
    assert ev.path.startswith(f"evidence/{ev.sha256[:2]}/") and ev.path.endswith(".pdf")
    assert (Path(settings.MEDIA_ROOT) / ev.path).read_bytes() == PDF_BYTES
    assert not list((Path(settings.MEDIA_ROOT) / "tmp").iterdir())
    assert AuditEntry.objects.filter(action="report.submit").count() == 1
    # download is access-checked
    assert client.get(reverse("progress:evidence", args=[ev.pk])).status_code == 200
    client.force_login(people["赵联络员"])
    assert client.get(reverse("progress:evidence", args=[ev.pk])).status_code == 403


def test_posting_twice_creates_one_report(client, published_plan, people):
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    _post(client, a)
    resp = _post(client, a)
    assert resp.status_code == 302
    assert Report.objects.count() == 1


@pytest.mark.parametrize("name,content,msg", [
    ("扫描件.pdf", b"this is not a pdf at all", "不是可接受的文件"),
    ("照片.pdf", PNG_BYTES, "与扩展名"),
    ("坏文档.docx", b"PK\x03\x04garbage-not-a-zip", "不是可接受的文件"),
    ("空.pdf", b"", "空文件"),
])
def test_bad_evidence_rejected_nothing_stored(client, published_plan, people, settings, name, content, msg):
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    resp = _post(client, a, files=[SimpleUploadedFile(name, content)])
    assert resp.status_code == 400
    assert msg in resp.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert _media_files(settings) == []


def test_oversize_evidence_rejected(client, published_plan, people, settings):
    settings.FAZHI_MAX_UPLOAD_BYTES = 1024
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    resp = _post(client, a, files=[SimpleUploadedFile("大.pdf", PDF_BYTES + b"0" * 2048)])
    assert resp.status_code == 400 and "太大" in resp.content.decode()
    assert not Report.objects.exists() and _media_files(settings) == []


def test_docx_and_xlsx_detected_by_content(published_plan, people):
    def zipped(member):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<x/>")
            zf.writestr(member, "<x/>")
        return buf.getvalue()

    a = _assignment(published_plan, "县司法局")
    r = services.submit_report(people["张联络员"], a, {"status": "done", "text": "完成", "percent": 100},
                               [SimpleUploadedFile("a.docx", zipped("word/document.xml")),
                                SimpleUploadedFile("b.xlsx", zipped("xl/workbook.xml"))])
    assert sorted(e.content_type.rsplit(".", 1)[-1] for e in r.evidence.all()) == ["document", "sheet"]


def test_report_for_other_units_assignment_denied(client, published_plan, people):
    a = _assignment(published_plan, "东湖镇")
    client.force_login(people["张联络员"])
    resp = _post(client, a)
    assert resp.status_code == 403
    assert "没有权限" in resp.content.decode()
    assert not Report.objects.exists()


def test_cannot_finish_requires_reason(client, published_plan, people):
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    resp = _post(client, a, status="cannot_finish")
    assert resp.status_code == 400 and "必须说明原因" in resp.content.decode()
    assert _post(client, a, status="cannot_finish", reason="资金未到位", token="t2").status_code == 302


def test_review_return_then_resubmit_then_accept(client, published_plan, people):
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    _post(client, a)
    r1 = Report.objects.get()
    # a second submission while the first awaits review is refused
    assert _post(client, a, token="other").status_code == 400
    client.force_login(people["王主任"])
    resp = client.post(reverse("progress:review", args=[r1.pk]), {"action": "return", "comment": ""})
    r1.refresh_from_db()
    assert r1.state == Report.SUBMITTED  # comment required
    client.post(reverse("progress:review", args=[r1.pk]), {"action": "return", "comment": "请补充佐证材料"})
    r1.refresh_from_db()
    assert r1.state == Report.RETURNED
    client.force_login(people["张联络员"])
    assert _post(client, a, token="tok-2", status="done", percent="100").status_code == 302
    r2 = Report.objects.get(version=2)
    client.force_login(people["王主任"])
    resp = client.post(reverse("progress:review", args=[r2.pk]), {"action": "accept"})
    assert resp.status_code == 302
    r2.refresh_from_db()
    assert r2.state == Report.ACCEPTED
    assert list(a.reports.order_by("version").values_list("state", flat=True)) == ["returned", "accepted"]
    actions = list(AuditEntry.objects.filter(object_type="progress.report").values_list("action", flat=True))
    assert sorted(actions) == sorted(["report.submit", "report.return", "report.submit", "report.accept"])
    # dashboard sees the task as done for that unit
    resp = client.get(reverse("progress:dashboard", args=[published_plan.pk]))
    assert resp.status_code == 200 and resp.context["d"]["done"] == 1


def test_leader_cannot_review(client, published_plan, people):
    a = _assignment(published_plan, "县司法局")
    r = services.submit_report(people["张联络员"], a, {"status": "in_progress", "text": "x", "percent": 10})
    client.force_login(people["李局长"])
    assert client.post(reverse("progress:review", args=[r.pk]), {"action": "accept"}).status_code == 403
    r.refresh_from_db()
    assert r.state == Report.SUBMITTED
