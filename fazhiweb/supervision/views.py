"""督办 pages: board, liaison due list, problem list (notices), notice lifecycle, exports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhiweb.core import pagecache
from fazhiweb.core.files import file_response
from fazhiweb.core.permissions import get_for
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress.dashboard import rows_for_ids, shared_states
from fazhiweb.progress.due import (
    DONE,
    DueCalculator,
    Item,
    items_for,
    open_assignments,
    pending_entries,
    scan,
)
from fazhiweb.supervision import services
from fazhiweb.supervision.board import board_xlsx, notices_query, notices_xlsx, plan_board
from fazhiweb.supervision.models import OPEN_STATES, Notice, NoticeEvidence
from fazhiweb.supervision.rules import notice_kinds, notice_states, reply_workdays


def _notice_for(request, pk) -> Notice:
    """The notice if the user may see it: other governments and other units' liaisons get 404."""
    return get_for(request.user, Notice, pk, "notice.view", Notice.objects.select_related("unit", "created_by"))


@member_view("member")
def index(request):
    m = request.member
    today = timezone.localdate()
    notices = Notice.objects.filter(government_id=m.government_id, state__in=OPEN_STATES)
    if m.is_liaison:
        notices = notices.filter(unit_id=m.unit_id)
    counts = notices.aggregate(open=Count("id"), late=Count("id", filter=Q(reply_by__lt=today)))
    ctx = {"counts": counts, "soon_days": settings.FAZHI_DUE_SOON_DAYS}
    if m.is_liaison:
        calc = DueCalculator()
        pending = pending_entries(scan(open_assignments(Assignment.objects.filter(
            unit_id=m.unit_id, task__plan__government_id=m.government_id)), calc))
        page = Paginator(pending, 30).get_page(request.GET.get("page"))
        rows = rows_for_ids([e.id for e in page.object_list], calc)
        ctx.update(items=[Item(r.assignment, r.status) for r in rows], due_page=page, due_count=len(pending),
                   calendar_note=calc.note,
                   notices=notices.select_related("unit").order_by("reply_by", "id")[:50], today=today)
    else:
        ctx["plans"] = Plan.objects.current().filter(government_id=m.government_id,
                                                     status=Plan.PUBLISHED).order_by("-id")
    return render(request, "supervision/index.html", ctx)


@member_view("member")
def board(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.ledger")
    m = request.member  # before the cache: the gate for the cached body
    if not plan.is_published:
        raise Http404("计划未发布。")
    day = pagecache.today()
    body = pagecache.body(m, "supervision.board", (plan.pk,), day, "supervision/_board_body.html",
                          lambda: {"plan": plan, "b": _board(plan, DueCalculator(day))})
    return render(request, "supervision/board.html", {"plan": plan, "body": body})


def _board(plan, calc):
    return plan_board(plan, calc, shared_states(plan, calc))


@member_view("member")
def board_export(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.ledger")
    return xlsx_response(board_xlsx(plan, plan_board(plan)), f"督办看板-{plan.title}.xlsx")


def _unit_choices(member):
    if member.is_liaison:
        return []
    return list(Unit.objects.filter(government_id=member.government_id).order_by("name").only("id", "name"))


@member_view("member")
def notice_list(request):
    m = request.member
    qs, state = notices_query(m, request.GET)
    states = [("open", "未办结"), ("overdue", "逾期未办结")] + notice_states() + [("all", "全部")]
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/notices.html", {
        "notices": page.object_list, "page": page, "state": state, "states": states, "units": _unit_choices(m),
        "unit": request.GET.get("unit", ""), "today": timezone.localdate(), "query": query.urlencode(),
    })


@member_view("member")
def notice_export(request):
    qs, _ = notices_query(request.member, request.GET)
    return xlsx_response(notices_xlsx(qs, timezone.localdate()), "督办问题清单.xlsx")


ITEM_LIMIT = 300
STATUS_FILTERS = [("pending", "已逾期和即将到期"), ("overdue", "已逾期"), ("soon", "即将到期"), ("all", "全部未完成")]


