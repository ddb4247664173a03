// The dashboard: an overview (timeline, dyad chart with alerts, network, map, event table) and an
// article view (the text with each event's evidence highlighted and its coding beside it).
// State lives in the URL hash, so every view can be linked to, reloaded and navigated with Back.
//   #/?dyad=USA-IRQ&since=2024-12-01&show=USA-IRQ&alert=...&offset=50   overview
//   #/article/ID?event=EVENT_ID                                         article
// Everything the browser draws is aggregated by the server; only one page of events is ever sent.

import { QUAD_COLORS, QUAD_NAMES, drawDyadChart, drawMap, drawNetwork, drawTimeline, empty, groupAlerts,
  parseDay, periodStart } from "./charts.js";

const FILTERS = ["dyad", "undirected", "actor", "cameo", "quad", "modality", "since", "until"];
const PAGE = 25;
const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ the API

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined && v !== false) query.set(k, v);
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: reported below */ }
  if (!response.ok) throw new Error((body && body.error) || `${response.status} ${response.statusText}`);
  return body;
}

function fail(container, error) {
  const div = document.createElement("div");
  div.className = "error";
  div.textContent = error.message;
  container.replaceChildren(div);
}

function text(tag, content, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== null && content !== undefined) node.textContent = content;
  return node;
}

// ------------------------------------------------------------------ state in the hash

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { path, params: new URLSearchParams(query) };
}

function overviewHash(state) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
  if (state.show) p.set("show", state.show);
  if (state.alert) p.set("alert", state.alert);
  if (state.offset) p.set("offset", state.offset);
  return "#/?" + p.toString();
}

const state = { filters: {}, show: "", alert: "", offset: 0, lastOverview: "#/" };
const cache = {};   // data of the drawn charts, to redraw on resize without asking again

function readState(params) {
  state.filters = {};
  for (const k of FILTERS) if (params.get(k)) state.filters[k] = params.get(k);
  state.show = params.get("show") || "";
  state.alert = params.get("alert") || "";
  state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
}

function go(changes) {
  Object.assign(state, changes);
  location.hash = overviewHash(state);
}

// ------------------------------------------------------------------ filters form

function fillForm() {
  const form = $("filters");
  for (const k of FILTERS) {
    const input = form.elements[k];
    if (input.type === "checkbox") input.checked = state.filters[k] === "true";
    else input.value = state.filters[k] || "";
  }
}

function readForm() {
  const form = $("filters");
  const filters = {};
  for (const k of FILTERS) {
    const input = form.elements[k];
    if (input.type === "checkbox") { if (input.checked) filters[k] = "true"; }
    else if (input.value.trim()) filters[k] = input.value.trim();
  }
  return filters;
}

// ------------------------------------------------------------------ overview

let loadedFilters = null;
let monitorLoaded = false;

async function showOverview(params) {
  readState(params);
  state.lastOverview = location.hash || "#/";
  $("overview").hidden = false;
  $("article-view").hidden = true;
  fillForm();
  const key = JSON.stringify(state.filters);
  if (!statsReady) loadStats();
  const jobs = [loadEvents(), statsReady];
  if (key !== loadedFilters) {
    loadedFilters = key;
    jobs.push(loadTimeline(), loadNetwork(), loadMap());
  }
  if (!monitorLoaded) {
    monitorLoaded = true;
    jobs.push(loadAlerts());
  }
  jobs.push(loadDyad());
  for (const b of document.querySelectorAll("#alerts button.alert")) b.classList.toggle("selected", b.dataset.alert === state.alert);
  await Promise.allSettled(jobs);
  document.body.dataset.ready = "overview";
}

let statsReady = null;

function loadStats() {
  statsReady = fetchStats();
  return statsReady;
}

async function fetchStats() {
  try {
    const s = await api("/stats");
    cache.stats = s;
    $("stats").textContent = `${s.articles.toLocaleString()} articles · ${s.events.toLocaleString()} events · ` +
      `${s.clusters.toLocaleString()} clusters · ${s.quotes.toLocaleString()} quotes` +
      (s.news_first ? ` · news of ${s.news_first} – ${s.news_last}` : "");
    return s;
  } catch (e) { $("stats").textContent = e.message; return null; }
}

function freqFor(first, last) {
  const days = (parseDay(last) - parseDay(first)) / 86400000;
  return days > 1100 ? "month" : days > 200 ? "week" : "day";
}

