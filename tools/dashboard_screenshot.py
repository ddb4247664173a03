"""Screenshots of the dashboard on the bundled sample corpus, for the README (docs/dashboard*.png).

    .venv/bin/python tools/dashboard_screenshot.py [--db STORE] [--out docs]

Without --db the sample corpus (samples/corpus) is ingested into a temporary store first. A real
`thucydides serve` is started on a free port and Debian's Chromium (driven by Playwright) opens
it at 1440x900: the overview, then the strongest alert's most conflictual event in its article.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from server_process import serve  # noqa: E402  (the tests' way of running a real server)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def shoot(db: str, out: Path, chromium: str) -> list[Path]:
    """Serve ``db`` and write the screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory() as logs, serve(db, Path(logs), "--rate-limit", "0") as server:
        base = server.base
        alerts = server.get("/alerts/top?dyads=12").json()
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
