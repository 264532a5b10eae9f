"""Leaders' 批示 on a task, a unit or a notice: one service (checked, audited, the office and the
unit told through the unread list) and the list a page shows, narrowed to who may read it."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from fazhiweb.audit.services import record
from fazhiweb.core.models import Comment
from fazhiweb.core.notify import COMMENT, notify, notify_office
from fazhiweb.core.permissions import allowed, get_for, require, unit_id_of

MAX_LENGTH = 2000


class CommentError(Exception):
    """User-facing message (Simplified Chinese)."""


def target_model(kind: str):
    if kind not in Comment.TARGETS:
        raise CommentError("未知的批示对象。")
    return apps.get_model(Comment.TARGETS[kind])


def fetch_target(user, kind: str, pk):
    """The object a comment is about, if the user may comment on it (get_for: 404 / 403)."""
    return get_for(user, target_model(kind), pk, "comment.create")


def _kind_of(obj) -> str:
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    return next(k for k, v in Comment.TARGETS.items() if v == label)


def _unit_liaisons(obj, unit_id):
    from fazhiweb.accounts.models import Membership

    units = [unit_id] if unit_id else list(obj.assignments.filter(active=True).values_list("unit_id", flat=True))
    return Membership.objects.filter(role=Membership.LIAISON, unit_id__in=units,
                                     user__is_active=True).values_list("user_id", flat=True)


def add_comment(user, obj, text: str, url: str) -> Comment:
    m = require(user, "comment.create", obj)
    text = (text or "").strip()
    if not text:
        raise CommentError("请填写批示内容。")
    if len(text) > MAX_LENGTH:
        raise CommentError(f"批示内容请勿超过 {MAX_LENGTH} 字。")
    kind = _kind_of(obj)
    unit_id = unit_id_of(obj)
    with transaction.atomic():
        c = Comment.objects.create(government_id=m.government_id, author=user, target_kind=kind,
                                   target_id=obj.pk, unit_id=unit_id, text=text)
        record(user, "comment.add", c, government=m.government, after=c.snapshot())
        who = user.get_full_name() or user.get_username()
        summary = f"{who} 对{Comment.KIND_LABELS[kind]}“{str(obj)[:30]}”作出批示:{text[:40]}"
        notify_office(m.government_id, COMMENT, summary, url, f"comment:{c.pk}")
        notify(_unit_liaisons(obj, unit_id), COMMENT, summary, url, f"comment:{c.pk}")
    return c


def comments_for(user, obj) -> list[Comment]:
    """The comments on `obj` the user may read (office and leaders all; a liaison their unit's)."""
    rows = (Comment.objects.filter(target_kind=_kind_of(obj), target_id=obj.pk)
            .select_related("author").order_by("-created_at", "-id"))
    return [c for c in rows if allowed(user, "comment.view", _Reading(c, obj))]


class _Reading:
    """A comment with its target, for the permission rule (a task's units are its assignees)."""

    government_path = None

    def __init__(self, comment: Comment, target):
        self.comment, self.target = comment, target
        self.government_id = comment.government_id

    def concerns_unit(self, unit_id) -> bool:
        if self.comment.unit_id is not None:
            return self.comment.unit_id == unit_id
        return self.target.assignments.filter(active=True, unit_id=unit_id).exists()