async function loadTimeline() {
  const box = $("timeline");
  try {
    let days = await api("/timeline", { ...state.filters, freq: "day" });
    // Without a date filter the axis starts a month before the first article: an article that
    // recalls an event of years ago would otherwise squeeze the whole picture into one corner.
    let note = "";
    const stats = await statsReady;
    if (!state.filters.since && stats && stats.news_first) {
      const from = new Date(parseDay(stats.news_first) - 30 * 86400000).toISOString().slice(0, 10);
      const older = days.filter((d) => d.period < from);
      if (older.length) {
        const n = older.reduce((sum, d) => sum + d.events, 0);
        note = ` · ${n} event${n === 1 ? "" : "s"} dated before ${from} not drawn (set From to see them)`;
        days = days.filter((d) => d.period >= from);
      }
    }
    // Fetched by day, folded here into weeks or months when the span is long.
    const freq = days.length ? freqFor(days[0].period, days[days.length - 1].period) : "day";
    const rows = [];
    for (const d of days) {
      const p = periodStart(d.period, freq);
      let r = rows[rows.length - 1];
      if (!r || r.period !== p) {
        r = { period: p, events: 0, q1: 0, q2: 0, q3: 0, q4: 0, gsum: 0 };
        rows.push(r);
      }
      for (const k of ["events", "q1", "q2", "q3", "q4"]) r[k] += d[k];
      r.gsum += d.goldstein * d.events;
    }
    for (const r of rows) r.goldstein = r.events ? Math.round((r.gsum / r.events) * 100) / 100 : 0;
    cache.timeline = { rows, freq };
    $("timeline-note").textContent = `events per ${freq}, by quad class — click a bar to list its events${note}`;
    drawTimeline(box, rows, freq, { onPick: pickPeriod });
  } catch (e) { fail(box, e); }
}

function pickPeriod(start, end) {
  go({ filters: { ...state.filters, since: start, until: end }, offset: 0 });
  $("events-panel").scrollIntoView({ behavior: "smooth", block: "start" });
}

async function loadAlerts() {
  const list = $("alerts");
  try {
    // Three driving events per alert are enough for the list; the table shows them all on click.
    const alerts = groupAlerts(await api("/alerts/top", { dyads: 12, max_events: 3, limit: 100 }));
    cache.alerts = alerts;
    $("alerts-note").textContent = alerts.length
      ? `${alerts.length} in the 12 busiest dyads, newest first` : "none in the 12 busiest dyads";
    list.replaceChildren();
    for (const a of alerts) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "alert" + (a.key === state.alert ? " selected" : "");
      b.dataset.alert = a.key;
      b.append(text("span", a.dyad, "dyad"), text("span", `score ${a.score}`, "score"),
        text("span", `${a.run_start !== a.period ? a.run_start + " – " : ""}${a.period_end} · ${a.event_count} ` +
          `conflictual event${a.event_count === 1 ? "" : "s"} · ${a.methods.join(" + ")}`, "when"),
        text("span", (a.events[0] && a.events[0].evidence) || "", "what"));
      b.title = "List this alert's events";
      b.addEventListener("click", () => openAlert(a));
      li.appendChild(b);
      list.appendChild(li);
    }
    if (!alerts.length) list.appendChild(text("li", "No escalation alerts.", "empty"));
  } catch (e) { fail(list, e); }
}

// An alert's events are the asserted events of its dyad over its days: the table shows exactly those.
function openAlert(a) {
  go({ filters: { dyad: a.dyad, since: a.run_start, until: a.period_end, modality: "asserted" },
    show: a.dyad, alert: a.key, offset: 0 });
  $("events-panel").scrollIntoView({ behavior: "smooth", block: "start" });
}

let dyadOptions = null;

