// dyad event explorer: the page of `dyad serve` (docs/serve.md).
// Plain JavaScript and SVG, no libraries; talks to the JSON API of the same
// server. Every text from the database goes into the page as text nodes
// (textContent), never as HTML.
'use strict';

const SVGNS = 'http://www.w3.org/2000/svg';
const FILTERS = ['actor', 'source', 'target', 'code', 'root', 'quad', 'country', 'place', 'from', 'to'];
const QUADS = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const PAGE = 50;

const state = { filters: {}, by: 'month', offset: 0, order: 'new', group: 'code', selected: null };

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

function title(text) { return svg('title', { text }); }

// Goldstein -10..10 as a colour: red, grey, blue.
function gcolor(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const grey = [150, 150, 150], neg = [192, 57, 43], pos = [36, 113, 163];
  const to = t < 0 ? neg : pos, a = Math.abs(t);
  const c = grey.map((v, i) => Math.round(v + (to[i] - v) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function fmt(v, d = 2) { return v == null ? '–' : String(Math.round(v * 10 ** d) / 10 ** d); }

// ------------------------------------------------------------------ API

function query(extra, plain) {
  const p = new URLSearchParams();
  if (!plain) for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== '') p.set(k, v);
  return p.toString();
}

// GET api/PATH with the filters (unless plain) and `extra`.
async function api(path, extra, plain) {
  const q = query(extra, plain);
  const res = await fetch('api/' + path + (q ? '?' + q : ''));
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function showError(e) {
  const box = $('#error');
  if (!e) { box.hidden = true; return; }
  box.textContent = String(e.message || e);
  box.hidden = false;
}

// --------------------------------------------------------------- filters

function readForm() {
  const f = $('#filters');
  const out = {};
  for (const k of FILTERS) {
    const v = f.elements[k].value.trim();
    if (v) out[k] = v;
  }
  const a = f.elements.dyadA.value.trim(), b = f.elements.dyadB.value.trim();
  if (a || b) out.dyad = a + ',' + b;
  state.filters = out;
  state.by = f.elements.by.value;
}

function writeForm() {
  const f = $('#filters');
  for (const k of FILTERS) f.elements[k].value = state.filters[k] || '';
  const [a, b] = (state.filters.dyad || ',').split(',');
  f.elements.dyadA.value = a || '';
  f.elements.dyadB.value = b || '';
  f.elements.by.value = state.by;
}

function saveHash() {
  const p = new URLSearchParams(query({ by: state.by }));
  history.replaceState(null, '', '#' + p.toString());
}

function loadHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const k of [...FILTERS, 'dyad']) if (p.get(k)) state.filters[k] = p.get(k);
  if (['day', 'week', 'month', 'year'].includes(p.get('by'))) state.by = p.get('by');
}

function setFilters(f) {
  state.filters = f;
  writeForm();
  refresh();
}

// -------------------------------------------------------------- timeline

function drawTimeline(data) {
  const box = $('#timeline');
  box.replaceChildren();
  const rows = data.rows;
  const key = data.by;
  $('#timeline-note').textContent = rows.length
    ? `${rows.length} ${key}s with events; bars: events per quad class, line: mean Goldstein`
    : 'no dated events';
  if (!rows.length) return;
  const W = 960, H = 240, L = 40, R = 40, T = 10, B = 40;
  const max = Math.max(...rows.map((r) => r.events));
  const bw = (W - L - R) / rows.length;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const gy = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'timeline' });
  s.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
  s.append(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
  s.append(svg('line', { class: 'grid', x1: L, y1: gy(0), x2: W - R, y2: gy(0) }));
  for (const v of [0, Math.ceil(max / 2), max])
    s.append(svg('text', { class: 'tick', x: L - 4, y: y(v) + 3, 'text-anchor': 'end', text: v }));
  for (const g of [-10, 0, 10])
    s.append(svg('text', { class: 'tick', x: W - R + 4, y: gy(g) + 3, text: (g > 0 ? '+' : '') + g }));
  const every = Math.max(1, Math.ceil(rows.length / 12));
  const pts = [];
  rows.forEach((r, i) => {
    const x = L + i * bw;
    const g = svg('g', { class: 'period', 'data-period': r[key], 'data-events': r.events });
    let acc = 0;
    for (let q = 1; q <= 4; q++) {
      const n = r['q' + q];
      if (!n) continue;
      g.append(svg('rect', {
        class: 'q' + q, x: x + bw * 0.1, width: Math.max(1, bw * 0.8),
        y: y(acc + n), height: y(acc) - y(acc + n),
      }, title(`${r[key]} · ${QUADS[q - 1]}: ${n} events, mean Goldstein ${fmt(r['q' + q + '_goldstein'])}`)));
      acc += n;
    }
    s.append(g);
    if (i % every === 0)
      s.append(svg('text', { class: 'tick', x: x + bw / 2, y: H - B + 14, 'text-anchor': 'middle', text: r[key] }));
    if (r.goldstein != null) pts.push([x + bw / 2, gy(r.goldstein), r]);
  });
  if (pts.length > 1)
    s.append(svg('path', { class: 'gline', d: 'M' + pts.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join('L') }));
  for (const [px, py, r] of pts)
    s.append(svg('circle', { class: 'gdot', cx: px, cy: py, r: 2.5 }, title(`${r[key]}: mean Goldstein ${fmt(r.goldstein)} over ${r.events} events`)));
  s.append(svg('text', { class: 'tick', x: L, y: H - 8, text: 'events' }));
  s.append(svg('text', { class: 'tick', x: W - R, y: H - 8, 'text-anchor': 'end', text: 'Goldstein' }));
  box.append(s);
}