def _notice_items(m, f: dict, calc: DueCalculator) -> tuple[list[Item], int]:
    """The assignments the filters pick (units, plan, status, due on or before), nothing ticked."""
    qs = open_assignments(Assignment.objects.filter(task__plan__government_id=m.government_id))
    if f["units"]:
        qs = qs.filter(unit_id__in=f["units"])
    if f["plan"]:
        qs = qs.filter(task__plan_id=f["plan"])
    items = [i for i in items_for(qs.order_by("unit__name", "task__plan_id", "task__order", "role"), calc)
             if i.status.state != DONE]
    status = f["status"]
    if status == "pending":
        items = [i for i in items if i.status.pending]
    elif status in ("overdue", "soon"):
        items = [i for i in items if (i.status.overdue if status == "overdue" else i.status.due_soon)]
    if f["due"]:
        items = [i for i in items if i.status.due.date and i.status.due.date <= f["due"]]
    return items[:ITEM_LIMIT], len(items)


def _notice_filters(m, data) -> dict:
    units = {int(x) for x in data.getlist("unit") if x.isdigit()}
    plan = data.get("plan", "")
    try:
        due = dt.date.fromisoformat(data.get("due") or "")
    except ValueError:
        due = None
    status = data.get("status") or "pending"
    return {"units": units, "plan": int(plan) if plan.isdigit() else None, "due": due,
            "status": status if status in dict(STATUS_FILTERS) else "pending",
            "chosen": bool(units or plan or data.get("status") or due)}


@member_view("office")
def notice_new(request):
    """督办单: filter the government's open assignments (units, plan, status, due), tick what the
    notice is about (nothing is ticked for you), and issue one numbered notice to each unit."""
    m = request.member
    f = _notice_filters(m, request.GET if request.method == "GET" else request.POST)
    values = {"kind": request.POST.get("kind", "daily"), "reason": request.POST.get("reason", ""),
              "reply_by": request.POST.get("reply_by") or services.default_reply_by().isoformat(),
              "assignments": {int(x) for x in request.POST.getlist("assignments") if x.isdigit()}}
    errors: list[str] = []
    if request.method == "POST":
        try:
            notices = services.issue_notices(request.user, m.government, values["assignments"],
                                             values["kind"], values["reason"], values["reply_by"])
        except services.NoticeError as exc:
            errors = [str(exc)]
        else:
            messages.success(request, "已下发 " + "、".join(f"{n.number}({n.unit.name})" for n in notices) + "。")
            return redirect("supervision:notice", pk=notices[0].pk) if len(notices) == 1 else redirect(
                "supervision:notices")
    items, total = _notice_items(m, f, DueCalculator()) if f["chosen"] else ([], 0)
    plans = Plan.objects.current().filter(government_id=m.government_id, status=Plan.PUBLISHED).order_by("-id")
    return render(request, "supervision/notice_form.html", {
        "units": _unit_choices(m), "plans": plans, "f": f, "statuses": STATUS_FILTERS, "items": items,
        "total": total, "limit": ITEM_LIMIT, "values": values, "kinds": notice_kinds(), "errors": errors,
        "reply_workdays": reply_workdays(),
    }, status=400 if errors else 200)


@member_view("member")
def notice_detail(request, pk):
    notice = _notice_for(request, pk)
    assignments = notice.assignments.select_related("task__plan", "unit")
    calc = DueCalculator()
    items = items_for(assignments, calc)
    events = notice.events.prefetch_related("evidence")
    return render(request, "supervision/notice.html", {
        "notice": notice, "items": items, "events": events, "actions": services.allowed_actions(request.user, notice),
        "today": timezone.localdate(),
    })


@require_POST
@member_view("member")
def notice_action(request, pk, action):
    notice = _notice_for(request, pk)
    try:
        services.transition(request.user, notice, action, request.POST.get("version"),
                            request.POST.get("comment", ""), request.FILES.getlist("files"))
    except services.NoticeError as exc:
        messages.error(request, str(exc))
        resp = redirect("supervision:notice", pk=pk)
        return resp
    messages.success(request, "已办理。")
    return redirect("supervision:notice", pk=pk)


@member_view("member")
def evidence_download(request, pk):
    return file_response(get_for(request.user, NoticeEvidence, pk, "notice.view",
                                 NoticeEvidence.objects.select_related("event__notice")))
