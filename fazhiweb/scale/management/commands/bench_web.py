"""python manage.py bench_web [--concurrency 20] [--requests 2000] [--seconds 60]: serve the app with
gunicorn (gthread workers) on loopback and measure the liaison's home page, a plan dashboard, the
supervision board and the trivial /healthz view with a closed-loop load of N concurrent users.

Benchmark users are logged in through sessions created directly in the database (the generated
data of `generate_province`, or any data: it picks published plans and their governments' users).
Prints p50/p95/p99 and requests per second per page, and each page's rps as a share of /healthz.
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
from fazhiweb.scale import loadgen

HOST = "127.0.0.1"
PAGES = ("healthz", "home", "dashboard", "board", "start", "overview", "register", "register_overview")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
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

    def handle(self, *args, **o):
        pages = [p.strip() for p in o["pages"].split(",") if p.strip()]
        unknown = set(pages) - set(PAGES)
        if unknown:
            raise CommandError(f"unknown pages: {', '.join(sorted(unknown))}")
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
        if not gunicorn:
            raise CommandError("gunicorn is not installed: pip install gunicorn==27.0.1")
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
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")}
        server = subprocess.Popen(cmd, env=env)
        results = {}
        try:
            self._wait(port, server)
            for page in pages:
                if not targets[page]:
                    self.stdout.write(f"{page:<12} no user for this page in the data: skipped")
                    continue
                if o["warmup"]:
                    loadgen.run(page, HOST, port, targets[page], o["concurrency"], o["warmup"], o["seconds"])
                r = loadgen.run(page, HOST, port, targets[page], o["concurrency"], o["requests"], o["seconds"],
                                think=o["think"], seed=o["seed"])
                results[page] = r
                self.stdout.write(r.line())
                self.stdout.flush()
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        base = results.get("healthz")
        if base and base.rps:
            for page, r in results.items():
                if page != "healthz":
                    self.stdout.write(f"{page:<12} rps / healthz rps = {r.rps / base.rps:.3f}")
        if o["json"]:
            out = {p: r.as_dict() for p, r in results.items()}
            if base and base.rps:
                for p, r in results.items():
                    out[p]["ratio_to_healthz"] = round(r.rps / base.rps, 4)
            Path(o["json"]).write_text(json.dumps(out, indent=2), encoding="utf-8")

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
