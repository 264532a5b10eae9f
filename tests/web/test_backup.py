"""`fazhi backup` / `fazhi restore`: round trip, refusals, and hostile or damaged archives."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from fazhi import cli
from fazhiweb.accounts.models import Government
from fazhiweb.core import backup as bk
from fazhiweb.core import backup_seal
from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services
from fazhiweb.progress.models import Report

from .conftest import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def _rows() -> dict[str, list[dict]]:
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._base_manager.order_by("pk").values())
        if model._meta.label_lower == "audit.auditentry":  # the restore itself is recorded
            rows = [r for r in rows if r["action"] != "backup.restore"]
        if model._meta.auto_created:
            # A many-to-many link table's own ids carry no meaning (the serializer restores the
            # links, not the ids): compare the links.
            rows = sorted(tuple(sorted((k, v) for k, v in r.items() if k != "id")) for r in rows)
        out[model._meta.label_lower] = rows
    return out


def _media(settings) -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}


@pytest.fixture
def ledger(published_plan, people, settings):
    """A published plan, reports with evidence (accepted, returned, pending), audit entries, stray files."""
    a1 = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="县司法局")
    a2 = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="东湖镇")
    r = services.submit_report(people["张联络员"], a1, {"status": "done", "text": "完成", "percent": 100},
                               [SimpleUploadedFile("纪要.pdf", PDF_BYTES)])
    services.review_report(people["王主任"], r, "accept", lock_version=0)
    r = services.submit_report(people["赵联络员"], a2, {"status": "in_progress", "text": "推进中", "percent": 30},
                               [SimpleUploadedFile("照片.png", PNG_BYTES), SimpleUploadedFile("b.pdf", PDF_BYTES + b"1")])
    services.review_report(people["王主任"], r, "return", "请补充。")
    services.submit_report(people["赵联络员"], a2, {"status": "in_progress", "text": "已补充", "percent": 50})
    root = Path(settings.MEDIA_ROOT)
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "plans" / "原始计划.txt").write_text("未被引用的文件也要备份", encoding="utf-8")
    return published_plan


def _rewrite(src: Path, dst: Path, change, resign: bool = True) -> None:
    """Copy an archive member by member; change(name, data) returns new bytes, None to drop.
    resign: sign the (changed) manifest again with the installation's key, as a holder of the key
    could; the checks after the signature's are what such tests are about."""
    manifest = None
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for m in tin.getmembers():
            data = change(m.name, tin.extractfile(m).read())
            if m.name == "manifest.json":
                manifest = data
            elif m.name == "manifest.sig" and resign and manifest is not None:
                data = backup_seal.sign(manifest).encode()
            if data is None:
                continue
            info = tarfile.TarInfo(m.name)
            info.size = len(data)
            tout.addfile(info, io.BytesIO(data))


def _add_member(path: Path, info: tarfile.TarInfo, data: bytes = b"") -> None:
    with tarfile.open(path, "r:gz") as tin:
        members = [(m, tin.extractfile(m).read()) for m in tin.getmembers()]
    with tarfile.open(path, "w:gz") as tout:
        for m, d in members:
            tout.addfile(m, io.BytesIO(d))
        info.size = len(data)
        tout.addfile(info, io.BytesIO(data))


def test_round_trip(ledger, settings, tmp_path):
    tmp_file = Path(settings.MEDIA_ROOT) / "tmp" / "upload-in-progress"
    tmp_file.parent.mkdir(parents=True, exist_ok=True)
    tmp_file.write_bytes(b"partial")
    before_rows = _rows()
    assert before_rows["progress.report"] and before_rows["audit.auditentry"] and before_rows["progress.evidence"]
    before_media = _media(settings)
    del before_media["tmp/upload-in-progress"]  # uploads in progress are not part of a backup
    assert len(before_media) == 4

    out = tmp_path / "backups" / "fazhi.tar.gz"
    messages = []
    manifest = bk.backup(out, progress=messages.append)
    assert out.is_file() and not [p for p in out.parent.iterdir() if p != out]  # no temp file left
    assert manifest["format_version"] == bk.FORMAT_VERSION
    # the bonus file copy exists only on SQLite; PostgreSQL backups hold the JSON form alone
    assert bool(manifest["sqlite"]) == (connection.vendor == "sqlite")
    assert manifest["counts"]["progress.report"] == Report.objects.count()
    assert {m["path"] for m in manifest["media"]} == set(before_media)
    assert "progress" in manifest["migrations"] and messages

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Report.objects.exists()

    bk.restore(out)
    assert _rows() == before_rows
    assert _media(settings) == before_media
    # the restored installation works: a new report gets a fresh id (sequences are past the restored rows)
    from django.contrib.auth.models import User

    a = Assignment.objects.filter(unit__name="县司法局", reports__isnull=True).first()
    r = services.submit_report(User.objects.get(username="zhang"), a, {"status": "in_progress", "text": "新",
                                                                      "percent": 1})
    assert r.pk > max(row["id"] for row in before_rows["progress.report"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the bonus SQLite copy is made only on SQLite")
def test_sqlite_copy_in_archive_matches(ledger, tmp_path):
    import sqlite3

    out = tmp_path / "b.tar.gz"
    bk.backup(out)
    with tarfile.open(out) as tar:
        tar.extract("db.sqlite3", tmp_path, filter="data")
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    assert db.execute("select count(*) from progress_report").fetchone()[0] == Report.objects.count()
    db.close()


def test_restore_refuses_non_empty_installation(ledger, tmp_path, settings):
    out = tmp_path / "b.tar.gz"
    bk.backup(out)
    Unit.objects.create(government=ledger.government, name="备份后新增单位")
    before_rows, before_media = _rows(), _media(settings)
    with pytest.raises(bk.BackupError, match="--force"):
        bk.restore(out)
    assert _rows() == before_rows and _media(settings) == before_media
    # --force replaces everything
    (Path(settings.MEDIA_ROOT) / "extra.pdf").write_bytes(PDF_BYTES)
    top = max(Government.objects.values_list("data_version", flat=True))
    bk.restore(out, force=True)
    assert not Unit.objects.filter(name="备份后新增单位").exists()
    assert "extra.pdf" not in _media(settings)
    # page caches keyed by a pre-restore data version are never hit again
    assert min(Government.objects.values_list("data_version", flat=True)) > top


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil-absolute.txt", "media/../../evil.txt",
                                  "other/readme.txt"])
