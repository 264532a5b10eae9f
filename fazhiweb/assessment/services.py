"""Assessment and 示范创建 changes. Each public function runs in one transaction and writes its
audit entry; steps of a round and of an appeal go through the one workflow helper."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from fazhiweb.assessment import scoring
from fazhiweb.assessment.access import require_either
from fazhiweb.assessment.figures import ledger_keys, register_keys
from fazhiweb.assessment.models import (
    COMMON,
    Appeal,
    AppealEvent,
    CategorySet,
    DemoFile,
    DemoMark,
    Indicator,
    IndicatorSystem,
    Participant,
    Round,
    RoundEvent,
    Score,
    ScoreFile,
)
from fazhiweb.assessment.rules import (
    RULES_FILE,
    categories,
    category_of_kind,
    category_of_level,
    grade_rules,
    mark_labels,
)
from fazhiweb.audit.services import record
from fazhiweb.core.clock import today as clock_today
from fazhiweb.core.files import EvidenceError, row_fields, store_with
from fazhiweb.core.permissions import require
from fazhiweb.core.workflow import Conflict, Flow, WorkflowError
from fazhiweb.directory.models import Unit
from fazhiweb.directory.resolve import Resolver
from fazhiweb.progress.models import Evidence


class AssessmentError(WorkflowError):
    """A user-facing message (Simplified Chinese)."""


ROUND_FLOW = Flow.load(RULES_FILE, "round_flow", model=Round, event_model=RoundEvent, event_fk="round",
                       audit_prefix="assessment.round.")
APPEAL_FLOW = Flow.load(RULES_FILE, "appeal_flow", model=Appeal, event_model=AppealEvent, event_fk="appeal",
                        audit_prefix="assessment.appeal.")


# ---------------------------------------------------------------- indicator systems

def read_system_file(uploaded) -> tuple[dict, str]:
    """Store and parse an uploaded table with the project's one parser."""
    from fazhiweb.plans.services import PlanError, read_plan_file

    try:
        doc, rel = read_plan_file(uploaded)
    except PlanError as exc:
        raise AssessmentError(str(exc)) from exc
    if doc.get("kind") != "indicators":
        raise AssessmentError("未能从该文件中识别出指标体系:请确认表格含一级/二级指标、分值和评分标准等列。")
    return doc, rel


def _add_nodes(system, nodes, parent, number, section, resolver, out, set_name=None):
    for i, n in enumerate(nodes, start=1):
        num = f"{number}.{i}" if number else str(i)
        top_set = set_name or (n["name"][:100] if section == "base" and "个性" in n["name"] else COMMON)
        assessor = (n.get("assessor") or "").strip()
        found = resolver.resolve(assessor) if assessor else None
        ind = Indicator.objects.create(
            system=system, parent=parent, section=section, order=len(out), number=num[:20], name=n["name"],
            points=n.get("points"), criteria=n.get("criteria") or "", rule=n.get("rule"),
            evidence=n.get("evidence") or "", assessor=assessor[:200], set_name=top_set,
            assessor_unit=found.unit if found is not None and found.kind == "unit" else None,
            is_leaf=not n.get("children"))
        out.append(ind)
        _add_nodes(system, n.get("children") or [], ind, num, section, resolver, out, top_set)


@transaction.atomic
def create_system(user, government, doc: dict, kind: str = IndicatorSystem.ASSESSMENT, year: int | None = None,
                  source_name: str = "", source_path: str = "") -> IndicatorSystem:
    """A new version of the year's system; earlier versions keep their rounds and scores."""
    require(user, "assessment.manage", government)
    year = year or doc.get("year") or clock_today().year
    last = IndicatorSystem.objects.filter(government=government, kind=kind, year=year).order_by("-revision").first()
    system = IndicatorSystem.objects.create(
        government=government, kind=kind, year=year, revision=(last.revision + 1) if last else 1,
        title=(doc.get("title") or f"{year}年度指标体系")[:200], total_points=doc.get("total_points"),
        warnings=doc.get("warnings") or [], source_name=source_name[:255], source_path=source_path)
    resolver = Resolver(government)
    nodes: list[Indicator] = []
    _add_nodes(system, doc.get("indicators") or [], None, "", "base", resolver, nodes)
    for b, block in enumerate(doc.get("bonus") or [], start=1):
        head = Indicator.objects.create(system=system, section="bonus", order=len(nodes), number=f"B{b}",
                                        name=block.get("name") or "加分项", cap=block.get("cap"), is_leaf=False)
        nodes.append(head)
        _add_nodes(system, block.get("items") or [], head, f"B{b}", "bonus", resolver, nodes, COMMON)
    for v, item in enumerate(doc.get("veto") or [], start=1):
        nodes.append(Indicator.objects.create(system=system, section="veto", order=len(nodes), number=f"V{v}",
                                              name=item.get("text") or "", evidence=item.get("evidence") or "",
                                              assessor=(item.get("assessor") or "")[:200], is_leaf=False))
    for category in categories():
        CategorySet.objects.create(system=system, category=category)
    record(user, "assessment.system.import", system, after={**system.snapshot(), "indicators": len(nodes),
                                                             "source": source_name})
    return system