async function loadDyad() {
  const box = $("dyad-chart");
  const select = $("dyad-select");
  try {
    if (!dyadOptions) {
      dyadOptions = (await api("/dyads", { limit: 20 })).map((d) => d.dyad);
      select.replaceChildren(...dyadOptions.map((d) => { const o = text("option", d); o.value = d; return o; }));
    }
    const filterDyad = /^[A-Za-z]{3}-[A-Za-z]{3}$/.test(state.filters.dyad || "") ? state.filters.dyad.toUpperCase() : "";
    const dyad = state.show || filterDyad || dyadOptions[0];
    if (!dyad) return empty(box, "No dyads in the store yet.");
    if (![...select.options].some((o) => o.value === dyad)) {
      const o = text("option", dyad); o.value = dyad; select.appendChild(o);
    }
    select.value = dyad;
    // Daily while the store's news spans under ~8 months, else weekly.
    const stats = await statsReady;
    const days = stats && stats.news_first ? (parseDay(stats.news_last) - parseDay(stats.news_first)) / 86400000 : 0;
    const freq = days > 240 ? "week" : "day";
    const [series, alerts] = await Promise.all([api("/series", { dyad, freq }), api("/alerts", { dyad, freq })]);
    const marked = alerts.map((a) => ({ ...a, dyad }));
    cache.dyad = { series, alerts: marked };
    const n = groupAlerts(marked).length;
    $("dyad-note").textContent = `${freq === "day" ? "daily" : "weekly"} · ${series.totals.asserted.events} asserted events · ` +
      `${n} alert${n === 1 ? "" : "s"} (▼, click to list its events) · whole store`;
    drawDyadChart(box, series, marked, { onAlert: openAlert, selected: state.alert });
  } catch (e) { fail(box, e); }
}

async function loadNetwork() {
  const box = $("network");
  try {
    const net = await api("/network", { ...state.filters, level: $("network-level").value, limit: 40 });
    cache.network = net;
    drawNetwork(box, net, { onNode: (id) => go({ filters: { ...state.filters, actor: id }, offset: 0 }) });
  } catch (e) { fail(box, e); }
}

async function loadMap() {
  const box = $("map");
  try {
    const places = await api("/places", { ...state.filters, limit: 300 });
    cache.places = places;
    const located = places.reduce((n, p) => n + p.events, 0);
    $("map-note").textContent = `${places.length} places, ${located.toLocaleString()} events · longitude/latitude, ` +
      "circle area: events, colour: mean Goldstein";
    drawMap(box, places);
  } catch (e) { fail(box, e); }
}

async function loadEvents() {
  const body = $("events").querySelector("tbody");
  const chips = $("active-filters");
  chips.replaceChildren(...Object.entries(state.filters).map(([k, v]) => text("span", `${k}: ${v}`, "chip")));
  try {
    const page = await api("/events", { ...state.filters, limit: PAGE, offset: state.offset });
    const first = page.total ? page.offset + 1 : 0;
    $("events-note").textContent = `${page.total.toLocaleString()} matching, newest first — click a row to read its article`;
    $("page-note").textContent = `${first}–${page.offset + page.items.length} of ${page.total.toLocaleString()}`;
    $("prev").disabled = page.offset === 0;
    $("next").disabled = !page.has_more;
    body.replaceChildren(...page.items.map(eventRow));
    if (!page.items.length) {
      const tr = document.createElement("tr");
      const td = text("td", "No events match these filters.", "empty");
      td.colSpan = 7;
      tr.appendChild(td);
      body.appendChild(tr);
    }
  } catch (e) {
    $("events-note").textContent = "";
    $("page-note").textContent = "";
    const tr = document.createElement("tr");
    const td = text("td", e.message, "error");
    td.colSpan = 7;
    tr.appendChild(td);
    body.replaceChildren(tr);
  }
}

function actorLabel(code, name) {
  if (code && name) return `${code} (${name})`;
  return code || name || "—";
}

function eventRow(e) {
  const tr = document.createElement("tr");
  tr.className = "event-row";
  tr.dataset.event = e.id;
  tr.dataset.article = e.article_id;
  const what = document.createElement("td");
  const sw = text("span", null, "quad");
  sw.style.setProperty("--c", QUAD_COLORS[e.quad_class]);
  sw.title = QUAD_NAMES[e.quad_class];
  what.append(sw, text("span", e.cameo, "code"), document.createTextNode(" " + (e.cameo_label || "")));
  const mod = text("td", e.modality + (e.condition ? ` (${e.condition})` : ""),
    "modality" + (e.modality === "asserted" ? "" : " not-asserted"));
  const place = e.location_name ? `${e.location_name}${e.location_country ? " · " + e.location_country : ""}` : "";
  const evidence = e.evidence.length > 180 ? e.evidence.slice(0, 177) + "…" : e.evidence;
  tr.append(text("td", e.day || "", "day"),
    text("td", `${actorLabel(e.source_code, e.source_name)} → ${actorLabel(e.target_code, e.target_name)}`),
    what, mod, text("td", String(e.goldstein)), text("td", place), text("td", evidence, "evidence"));
  tr.addEventListener("click", () => {
    location.hash = `#/article/${encodeURIComponent(e.article_id)}?event=${encodeURIComponent(e.id)}`;
  });
  return tr;
}

