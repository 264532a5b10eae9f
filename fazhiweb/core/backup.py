"""Consistent backups of the whole installation (database + media folder) and their restore.

Archive (OUT.tar.gz) layout:
  data.jsonl     every row of every model, Django's JSON-lines serializer, read in one transaction
                 (PostgreSQL: REPEATABLE READ, so all tables are read at the same instant; SQLite: the
                 transaction holds the write lock, so nothing changes while we read)
  db.sqlite3     SQLite only, a bonus copy made with the sqlite3 online backup API in the same transaction
  media/<rel>    every file under MEDIA_ROOT (except MEDIA_ROOT/tmp: uploads in progress)
  manifest.json  format version, migration state, row counts per model, sha256 of every other member
  manifest.sig   HMAC-SHA256 of manifest.json (core.backup_seal): a doctored archive is refused

Media files are listed after the database snapshot: a committed row's file is moved into place before
its transaction commits and evidence files are never removed, so every file the snapshot refers to is
in the archive. The archive is written to a temp file next to OUT and renamed into place.

Restore always loads data.jsonl (works for SQLite and PostgreSQL targets): it checks the archive
(member names, format version, hashes) before touching anything, refuses an installation that already
has data unless force=True, migrates, replaces all rows in one transaction, resets PostgreSQL
sequences, and swaps the media folder in with renames just before the commit (swapped back if the
commit fails). Every failure is a BackupError with one Chinese sentence; the CLI exits with code 2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from fazhi.errors import FazhiError
from fazhiweb.audit import chain
from fazhiweb.core import backup_seal

FORMAT = "fazhi-backup"
FORMAT_VERSION = 1
DATA_NAME = "data.jsonl"
SQLITE_NAME = "db.sqlite3"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
SKIP_MEDIA_DIRS = {"tmp"}  # staging area of uploads in progress
# Rows created by `migrate` itself; their presence does not make an installation "non-empty".
BOOKKEEPING_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
CHUNK = 1 << 20

Progress = Callable[[str], None]


class BackupError(FazhiError):
    """One user-facing sentence (Simplified Chinese); the command exits with code 2."""


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _quiet(message: str) -> None:
    pass


# ---------------------------------------------------------------- helpers

def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _models(using: str) -> list:
    """Concrete models in dependency order (what dumpdata would dump), m2m through tables excluded
    (they travel with their owning model)."""
    app_list = [(c, None) for c in apps.get_app_configs() if c.models_module is not None]
    out = []
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        meta = model._meta
        if meta.proxy or not meta.managed or not router.allow_migrate_model(using, model):
            continue
        out.append(model)
    return out


def _tables(models) -> list[str]:
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        for f in model._meta.local_many_to_many:
            if f.remote_field.through._meta.auto_created:
                tables.append(f.remote_field.through._meta.db_table)
    return tables


def _migration_state(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in SKIP_MEDIA_DIRS]
        dirnames.sort()
        for name in sorted(filenames):
            p = here / name
            if p.is_file() and not p.is_symlink():
                yield p.relative_to(root).as_posix(), p


class _HashingReader(io.RawIOBase):
    """Read a file for tarfile while hashing what was read."""

    def __init__(self, fh):
        self.fh, self.digest = fh, hashlib.sha256()

    def readable(self):
        return True

    def read(self, n=-1):
        data = self.fh.read(n)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    with path.open("rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


# ---------------------------------------------------------------- backup

def backup(out: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS, progress: Progress = _quiet) -> dict:
    """Write a consistent snapshot to `out` (a .tar.gz); return the manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    conn = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp_archive = Path(tmp_name)
    work = Path(tempfile.mkdtemp(prefix="fazhi-backup-"))
    try:
        data_path = work / DATA_NAME
        sqlite_path = work / SQLITE_NAME if conn.vendor == "sqlite" else None
        counts = _dump(conn, using, data_path, sqlite_path, progress)
        migrations = _migration_state(using)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": conn.vendor, "migrations": migrations, "counts": counts,
            "data": {"name": DATA_NAME}, "sqlite": None, "media": [],
        }
        with tarfile.open(tmp_archive, "w:gz", compresslevel=6) as tar:
            manifest["data"].update(_add_file(tar, DATA_NAME, data_path))
            if sqlite_path is not None and sqlite_path.exists():
                manifest["sqlite"] = {"name": SQLITE_NAME, **_add_file(tar, SQLITE_NAME, sqlite_path)}
            n = 0
            for rel, path in _media_files(media_root):
                manifest["media"].append({"path": rel, **_add_file(tar, MEDIA_PREFIX + rel, path)})
                n += 1
                if n % 200 == 0:
                    progress(f"已打包 {n} 个文件……")
            progress(f"已打包媒体文件 {n} 个。")
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            if not backup_seal.backup_key()[1]:
                progress(backup_seal.KEY_WARNING)
            for name, content in ((MANIFEST_NAME, raw), (backup_seal.SIG_NAME, backup_seal.sign(raw).encode())):
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(content), 0o644, int(dt.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(content))
        with tmp_archive.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_archive, out)
    except BaseException:
        tmp_archive.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(f"备份完成:{out}")
    return manifest


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup must keep microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _serialize(using: str, data_path: Path, progress: Progress) -> dict[str, int]:
    counts: dict[str, int] = {}

    def rows(model):
        label = model._meta.label_lower
        counts[label] = 0
        qs = model._base_manager.using(using).order_by(model._meta.pk.name)
        for obj in qs.iterator(chunk_size=1000):
            counts[label] += 1
            yield obj
        progress(f"已导出 {model._meta.verbose_name}({label}):{counts[label]} 条")

    def all_rows():
        existing = set(connections[using].introspection.table_names())
        for model in _models(using):
            if model._meta.db_table not in existing:  # a migration not applied yet
                progress(f"跳过 {model._meta.label_lower}:数据库中还没有这张表(请先运行 migrate)")
                continue
            yield from rows(model)

    with data_path.open("w", encoding="utf-8") as fh:
        serializers.serialize("jsonl", all_rows(), stream=fh, cls=_ExactEncoder)
    return counts