def import_system(user, government, uploaded, kind: str = IndicatorSystem.ASSESSMENT) -> IndicatorSystem:
    require(user, "assessment.manage", government)
    doc, rel = read_system_file(uploaded)
    return create_system(user, government, doc, kind, source_name=uploaded.name, source_path=rel)


@transaction.atomic
def set_category(user, system, category: str, set_name: str, weight) -> CategorySet:
    require(user, "assessment.manage", system)
    sets = set(Indicator.objects.filter(system=system, parent__isnull=True, section="base")
               .exclude(set_name=COMMON).values_list("set_name", flat=True))
    if set_name and set_name not in sets:
        raise AssessmentError("请选择本指标体系中的个性指标。")
    category = (category or "").strip()[:50]
    if not category:
        raise AssessmentError("请填写考核对象类别。")
    weight = _number(weight, "折算分值") if weight not in (None, "") else None
    cs, _ = CategorySet.objects.update_or_create(system=system, category=category,
                                                 defaults={"set_name": set_name, "weight": weight})
    record(user, "assessment.category", cs, government=system.government,
           after={"category": category, "set": set_name, "weight": weight})
    return cs


@transaction.atomic
def bind(user, indicator: Indicator, source: str, key: str = "") -> Indicator:
    """Bind a leaf indicator to a register figure, a ledger figure, or manual scoring."""
    require(user, "assessment.manage", indicator)
    known = {"register": register_keys(), "ledger": ledger_keys(), "manual": {"": ""}}
    key = (key or "").strip() if source != "manual" else ""
    if source not in known or key not in known[source]:
        raise AssessmentError("请选择有效的数据来源和数据项。")
    before = {"source": indicator.source, "key": indicator.key}
    Indicator.objects.filter(pk=indicator.pk).update(source=source, key=key)
    indicator.source, indicator.key = source, key
    record(user, "assessment.bind", indicator, government=indicator.system.government, before=before,
           after={"source": source, "key": key, "rule": indicator.rule})
    return indicator


@transaction.atomic
def set_weight(user, indicator: Indicator, points) -> Indicator:
    """Points the issuer did not publish, set by the office: marked as the office's own."""
    require(user, "assessment.manage", indicator)
    points = _number(points, "分值")
    before = {"points": indicator.points, "own": indicator.points_own}
    Indicator.objects.filter(pk=indicator.pk).update(points=points, points_own=True)
    indicator.points, indicator.points_own = points, True
    record(user, "assessment.weight", indicator, government=indicator.system.government, before=before,
           after={"points": points, "own": True})
    return indicator


