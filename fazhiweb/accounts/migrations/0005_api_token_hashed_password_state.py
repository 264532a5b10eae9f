"""API tokens stored as SHA-256 hashes (existing keys hashed in place), with expiry and revocation;
PasswordState records when a password was set and whether it must be changed at the next login."""

import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hash_keys(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for tok in ApiToken.objects.all():
        tok.key_hash = hashlib.sha256(tok.key.encode()).hexdigest()
        tok.prefix = tok.key[:8]
        tok.save(update_fields=["key_hash", "prefix"])


def start_password_clocks(apps, schema_editor):
    """Existing accounts: the expiry clock starts now, at the upgrade."""
    from django.utils import timezone

    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PasswordState = apps.get_model("accounts", "PasswordState")
    now = timezone.now()
    PasswordState.objects.bulk_create([PasswordState(user_id=pk, changed_at=now)
                                       for pk in User.objects.values_list("pk", flat=True)])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_alter_government_data_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("apitoken", "key_hash", models.CharField(max_length=64, null=True)),
        migrations.AddField("apitoken", "prefix", models.CharField(blank=True, max_length=12, verbose_name="前缀")),
        migrations.AddField("apitoken", "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="有效期至")),
        migrations.AddField("apitoken", "revoked_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="撤销时间")),
        migrations.RunPython(hash_keys, migrations.RunPython.noop),
        migrations.RemoveField("apitoken", "key"),
        migrations.AlterField("apitoken", "key_hash", models.CharField(max_length=64, unique=True)),
        migrations.CreateModel(
            name="PasswordState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("changed_at", models.DateTimeField(verbose_name="密码修改时间")),
                ("must_change", models.BooleanField(default=False, verbose_name="下次登录须修改密码")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="password_state", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "密码状态", "verbose_name_plural": "密码状态"},
        ),
        migrations.RunPython(start_password_clocks, migrations.RunPython.noop),
    ]