def _dump(conn, using: str, data_path: Path, sqlite_path: Path | None, progress: Progress) -> dict[str, int]:
    """Write data.jsonl (and, for SQLite, db.sqlite3) from one consistent state of the database."""
    if conn.vendor == "sqlite" and not conn.in_atomic_block:
        # A read transaction (BEGIN DEFERRED, not atomic()'s BEGIN IMMEDIATE: the online backup API
        # cannot copy from a connection holding the write lock) sees one snapshot in WAL mode, and in
        # rollback-journal mode keeps writers out until it ends. The SQLite copy is made with the
        # online backup API from the same connection inside the same transaction: same snapshot.
        conn.ensure_connection()
        with conn.cursor() as cur:
            cur.execute("BEGIN DEFERRED")
        try:
            counts = _serialize(using, data_path, progress)
            if sqlite_path is not None:
                progress("正在复制 SQLite 数据库……")
                dst = sqlite3.connect(sqlite_path)
                try:
                    conn.connection.backup(dst)
                finally:
                    dst.close()
        finally:
            with conn.cursor() as cur:
                cur.execute("ROLLBACK")  # nothing was written
        return counts
    outermost = not conn.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and conn.vendor == "postgresql":
            with conn.cursor() as cur:  # must be the transaction's first statement
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # Inside a caller's transaction (tests): that transaction already gives one consistent view.
        return _serialize(using, data_path, progress)


# ---------------------------------------------------------------- restore

def _safe_member_name(name: str) -> str:
    if not name or "\\" in name or "\x00" in name:
        raise BackupError(f"备份文件中含有非法路径“{name}”,已拒绝恢复。")
    p = PurePosixPath(name)
    if p.is_absolute() or any(part in ("..", "") for part in name.split("/")) or name.startswith("/"):
        raise BackupError(f"备份文件中含有越界路径“{name}”,已拒绝恢复。")
    known_top = name in (DATA_NAME, SQLITE_NAME, MANIFEST_NAME, backup_seal.SIG_NAME)
    if not (known_top or (name.startswith(MEDIA_PREFIX) and len(p.parts) > 1)):
        raise BackupError(f"备份文件中含有未知的内容“{name}”,已拒绝恢复。")
    return name