// --------------------------------------------------------------- network

// A small deterministic force layout: nodes start on a circle; repulsion
// between all pairs, springs along edges, a pull to the centre.
function layout(nodes, edges, W, H) {
  const n = nodes.length, idx = new Map(nodes.map((d, i) => [d.id, i]));
  const P = nodes.map((d, i) => ({
    x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n),
    y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n), vx: 0, vy: 0,
  }));
  if (n < 3) return P;
  const k = Math.sqrt((W * H) / n) * 0.6;
  for (let it = 0; it < 300; it++) {
    const temp = 1 - it / 300;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = P[i].x - P[j].x, dy = P[i].y - P[j].y;
        const d2 = Math.max(dx * dx + dy * dy, 1), f = (k * k) / d2;
        P[i].vx += dx * f * 0.05; P[i].vy += dy * f * 0.05;
        P[j].vx -= dx * f * 0.05; P[j].vy -= dy * f * 0.05;
      }
    }
    for (const e of edges) {
      const a = P[idx.get(e.source)], b = P[idx.get(e.target)];
      if (!a || !b || a === b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = ((d - k) / d) * 0.05;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    }
    for (const p of P) {
      p.vx += (W / 2 - p.x) * 0.01; p.vy += (H / 2 - p.y) * 0.01;
      const v = Math.sqrt(p.vx * p.vx + p.vy * p.vy), cap = 20 * temp + 1;
      if (v > cap) { p.vx *= cap / v; p.vy *= cap / v; }
      p.x = Math.max(30, Math.min(W - 60, p.x + p.vx));
      p.y = Math.max(20, Math.min(H - 20, p.y + p.vy));
      p.vx *= 0.5; p.vy *= 0.5;
    }
  }
  return P;
}

