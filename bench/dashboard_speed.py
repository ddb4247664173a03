"""How fast the dashboard's first view is on a large store: SYNTHETIC events, for timing only.

    .venv/bin/python bench/dashboard_speed.py [--events 100000] [--browser]

Fills a fresh SQLite store with N synthetic events (bench/query_speed.py's generator: two years,
40 countries, every CAMEO root), starts a real `thucydides serve`, and times every request the
dashboard's first view makes (best of 3, over HTTP), with the size of each answer: the browser
never receives more than one page of events. With --browser, also the time until Debian's
Chromium has drawn the whole overview. No accuracy number ever comes from this data.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from server_process import serve  # noqa: E402  (the tests' way of running a real server)

# The dashboard's first view, as app.js asks for it.
FIRST_VIEW = [
    "/stats",
    "/timeline?freq=day",
    "/events?limit=25&offset=0",
    "/network?level=country&limit=40",
    "/places?limit=300",
    "/alerts/top?dyads=12&max_events=3&limit=100",
    "/dyads?limit=20",
    "/series?dyad=USA-IRQ&freq=week",
    "/alerts?dyad=USA-IRQ&freq=week",
]
FILTERED = [
    "/events?dyad=USA-IRQ&since=2024-06-01&until=2024-06-30&limit=25",
    "/timeline?freq=day&actor=IRQGOV",
    "/network?level=actor&limit=40&quad=4",
    "/actors?limit=50",
]


def _fill(url: str, n: int) -> None:
    spec = importlib.util.spec_from_file_location("query_speed", HERE / "query_speed.py")
    module = importlib.util.module_from_spec(spec)   # type: ignore[arg-type]
    spec.loader.exec_module(module)                   # type: ignore[union-attr]
    module.fill(url, n)


def _get(url: str) -> tuple[int, float]:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as resp:
        size = len(resp.read())
    return size, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--browser", action="store_true", help="also time Chromium drawing the overview")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        _fill(db, args.events)
        print(f"filled {args.events:,} synthetic events in {time.perf_counter() - t:.1f} s")
        with serve(db, Path(tmp), "--rate-limit", "0") as server:
            base = server.base
            total = 0.0
            for title, paths in (("first view", FIRST_VIEW), ("filtered", FILTERED)):
                print(f"-- {title}")
                for path in paths:
                    size, best = min((_get(base + path) for _ in range(3)), key=lambda r: r[1])
                    total += best if title == "first view" else 0.0
                    print(f"{path:62s} {best * 1000:8.1f} ms {size / 1024:8.1f} KiB")
            print(f"first view, requests one after another: {total * 1000:.0f} ms "
                  "(the browser sends them in parallel)")
            if args.browser:
                from playwright.sync_api import sync_playwright
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                                args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
                    page = browser.new_page(viewport={"width": 1440, "height": 900})
                    t = time.perf_counter()
                    page.goto(base + "/")
                    page.wait_for_selector("body[data-ready='overview']", timeout=120_000)
                    print(f"Chromium: overview drawn in {(time.perf_counter() - t) * 1000:.0f} ms")
                    browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