def _extract(archive: Path, dest: Path, progress: Progress) -> None:
    """Extract regular files only, after checking each member's name; nothing outside `dest`."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    seen: set[str] = set()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            n = 0
            for member in tar:
                if member.isdir():
                    _safe_member_name(member.name.rstrip("/") + "/x")
                    continue
                name = _safe_member_name(member.name)
                if not member.isfile():
                    raise BackupError(f"备份文件中的“{name}”不是普通文件(链接或设备),已拒绝恢复。")
                if name in seen:
                    raise BackupError(f"备份文件中“{name}”出现了两次,已拒绝恢复。")
                seen.add(name)
                target = dest / name
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(member)
                with target.open("wb") as out:
                    shutil.copyfileobj(src, out, CHUNK)
                n += 1
                if n % 200 == 0:
                    progress(f"已解开 {n} 个文件……")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"备份文件已损坏或不是 .tar.gz 格式({exc.__class__.__name__}),无法恢复。") from exc


def _read_manifest(root: Path) -> dict:
    path = root / MANIFEST_NAME
    if not path.is_file():
        raise BackupError("备份文件缺少 manifest.json,不是完整的 fazhi 备份。")
    sig = root / backup_seal.SIG_NAME
    if not sig.is_file():
        raise BackupError("备份文件没有签名(manifest.sig),无法确认未被篡改,已拒绝恢复。")
    if not backup_seal.signature_ok(path.read_bytes(), sig.read_text(encoding="ascii", errors="replace")):
        raise BackupError("备份文件签名不符:文件被篡改,或签名密钥(FAZHI_BACKUP_KEY / var/backup_key)"
                          "与备份时不同,已拒绝恢复。")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError("备份文件的 manifest.json 已损坏。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("这不是 fazhi 备份文件(manifest 格式不符)。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本为 {manifest.get('format_version')},本程序只支持版本 {FORMAT_VERSION}。")
    return manifest


def _verify(root: Path, manifest: dict) -> None:
    expected: dict[str, str] = {}
    try:
        expected[DATA_NAME] = manifest["data"]["sha256"]
        if manifest.get("sqlite"):
            expected[SQLITE_NAME] = manifest["sqlite"]["sha256"]
        for item in manifest["media"]:
            expected[_safe_member_name(MEDIA_PREFIX + item["path"])] = item["sha256"]
    except (KeyError, TypeError) as exc:
        raise BackupError("备份文件的 manifest.json 不完整。") from exc
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {
        MANIFEST_NAME, backup_seal.SIG_NAME}
    if missing := sorted(set(expected) - present):
        raise BackupError(f"备份文件不完整:缺少“{missing[0]}”等 {len(missing)} 个文件。")
    if extra := sorted(present - set(expected)):
        raise BackupError(f"备份文件中的“{extra[0]}”不在清单中,备份可能被篡改。")
    for name, digest in expected.items():
        if _sha256_file(root / name) != digest:
            raise BackupError(f"“{name}”的校验值与清单不符,备份文件已损坏或被篡改。")


def installation_contents(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What makes the installation non-empty: model labels with rows, and media files."""
    conn = connections[using]
    existing = set(conn.introspection.table_names())
    found = []
    for model in _models(using):
        label = model._meta.label_lower
        if label in BOOKKEEPING_MODELS or model._meta.db_table not in existing:
            continue
        if model._base_manager.using(using).exists():
            found.append(label)
    if next(_media_files(Path(settings.MEDIA_ROOT)), None) is not None:
        found.append("媒体文件")
    return found


def _check_migrations(manifest: dict, using: str) -> None:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    theirs = {(app, name) for app, names in (manifest.get("migrations") or {}).items() for name in names}
    if unknown := sorted(theirs - known):
        app, name = unknown[0]
        raise BackupError(f"备份来自更新的程序版本(含迁移 {app}.{name}):请先升级程序再恢复。")


