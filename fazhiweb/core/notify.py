"""The unread list: who hears of what. Apps call these inside their service's transaction;
the header count, the 待阅 page and the `fazhi remind` digest read the same rows."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from fazhiweb.accounts.models import Membership
from fazhiweb.core.models import Notification

NOTICE, RETURNED, COMMENT, DUE = Notification.NOTICE, Notification.RETURNED, Notification.COMMENT, Notification.DUE


def _members(q: Q):
    return Membership.objects.filter(q, user__is_active=True).values_list("user_id", flat=True)


def notify_rows(rows) -> int:
    """(user_id, kind, text, url, key) rows in one insert; one item per user and key (a repeat is
    ignored)."""
    objs = [Notification(user_id=uid, kind=kind, text=text[:200], url=url[:200], key=key[:80])
            for uid, kind, text, url, key in rows]
    return len(Notification.objects.bulk_create(objs, ignore_conflicts=True)) if objs else 0


def notify(user_ids, kind: str, text: str, url: str, key: str) -> int:
    return notify_rows((uid, kind, text, url, key) for uid in dict.fromkeys(user_ids))


def notify_unit(unit_id: int, kind: str, text: str, url: str, key: str) -> int:
    """The liaisons of a unit."""
    return notify(_members(Q(role=Membership.LIAISON, unit_id=unit_id)), kind, text, url, key)


def notify_office(government_id: int, kind: str, text: str, url: str, key: str) -> int:
    return notify(_members(Q(role=Membership.OFFICE, government_id=government_id)), kind, text, url, key)


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user, pk=None) -> int:
    qs = unread(user)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