def _number(value, label: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise AssessmentError(f"{label}应为数字。") from None
    if x < 0 or x != x:
        raise AssessmentError(f"{label}不能为负数。")
    return x


# ---------------------------------------------------------------- rounds

def _lower_units(system, governments) -> list[tuple]:
    """[(lower government, its unit in this government's directory)]: a lower government is
    assessed under its directory entry (Government.unit, else the unit of the same name)."""
    out = []
    for g in governments:
        if g.parent_id != system.government_id:
            raise AssessmentError(f"“{g.name}”不是本级政府的下级政府。")
        unit = g.unit if g.unit_id else Unit.objects.filter(government_id=system.government_id, name=g.name).first()
        if unit is None:
            raise AssessmentError(f"单位名录中没有“{g.name}”:请先在单位名录中添加该下级政府并与之关联。")
        out.append((g, unit))
    return out


@transaction.atomic
def open_round(user, system: IndicatorSystem, title: str = "", units=None, categories_by_unit=None,
               governments=()) -> Round:
    """A round over the government's active units (or `units`), each in its category, and over
    the lower `governments` it assesses (each scored from its own registers and ledger)."""
    require(user, "assessment.manage", system)
    if system.kind != IndicatorSystem.ASSESSMENT:
        raise AssessmentError("示范指标体系用于对照自查,不组织考核评分。")
    lower = _lower_units(system, governments)
    rnd = Round.objects.create(system=system, title=(title or f"{system.year}年度法治建设绩效考核")[:200],
                               grade_rules=grade_rules())
    if units is None:
        units = Unit.objects.filter(government_id=system.government_id, active=True)
    lower_unit_ids = {u.pk for _, u in lower}
    units = [u for u in units if u.pk not in lower_unit_ids]
    cats = categories_by_unit or {}
    parts = Participant.objects.bulk_create(
        [Participant(round=rnd, unit=u, category=cats.get(u.pk) or category_of_kind(u.kind)) for u in units]
        + [Participant(round=rnd, unit=u, government=g, category=cats.get(u.pk) or category_of_level(g.level))
           for g, u in lower])
    n = scoring.create_scores(rnd, parts)
    ROUND_FLOW.start(user, rnd, "open")
    record(user, "assessment.round.open", rnd, government=system.government,
           after={"title": rnd.title, "system": system.pk, "units": len(units),
                  "governments": [g.name for g, _ in lower], "scores": n})
    return rnd


@transaction.atomic
def set_participant_category(user, participant: Participant, category: str) -> Participant:
    """Move a unit to another category (an 执法部门 among the 部门 …) while the round is open: its
    scores follow the category's 个性 set; scores of indicators it no longer has are removed."""
    participant = Participant.objects.select_related("round__system", "unit").get(pk=participant.pk)
    require(user, "assessment.manage", participant)
    rnd = participant.round
    if rnd.state != "open":
        raise AssessmentError("考核进入评分阶段后不能再调整考核对象类别。")
    category = (category or "").strip()[:50]
    if category not in set(categories()) | set(rnd.system.category_sets.values_list("category", flat=True)):
        raise AssessmentError("请选择本指标体系中的考核对象类别。")
    before = participant.category
    Participant.objects.filter(pk=participant.pk).update(category=category)
    participant.category = category
    keep = scoring.applicable_ids(rnd.system, category)
    removed, _ = Score.objects.filter(participant=participant).exclude(indicator_id__in=keep).delete()
    added = scoring.create_scores(rnd, [participant])
    record(user, "assessment.category.unit", participant, government=rnd.system.government,
           before={"category": before}, after={"category": category, "removed": removed, "scores": added})
    return participant


def grade_lines(rules: dict) -> str:
    """The round's grade rules as the office edits them: one grade a line, "名称 最低分 [比例%]"."""
    out = []
    for lv in rules.get("levels") or []:
        quota = f" {lv['quota'] * 100:g}%" if lv.get("quota") else ""
        out.append(f"{lv['name']} {lv['min']:g}{quota}")
    return "\n".join(out)


def _parse_grades(text: str) -> list[dict]:
    levels = []
    for line in (text or "").splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            raise AssessmentError(f"“{line.strip()}”:每行写“等次名称 最低分 [比例%]”,如“优秀 90 30%”。")
        quota = None
        if len(parts) == 3:
            if not parts[2].endswith("%"):
                raise AssessmentError(f"“{line.strip()}”:比例应写成百分数,如 30%。")
            quota = _number(parts[2][:-1], "比例") / 100
        levels.append({"name": parts[0][:20], "min": _number(parts[1], "最低分"), "quota": quota})
    if not levels:
        raise AssessmentError("请至少填写一个等次。")
    if [lv["min"] for lv in levels] != sorted((lv["min"] for lv in levels), reverse=True):
        raise AssessmentError("等次应按最低分从高到低排列。")
    return levels


@transaction.atomic
def set_grade_rules(user, rnd: Round, text: str, veto_grade: str) -> Round:
    """The local 考核办法's grades for this round (thresholds, quotas, the grade a veto gives)."""
    rnd = Round.objects.select_related("system").get(pk=rnd.pk)
    require(user, "assessment.manage", rnd)
    if rnd.is_published:
        raise AssessmentError("考核结果已公布,不能修改等次规则。")
    levels = _parse_grades(text)
    if veto_grade not in {lv["name"] for lv in levels}:
        raise AssessmentError("一票否决对应的等次应是上面列出的等次之一。")
    before = rnd.grade_rules
    rules = {**before, "levels": levels, "veto_grade": veto_grade}
    Round.objects.filter(pk=rnd.pk).update(grade_rules=rules)
    rnd.grade_rules = rules
    _save_totals(rnd)
    record(user, "assessment.grades", rnd, government=rnd.system.government, before=before, after=rules)
    return rnd


def _save_totals(rnd) -> list[Participant]:
    ranked = scoring.totals(rnd)
    Participant.objects.bulk_update(ranked, ["total", "rank", "grade"], batch_size=scoring.BATCH)
    return ranked


@transaction.atomic
def refresh(user, rnd: Round, today=None) -> dict:
    """Points from bound data now, totals and ranks: the standing as it is today. `user` None:
    the command line (`fazhi assessment score`), run by the operator on the server."""
    if user is not None:
        require(user, "assessment.manage", rnd)
    if rnd.is_published:
        raise AssessmentError("考核结果已公布,不能重新计分。")
    n = scoring.autoscore(rnd, today or clock_today())
    ranked = _save_totals(rnd)
    Round.objects.filter(pk=rnd.pk).update(scored_at=timezone.now())
    record(user, "assessment.round.refresh", rnd, government=rnd.system.government,
           after={"scores": n, "units": len(ranked)})
    return {"scores": n, "units": len(ranked)}


def step(user, rnd: Round, action: str, version) -> Round:
    """A round's step (截止自评 → 反馈结果 → 公布); totals are recomputed in the same transaction."""
    with transaction.atomic():
        more = {"published_at": timezone.now()} if action == "publish" else {}
        current = ROUND_FLOW.run(user, rnd, action, version, changes=more)
        if action in ("announce", "publish"):
            _save_totals(current)
    return current


def self_assess(user, participant: Participant, items: dict, note: str = "", submit: bool = False) -> Participant:
    """`items`: {score id: {"points", "note", "evidence": [progress evidence ids], "files": [uploads]}}
    for the unit's own scores: evidence of its ledger reports is reused, new files only added."""
    participant = Participant.objects.select_related("round__system").get(pk=participant.pk)
    require_either(user, "assessment.self", participant)
    own_files = set(own_evidence(participant).values_list("id", flat=True))
    scores = {s.pk: s for s in Score.objects.filter(participant=participant).select_related("indicator")}
    owners = [int(sid) for sid, item in items.items() for _ in item.get("files") or []]
    uploads = [f for item in items.values() for f in item.get("files") or []]

    def write(staged):
        for sid, item in items.items():
            s = scores.get(int(sid))
            if s is None:
                raise AssessmentError("只能自评本单位的指标。")
            pts = item.get("points")
            s.self_points = _bounded(pts, s.indicator, "自评得分") if pts not in (None, "") else None
            s.self_note = (item.get("note") or "").strip()
            s.save(update_fields=["self_points", "self_note"])
            ids = {int(e) for e in item.get("evidence") or []}
            if ids - own_files:
                raise AssessmentError("只能引用本单位进展报告中的佐证材料。")
            s.report_evidence.set(ids)
        for sid, f in zip(owners, staged, strict=True):
            ScoreFile.objects.create(score_id=sid, **row_fields(f))
        participant.self_note = (note or "").strip()
        if submit:
            participant.self_submitted_at = timezone.now()
        participant.save(update_fields=["self_note", "self_submitted_at"])
        record(user, "assessment.self", participant, government=participant.round.system.government,
               after={"items": len(items), "submitted": submit, "files": [f.sha256 for f in staged]})
        return participant

    return _stored(uploads, write)


def _stored(uploads, write):
    try:
        return store_with(uploads, write)
    except EvidenceError as exc:
        raise AssessmentError(str(exc)) from exc


def own_evidence(participant: Participant):
    """The unit's report evidence of the round's year: what it may attach without uploading again.
    A lower government also reuses the evidence of its own plans (all its units' reports)."""
    mine = Q(report__assignment__unit_id=participant.unit_id)
    if participant.government_id is not None:
        mine |= Q(report__assignment__task__plan__government_id=participant.government_id)
    return Evidence.objects.filter(mine, report__assignment__task__plan__year=participant.round.system.year)


def full_points(ind: Indicator) -> float | None:
    if ind.section == "bonus" and isinstance(ind.rule, dict) and ind.rule.get("max") is not None:
        return float(ind.rule["max"])
    return ind.points


def _bounded(value, ind: Indicator, label: str) -> float:
    x = _number(value, label)
    top = full_points(ind)
    if top is not None and x > top + 1e-9:
        raise AssessmentError(f"{label}不能超过该指标的分值 {top:g} 分。")
    return x


@transaction.atomic
def score_indicator(user, score: Score, points, reason: str = "", version=None) -> Score:
    """The assessing unit's (or the office's) points for one indicator; a deduction needs a reason."""
    score = _fresh(score)
    require(user, "assessment.score", score)
    ind = score.indicator
    pts = _bounded(points, ind, "得分")
    reason = (reason or "").strip()
    top = full_points(ind)
    if ind.section == "base" and top is not None and pts < top and not reason:
        raise AssessmentError("扣分时必须填写扣分理由。")
    if hasattr(score, "appeal"):
        raise AssessmentError("该得分已有申诉,由复核决定。")
    seen = score.version if version in (None, "") else int(version)
    before = {"points": score.points, "reason": score.reason}
    won = Score.objects.filter(pk=score.pk, version=seen).update(
        points=pts, reason=reason, scored_by=user, scored_at=timezone.now(), version=seen + 1)
    if won != 1:
        raise Conflict()
    score.refresh_from_db()
    _save_totals(score.participant.round)  # the ranking as it stands
    record(user, "assessment.score", score, government=score.participant.round.system.government,
           before=before, after={"points": pts, "reason": reason, "indicator": ind.number})
    return score


@transaction.atomic
def veto(user, participant: Participant, reason: str) -> Participant:
    participant = Participant.objects.select_related("round__system", "unit").get(pk=participant.pk)
    require(user, "assessment.manage", participant)
    if participant.round.state not in ("scoring", "review"):
        raise AssessmentError("评分阶段才能认定一票否决。")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("认定一票否决时必须写明事由。")
    Participant.objects.filter(pk=participant.pk).update(veto=True, veto_reason=reason)
    participant.veto, participant.veto_reason = True, reason
    _save_totals(participant.round)
    record(user, "assessment.veto", participant, government=participant.round.system.government,
           after={"unit": participant.unit.name, "reason": reason})
    return participant


def _fresh(score: Score) -> Score:
    """The score with its round as stored now: a round's state decides who may act on it."""
    return Score.objects.select_related("participant__round__system", "participant__unit", "indicator").get(pk=score.pk)


def appeal(user, score: Score, text: str) -> Appeal:
    """A unit's one 申诉 against a score."""
    score = _fresh(score)
    require_either(user, "assessment.appeal", score)
    text = (text or "").strip()
    if not text:
        raise AssessmentError("请填写申诉理由。")
    try:
        with transaction.atomic():
            a = Appeal.objects.create(score=score, text=text, points_before=score.final)
            APPEAL_FLOW.start(user, a, "submit", text)
            record(user, "assessment.appeal.submit", a, government=score.participant.round.system.government,
                   after={"indicator": score.indicator.number, "points": score.final, "text": text})
    except IntegrityError:
        raise AssessmentError("每项得分只能申诉一次。") from None
    return a


def decide(user, appeal_obj: Appeal, action: str, comment: str, points=None, version=None) -> Appeal:
    """复核: keep the score or change it (then `points`), with the reason, through the workflow helper."""
    score = appeal_obj.score
    with transaction.atomic():
        new = None
        if action == "change":
            new = _bounded(points, score.indicator, "复核得分")
        done = APPEAL_FLOW.run(user, appeal_obj, action, version, comment,
                               changes={"points_after": new if new is not None else score.final},
                               audit_after={"points": new})
        if new is not None:
            Score.objects.filter(pk=score.pk).update(points=new, reason=f"复核改分:{comment.strip()}",
                                                     scored_by=user, scored_at=timezone.now(), version=F("version") + 1)
        _save_totals(score.participant.round)
    return done


# ---------------------------------------------------------------- 示范创建

def mark(user, indicator: Indicator, status: str, note: str = "", evidence_ids=(), uploads=()) -> DemoMark:
    """The government's check of one 示范 indicator, with evidence reused or uploaded."""
    require(user, "assessment.manage", indicator)
    if status not in mark_labels():
        raise AssessmentError("请选择达标情况。")

    def write(staged):
        m, _ = DemoMark.objects.update_or_create(indicator=indicator,
                                                 defaults={"status": status, "note": (note or "").strip()})
        ids = {int(e) for e in evidence_ids or []}
        m.report_evidence.set(Evidence.objects.filter(
            report__assignment__task__plan__government_id=indicator.system.government_id, pk__in=ids))
        for s in staged:
            DemoFile.objects.create(mark=m, **row_fields(s))
        record(user, "assessment.mark", m, government=indicator.system.government,
               after={"indicator": indicator.number, "status": status, "files": [s.sha256 for s in staged]})
        return m

    return _stored(uploads, write)
