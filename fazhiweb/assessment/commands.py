"""The `fazhi assessment` subcommands (fazhi/cli_assessment.py), on the same services as the
pages: `score` runs services.refresh (the office's 按最新数据计分) and prints the ranking with
every score; `export` writes the same .xlsx as the round page's download."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fazhi.errors import FazhiError
from fazhiweb.assessment import services
from fazhiweb.assessment.exports import round_xlsx
from fazhiweb.assessment.models import IndicatorSystem, Participant, Round, Score
from fazhiweb.assessment.ranking import base_totals
from fazhiweb.registers.governments import government_named


class Refused(FazhiError):
    exit_code = 2


def round_of(args) -> Round:
    """The round named by --round (its government implied, or checked against --government), or
    the one round of --year of the government."""
    qs = Round.objects.select_related("system").filter(system__kind=IndicatorSystem.ASSESSMENT)
    if args.round is not None:
        if args.government:
            qs = qs.filter(system__government=government_named(args.government))
        rnd = qs.filter(pk=args.round).first()
        if rnd is None:
            raise Refused(f"没有编号为 {args.round} 的考核{'(' + args.government + ')' if args.government else ''}。")
        return rnd
    gov = government_named(args.government)
    qs = qs.filter(system__government=gov)
    rounds = list(qs.filter(system__year=args.year).order_by("-id"))
    if not rounds:
        raise Refused(f"{gov.name}没有 {args.year} 年度的考核。")
    if len(rounds) > 1:
        listed = ";".join(f"{r.pk} {r.title}" for r in rounds)
        raise Refused(f"{gov.name}{args.year} 年度有 {len(rounds)} 次考核,请用 --round 指定:{listed}")
    return rounds[0]


def result(rnd: Round) -> dict:
    """The round as JSON: each participant's total, rank, grade, veto and every score."""
    by_part: dict[int, list] = {}
    scores = Score.objects.filter(participant__round=rnd).select_related("indicator").order_by("indicator__order")
    for s in scores:
        ind = s.indicator
        by_part.setdefault(s.participant_id, []).append({
            "number": ind.number, "indicator": ind.name, "points": ind.points, "score": s.final,
            "source": ind.source, "figure": s.figure, "working": s.auto_text if s.points is None else "",
            "reason": s.reason, "records": s.records})
    units = [{"rank": p.rank, "unit": p.unit.name, "government": p.government.name if p.government_id else None,
              "category": p.category, "total": p.total, "grade": p.grade, "veto": p.veto_reason if p.veto else None,
              "scores": by_part.get(p.pk, [])}
             for p in Participant.objects.filter(round=rnd).select_related("unit", "government")
             .order_by("rank", "unit__name")]
    base = base_totals(rnd.system)
    return {"round": rnd.pk, "title": rnd.title, "year": rnd.system.year, "state": rnd.state,
            "system": rnd.system.title, "base_total": base["total"], "units": units}


def cmd_score(args) -> int:
    rnd = round_of(args)
    if rnd.is_published:
        print(f"《{rnd.title}》已公布,输出公布结果(不再重新计分)。", file=sys.stderr)
    else:
        try:
            done = services.refresh(None, rnd)
        except services.AssessmentError as exc:
            raise Refused(str(exc)) from None
        print(f"《{rnd.title}》:已按最新数据计分 {done['scores']} 项,{done['units']} 个考核对象。", file=sys.stderr)
    rnd.refresh_from_db()
    out = result(rnd)
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    for u in out["units"]:
        total = "-" if u["total"] is None else f"{u['total']:g}"
        veto = "(一票否决)" if u["veto"] else ""
        print(f"{u['rank'] or '-':>4}  {u['unit']}  {u['category']}  {total}  {u['grade']}{veto}")
    return 0


def cmd_export(args) -> int:
    rnd = round_of(args)
    out = Path(args.xlsx)
    if out.suffix.lower() != ".xlsx":
        raise Refused("--xlsx 的文件名应以 .xlsx 结尾。")
    try:
        out.write_bytes(round_xlsx(rnd))
    except OSError as exc:
        raise Refused(f"无法写出 {out}:{exc.strerror}") from None
    print(f"已导出《{rnd.title}》的考核结果到 {out}")
    return 0
