"""考核 and 示范创建 pages: thin views over services; the permission table decides who sees what."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.accounts.models import Government
from fazhiweb.assessment import ranking, services
from fazhiweb.assessment.access import get_for_either, lower_participations, may, round_for
from fazhiweb.assessment.exports import demo_summary, dossier_zip, round_xlsx
from fazhiweb.assessment.figures import key_label, ledger_keys, register_keys
from fazhiweb.assessment.models import (
    Appeal,
    Indicator,
    IndicatorSystem,
    Participant,
    Round,
    Score,
    ScoreFile,
)
from fazhiweb.assessment.rules import categories, mark_labels
from fazhiweb.assessment.standing import standing_rows
from fazhiweb.core.files import file_response
from fazhiweb.core.permissions import allowed, get_for, membership, scope
from fazhiweb.core.views import member_view, run_action, xlsx_response
from fazhiweb.core.workflow import WorkflowError


def _back(request, fallback: str):
    return redirect(request.POST.get("next") or fallback)



@member_view("assessment.view")
def index(request):
    m = request.member
    systems = scope(request.user, IndicatorSystem.objects.all())
    rounds = scope(request.user, Round.objects.select_related("system"))
    mine = {p.round_id: p for p in Participant.objects.filter(unit_id=m.unit_id)} if m.is_liaison else {}
    systems = list(systems)
    for s in systems:
        s.base_label = ranking.base_label(s)
    return render(request, "assessment/index.html", {"systems": systems, "rounds": rounds, "mine": mine,
                                                     "kinds": IndicatorSystem.KINDS,
                                                     "upper": lower_participations(request.user)})


@require_POST
@member_view("assessment.manage")
def system_import(request):
    gov = Government.objects.get(pk=request.member.government_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择指标体系文件。")
        return redirect("assessment:index")
    kind = request.POST.get("kind") or IndicatorSystem.ASSESSMENT
    try:
        system = services.import_system(request.user, gov, upload, kind)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:index")
    messages.success(request, f"已导入《{system.title}》(第{system.revision}版)。")
    return redirect("assessment:system", pk=system.pk)


@member_view("assessment.view")
def system_detail(request, pk):
    system = get_for(request.user, IndicatorSystem, pk, "assessment.view")
    inds = list(Indicator.objects.filter(system=system).select_related("assessor_unit").order_by("order"))
    for i in inds:
        i.key_label = key_label(i.source, i.key)
        i.depth = i.number.count(".")
    ctx = {"system": system, "indicators": inds, "base_label": ranking.base_label(system), "manage": allowed(request.user, "assessment.manage", system),
           "register_keys": sorted(register_keys().items()), "ledger_keys": sorted(ledger_keys().items()),
           "sets": sorted({i.set_name for i in inds if i.parent_id is None and i.section == "base"}),
           "category_sets": system.category_sets.order_by("id"), "rounds": system.rounds.all(),
           "lower_governments": Government.objects.filter(parent_id=system.government_id).order_by("name")}
    if system.kind == IndicatorSystem.DEMONSTRATION:
        marks = {i.pk: getattr(i, "mark", None) for i in inds}
        labels = mark_labels()
        for i in inds:
            i.m = marks[i.pk]
            i.m_label = labels.get(i.m.status if i.m else "", "未评估")
        ctx.update(summary=demo_summary(system), mark_labels=mark_labels())
    return render(request, "assessment/system.html", ctx)


@require_POST
@member_view("assessment.manage")
def indicator_bind(request, pk):
    ind = get_for(request.user, Indicator, pk, "assessment.manage")
    source, _, key = (request.POST.get("binding") or "manual:").partition(":")
    run_action(request, lambda: services.bind(request.user, ind, source, key), f"已设置“{ind.name}”的数据来源。")
    return redirect("assessment:system", pk=ind.system_id)


@require_POST
@member_view("assessment.manage")
def indicator_weight(request, pk):
    ind = get_for(request.user, Indicator, pk, "assessment.manage")
    run_action(request, lambda: services.set_weight(request.user, ind, request.POST.get("points")), "已设置本办自定权重。")
    return redirect("assessment:system", pk=ind.system_id)


@require_POST
@member_view("assessment.manage")
def indicator_mark(request, pk):
    ind = get_for(request.user, Indicator, pk, "assessment.manage")
    run_action(request, lambda: services.mark(request.user, ind, request.POST.get("status", ""), request.POST.get("note", ""),
                                        request.POST.getlist("evidence"), request.FILES.getlist("files")),
         f"已记录“{ind.name}”的达标情况。")
    return redirect("assessment:system", pk=ind.system_id)


@require_POST
@member_view("assessment.manage")
def category_set(request, pk):
    system = get_for(request.user, IndicatorSystem, pk, "assessment.manage")
    run_action(request, lambda: services.set_category(request.user, system, request.POST.get("category"),
                                                request.POST.get("set_name", ""), request.POST.get("weight")),
         "已保存考核对象类别的个性指标。")
    return redirect("assessment:system", pk=system.pk)


@member_view("assessment.view")
def dossier(request, pk):
    system = get_for(request.user, IndicatorSystem, pk, "assessment.manage")
    resp = HttpResponse(dossier_zip(system), content_type="application/zip")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'申报材料-{system.title}.zip')}"
    return resp


@require_POST
@member_view("assessment.manage")
def round_new(request, pk):
    system = get_for(request.user, IndicatorSystem, pk, "assessment.manage")
    try:
        ids = [int(x) for x in request.POST.getlist("governments") if x.isdigit()]
        lower = Government.objects.filter(parent_id=system.government_id, pk__in=ids).select_related("unit")
        rnd = services.open_round(request.user, system, request.POST.get("title", ""), governments=list(lower))
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:system", pk=system.pk)
    return redirect("assessment:round", pk=rnd.pk)


def _ranking_or_own(request, rnd, lower: bool):
    """None when the user may see the ranking, else the redirect to their own standing."""
    if may(request.user, "assessment.ranking", rnd):
        return None
    m = request.member
    own = Participant.objects.filter(round=rnd, **({"government_id": m.government_id} if lower
                                                   else {"unit_id": m.unit_id})).first()
    if own is None or not may(request.user, "assessment.standing", own):
        raise PermissionDenied("您没有权限查看考核排名。")
    return redirect("assessment:standing", pk=own.pk)


@member_view("assessment.view")
def round_detail(request, pk):
    rnd, lower = round_for(request.user, pk)
    if lower or not allowed(request.user, "assessment.manage", rnd):
        if (away := _ranking_or_own(request, rnd, lower)) is not None:
            return away
    office = not lower and allowed(request.user, "assessment.manage", rnd)
    if not office:  # leaders and units: the ranking page itself
        return _ranking_page(request, rnd, lower)
    appeals = Appeal.objects.filter(score__participant__round=rnd, state="submitted").select_related(
        "score__participant__unit", "score__indicator")
    return render(request, "assessment/round.html", {
        "round": rnd, "body": ranking.body(rnd, request.member, False), "office": office,
        "state": services.ROUND_FLOW.label(rnd.state), "actions": services.ROUND_FLOW.allowed_actions(request.user, rnd),
        "appeals": appeals, "grade_lines": services.grade_lines(rnd.grade_rules)})


@member_view("assessment.view")
def round_ranking(request, pk):
    """The ranking as it stands (leaders, the office) or as published (every unit)."""
    rnd, lower = round_for(request.user, pk)
    if (away := _ranking_or_own(request, rnd, lower)) is not None:
        return away
    return _ranking_page(request, rnd, lower)


def _ranking_page(request, rnd, lower: bool):
    return render(request, "assessment/ranking.html", {
        "round": rnd, "lower": lower, "state": services.ROUND_FLOW.label(rnd.state),
        "body": ranking.body(rnd, request.member, lower)})


@require_POST
@member_view("assessment.manage")
def round_step(request, pk, action):
    rnd = get_for(request.user, Round, pk, "assessment.manage")
    run_action(request, lambda: services.step(request.user, rnd, action, request.POST.get("version")), "已完成。")
    return redirect("assessment:round", pk=rnd.pk)


@require_POST
@member_view("assessment.manage")
def round_grades(request, pk):
    rnd = get_for(request.user, Round, pk, "assessment.manage")
    run_action(request, lambda: services.set_grade_rules(request.user, rnd, request.POST.get("levels", ""),
                                                   request.POST.get("veto_grade", "")), "已保存等次规则并重新评定。")
    return redirect("assessment:round", pk=rnd.pk)


@require_POST
@member_view("assessment.manage")
def round_refresh(request, pk):
    rnd = get_for(request.user, Round, pk, "assessment.manage")
    run_action(request, lambda: services.refresh(request.user, rnd), "已按最新数据计分。")
    return redirect("assessment:round", pk=rnd.pk)


@member_view("assessment.view")
def round_export(request, pk):
    rnd = get_for(request.user, Round, pk, "assessment.manage")
    return xlsx_response(round_xlsx(rnd), f"考核结果-{rnd.title}.xlsx")


@member_view("assessment.view")
def standing(request, pk):
    qs = Participant.objects.select_related("round__system", "unit")
    part = get_for_either(request.user, Participant, pk, "assessment.standing",
                          qs.select_related("government"))
    rnd = part.round
    rows = standing_rows(part)
    user = request.user
    manage = may(user, "assessment.manage", rnd) and request.member.government_id == rnd.system.government_id
    ctx = {"p": part, "round": rnd, "rows": rows, "can_self": may(user, "assessment.self", part),
           "can_veto": manage and rnd.state in ("scoring", "review"),
           "can_move": manage and rnd.state == "open",
           "categories": sorted(set(categories()) | set(rnd.system.category_sets.values_list("category", flat=True))),
           "can_decide": manage and may(user, "assessment.decide", rnd),
           "ranking": may(user, "assessment.ranking", rnd),
           "own_files": services.own_evidence(part).select_related("report__assignment__task")}
    for r in rows:
        r.score.participant = part  # the permission checks walk to the round: no query per row
        r.can_score = manage_or_assessor(user, r.score)
        r.can_appeal = may(user, "assessment.appeal", r.score) and r.appeal is None
    return render(request, "assessment/standing.html", ctx)


def manage_or_assessor(user, score) -> bool:
    """The score form: the assessing government's office, or the indicator's assessing unit
    (never for a lower government looking at its own standing)."""
    m = membership(user)
    gid = score.participant.round.system.government_id
    return m is not None and m.government_id == gid and may(user, "assessment.score", score)


@require_POST
@member_view("assessment.view")
def self_assess(request, pk):
    part = get_for_either(request.user, Participant, pk, "assessment.self",
                          Participant.objects.select_related("round__system"))
    items = {}
    for s in part.scores.all():
        items[s.pk] = {"points": request.POST.get(f"points_{s.pk}", ""), "note": request.POST.get(f"note_{s.pk}", ""),
                       "evidence": request.POST.getlist(f"evidence_{s.pk}"), "files": request.FILES.getlist(f"files_{s.pk}")}
    submit = request.POST.get("submit") == "1"
    run_action(request, lambda: services.self_assess(request.user, part, items, request.POST.get("note", ""), submit),
         "自评已报送。" if submit else "自评已保存。")
    return redirect("assessment:standing", pk=part.pk)


@require_POST
@member_view("assessment.view")
def score(request, pk):
    s = get_for(request.user, Score, pk, "assessment.score", Score.objects.select_related("indicator", "participant__round"))
    run_action(request, lambda: services.score_indicator(request.user, s, request.POST.get("points"),
                                                   request.POST.get("reason", ""), request.POST.get("version")),
         "已评分。")
    return redirect("assessment:standing", pk=s.participant_id)


@require_POST
@member_view("assessment.view")
def appeal(request, pk):
    s = get_for_either(request.user, Score, pk, "assessment.appeal", Score.objects.select_related("participant__round"))
    run_action(request, lambda: services.appeal(request.user, s, request.POST.get("text", "")), "申诉已提交。")
    return redirect("assessment:standing", pk=s.participant_id)


@require_POST
@member_view("assessment.decide")
def decide(request, pk, action):
    a = get_for(request.user, Appeal, pk, "assessment.decide", Appeal.objects.select_related("score__participant"))
    run_action(request, lambda: services.decide(request.user, a, action, request.POST.get("comment", ""),
                                          request.POST.get("points"), request.POST.get("version")), "已复核。")
    return redirect("assessment:standing", pk=a.score.participant_id)


@member_view("assessment.view")
def file_download(request, pk):
    f = get_for_either(request.user, ScoreFile, pk, "assessment.standing",
                       ScoreFile.objects.select_related("score__participant"))
    return file_response(f)


@require_POST
@member_view("assessment.manage")
def participant_category(request, pk):
    part = get_for(request.user, Participant, pk, "assessment.manage")
    run_action(request, lambda: services.set_participant_category(request.user, part, request.POST.get("category", "")),
         "已调整考核类别。")
    return redirect("assessment:standing", pk=part.pk)


@require_POST
@member_view("assessment.manage")
def veto(request, pk):
    part = get_for(request.user, Participant, pk, "assessment.manage", Participant.objects.select_related("round"))
    run_action(request, lambda: services.veto(request.user, part, request.POST.get("reason", "")), "已认定一票否决。")
    return redirect("assessment:standing", pk=part.pk)
