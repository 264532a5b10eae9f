"""python manage.py generate_province --governments 100 [--cities 16] --units 60 --tasks 150 --reports 3000000
--notices 50000 [--seed N]: load a province-sized dataset (see fazhiweb/scale/generate.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhiweb.scale.generate import ProvinceGenerator, Sizes


class Command(BaseCommand):
    help = "生成省级规模的模拟数据(政府、单位、用户、计划、任务、分工、进展报告、督办单),用于压力测试。"

    def add_arguments(self, parser):
        parser.add_argument("--governments", type=int, default=100, help="counties (the governments with units)")
        parser.add_argument("--cities", type=int, default=16,
                            help="cities under one province, the counties shared out among them "
                                 "(at least 6 counties each; 0: flat counties, no province)")
        parser.add_argument("--units", type=int, default=60, help="units (and liaisons) per government")
        parser.add_argument("--tasks", type=int, default=150, help="tasks per plan")
        parser.add_argument("--plans", type=int, default=None,
                            help="yearly plans per government (default: units // fanout, at least 1)")
        parser.add_argument("--fanout", type=int, default=6, help="units assigned to each task")
        parser.add_argument("--reports", type=int, default=3_000_000)
        parser.add_argument("--notices", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default="bench-pass-123", help="password of every generated user")
        parser.add_argument("--prefix", default="压测", help="government name prefix")
        parser.add_argument("--no-registers", action="store_true", help="no register cases")
        parser.add_argument("--current-years", type=int, default=2,
                            help="plans of the last N years stay current, older ones archived (0: none archived)")

    def handle(self, *args, **o):
        for name in ("governments", "units", "tasks", "fanout"):
            if o[name] < 1:
                raise CommandError(f"--{name} must be at least 1")
        if o["cities"] < 0:
            raise CommandError("--cities must be >= 0")
        if o["reports"] < 0 or o["notices"] < 0 or (o["plans"] is not None and o["plans"] < 1):
            raise CommandError("--reports/--notices must be >= 0 and --plans >= 1")
        sizes = Sizes(governments=o["governments"], units=o["units"], tasks=o["tasks"], reports=o["reports"],
                      notices=o["notices"], plans=o["plans"], fanout=o["fanout"], seed=o["seed"],
                      password=o["password"], prefix=o["prefix"], registers=not o["no_registers"],
                      cities=o["cities"], current_years=max(0, o["current_years"]))
        ProvinceGenerator(sizes, out=lambda line: self.stdout.write(line, ending="\n") or self.stdout.flush()).run()
