"""Screenshots of the dashboard on the bundled sample corpus, for the README (docs/dashboard*.png).

    .venv/bin/python tools/dashboard_screenshot.py [--db STORE] [--out docs]

Without --db the sample corpus (samples/corpus) is ingested into a temporary store first. A real
`thucydides serve` is started on a free port and Debian's Chromium (driven by Playwright) opens
it at 1440x900: the overview, then the strongest alert's most conflictual event in its article.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(db: str, out: Path, chromium: str) -> list[Path]:
    """Serve ``db`` and write the screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "thucydides", "serve", "--db", db, "--port", str(port),
                               "--rate-limit", "0"])
    written = []
    try:
        for _ in range(300):
            try:
                _get(base + "/health")
                break
            except OSError:
                time.sleep(0.2)
        alerts = _get(base + "/alerts/top?dyads=12")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='overview']", timeout=60_000)
            page.wait_for_timeout(300)
            written.append(out / "dashboard.png")
            page.screenshot(path=str(written[-1]), full_page=True)
            if alerts:
                strongest = max(alerts, key=lambda a: a["score"])   # type: ignore[index]
                event = strongest["events"][0]                      # type: ignore[index]
                page.goto(f"{base}/#/article/{event['article_id']}?event={event['id']}")
                page.wait_for_selector("body[data-ready='article']", timeout=60_000)
                page.evaluate("window.scrollTo(0, 0)")
                written.append(out / "dashboard-article.png")
                page.screenshot(path=str(written[-1]))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing store (default: ingest samples/corpus into a temporary one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from thucydides.ingest import ingest
            db = str(Path(tmp) / "sample.db")
            summary = ingest([ROOT / "samples" / "corpus"], db_url=db, dates_from_filenames=True)
            print(f"ingested {summary.stored} articles, {summary.events} events", file=sys.stderr)
        for path in shoot(db, args.out, args.chromium):
            print(path)


if __name__ == "__main__":
    main()