def restore(archive: str | os.PathLike, *, force: bool = False, using: str = DEFAULT_DB_ALIAS,
            migrate: bool = True, progress: Progress = _quiet) -> dict:
    """Restore an archive written by backup(); return its manifest. All or nothing."""
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Same file system as MEDIA_ROOT, so the media folder can be swapped in with a rename.
    work = Path(tempfile.mkdtemp(prefix=".fazhi-restore-", dir=media_root.parent))
    old_media: Path | None = None
    swapped_in = False
    try:
        progress("正在检查备份文件……")
        _extract(archive, work, progress)
        manifest = _read_manifest(work)
        _verify(work, manifest)
        if breaks := backup_seal.audit_breaks(work / DATA_NAME):
            raise BackupError(f"备份中的审计日志哈希链断开({breaks[0]}),已拒绝恢复。")
        _check_migrations(manifest, using)
        if migrate:
            progress("正在更新数据库结构……")
            call_command("migrate", database=using, interactive=False, verbosity=0)
        if not force and (found := installation_contents(using)):
            raise BackupError(f"当前安装已有数据({'、'.join(found[:3])}等),恢复会全部覆盖;确认覆盖请加 --force。")
        new_media = work / "media"
        new_media.mkdir(exist_ok=True)
        conn = connections[using]
        with transaction.atomic(using=using):
            floor = _data_version_floor(using)
            counts = _load(conn, using, work / DATA_NAME, progress)
            expected = manifest.get("counts") or {}
            if diff := sorted(k for k in set(counts) | set(expected) if counts.get(k, 0) != expected.get(k, 0)):
                raise BackupError(f"载入的记录数与清单不符({diff[0]}),已放弃恢复。")
            if floor:
                _raise_data_versions(using, floor)
            from fazhiweb.audit.services import record

            record(None, "backup.restore", object_type="backup", object_id=archive.name, bump=False,
                   after={"archive": archive.name, "created_at": manifest.get("created_at"),
                          "records": sum(counts.values())})
            # Swap the media folder in as the last step before the commit (swapped back on failure).
            if media_root.exists():
                old_media = work / "old-media"
                os.replace(media_root, old_media)
            os.replace(new_media, media_root)
            swapped_in = True
    except BaseException:
        if old_media is not None and old_media.exists():  # the DB rolled back: put the old media back
            if media_root.exists():
                shutil.rmtree(media_root, ignore_errors=True)
            os.replace(old_media, media_root)
        elif swapped_in and old_media is None:
            shutil.rmtree(media_root, ignore_errors=True)  # no previous media folder: remove the new one
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(f"恢复完成:{sum(counts.values())} 条记录,{len(manifest['media'])} 个媒体文件。")
    return manifest


def _data_version_floor(using: str) -> int:
    """One more than the highest government data version before the restore (0: no governments)."""
    from django.db.models import Max

    from fazhiweb.accounts.models import Government

    if Government._meta.db_table not in connections[using].introspection.table_names():
        return 0
    top = Government.objects.using(using).aggregate(top=Max("data_version"))["top"]
    return 0 if top is None else top + 1


def _raise_data_versions(using: str, floor: int) -> None:
    """Move the restored governments' data versions past every version the overwritten installation
    had, so that no running process serves a page body it cached before the restore (core.pagecache).
    After restoring into an emptied installation, restart the app server as after any restore."""
    from django.db.models import F

    from fazhiweb.accounts.models import Government

    Government.objects.using(using).update(data_version=F("data_version") + floor)


def _load(conn, using: str, data_path: Path, progress: Progress) -> dict[str, int]:
    models = _models(using)
    tables = _tables(models)
    existing = set(conn.introspection.table_names())
    flush = conn.ops.sql_flush(no_style(), [t for t in tables if t in existing], allow_cascade=True)
    # The audit table is replaced too: its append-only triggers are dropped for this step only and
    # recreated below, inside the same transaction (a failure rolls the drop back as well).
    chain.drop_triggers(conn)
    with conn.cursor() as cur:
        for sql in flush:
            cur.execute(sql)
    counts: dict[str, int] = {}
    loaded_models = set()
    try:
        with data_path.open(encoding="utf-8") as fh, conn.constraint_checks_disabled():
            for n, obj in enumerate(serializers.deserialize("jsonl", fh, using=using, ignorenonexistent=True), 1):
                obj.save(using=using)
                label = obj.object._meta.label_lower
                counts[label] = counts.get(label, 0) + 1
                loaded_models.add(type(obj.object))
                if n % 5000 == 0:
                    progress(f"已载入 {n} 条记录……")
        conn.check_constraints(table_names=[m._meta.db_table for m in loaded_models])
    except DeserializationError as exc:
        raise BackupError(f"备份数据无法载入:{exc}") from exc
    except Exception as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"备份数据无法载入({exc.__class__.__name__}:{exc})。") from exc
    if loaded_models:
        sequences = conn.ops.sequence_reset_sql(no_style(), list(loaded_models))
        with conn.cursor() as cur:
            for sql in sequences:
                cur.execute(sql)
    chain.create_triggers(conn)
    progress(f"已载入 {sum(counts.values())} 条记录。")
    return counts
