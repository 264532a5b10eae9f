"""Resource limits and leftovers: a rejected plan upload stores nothing (media/, its staging folder,
the upload temp folder, the system temp folder), per-report file caps, `fazhi cleanup`."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings as dj_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi import cli
from fazhiweb.plans.models import Plan
from fazhiweb.progress.models import Report

from .conftest import PDF_BYTES, PLAN_TEXT
from .test_progress import _assignment, _post


def _files(folder: Path) -> set[str]:
    return {p.as_posix() for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def _uploads_in_system_temp() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if ".upload" in n}


def test_rejected_plan_upload_leaves_no_file_anywhere(client, county, people, settings):
    client.force_login(people["王主任"])
    upload_tmp = Path(dj_settings.FILE_UPLOAD_TEMP_DIR)
    before_upload_tmp, before_sys = _files(upload_tmp), _uploads_in_system_temp()
    # 3 MB: over FILE_UPLOAD_MAX_MEMORY_SIZE, so Django spools it to a temp file first.
    junk = b"PK\x03\x04" + os.urandom(3 * 1024 * 1024)
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("坏计划.docx", junk)})
    assert resp.status_code == 200 and "坏计划.docx" in resp.content.decode()  # the form, with its error
    assert not Plan.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == set()
    assert _files(upload_tmp) == before_upload_tmp
    assert _uploads_in_system_temp() <= before_sys


def test_plan_file_is_kept_once_it_parsed(client, county, people, settings):
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("计划.txt", PLAN_TEXT.encode())})
    assert resp.status_code == 302
    files = _files(Path(settings.MEDIA_ROOT))
    assert len(files) == 1 and "/plans/" in next(iter(files))


def test_files_per_report_capped(client, published_plan, people, settings):
    settings.FAZHI_REPORT_MAX_FILES = 3
    a = _assignment(published_plan, "县司法局")
    client.force_login(people["张联络员"])
    files = [SimpleUploadedFile(f"{i}.pdf", PDF_BYTES + str(i).encode()) for i in range(4)]
    resp = _post(client, a, files=files)
    assert resp.status_code == 400 and "最多上传 3 个文件" in resp.content.decode()
    settings.FAZHI_REPORT_MAX_BYTES = 100
    resp = _post(client, a, files=[SimpleUploadedFile("a.pdf", PDF_BYTES * 3)])
    assert resp.status_code == 400 and "合计不能超过" in resp.content.decode()
    assert not Report.objects.exists() and _files(Path(settings.MEDIA_ROOT)) == set()


def test_cleanup_removes_old_staging_files_only(settings, tmp_path, capsys):
    staging = Path(settings.MEDIA_ROOT) / "tmp"
    staging.mkdir(parents=True)
    old, young = staging / "tmpold.docx", staging / "tmpyoung.pdf"
    old.write_bytes(b"x")
    young.write_bytes(b"y")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    work = Path(settings.MEDIA_ROOT).parent / ".fazhi-restore-abc"
    work.mkdir()
    os.utime(work, (hour_ago, hour_ago))
    assert cli.main(["cleanup"]) == 0
    assert "已清理 2 个" in capsys.readouterr().out
    assert not old.exists() and young.exists() and not work.exists()
