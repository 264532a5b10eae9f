"""Request ids in every log line, and server errors answered clearly: a database that is locked
(after the busy timeout) or full gives 503 请稍后重试, as a page or as JSON for the API."""

from __future__ import annotations

import contextvars
import errno
import logging
import re
import sys
import uuid

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

BUSY = "系统繁忙(数据库暂时不可用),请稍后重试。"
FULL = "服务器存储空间不足,请稍后重试或联系管理员。"
FAILED = "服务器出错,已记录日志,请稍后重试或联系管理员。"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """One id per request (the proxy's X-Request-ID when it sends a sane one), in every log line and
    in the response header, so a user's report of a failure can be found in the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex[:16]
        request.request_id = rid
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error(request, *args, **kwargs):
    """handler500: called while the exception is being handled (Django has logged it already)."""
    exc = sys.exc_info()[1]
    disk_full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    busy = isinstance(exc, OperationalError) or disk_full
    if isinstance(exc, OperationalError) and "full" in str(exc):  # SQLite: "database or disk is full"
        disk_full = True
    status, message = (503, FULL if disk_full else BUSY) if busy else (500, FAILED)
    rid = getattr(request, "request_id", "-")
    if _wants_json(request):
        resp = JsonResponse({"error": message, "request_id": rid}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    else:
        try:
            resp = render(request, "error.html", {"message": message, "request_id": rid}, status=status)
        except Exception:  # the template may need the database too
            from django.http import HttpResponse

            resp = HttpResponse(f"<!doctype html><meta charset=utf-8><p>{message}</p><p>请求编号 {rid}</p>",
                                status=status)
    if busy:
        resp["Retry-After"] = "5"
    return resp


def not_found(request, exception=None):
    """handler404: JSON under /api/ (a wrong id or path there is the caller's to fix)."""
    if _wants_json(request):
        return JsonResponse({"error": "未找到。"}, status=404, json_dumps_params={"ensure_ascii": False})
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def bad_request(request, exception=None):
    """handler400 (e.g. too many files in one request): JSON under /api/."""
    message = "请求无效。"
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})
    from django.views.defaults import bad_request as default

    return default(request, exception)
