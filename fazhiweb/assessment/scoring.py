"""Set-based scoring of a round: which indicators apply to whom, points from bound data for
every (unit, indicator) at once, totals with 个性 sets rescaled, ranks and grades.

No per-row queries: a round reads its indicators, participants and figures in a few queries
and writes scores in one upsert per batch, so a province's round scores in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from fazhi.indicators.score import score as rule_score
from fazhiweb.assessment.figures import (
    ledger_figures_for,
    lower_ledger_figures,
    lower_register_figures,
    register_figures_for,
)
from fazhiweb.assessment.models import COMMON, CategorySet, Indicator, Participant, Score

BATCH = 2000
RECORDS = 200  # 案号/文号 kept per figure: enough to check it; the register page lists them all


@dataclass
class Sets:
    """Which 个性 set each category takes and the factor its points are multiplied by."""

    personal: dict[str, str]  # category → set name
    factor: dict[str, float]  # set name → weight / written total

    @classmethod
    def of(cls, system) -> Sets:
        written: dict[str, float] = defaultdict(float)
        for set_name, points in Indicator.objects.filter(system=system, parent__isnull=True, section="base") \
                .exclude(set_name=COMMON).values_list("set_name", "points"):
            written[set_name] += points or 0
        personal, factor = {}, {}
        for cs in CategorySet.objects.filter(system=system):
            personal[cs.category] = cs.set_name
            if cs.set_name and cs.weight and written.get(cs.set_name):
                factor[cs.set_name] = cs.weight / written[cs.set_name]
        return cls(personal, factor)

    def applies(self, set_name: str, section: str, category: str) -> bool:
        return section != "base" or set_name == COMMON or self.personal.get(category) == set_name


def leaves(system) -> list[Indicator]:
    """The scored indicators: leaves of the base tree and the bonus items."""
    return list(Indicator.objects.filter(system=system, is_leaf=True, section__in=("base", "bonus")).order_by("order"))


def top_set(system) -> dict[int, str]:
    """{indicator id: set name of its top-level ancestor}."""
    rows = list(Indicator.objects.filter(system=system).values_list("id", "parent_id", "set_name"))
    parent = {i: p for i, p, _ in rows}
    own = {i: s for i, _, s in rows}
    out = {}
    for i in parent:
        top = i
        while parent[top] is not None:
            top = parent[top]
        out[i] = own[top]
    return out


def applicable_ids(system, category: str) -> set[int]:
    """The scored indicators a unit of `category` has: 共性, its 个性 set, the bonus items."""
    sets = Sets.of(system)
    tops = top_set(system)
    return {ind.pk for ind in leaves(system) if sets.applies(tops[ind.pk], ind.section, category)}


def create_scores(rnd, participants) -> int:
    """One empty score per participant and applicable leaf (bulk); existing ones are kept."""
    by_category = {c: applicable_ids(rnd.system, c) for c in {p.category for p in participants}}
    rows = [Score(participant=p, indicator_id=i) for p in participants for i in sorted(by_category[p.category])]
    Score.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def figures_for(rnd, participants, today: dt.date) -> dict[int, dict]:
    """{participant id: {key: value or {"value", "records"}}} from the registers seam and the
    ledger: a unit's own figures, or a lower government's over its whole registers and ledger."""
    system = rnd.system
    units = [p for p in participants if p.government_id is None]
    lower = [p for p in participants if p.government_id is not None]
    out: dict[int, dict] = {p.pk: {} for p in participants}
    sources = set(Indicator.objects.filter(system=system).exclude(source="manual").values_list("source", flat=True))
    by_unit = {p.unit_id: p.pk for p in units}
    by_gov = {p.government_id: p.pk for p in lower}
    if "register" in sources:
        for uid, figs in register_figures_for(system.government, [p.unit for p in units], system.year).items():
            out[by_unit[uid]].update(figs)
        for gid, figs in lower_register_figures(by_gov, system.year).items():
            out[by_gov[gid]].update(figs)
    if "ledger" in sources:
        for uid, figs in ledger_figures_for(system.government_id, by_unit, system.year, today).items():
            out[by_unit[uid]].update(figs)
        if by_gov:
            for gid, figs in lower_ledger_figures(by_gov, system.year, today).items():
                out[by_gov[gid]].update(figs)
    return out


def autoscore(rnd, today: dt.date) -> int:
    """Points from bound data for every score of a bound indicator; returns the scores written.
    A register figure keeps the 案号/文号 of the records it counts (the unit's evidence)."""
    bound = {i.pk: i for i in Indicator.objects.filter(system=rnd.system, is_leaf=True).exclude(source="manual")
             .exclude(key="")}
    if not bound:
        return 0
    participants = list(Participant.objects.filter(round=rnd).select_related("unit"))
    figs = figures_for(rnd, participants, today)
    rows = []
    for pk, pid, iid in Score.objects.filter(participant__round=rnd, indicator_id__in=bound).values_list(
            "id", "participant_id", "indicator_id"):
        ind = bound[iid]
        value = figs.get(pid, {}).get(ind.key)
        records = []
        if isinstance(value, dict):
            records = list(value.get("records") or [])[:RECORDS]
            value = value.get("value")
        res = rule_score(ind.rule, ind.points, value)
        text = res.text if res else ("无数据" if value is None else "需人工评分")
        rows.append((value, res.points if res else None, text[:200], json.dumps(records, ensure_ascii=False), pk))
    _write_auto(rows)
    return len(rows)


def _write_auto(rows: list[tuple]) -> None:
    """One parameterised UPDATE run over all rows (executemany): the ORM's per-object SQL building
    cost more than the scoring itself at a province's 240 000 scores."""
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = f"UPDATE {table} SET figure = %s, auto_points = %s, auto_text = %s, records = %s WHERE id = %s"
    with connection.cursor() as cur:
        for i in range(0, len(rows), BATCH):
            cur.executemany(sql, rows[i:i + BATCH])


def _grade(total: float, rank: int, n: int, levels: list[dict]) -> str:
    for lv in levels:
        quota = lv.get("quota")
        if total >= lv["min"] and (quota is None or rank <= max(int(n * quota), 1)):
            return lv["name"]
    return levels[-1]["name"]


def totals(rnd) -> list[Participant]:
    """Total, rank and grade of every participant (set-based; the caller saves them)."""
    system = rnd.system
    sets = Sets.of(system)
    tops = top_set(system)
    caps = dict(Indicator.objects.filter(system=system, section="bonus", parent__isnull=True).values_list("id", "cap"))
    ind = {i: (s, p) for i, s, p in Indicator.objects.filter(system=system).values_list("id", "section", "parent_id")}
    participants = list(Participant.objects.filter(round=rnd).select_related("unit"))
    base: dict[int, float] = defaultdict(float)
    bonus: dict[tuple, float] = defaultdict(float)
    for pid, iid, points, auto in Score.objects.filter(participant__round=rnd).values_list(
            "participant_id", "indicator_id", "points", "auto_points"):
        got = points if points is not None else auto
        if got is None:
            continue
        section, parent = ind[iid]
        if section == "bonus":
            bonus[(pid, parent or iid)] += got
        else:
            base[pid] += got * sets.factor.get(tops[iid], 1.0)
    for p in participants:
        extra = sum(min(v, caps.get(block) or v) for (pid, block), v in bonus.items() if pid == p.pk)
        p.total = round(base[p.pk] + extra, 2)
    ranked = sorted(participants, key=lambda p: (p.veto, -p.total))
    rules = rnd.grade_rules
    levels = rules["levels"]
    rank, prev = 0, None
    for i, p in enumerate(ranked, start=1):
        if (p.veto, p.total) != prev:  # equal totals share a rank (1, 1, 3)
            rank, prev = i, (p.veto, p.total)
        p.rank = rank
        p.grade = rules["veto_grade"] if p.veto else _grade(p.total, rank, len(ranked), levels)
    return ranked
