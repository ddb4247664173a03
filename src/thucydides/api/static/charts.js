// Charts drawn as plain SVG: the timeline, the dyad chart with its alerts, the actor network and
// the map. No library: the dashboard must work offline and without a build step. Every text from
// the store is set with textContent, never parsed as markup.

const SVG = "http://www.w3.org/2000/svg";
export const QUAD_COLORS = { 1: "var(--q1)", 2: "var(--q2)", 3: "var(--q3)", 4: "var(--q4)" };
export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

export function el(tag, attrs = {}, parent = null, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function frame(container) {
  container.replaceChildren();
  const w = Math.max(200, container.clientWidth), h = Math.max(100, container.clientHeight);
  const svg = el("svg", { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: "none" }, container);
  return { svg, w, h };
}

export function empty(container, message) {
  const div = document.createElement("div");
  div.className = "empty";
  div.textContent = message;
  container.replaceChildren(div);
}

// ------------------------------------------------------------------ tooltips

const tip = () => document.getElementById("tooltip");
export function tooltip(node, text) {
  node.addEventListener("mousemove", (e) => {
    const t = tip();
    t.textContent = typeof text === "function" ? text() : text;
    t.hidden = false;
    t.style.left = Math.min(e.clientX + 12, window.innerWidth - 370) + "px";
    t.style.top = e.clientY + 14 + "px";
  });
  node.addEventListener("mouseleave", () => { tip().hidden = true; });
}

// ------------------------------------------------------------------ dates

const DAY = 86400000;
export const parseDay = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
export const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function periodStart(day, freq) {
  const t = parseDay(day);
  if (freq === "week") return isoDay(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY);
  if (freq === "month") return day.slice(0, 8) + "01";
  return day;
}

function nextPeriod(day, freq) {
  const t = parseDay(day);
  if (freq === "week") return isoDay(t + 7 * DAY);
  if (freq === "month") {
    const d = new Date(t);
    return isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return isoDay(t + DAY);
}

export function periodEnd(start, freq) { return isoDay(parseDay(nextPeriod(start, freq)) - DAY); }

// Every period from the first to the last, so gaps show as gaps and not as adjacent bars.
function fill(rows, freq, key) {
  if (!rows.length) return [];
  const byKey = new Map(rows.map((r) => [r[key], r]));
  const out = [];
  const last = rows[rows.length - 1][key];
  for (let p = rows[0][key]; p <= last && out.length < 5000; p = nextPeriod(p, freq)) {
    out.push(byKey.get(p) || { [key]: p, empty: true });
  }
  return out;
}

// Month labels along an axis of evenly spaced periods, thinned so they never overlap.
function monthTicks(g, periods, x, y, minGap = 64) {
  let lastX = -Infinity;
  let lastMonth = null;
  periods.forEach((p, i) => {
    const month = p.slice(0, 7);
    if (month === lastMonth) return;
    lastMonth = month;
    const px = x(i);
    if (px - lastX < minGap) return;
    lastX = px;
    const m = +p.slice(5, 7) - 1;
    el("line", { x1: px, x2: px, y1: y, y2: y + 4, class: "axis", stroke: "#c4cad4" }, g);
    el("text", { x: px + 2, y: y + 14 }, g, m === 0 || i === 0 ? `${MONTHS[m]} ${p.slice(0, 4)}` : MONTHS[m]);
  });
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// ------------------------------------------------------------------ timeline

export function drawTimeline(container, rows, freq, { onPick } = {}) {
  if (!rows.length) return empty(container, "No events match these filters.");
  const { svg, w, h } = frame(container);
  const m = { l: 36, r: 8, t: 6, b: 20 };
  const periods = fill(rows, freq, "period");
  const max = niceMax(Math.max(...rows.map((r) => r.events)));
  // A few periods are drawn as bars of a readable width, centred, not stretched across the chart.
  const bw = Math.min(48, (w - m.l - m.r) / periods.length);
  const x0 = m.l + ((w - m.l - m.r) - bw * periods.length) / 2;
  const x = (i) => x0 + i * bw;
  const y = (v) => h - m.b - (v / max) * (h - m.t - m.b);
  const axis = el("g", { class: "axis" }, svg);
  for (const v of [0, max / 2, max]) {
    el("line", { x1: m.l, x2: w - m.r, y1: y(v), y2: y(v), stroke: "#eef1f5" }, axis);
    el("text", { x: m.l - 4, y: y(v) + 4, "text-anchor": "end" }, axis, String(Math.round(v)));
  }
  monthTicks(axis, periods.map((p) => p.period), x, h - m.b);
  const bars = el("g", {}, svg);
  periods.forEach((p, i) => {
    if (p.empty) return;
    const g = el("g", { class: "bar", "data-period": p.period }, bars);
    let base = 0;
    for (const q of [4, 3, 2, 1]) {
      const n = p[`q${q}`];
      if (!n) continue;
      el("rect", { x: x(i) + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + n), height: y(base) - y(base + n),
        fill: QUAD_COLORS[q] }, g);
      base += n;
    }
    // A transparent hit area the full height of the chart, so thin bars are easy to click.
    el("rect", { x: x(i), width: bw, y: m.t, height: h - m.t - m.b, fill: "transparent" }, g);
    const end = periodEnd(p.period, freq);
    tooltip(g, `${p.period}${end !== p.period ? " – " + end : ""}\n${p.events} events ` +
      `(${p.q1} verbal coop., ${p.q2} material coop., ${p.q3} verbal conflict, ${p.q4} material conflict)\n` +
      `mean Goldstein ${p.goldstein}\nclick: show these events`);
    if (onPick) g.addEventListener("click", () => onPick(p.period, end));
  });
}

// ------------------------------------------------------------------ dyad chart

// Cooperation (sum of positive Goldstein scores) up, conflict intensity (sum of -Goldstein over
// conflictual events) down, for asserted events; announced or contemplated conflict ("possible")
// as an outline below. Alerts are red triangles over their period, their CUSUM run shaded.
export function drawDyadChart(container, series, alerts, { onAlert, selected } = {}) {
  const periods = series.periods || [];
  if (!periods.length) return empty(container, "No events for this dyad.");
  const { svg, w, h } = frame(container);
  const m = { l: 40, r: 10, t: 18, b: 20 };
  const up = Math.max(1, ...periods.map((p) => p.asserted.cooperation));
  const down = Math.max(1, ...periods.map((p) => Math.max(p.asserted.intensity, p.possible.intensity)));
  const top = niceMax(up), bottom = niceMax(down);
  const inner = h - m.t - m.b;
  const zero = m.t + inner * (top / (top + bottom));
  const scale = inner / (top + bottom);
  const bw = (w - m.l - m.r) / periods.length;
  const x = (i) => m.l + i * bw;
  const index = new Map(periods.map((p, i) => [p.start, i]));

  const axis = el("g", { class: "axis" }, svg);
  periods.forEach((p, i) => {   // days the store has no news for: a zero there means nothing
    if ((series.news_since && p.end < series.news_since) || (series.news_until && p.start > series.news_until)) {
      el("rect", { x: x(i), width: bw, y: m.t, height: inner, class: "nocover" }, axis);
    }
  });
  el("line", { x1: m.l, x2: w - m.r, y1: zero, y2: zero, class: "zero" }, axis);
  el("text", { x: m.l - 4, y: m.t + 8, "text-anchor": "end" }, axis, `+${top}`);
  el("text", { x: m.l - 4, y: h - m.b, "text-anchor": "end" }, axis, `−${bottom}`);
  el("text", { x: m.l + 4, y: m.t - 6 }, axis, "cooperation ↑   conflict intensity ↓ (asserted; outline: threatened/possible)");
  monthTicks(axis, periods.map((p) => p.start), x, h - m.b);

  const groups = groupAlerts(alerts);
  for (const a of groups) {   // shaded run first, under the bars
    const i0 = index.get(periodStart(a.run_start, series.freq)), i1 = index.get(a.period);
    if (i0 === undefined || i1 === undefined) continue;
    el("rect", { x: x(i0), width: (i1 - i0 + 1) * bw, y: m.t, height: inner, class: "alert-span" }, svg);
  }
  const bars = el("g", {}, svg);
  periods.forEach((p, i) => {
    const g = el("g", { class: "bar" }, bars);
    const a = p.asserted, pos = p.possible;
    if (a.cooperation > 0) el("rect", { x: x(i) + bw * .1, width: Math.max(1, bw * .8), y: zero - a.cooperation * scale,
      height: a.cooperation * scale, fill: "var(--q1)" }, g);
    if (a.intensity > 0) el("rect", { x: x(i) + bw * .1, width: Math.max(1, bw * .8), y: zero,
      height: a.intensity * scale, fill: "var(--q4)" }, g);
    if (pos.intensity > 0) el("rect", { x: x(i) + bw * .1, width: Math.max(1, bw * .8), y: zero,
      height: pos.intensity * scale, fill: "none", stroke: "var(--q3)", "stroke-dasharray": "2 1" }, g);
    el("rect", { x: x(i), width: bw, y: m.t, height: inner, fill: "transparent" }, g);
    tooltip(g, `${p.start}${p.end !== p.start ? " – " + p.end : ""}\nasserted: ${a.events} events, ` +
      `cooperation ${a.cooperation}, conflict intensity ${a.intensity}, index ${a.index}\n` +
      `threatened/possible: ${pos.events} events, intensity ${pos.intensity}`);
  });
  const marks = el("g", {}, svg);
  for (const a of groups) {
    const i = index.get(a.period);
    if (i === undefined) continue;
    const cx = x(i) + bw / 2;
    const tri = el("path", { d: `M${cx - 6},${m.t - 12} L${cx + 6},${m.t - 12} L${cx},${m.t - 2} Z`,
      class: "alert-mark" + (selected && selected === a.key ? " selected" : ""), "data-alert": a.key }, marks);
    tooltip(tri, `alert ${a.run_start !== a.period ? a.run_start + " – " : ""}${a.period_end}\n` +
      `${a.methods.join(" + ")}, score ${a.score}: intensity ${a.intensity} against a baseline of ` +
      `${a.baseline_mean} ± ${a.std_used}\n${a.event_count} conflictual events — click to list them`);
    if (onAlert) tri.addEventListener("click", () => onAlert(a));
  }
}

// The monitor may raise a z-score and a CUSUM alert for the same period: one mark, both methods.
export function groupAlerts(alerts) {
  const out = new Map();
  for (const a of alerts) {
    const key = `${a.dyad || ""}|${a.period}`;
    const g = out.get(key);
    if (!g) {
      out.set(key, { ...a, key, methods: [a.method] });
      continue;
    }
    g.methods.push(a.method);
    if (a.run_start < g.run_start) { g.run_start = a.run_start; g.event_count = a.event_count; g.events = a.events; }
    g.score = Math.max(g.score, a.score);
  }
  return [...out.values()];
}

// ------------------------------------------------------------------ network

export function goldsteinColor(g) {
  // red for conflict, grey for neutral, blue for cooperation; Goldstein runs from -10 to +10
  const t = Math.max(-1, Math.min(1, g / 7));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const grey = [150, 156, 166], red = [209, 73, 91], blue = [61, 110, 170];
  const c = t < 0 ? red : blue, f = Math.abs(t);
  return `rgb(${mix(grey[0], c[0], f)},${mix(grey[1], c[1], f)},${mix(grey[2], c[2], f)})`;
}

// A deterministic force layout (Fruchterman-Reingold): nodes start on a circle in order of weight,
// so the same data always draws the same picture.
function layout(nodes, edges, w, h) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({
    x: w / 2 + (w / 3) * Math.cos((2 * Math.PI * i) / n), y: h / 2 + (h / 3) * Math.sin((2 * Math.PI * i) / n) }));
  const id = new Map(nodes.map((nd, i) => [nd.id, i]));
  const k = Math.sqrt((w * h) / Math.max(1, n)) * 0.6;
  let temp = w / 8;
  for (let it = 0; it < 300; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
      const d = Math.max(1, Math.hypot(dx, dy)), f = (k * k) / d;
      disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
      disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
    }
    for (const e of edges) {
      const a = id.get(e.source), b = id.get(e.target);
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(1, Math.hypot(dx, dy)), f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {   // a weak pull to the centre keeps small components on screen
      disp[i].x += (w / 2 - pos[i].x) * 0.05; disp[i].y += (h / 2 - pos[i].y) * 0.05;
      const d = Math.max(1, Math.hypot(disp[i].x, disp[i].y)), step = Math.min(d, temp);
      pos[i].x = Math.min(w - 30, Math.max(30, pos[i].x + (disp[i].x / d) * step));
      pos[i].y = Math.min(h - 20, Math.max(20, pos[i].y + (disp[i].y / d) * step));
    }
    temp *= 0.985;
  }
  return pos;
}

