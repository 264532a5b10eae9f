from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhiweb.core.permissions import allowed, get_for
from fazhiweb.core.views import is_htmx, member_view
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.resolve import ACCEPT_FROM, Resolver
from fazhiweb.plans import resolution, services
from fazhiweb.plans.forms import NewUnitForm, PlanUploadForm, TaskForm
from fazhiweb.plans.models import Plan, Task, TaskUnitMention
from fazhiweb.plans.reimport import decide, decisions, result_line


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
    return {"task": task, "mentions": mentions, "can_edit": allowed(request.user, "plan.edit", task.plan),
            "decisions": decisions(task),
            "new_unit_form": NewUnitForm(initial={"kind": "dept"})}


@member_view("member")
def plan_detail(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.view")
    resolver = Resolver(plan.government)
    tasks = plan.tasks.prefetch_related("mentions__unit", "mentions__group")
    rows = [_task_context(request, t, resolver) for t in tasks]
    office = allowed(request.user, "plan.edit", plan)
    return render(request, "plans/detail.html", {
        "plan": plan, "rows": rows, "unresolved": services.unresolved_mentions(plan).count(),
        "names": resolution.unresolved_names(plan, resolver) if office else [],
        "accept_from": ACCEPT_FROM, "kinds": Unit.KINDS,
        "unitless": list(services.unitless_tasks(plan)) if office and not plan.is_published else [],
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
    return _row(request, get_for(request.user, Task, pk, "plan.view"))


@member_view("member")
def task_edit(request, pk):
    task = get_for(request.user, Task, pk, "plan.edit", Task.objects.select_related("plan__government"))
    if request.method == "POST":
        form = TaskForm(request.POST, task=task)
        if form.is_valid():
            services.update_task(request.user, task, form.service_data())
            task.refresh_from_db()
            if is_htmx(request):
                return _row(request, task)
            messages.success(request, "任务已保存。")
            return redirect("plans:detail", pk=task.plan_id)
    else:
        form = TaskForm.for_task(task)
    gov = task.plan.government
    return render(request, "plans/_task_form.html", {
        "task": task, "form": form, "units": Unit.objects.filter(government=gov, active=True),
        "groups": UnitGroup.objects.filter(government=gov)})


@require_POST
@member_view("member")
def mention_resolve(request, pk):
    """The select on a task's card: maps the mention's name everywhere in the plan, like the names list."""
    mention = get_for(request.user, TaskUnitMention, pk, "plan.edit",
                      TaskUnitMention.objects.select_related("task__plan__government"))
    unit, group = _target(request, mention.task.plan.government)
    if unit is None and group is None:
        messages.error(request, "请选择单位或分组。")
    else:
        resolution.resolve_name(request.user, mention.task.plan, mention.raw_name, unit=unit, group=group)
    if is_htmx(request):
        return _row(request, mention.task)
    return redirect("plans:detail", pk=mention.task.plan_id)


@require_POST
@member_view("member")
def mention_add_unit(request, pk):
    mention = get_for(request.user, TaskUnitMention, pk, "plan.edit", TaskUnitMention.objects.select_related("task__plan"))
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
    plan = get_for(request.user, Plan, pk, "plan.edit")
    try:
        counts = services.publish(request.user, plan, confirm_unitless=bool(request.POST.get("confirm_unitless")))
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plans:detail", pk=pk)
    messages.success(request, f"计划已发布,生成 {counts['created']} 条分工。")
    return redirect("progress:dashboard", pk=pk)


@require_POST
@member_view("member")
def plan_archive(request, pk):
    plan = get_for(request.user, Plan, pk, "plan.archive")
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
    plan = get_for(request.user, Plan, pk, "plan.edit")
    try:
        if request.POST.get("stored"):  # the confirmation of a revision already uploaded
            s = services.reimport_stored(request.user, plan, request.POST["stored"], request.POST.get("name", ""),
                                         confirm=bool(request.POST.get("confirm")))
        else:
            form = PlanUploadForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, "请选择修订后的计划文件。")
                return redirect("plans:detail", pk=pk)
            s = services.reimport_plan(request.user, plan, form.cleaned_data["file"])
    except services.NeedsConfirmation as exc:
        upload = request.FILES.get("file")
        return render(request, "plans/reimport_confirm.html", {
            "plan": plan, "assignments": exc.assignments, "stored": request.POST.get("stored") or exc.stored,
            "name": request.POST.get("name") or (upload.name if upload else "")})
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, result_line(s))
    return redirect("plans:detail", pk=pk)


@require_POST
@member_view("member")
def task_decide(request, pk):
    """The office's decision on a corrected field whose source text changed."""
    task = get_for(request.user, Task, pk, "plan.edit", Task.objects.select_related("plan"))
    try:
        decide(request.user, task, request.POST.get("field", ""), request.POST.get("choice", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(f"{reverse('plans:detail', args=[task.plan_id])}#task-{task.pk}")

def _target(request, government):
    """The unit or group a name is mapped to: a chosen suggestion (`target` = unit:ID / group:ID)
    or a directory name typed with autocomplete (`target_name`)."""
    kind, _, ident = request.POST.get("target", "").partition(":")
    if kind == "unit" and ident.isdigit():
        return get_object_or_404(Unit, pk=int(ident), government=government), None
    if kind == "group" and ident.isdigit():
        return None, get_object_or_404(UnitGroup, pk=int(ident), government=government)
    typed = request.POST.get("target_name", "").strip()
    if typed:
        res = Resolver(government).resolve(typed)
        if res.resolved:
            return res.unit, res.group
    return None, None


@require_POST
@member_view("member")
def name_resolve(request, pk):
    """Map one distinct name (every mention of it in the plan) to a unit or group."""
    plan = get_for(request.user, Plan, pk, "plan.edit")
    name = request.POST.get("name", "")
    unit, group = _target(request, plan.government)
    if unit is None and group is None:
        messages.error(request, f"“{name}”:请从名录中选择单位或分组(可输入名称自动补全)。")
    else:
        n = resolution.resolve_name(request.user, plan, name, unit=unit, group=group)
        messages.success(request, f"“{name}”的 {n} 处提及已确认为“{(unit or group).name}”,并记为其别名。")
    return redirect("plans:detail", pk=pk)


@require_POST
@member_view("member")
def names_accept(request, pk):
    """Accept every suggestion scoring at least the threshold."""
    plan = get_for(request.user, Plan, pk, "plan.edit")
    try:
        threshold = max(0, min(100, int(request.POST.get("threshold") or ACCEPT_FROM)))
    except ValueError:
        threshold = ACCEPT_FROM
    done = resolution.accept_suggestions(request.user, plan, threshold)
    messages.success(request, f"已按建议确认 {done['names']} 个名称({done['mentions']} 处提及)。")
    return redirect("plans:detail", pk=pk)


@require_POST
@member_view("member")
def names_add(request, pk):
    """Add one name (`name`) or all remaining names as new units of the directory."""
    plan = get_for(request.user, Plan, pk, "plan.edit")
    name = request.POST.get("name")
    kinds = {name: request.POST.get("kind")} if name and request.POST.get("kind") in dict(Unit.KINDS) else None
    try:
        done = resolution.add_units_for_names(request.user, plan, [name] if name else None, kinds)
    except ValidationError as exc:
        messages.error(request, "未能添加单位:" + "；".join(exc.messages))
    else:
        messages.success(request, f"已新增 {done['units']} 个单位,确认 {done['mentions']} 处提及。")
    return redirect("plans:detail", pk=pk)
