"""The append-only audit log: one entry per change made through a service function."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditImmutableError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("审计日志只能追加,不能修改。")

    def delete(self):
        raise AuditImmutableError("审计日志只能追加,不能删除。")


class AuditEntry(models.Model):
    government = models.ForeignKey(
        "accounts.Government", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("操作人", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)  # set before hashing
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    # The hash chain (audit.chain): the previous entry's hash in the same government, and this one's.
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True, default="")
    entry_hash = models.CharField("哈希", max_length=64, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["government", "id"], name="audit_chain_idx")]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("审计日志只能追加,不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("审计日志只能追加,不能删除。")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}#{self.object_id}"
