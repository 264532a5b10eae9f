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
from dataclasses import dataclass, field


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

    def line(self) -> str:
        return (f"{self.name:<12} n={self.count:<6} err={self.errors:<4} p50={self.percentile(50):7.1f} ms  "
                f"p95={self.percentile(95):7.1f} ms  p99={self.percentile(99):7.1f} ms  rps={self.rps:7.1f}")

    def as_dict(self) -> dict:
        return {"name": self.name, "requests": self.count, "errors": self.errors, "seconds": round(self.elapsed, 2),
                "concurrency": self.concurrency, "p50_ms": round(self.percentile(50), 1),
                "p95_ms": round(self.percentile(95), 1), "p99_ms": round(self.percentile(99), 1),
                "rps": round(self.rps, 1), "statuses": self.statuses}


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
                result.latencies.extend(local)
                result.errors += errors
                for k, v in statuses.items():
                    result.statuses[k] = result.statuses.get(k, 0) + v

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + timeout + 5)
    result.elapsed = time.monotonic() - started
    return result
