"""The escalation monitor: per-period series for a dyad or an actor, and escalation alerts.

Series
------
For a filter (a dyad ``SOURCE-TARGET``, directed or not, and/or an actor code prefix on either side)
the stored events are aggregated in SQL by day and then, for weekly series, summed into ISO weeks
(Monday to Sunday). Every period between the first and last day appears, days without events as
zeros. When no ``since``/``until`` is given the range is the store's news coverage (its first and
last article publication day), widened to any matching event dated outside it, since an article
can report an older event. A zero is only a real zero on days the store has news for, so the
series carries that coverage (``news_since``, ``news_until``) and the chart marks the rest.

Per period, *asserted* events (acts reported as done) give:

- counts by quad class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
  4 material conflict);
- the **index**: the sum of Goldstein scores, cooperation positive, conflict negative;
- the **conflict intensity**: the sum of ``-goldstein`` over events with a negative score, so
  material conflict (Goldstein -8 to -10) weighs most and a month of criticism (-2 each) does
  not look like one massacre.

Events that are not asserted are never mixed into those numbers. Threatened, conditional,
hypothetical and intended events (acts announced or contemplated, not done) are summed apart as
``possible`` with the same counts and indices; negated events ("did not attack") are only counted.
Every period also carries its event count per modality.

Alerts
------
Alerts watch the asserted conflict intensity ``x_t`` of each period against a rolling baseline: the
previous ``W`` periods (default 14 days or 8 weeks), with mean ``m`` and population standard
deviation ``s``. Only periods inside the store's news coverage are watched, and no alert is
raised before ``min_baseline`` periods (default half the window) of baseline exist. Because a
quiet dyad has ``s = 0``, the deviation used is ``s' = max(s, min_std)`` (default 2 Goldstein
points): with ``z = 3`` a quiet dyad's first event scored below -6 (an attack, a strike, a
seizure) alerts; a lone criticism (-2) or demand (-5) does not.

- ``zscore``: alert when ``x_t > m + z * s'`` (default ``z = 3``).
- ``cusum``: a one-sided CUSUM on the standardised intensity,
  ``S_t = max(0, S_{t-1} + (x_t - m) / s' - k)``, alert when ``S_t > h`` and start again from 0
  (defaults ``k = 0.5``, ``h = 4``, in units of ``s'``). It catches a sustained rise that no single
  period makes extreme; its alert covers the run of periods since ``S`` last was 0.

When alerts are asked for from a date ``since``, the baseline is taken from the periods before it,
as far as the store covers them. Each alert lists the asserted events with negative Goldstein
scores of its period (or CUSUM run), most negative first, with their ids, so their evidence can
be read with ``thucydides events`` or the API.

Everything here is a function of the store and plain dataclasses with ``as_dict()`` (JSON-ready),
so the CLI, the API and the dashboard show the same numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from thucydides.store.backend import Database
from thucydides.store.queries import EventFilter, QueryError, event_where

FREQS = ("day", "week")
QUADS = (1, 2, 3, 4)
# Announced or contemplated acts: they may still happen, so they are summed (apart) as "possible".
POSSIBLE_MODALITIES = ("threatened", "conditional", "hypothetical", "intended")
# Modalities in the fixed order every period reports them.
NON_ASSERTED = POSSIBLE_MODALITIES + ("negated",)
DEFAULT_WINDOW = {"day": 14, "week": 8}


def _r(x: float) -> float:
    """Scores rounded for output; sums of one-decimal scores need no more."""
    return round(x + 0.0, 2)


@dataclass
class Counts:
    """Events of one kind in one period: counts by quad class and the two Goldstein sums."""

    events: int = 0
    quads: dict[int, int] = field(default_factory=lambda: {q: 0 for q in QUADS})
    index: float = 0.0        # sum of Goldstein scores
    intensity: float = 0.0    # sum of -Goldstein over events with a negative score

    @property
    def cooperation(self) -> float:
        """The sum of positive Goldstein scores (index = cooperation - intensity)."""
        return self.index + self.intensity

    def add(self, other: Counts) -> None:
        """Add ``other`` into this one."""
        self.events += other.events
        for q in QUADS:
            self.quads[q] += other.quads[q]
        self.index += other.index
        self.intensity += other.intensity

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (scores rounded to two decimals)."""
        return {"events": self.events, **{f"q{q}": self.quads[q] for q in QUADS},
                "index": _r(self.index), "intensity": _r(self.intensity), "cooperation": _r(self.cooperation)}