export function drawNetwork(container, net, { onNode } = {}) {
  if (!net.edges.length) return empty(container, "No events between two different actors match these filters.");
  const { svg, w, h } = frame(container);
  const pos = layout(net.nodes, net.edges, w, h);
  const at = new Map(net.nodes.map((n, i) => [n.id, { ...pos[i], node: n }]));
  const maxW = Math.max(...net.edges.map((e) => e.weight));
  const maxN = Math.max(...net.nodes.map((n) => n.in + n.out));
  const radius = (n) => 5 + 14 * Math.sqrt((n.in + n.out) / maxN);
  const pairs = new Set(net.edges.map((e) => `${e.source}>${e.target}`));
  const edges = el("g", {}, svg);
  for (const e of net.edges) {
    const a = at.get(e.source), b = at.get(e.target);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(1, Math.hypot(dx, dy));
    // Both directions present: bend each to its own side so A->B and B->A do not overlap.
    const bend = pairs.has(`${e.target}>${e.source}`) ? 0.18 : 0.06;
    const cx = (a.x + b.x) / 2 - dy * bend, cy = (a.y + b.y) / 2 + dx * bend;
    const rb = radius(b.node) + 3;
    const tx = cx - b.x, ty = cy - b.y, td = Math.max(1, Math.hypot(tx, ty));
    const ex = b.x + (tx / td) * rb, ey = b.y + (ty / td) * rb;   // end at the target's rim
    const width = 1 + 7 * (e.weight / maxW);
    const color = goldsteinColor(e.goldstein);
    const path = el("path", { d: `M${a.x},${a.y} Q${cx},${cy} ${ex},${ey}`, class: "edge", stroke: color,
      "stroke-width": width, "stroke-opacity": 0.75, "data-edge": `${e.source}-${e.target}` }, edges);
    const ux = (ex - cx), uy = (ey - cy), ud = Math.max(1, Math.hypot(ux, uy));
    const hx = ux / ud, hy = uy / ud, size = 5 + width;
    el("path", { d: `M${ex},${ey} L${ex - hx * size - hy * size * .5},${ey - hy * size + hx * size * .5} ` +
      `L${ex - hx * size + hy * size * .5},${ey - hy * size - hx * size * .5} Z`, fill: color }, edges);
    tooltip(path, `${e.source} → ${e.target}\n${e.events} events, intensity ${e.weight}, mean Goldstein ${e.goldstein}\n` +
      `${e.conflict} conflictual`);
  }
  const nodes = el("g", {}, svg);
  for (const n of net.nodes) {
    const p = at.get(n.id);
    const g = el("g", { class: "node", "data-node": n.id, transform: `translate(${p.x},${p.y})` }, nodes);
    el("circle", { r: radius(n), fill: "#3b4a63" }, g);
    el("text", { x: radius(n) + 3, y: 4 }, g, n.id);
    tooltip(g, `${n.id}\nacts: intensity ${n.out}; acted on: intensity ${n.in}\n${n.events} events on these edges\n` +
      "click: filter by this actor");
    if (onNode) g.addEventListener("click", () => onNode(n.id));
  }
}

