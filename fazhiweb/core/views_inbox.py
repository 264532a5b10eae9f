"""The unread list (待阅): a user's own notification rows, nobody else's."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhiweb.core import notify
from fazhiweb.core.models import Notification
from fazhiweb.core.views import member_view


@member_view("member")
def inbox(request):
    rows = Notification.objects.filter(user=request.user).order_by("read_at", "-created_at", "-id")[:100]
    return render(request, "core/inbox.html", {"rows": rows})


@member_view("member")
def inbox_open(request, pk):
    """Open an item: it is read from now on."""
    row = get_object_or_404(Notification, pk=pk, user=request.user)
    notify.mark_read(request.user, row.pk)
    safe = url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()})
    return redirect(row.url if row.url and safe else "inbox")


@require_POST
@member_view("member")
def inbox_read_all(request):
    notify.mark_read(request.user)
    return redirect("inbox")