@dataclass
class Period:
    """One day or one ISO week of a series."""

    start: str                      # YYYY-MM-DD (a Monday for weeks)
    end: str                        # last day of the period, YYYY-MM-DD
    days: int                       # days of the period inside the requested range (< 7 for a cut week)
    asserted: Counts = field(default_factory=Counts)
    possible: Counts = field(default_factory=Counts)   # threatened + conditional + hypothetical + intended
    modalities: dict[str, int] = field(default_factory=lambda: {m: 0 for m in NON_ASSERTED})

    @property
    def total_events(self) -> int:
        return self.asserted.events + sum(self.modalities.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (scores rounded to two decimals)."""
        return {"start": self.start, "end": self.end, "days": self.days, "asserted": self.asserted.as_dict(),
                "possible": self.possible.as_dict(), "modalities": dict(self.modalities)}


@dataclass
class Series:
    """A dyad's or actor's periods over a date range, zero-filled."""

    dyad: str | None
    undirected: bool
    actor: str | None
    freq: str
    since: str | None               # the range actually covered (None when the store is empty)
    until: str | None
    periods: list[Period]
    news_since: str | None = None   # the store's news coverage (article publication days):
    news_until: str | None = None   # outside it a zero means "no news stored", not "quiet"

    def __len__(self) -> int:
        """The number of periods."""
        return len(self.periods)

    def totals(self) -> Period:
        """All periods summed into one."""
        total = Period(self.since or "", self.until or "", sum(p.days for p in self.periods))
        for p in self.periods:
            total.asserted.add(p.asserted)
            total.possible.add(p.possible)
            for m, n in p.modalities.items():
                total.modalities[m] = total.modalities.get(m, 0) + n
        return total

    def label(self) -> str:
        """What the series is about, in words: ``USA-IRQ (either direction), actor IRQGOV``."""
        parts = []
        if self.dyad:
            parts.append(self.dyad.upper() + (" (either direction)" if self.undirected else ""))
        if self.actor:
            parts.append(f"actor {self.actor.upper()}")
        return ", ".join(parts) or "all events"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (scores rounded to two decimals)."""
        return {"dyad": self.dyad, "undirected": self.undirected, "actor": self.actor, "freq": self.freq,
                "since": self.since, "until": self.until, "news_since": self.news_since,
                "news_until": self.news_until, "totals": self.totals().as_dict(),
                "periods": [p.as_dict() for p in self.periods]}


@dataclass
class AlertConfig:
    """Alert thresholds (see the module docstring for the method)."""

    window: int | None = None       # baseline periods; None: 14 for days, 8 for weeks
    z: float = 3.0                  # z-score threshold
    min_std: float = 2.0            # floor of the baseline standard deviation, Goldstein points
    cusum_k: float = 0.5            # CUSUM allowance, in units of the (floored) standard deviation
    cusum_h: float = 4.0            # CUSUM decision threshold, same units
    min_baseline: int | None = None  # periods of baseline needed before alerting; None: half the window
    max_events: int = 10            # driving events listed per alert

    def resolved(self, freq: str) -> AlertConfig:
        """A copy with the defaults that depend on the period filled in, checked."""
        window = DEFAULT_WINDOW[freq] if self.window is None else self.window
        min_baseline = math.ceil(window / 2) if self.min_baseline is None else self.min_baseline
        cfg = AlertConfig(window, self.z, self.min_std, self.cusum_k, self.cusum_h, min_baseline, self.max_events)
        if not 2 <= window <= 366:
            raise QueryError(f"--window: between 2 and 366 periods, got {window}")
        if not 1 <= min_baseline <= window:
            raise QueryError(f"--min-baseline: between 1 and the window ({window}), got {min_baseline}")
        for option, value in (("--z", cfg.z), ("--min-std", cfg.min_std), ("--cusum-h", cfg.cusum_h)):
            if not (value > 0 and math.isfinite(value)):
                raise QueryError(f"{option}: must be a positive number, got {value}")
        if not (cfg.cusum_k >= 0 and math.isfinite(cfg.cusum_k)):
            raise QueryError(f"--cusum-k: must not be negative, got {cfg.cusum_k}")
        if not 1 <= cfg.max_events <= 1000:
            raise QueryError(f"--max-events: between 1 and 1000, got {cfg.max_events}")
        return cfg

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (scores rounded to two decimals)."""
        return {"window": self.window, "z": self.z, "min_std": self.min_std, "cusum_k": self.cusum_k,
                "cusum_h": self.cusum_h, "min_baseline": self.min_baseline, "max_events": self.max_events}


@dataclass
class Alert:
    """One escalation alert and the events that drove it."""

    period: str                     # start of the alerting period
    period_end: str
    method: str                     # "zscore" or "cusum"
    value: float                    # zscore: the period's intensity; cusum: the statistic S
    intensity: float                # the period's asserted conflict intensity
    baseline_mean: float
    baseline_std: float             # as measured
    std_used: float                 # after the floor
    threshold: float                # zscore: m + z*s'; cusum: h
    score: float                    # (intensity - mean) / std_used
    run_start: str                  # first period the alert covers (earlier than period for a CUSUM run)
    possible_intensity: float       # threatened/conditional/... conflict intensity, for context only
    event_count: int = 0            # asserted events with negative Goldstein in run_start..period_end
    event_ids: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (scores rounded to two decimals)."""
        return {"period": self.period, "period_end": self.period_end, "method": self.method,
                "value": _r(self.value), "intensity": _r(self.intensity), "baseline_mean": _r(self.baseline_mean),
                "baseline_std": _r(self.baseline_std), "std_used": _r(self.std_used),
                "threshold": _r(self.threshold), "score": _r(self.score), "run_start": self.run_start,
                "possible_intensity": _r(self.possible_intensity), "event_count": self.event_count,
                "event_ids": list(self.event_ids), "events": [dict(e) for e in self.events]}


# ---------------------------------------------------------------------------------------------
# series

def _check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise QueryError(f"--freq: one of {', '.join(FREQS)}, got {freq!r}")
    return freq


def _filter(dyad: str | None, actor: str | None, undirected: bool, since: str | None,
            until: str | None) -> EventFilter:
    f = EventFilter(dyad=dyad, undirected=undirected, actor=actor, since=since, until=until)
    event_where(f)  # validates every value now, so errors name the option before any query runs
    # Codes and dates in one canonical form, so they compare as strings and print as given back.
    f.dyad = "-".join(side.strip() for side in dyad.upper().split("-")) if dyad else None
    f.actor = actor.strip().upper() if actor else None
    f.since = date.fromisoformat(since).isoformat() if since else None
    f.until = date.fromisoformat(until).isoformat() if until else None
    if undirected and not dyad:
        raise QueryError("--undirected: needs --dyad")
    if since and until and since > until:
        raise QueryError(f"--until: {until} is before --since {since}")
    return f


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _coverage(db: Database) -> tuple[date | None, date | None]:
    """The days the store has news for: first and last article publication day (index-served)."""
    return (_day(db.scalar("SELECT min(published) FROM articles WHERE published IS NOT NULL")),
            _day(db.scalar("SELECT max(published) FROM articles WHERE published IS NOT NULL")))


def _event_span(db: Database, f: EventFilter) -> tuple[date | None, date | None]:
    """The first and last day of the events matching ``f``."""
    where, params = event_where(f)
    where = (where + " AND" if where else " WHERE") + " day IS NOT NULL"
    row = db.query(f"SELECT min(day) AS lo, max(day) AS hi FROM events{where}", params)[0]
    return _day(row["lo"]), _day(row["hi"])


def _default_range(db: Database, f: EventFilter) -> tuple[date | None, date | None, date | None, date | None]:
    """(start, end, news start, news end): the requested range, or by default the store's news
    coverage widened to every matching event (an article can report an event older than the store)."""
    lo, hi = _coverage(db)
    first, last = _event_span(db, f)
    start = _day(f.since) or min((d for d in (lo, first) if d), default=None)
    end = _day(f.until) or max((d for d in (hi, last) if d), default=None)
    return start, end, lo, hi


def _period_start(day: date, freq: str) -> date:
    return day - timedelta(days=day.weekday()) if freq == "week" else day


def _step(freq: str) -> timedelta:
    return timedelta(days=7 if freq == "week" else 1)


def _daily_rows(db: Database, f: EventFilter) -> list[dict[str, Any]]:
    """One row per (day, modality, quad class) with the count and both Goldstein sums."""
    where, params = event_where(f)
    where = (where + " AND" if where else " WHERE") + " day IS NOT NULL"
    return db.query(
        "SELECT day, modality, quad_class, count(*) AS n, sum(goldstein) AS g, "
        "sum(CASE WHEN goldstein < 0 THEN -goldstein ELSE 0 END) AS neg "
        f"FROM events{where} GROUP BY day, modality, quad_class", params)


def _build(db: Database, f: EventFilter, freq: str, start: date, end: date) -> list[Period]:
    """Zero-filled periods covering ``start``..``end`` with the events of ``f`` in that range."""
    periods: dict[date, Period] = {}
    step = _step(freq)
    cursor = _period_start(start, freq)
    while cursor <= end:
        last = cursor + step - timedelta(days=1)
        days = (min(last, end) - max(cursor, start)).days + 1
        periods[cursor] = Period(cursor.isoformat(), last.isoformat(), days)
        cursor += step
    ranged = EventFilter(dyad=f.dyad, undirected=f.undirected, actor=f.actor, since=start.isoformat(),
                         until=end.isoformat())
    for row in _daily_rows(db, ranged):
        period = periods.get(_period_start(date.fromisoformat(str(row["day"])[:10]), freq))
        if period is None:  # cannot happen with the range filter; kept safe against odd day values
            continue
        modality = row["modality"]
        n, g, neg = int(row["n"]), float(row["g"] or 0.0), float(row["neg"] or 0.0)
        if modality == "asserted":
            counts: Counts | None = period.asserted
        else:
            period.modalities[modality] = period.modalities.get(modality, 0) + n
            # Negated acts did not happen and will not: counted, never scored.
            counts = None if modality == "negated" else period.possible
        if counts is not None:
            counts.events += n
            if row["quad_class"] in counts.quads:
                counts.quads[row["quad_class"]] += n
            counts.index += g
            counts.intensity += neg
    return list(periods.values())


def _series(db: Database, f: EventFilter, freq: str) -> Series:
    start, end, lo, hi = _default_range(db, f)
    news = (lo.isoformat() if lo else None, hi.isoformat() if hi else None)
    if start is None or end is None or start > end:
        return Series(f.dyad, f.undirected, f.actor, freq, None, None, [], *news)
    return Series(f.dyad, f.undirected, f.actor, freq, start.isoformat(), end.isoformat(),
                  _build(db, f, freq, start, end), *news)


def series(db: Database, *, dyad: str | None = None, actor: str | None = None, undirected: bool = False,
           freq: str = "day", since: str | None = None, until: str | None = None) -> Series:
    """The zero-filled daily or weekly series of a dyad and/or actor (see the module docstring).

    Raises :class:`QueryError` (message starting with the option name) on a bad value.
    """
    _check_freq(freq)
    f = _filter(dyad, actor, undirected, since, until)
    return _series(db, f, freq)


# ---------------------------------------------------------------------------------------------
# alerts

class Detection(NamedTuple):
    """One alert found by :func:`detect`, positions being indexes into its list of values."""

    index: int
    method: str           # "zscore" or "cusum"
    value: float          # zscore: the value; cusum: the statistic
    mean: float           # of the baseline
    std: float            # of the baseline, as measured (before the floor)
    threshold: float      # zscore: mean + z * floored std; cusum: h
    run_start: int        # the first period the alert covers


def detect(values: list[float], config: AlertConfig | None = None, freq: str = "day") -> list[Detection]:
    """The z-score and CUSUM alerts over a list of per-period intensities (oldest first).

    ``config`` is resolved for ``freq`` (its default window). Pure: no store involved.
    """
    cfg = (config or AlertConfig()).resolved(freq)
    assert cfg.window is not None and cfg.min_baseline is not None
    found: list[Detection] = []
    s_stat, run_start = 0.0, None
    for i, x in enumerate(values):
        base = values[max(0, i - cfg.window):i]
        if len(base) < cfg.min_baseline:
            continue
        mean = sum(base) / len(base)
        std = math.sqrt(sum((b - mean) ** 2 for b in base) / len(base))
        used = max(std, cfg.min_std)
        threshold = mean + cfg.z * used
        if x > threshold:
            found.append(Detection(i, "zscore", x, mean, std, threshold, i))
        step = (x - mean) / used - cfg.cusum_k
        if s_stat <= 0 and step > 0:
            run_start = i
        s_stat = max(0.0, s_stat + step)
        if s_stat > cfg.cusum_h:
            found.append(Detection(i, "cusum", s_stat, mean, std, cfg.cusum_h,
                                   run_start if run_start is not None else i))
            s_stat, run_start = 0.0, None
        elif s_stat == 0:
            run_start = None
    return found


def _driving_events(db: Database, f: EventFilter, first: str, last: str, limit: int) -> tuple[int, list[dict]]:
    """The asserted events with negative Goldstein between two days, most negative first, and their count."""
    scoped = EventFilter(dyad=f.dyad, undirected=f.undirected, actor=f.actor, since=first, until=last,
                         modality="asserted")
    where, params = event_where(scoped)
    where += " AND goldstein < 0"
    count = int(db.scalar(f"SELECT count(*) FROM events{where}", params))
    rows = db.query(
        "SELECT id, article_id, day, source_code, source_name, target_code, target_name, cameo, cameo_label, "
        f"quad_class, goldstein, killed, wounded, location_name, evidence FROM events{where} "
        "ORDER BY goldstein, day, id LIMIT ?", params + [limit])
    return count, rows


def alerts(db: Database, *, dyad: str | None = None, actor: str | None = None, undirected: bool = False,
           freq: str = "day", since: str | None = None, until: str | None = None,
           config: AlertConfig | None = None) -> list[Alert]:
    """Escalation alerts for a dyad and/or actor, oldest first (method in the module docstring).

    The baseline of the first periods is read from before ``since`` where the store has news.
    Raises :class:`QueryError` on a bad filter or threshold.
    """
    _check_freq(freq)
    f = _filter(dyad, actor, undirected, since, until)
    cfg = (config or AlertConfig()).resolved(freq)
    wanted, end, lo, hi = _default_range(db, f)
    if wanted is None or end is None or lo is None or hi is None:
        return []
    # Look back a whole window before the first requested period, but never before the store's
    # news: zeros from days without any stored article would make every baseline look quiet.
    start = max(lo, _period_start(wanted, freq) - _step(freq) * cfg.window)
    end = min(end, hi)
    if start > end:
        return []
    periods = _build(db, f, freq, start, end)
    first_wanted = _period_start(wanted, freq).isoformat()
    out = []
    for i, method, value, mean, std, threshold, j in detect([p.asserted.intensity for p in periods], cfg, freq):
        period = periods[i]
        if period.start < first_wanted:
            continue
        used = max(std, cfg.min_std)
        # The same days the intensities were summed over (a cut first week stays cut).
        first_day = max(periods[j].start, start.isoformat())
        last_day = min(period.end, end.isoformat())
        count, rows = _driving_events(db, f, first_day, last_day, cfg.max_events)
        out.append(Alert(period=period.start, period_end=period.end, method=method, value=value,
                         intensity=period.asserted.intensity, baseline_mean=mean, baseline_std=std, std_used=used,
                         threshold=threshold, score=(period.asserted.intensity - mean) / used,
                         run_start=periods[j].start, possible_intensity=period.possible.intensity,
                         event_count=count, event_ids=[r["id"] for r in rows], events=rows))
    return out


# ---------------------------------------------------------------------------------------------
# output: terminal chart and PNG

_BLOCKS = " ▏▎▍▌▋▊▉█"
_ADVERB = {"day": "daily", "week": "weekly"}


def _bar(value: float, scale: float, width: int) -> str:
    """A horizontal bar of ``value`` on a ``scale`` that fills ``width`` cells, in eighths."""
    if value <= 0 or scale <= 0:
        return ""
    eighths = max(1, round(value / scale * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[part] if part else "")


_SHORT = {"threatened": "thr", "conditional": "cond", "hypothetical": "hyp", "intended": "int", "negated": "neg"}
_METHOD_MARK = {"zscore": "z", "cusum": "c"}


def render(series_: Series, alerts_: list[Alert], *, width: int = 80, quiet_run: int = 3,
           top_events: int = 3) -> list[Any]:
    """Rich renderables for a terminal ``width`` columns wide: a per-period chart, the totals and
    the alerts with their top events.

    Runs of at least ``quiet_run`` periods with no events at all are folded into one line.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    unit = "day" if series_.freq == "day" else "week"
    title = f"{series_.label()}: {_ADVERB[series_.freq]} series {series_.since or '-'} .. {series_.until or '-'}"
    if not series_.periods:
        return [Text(f"{title}: no events in the store for this range")]
    alerted: dict[str, list[str]] = {}
    for a in alerts_:
        alerted.setdefault(a.period, []).append(_METHOD_MARK.get(a.method, a.method))
    scale = max(p.asserted.intensity for p in series_.periods)
    # Fixed columns and the six 2-cell gaps take 51 cells; the intensity bar and the "not asserted"
    # notes share the rest, the notes wrapping when long.
    spare = max(26, width - 52)
    bar_col = min(50, max(16, int(spare * 0.6)))
    note_col = max(10, min(30, spare - bar_col))
    chart = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                  show_edge=False, expand=False,
                  caption="Asserted events, except 'not asserted' (thr threatened, cond conditional, hyp "
                  "hypothetical, int intended, neg negated). q1/q2/q3/q4: verbal coop/material coop/verbal "
                  "conflict/material conflict. alert: z z-score, c CUSUM.")
    chart.add_column("period", no_wrap=True, min_width=10)
    chart.add_column("q1/q2/q3/q4", justify="right", no_wrap=True, min_width=11)
    chart.add_column("index", justify="right", no_wrap=True, min_width=7)
    chart.add_column("coop", justify="right", no_wrap=True, min_width=6)
    chart.add_column("conflict intensity" if bar_col >= 18 else "intensity", no_wrap=True, width=bar_col)
    chart.add_column("not asserted", overflow="fold", width=note_col)
    chart.add_column("alert", no_wrap=True, min_width=5)

    def quiet(run: list[Period]) -> None:
        if len(run) >= quiet_run:
            unseen = ((series_.news_since and run[-1].end < series_.news_since)
                      or (series_.news_until and run[0].start > series_.news_until))
            chart.add_row(Text(run[0].start, style="dim"), "", "", "",
                          Text(f"... {len(run)} {unit}s", style="dim"),
                          Text("no news stored" if unseen else "no events", style="dim"), "")
        else:
            for p in run:
                chart.add_row(p.start, "0/0/0/0", "0", "0", "", "", "")

    run: list[Period] = []
    for p in series_.periods:
        if p.total_events == 0 and p.start not in alerted:
            run.append(p)
            continue
        quiet(run)
        run = []
        a = p.asserted
        others = " ".join(f"{n} {_SHORT.get(m, m)}" for m, n in p.modalities.items() if n)
        bar = _bar(a.intensity, scale, bar_col - 7) + f" {a.intensity:.1f}" if a.intensity else ""
        chart.add_row(p.start, "/".join(str(a.quads[q]) for q in QUADS), f"{a.index:+.1f}",
                      f"{a.cooperation:.1f}", Text(bar, style="red"), Text(others, style="yellow"),
                      Text("+".join(alerted.get(p.start, [])), style="bold red"))
    quiet(run)

    totals = series_.totals()
    summary = Table(title="Totals", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False,
                    expand=False)
    summary.add_column("kind")
    for col in ("events", "q1", "q2", "q3", "q4", "index", "conflict", "coop"):
        summary.add_column(col, justify="right")
    for name, c in (("asserted", totals.asserted), ("possible", totals.possible)):
        summary.add_row(name, str(c.events), *(str(c.quads[q]) for q in QUADS), f"{c.index:+.1f}",
                        f"{c.intensity:.1f}", f"{c.cooperation:.1f}")
    parts: list[Any] = [chart, summary]
    modal = ", ".join(f"{n} {m}" for m, n in totals.modalities.items() if n)
    parts.append(Text(f"Not asserted, by modality: {modal or 'none'} (possible = threatened, conditional, "
                      "hypothetical, intended; negated events are counted only)."))
    if not alerts_:
        parts.append(Text("No escalation alerts.", style="green"))
    for a in alerts_:
        span = a.period if a.run_start == a.period else f"{a.run_start} .. {a.period}"
        if a.method == "zscore":
            why = (f"intensity {a.intensity:.1f} > threshold {a.threshold:.1f} "
                   f"(baseline {a.baseline_mean:.1f} ± {a.std_used:.1f}, z = {a.score:.1f})")
        else:
            why = (f"CUSUM {a.value:.1f} > h = {a.threshold:.1f} over {span} "
                   f"(intensity {a.intensity:.1f}, baseline {a.baseline_mean:.1f} ± {a.std_used:.1f})")
        parts.append(Text(f"ALERT {a.period} [{a.method}] {why}; conflict events: {a.event_count}", style="bold red"))
        for e in a.events[:top_events]:
            who = f"{e['source_code'] or e['source_name'] or '?'} -> {e['target_code'] or e['target_name'] or '-'}"
            evidence = " ".join(str(e["evidence"]).split())[:110]
            parts.append(Text(f"    {e['day']} {who} {e['cameo']} {e['cameo_label'] or ''} "
                              f"({e['goldstein']:+.1f}) {e['id']}: {evidence}"))
    return parts


def write_png(series_: Series, alerts_: list[Alert], path: str | Path) -> Path:
    """Write a two-panel chart (event counts by quad class; Goldstein sums with alerts) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window, works without a display
    import matplotlib.pyplot as plt

    path = Path(path)
    # Bars span their period (a week's bar runs Monday to Sunday); lines go through the middle.
    length = 7 if series_.freq == "week" else 1
    x = [date.fromisoformat(p.start) for p in series_.periods]
    mid = [d + timedelta(days=length / 2) for d in x]
    width = length * 0.85
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True, height_ratios=[1, 1.3])
    try:
        colours = {1: "#74a9cf", 2: "#0570b0", 3: "#fd8d3c", 4: "#bd0026"}
        names = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
        bottom_stack = [0] * len(x)
        for q in QUADS:
            heights = [p.asserted.quads[q] for p in series_.periods]
            top.bar(x, heights, width=width, align="edge", bottom=bottom_stack, color=colours[q],
                    label=names[q])
            bottom_stack = [b + h for b, h in zip(bottom_stack, heights)]
        possible = [p.possible.events for p in series_.periods]
        if any(possible):
            top.step(mid, possible, where="mid", color="black", linestyle=":", label="not asserted (possible)")
        top.set_ylabel("asserted events")
        top.legend(fontsize=7, loc="upper left")
        top.set_title(f"{series_.label()}, {_ADVERB[series_.freq]}, {series_.since} .. {series_.until}")

        bottom.bar(x, [p.asserted.cooperation for p in series_.periods], width=width, align="edge", color="#41ab5d",
                   label="cooperation (asserted)")
        bottom.bar(x, [-p.asserted.intensity for p in series_.periods], width=width, align="edge", color="#cb181d",
                   label="conflict intensity (asserted)")
        bottom.plot(mid, [p.asserted.index for p in series_.periods], color="black", linewidth=1,
                    label="Goldstein index (asserted)")
        if any(p.possible.events for p in series_.periods):
            bottom.plot(mid, [p.possible.index for p in series_.periods], color="#6a51a3", linewidth=1,
                        linestyle="--", label="Goldstein index (not asserted)")
        for i, start in enumerate(sorted({a.period for a in alerts_})):
            first = date.fromisoformat(start)
            for ax in (top, bottom):
                ax.axvspan(first, first + timedelta(days=length), color="red", alpha=0.12, zorder=0,
                           label="alert" if i == 0 and ax is bottom else None)
        bottom.axhline(0, color="grey", linewidth=0.5)
        bottom.set_ylabel("sum of Goldstein scores")
        bottom.legend(fontsize=7, loc="lower left")
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(path, format="png", dpi=110)
    finally:
        plt.close(fig)
    return path