// ------------------------------------------------------------------ map

// Longitude and latitude on an equirectangular frame fitted to the located events, with a
// graticule: no tiles, no coastline data, nothing fetched.
export function drawMap(container, places) {
  if (!places.length) return empty(container, "No located events match these filters.");
  const { svg, w, h } = frame(container);
  let lon0 = Math.min(...places.map((p) => p.lon)), lon1 = Math.max(...places.map((p) => p.lon));
  let lat0 = Math.min(...places.map((p) => p.lat)), lat1 = Math.max(...places.map((p) => p.lat));
  const pad = 6;
  lon0 -= pad; lon1 += pad; lat0 -= pad; lat1 += pad;
  // One degree is as wide as it is tall (equirectangular); widen the short side to the panel.
  const s = Math.min(w / Math.max(30, lon1 - lon0), h / Math.max(18, lat1 - lat0));
  const cLon = (lon0 + lon1) / 2, cLat = (lat0 + lat1) / 2;
  lon0 = Math.max(-180, cLon - w / s / 2); lon1 = Math.min(180, cLon + w / s / 2);
  lat0 = Math.max(-90, cLat - h / s / 2); lat1 = Math.min(90, cLat + h / s / 2);
  const x = (lon) => (lon - cLon) * s + w / 2;
  const y = (lat) => h / 2 - (lat - cLat) * s;
  el("rect", { x: x(lon0), y: y(lat1), width: x(lon1) - x(lon0), height: y(lat0) - y(lat1), class: "frame" }, svg);
  const span = lon1 - lon0;
  const step = span > 150 ? 30 : span > 60 ? 10 : 5;
  const grid = el("g", {}, svg);
  for (let lon = Math.ceil(lon0 / step) * step; lon <= lon1; lon += step) {
    el("line", { x1: x(lon), x2: x(lon), y1: y(lat0), y2: y(lat1), class: "graticule" }, grid);
    el("text", { x: x(lon) + 2, y: y(lat0) - 3 }, grid, `${Math.abs(lon)}°${lon < 0 ? "W" : lon > 0 ? "E" : ""}`);
  }
  for (let lat = Math.ceil(lat0 / step) * step; lat <= lat1; lat += step) {
    el("line", { x1: x(lon0), x2: x(lon1), y1: y(lat), y2: y(lat), class: "graticule" }, grid);
    el("text", { x: x(lon0) + 2, y: y(lat) - 2 }, grid, `${Math.abs(lat)}°${lat < 0 ? "S" : lat > 0 ? "N" : ""}`);
  }
  const maxN = Math.max(...places.map((p) => p.events));
  const dots = el("g", {}, svg);
  const byArea = [...places].sort((a, b) => b.events - a.events);   // big circles under small ones
  for (const p of byArea) {
    const c = el("circle", { cx: x(p.lon), cy: y(p.lat), r: 3 + 14 * Math.sqrt(p.events / maxN),
      fill: goldsteinColor(p.goldstein), "fill-opacity": 0.8, class: "place", "data-place": p.name }, dots);
    tooltip(c, `${p.name} (${p.country || "?"})\n${p.events} events, ${p.material_conflict} material conflict` +
      `${p.killed ? `, ${p.killed} killed` : ""}\nmean Goldstein ${p.goldstein}\n${p.first_day} – ${p.last_day}`);
  }
  // Labels for the busiest places, skipping any that would overlap one already drawn.
  const taken = [];
  const labels = el("g", {}, svg);
  for (const p of byArea.slice(0, 40)) {
    const text = p.country && p.name !== p.country ? `${p.name} · ${p.country}` : p.name;
    const lx = x(p.lon) + 4 + 14 * Math.sqrt(p.events / maxN) * 0.7, ly = y(p.lat) + 4;
    const box = { x0: lx, x1: lx + text.length * 6.2, y0: ly - 11, y1: ly + 2 };
    if (box.x1 > w || taken.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
    taken.push(box);
    el("text", { x: lx, y: ly, class: "place-label" }, labels, text);
  }
}
