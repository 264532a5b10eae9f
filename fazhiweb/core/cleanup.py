"""Removing what interrupted or rejected uploads left behind: staged files under MEDIA_ROOT/tmp
(Django's upload temp files go there too, see settings.FILE_UPLOAD_TEMP_DIR) and restore/backup work
folders. Run by `fazhi cleanup` (and so by `make run`); backups never include MEDIA_ROOT/tmp."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

WORK_PREFIXES = ("fazhi-backup-", ".fazhi-restore-")


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.lstat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def cleanup(max_age: int = 3600) -> int:
    """Delete staging files and work folders older than `max_age` seconds (younger ones may belong
    to an upload in progress); return how many were removed."""
    cutoff = time.time() - max_age
    media = Path(settings.MEDIA_ROOT)
    removed = 0
    staging = media / "tmp"
    if staging.is_dir():
        for p in staging.iterdir():
            if _old(p, cutoff):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
                removed += 1
    for folder in {Path(tempfile.gettempdir()), media.parent}:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(WORK_PREFIXES) and p.is_dir() and _old(p, cutoff):
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
    return removed
