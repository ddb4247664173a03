"""The escalation monitor on real stores filled by the real pipeline.

The small corpus written here is synthetic but honest: plain news sentences the coder reads like
any other. Iraqi and US officials meet every other day from 1 May 2025; an Iraqi militia threatens
US forces on 10 May (a conditional threat, not an act); then militia rocket attacks on US forces
rise from one on 15 May to three on 17 May; talks resume on 20 May.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from thucydides import monitor
from thucydides.ingest import ingest
from thucydides.store import connect
from thucydides.store.queries import EventFilter, QueryError, count_events

CLI = [sys.executable, "-m", "thucydides"]

TOPICS = ["trade", "energy", "security", "water", "education", "health", "investment", "electricity"]
BASES = ["Ain al-Asad air base in western Iraq", "Harir air base in northern Iraq",
         "the Victory base complex in Baghdad", "a logistics base in central Iraq",
         "a U.S. convoy in southern Iraq", "the Union III base in Baghdad"]
ATTACKS = {"2025-05-15": 1, "2025-05-16": 2, "2025-05-17": 3}


def _article(folder: Path, name: str, title: str, body: str) -> None:
    (folder / f"{name}.txt").write_text(f"{title}\n\nSource: Staff, Test Wire\n\n{body}\n", encoding="utf-8")


def write_corpus(folder: Path) -> Path:
    """The escalation story described in the module docstring, one small article per report."""
    folder.mkdir(parents=True, exist_ok=True)
    talks = [date(2025, 5, 1) + timedelta(days=2 * i) for i in range(7)] + [date(2025, 5, 20)]
    for i, day in enumerate(talks):
        topic = TOPICS[i % len(TOPICS)]
        _article(folder, f"{day}_talks_{topic}", f"Iraqi and U.S. officials discuss {topic}",
                 f"Iraqi Foreign Minister Fuad Hussein met U.S. Secretary of State Marco Rubio in Washington "
                 f"to discuss {topic} cooperation.")
    _article(folder, "2025-05-10_militia_warning", "Militia warns Washington",
             "Kataib Hezbollah threatened to attack U.S. forces in Iraq if American troops do not leave the country.")
    n = 0
    for day, attacks in ATTACKS.items():
        for k in range(attacks):
            base = BASES[n % len(BASES)]
            n += 1
            _article(folder, f"{day}_attack_{k}", "Rockets hit base hosting U.S. troops",
                     f"Iran-backed militants fired rockets at U.S. forces at {base}, wounding {k + 2} American "
                     "soldiers.")
    return folder


@pytest.fixture(scope="module")
def escalation(tmp_path_factory) -> str:
    """A SQLite store holding the escalation corpus (its path)."""
    root = tmp_path_factory.mktemp("monitor")
    url = str(root / "store.db")
    ingest([write_corpus(root / "corpus")], db_url=url, workers=1, dates_from_filenames=True)
    return url


@pytest.fixture
def db(escalation):
    store = connect(escalation)
    yield store
    store.close()


# --- series -------------------------------------------------------------------------------------

def test_daily_series_is_zero_filled_over_the_news_coverage(db):
    s = monitor.series(db, dyad="IRQ-USA")
    assert (s.since, s.until) == ("2025-05-01", "2025-05-20")
    assert [p.start for p in s.periods] == [str(date(2025, 5, 1) + timedelta(days=i)) for i in range(20)]
    by_day = {p.start: p for p in s.periods}
    # No IRQ->USA event on the quiet days, and they are there as zeros.
    assert by_day["2025-05-14"].total_events == 0 and by_day["2025-05-14"].asserted.intensity == 0
    for day, attacks in ATTACKS.items():
        period = by_day[day]
        assert period.asserted.quads[4] == attacks
        assert period.asserted.intensity == pytest.approx(sum(-e["goldstein"] for e in _asserted_conflict(db, day)))
        assert period.asserted.index == pytest.approx(-period.asserted.intensity)


def _asserted_conflict(db, day: str) -> list[dict]:
    return db.query("SELECT id, goldstein FROM events WHERE source_country = 'IRQ' AND target_country = 'USA' "
                    "AND modality = 'asserted' AND goldstein < 0 AND day = ?", (day,))


def test_series_totals_match_the_event_table(db):
    s = monitor.series(db, dyad="USA-IRQ", undirected=True)
    totals = s.totals()
    f = EventFilter(dyad="USA-IRQ", undirected=True)
    assert totals.asserted.events == count_events(db, EventFilter(dyad="USA-IRQ", undirected=True,
                                                                  modality="asserted"))
    assert totals.asserted.events + sum(totals.modalities.values()) == count_events(db, f)
    # Cooperation talks happened, so the undirected dyad has cooperation as well as conflict.
    assert totals.asserted.quads[1] >= 7 and totals.asserted.cooperation > 0
    assert totals.asserted.index == pytest.approx(totals.asserted.cooperation - totals.asserted.intensity)


def test_weekly_series_sums_the_days_into_iso_weeks(db):
    daily = monitor.series(db, dyad="IRQ-USA", since="2025-05-01", until="2025-05-20")
    weekly = monitor.series(db, dyad="IRQ-USA", freq="week", since="2025-05-01", until="2025-05-20")
    assert [p.start for p in weekly.periods] == ["2025-04-28", "2025-05-05", "2025-05-12", "2025-05-19"]
    assert all(date.fromisoformat(p.start).weekday() == 0 for p in weekly.periods)
    # The first and last weeks are cut by the range: only the days inside it count.
    assert [p.days for p in weekly.periods] == [4, 7, 7, 2]
    for week in weekly.periods:
        days = [p for p in daily.periods if week.start <= p.start <= week.end]
        assert week.asserted.events == sum(p.asserted.events for p in days)
        assert week.asserted.intensity == pytest.approx(sum(p.asserted.intensity for p in days))
        assert week.possible.events == sum(p.possible.events for p in days)
    assert weekly.periods[2].asserted.quads[4] == sum(ATTACKS.values())


def test_threats_are_kept_apart_from_asserted_events(db):
    s = monitor.series(db, dyad="IRQ-USA")
    warning = next(p for p in s.periods if p.start == "2025-05-10")
    assert warning.asserted.events == 0 and warning.asserted.intensity == 0
    assert warning.possible.events >= 1 and warning.possible.intensity > 0
    assert sum(warning.modalities[m] for m in monitor.POSSIBLE_MODALITIES) == warning.possible.events
    # The threat is big enough that mixing it in would raise an alert on a quiet dyad: none is raised.
    assert warning.possible.intensity > monitor.AlertConfig().z * monitor.AlertConfig().min_std
    assert not [a for a in monitor.alerts(db, dyad="IRQ-USA") if a.period == "2025-05-10"]


def test_actor_series_and_as_dict_is_json_ready(db):
    s = monitor.series(db, actor="IRQREB", freq="week")
    data = json.loads(json.dumps(s.as_dict()))
    assert data["freq"] == "week" and data["actor"] == "IRQREB"
    assert data["totals"]["asserted"]["q4"] == sum(ATTACKS.values())
    assert set(data["periods"][0]) == {"start", "end", "days", "asserted", "possible", "modalities"}


# --- alerts -------------------------------------------------------------------------------------

def test_escalation_is_detected_with_the_events_that_drove_it(db):
    found = monitor.alerts(db, dyad="IRQ-USA")
    assert found, "the rising attacks raise no alert"
    assert {a.period for a in found} <= set(ATTACKS)
    first = found[0]
    assert (first.period, first.method) == ("2025-05-15", "zscore")
    # A quiet dyad: the floor of the standard deviation sets the threshold.
    assert first.baseline_mean == 0 and first.std_used == monitor.AlertConfig().min_std
    assert first.intensity > first.threshold
    for alert in found:
        if alert.method != "zscore":
            continue
        expected = _asserted_conflict(db, alert.period)
        assert alert.event_count == len(expected) == ATTACKS[alert.period]
        assert sorted(alert.event_ids) == sorted(e["id"] for e in expected)
        goldstein = [e["goldstein"] for e in alert.events]
        assert goldstein == sorted(goldstein) and all(g < 0 for g in goldstein)
        assert all(e["day"] == alert.period and e["evidence"] for e in alert.events)


def test_alerts_from_a_date_use_the_baseline_before_it(db):
    later = monitor.alerts(db, dyad="IRQ-USA", since="2025-05-15")
    assert later and later[0].period == "2025-05-15" and later[0].method == "zscore"
    assert later[0].baseline_mean == 0
    assert not monitor.alerts(db, dyad="IRQ-USA", until="2025-05-14")


def test_thresholds_are_configurable(db):
    strict = monitor.alerts(db, dyad="IRQ-USA", config=monitor.AlertConfig(z=100, cusum_h=100))
    assert strict == []
    zscore_only = monitor.alerts(db, dyad="IRQ-USA", config=monitor.AlertConfig(cusum_h=1000))
    assert zscore_only and {a.method for a in zscore_only} == {"zscore"}


def test_bad_values_name_their_option(db):
    for kwargs, option in [({"freq": "month"}, "--freq"), ({"dyad": "USA"}, "--dyad"),
                           ({"since": "2025-02-30"}, "--since"), ({"undirected": True}, "--undirected"),
                           ({"since": "2025-05-10", "until": "2025-05-01"}, "--until")]:
        with pytest.raises(QueryError, match=f"^{option}:"):
            monitor.series(db, **kwargs)
    with pytest.raises(QueryError, match="^--window:"):
        monitor.alerts(db, dyad="IRQ-USA", config=monitor.AlertConfig(window=1))
    with pytest.raises(QueryError, match="^--z:"):
        monitor.alerts(db, dyad="IRQ-USA", config=monitor.AlertConfig(z=0))


def test_detect_zscore_on_a_spike_and_cusum_on_a_sustained_rise():
    spike = monitor.detect([0.0] * 14 + [10.0])
    assert [(d.index, d.method) for d in spike] == [(14, "zscore"), (14, "cusum")]
    # Too little baseline: the same spike on day 4 is not judged.
    assert monitor.detect([0.0] * 3 + [10.0]) == []
    # A moderate, lasting rise (+2 std) never passes z = 3 but accumulates in the CUSUM.
    values = [12.0, 8.0] * 7 + [14.0] * 6
    found = monitor.detect(values)
    assert [d.method for d in found] == ["cusum"]
    assert found[0].run_start == 14 and found[0].index > 14


def test_empty_store_gives_an_empty_series(tmp_path):
    store = connect(str(tmp_path / "empty.db"))
    try:
        s = monitor.series(store, dyad="USA-IRQ")
        assert s.periods == [] and s.since is None
        assert monitor.alerts(store, dyad="USA-IRQ") == []
        assert monitor.render(s, [])  # says so instead of failing
    finally:
        store.close()


def test_both_backends_give_the_same_series_and_alerts(store_url, escalation, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    ingest([corpus], db_url=store_url, workers=1, dates_from_filenames=True)
    reference = connect(escalation)
    other = connect(store_url)
    try:
        for freq in ("day", "week"):
            kw = {"dyad": "USA-IRQ", "undirected": True, "freq": freq}
            assert monitor.series(other, **kw).as_dict() == monitor.series(reference, **kw).as_dict()
            got = [(a.period, a.method, a.event_count, a.as_dict()["intensity"]) for a in monitor.alerts(other, **kw)]
            want = [(a.period, a.method, a.event_count, a.as_dict()["intensity"])
                    for a in monitor.alerts(reference, **kw)]
            assert got == want
    finally:
        reference.close()
        other.close()


# --- output -------------------------------------------------------------------------------------

def test_png_chart_is_a_real_png(db, tmp_path):
    s = monitor.series(db, dyad="IRQ-USA")
    path = monitor.write_png(s, monitor.alerts(db, dyad="IRQ-USA"), tmp_path / "chart.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_cli_prints_chart_summary_and_alerts(escalation, tmp_path):
    png = tmp_path / "out.png"
    done = subprocess.run(CLI + ["monitor", "--db", escalation, "--dyad", "IRQ-USA", "--png", str(png)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "IRQ-USA: daily series 2025-05-01 .. 2025-05-20" in done.stdout
    assert "ALERT 2025-05-15 [zscore]" in done.stdout and "Totals" in done.stdout
    assert png.read_bytes()[:4] == b"\x89PNG"
    weekly = subprocess.run(CLI + ["monitor", "--db", escalation, "--dyad", "IRQ-USA", "--freq", "week",
                                   "--window", "2", "--format", "json"], capture_output=True, text=True,
                            timeout=300, check=False)
    assert weekly.returncode == 0, weekly.stderr
    data = json.loads(weekly.stdout)
    assert data["config"]["window"] == 2 and data["series"]["freq"] == "week"
    assert any(a["period"] == "2025-05-12" for a in data["alerts"])


@pytest.mark.parametrize("args,option", [
    (["--freq", "month"], "--freq"), (["--dyad", "USA"], "--dyad"), (["--since", "May 1"], "--since"),
    (["--z", "-1"], "--z"), (["--window", "1"], "--window"), (["--format", "csv"], "--format"),
    (["--dyad", "USA-IRQ", "--png", "/nonexistent-folder/x.png"], "/nonexistent-folder/x.png"),
])
def test_cli_bad_options_are_one_line_errors(escalation, args, option):
    done = subprocess.run(CLI + ["monitor", "--db", escalation, *args], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.startswith(f"thucydides: error: {option}")


# --- the bundled sample corpus ------------------------------------------------------------------

def test_sample_corpus_us_iraq_escalation_alerts_in_december_january(sample_store):
    store = connect(sample_store)
    try:
        found = monitor.alerts(store, dyad="USA-IRQ", undirected=True, freq="week")
        winter = [a for a in found if "2024-12-01" <= a.period <= "2025-01-31"]
        assert winter, [a.period for a in found]
        # What drove them is material conflict between the two, reported as done.
        events = [e for a in winter for e in a.events]
        assert any(e["quad_class"] == 4 for e in events)
        ids = [i for a in winter for i in a.event_ids]
        rows = store.query(f"SELECT modality, source_country, target_country FROM events WHERE id IN "
                           f"({', '.join('?' for _ in ids)})", ids)
        assert all(r["modality"] == "asserted" for r in rows)
        assert all({r["source_country"], r["target_country"]} == {"USA", "IRQ"} for r in rows)
    finally:
        store.close()
