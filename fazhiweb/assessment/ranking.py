"""The ranking of a round as it stands (or as published), and a system's base total.

The ranking is one query (participants with their unit, lower government and the count of
scores still without points); its rendered body is cached per government data version
(core/pagecache.py) for the members of the government running the round, so a hit costs no
query of this app at all.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from fazhiweb.assessment.models import COMMON, CategorySet, Indicator, Participant
from fazhiweb.core import pagecache


def rows(rnd, member, lower: bool) -> list[Participant]:
    """The participants ranked, each with `pending` (scores without points) and `open` (the
    viewer may open its standing): all for the office and leaders of the assessing government,
    the own unit for a liaison, the own government's row for a lower government."""
    parts = list(Participant.objects.filter(round=rnd).select_related("unit", "government")
                 .annotate(pending=Count("scores", filter=Q(scores__points__isnull=True,
                                                            scores__auto_points__isnull=True)))
                 .order_by("rank", "unit__name"))
    everyone = not lower and (member.is_office or member.is_leader)
    for p in parts:
        p.open = everyone or (lower and p.government_id == member.government_id) or (
            not lower and member.is_liaison and p.unit_id == member.unit_id)
    return parts


def body(rnd, member, lower: bool):
    """The ranking table's HTML; cached for the assessing government (a change anywhere in it
    bumps its data_version), rendered afresh for a lower government looking up."""
    build = lambda: {"round": rnd, "parts": rows(rnd, member, lower)}  # noqa: E731
    day = pagecache.today()
    if lower:
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        return mark_safe(render_to_string("assessment/_ranking_body.html", build()))
    unit = member.unit_id if member.is_liaison else ""
    return pagecache.body(member, "assessment.ranking", (rnd.pk, rnd.state, unit), day,
                          "assessment/_ranking_body.html", build)


def base_totals(system) -> dict:
    """The base total a unit is scored out of: the 共性 points plus its category's 个性 set as
    rescaled (a table written with several 个性 sets adds up to more than any unit gets).
    {"written": table total, "common": 共性 points, "sets": {个性 set: written points},
    "by_category": {category: (set name, base total)}, "total": the base total shared by every
    category that has a 个性 set (None when they differ)}."""
    written: dict[str, float] = defaultdict(float)
    for set_name, points in Indicator.objects.filter(system=system, parent__isnull=True, section="base") \
            .values_list("set_name", "points"):
        written[set_name] += points or 0
    common = written.pop(COMMON, 0.0)
    by_category = {}
    for cs in CategorySet.objects.filter(system=system).order_by("id"):
        own = (cs.weight if cs.weight is not None else written.get(cs.set_name, 0.0)) if cs.set_name else 0.0
        by_category[cs.category] = (cs.set_name, round(common + own, 2))
    if not written:  # no 个性 sets: the table's total is everyone's
        total = system.total_points
    else:
        values = {v for name, v in by_category.values() if name}
        total = values.pop() if len(values) == 1 else None
    return {"written": system.total_points, "common": round(common, 2), "sets": dict(written),
            "by_category": by_category, "total": total}


def base_label(system) -> str:
    """“100” / “100(共性 60 + 个性 40,个性指标表内 100 分折算;表内合计 260)” / “未公布”."""
    b = base_totals(system)
    if not b["sets"]:
        return "未公布" if b["written"] is None else f"{b['written']:g}"
    tail = f"表内合计 {b['written'] or 0:g}"
    bare = [c for c, (name, _) in b["by_category"].items() if not name]
    if bare:
        tail += f";{'、'.join(bare)}未设个性指标,按共性 {b['common']:g} 分"
    if b["total"] is not None:
        personal = b["total"] - b["common"]
        scaled = {w for w in b["sets"].values() if abs(w - personal) > 1e-9}
        note = f",个性指标表内 {max(scaled):g} 分折算" if scaled else ""
        return f"{b['total']:g}(共性 {b['common']:g} + 个性 {personal:g}{note};{tail})"
    per = "、".join(f"{c} {v:g}" for c, (name, v) in b["by_category"].items() if name)
    return f"按类别:{per or '待设置'}({tail})"
