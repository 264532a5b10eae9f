"""Backups are signed: an HMAC-SHA256 of manifest.json (which holds the sha256 of every other member)
with FAZHI_BACKUP_KEY, or else with a key created in var/backup_key (mode 0600, with a warning: keep a
copy of it elsewhere, restoring needs the same key). Restore also checks the audit log's hash chain
inside the archive before touching the database."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from django.conf import settings

from fazhiweb.audit.chain import PRUNE_ACTION, Break, anchors_of, walk
from fazhiweb.keys import var_secret

SIG_NAME = "manifest.sig"
AUDIT_MODEL = "audit.auditentry"
KEY_WARNING = ("警告:未设置 FAZHI_BACKUP_KEY,备份签名使用 var/backup_key 中的密钥(权限 0600)。"
               "请另行妥善保存该密钥:在其他机器上恢复需要同一密钥。")


def backup_key() -> tuple[bytes, bool]:
    """(key, from the environment?)."""
    env = os.environ.get("FAZHI_BACKUP_KEY")
    if env:
        return env.encode(), True
    return var_secret(Path(settings.VAR_DIR) / "backup_key").encode(), False


def sign(manifest_raw: bytes) -> str:
    return hmac.new(backup_key()[0], manifest_raw, hashlib.sha256).hexdigest()


def signature_ok(manifest_raw: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(manifest_raw), signature.strip())


def audit_breaks(data_path: Path) -> list[Break]:
    """The first break of each government's audit chain among the rows of data.jsonl."""

    def rows():
        with data_path.open(encoding="utf-8") as fh:
            for line in fh:
                if f'"{AUDIT_MODEL}"' not in line:
                    continue
                obj = json.loads(line)
                if obj.get("model") != AUDIT_MODEL:
                    continue
                f = obj["fields"]
                yield {"id": obj["pk"], "government_id": f.get("government"), "user_id": f.get("user"),
                       "entry_hash": f.get("entry_hash"), **{k: f.get(k) for k in
                                                             ("username", "at", "action", "object_type",
                                                              "object_id", "before", "after", "prev_hash")}}

    anchors: dict = {}
    for row in rows():
        if row["action"] == PRUNE_ACTION:
            anchors.setdefault(row["government_id"], set()).update(anchors_of(row["after"]))
    # The serializer writes rows in primary-key order, as the chains were made.
    return list(walk(rows(), anchors))
