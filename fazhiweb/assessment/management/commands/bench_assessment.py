"""python manage.py bench_assessment [--governments 100] [--units 60] [--indicators 40]: time scoring
rounds from bound data, set-based, on generated data (a fresh database: it adds governments).

Every indicator is bound: a quarter to ledger figures (counted from the plans and notices of
each government), the rest to register figures, whose seam is fed synthetic values here (the
registers app is not part of this bench). Prints the time to score every round (figures,
rules, upserts, totals, ranks, grades) and the scores written."""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhiweb.accounts.models import Government
from fazhiweb.assessment import scoring
from fazhiweb.assessment.figures import register_keys
from fazhiweb.assessment.models import Indicator, IndicatorSystem, Participant, Round
from fazhiweb.assessment.rules import grade_rules, ledger_keys
from fazhiweb.directory.models import Unit

RULES = [{"type": "rate", "full_at": 100, "per_point": 0.5}, {"type": "deduct_each", "points": 1, "max": None},
         {"type": "zero_if"}, {"type": "deduct", "points": 2}]


class Command(BaseCommand):
    help = "考核计分基准:按绑定数据为 N 个政府 × M 个单位 × K 项指标计分并计时。"

    def add_arguments(self, parser):
        parser.add_argument("--governments", type=int, default=100)
        parser.add_argument("--units", type=int, default=60)
        parser.add_argument("--indicators", type=int, default=40)

    def handle(self, *args, **o):
        rng = random.Random(7)
        t0 = time.perf_counter()
        rounds = self._generate(o["governments"], o["units"], o["indicators"], rng)
        self.stdout.write(f"生成数据 {time.perf_counter() - t0:.1f} s")
        values = {}
        reg = [k for k in register_keys() if k.endswith("_rate")]

        def stub(gov, units, year):
            return {u.pk: values.setdefault(u.pk, {k: round(rng.uniform(80, 100), 2) for k in reg}) for u in units}

        scoring.register_figures_for = stub  # the seam, fed synthetic figures for the bench
        t0 = time.perf_counter()
        n = 0
        for rnd in rounds:
            with transaction.atomic():
                n += scoring.autoscore(rnd, rnd.today)
                ranked = scoring.totals(rnd)
                Participant.objects.bulk_update(ranked, ["total", "rank", "grade"], batch_size=scoring.BATCH)
        took = time.perf_counter() - t0
        self.stdout.write(f"计分 {len(rounds)} 轮、{n} 项得分:{took:.1f} s({n / took:,.0f} 项/秒)")

    def _generate(self, governments: int, units: int, indicators: int, rng) -> list[Round]:
        import datetime as dt

        reg = [k for k in register_keys() if k.endswith("_rate")]
        led = list(ledger_keys())
        base = Government.objects.count()
        rounds = []
        for g in range(governments):
            with transaction.atomic():
                gov = Government.objects.create(name=f"基准县{base + g + 1:04d}")
                Unit.objects.bulk_create([Unit(government=gov, name=f"基准单位{i:03d}", kind="dept" if i % 4 else "town")
                                          for i in range(units)])
                system = IndicatorSystem.objects.create(government=gov, year=2026, title="基准指标体系", total_points=100)
                tops = Indicator.objects.bulk_create([Indicator(system=system, order=i, number=str(i + 1), name=f"一级{i}",
                                                                points=25, is_leaf=False) for i in range(4)])
                leaves = []
                for j in range(indicators):
                    ledger = j % 4 == 0
                    leaves.append(Indicator(
                        system=system, parent=tops[j % 4], order=4 + j, number=f"{j % 4 + 1}.{j}", name=f"指标{j}",
                        points=100 / indicators, rule=RULES[j % len(RULES)] if not ledger else RULES[0],
                        source="ledger" if ledger else "register",
                        key=led[j % len(led)] if ledger else reg[j % len(reg)]))
                Indicator.objects.bulk_create(leaves)
                rnd = Round.objects.create(system=system, title="基准考核", grade_rules=grade_rules())
                parts = Participant.objects.bulk_create([Participant(round=rnd, unit=u, category="部门")
                                                         for u in Unit.objects.filter(government=gov)])
                scoring.create_scores(rnd, parts)
            rnd.today = dt.date(2026, 12, 1)
            rounds.append(rnd)
        return rounds
