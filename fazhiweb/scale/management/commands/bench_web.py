"""python manage.py bench_web [--concurrency 20] [--requests 2000] [--seconds 60]: serve the app with
gunicorn (gthread workers) on loopback and measure the liaison's home page, a plan dashboard, the
supervision board and the trivial /healthz view with a closed-loop load of N concurrent users.

Benchmark users are logged in through sessions created directly in the database (the generated
data of `generate_province`, or any data: it picks published plans and their governments' users).
Prints p50/p95/p99 and requests per second per page, and each page's rps as a share of /healthz.

With --rotate: first a hit-only run (a fixed small set of users and pages, no writes, after a
warm-up), then the mixed rotating run of `fazhiweb.scale.mix`: every visit a different user of any
government (liaisons, office users, leaders), pages by role, `--write-share` of the requests real
writes through the app's forms. Per page kind: requests, p50/p95/p99, rps and the page-cache hit
share (the server sends X-Fazhi-Cache for the benchmark), and the machine's load average.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fazhiweb.accounts.models import Membership
from fazhiweb.plans.models import Plan
from fazhiweb.scale import loadgen, mix

HOST = "127.0.0.1"
PAGES = ("healthz", "home", "dashboard", "board", "start", "overview", "register", "register_overview")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = mix.login_backend()
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def pick_targets(n: int, seed: int) -> dict[str, list[loadgen.Target]]:
    """n distinct liaisons (from n governments where possible) and n governments' office users with
    their newest published plan: one target per simulated user."""
    rng = random.Random(seed)
    plans = {}
    for pk, gid in Plan.objects.filter(status=Plan.PUBLISHED).order_by("government_id", "-year", "-id").values_list(
            "id", "government_id"):
        plans.setdefault(gid, pk)
    govs = sorted(plans)
    if not govs:
        raise CommandError("no published plan: run generate_province (or load_demo) first")
    chosen = rng.sample(govs, min(n, len(govs)))
    offices = {m.government_id: m for m in Membership.objects.filter(
        role=Membership.OFFICE, government_id__in=chosen).select_related("user")}
    leaders = {m.government_id: m for m in Membership.objects.filter(
        role=Membership.LEADER, government_id__in=chosen).select_related("user")}
    liaisons: dict[int, list] = {}
    for m in Membership.objects.filter(role=Membership.LIAISON, government_id__in=chosen,
                                       unit__isnull=False).select_related("user"):
        liaisons.setdefault(m.government_id, []).append(m)
    home, dashboard, board, start, overview, register, reg_overview = [], [], [], [], [], [], []
    for i in range(n):
        gid = chosen[i % len(chosen)]
        if gid in liaisons:
            m = rng.choice(liaisons[gid])
            cookie = session_cookie(m.user)
            home.append(loadgen.Target("/progress/my/", cookie))
            start.append(loadgen.Target("/", cookie))  # the liaison's 待办 home (home app)
        if gid in leaders:
            overview.append(loadgen.Target("/", session_cookie(leaders[gid].user)))
        if gid in offices:
            cookie = session_cookie(offices[gid].user)
            dashboard.append(loadgen.Target(f"/plans/{plans[gid]}/dashboard/", cookie))
            board.append(loadgen.Target(f"/supervision/plans/{plans[gid]}/board/", cookie))
            register.append(loadgen.Target("/registers/reconsideration/", cookie))  # clocks + statistics
            reg_overview.append(loadgen.Target("/registers/", cookie))
    if not (home and dashboard):
        raise CommandError("no liaison or office user found for the published plans")
    return {"healthz": [loadgen.Target("/healthz")], "home": home, "dashboard": dashboard, "board": board,
            "start": start, "overview": overview, "register": register, "register_overview": reg_overview}


class Command(BaseCommand):
    help = "Web benchmark: gunicorn on loopback, N concurrent users, p50/p95/p99 and rps per page."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=20)
        parser.add_argument("--requests", type=int, default=2000, help="per page, at most")
        parser.add_argument("--seconds", type=float, default=60.0, help="per page, at most")
        parser.add_argument("--warmup", type=int, default=100, help="unmeasured requests per page first")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
        parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
        parser.add_argument("--think", type=float, default=0.0,
                            help="mean seconds a user waits between requests (0: back to back)")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--json", help="also write the figures to this file")
        parser.add_argument("--rotate", action="store_true",
                            help="hit-only run, then the mixed run rotating over every government's users with writes")
        parser.add_argument("--write-share", type=float, default=0.1, help="with --rotate: share of requests that write")
        parser.add_argument("--visit", type=int, default=4, help="with --rotate: requests per visit (one user)")
        parser.add_argument("--liaisons", type=int, default=10,
                            help="with --rotate: liaisons per government to log in (all office users and leaders are)")
        parser.add_argument("--skip-hit-only", action="store_true", help="with --rotate: the mixed run only")
        parser.add_argument("--cold", action="store_true",
                            help="with --rotate: skip asking every government's overview once before the runs "
                                 "(which fills the plans' roll-ups, as the first visits of a day do)")

    def handle(self, *args, **o):
        pages = [p.strip() for p in o["pages"].split(",") if p.strip()]
        unknown = set(pages) - set(PAGES)
        if unknown:
            raise CommandError(f"unknown pages: {', '.join(sorted(unknown))}")
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
        if not gunicorn:
            raise CommandError("gunicorn is not installed: pip install gunicorn==27.0.1")
        if not 0 <= o["write_share"] <= 1:
            raise CommandError("--write-share must be between 0 and 1")
        if o["rotate"]:
            made = mix.ensure_rounds(o["seed"])
            if made:
                self.stdout.write(f"made a 考核 round with scores and ranks for {made} governments (the ranking page)")
            pool = mix.build_pool(o["liaisons"], o["seed"])
            if not pool.plans:
                raise CommandError("no published plan: run generate_province (or load_demo) first")
            self.stdout.write(f"pool: {pool.governments()} governments; " + ", ".join(
                f"{len(v)} {k}" for k, v in pool.users.items()) + " logged in")
        else:
            targets = pick_targets(o["concurrency"], o["seed"])
        connection.close()  # the server processes open their own
        port = free_port()
        cmd = [gunicorn, "fazhiweb.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", str(o["workers"]),
               "--threads", str(o["threads"]), "--worker-class", "gthread", "--keep-alive", "30",
               "--timeout", "120", "--log-level", "warning", "--chdir", str(settings.BASE_DIR)]
        self.stdout.write(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
                          f"{settings.DATABASES['default']['NAME']}; server: gunicorn {o['workers']} workers × "
                          f"{o['threads']} threads on {HOST}:{port}; {o['concurrency']} concurrent users, "
                          f"≤{o['requests']} requests / ≤{o['seconds']:.0f} s per page, think time {o['think']} s")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "fazhiweb.settings"),
               "FAZHI_CACHE_HEADER": "1",
               # the server checks the sessions made here: the same key (a production server refuses to start without one)
               "FAZHI_SECRET_KEY": os.environ.get("FAZHI_SECRET_KEY") or settings.SECRET_KEY}
        server = subprocess.Popen(cmd, env=env)
        results = {}
        try:
            self._wait(port, server)
            if o["rotate"]:
                results = self._rotate(port, pool, o)
                pages = []
            for page in pages:
                if not targets[page]:
                    self.stdout.write(f"{page:<12} no user for this page in the data: skipped")
                    continue
                if o["warmup"]:
                    loadgen.run(page, HOST, port, targets[page], o["concurrency"], o["warmup"], o["seconds"])
                with loadgen.LoadSampler() as load:
                    r = loadgen.run(page, HOST, port, targets[page], o["concurrency"], o["requests"], o["seconds"],
                                    think=o["think"], seed=o["seed"])
                results[page] = r
                self.stdout.write(r.line() + f"  load {sum(load.samples) / max(len(load.samples), 1):.2f}")
                self.stdout.flush()
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        base = results.get("healthz")
        if base and base.rps and not o["rotate"]:
            for page, r in results.items():
                if page != "healthz":
                    self.stdout.write(f"{page:<12} rps / healthz rps = {r.rps / base.rps:.3f}")
        if o["json"]:
            out = {p: (r if isinstance(r, dict) else r.as_dict()) for p, r in results.items()}
            if base and base.rps and not o["rotate"]:
                for p, r in results.items():
                    out[p]["ratio_to_healthz"] = round(r.rps / base.rps, 4)
            Path(o["json"]).write_text(json.dumps(out, indent=2), encoding="utf-8")

    def _rotate(self, port: int, pool, o) -> dict:
        """The hit-only run and the mixed rotating run; returns both runs' figures by kind."""
        out = {}
        if not o["cold"]:
            started = time.monotonic()
            todo = [[loadgen.Step("prewarm", "/", u.cookie)] for u in pool.users["leader"]]
            todo += [[loadgen.Step("prewarm", "/hierarchy/", u.cookie)] for u in pool.users.get("upper", [])]

            def next_overview(rng):
                return todo.pop() if todo else []  # list.pop is atomic under the GIL

            loadgen.run_mix(HOST, port, next_overview, 4, len(todo), 600, seed=o["seed"])
            self.stdout.write(f"prewarm: every government's overview and every upper office's hierarchy once ({time.monotonic() - started:.0f} s)")
        if not o["skip_hit_only"]:
            fixed = mix.fixed_steps(pool, o["concurrency"], o["seed"])
            cycle = {"i": 0}

            def same(rng):  # user i of the fixed set again and again (one visit per call)
                cycle["i"] += 1
                return fixed[cycle["i"] % len(fixed)]

            warm = loadgen.run_mix(HOST, port, same, o["concurrency"], max(o["warmup"], 3 * len(fixed)),
                                   o["seconds"], seed=o["seed"])
            del warm
            with loadgen.LoadSampler() as load:
                res = loadgen.run_mix(HOST, port, same, o["concurrency"], o["requests"], o["seconds"],
                                      think=o["think"], seed=o["seed"])
            out["hit_only"] = self._table("hit-only: a fixed set of users and pages, no writes", res, load)
        visit = mix.Mix(pool, o["write_share"], o["visit"]).visit
        if o["warmup"]:
            loadgen.run_mix(HOST, port, visit, o["concurrency"], o["warmup"], o["seconds"], seed=o["seed"] + 1)
        with loadgen.LoadSampler() as load:
            res = loadgen.run_mix(HOST, port, visit, o["concurrency"], o["requests"], o["seconds"],
                                  think=o["think"], seed=o["seed"])
        out["mixed"] = self._table(f"mixed: rotating over every government's users, {o['write_share']:.0%} writes",
                                   res, load)
        return out

    def _table(self, title: str, res: dict, load) -> dict:
        self.stdout.write(f"\n{title} — {load.summary()}")
        reads = [r for k, r in res.items() if not k.startswith("write:")]
        writes = [r for k, r in res.items() if k.startswith("write:")]
        rows = sorted(res.values(), key=lambda r: (r.name.startswith("write:"), r.name))
        rows += [loadgen.combined("ALL READS", reads)] + ([loadgen.combined("ALL WRITES", writes)] if writes else [])
        rows.append(loadgen.combined("ALL", reads + writes))
        for r in rows:
            self.stdout.write(r.line())
        self.stdout.flush()
        return {"load": load.samples, **{r.name: r.as_dict() for r in rows}}

    def _wait(self, port: int, server) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn exited during startup")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not answer /healthz within 60 s")