def test_restore_rejects_path_traversal(ledger, tmp_path, settings, name):
    out = tmp_path / "b.tar.gz"
    bk.backup(out)
    _add_member(out, tarfile.TarInfo(name), b"pwned")
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(bk.BackupError, match="拒绝恢复"):
        bk.restore(out)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    assert not Path("/tmp/evil-absolute.txt").exists()
    assert not Report.objects.exists()  # nothing restored


def test_restore_rejects_links(ledger, tmp_path):
    out = tmp_path / "b.tar.gz"
    bk.backup(out)
    link = tarfile.TarInfo("media/evidence/link.pdf")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    _add_member(out, link)
    with pytest.raises(bk.BackupError, match="不是普通文件"):
        bk.restore(out, force=True)


def test_restore_rejects_hash_mismatch_and_keeps_everything(ledger, tmp_path, settings):
    out, bad = tmp_path / "b.tar.gz", tmp_path / "bad.tar.gz"
    bk.backup(out)
    _rewrite(out, bad, lambda n, d: d + b"tampered" if n.startswith("media/evidence/") else d)
    before_rows, before_media = _rows(), _media(settings)
    with pytest.raises(bk.BackupError, match="校验值与清单不符"):
        bk.restore(bad, force=True)
    assert _rows() == before_rows and _media(settings) == before_media
    _rewrite(out, bad, lambda n, d: None if n.startswith("media/plans/") else d)
    with pytest.raises(bk.BackupError, match="缺少"):
        bk.restore(bad, force=True)


def test_restore_rejects_wrong_format_version(ledger, tmp_path):
    out, bad = tmp_path / "b.tar.gz", tmp_path / "bad.tar.gz"
    bk.backup(out)

    def bump(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["format_version"] = 99
        return json.dumps(m).encode()

    _rewrite(out, bad, bump)
    with pytest.raises(bk.BackupError, match="格式版本为 99"):
        bk.restore(bad, force=True)


def test_failed_load_rolls_back_database_and_media(ledger, tmp_path, settings):
    """Hashes are right but the manifest's counts are not: the load runs and is rolled back."""
    out, bad = tmp_path / "b.tar.gz", tmp_path / "bad.tar.gz"
    bk.backup(out)
    Unit.objects.create(government=ledger.government, name="恢复失败后应保留")

    def lie(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["counts"]["progress.report"] += 1
        return json.dumps(m).encode()

    _rewrite(out, bad, lie)
    before_rows, before_media = _rows(), _media(settings)
    with pytest.raises(bk.BackupError, match="记录数与清单不符"):
        bk.restore(bad, force=True)
    assert _rows() == before_rows and _media(settings) == before_media
    leftovers = [p.name for p in Path(settings.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".fazhi-restore")]
    assert leftovers == []


def test_cli_backup_and_errors(ledger, tmp_path, capsys):
    out = tmp_path / "cli.tar.gz"
    assert cli.main(["backup", str(out)]) == 0
    assert "已备份" in capsys.readouterr().out
    corrupt = tmp_path / "corrupt.tar.gz"
    corrupt.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    assert cli.main(["restore", str(corrupt), "--force"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("错误:") and "损坏" in err[-1]
    notgz = tmp_path / "x.tar.gz"
    notgz.write_text("hello")
    assert cli.main(["restore", str(notgz)]) == 2
    assert cli.main(["restore", str(tmp_path / "missing.tar.gz")]) == 2
    assert "找不到备份文件" in capsys.readouterr().err
    assert Report.objects.count() == 3  # nothing was touched

