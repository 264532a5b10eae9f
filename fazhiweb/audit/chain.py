"""The audit log's tamper evidence.

1. Database triggers reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the audit table, so
   not even raw SQL changes an entry; only an explicit maintenance step (restore, `manage.py
   flush`) drops them, and recreates them in the same transaction.
2. Every entry carries the hash of the previous entry of the same government (one chain per
   government, so writers of different governments do not wait on each other) and its own hash
   over its fields and that link. Changing, removing or inserting an entry with the triggers
   dropped breaks the chain at that entry, which `fazhi audit verify` names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

TABLE = "audit_auditentry"
SQLITE_TRIGGERS = {
    "audit_no_update": f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
                       "BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END",
    "audit_no_delete": f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
                       "BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END",
}
PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP; END $$"
)
PG_TRIGGERS = {
    "audit_no_update_delete": f"CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
                              "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    "audit_no_truncate": f"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE} "
                         "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
}
HASHED_FIELDS = ("government_id", "user_id", "username", "at", "action", "object_type", "object_id",
                 "before", "after", "prev_hash")


def digest(fields: dict) -> str:
    """SHA-256 over the entry's fields in a fixed form. `at` is an aware datetime (or its ISO text)."""
    values = []
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if name == "at" and not isinstance(value, str):
            value = value.isoformat()
        values.append(value)
    raw = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def entry_fields(entry) -> dict:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


# -- triggers ----------------------------------------------------------------------------------------

def create_triggers(connection) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            for name, sql in PG_TRIGGERS.items():
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
                cur.execute(sql)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_TRIGGERS.values():
                cur.execute(sql)


def drop_triggers(connection) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for name in PG_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")


def lock_chain(connection, government_id: int | None) -> None:
    """Serialize writers of one government's chain until the transaction ends. SQLite needs nothing:
    its write transactions (BEGIN IMMEDIATE) already run one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x4641, government_id or 0])


# -- verification ------------------------------------------------------------------------------------

@dataclass
class Break:
    entry_id: int
    government_id: int | None
    reason: str

    def __str__(self) -> str:
        gov = "无政府" if self.government_id is None else f"政府 {self.government_id}"
        return f"审计记录 #{self.entry_id}({gov}):{self.reason}"


PRUNE_ACTION = "audit.prune"


def anchors_of(after: dict | None) -> set[str]:
    """The hashes a prune entry vouches for: the last removed entry of its chain."""
    anchor = (after or {}).get("anchor") if isinstance(after, dict) else None
    return {anchor} if anchor else set()


def walk(entries: Iterable[dict], anchors: dict | None = None) -> Iterator[Break]:
    """Check chains of entries given in id order (dicts with id, entry_hash and HASHED_FIELDS);
    yield the first break of each government's chain. A chain starts with prev_hash "" or, after
    `fazhi audit prune`, with a hash its prune entry recorded (`anchors`: government → hashes)."""
    anchors = anchors or {}
    last: dict = {}
    broken: set = set()
    for e in entries:
        gov = e.get("government_id")
        if gov in broken:
            continue
        if gov not in last and e.get("prev_hash") in anchors.get(gov, ()):
            last[gov] = e.get("prev_hash")
        prev = last.get(gov, "")
        if e.get("prev_hash") != prev:
            broken.add(gov)
            yield Break(e["id"], gov, "与前一条记录的链接不符(前面的记录被删除、插入或修改)")
            continue
        if digest(e) != e.get("entry_hash"):
            broken.add(gov)
            yield Break(e["id"], gov, "内容与其哈希值不符(记录被修改)")
            continue
        last[gov] = e["entry_hash"]


def verify_database(using: str = "default", government_id: int | None = None) -> tuple[int, list[Break]]:
    """(entries checked, first break per government) for the audit table, or for one government's
    chain (the audit administrator's page)."""
    from fazhiweb.audit.models import AuditEntry

    base = AuditEntry.objects.using(using)
    if government_id is not None:
        base = base.filter(government_id=government_id)
    qs = base.order_by("id").values("id", "entry_hash", *HASHED_FIELDS)
    anchors: dict = {}
    for gov, after in base.filter(action=PRUNE_ACTION).values_list("government_id", "after"):
        anchors.setdefault(gov, set()).update(anchors_of(after))
    n = 0

    def rows():
        nonlocal n
        for row in qs.iterator(chunk_size=2000):
            n += 1
            yield row

    breaks = list(walk(rows(), anchors))
    return n, breaks


def prune(days: int, using: str = "default") -> dict:
    """Remove entries older than `days` (never fewer than settings.FAZHI_AUDIT_RETENTION_DAYS) in
    one transaction with the triggers dropped and recreated inside it; each government's removal is
    recorded by an entry carrying the last removed hash, from which its chain goes on. Returns
    {government id: entries removed}."""
    import datetime as dt

    from django.apps import apps
    from django.conf import settings
    from django.db import connections, transaction
    from django.utils import timezone

    Government = apps.get_model("accounts", "Government")  # by label: audit sits below accounts
    from fazhiweb.audit.models import AuditEntry
    from fazhiweb.audit.services import record

    if days < settings.FAZHI_AUDIT_RETENTION_DAYS:
        raise ValueError(f"审计记录至少保存 {settings.FAZHI_AUDIT_RETENTION_DAYS} 天(FAZHI_AUDIT_RETENTION_DAYS)。")
    cutoff = timezone.now() - dt.timedelta(days=days)
    connection = connections[using]
    removed: dict = {}
    with transaction.atomic(using=using):
        old = AuditEntry.objects.using(using).filter(at__lt=cutoff)
        govs = set(old.values_list("government_id", flat=True).distinct())
        drop_triggers(connection)
        for gov in govs:
            mine = old.filter(government_id=gov)
            last = mine.order_by("-id").values_list("entry_hash", flat=True).first()
            removed[gov] = mine._raw_delete(using)
            record(None, PRUNE_ACTION, government=Government.objects.using(using).filter(pk=gov).first(),
                   object_type="audit", object_id=gov or "", bump=False,
                   after={"before": cutoff.isoformat(), "removed": removed[gov], "anchor": last})
        create_triggers(connection)
    return removed
