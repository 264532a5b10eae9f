"""The audit log becomes tamper-evident: a hash chain per government (existing entries chained in
id order) and database triggers that refuse UPDATE and DELETE on the table."""

import django.utils.timezone
from django.db import migrations, models

from fazhiweb.audit import chain


def backfill(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    last: dict = {}
    for entry in AuditEntry._base_manager.order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = last.get(entry.government_id, "")
        entry.entry_hash = chain.digest(chain.entry_fields(entry))
        AuditEntry._base_manager.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, entry_hash=entry.entry_hash)
        last[entry.government_id] = entry.entry_hash


def create_triggers(apps, schema_editor):
    chain.create_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    chain.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField("auditentry", "at", models.DateTimeField(
            db_index=True, default=django.utils.timezone.now, verbose_name="时间")),
        migrations.AddField("auditentry", "prev_hash", models.CharField(
            blank=True, default="", max_length=64, verbose_name="前一条哈希")),
        migrations.AddField("auditentry", "entry_hash", models.CharField(
            blank=True, default="", max_length=64, verbose_name="哈希")),
        migrations.AddIndex("auditentry", models.Index(fields=["government", "id"], name="audit_chain_idx")),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
