"""A bounded load test of the HTTP API on 127.0.0.1: N concurrent clients for S seconds.

    .venv/bin/python bench/api_load.py [--db thucydides.db] [--clients 50] [--seconds 30] [--url URL]

Starts `thucydides serve` on a free loopback port over an existing store (run `make demo` first
for the sample corpus), with the rate limit off, unless --url names a server already running.
Each client loops over GET /events (with and without a dyad filter) and, one request in ten,
POST /extract with a short article, waiting for each answer before it sends the next. Prints,
per endpoint, the requests, their status codes, and p50/p99 latency; exits 1 if any request got
anything but 200 (status 0: no HTTP answer at all). `tests/test_api_load.py` runs a short
version of the same load with :func:`run_load`.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

# An invented wire-style text: short, so the load measures serving, not the coding of long articles.
ARTICLE = ("Kenya's foreign minister met his Tanzanian counterpart in Nairobi on Saturday, and the two "
           "governments signed an agreement on border trade.")
ENDPOINTS = ("GET /events", "GET /events?dyad", "POST /extract")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url: str, body: bytes | None = None, timeout: float = 120) -> int:
    """The HTTP status of one request, or 0 when no HTTP answer came (refused, reset, timed out)."""
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            reply.read()
            return reply.status
    except urllib.error.HTTPError as err:
        err.read()
        return err.code
    except OSError:
        return 0


@dataclass
class LoadResult:
    """What the clients saw: per endpoint, the status codes and the latencies in seconds."""

    clients: int
    seconds: float
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def errors(self, endpoint: str | None = None) -> int:
        """Requests answered with anything but 200 (all endpoints, or one)."""
        names = [endpoint] if endpoint else list(self.statuses)
        return sum(n for name in names for status, n in self.statuses[name].items() if status != 200)

    def percentile(self, endpoint: str, q: float) -> float:
        values = sorted(self.latencies[endpoint])
        return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")

    def report(self) -> str:
        lines = [f"{self.clients} clients for {self.seconds:.0f} s"]
        for name in sorted(self.latencies):
            values = self.latencies[name]
            codes = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(self.statuses[name].items()))
            lines.append(f"{name:18s} requests {len(values):6d}  errors {self.errors(name):4d}  "
                         f"p50 {statistics.median(values) * 1000:8.1f} ms  "
                         f"p99 {self.percentile(name, 0.99) * 1000:8.1f} ms  [{codes}]")
        return "\n".join(lines)


def run_load(base: str, clients: int, seconds: float) -> LoadResult:
    """``clients`` threads, each sending one request at a time to ``base`` for ``seconds``."""
    extract_body = json.dumps({"text": ARTICLE, "date": "2025-03-15"}).encode()
    calls: dict[str, Callable[[], int]] = {
        "POST /extract": lambda: request(base + "/extract", extract_body),
        "GET /events": lambda: request(base + "/events?limit=50"),
        "GET /events?dyad": lambda: request(base + "/events?dyad=USA-IRQ&undirected=true&limit=50"),
    }
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        i = 0      # every client on the same cycle: their /extract requests come in bursts, the worst case
        while time.monotonic() < stop:
            i += 1
            name = "POST /extract" if i % 10 == 0 else ("GET /events" if i % 2 else "GET /events?dyad")
            started = time.perf_counter()
            status = calls[name]()
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies[name].append(elapsed)
                result.statuses[name][status] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


def warm_up(base: str, wait: float = 120) -> None:
    """Wait for the server to answer, then have it load its model (the first /extract does)."""
    deadline = time.monotonic() + wait
    while request(base + "/health", timeout=5) != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base}: the server did not answer within {wait:.0f} s")
        time.sleep(0.1)
    status = request(base + "/extract", json.dumps({"text": ARTICLE}).encode())
    if status != 200:
        raise RuntimeError(f"{base}: the first POST /extract got {status}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="thucydides.db")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--url", help="a running server to load instead of starting one (its rate limit must allow it)")
    args = ap.parse_args()
    server = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "thucydides", "serve", "--db", args.db,
                                   "--port", str(port), "--rate-limit", "0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
    try:
        warm_up(base)
        result = run_load(base, args.clients, args.seconds)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(f"{result.report()}\nagainst {args.url or args.db}")
    return 1 if result.errors() else 0


if __name__ == "__main__":
    sys.exit(main())
