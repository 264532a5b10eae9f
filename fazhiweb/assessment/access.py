"""Fetching an assessment object for a user of the government that assesses it, or of the lower
government it assesses.

The permission table's `get_for` answers 404 for another government's object. A participant
that is a lower government (Participant.government) is also that government's business: its
office sees its standing, self-assesses and appeals. Models declare the way to that government
as `lower_government_path`; the permission rows (core/permissions.py, `assessment.*`) decide
what each side may do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fazhiweb.core.permissions import (
    DENIED,
    get_for,
    government_id_of,
    member_may,
    membership,
    require,
)


def get_for_either(user, model, pk, perm: str, queryset=None):
    """`get_for`, or the object of a round in which the user's government is assessed."""
    try:
        return get_for(user, model, pk, perm, queryset)
    except Http404:
        m = membership(user)
        path = getattr(model, "lower_government_path", None)
        if m is None or path is None:
            raise
        qs = queryset if queryset is not None else model._default_manager.all()
        obj = qs.filter(**{path: m.government_id}).filter(pk=pk).first()
        if obj is None:
            raise
        if not member_may(m, perm, obj):
            raise PermissionDenied(DENIED) from None
        return obj


def may(user, perm: str, obj) -> bool:
    """`allowed` for an object fetched by `get_for_either` (no government check: done on fetch)."""
    return member_may(membership(user), perm, obj)


def require_either(user, perm: str, obj):
    """`require`, or — for an object of a lower government assessed by its upper one — the same
    permission row checked for that lower government's member."""
    m = membership(user)
    path = getattr(type(obj), "lower_government_path", None)
    if m is not None and path is not None and m.government_id != government_id_of(obj):
        lower = obj
        for part in path.split("__"):
            lower = getattr(lower, part) if lower is not None else None
        if lower == m.government_id:
            if not member_may(m, perm, obj):
                raise PermissionDenied(DENIED)
            return m
    return require(user, perm, obj)


def lower_participations(user):
    """The participants standing for the user's government in rounds of the governments above."""
    from fazhiweb.assessment.models import Participant

    m = membership(user)
    if m is None or not (m.is_office or m.is_leader):
        return Participant.objects.none()
    return Participant.objects.filter(government_id=m.government_id).select_related("round__system__government")


def round_for(user, pk) -> tuple:
    """(round, lower): a round of the user's government (lower False), or one in which the
    user's government is assessed (lower True: its office and leaders)."""
    from fazhiweb.assessment.models import Round

    qs = Round.objects.select_related("system")
    try:
        return get_for(user, Round, pk, "assessment.view", qs), False
    except Http404:
        part = lower_participations(user).filter(round_id=pk).first()
        if part is None:
            raise
        return qs.get(pk=part.round_id), True
