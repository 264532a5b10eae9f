"""A small closed-loop HTTP load generator (standard library only): N threads, each one user with
its own keep-alive connection and session cookie, issuing GETs back to back until a request count
or a time limit is reached, optionally pausing `think` seconds between a user's requests (a person
reading the page). Loopback only."""

from __future__ import annotations

import http.client
import ipaddress
import math
import random
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

CACHE_HEADER = "X-Fazhi-Cache"  # set by core.pagecache.CacheStatusMiddleware when FAZHI_CACHE_HEADER=1


@dataclass(frozen=True)
class Target:
    path: str
    cookie: str = ""


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    elapsed: float = 0.0
    concurrency: int = 0
    statuses: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # the X-Fazhi-Cache answers (hit / miss) by count

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return 1000 * ordered[rank - 1]

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def hit_share(self) -> str:
        seen = self.cache.get("hit", 0) + self.cache.get("miss", 0)
        return f"{100 * self.cache.get('hit', 0) / seen:3.0f}%" if seen else "   -"

    def line(self) -> str:
        return (f"{self.name:<18} n={self.count:<6} err={self.errors:<4} p50={self.percentile(50):7.1f} ms  "
                f"p95={self.percentile(95):7.1f} ms  p99={self.percentile(99):7.1f} ms  rps={self.rps:7.1f}  "
                f"hit={self.hit_share()}")

    def merge(self, latencies: list[float], errors: int, statuses: dict, cache: dict) -> None:
        self.latencies.extend(latencies)
        self.errors += errors
        for k, v in statuses.items():
            self.statuses[k] = self.statuses.get(k, 0) + v
        for k, v in cache.items():
            self.cache[k] = self.cache.get(k, 0) + v

    def add(self, took: float | None, status: int | None, cache: str | None) -> None:
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1
        if took is None:
            self.errors += 1
        else:
            self.latencies.append(took)
        if cache:
            self.cache[cache] = self.cache.get(cache, 0) + 1

    def as_dict(self) -> dict:
        return {"name": self.name, "requests": self.count, "errors": self.errors, "seconds": round(self.elapsed, 2),
                "concurrency": self.concurrency, "p50_ms": round(self.percentile(50), 1),
                "p95_ms": round(self.percentile(95), 1), "p99_ms": round(self.percentile(99), 1),
                "rps": round(self.rps, 1), "statuses": self.statuses, "cache": self.cache}


def check_loopback(host: str) -> None:
    addr = "127.0.0.1" if host == "localhost" else host
    if not ipaddress.ip_address(addr).is_loopback:
        raise ValueError(f"load is only sent to loopback addresses, not {host}")


