"""The one workflow helper for objects with states (reports, notices; the registers next).

A flow is data: states and transitions, each transition naming the permission (core.permissions)
it needs, not a role. `Flow.run()` takes one step in one call: permission check, files staged
before any write, the version check with one conflict message, the conditional update, the event
row, the stored files, and the audit entry — all in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fazhiweb.accounts.models import Government
from fazhiweb.audit.services import record
from fazhiweb.core.files import EvidenceError, Staging
from fazhiweb.core.permissions import allowed, government_id_of, require

CONFLICT_MESSAGE = "该记录已被他人修改,请刷新后重试。"


class WorkflowError(Exception):
    """A user-facing message (Simplified Chinese)."""


class Conflict(WorkflowError):
    """The object changed since the user loaded it."""

    def __init__(self, message: str = CONFLICT_MESSAGE):
        super().__init__(message)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    perm: str
    comment: str = ""  # "required": the step needs a comment (its message says which)
    files: bool = False  # the step may carry files


@dataclass
class Flow:
    """States and transitions of one model, read from data (see `load`)."""

    model: type
    states: list[tuple[str, str]]
    transitions: dict[str, Transition]
    event_model: type  # a core.models.WorkflowEvent with a foreign key `event_fk` to the object
    event_fk: str
    version_field: str = "version"
    file_model: type | None = None  # a core.models.StoredFile with a foreign key `file_fk`
    file_fk: str = "event"  # "event": files belong to the step; else the name of the fk to the object
    audit_prefix: str = ""
    comment_messages: dict = field(default_factory=dict)
    # For objects between two governments (a 督察 notice): (obj, user) → the government whose
    # audit chain takes the step; by default the object's own government.
    government_of: Callable | None = None

    @classmethod
    def load(cls, path: Path, key: str, **kw) -> Flow:
        """`path`: a JSON file whose `key` holds {states: [{code, label}], transitions:
        [{action, label, from, to, perm, comment?, files?}]} with its legal source."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))[key]
        states = [(s["code"], s["label"]) for s in data["states"]]
        transitions = {t["action"]: Transition(t["action"], t["label"], tuple(t["from"]), t["to"], t["perm"],
                                               t.get("comment", ""), bool(t.get("files")))
                       for t in data["transitions"]}
        messages = {t["action"]: t["comment_message"] for t in data["transitions"] if t.get("comment_message")}
        return cls(states=states, transitions=transitions, comment_messages=messages, **kw)

    def label(self, state: str) -> str:
        return dict(self.states).get(state, state)

    def allowed_actions(self, user, obj) -> list[Transition]:
        """The steps `user` may take on `obj` now (for showing buttons)."""
        return [t for t in self.transitions.values()
                if getattr(obj, "state", None) in t.sources and allowed(user, t.perm, obj)]

    def run(self, user, obj, action: str, version, comment: str = "", files=(), changes=None,
            audit_after: dict | None = None):
        """Take step `action` on `obj`. `version`: the object's version the user's form was made
        from (None: the current one, for system steps); `changes`: more fields to set."""
        t = self.transitions.get(action)
        if t is None:
            raise WorkflowError("未知的操作。")
        require(user, t.perm, obj)
        try:
            version = None if version in (None, "") else int(version)
        except (TypeError, ValueError):
            raise Conflict() from None
        comment = (comment or "").strip()
        if t.comment == "required" and not comment:
            raise WorkflowError(self.comment_messages.get(action) or f"{t.label}时必须填写说明。")
        files = list(files or [])
        if files and not t.files:
            raise WorkflowError(f"{t.label}时不能上传文件。")
        try:
            with Staging(files) as st, transaction.atomic():
                current = self.model.objects.select_for_update().get(pk=obj.pk)
                seen = getattr(current, self.version_field)
                if version is not None and version != seen:
                    raise Conflict()
                if current.state not in t.sources:
                    raise WorkflowError(f"当前状态为“{self.label(current.state)}”,不能{t.label}。")
                before = current.state
                more = changes() if callable(changes) else changes  # callable: computed under the lock
                update = {"state": t.target, self.version_field: F(self.version_field) + 1, **(more or {})}
                if hasattr(current, "updated_at"):
                    update["updated_at"] = timezone.now()
                won = self.model.objects.filter(pk=current.pk, **{self.version_field: seen}).update(**update)
                if won != 1:
                    raise Conflict()
                current.refresh_from_db()
                event = self._event(current, user, action, before, comment)
                if self.file_model is not None:
                    owner = {self.file_fk: event if self.file_fk == "event" else current}
                    for row in st.rows():
                        self.file_model.objects.create(**owner, **row)
                st.commit()
                gid = self.government_of(current, user) if self.government_of else government_id_of(current)
                record(user, f"{self.audit_prefix}{action}", current, government=Government(pk=gid),
                       before={"state": before, "version": seen},
                       after={"state": current.state, "version": getattr(current, self.version_field),
                              "comment": comment, "evidence": [s.sha256 for s in st.staged], **(audit_after or {})})
        except EvidenceError as exc:
            raise WorkflowError(str(exc)) from exc
        return current

    def _event(self, obj, user, action: str, before: str, comment: str = ""):
        authenticated = user is not None and getattr(user, "is_authenticated", False)
        return self.event_model.objects.create(
            **{self.event_fk: obj}, action=action, from_state=before, to_state=obj.state, comment=comment,
            user=user if authenticated else None, username=user.get_username() if authenticated else "系统")

    def start(self, user, obj, action: str, comment: str = ""):
        """The event row of an object's first step (created in the caller's transaction)."""
        return self._event(obj, user, action, "", comment)
