"""JSON API with token auth. Same access rules as the pages (fazhiweb.core.permissions)."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from fazhiweb.accounts.models import ApiToken
from fazhiweb.audit.services import record
from fazhiweb.audit.views import filtered as audit_filtered
from fazhiweb.core.permissions import get_for, membership, require
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.dashboard import current_reports
from fazhiweb.progress.due import DueCalculator, with_acceptance
from fazhiweb.progress.models import Report


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def ok(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def token_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme != "Token" or not key.strip():
        return None
    tok = ApiToken.objects.select_related("user").filter(key=key.strip()).first()
    if tok is None or not tok.user.is_active:
        return None
    ApiToken.objects.filter(pk=tok.pk).update(last_used=timezone.now())
    return tok.user


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


@csrf_exempt
def token(request):
    if request.method != "POST":
        return error(405, "请使用 POST。")
    data = request.POST
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return error(400, "请求体不是有效的 JSON。")
    user = authenticate(request, username=data.get("username", ""), password=data.get("password", ""))
    if user is None:
        return error(401, "用户名或密码错误。")
    m = membership(user)
    if m is not None and m.must_change_password:  # a one-time password opens nothing but its own change
        return error(403, "请先登录网页修改初始密码,再申请接口令牌。")
    with transaction.atomic():
        tok = ApiToken.objects.create(user=user, key=ApiToken.new_key())
        record(user, "token.create", tok, government=m.government if m else None, after={"user": user.username})
    return ok({"token": tok.key}, status=201)


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
        qs = qs.filter(unit_id=request.GET["unit"])
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
    data = request.POST
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return error(400, "请求体不是有效的 JSON。")
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
