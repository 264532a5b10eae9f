"""Posting a leader's 批示 (the list is shown by the comments_block tag on the target's page)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhiweb.core.comments import CommentError, add_comment, fetch_target
from fazhiweb.core.views import member_view


@require_POST
@member_view("comment.create")
def comment_add(request, kind, pk):
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    try:
        obj = fetch_target(request.user, kind, pk)
        add_comment(request.user, obj, request.POST.get("text", ""), back)
    except CommentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "批示已发出,管理员和相关单位会在“待阅”中看到。")
    return redirect(back)
