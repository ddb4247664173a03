"""The dashboard as a person uses it: headless Chromium (Debian's, driven by Playwright) on a real
`thucydides serve` over the bundled sample corpus. From an escalation alert to its events to the
article with the event's evidence highlighted, with screenshots along the way.

Screenshots go to $THUCYDIDES_SCREENSHOTS when set (CI can keep them), else to a temporary folder.
Without Playwright or /usr/bin/chromium the tests are skipped, unless THUCYDIDES_REQUIRE_BROWSER=1
(as in CI), where that is an error.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest

from server_process import serve

CHROMIUM = os.environ.get("THUCYDIDES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE = os.environ.get("THUCYDIDES_REQUIRE_BROWSER") == "1"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if REQUIRE:
            pytest.fail(f"THUCYDIDES_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(sample_store, tmp_path_factory):
    with serve(sample_store, tmp_path_factory.mktemp("logs"), "--rate-limit", "0") as s:
        yield s


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("THUCYDIDES_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, server):
    """A fresh laptop-sized page that records script errors, server errors and every address it asks for."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.errors = []           # type: ignore[attr-defined]
    pg.requests = []         # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # A 4xx is the answer to a bad filter (one test sends one on purpose); a 5xx never is.
    pg.on("console", lambda m: pg.errors.append(m.text)
          if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    pg.on("response", lambda r: pg.errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    assert pg.errors == [], pg.errors
    assert all(u.startswith(server.base) or u.startswith("data:") for u in pg.requests), pg.requests
    context.close()


def ready(page, view: str) -> None:
    page.wait_for_selector(f"body[data-ready='{view}']", timeout=30_000)


def screenshot(page, path: Path) -> None:
    """The whole page from the top (the header is sticky: taken mid-page it would float over a panel)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def grouped_alerts(server) -> dict[str, dict]:
    """The API's alerts keyed as the dashboard keys them: one per dyad and period."""
    out: dict[str, dict] = {}
    for a in server.get("/alerts/top?dyads=12&limit=100").json():
        key = f"{a['dyad']}|{a['period']}"
        g = out.setdefault(key, {**a, "event_ids": set()})
        g["run_start"] = min(g["run_start"], a["run_start"])
        g["event_ids"] |= set(a["event_ids"])
    return out


def test_overview_shows_every_panel_on_the_sample_corpus(page, server, shots):
    page.goto(server.base + "/")
    ready(page, "overview")
    stats = server.get("/stats").json()
    assert f"{stats['events']:,} events" in page.inner_text("#stats")
    assert page.locator("#timeline g.bar").count() > 10
    assert page.locator("#network g.node").count() >= 3
    assert page.locator("#network path.edge").count() >= 2
    assert page.locator("#map circle.place").count() == len(server.get("/places?limit=300").json())
    assert page.locator("#map text.place-label").count() >= 3
    assert page.locator("#dyad-chart g.bar").count() > 10
    alerts = grouped_alerts(server)
    assert alerts, "the sample corpus escalates: the monitor raises alerts"
    assert page.locator("#alerts button.alert").count() == len(alerts)
    assert page.locator("#events tbody tr.event-row").count() == min(25, stats["events"])
    assert page.locator("#dyad-chart path.alert-mark").count() >= 1
    screenshot(page, shots / "overview.png")


def test_from_an_alert_to_its_events_to_the_article(page, server, shots):
    page.goto(server.base + "/")
    ready(page, "overview")
    alerts = grouped_alerts(server)
    # The strongest alert in the list: the one an analyst would open first.
    button = max(page.locator("#alerts button.alert").all(),
                 key=lambda b: alerts[b.get_attribute("data-alert")]["score"])
    key = button.get_attribute("data-alert")
    alert = alerts[key]
    button.click()
    page.wait_for_function("k => decodeURIComponent(location.hash).includes('alert=' + k)", arg=key)
    ready(page, "overview")

    # The table now lists the alert's dyad over the alert's days, asserted events only.
    params = {"dyad": alert["dyad"], "since": alert["run_start"], "until": alert["period_end"],
              "modality": "asserted", "limit": 1000}
    expected = server.get("/events?" + urlencode(params)).json()
    assert f"{expected['total']:,} matching" in page.inner_text("#events-note")
    shown = page.locator("#events tbody tr.event-row")
    shown_ids = {shown.nth(i).get_attribute("data-event") for i in range(shown.count())}
    assert shown_ids == {e["id"] for e in expected["items"][:25]}
    if expected["total"] <= 25:
        assert alert["event_ids"] <= shown_ids
    days = [shown.nth(i).locator("td.day").inner_text() for i in range(shown.count())]
    assert all(alert["run_start"] <= d <= alert["period_end"] for d in days)
    assert page.locator("#active-filters .chip", has_text=f"dyad: {alert['dyad']}").count() == 1
    assert page.locator(f"#dyad-chart path.alert-mark.selected[data-alert='{key}']").count() == 1
    screenshot(page, shots / "alert-events.png")

    # The alert's most conflictual event, opened from the table.
    event_id = alert["events"][0]["id"]
    event = server.get(f"/events/{event_id}").json()
    page.locator(f"#events tr.event-row[data-event='{event_id}']").click()
    ready(page, "article")
    assert page.inner_text("#article-title") == event["article_title"]
    marks = page.locator("#article-body mark.selected")
    assert marks.count() >= 1
    assert "".join(marks.nth(i).inner_text() for i in range(marks.count())) == event["evidence"]
    card = page.locator("#codings .coding.selected")
    assert card.count() == 1 and card.get_attribute("data-event") == event_id
    coding = card.inner_text()
    for part in (event["cameo"], event["modality"], f"Goldstein {event['goldstein']:g}"):
        assert part in coding
    if event["location_name"]:
        assert event["location_name"] in coding
    article = server.get(f"/articles/{event['article_id']}").json()
    assert page.locator("#codings .coding").count() == len(article["events"])
    assert page.locator("#article-body mark").count() >= len({(e["char_start"], e["char_end"])
                                                             for e in article["events"]})
    screenshot(page, shots / "article.png")

    # Clicking another highlighted span shows that event's coding.
    others = [e for e in article["events"] if e["id"] != event_id
              and not (e["char_start"] <= event["char_start"] and e["char_end"] >= event["char_end"])]
    if others:
        # A click shows the shortest event under the mark: pick a mark whose shortest event is another one.
        marks = page.locator("#article-body mark")
        firsts = [(marks.nth(i).get_attribute("data-events") or "").split(" ")[0] for i in range(marks.count())]
        clickable = [i for i, first in enumerate(firsts) if first and first != event_id]
        if clickable:
            marks.nth(clickable[0]).click()
            selected = page.locator("#codings .coding.selected").get_attribute("data-event")
            assert selected == firsts[clickable[0]] != event_id

    # Back to the overview, with the alert's filters still applied.
    page.click("#back")
    ready(page, "overview")
    assert f"{expected['total']:,} matching" in page.inner_text("#events-note")


def test_filters_from_the_form_and_from_the_charts(page, server, shots):
    page.goto(server.base + "/")
    ready(page, "overview")
    top = server.get("/dyads?limit=1").json()[0]["dyad"]
    page.fill("#filters input[name=dyad]", top)
    page.select_option("#filters select[name=quad]", "4")
    page.click("#apply")
    page.wait_for_function("() => location.hash.includes('quad=4')")
    ready(page, "overview")
    total = server.get("/events?" + urlencode({"dyad": top, "quad": 4, "limit": 1})).json()["total"]
    assert f"{total:,} matching" in page.inner_text("#events-note")
    bars = sum(r["events"] for r in server.get("/timeline?" + urlencode({"dyad": top, "quad": 4})).json())
    assert bars == total
    screenshot(page, shots / "filtered.png")

    # A bad value is reported in the table, not swallowed.
    page.fill("#filters input[name=since]", "")
    page.fill("#filters input[name=dyad]", "nonsense")
    page.click("#apply")
    page.wait_for_function("() => location.hash.includes('dyad=nonsense')")
    ready(page, "overview")
    assert "dyad" in page.inner_text("#events td.error")

    page.click("#clear")
    page.wait_for_function("() => location.hash === '#/?'")
    ready(page, "overview")
    everything = server.get("/stats").json()["events"]
    assert f"{everything:,} matching" in page.inner_text("#events-note")

    # A network node filters by that actor.
    node = page.locator("#network g.node").first
    code = node.get_attribute("data-node")
    node.click()
    page.wait_for_function("c => location.hash.includes('actor=' + c)", arg=code)
    ready(page, "overview")
    total = server.get("/events?" + urlencode({"actor": code, "limit": 1})).json()["total"]
    assert f"{total:,} matching" in page.inner_text("#events-note")