// ------------------------------------------------------------------ article view

async function showArticle(id, params) {
  $("overview").hidden = true;
  $("article-view").hidden = false;
  $("back").href = state.lastOverview || "#/";
  const bodyBox = $("article-body"), codings = $("codings");
  $("article-title").textContent = "loading…";
  $("article-meta").textContent = "";
  bodyBox.replaceChildren();
  codings.replaceChildren();
  let data;
  try {
    data = await api(`/articles/${encodeURIComponent(id)}`);
  } catch (e) {
    $("article-title").textContent = "";
    fail(bodyBox, e);
    document.body.dataset.ready = "article";
    return;
  }
  const a = data.article;
  $("article-title").textContent = a.title || a.name;
  const meta = [a.source, a.authors && a.authors.length ? "by " + a.authors.join(", ") : null,
    a.published ? `published ${a.published}${a.published_inferred ? " (inferred)" : ""}` : "date unknown",
    `${data.events.length} event${data.events.length === 1 ? "" : "s"}`,
    `${data.quotes.length} quote${data.quotes.length === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
  $("article-meta").textContent = meta;
  if (a.url) {
    const link = text("a", " · source page");
    link.href = a.url;
    link.rel = "noreferrer noopener";
    link.target = "_blank";
    $("article-meta").appendChild(link);
  }
  const events = [...data.events].sort((x, y) => x.char_start - y.char_start || x.char_end - y.char_end);
  renderBody(bodyBox, a.body, events);
  codings.replaceChildren(...events.map(codingCard));
  if (!events.length) codings.appendChild(text("p", "No events were coded in this article.", "empty"));
  select(params.get("event") || "", true);
  document.body.dataset.ready = "article";
}

// The body as paragraphs of text nodes, with a <mark> over every stretch that is the evidence of
// at least one event; where spans overlap, the shortest one colours the stretch and is chosen on click.
function renderBody(box, body, events) {
  const cuts = new Set([0, body.length]);
  for (const e of events) { cuts.add(Math.max(0, Math.min(body.length, e.char_start))); cuts.add(Math.max(0, Math.min(body.length, e.char_end))); }
  for (let i = body.indexOf("\n\n"); i >= 0; i = body.indexOf("\n\n", i + 2)) { cuts.add(i); cuts.add(i + 2); }
  const points = [...cuts].sort((x, y) => x - y);
  let para = document.createElement("p");
  box.appendChild(para);
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i], to = points[i + 1];
    const piece = body.slice(from, to);
    if (piece === "\n\n") { para = document.createElement("p"); box.appendChild(para); continue; }
    const covering = events.filter((e) => e.char_start <= from && e.char_end >= to);
    if (!covering.length) { para.appendChild(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => (x.char_end - x.char_start) - (y.char_end - y.char_start));
    const mark = document.createElement("mark");
    mark.textContent = piece;
    mark.dataset.events = covering.map((e) => e.id).join(" ");
    mark.style.setProperty("--c", QUAD_COLORS[covering[0].quad_class]);
    mark.title = covering.map((e) => `${e.cameo} ${e.cameo_label} (${e.modality})`).join("\n");
    mark.addEventListener("click", () => select(covering[0].id, false));
    para.appendChild(mark);
  }
}

function codingCard(e) {
  const card = document.createElement("div");
  card.className = "coding";
  card.dataset.event = e.id;
  card.style.setProperty("--c", QUAD_COLORS[e.quad_class]);
  card.appendChild(text("h3", `${e.source_code || e.source_name || "?"} → ${e.target_code || e.target_name || "—"}: ` +
    `${e.cameo} ${e.cameo_label || ""}`));
  const dl = document.createElement("dl");
  const row = (k, v) => { if (v !== null && v !== undefined && v !== "") dl.append(text("dt", k), text("dd", v)); };
  const who = (name, code, country, sponsor) => name || code
    ? `${name || ""}${code ? ` [${code}]` : ""}${country && !(code || "").startsWith(country) ? ` ${country}` : ""}` +
      `${sponsor ? `, backed by ${sponsor}` : ""}` : null;
  row("Source", who(e.source_name, e.source_code, e.source_country, e.source_sponsor));
  row("Target", who(e.target_name, e.target_code, e.target_country, e.target_sponsor));
  row("CAMEO", `${e.cameo} ${e.cameo_label || ""}${e.plover_type ? ` · PLOVER ${e.plover_type}${e.plover_mode ? "/" + e.plover_mode : ""}` : ""}`);
  row("Class", `quad ${e.quad_class} (${QUAD_NAMES[e.quad_class]}), Goldstein ${e.goldstein}`);
  row("Modality", e.modality + (e.condition ? ` — ${e.condition}` : ""));
  row("Date", e.date_value ? `${e.date_value} (${e.date_precision}${e.date_text ? `, “${e.date_text}”` : ""})`
    : `${e.day || "unknown"} (article date)`);
  row("Place", e.location_name ? `${e.location_name}${e.location_country ? ", " + e.location_country : ""}` +
    (e.lat !== null && e.lat !== undefined ? ` (${(+e.lat).toFixed(2)}, ${(+e.lon).toFixed(2)})` : "") : null);
  const q = e.quantities && typeof e.quantities === "object"
    ? Object.entries(e.quantities).map(([k, v]) => `${k} ${v}`).join(", ") : "";
  row("Numbers", q);
  row("Reported by", e.reported_by_name);
  row("Rule", `${e.rule}${e.trig ? ` (“${e.trig}”)` : ""} · confidence ${e.confidence}`);
  card.appendChild(dl);
  card.appendChild(text("div", `“${e.evidence}”`, "evidence"));
  card.addEventListener("click", () => select(e.id, true));
  card.addEventListener("mouseenter", () => highlight(e.id, "hover"));
  card.addEventListener("mouseleave", () => highlight(null, "hover"));
  return card;
}

function highlight(id, cls) {
  for (const m of document.querySelectorAll(`#article-body mark.${cls}`)) m.classList.remove(cls);
  if (!id) return [];
  const marks = [...document.querySelectorAll("#article-body mark")].filter((m) => m.dataset.events.split(" ").includes(id));
  for (const m of marks) m.classList.add(cls);
  return marks;
}

function select(id, scrollText) {
  for (const c of document.querySelectorAll("#codings .coding.selected")) c.classList.remove("selected");
  const marks = highlight(id, "selected");
  if (!id) return;
  const card = [...document.querySelectorAll("#codings .coding")].find((c) => c.dataset.event === id);
  if (card) { card.classList.add("selected"); card.scrollIntoView({ block: "nearest" }); }
  if (scrollText && marks.length) marks[0].scrollIntoView({ block: "center" });
  const { path } = parseHash();
  history.replaceState(null, "", `#${path}?event=${encodeURIComponent(id)}`);
}

// ------------------------------------------------------------------ wiring

function route() {
  document.body.dataset.ready = "";
  const { path, params } = parseHash();
  const m = path.match(/^\/article\/(.+)$/);
  if (m) return showArticle(decodeURIComponent(m[1]), params);
  return showOverview(params);
}

function legend() {
  const box = $("quad-legend");
  for (const q of [1, 2, 3, 4]) {
    const s = text("span", QUAD_NAMES[q]);
    s.style.setProperty("--c", QUAD_COLORS[q]);
    box.appendChild(s);
  }
}

function redraw() {
  if ($("overview").hidden) return;
  if (cache.timeline) drawTimeline($("timeline"), cache.timeline.rows, cache.timeline.freq, { onPick: pickPeriod });
  if (cache.dyad) drawDyadChart($("dyad-chart"), cache.dyad.series, cache.dyad.alerts, { onAlert: openAlert, selected: state.alert });
  if (cache.network) drawNetwork($("network"), cache.network, { onNode: (id) => go({ filters: { ...state.filters, actor: id }, offset: 0 }) });
  if (cache.places) drawMap($("map"), cache.places);
}

function init() {
  legend();
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    go({ filters: readForm(), offset: 0, alert: "" });
  });
  $("clear").addEventListener("click", () => go({ filters: {}, offset: 0, alert: "", show: "" }));
  $("prev").addEventListener("click", () => go({ offset: Math.max(0, state.offset - PAGE) }));
  $("next").addEventListener("click", () => go({ offset: state.offset + PAGE }));
  $("dyad-select").addEventListener("change", (e) => go({ show: e.target.value, alert: "" }));
  $("network-level").addEventListener("change", () => loadNetwork());
  let timer = null;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(redraw, 150); });
  window.addEventListener("hashchange", route);
  loadStats();
  route();
}

init();
