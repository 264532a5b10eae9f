"""Governments, memberships (who works for which government in which role) and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def fresh_version() -> int:
    return secrets.randbits(40)


class Government(models.Model):
    LEVELS = [("province", "省级"), ("city", "市级"), ("county", "县级"), ("town", "乡镇级")]

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("层级", max_length=16, choices=LEVELS, default="county")
    # Bumped by audit.services.record() in the transaction of every change to this government's
    # records (all governments for installation-wide changes): part of the page-cache keys.
    # It starts at a random number, so that a database emptied and filled again never meets
    # page bodies cached from its earlier life.
    data_version = models.PositiveBigIntegerField("数据版本", default=fresh_version, editable=False)

    class Meta:
        verbose_name = "政府"
        verbose_name_plural = "政府"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    OFFICE = "office"
    LIAISON = "liaison"
    LEADER = "leader"
    ROLES = [(OFFICE, "管理员"), (LIAISON, "联络员"), (LEADER, "领导")]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="members")
    role = models.CharField("角色", max_length=16, choices=ROLES)
    unit = models.ForeignKey(
        "directory.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="liaisons"
    )

    class Meta:
        verbose_name = "成员"
        verbose_name_plural = "成员"

    def clean(self):
        if self.role == self.LIAISON and self.unit_id is None:
            raise ValidationError("联络员必须关联一个单位。")
        if self.unit_id and self.unit.government_id != self.government_id:
            raise ValidationError("单位不属于该政府。")

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    @property
    def is_office(self) -> bool:
        return self.role == self.OFFICE

    @property
    def is_liaison(self) -> bool:
        return self.role == self.LIAISON

    @property
    def is_leader(self) -> bool:
        return self.role == self.LEADER

    def __str__(self) -> str:
        return f"{self.user} · {self.government} · {self.get_role_display()}"


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored: the key is shown once, when it is made."""

    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=12, blank=True)  # shown in the list to tell tokens apart
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(20)

    @staticmethod
    def hash_key(key: str) -> str:
        # A fast hash is enough: the key is 160 random bits, not a password.
        return hashlib.sha256(key.encode()).hexdigest()

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"


class PasswordState(models.Model):
    """When the password was last set, and whether it must be changed at the next login (accounts
    made or reset by an administrator)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state")
    changed_at = models.DateTimeField("密码修改时间")
    must_change = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "密码状态"
        verbose_name_plural = "密码状态"
