"""A bounded load test of the HTTP API on 127.0.0.1: N concurrent clients for S seconds.

    .venv/bin/python bench/api_load.py [--db thucydides.db] [--clients 50] [--seconds 30]

Starts `thucydides serve` on a free loopback port over an existing store (run `make demo` first
for the sample corpus), with the rate limit off, then has each client loop over GET /events
(with and without a dyad filter) and, one request in ten, POST /extract with a short article.
Prints requests, errors (any status other than 200) and p50/p99 latency per endpoint.
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
from collections import defaultdict

ARTICLE = ("Kenya's foreign minister met his Tanzanian counterpart in Nairobi on Saturday, and the two "
           "governments signed an agreement on border trade.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url: str, body: bytes | None = None) -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=120) as reply:
            reply.read()
            return reply.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="thucydides.db")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "thucydides", "serve", "--db", args.db, "--port", str(port),
                               "--rate-limit", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if request(base + "/health") == 200:
                break
            time.sleep(0.1)
        request(base + "/extract", json.dumps({"text": ARTICLE}).encode())   # loads the model once
        timings: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(n: int) -> None:
            i = 0
            while time.monotonic() < stop:
                i += 1
                if i % 10 == 0:
                    name, status_of = "POST /extract", lambda: request(
                        base + "/extract", json.dumps({"text": ARTICLE, "date": "2025-03-15"}).encode())
                elif i % 2:
                    name, status_of = "GET /events", lambda: request(base + "/events?limit=50")
                else:
                    name, status_of = "GET /events?dyad", lambda: request(
                        base + "/events?dyad=USA-IRQ&undirected=true&limit=50")
                t = time.perf_counter()
                status = status_of()
                elapsed = time.perf_counter() - t
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        errors[name] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.clients} clients for {args.seconds:.0f} s against {args.db}")
    for name, values in sorted(timings.items()):
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"{name:20s} requests {len(values):6d}  errors {errors[name]:3d}  "
              f"p50 {statistics.median(values) * 1000:8.1f} ms  p99 {p99 * 1000:8.1f} ms")
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
