"""Files kept with a register case or one of its steps (issue 12: each 重大行政决策 step "with date,
outcome and files"): upload on a step, the step list with its counts, who may download, the audit
entry, a bad file refused with a form error, removal. Files are our own minimal bytes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhiweb.audit.models import AuditEntry
from fazhiweb.registers import services
from fazhiweb.registers.models import CaseFile
from tests.web.conftest import PDF_BYTES, PNG_BYTES


@pytest.fixture
def decision(county, people):
    """A decision kept by 县司法局 (张联络员's unit), its legality review recorded."""
    office = people["王主任"]
    case = services.create_case(office, county, "decision", {
        "decision_no": "县决〔2025〕7号", "title": "示例县城区停车收费调整方案", "unit": "县司法局",
        "catalogue_year": "2025"}, unit=county.u["县司法局"])
    return services.take_step(office, case, "review", {"review_from": "2025-04-01", "review_on": "2025-04-15",
                                                       "review_opinion": "合法"}, case.version)


def _pdf(name="合法性审查意见书.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_liaison_uploads_on_a_decision_step_and_the_step_list_counts_it(client, people, decision):
    client.force_login(people["张联络员"])
    url = reverse("registers:file_upload", args=[decision.pk])
    resp = client.post(url, {"step": "review", "files": [_pdf(), SimpleUploadedFile("审查会照片.png", PNG_BYTES)]})
    assert resp.status_code == 302
    rows = list(CaseFile.objects.filter(case=decision).order_by("id"))
    assert [(r.step, r.original_name) for r in rows] == [("review", "合法性审查意见书.pdf"), ("review", "审查会照片.png")]
    entry = AuditEntry.objects.get(action="register.file_add")
    assert entry.after["step"] == "review" and len(entry.after["files"]) == 2
    assert entry.government_id == decision.government_id

    page = client.get(reverse("registers:case", args=[decision.pk])).content.decode()
    row = page.split('data-step="review"')[1].split("</tr>")[0]
    assert "合法性审查" in row and "2025-04-15" in row and '<td class="file-count">2</td>' in row
    assert "合法性审查意见书.pdf" in row and reverse("registers:file", args=[rows[0].pk]) in row
    other = page.split('data-step="discussion"')[1].split("</tr>")[0]
    assert '<td class="file-count">0</td>' in other


def test_download_only_for_who_may_view_the_case(client, people, decision):
    (row,) = services.add_files(people["王主任"], decision, [_pdf()], "review")
    url = reverse("registers:file", args=[row.pk])
    client.force_login(people["赵联络员"])  # liaison of another unit
    assert client.get(url).status_code in (403, 404)
    client.force_login(people["外县主任"])  # another government's office
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page, never public
    client.force_login(people["王主任"])
    resp = client.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF_BYTES
    assert "attachment" in resp["Content-Disposition"]


def test_bad_file_is_a_form_error_and_nothing_is_stored(client, people, decision):
    client.force_login(people["王主任"])
    url = reverse("registers:file_upload", args=[decision.pk])
    resp = client.post(url, {"step": "review", "files": SimpleUploadedFile("意见书.pdf", b"just text, no pdf")})
    assert resp.status_code == 200
    page = resp.content.decode()
    row = page.split('data-step="review"')[1].split("</tr>")[0]
    assert "不是可接受的文件" in row
    resp = client.post(url, {"step": "no_such_step", "files": _pdf()})
    assert resp.status_code == 200 and "未知的步骤" in resp.content.decode()
    assert not CaseFile.objects.exists() and not AuditEntry.objects.filter(action="register.file_add").exists()


def test_who_may_upload_and_remove(client, people, decision):
    client.force_login(people["李局长"])  # the leader reads the case but does not edit it
    url = reverse("registers:file_upload", args=[decision.pk])
    assert client.post(url, {"step": "review", "files": _pdf()}).status_code == 403
    client.force_login(people["赵联络员"])
    assert client.post(url, {"step": "review", "files": _pdf()}).status_code in (403, 404)
    assert not CaseFile.objects.exists()
    (row,) = services.add_files(people["王主任"], decision, [_pdf()])  # the case as a whole
    assert row.step == ""
    client.force_login(people["张联络员"])
    assert client.post(reverse("registers:file_remove", args=[row.pk])).status_code == 302
    assert not CaseFile.objects.exists()
    assert AuditEntry.objects.get(action="register.file_remove").before["name"] == "合法性审查意见书.pdf"


def test_a_kind_without_steps_keeps_files_per_case(client, county, people):
    case = services.create_case(people["王主任"], county, "litigation", {
        "case_no": "(2025)示行初9号", "plaintiff": "钱建军", "defendant": "县司法局", "notified_on": "2025-03-03"})
    client.force_login(people["王主任"])
    resp = client.post(reverse("registers:file_upload", args=[case.pk]), {"files": _pdf("答辩状.pdf")})
    assert resp.status_code == 302
    page = client.get(reverse("registers:case", args=[case.pk])).content.decode()
    assert "答辩状.pdf" in page and 'data-step=""' in page and 'data-step="review"' not in page


def test_files_sent_with_a_step_are_kept_with_that_step(client, people, decision):
    client.force_login(people["王主任"])
    url = reverse("registers:step", args=[decision.pk, "decide"])
    form = {"version": decision.version, "meeting_type": "政府常务会议", "discussed_on": "2025-05-06",
            "head_decision": "同意", "files": [_pdf("会议纪要.pdf")]}
    assert client.post(url, form).status_code == 302
    decision.refresh_from_db()
    assert decision.state == "decided"
    (row,) = CaseFile.objects.filter(case=decision)
    assert (row.step, row.original_name) == ("discussion", "会议纪要.pdf")  # the step whose date it records
    assert AuditEntry.objects.get(action="register.file_add").after["step"] == "discussion"


def test_a_bad_file_sent_with_a_step_refuses_the_step(client, people, decision):
    client.force_login(people["王主任"])
    url = reverse("registers:step", args=[decision.pk, "decide"])
    form = {"version": decision.version, "meeting_type": "政府常务会议", "discussed_on": "2025-05-06",
            "head_decision": "同意", "files": [SimpleUploadedFile("纪要.pdf", b"not a pdf at all")]}
    resp = client.post(url, form, follow=True)
    assert "不是可接受的文件" in resp.content.decode()
    decision.refresh_from_db()
    assert decision.state == "reviewed" and not CaseFile.objects.exists()
