"""Evidence files: type by content (magic bytes), size limit, content-addressed storage."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

# detected type → (allowed extensions, content type)
TYPES = {
    "pdf": ({".pdf"}, "application/pdf"),
    "docx": ({".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ({".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ofd": ({".ofd"}, "application/ofd"),  # GB/T 33190, the national format of official documents
    "jpg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "png": ({".png"}, "image/png"),
}
ALLOWED_TEXT = "PDF、OFD、Word(.docx)、Excel(.xlsx)、JPG、PNG"


class EvidenceError(Exception):
    """User-facing message about a rejected evidence file."""


def sniff(path: Path) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    return None


@dataclass
class StagedFile:
    tmp: Path
    rel: str
    sha256: str
    original_name: str
    content_type: str
    size: int

    def commit(self) -> bool:
        """Move into place; return True if this call created the final file."""
        final = Path(settings.MEDIA_ROOT) / self.rel
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            self.tmp.unlink(missing_ok=True)
            return False
        os.replace(self.tmp, final)
        return True

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def stage(uploaded) -> StagedFile:
    """Write an upload to a temp file and check it; raise EvidenceError (temp removed) if bad."""
    name = os.path.basename(getattr(uploaded, "name", "") or "file")
    limit = settings.FAZHI_MAX_UPLOAD_BYTES
    if (getattr(uploaded, "size", 0) or 0) > limit:
        raise EvidenceError(f"“{name}”太大:单个文件不能超过 {limit // 1048576} MB。")
    tmpdir = Path(settings.MEDIA_ROOT) / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=tmpdir)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks():
                size += len(chunk)
                if size > limit:
                    raise EvidenceError(f"“{name}”太大:单个文件不能超过 {limit // 1048576} MB。")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise EvidenceError(f"“{name}”是空文件。")
        kind = sniff(tmp)
        if kind is None:
            raise EvidenceError(f"“{name}”不是可接受的文件(只接受 {ALLOWED_TEXT}),或文件已损坏。")
        exts, content_type = TYPES[kind]
        ext = Path(name).suffix.lower()
        if ext not in exts:
            raise EvidenceError(f"“{name}”的内容是 {kind.upper()} 文件,与扩展名“{ext or '无'}”不符:请检查后重新上传。")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    hexd = digest.hexdigest()
    canonical_ext = sorted(exts)[0] if kind != "jpg" else ".jpg"
    rel = f"evidence/{hexd[:2]}/{hexd[2:]}{canonical_ext}"
    return StagedFile(tmp, rel, hexd, name[:255], content_type, size)


def stage_all(uploads) -> list[StagedFile]:
    """Stage every upload or none: on the first bad file those already staged are discarded."""
    uploads = list(uploads)
    if len(uploads) > settings.FAZHI_REPORT_MAX_FILES:
        raise EvidenceError(f"一次最多上传 {settings.FAZHI_REPORT_MAX_FILES} 个文件(本次 {len(uploads)} 个)。")
    total_mb = settings.FAZHI_REPORT_MAX_BYTES // 1048576
    if sum(getattr(f, "size", 0) or 0 for f in uploads) > settings.FAZHI_REPORT_MAX_BYTES:
        raise EvidenceError(f"一次上传的文件合计不能超过 {total_mb} MB。")
    staged: list[StagedFile] = []
    try:
        for f in uploads:
            staged.append(stage(f))
        if sum(s.size for s in staged) > settings.FAZHI_REPORT_MAX_BYTES:  # sizes as actually read
            raise EvidenceError(f"一次上传的文件合计不能超过 {total_mb} MB。")
    except EvidenceError:
        for s in staged:
            s.discard()
        raise
    return staged


def row_fields(s: StagedFile) -> dict:
    """The columns an evidence row stores for a staged file."""
    return {"sha256": s.sha256, "path": s.rel, "original_name": s.original_name,
            "content_type": s.content_type, "size": s.size}


def commit_all(staged: list[StagedFile]) -> list[Path]:
    """Move the files into place (inside the caller's transaction); the ones this call created."""
    return [Path(settings.MEDIA_ROOT) / s.rel for s in staged if s.commit()]


def forget(created: list[Path]) -> None:
    """After a rollback: remove files this request created, unless a committed row of another
    request (the same content uploaded at the same time) refers to them by now."""
    from django.apps import apps

    from fazhiweb.core.models import StoredFile

    kinds = [m for m in apps.get_models() if issubclass(m, StoredFile)]
    root = Path(settings.MEDIA_ROOT)
    for p in created:
        rel = p.relative_to(root).as_posix()
        if not any(k.objects.filter(path=rel).exists() for k in kinds):
            p.unlink(missing_ok=True)


def file_response(stored) -> FileResponse:
    """Download of a stored file (a `StoredFile` row) as an attachment; 404 if it is missing or
    its path would lead outside MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / stored.path).resolve()
    if not path.is_file() or root not in path.parents:
        raise Http404("文件不存在。")
    return FileResponse(path.open("rb"), as_attachment=True, filename=stored.original_name,
                        content_type=stored.content_type)


class Staging:
    """Uploads staged for one change: `with Staging(files) as st:` checks every file first
    (EvidenceError, nothing kept), `st.commit()` inside the transaction moves them into place,
    and on any error the files this change created are removed again; temp files always go."""

    def __init__(self, files):
        self.files = list(files or [])
        self.staged: list[StagedFile] = []
        self.created: list[Path] = []

    def __enter__(self) -> Staging:
        self.staged = stage_all(self.files)
        return self

    def rows(self) -> list[dict]:
        return [row_fields(s) for s in self.staged]

    def commit(self) -> None:
        self.created = commit_all(self.staged)

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            forget(self.created)
        for s in self.staged:
            s.discard()
        return False


def store_with(uploads, write):
    """Stage `uploads` (EvidenceError on a bad one), then run `write(staged)` — the rows and the
    audit entry — in one transaction that also moves the files into place; after a failure no
    file of this call stays behind. Returns what `write` returns."""
    from django.db import transaction

    with Staging(uploads) as st, transaction.atomic():
        result = write(st.staged)
        st.commit()
    return result
