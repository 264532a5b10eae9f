"""Rendered page bodies, cached per government data version.

The busy pages (liaison home, plan dashboard, supervision board) render their main content block
once per key and serve the HTML from Django's cache afterwards; the page around it (user name,
navigation, messages, CSRF token) is rendered per request as usual. A key holds everything the body
depends on:

- the view and its object (plan, unit, page number, ...);
- the viewer's government and that government's `data_version`, which `audit.services.record()`
  bumps in the transaction of every change (all governments for installation-wide changes such as
  the holiday table). The version comes with the membership row every request loads anyway;
- the viewer's role (the bodies show role-dependent links), never the user: a body template gets a
  `Viewer` with the role only, not the membership or the request;
- today's date (deadline statuses and working days left depend on it).

The cache is per process (LocMemCache): an entry made stale by a change in another process is never
hit again because the version in the key has moved on. Call `body()` only after the access check:
a cached body must never reach someone who may not see the page.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import MiddlewareNotUsed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

MAX_PAGE = 100_000


def today() -> dt.date:
    """The date the pages are computed for (part of every key); tests monkeypatch this."""
    return timezone.localdate()


def page_number(raw) -> str:
    """A page number for both the key and the paginator, so that junk values share one entry."""
    raw = str(raw or "")
    return str(min(int(raw), MAX_PAGE)) if raw.isdigit() else "1"


@dataclass(frozen=True)
class Viewer:
    """What a cached body may know about who looks at it: the role, which is part of the key."""

    role: str

    @property
    def is_office(self) -> bool:
        return self.role == "office"

    @property
    def is_leader(self) -> bool:
        return self.role == "leader"

    @property
    def is_liaison(self) -> bool:
        return self.role == "liaison"


def key(member, view: str, parts: tuple, day: dt.date) -> str:
    gov = member.government
    tail = ":".join(str(p) for p in parts)
    return f"page:{view}:g{gov.pk}:v{gov.data_version}:{day.isoformat()}:{member.role}:{tail}"


def body(member, view: str, parts: tuple, day: dt.date, template: str, build: Callable[[], dict]) -> SafeString:
    """The HTML of `template` rendered with `build()` (called only on a miss) for this key."""
    k = key(member, view, parts, day)
    html = cache.get(k)
    if html is None:
        html = str(render_to_string(template, {**build(), "member": Viewer(member.role)}))
        cache.set(k, html)
        _note("miss")
    else:
        _note("hit")
    return mark_safe(html)


_status = threading.local()  # per request thread: did this request's bodies come from the cache?


def _note(outcome: str) -> None:
    if getattr(_status, "value", None) != "miss":  # one miss makes the request a miss
        _status.value = outcome


class CacheStatusMiddleware:
    """With FAZHI_CACHE_HEADER=1 (set by `bench_web` for its server only), answers carry
    X-Fazhi-Cache: hit or miss, so the benchmark can report each page's hit share."""

    def __init__(self, get_response):
        if os.environ.get("FAZHI_CACHE_HEADER") != "1":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        _status.value = None
        response = self.get_response(request)
        if _status.value:
            response["X-Fazhi-Cache"] = _status.value
        return response


class FileCache(FileBasedCache):
    """Django's FileBasedCache, except that it checks its size on one write in CULL_EVERY instead of
    on every write: the check lists the whole directory, which holds up to MAX_ENTRIES files (every
    stale version's entries until culled) — on a busy day most of a miss's write. The cache may
    overshoot MAX_ENTRIES by about CULL_EVERY entries per process."""

    CULL_EVERY = 50

    def _cull(self):
        if random.random() * self.CULL_EVERY < 1:  # noqa: S311 -- sampling, not security
            super()._cull()
