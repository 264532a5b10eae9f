"""The audit log is tamper-evident: triggers refuse raw UPDATE/DELETE (SQLite and PostgreSQL), each
government's entries form a hash chain that `fazhi audit verify` walks, the migration's backfill
makes a valid chain, and a doctored backup is refused."""

from __future__ import annotations

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from fazhi import cli
from fazhiweb.audit import chain
from fazhiweb.audit.models import AuditEntry
from fazhiweb.audit.services import record
from fazhiweb.core import backup as bk

from .test_backup import _rewrite

TABLE = "audit_auditentry"


@pytest.fixture
def entries(county, other_county, people):
    for i in range(3):
        record(people["王主任"], "unit.update", county.u["县司法局"], after={"n": i, "名称": "县司法局"})
        record(people["外县主任"], "unit.update", government=other_county, object_type="x", object_id=i)
    record(None, "holiday.create", object_type="core.holiday", object_id=1)
    return list(AuditEntry.objects.order_by("id"))


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)


def test_raw_update_and_delete_are_refused(entries):
    pk = entries[0].pk
    with pytest.raises(DatabaseError):
        _raw(f"UPDATE {TABLE} SET username = 'x' WHERE id = %s", [pk])
    with pytest.raises(DatabaseError):
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError):
            _raw(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEntry.objects.get(pk=pk).username == "wang"


def test_one_chain_per_government(entries, county, other_county):
    for gov in (county.pk, other_county.pk, None):
        mine = [e for e in entries if e.government_id == gov]
        assert mine[0].prev_hash == ""
        assert [e.prev_hash for e in mine[1:]] == [e.entry_hash for e in mine[:-1]]
    assert chain.verify_database() == (len(entries), [])
    assert cli.main(["audit", "verify"]) == 0


def test_verify_names_the_entry_changed_with_the_triggers_dropped(entries, capsys):
    target = [e for e in entries if e.action == "unit.update"][2]
    chain.drop_triggers(connection)
    _raw(f"UPDATE {TABLE} SET after = %s WHERE id = %s", [json.dumps({"n": 99}), target.pk])
    chain.create_triggers(connection)
    assert cli.main(["audit", "verify"]) == 1
    out = capsys.readouterr()
    assert f"#{target.pk}" in out.out and "被修改" in out.err
    n, breaks = chain.verify_database()
    assert [b.entry_id for b in breaks] == [target.pk]


def test_verify_finds_a_deleted_entry(entries, county):
    mine = [e for e in entries if e.government_id == county.pk]
    chain.drop_triggers(connection)
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [mine[1].pk])
    chain.create_triggers(connection)
    _n, breaks = chain.verify_database()
    assert [(b.entry_id, b.government_id) for b in breaks] == [(mine[2].pk, county.pk)]


def test_migration_backfills_a_valid_chain(entries):
    backfill = importlib.import_module("fazhiweb.audit.migrations.0002_hash_chain_and_append_only_triggers").backfill
    chain.drop_triggers(connection)
    _raw(f"UPDATE {TABLE} SET prev_hash = '', entry_hash = ''")
    assert chain.verify_database()[1]  # not a chain any more
    backfill(apps, None)
    chain.create_triggers(connection)
    assert chain.verify_database() == (len(entries), [])


@pytest.mark.django_db(transaction=True)
def test_doctored_backup_is_refused(county, other_county, people, tmp_path):
    record(people["王主任"], "unit.update", county.u["县司法局"], after={"名称": "原来的名称"})
    out, bad = tmp_path / "b.tar.gz", tmp_path / "bad.tar.gz"
    bk.backup(out)
    state = {}

    def doctor(name, data):
        if name == "data.jsonl":
            data = data.replace("原来的名称".encode(), "改过的名称".encode())
            state["sha"] = hashlib.sha256(data).hexdigest()
        elif name == "manifest.json":
            m = json.loads(data)
            m["data"]["sha256"] = state["sha"]  # the manifest's hash made to match
            data = json.dumps(m, ensure_ascii=False).encode()
        return data

    _rewrite(out, bad, doctor, resign=False)
    with pytest.raises(bk.BackupError, match="签名不符"):
        bk.restore(bad, force=True)
    _rewrite(out, bad, doctor, resign=True)  # even signed with the right key: the chain shows it
    with pytest.raises(bk.BackupError, match="哈希链断开"):
        bk.restore(bad, force=True)
    bk.restore(out, force=True)  # the genuine one restores, the triggers are back, the restore recorded
    assert AuditEntry.objects.filter(action="backup.restore").count() == 1
    assert chain.verify_database()[1] == []
    with pytest.raises(DatabaseError):
        _raw(f"DELETE FROM {TABLE}")


def test_prune_keeps_the_retention_and_the_chain(county, people, monkeypatch, tmp_path, capsys):
    import datetime as dt

    from django.core import serializers
    from django.utils import timezone

    from fazhiweb.core.backup_seal import audit_breaks

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() - dt.timedelta(days=400))
    for i in range(3):
        record(people["王主任"], "unit.update", county.u["县司法局"], after={"old": i})
    monkeypatch.setattr(timezone, "now", real_now)
    kept = [record(people["王主任"], "unit.update", county.u["县司法局"], after={"new": i}) for i in range(2)]
    assert cli.main(["audit", "prune", "--days", "30"]) == 2  # under the retention setting: refused
    assert "至少保存" in capsys.readouterr().err
    assert AuditEntry.objects.filter(government=county).count() == 5
    assert cli.main(["audit", "prune"]) == 0
    left = list(AuditEntry.objects.filter(government=county).order_by("id"))
    assert [e.pk for e in left[:2]] == [e.pk for e in kept] and left[2].action == "audit.prune"
    assert left[2].after["removed"] == 3
    assert chain.verify_database()[1] == []
    assert cli.main(["audit", "verify"]) == 0
    with pytest.raises(DatabaseError):  # the triggers are back
        _raw(f"DELETE FROM {TABLE} WHERE id = %s", [left[0].pk])
    data = tmp_path / "data.jsonl"
    data.write_text(serializers.serialize("jsonl", AuditEntry.objects.order_by("id"), cls=bk._ExactEncoder),
                    encoding="utf-8")  # as fazhi backup writes it
    assert audit_breaks(data) == []  # a backup of the pruned log restores


def test_the_audit_page_checks_its_own_governments_chain(entries, client, county, other_county):
    from django.urls import reverse

    from .conftest import _user

    theirs = [e for e in entries if e.government_id == other_county.pk][1]
    chain.drop_triggers(connection)
    _raw(f"UPDATE {TABLE} SET username = 'x' WHERE id = %s", [theirs.pk])
    chain.create_triggers(connection)
    client.force_login(_user("aud", county, "auditor"))
    assert "审计日志完整" in client.get(reverse("audit:verify"), follow=True).content.decode()  # not ours
    client.force_login(_user("aud2", other_county, "auditor"))
    assert f"#{theirs.pk}" in client.get(reverse("audit:verify"), follow=True).content.decode()