function drawNetwork(data) {
  const box = $('#network');
  box.replaceChildren();
  const W = 520, H = 380;
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'network' });
  if (!data.nodes.length) {
    s.append(svg('text', { class: 'tick', x: W / 2, y: H / 2, 'text-anchor': 'middle', text: 'no events with two actors' }));
    box.append(s);
    return;
  }
  const P = layout(data.nodes, data.edges, W, H);
  const at = new Map(data.nodes.map((d, i) => [d.id, P[i]]));
  const maxE = Math.max(...data.edges.map((e) => e.events));
  const maxN = Math.max(...data.nodes.map((d) => d.events));
  const defs = svg('defs');
  s.append(defs);
  data.edges.forEach((e, i) => {
    const a = at.get(e.source), b = at.get(e.target);
    if (!a || !b) return;
    const col = gcolor(e.goldstein);
    const mid = 'arrow' + i;
    defs.append(svg('marker', { id: mid, viewBox: '0 0 10 10', refX: 16, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto' },
      svg('path', { d: 'M0,0L10,5L0,10z', fill: col })));
    // A slight curve keeps A->B and B->A apart.
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2, dx = b.x - a.x, dy = b.y - a.y;
    const cx = mx - dy * 0.15, cy = my + dx * 0.15;
    const d = a === b ? `M${a.x},${a.y}c-30,-40 30,-40 0,0` : `M${a.x},${a.y}Q${cx},${cy} ${b.x},${b.y}`;
    s.append(svg('path', {
      class: 'edge', d, stroke: col, 'stroke-width': 1 + 5 * Math.sqrt(e.events / maxE),
      'marker-end': `url(#${mid})`, 'data-source': e.source, 'data-target': e.target, 'data-events': e.events,
    }, title(`${e.source} → ${e.target}: ${e.events} events, ${e.mentions} mentions, mean Goldstein ${fmt(e.goldstein)}`)));
  });
  data.nodes.forEach((d, i) => {
    const p = P[i], r = 5 + 10 * Math.sqrt(d.events / maxN);
    s.append(svg('g', {
      class: 'node', 'data-id': d.id, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`,
      onclick: () => setFilters({ ...withoutActors(state.filters), actor: d.id }),
    }, svg('circle', { r, fill: gcolor(d.goldstein) }, title(`${d.id}: ${d.events} events, mean Goldstein ${fmt(d.goldstein)}`)),
    svg('text', { x: r + 2, y: 3, text: d.id })));
  });
  box.append(s);
}

function withoutActors(f) {
  const out = { ...f };
  for (const k of ['actor', 'source', 'target', 'dyad']) delete out[k];
  return out;
}

// ------------------------------------------------------------------- map

let world = null; // the outlines, as one SVG path (decoded once)

async function loadWorld() {
  try {
    const res = await fetch('world.json');
    if (!res.ok) return '';
    const topo = await res.json();
    // TopoJSON arcs: quantized, delta-encoded; drawing every arc once gives
    // the coastlines and borders.
    const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
    let d = '';
    for (const arc of topo.arcs) {
      let x = 0, y = 0, lastLon = null;
      arc.forEach((p, i) => {
        x += p[0]; y += p[1];
        const lon = x * sx + tx, lat = y * sy + ty;
        const [px, py] = project(lon, lat);
        // Do not draw across the antimeridian.
        const jump = lastLon !== null && Math.abs(lon - lastLon) > 180;
        d += (i === 0 || jump ? 'M' : 'L') + px.toFixed(1) + ',' + py.toFixed(1);
        lastLon = lon;
      });
    }
    return d;
  } catch (e) {
    return '';
  }
}

const MW = 720, MH = 360;
function project(lon, lat) { return [((lon + 180) / 360) * MW, ((90 - lat) / 180) * MH]; }

function drawMap(data) {
  const box = $('#map');
  box.replaceChildren();
  const s = svg('svg', { viewBox: `0 0 ${MW} ${MH}`, role: 'img', 'aria-label': 'map' });
  s.append(svg('rect', { x: 0, y: 0, width: MW, height: MH, fill: '#fbfcfd' }));
  let grat = '';
  for (let lon = -180; lon <= 180; lon += 30) grat += `M${project(lon, 90).join(',')}L${project(lon, -90).join(',')}`;
  for (let lat = -60; lat <= 60; lat += 30) grat += `M${project(-180, lat).join(',')}L${project(180, lat).join(',')}`;
  s.append(svg('path', { class: 'graticule', d: grat }));
  if (world) s.append(svg('path', { class: 'land', d: world, fill: 'none' }));
  const max = Math.max(1, ...data.points.map((p) => p.events));
  for (const p of [...data.points].reverse()) {
    const [x, y] = project(p.lon, p.lat);
    s.append(svg('circle', {
      class: 'point', cx: x.toFixed(1), cy: y.toFixed(1), r: (2.5 + 9 * Math.sqrt(p.events / max)).toFixed(1),
      fill: gcolor(p.goldstein), 'data-name': p.name || '', 'data-events': p.events,
      onclick: () => setFilters({ ...state.filters, place: p.name || undefined }),
    }, title(`${p.name} (${p.country}): ${p.events} events, mean Goldstein ${fmt(p.goldstein)}`)));
  }
  if (!data.points.length)
    s.append(svg('text', { class: 'tick', x: MW / 2, y: MH / 2, 'text-anchor': 'middle', text: 'no located events' }));
  box.append(s);
}

// ------------------------------------------------------------ top dyads

function drawTop(data) {
  const ol = $('#top-dyads');
  ol.replaceChildren();
  for (const r of data.rows) {
    ol.append(el('li', {
      'data-dyad': r.source + ',' + r.target,
      onclick: () => setFilters({ ...withoutActors(state.filters), dyad: r.source + ',' + r.target }),
      text: `${r.source} → ${r.target} (${r.events})`,
    }));
  }
}

// --------------------------------------------------------------- events

function actorCell(a) { return a ? a.code || '?' : '–'; }

function drawEvents(data) {
  const tb = $('#events tbody');
  tb.replaceChildren();
  for (const e of data.events) {
    const tr = el('tr', { 'data-id': e.id, onclick: () => showEvent(e.id) },
      el('td', { text: e.date || 'undated' }),
      el('td', { text: actorCell(e.source) }),
      el('td', { text: e.code }),
      el('td', { text: actorCell(e.target) }),
      el('td', { class: 'num' }, el('span', { class: 'sw q' + e.quad_class, text: ' ' }), ' ' + e.quad_class),
      el('td', { class: 'num', text: fmt(e.goldstein, 1) }),
      el('td', { text: e.location ? e.location.name : '' }),
      el('td', { class: 'num', text: `${e.num_mentions}/${e.num_sources}/${e.num_articles}` }),
      el('td', { text: e.article.id }));
    if (state.selected === e.id) tr.classList.add('selected');
    tb.append(tr);
  }
  const first = data.count ? state.offset + 1 : 0;
  $('#page').textContent = `${first}–${state.offset + data.count}${data.has_more ? ' …' : ''}`;
  $('#events-note').textContent = data.count ? '' : 'no events match';
  $('#prev').disabled = state.offset === 0;
  $('#next').disabled = !data.has_more;
}

// Splits a sentence into runs by the byte offsets of its spans (offsets
// count bytes of the UTF-8 text, JavaScript strings count UTF-16 units: cut
// the bytes, then decode each run).
function highlight(sentence, spans) {
  const bytes = new TextEncoder().encode(sentence || '');
  const marks = [];
  for (const name of ['source', 'target', 'trigger']) {
    const sp = spans && spans[name];
    if (sp && sp[0] >= 0 && sp[1] <= bytes.length && sp[0] < sp[1]) marks.push({ name, s: sp[0], e: sp[1] });
  }
  const cuts = new Set([0, bytes.length]);
  for (const m of marks) { cuts.add(m.s); cuts.add(m.e); }
  const pos = [...cuts].sort((a, b) => a - b);
  const dec = new TextDecoder();
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < pos.length; i++) {
    const a = pos[i], b = pos[i + 1];
    const text = dec.decode(bytes.subarray(a, b));
    const on = marks.filter((m) => m.s <= a && b <= m.e).map((m) => 'hl-' + m.name);
    frag.append(on.length ? el('mark', { class: on.join(' '), 'data-span': on.join(' '), text }) : document.createTextNode(text));
  }
  return frag;
}

function fields(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    if (v == null || v === '') continue;
    dl.append(el('dt', { text: k }), el('dd', {}, v instanceof Node ? v : String(v)));
  }
}

function link(url) {
  if (!/^https?:\/\//i.test(url || '')) return url;
  return el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: url });
}

async function showEvent(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll('#events tbody tr'))
    tr.classList.toggle('selected', String(tr.dataset.id) === String(id));
  let d;
  try {
    d = await api('events/' + encodeURIComponent(id), null, true);
  } catch (e) { showError(e); return; }
  const e = d.event;
  $('#detail-panel').hidden = false;
  $('#detail-title').textContent = `${e.event_id} · ${e.date || 'undated'} · ${actorCell(e.source)} ${e.code} ${actorCell(e.target)}`;
  $('#sentence').replaceChildren(highlight(e.sentence, e.spans));
  const act = (a) => (a ? `${a.code || '?'} — “${a.text || ''}”` : '–');
  fields($('#event-fields'), [
    ['source', act(e.source)], ['target', act(e.target)],
    ['event', `${e.code} (root ${e.root}, quad class ${e.quad_class}: ${QUADS[e.quad_class - 1]})`],
    ['trigger', e.trigger && e.trigger.text], ['Goldstein', e.goldstein],
    ['place', e.location ? `${e.location.name} (${e.location.country}) ${fmt(e.location.lat, 3)}, ${fmt(e.location.lon, 3)}` : null],
    ['mentions / sources / articles', `${e.num_mentions} / ${e.num_sources} / ${e.num_articles}`],
    ['sentence', `#${e.sentence_index} (${e.lang})`],
  ]);
  const a = e.article;
  fields($('#article-fields'), [
    ['article', a.id], ['title', a.title], ['outlet', a.source], ['agencies', a.agencies],
    ['published', a.date], ['url', link(a.url)], ['language', a.lang], ['story', a.story_id],
    ['events in it', a.n_events],
  ]);
  const ul = $('#mentions');
  ul.replaceChildren();
  for (const m of d.mentions) {
    ul.append(el('li', {},
      el('strong', { text: `${m.article.source || m.article.id} ${m.article.date || ''}` }),
      ` (${m.article.id}, sentence #${m.sentence_index}): `,
      el('q', {}, highlight(m.sentence, m.spans))));
  }
  $('#detail-panel').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

// --------------------------------------------------------------- refresh

async function loadEvents() {
  try {
    drawEvents(await api('events', { limit: PAGE, offset: state.offset, order: state.order }));
  } catch (e) { showError(e); }
}

async function refresh() {
  showError(null);
  saveHash();
  state.offset = 0;
  document.body.dataset.loading = '1';
  const jobs = [
    api('timeline', { by: state.by }).then(drawTimeline),
    api('network', { n: 60, group: state.group }).then(drawNetwork),
    api('map', { limit: 1000 }).then(drawMap),
    api('top', { what: 'dyads', n: 15 }).then(drawTop),
    loadEvents(),
  ];
  const res = await Promise.allSettled(jobs);
  const bad = res.find((r) => r.status === 'rejected');
  if (bad) showError(bad.reason);
  delete document.body.dataset.loading;
  document.body.dataset.ready = '1';
}

async function init() {
  const legend = $('#quad-legend');
  QUADS.forEach((q, i) => legend.append(el('span', { class: 'sw q' + (i + 1) }), q));
  loadHash();
  writeForm();
  $('#filters').addEventListener('submit', (ev) => { ev.preventDefault(); readForm(); refresh(); });
  $('#reset').addEventListener('click', () => { state.filters = {}; writeForm(); refresh(); });
  $('#prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
  $('#next').addEventListener('click', () => { state.offset += PAGE; loadEvents(); });
  $('#order').addEventListener('change', (ev) => { state.order = ev.target.value; state.offset = 0; loadEvents(); });
  $('#group').addEventListener('change', (ev) => {
    state.group = ev.target.value;
    api('network', { n: 60, group: state.group }).then(drawNetwork, showError);
  });
  try {
    const i = await api('info', {}, true);
    $('#info').textContent = `${i.events} events · ${i.articles} articles · ${i.first || '?'} to ${i.last || '?'}`;
  } catch (e) { $('#info').textContent = 'cannot reach the API'; }
  world = await loadWorld();
  await refresh();
}

document.addEventListener('DOMContentLoaded', init);
