"""Shared view helpers and the role-aware home page."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from fazhiweb.core.permissions import require


def member_view(perm: str = "member"):
    """Login required + government membership + role check for a whole-page permission."""

    def deco(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.member = require(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return deco


def run_action(request, fn, ok: str, errors: tuple = ()) -> bool:
    """Run a service call for a form button: its refusal (a WorkflowError, or one of `errors`)
    becomes an error message, success the `ok` message. Returns whether it succeeded."""
    from django.contrib import messages

    from fazhiweb.core.workflow import WorkflowError

    try:
        fn()
    except (WorkflowError, *errors) as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, ok)
    return True


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An .xlsx download; the (Chinese) file name goes in RFC 5987 form."""
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp
