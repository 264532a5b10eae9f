from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core.access import can_edit_plan, require
from fazhiweb.core.views import is_htmx, member_view
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.names import Resolver
from fazhiweb.plans import services
from fazhiweb.plans.forms import NewUnitForm, PlanUploadForm, TaskForm
from fazhiweb.plans.models import Plan, Task, TaskUnitMention


@member_view("member")
def plan_list(request):
    plans = Plan.objects.filter(government=request.member.government)
    if request.member.is_liaison:
        plans = plans.filter(status=Plan.PUBLISHED)
    show_archived = request.GET.get("archived") == "1"
    archived_count = plans.filter(archived_at__isnull=False).count()
    plans = plans.filter(archived_at__isnull=False) if show_archived else plans.current()
    return render(request, "plans/list.html", {"plans": plans, "form": PlanUploadForm(),
                                               "show_archived": show_archived, "archived_count": archived_count})


@member_view("plan.create")
def plan_upload(request):
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.import_plan(request.user, request.member.government, form.cleaned_data["file"])
        except services.PlanError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"已导入“{plan.title}”,共 {plan.tasks.count()} 项任务。请审核后发布。")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/upload.html", {"form": form})


def _task_context(request, task: Task, resolver: Resolver | None = None) -> dict:
    resolver = resolver or Resolver(task.plan.government)
    mentions = []
    for m in task.mentions.all():
        suggestions = [] if m.resolved else resolver.suggest(m.raw_name)
        mentions.append({"m": m, "suggestions": suggestions})
    return {"task": task, "mentions": mentions, "can_edit": can_edit_plan(request.user, task.plan),
            "new_unit_form": NewUnitForm(initial={"kind": "dept"})}


@member_view("member")
def plan_detail(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    require(request.user, "plan.view", plan)
    resolver = Resolver(plan.government)
    tasks = plan.tasks.prefetch_related("mentions__unit", "mentions__group")
    rows = [_task_context(request, t, resolver) for t in tasks]
    return render(request, "plans/detail.html", {
        "plan": plan, "rows": rows, "unresolved": services.unresolved_mentions(plan).count(),
        "groups": UnitGroup.objects.filter(government=plan.government),
        "units": Unit.objects.filter(government=plan.government, active=True),
        "reimport_form": PlanUploadForm(),
    })


def _row(request, task):
    ctx = _task_context(request, task)
    ctx["units"] = Unit.objects.filter(government=task.plan.government, active=True)
    ctx["groups"] = UnitGroup.objects.filter(government=task.plan.government)
    return render(request, "plans/_task_row.html", ctx)


@member_view("member")
def task_row(request, pk):
    task = get_object_or_404(Task, pk=pk)
    require(request.user, "plan.view", task.plan)
    return _row(request, task)


@member_view("member")
def task_edit(request, pk):
    task = get_object_or_404(Task, pk=pk)
    require(request.user, "plan.edit", task.plan)
    if request.method == "POST":
        form = TaskForm(request.POST)
        if form.is_valid():
            services.update_task(request.user, task, form.service_data())
            task.refresh_from_db()
            if is_htmx(request):
                return _row(request, task)
            messages.success(request, "任务已保存。")
            return redirect("plans:detail", pk=task.plan_id)
    else:
        form = TaskForm(initial=TaskForm.initial_for(task))
    return render(request, "plans/_task_form.html", {"task": task, "form": form})


@require_POST
@member_view("member")
def mention_resolve(request, pk):
    mention = get_object_or_404(TaskUnitMention.objects.select_related("task__plan"), pk=pk)
    require(request.user, "plan.edit", mention.task.plan)
    value = request.POST.get("target", "")
    unit = group = None
    kind, _, ident = value.partition(":")
    if kind == "unit" and ident.isdigit():
        unit = get_object_or_404(Unit, pk=int(ident), government=mention.task.plan.government)
    elif kind == "group" and ident.isdigit():
        group = get_object_or_404(UnitGroup, pk=int(ident), government=mention.task.plan.government)
    elif value:
        messages.error(request, "请选择单位或分组。")
    services.resolve_mention(request.user, mention, unit=unit, group=group)
    if is_htmx(request):
        return _row(request, mention.task)
    return redirect("plans:detail", pk=mention.task.plan_id)


@require_POST
@member_view("member")
def mention_add_unit(request, pk):
    mention = get_object_or_404(TaskUnitMention.objects.select_related("task__plan"), pk=pk)
    require(request.user, "plan.edit", mention.task.plan)
    form = NewUnitForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.add_unit_for_mention(request.user, mention, form.cleaned_data)
        except ValidationError as exc:
            error = "；".join(exc.messages)
    else:
        error = "请填写单位全称和类型。"
    if error:
        messages.error(request, f"未能添加单位:{error}")
    if is_htmx(request):
        resp = _row(request, mention.task)
        return resp
    return redirect("plans:detail", pk=mention.task.plan_id)


@require_POST
@member_view("member")
def plan_publish(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    require(request.user, "plan.edit", plan)
    try:
        counts = services.publish(request.user, plan)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plans:detail", pk=pk)
    messages.success(request, f"计划已发布,生成 {counts['created']} 条分工。")
    return redirect("plans:dashboard", pk=pk)


@require_POST
@member_view("member")
def plan_archive(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    require(request.user, "plan.archive", plan)
    archived = request.POST.get("archived", "1") == "1"
    try:
        services.set_archived(request.user, plan, archived)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{'归档' if archived else '取消归档'}“{plan.title}”。")
    return redirect("plans:detail", pk=pk)


@require_POST
@member_view("member")
def plan_reimport(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    require(request.user, "plan.edit", plan)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择修订后的计划文件。")
        return redirect("plans:detail", pk=pk)
    try:
        s = services.reimport_plan(request.user, plan, form.cleaned_data["file"])
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已重新导入:新增 {s['added']} 项,修改 {s['changed']} 项,删除 {s['removed']} 项,"
                                  f"未变 {s['unchanged']} 项。")
    return redirect("plans:detail", pk=pk)
