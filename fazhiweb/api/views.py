"""JSON API with token auth. Same access rules as the pages (fazhiweb.core.permissions)."""

from __future__ import annotations

import json
import logging
from functools import wraps

from django.contrib.auth import authenticate
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from fazhiweb.accounts import security
from fazhiweb.accounts.models import ApiToken
from fazhiweb.audit.views import filtered as audit_filtered
from fazhiweb.core.permissions import get_for, require
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.dashboard import current_reports
from fazhiweb.progress.due import DueCalculator, with_acceptance
from fazhiweb.progress.models import Report

log = logging.getLogger(__name__)


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def ok(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def token_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme != "Token" or not key.strip():
        return None
    return security.token_user(key.strip())


def json_body(request) -> dict:
    """The request's form fields, or its JSON body, which must be an object."""
    if request.content_type != "application/json":
        return request.POST
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise BadRequest("请求体不是有效的 JSON。") from None
    if not isinstance(data, dict):
        raise BadRequest("请求体应为 JSON 对象。")
    return data


def int_param(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"参数 {name} 应为整数。") from None


def api(methods: tuple[str, ...]):
    def deco(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                return error(405, "不支持的请求方法。")
            user = token_user(request)
            if user is None:
                resp = error(401, "需要有效的令牌:请在请求头中加入 Authorization: Token <key>。")
                resp["WWW-Authenticate"] = "Token"
                return resp
            request.user = user
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return error(403, str(exc) or "您没有权限执行此操作。")
            except Http404:
                return error(404, "未找到。")
            except ValidationError as exc:
                return error(400, "；".join(exc.messages))
            except BadRequest as exc:
                return error(400, str(exc) or "请求参数无效。")
            except (ValueError, TypeError):
                # A parameter of the wrong type that reached a query or a service: the caller's
                # mistake, answered as such (logged, so a real bug still shows).
                log.warning("API %s: bad input", request.path, exc_info=True)
                return error(400, "请求参数无效,请检查参数类型。")
            except progress_services.ReportConflict as exc:
                return error(409, str(exc))
            except (plan_services.PlanError, progress_services.ReportError) as exc:
                return error(400, str(exc))

        return wrapped

    return deco


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def plan_json(plan: Plan) -> dict:
    n_tasks = getattr(plan, "n_tasks", None)
    if n_tasks is None:
        n_tasks = plan.tasks.filter(removed=False).count()
    return {"id": plan.pk, "title": plan.title, "year": plan.year, "status": plan.status,
            "default_deadline": plan.default_deadline.isoformat() if plan.default_deadline else None,
            "tasks": n_tasks,
            "published_at": timezone.localtime(plan.published_at).isoformat() if plan.published_at else None}


def task_json(task: Task) -> dict:
    units = {"lead": [], "responsible": [], "support": []}
    for m in task.mentions.all():
        units[m.role].append({"raw": m.raw_name, "unit": m.unit.name if m.unit_id else None,
                              "unit_id": m.unit_id, "group": m.group.name if m.group_id else None})
    return {"id": task.pk, "path": task.path, "heading": task.heading, "title": task.title, "text": task.text,
            "units": units, "deadlines": task.deadlines, "targets": task.targets, "removed": task.removed}


def report_json(r: Report) -> dict:
    return {"id": r.pk, "assignment": r.assignment_id, "version": r.version, "lock_version": r.lock_version,
            "status": r.status,
            "text": r.text, "percent": r.percent, "reason": r.reason, "figures": r.figures, "state": r.state,
            "review_comment": r.review_comment, "milestones": r.milestones,
            "submitted_at": timezone.localtime(r.submitted_at).isoformat(),
            "evidence": [{"id": e.pk, "name": e.original_name, "size": e.size, "sha256": e.sha256}
                         for e in r.evidence.all()]}


def token_json(tok: ApiToken) -> dict:
    return {"id": tok.pk, "prefix": tok.prefix, "created": tok.created.isoformat(),
            "expires_at": tok.expires_at.isoformat() if tok.expires_at else None,
            "last_used": tok.last_used.isoformat() if tok.last_used else None}


@csrf_exempt
def token(request):
    """POST username + password → a new token, shown in this answer only. Failures count towards
    the lockout (django-axes), like the login form's."""
    if request.method != "POST":
        return error(405, "请使用 POST。")
    try:
        data = json_body(request)
    except BadRequest as exc:
        return error(400, str(exc))
    username, password = data.get("username", ""), data.get("password", "")
    if not isinstance(username, str) or not isinstance(password, str):
        return error(400, "username 和 password 应为字符串。")
    user = authenticate(request, username=username, password=password)
    if user is None:
        return error(401, "用户名或密码错误。")
    if security.password_problem(user):
        return error(403, "请先在网页上修改密码,再申请接口令牌。")
    if not security.second_factor_ok(user, data.get("otp")):
        return error(401, "该账户已启用动态口令:请同时提交 otp(验证器上的 6 位验证码)。")
    tok, key = security.issue_token(user)
    return ok({"token": key, **token_json(tok)}, status=201)


@api(("GET",))
def tokens(request):
    """The caller's active tokens (prefixes only: keys are never shown again)."""
    return ok({"tokens": [token_json(t) for t in security.active_tokens(request.user)]})


@api(("DELETE", "POST"))
def token_revoke(request, pk):
    tok = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if tok is None:
        raise Http404
    security.revoke_token(request.user, tok)
    return ok({"revoked": tok.pk})


@api(("GET", "POST"))
def plans(request):
    if request.method == "GET":
        m = require(request.user, "member")
        qs = Plan.objects.filter(government=m.government).annotate(
            n_tasks=Count("tasks", filter=Q(tasks__removed=False)))
        if m.is_liaison:
            qs = qs.filter(status=Plan.PUBLISHED)
        return ok({"plans": [plan_json(p) for p in qs]})
    m = require(request.user, "plan.create")
    upload = request.FILES.get("file")
    if upload is None:
        return error(400, "请以 multipart 形式上传 file 字段。")
    plan = plan_services.import_plan(request.user, m.government, upload)
    return ok(plan_json(plan), status=201)


@api(("POST",))
def plan_publish(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.edit")
    counts = plan_services.publish(request.user, plan)
    plan.refresh_from_db()
    return ok({**plan_json(plan), "assignments": counts})


@api(("GET",))
def plan_tasks(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.view")
    tasks = plan.tasks.prefetch_related("mentions__unit", "mentions__group")
    return ok({"plan": plan_json(plan), "tasks": [task_json(t) for t in tasks]})


@api(("GET",))
def assignments(request):
    m = require(request.user, "member")
    qs = Assignment.objects.filter(active=True, task__removed=False, task__plan__government=m.government,
                                   task__plan__status=Plan.PUBLISHED).select_related("task__plan", "unit")
    if m.is_liaison:
        qs = qs.filter(unit=m.unit)
    elif request.GET.get("unit"):
        qs = qs.filter(unit_id=int_param(request.GET["unit"], "unit"))
    qs = list(with_acceptance(qs))
    latest, _ = current_reports(qs)
    prefetch_related_objects(list(latest.values()), "evidence")
    calc = DueCalculator()
    out = []
    for a in qs:
        last = latest.get(a.pk)
        st = calc.assignment_status(a)  # the one clock: the deadline this unit is chased on now
        out.append({"id": a.pk, "plan": a.task.plan_id, "task": a.task_id, "path": a.task.path,
                    "task_title": a.task.short, "unit": a.unit.name, "unit_id": a.unit_id, "role": a.role,
                    "due": _iso(st.due.date), "deadline": _iso(st.due.final), "due_status": st.state,
                    "milestones": [{"date": m.date.isoformat(), "key": m.key, "text": m.text, "recurring": m.recurring}
                                   for m in a.task.milestones()],
                    "targets": a.task.targets, "latest_report": report_json(last) if last else None})
    out.sort(key=lambda x: x["due"] or "9999")
    return ok({"assignments": out})


@api(("POST",))
def assignment_reports(request, pk):
    a = get_for(request.user, Assignment, pk, "assignment.report")
    post = request.POST
    data = progress_services.report_data(post)
    report = progress_services.submit_report(request.user, a, data, request.FILES.getlist("files"),
                                             token=post.get("token") or request.headers.get("Idempotency-Key"),
                                             base_version=post.get("version"), draft=bool(post.get("draft")),
                                             remove=post.getlist("remove"))
    return ok(report_json(report), status=201)


@api(("POST",))
def report_withdraw(request, pk):
    """The unit takes a submitted report back before review (it becomes a draft)."""
    report = get_for(request.user, Report, pk, "report.edit")
    report = progress_services.withdraw_report(request.user, report, request.POST.get("lock_version"))
    return ok(report_json(report))


@api(("POST",))
def report_review(request, pk):
    report = get_for(request.user, Report, pk, "report.review")
    data = json_body(request)
    report = progress_services.review_report(request.user, report, data.get("action", ""), data.get("comment", ""),
                                             lock_version=data.get("lock_version"))
    return ok(report_json(report))


@api(("GET",))
def audit(request):
    m = require(request.user, "audit.view")
    qs = audit_filtered(m.government, request.GET)[:500]
    return ok({"entries": [{"id": e.pk, "at": timezone.localtime(e.at).isoformat(), "user": e.username, "action": e.action,
                            "object_type": e.object_type, "object_id": e.object_id, "before": e.before,
                            "after": e.after} for e in qs]})
