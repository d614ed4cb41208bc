// Sitrep dashboard. Plain DOM, no build step. Every string from the store is page-derived and
// untrusted: it is only ever set through textContent or setAttribute, never parsed as HTML.
'use strict';

(function () {
  const PLOVER = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT',
    'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
  const SVG = 'http://www.w3.org/2000/svg';
  const WORLD = { x: -180, y: -90, w: 360, h: 180 };
  const PAGE = 100;

  const $ = (id) => document.getElementById(id);
  const form = $('filters');
  const state = {
    sort: '-date', interval: 'month', brush: null, next: null, selected: null,
    view: { ...WORLD }, mapRequest: 0, listRequest: 0,
  };

  // A token given as #token=... (needed only when reading from another machine) is sent as a bearer header.
  const token = (() => {
    const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem('sitrep-token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem('sitrep-token');
  })();

  function typeClass(plover) { return 't-' + (PLOVER.includes(plover) ? plover : 'none'); }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v);
      }
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function status(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  async function api(path, params) {
    const url = new URL(path, location.origin);
    if (params) for (const [k, v] of params) url.searchParams.append(k, v);
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const response = await fetch(url, { headers });
    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try { const body = await response.json(); if (body && body.error) message = body.error.message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  async function getJson(path, params) { return (await api(path, params)).json(); }

  // The filter parameters of the form, plus the brushed period unless told otherwise.
  function filterParams(withBrush) {
    const params = [];
    const data = new FormData(form);
    for (const [k, v] of data) {
      const value = String(v).trim();
      if (!value) continue;
      if (withBrush && state.brush && (k === 'from' || k === 'to')) continue;
      params.push([k, value]);
    }
    if (withBrush && state.brush) {
      params.push(['from', state.brush.from]);
      params.push(['to', state.brush.to]);
    }
    return params;
  }

  // ---------- list ----------
  function cell(text, cls) { return el('td', { class: cls, text: text === null || text === undefined ? '' : String(text) }); }

  function actorText(a) { return a ? (a.name || a.text || '') : ''; }

  function placeText(l) {
    if (!l) return '';
    return [l.name || l.text, l.admin1, l.country].filter(Boolean).join(', ');
  }

  function row(e) {
    const tr = el('tr', { 'data-event-id': e.id, tabindex: '0' });
    const type = el('td', null, el('span', { class: 'swatch ' + typeClass(e.plover) }), document.createTextNode(e.plover || ''));
    tr.append(
      cell(e.date), type,
      cell(e.acled ? e.acled.sub_event_type : ''),
      cell(actorText(e.actor1)), cell(actorText(e.actor2)), cell(placeText(e.location)),
      cell(e.fatalities, 'num'), cell(typeof e.confidence === 'number' ? e.confidence.toFixed(2) : '', 'num'),
      cell(e.evidence ? e.evidence.text : '', 'evidence'));
    if (e.evidence) tr.lastChild.title = e.evidence.text;
    tr.addEventListener('click', () => openEvent(e.id));
    tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') openEvent(e.id); });
    return tr;
  }

  async function loadList(append) {
    const request = ++state.listRequest;
    const params = filterParams(true);
    params.push(['sort', state.sort], ['limit', String(PAGE)]);
    if (append && state.next) params.push(['cursor', state.next]);
    const body = await getJson('/api/events', params);
    if (request !== state.listRequest) return;
    const rows = $('rows');
    if (!append) rows.replaceChildren();
    for (const e of body.events) rows.append(row(e));
    state.next = body.next;
    $('more').hidden = !body.next;
    markSelected();
  }

  function sortHeaders() {
    for (const th of document.querySelectorAll('#list th[data-sort]')) {
      const key = th.dataset.sort;
      th.classList.toggle('asc', state.sort === key);
      th.classList.toggle('desc', state.sort === '-' + key);
    }
  }

  // ---------- map ----------
  let countriesDrawn = false;

  function ringPath(ring) {
    let d = '';
    let prevLon = null;
    for (const [lon, lat] of ring) {
      // A jump across the antimeridian starts a new piece instead of a line across the world.
      const cmd = prevLon === null || Math.abs(lon - prevLon) > 180 ? 'M' : 'L';
      d += cmd + lon.toFixed(3) + ',' + (-lat).toFixed(3);
      prevLon = lon;
    }
    return d;
  }

  async function drawCountries() {
    if (countriesDrawn || typeof topojson === 'undefined') return;
    const world = await (await fetch('/vendor/countries-50m.json')).json();
    const features = topojson.feature(world, world.objects.countries).features;
    const group = $('countries');
    for (const f of features) {
      const g = f.geometry;
      if (!g) continue;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      let d = '';
      for (const polygon of polygons) for (const ring of polygon) d += ringPath(ring) + 'Z';
      const path = svg('path', { d });
      const title = svg('title');
      title.textContent = f.properties && f.properties.name ? f.properties.name : '';
      path.append(title);
      group.append(path);
    }
    countriesDrawn = true;
  }

  function setView(v) {
    const w = Math.min(WORLD.w, Math.max(0.05, v.w));
    const h = w / 2;
    const x = Math.min(WORLD.x + WORLD.w - w, Math.max(WORLD.x, v.x));
    const y = Math.min(WORLD.y + WORLD.h - h, Math.max(WORLD.y, v.y));
    state.view = { x, y, w, h };
    $('map-svg').setAttribute('viewBox', [x, y, w, h].map((n) => n.toFixed(4)).join(' '));
    placeMarks();
  }

  // Degrees per screen pixel, for marks of a fixed on-screen size.
  function pixel() {
    const box = $('map-svg').getBoundingClientRect();
    const scale = Math.min(box.width / state.view.w, box.height / state.view.h) || 1;
    return 1 / scale;
  }

  function viewBbox() {
    const v = state.view;
    if (v.w >= WORLD.w) return null;
    const clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));
    return [clamp(v.x, -180, 180), clamp(-(v.y + v.h), -90, 90), clamp(v.x + v.w, -180, 180), clamp(-v.y, -90, 90)]
      .map((n) => n.toFixed(4)).join(',');
  }

  let mapData = { points: [], clusters: [] };

  async function loadMap() {
    const request = ++state.mapRequest;
    const params = filterParams(true).filter(([k]) => k !== 'bbox');
    const box = viewBbox();
    if (box) params.push(['bbox', box]);
    const body = await getJson('/api/map', params);
    if (request !== state.mapRequest) return;
    mapData = body;
    drawMarks();
    drawUnlocated(body);
  }

  function drawMarks() {
    const points = $('points');
    const clusters = $('clusters');
    points.replaceChildren();
    clusters.replaceChildren();
    for (const p of mapData.points) {
      const c = svg('circle', { class: 'pt ' + typeClass(p.plover), 'data-event-id': p.id });
      const title = svg('title');
      title.textContent = (p.plover || '') + ' ' + p.id;
      c.append(title);
      c.addEventListener('click', (ev) => { ev.stopPropagation(); openEvent(p.id); });
      c._lat = p.lat; c._lon = p.lon;
      points.append(c);
    }
    for (const k of mapData.clusters) {
      const g = svg('g', { class: 'cluster', 'data-count': String(k.count) });
      const c = svg('circle', { class: typeClass(k.plover) });
      const t = svg('text');
      t.textContent = k.count >= 1000 ? Math.round(k.count / 1000) + 'k' : String(k.count);
      g.append(c, t);
      g._k = k;
      g.addEventListener('click', (ev) => {
        ev.stopPropagation();
        const [w, s, e, n] = k.bbox;
        const pad = Math.max(e - w, n - s) * 0.2 + 0.05;
        const width = Math.max(e - w + 2 * pad, (n - s + 2 * pad) * 2, 0.2);
        setView({ x: (w + e) / 2 - width / 2, y: -(s + n) / 2 - width / 4, w: width });
        scheduleMap();
      });
      clusters.append(g);
    }
    placeMarks();
  }

  // Positions in degrees, sizes in pixels; events at the same spot are spread on a small ring so each stays clickable.
  function placeMarks() {
    const px = pixel();
    const seen = new Map();
    for (const c of $('points').children) {
      const key = c._lat + ',' + c._lon;
      const n = seen.get(key) || 0;
      seen.set(key, n + 1);
      const angle = n * 2.4;
      const radius = n === 0 ? 0 : (5 + 3 * Math.sqrt(n)) * px;
      c.setAttribute('cx', (c._lon + radius * Math.cos(angle)).toFixed(5));
      c.setAttribute('cy', (-c._lat + radius * Math.sin(angle)).toFixed(5));
      c.setAttribute('r', (5 * px).toFixed(5));
    }
    for (const g of $('clusters').children) {
      const k = g._k;
      const r = (8 + 4 * Math.log10(k.count)) * px;
      const [circle, text] = g.children;
      circle.setAttribute('cx', k.lon); circle.setAttribute('cy', -k.lat); circle.setAttribute('r', r.toFixed(5));
      text.setAttribute('x', k.lon); text.setAttribute('y', -k.lat);
      text.setAttribute('font-size', (10 * px).toFixed(5));
    }
  }

  function drawUnlocated(body) {
    const box = $('unlocated');
    box.replaceChildren(el('span', { class: 'caption', text: 'Without a place (' + body.unlocated_total + '):' }));
    for (const p of body.unlocated) {
      const chip = el('button', { type: 'button', class: 'chip ' + typeClass(p.plover), 'data-event-id': p.id, text: p.plover || '?' });
      chip.addEventListener('click', () => openEvent(p.id));
      box.append(chip);
    }
    if (body.unlocated_total > body.unlocated.length) box.append(el('span', { class: 'caption', text: '…' }));
    box.hidden = body.unlocated_total === 0;
  }

  let mapTimer = 0;
  function scheduleMap() {
    clearTimeout(mapTimer);
    mapTimer = setTimeout(() => track(loadMap()), 200);
  }

  function zoom(factor, cx, cy) {
    const v = state.view;
    const w = Math.min(WORLD.w, v.w * factor);
    const fx = cx === undefined ? 0.5 : cx, fy = cy === undefined ? 0.5 : cy;
    setView({ x: v.x + (v.w - w) * fx, y: v.y + (v.h - w / 2) * fy, w });
    scheduleMap();
  }

  function setupMap() {
    const map = $('map-svg');
    map.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const box = map.getBoundingClientRect();
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, (ev.clientX - box.left) / box.width, (ev.clientY - box.top) / box.height);
    }, { passive: false });
    let drag = null;
    map.addEventListener('pointerdown', (ev) => {
      if (ev.target.closest('.pt, .cluster')) return;
      drag = { x: ev.clientX, y: ev.clientY, view: { ...state.view } };
      map.setPointerCapture(ev.pointerId);
      map.classList.add('dragging');
    });
    map.addEventListener('pointermove', (ev) => {
      if (!drag) return;
      const px = pixel();
      setView({ x: drag.view.x - (ev.clientX - drag.x) * px, y: drag.view.y - (ev.clientY - drag.y) * px, w: drag.view.w });
    });
    const end = () => { if (drag) { drag = null; map.classList.remove('dragging'); scheduleMap(); } };
    map.addEventListener('pointerup', end);
    map.addEventListener('pointercancel', end);
    $('zoom-in').addEventListener('click', () => zoom(0.5));
    $('zoom-out').addEventListener('click', () => zoom(2));
    $('zoom-reset').addEventListener('click', () => { setView({ ...WORLD }); scheduleMap(); });
    window.addEventListener('resize', placeMarks);
    const legend = $('legend');
    for (const p of PLOVER) legend.append(el('span', null, el('span', { class: 'swatch ' + typeClass(p) }), document.createTextNode(p)));
  }

  // ---------- timeline ----------
  const DAY = 86400000;
  const dayOf = (iso) => Date.parse(iso + 'T00:00:00Z') / DAY;
  const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
  let timeline = null;

  async function loadTimeline() {
    const params = filterParams(false);
    params.push(['interval', state.interval]);
    const body = await getJson('/api/stats', params);
    timeline = body;
    drawTimeline();
    status(body.total + ' events match' + (body.undated ? ' (' + body.undated + ' undated)' : '') + '.');
  }

  function timeScale() {
    const buckets = timeline.buckets;
    const width = $('timeline').getBoundingClientRect().width || 600;
    const first = dayOf(buckets[0].start), last = dayOf(buckets[buckets.length - 1].end) + 1;
    const span = Math.max(1, last - first);
    return { first, last, width, x: (day) => 30 + (day - first) / span * (width - 40), day: (x) => first + (x - 30) / (width - 40) * span };
  }

  function drawTimeline() {
    const root = $('timeline');
    root.replaceChildren();
    if (!timeline || timeline.buckets.length === 0) return;
    const height = 140, base = height - 18;
    const scale = timeScale();
    const max = Math.max(...timeline.buckets.map((b) => b.total));
    for (const b of timeline.buckets) {
      const x0 = scale.x(dayOf(b.start)), x1 = scale.x(dayOf(b.end) + 1);
      const w = Math.max(1, x1 - x0 - 1);
      let y = base;
      for (const p of PLOVER.concat(['none'])) {
        const n = b.counts[p];
        if (!n) continue;
        const h = n / max * (base - 8);
        const rect = svg('rect', { x: x0.toFixed(1), y: (y - h).toFixed(1), width: w.toFixed(1), height: h.toFixed(1), class: typeClass(p) });
        const title = svg('title');
        title.textContent = b.start + ' ' + p + ': ' + n;
        rect.append(title);
        root.append(rect);
        y -= h;
      }
    }
    const ticks = Math.min(8, timeline.buckets.length);
    for (let i = 0; i < ticks; i++) {
      const b = timeline.buckets[Math.floor(i * timeline.buckets.length / ticks)];
      const label = svg('text', { x: scale.x(dayOf(b.start)).toFixed(1), y: height - 4, class: 'axis' });
      label.textContent = state.interval === 'month' ? b.start.slice(0, 7) : b.start;
      root.append(label);
    }
    const maxLabel = svg('text', { x: 2, y: 12, class: 'axis' });
    maxLabel.textContent = String(max);
    root.append(maxLabel);
    if (state.brush) {
      const x0 = scale.x(dayOf(state.brush.from)), x1 = scale.x(dayOf(state.brush.to) + 1);
      root.append(svg('rect', { class: 'brush', x: x0.toFixed(1), y: 0, width: Math.max(2, x1 - x0).toFixed(1), height: base }));
    }
  }

  function setupTimeline() {
    const root = $('timeline');
    let start = null;
    let band = null;
    root.addEventListener('pointerdown', (ev) => {
      if (!timeline || timeline.buckets.length === 0) return;
      start = ev.clientX - root.getBoundingClientRect().left;
      root.setPointerCapture(ev.pointerId);
      band = svg('rect', { class: 'brush', x: start, y: 0, width: 1, height: 122 });
      root.append(band);
    });
    root.addEventListener('pointermove', (ev) => {
      if (start === null) return;
      const x = ev.clientX - root.getBoundingClientRect().left;
      band.setAttribute('x', Math.min(x, start));
      band.setAttribute('width', Math.max(1, Math.abs(x - start)));
    });
    root.addEventListener('pointerup', (ev) => {
      if (start === null) return;
      const x = ev.clientX - root.getBoundingClientRect().left;
      const scale = timeScale();
      const a = Math.min(x, start), b = Math.max(x, start);
      start = null;
      if (b - a < 3) {
        setBrush(null);
        return;
      }
      // Snap to whole periods: the brush covers every bucket it touches.
      let from = Math.floor(scale.day(a)), to = Math.ceil(scale.day(b)) - 1;
      from = Math.max(from, scale.first); to = Math.min(to, scale.last - 1);
      setBrush({ from: isoOf(from), to: isoOf(Math.max(from, to)) });
    });
    $('brush-clear').addEventListener('click', () => setBrush(null));
    $('interval').addEventListener('change', (ev) => {
      state.interval = ev.target.value;
      loadTimeline().catch(fail);
    });
    window.addEventListener('resize', drawTimeline);
  }

  function setBrush(brush) {
    state.brush = brush;
    $('brush-label').textContent = brush ? brush.from + ' to ' + brush.to : '';
    $('brush-clear').hidden = !brush;
    drawTimeline();
    refreshData();
  }

  // ---------- detail ----------
  function dlRow(dl, label, value) {
    if (value === null || value === undefined || value === '') return;
    dl.append(el('dt', { text: label }), el('dd', { text: String(value) }));
  }

  function actorLine(a) {
    if (!a) return null;
    return [a.name || a.text, a.name && a.text && a.text !== a.name ? '“' + a.text + '”' : null, a.country, a.sector, a.code]
      .filter(Boolean).join(' · ');
  }

  function safeLink(url, text) {
    let parsed = null;
    try { parsed = new URL(url); } catch (e) { /* not a URL */ }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return el('span', { text: text || url || '' });
    return el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer', text: text || parsed.href });
  }

  // The article text as three text nodes, the evidence sentence in a <mark>.
  function articleText(text, evidence) {
    const box = el('div', { class: 'article-text' });
    if (!evidence || evidence.start < 0 || evidence.end > text.length || evidence.start >= evidence.end) {
      box.textContent = text;
      return box;
    }
    box.append(document.createTextNode(text.slice(0, evidence.start)),
      el('mark', { class: 'evidence', id: 'evidence', text: text.slice(evidence.start, evidence.end) }),
      document.createTextNode(text.slice(evidence.end)));
    return box;
  }

  async function openEvent(id) {
    state.selected = id;
    markSelected();
    const body = await getJson('/api/events/' + encodeURIComponent(id)).catch(fail);
    if (!body || state.selected !== id) return;
    const e = body.event, a = body.article || {};
    const panel = $('detail-body');
    const dl = el('dl');
    dlRow(dl, 'PLOVER', e.plover + (e.plover_mode ? ' (' + e.plover_mode + ')' : ''));
    dlRow(dl, 'ACLED', e.acled ? e.acled.event_type + ' — ' + e.acled.sub_event_type : null);
    dlRow(dl, 'CAMEO', e.cameo);
    dlRow(dl, 'Date', e.date ? e.date + (e.date_precision && e.date_precision !== 'day' ? ' (' + e.date_precision + ')' : '') : 'unknown');
    dlRow(dl, 'Actor 1', actorLine(e.actor1));
    dlRow(dl, 'Actor 2', actorLine(e.actor2));
    if (e.location) {
      const l = e.location;
      dlRow(dl, 'Place', [l.name || l.text, l.admin1, l.country].filter(Boolean).join(', ') +
        (typeof l.latitude === 'number' ? ' (' + l.latitude.toFixed(3) + ', ' + l.longitude.toFixed(3) + ')' : ''));
    }
    dlRow(dl, 'Killed', e.fatalities);
    dlRow(dl, 'Injured', e.injured);
    dlRow(dl, 'Size', e.size);
    dlRow(dl, 'Confidence', typeof e.confidence === 'number' ? e.confidence.toFixed(2) : null);
    dlRow(dl, 'Event id', e.id);
    dlRow(dl, 'Article id', e.article_id);

    const heading = el('h2', null, el('span', { class: 'tag ' + typeClass(e.plover), text: e.plover }),
      document.createTextNode(' ' + (e.evidence ? e.evidence.text.slice(0, 120) : '')));
    const source = el('p', null,
      document.createTextNode([a.outlet, a.published].filter(Boolean).join(', ') + (a.url ? ' — ' : '')),
      a.url ? safeLink(a.url) : null);
    const sources = el('ul', { class: 'sources' });
    for (const s of body.sources || []) {
      sources.append(el('li', { 'data-source-event': s.event_id },
        s.url ? safeLink(s.url, [s.outlet, s.title].filter(Boolean).join(': ') || s.url) : el('span', { text: [s.outlet, s.title].filter(Boolean).join(': ') }),
        document.createTextNode(s.published ? ' (' + s.published + ')' : '')));
    }
    const others = body.sources && body.sources.length ? [el('h3', { text: 'Also reported by' }), sources] : [];
    panel.replaceChildren(heading, dl, el('h3', { text: a.title || 'Article' }), source, ...others, articleText(a.text || '', e.evidence));
    $('detail').hidden = false;
    const mark = $('evidence');
    if (mark) mark.scrollIntoView({ block: 'center' });
  }

  function markSelected() {
    for (const node of document.querySelectorAll('.selected')) node.classList.remove('selected');
    if (!state.selected) return;
    for (const node of document.querySelectorAll('[data-event-id]')) {
      if (node.getAttribute('data-event-id') === state.selected) node.classList.add('selected');
    }
  }

  // ---------- export ----------
  async function exportAs(format) {
    const params = filterParams(true);
    params.push(['format', format], ['sort', state.sort]);
    const response = await api('/api/export', params);
    const blob = await response.blob();
    const link = el('a', { href: URL.createObjectURL(blob), download: 'sitrep-events.' + format });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  // ---------- wiring ----------
  function fail(error) { status(error && error.message ? error.message : String(error), true); }

  // data-busy counts refreshes under way, so a person (or a test) can tell when the view has settled.
  let busy = 0;
  function track(promise) {
    document.body.setAttribute('data-busy', String(++busy));
    return promise.catch(fail).finally(() => document.body.setAttribute('data-busy', String(--busy)));
  }

  function refreshData() {
    state.next = null;
    return track(Promise.all([loadList(false), loadMap()]));
  }

  function refreshAll() {
    return track(Promise.all([loadTimeline(), refreshData()]));
  }

  // Frames the located events on first load, so a regional store does not open on the whole world.
  function fitView() {
    const marks = mapData.points.concat(mapData.clusters);
    if (marks.length === 0) return false;
    let w = 180, s = 90, e = -180, n = -90;
    for (const m of marks) { w = Math.min(w, m.lon); e = Math.max(e, m.lon); s = Math.min(s, m.lat); n = Math.max(n, m.lat); }
    const width = Math.max((e - w) * 1.4, (n - s) * 2.8, 8);
    setView({ x: (w + e) / 2 - width / 2, y: -(s + n) / 2 - width / 4, w: width });
    return true;
  }

  async function loadFacets() {
    const facets = await getJson('/api/facets');
    const fill = (name, values) => {
      const select = form.elements[name];
      for (const v of values) select.append(el('option', { value: v, text: v }));
    };
    fill('plover', PLOVER.filter((p) => facets.plover.includes(p)));
    fill('event_type', facets.event_type);
    fill('country', facets.country);
  }

  let inputTimer = 0;
  function setup() {
    setupMap();
    setupTimeline();
    form.addEventListener('submit', (ev) => ev.preventDefault());
    form.addEventListener('change', () => refreshAll());
    form.addEventListener('input', (ev) => {
      if (ev.target.tagName !== 'INPUT' || ev.target.type === 'date') return;
      clearTimeout(inputTimer);
      inputTimer = setTimeout(refreshAll, 350);
    });
    form.addEventListener('reset', () => setTimeout(() => { setBrush(null); track(loadTimeline()); }, 0));
    for (const th of document.querySelectorAll('#list th[data-sort]')) {
      th.addEventListener('click', () => {
        const key = th.dataset.sort;
        state.sort = state.sort === '-' + key ? key : '-' + key;
        sortHeaders();
        track(loadList(false));
      });
    }
    $('more').addEventListener('click', () => loadList(true).catch(fail));
    $('detail-close').addEventListener('click', () => { $('detail').hidden = true; state.selected = null; markSelected(); });
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') $('detail-close').click(); });
    for (const b of document.querySelectorAll('#exports button')) b.addEventListener('click', () => exportAs(b.dataset.format).catch(fail));
    sortHeaders();
  }

  async function start() {
    setup();
    setView({ ...WORLD });
    try {
      await loadFacets();
    } catch (e) { fail(e); }
    await Promise.all([drawCountries().catch(fail), refreshAll()]);
    if (fitView()) await track(loadMap());
    document.body.setAttribute('data-ready', 'true');
  }

  start();
})();
