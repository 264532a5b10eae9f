"""python manage.py bench_miss [--government ID] [--repeat 9] [--rebuild] [PAGE ...]: what one cache
miss of each busy page costs, without load: the Django test client, the government's data version
moved on before each request (every cached body misses, as after a write), median wall and CPU
time of this process and the query count. --rebuild also empties the cache (plan roll-ups too).
Run it against the generated province (docs/scale.md); it changes only data versions."""

from __future__ import annotations

import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.assessment.models import Round
from fazhiweb.plans.models import Plan


def pages(gid: int) -> dict[str, tuple[str, str]]:
    plan = Plan.objects.current().filter(government_id=gid, status=Plan.PUBLISHED).order_by("-year", "-id").first()
    if plan is None:
        raise CommandError(f"government {gid} has no published plan")
    rnd = Round.objects.filter(system__government_id=gid).order_by("-id").first()
    out = {"start": ("liaison", "/"), "home": ("liaison", "/progress/my/"), "overview": ("leader", "/"),
           "dashboard": ("office", f"/plans/{plan.pk}/dashboard/"),
           "board": ("office", f"/supervision/plans/{plan.pk}/board/"),
           "register_overview": ("office", "/registers/"), "register": ("office", "/registers/reconsideration/"),
           "trivial": ("office", "/supervision/")}
    if rnd is not None:
        out["ranking"] = ("leader", f"/assessment/rounds/{rnd.pk}/")
    return out


class Command(BaseCommand):
    help = "单页缓存未命中的耗时(墙钟、CPU、查询数),用于压测对比。"

    def add_arguments(self, parser):
        parser.add_argument("pages", nargs="*", help="page kinds (default: all)")
        parser.add_argument("--government", type=int, default=None, help="government id (default: the 37th)")
        parser.add_argument("--repeat", type=int, default=9)
        parser.add_argument("--rebuild", action="store_true", help="empty the cache before each request")

    def handle(self, *args, **o):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        govs = list(Government.objects.order_by("id").values_list("id", flat=True))
        if not govs:
            raise CommandError("no government: run generate_province first")
        gid = o["government"] or govs[min(36, len(govs) - 1)]
        for name, (role, path) in pages(gid).items():
            if o["pages"] and name not in o["pages"]:
                continue
            m = (Membership.objects.filter(government_id=gid, role=role).exclude(unit=None if role == "liaison" else -1)
                 .select_related("user").order_by("id").first())
            if m is None:
                self.stdout.write(f"{name:<18} no {role} in government {gid}: skipped")
                continue
            client = Client()
            client.force_login(m.user)
            client.get(path)  # imports, calendars: not what a miss costs
            walls, cpus, queries = [], [], []
            for _ in range(o["repeat"]):
                Government.objects.filter(pk=gid).update(data_version=F("data_version") + 1)
                if o["rebuild"]:
                    cache.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as ctx:
                    resp = client.get(path)
                walls.append(1000 * (time.perf_counter() - wall))
                cpus.append(1000 * (time.process_time() - cpu))
                queries.append(len(ctx))
                if resp.status_code != 200:
                    raise CommandError(f"{path}: HTTP {resp.status_code}")
            self.stdout.write(f"{name:<18} wall {statistics.median(walls):7.1f} ms  cpu {statistics.median(cpus):6.1f} ms  "
                              f"queries {statistics.median(queries):3.0f}  {len(resp.content) // 1024} KB")