def run(name: str, host: str, port: int, targets: list[Target], concurrency: int = 20,
        max_requests: int = 2000, max_seconds: float = 60.0, timeout: float = 30.0,
        think: float = 0.0, seed: int = 0) -> Result:
    """`concurrency` users; user i uses targets[i % len(targets)]. Stops at `max_requests`
    completed (or failed) requests or after `max_seconds`, whichever comes first. With `think` > 0
    each user waits a random 0.5–1.5 × `think` seconds after each response (and before its first
    request, so the users do not start in lockstep)."""
    check_loopback(host)
    result = Result(name, concurrency=concurrency)
    lock = threading.Lock()
    issued = [0]
    deadline = time.monotonic() + max_seconds

    def user(i: int) -> None:
        target = targets[i % len(targets)]
        headers = {"Cookie": target.cookie} if target.cookie else {}
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        local: list[float] = []
        errors = 0
        statuses: dict[int, int] = {}
        caches: dict[str, int] = {}
        rng = random.Random(seed * 1000 + i)
        try:
            if think:
                time.sleep(rng.uniform(0, think))
            while time.monotonic() < deadline:
                with lock:
                    if issued[0] >= max_requests:
                        break
                    issued[0] += 1
                started = time.perf_counter()
                try:
                    conn.request("GET", target.path, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                except (OSError, http.client.HTTPException):
                    errors += 1
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                    continue
                took = time.perf_counter() - started
                statuses[resp.status] = statuses.get(resp.status, 0) + 1
                if resp.getheader(CACHE_HEADER):
                    caches[resp.getheader(CACHE_HEADER)] = caches.get(resp.getheader(CACHE_HEADER), 0) + 1
                if resp.status == 200:
                    local.append(took)
                else:
                    errors += 1
                if think:
                    time.sleep(rng.uniform(0.5 * think, 1.5 * think))
                if resp.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
        finally:
            conn.close()
            with lock:
                result.merge(local, errors, statuses, caches)

    result.elapsed = _in_threads(user, concurrency, max_seconds + timeout + 5)
    return result


def _in_threads(user, concurrency: int, wait: float) -> float:
    """user(0) … user(concurrency - 1) in threads; the seconds until all are done (or `wait` each)."""
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(wait)
    return time.monotonic() - started


@dataclass(frozen=True)
class Step:
    """One request of a visit: a GET, or with `form` a POST of those fields (a write through the
    app's own form view, with a CSRF token the cookie matches)."""

    kind: str  # the page kind the figures are reported under
    path: str
    cookie: str = ""
    form: dict | None = None


CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django's unmasked secret form


def _send(conn: http.client.HTTPConnection, step: Step):
    headers = {"Cookie": step.cookie} if step.cookie else {}
    if step.form is None:
        conn.request("GET", step.path, headers=headers)
    else:
        headers["Cookie"] = "; ".join(c for c in (step.cookie, f"csrftoken={CSRF_SECRET}") if c)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode({**step.form, "csrfmiddlewaretoken": CSRF_SECRET})
        conn.request("POST", step.path, body=body.encode(), headers=headers)
    resp = conn.getresponse()
    resp.read()
    return resp


def run_mix(host: str, port: int, visit: Callable[[random.Random], list[Step]], concurrency: int = 20,
            max_requests: int = 2000, max_seconds: float = 60.0, timeout: float = 30.0, think: float = 0.0,
            seed: int = 0) -> dict[str, Result]:
    """`concurrency` users, each repeatedly asking `visit(rng)` for its next visit (one logged-in
    user's requests) and sending them on a fresh connection, with `think` as in `run()`. A GET
    succeeds with 200, a POST with 200 or a redirect. Figures per step kind."""
    check_loopback(host)
    results: dict[str, Result] = {}
    lock = threading.Lock()
    issued = [0]
    deadline = time.monotonic() + max_seconds

    def user(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        local: dict[str, Result] = {}
        try:
            if think:
                time.sleep(rng.uniform(0, think))
            while time.monotonic() < deadline:
                steps = visit(rng)
                if not steps:  # nothing more to send
                    return
                conn = http.client.HTTPConnection(host, port, timeout=timeout)  # a new user, a new connection
                try:
                    for step in steps:
                        with lock:
                            if issued[0] >= max_requests:
                                return
                            issued[0] += 1
                        r = local.setdefault(step.kind, Result(step.kind, concurrency=concurrency))
                        started = time.perf_counter()
                        try:
                            resp = _send(conn, step)
                        except (OSError, http.client.HTTPException):
                            r.add(None, None, None)
                            conn.close()
                            conn = http.client.HTTPConnection(host, port, timeout=timeout)
                            continue
                        took = time.perf_counter() - started
                        ok = resp.status == 200 or (step.form is not None and resp.status in (301, 302, 303))
                        r.add(took if ok else None, resp.status, resp.getheader(CACHE_HEADER))
                        if think:
                            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
                        if time.monotonic() >= deadline:
                            return
                        if resp.will_close:
                            conn.close()
                            conn = http.client.HTTPConnection(host, port, timeout=timeout)
                finally:
                    conn.close()
        finally:
            with lock:
                for kind, r in local.items():
                    results.setdefault(kind, Result(kind, concurrency=concurrency)).merge(
                        r.latencies, r.errors, r.statuses, r.cache)

    elapsed = _in_threads(user, concurrency, max_seconds + timeout + 5)
    for r in results.values():
        r.elapsed = elapsed
    return results


def combined(name: str, parts: list[Result]) -> Result:
    """The figures of several kinds together (all reads, all writes, everything)."""
    out = Result(name, elapsed=max((r.elapsed for r in parts), default=0.0),
                 concurrency=max((r.concurrency for r in parts), default=0))
    for r in parts:
        out.merge(r.latencies, r.errors, {}, r.cache)
    return out


class LoadSampler:
    """The machine's 1-minute load average, read from /proc/loadavg every `every` seconds while a
    run lasts (the machine is shared: figures mean little without it)."""

    def __init__(self, every: float = 2.0):
        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def read() -> float | None:
        try:
            with open("/proc/loadavg", encoding="ascii") as f:
                return float(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            value = self.read()
            if value is not None:
                self.samples.append(value)

    def __enter__(self):
        value = self.read()
        if value is not None:
            self.samples.append(value)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(self.every + 1)
        value = self.read()
        if value is not None:
            self.samples.append(value)

    def summary(self) -> str:
        if not self.samples:
            return "load average: unknown"
        return (f"load average (1 min) during the run: start {self.samples[0]:.2f}, mean "
                f"{sum(self.samples) / len(self.samples):.2f}, max {max(self.samples):.2f}, end {self.samples[-1]:.2f}")
