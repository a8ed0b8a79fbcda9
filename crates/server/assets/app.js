// wirecode web page: timeline, map, article view, who said what, actor network.
// Everything read from the API is untrusted (article text above all): the
// DOM is built with createElement and text nodes only, never innerHTML.
'use strict';

const view = document.getElementById('view');

const CAMEO_ROOTS = [
  ['01', 'Make public statement'], ['02', 'Appeal'], ['03', 'Express intent to cooperate'],
  ['04', 'Consult'], ['05', 'Diplomatic cooperation'], ['06', 'Material cooperation'],
  ['07', 'Provide aid'], ['08', 'Yield'], ['09', 'Investigate'], ['10', 'Demand'],
  ['11', 'Disapprove'], ['12', 'Reject'], ['13', 'Threaten'], ['14', 'Protest'],
  ['15', 'Exhibit force posture'], ['16', 'Reduce relations'], ['17', 'Coerce'],
  ['18', 'Assault'], ['19', 'Fight'], ['20', 'Unconventional mass violence'],
];
const PLOVER = ['ACCUSE', 'AGREE', 'AID', 'ASSAULT', 'COERCE', 'CONCEDE', 'CONSULT', 'COOPERATE',
  'MOBILIZE', 'PROTEST', 'REJECT', 'REQUEST', 'RETREAT', 'SANCTION', 'SUPPORT', 'THREATEN'];
const MODES = ['asserted', 'negated', 'claimed', 'denied', 'intended', 'hypothetical'];
const PAGE = 100;

// el('div', {class: 'x', title: t}, child, 'text', [more]): strings become text nodes.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const kid of kids) e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return e;
}

// The route: "#timeline?actor=RUS" -> {tab: 'timeline', params}; "#article=3" -> article 3.
function route() {
  const h = location.hash.slice(1);
  const [path, query] = h.split('?', 2);
  const params = new URLSearchParams(query || '');
  const m = /^article=(\d+)$/.exec(path);
  if (m) return { tab: 'articles', article: m[1], params };
  const tab = ['timeline', 'map', 'articles', 'quotes', 'network'].includes(path) ? path : 'timeline';
  return { tab, params };
}

function go(tab, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  location.hash = tab + (s ? '?' + s : '');
}

// A server started with a token wants it on every API request: asked for
// once (401), kept for this tab only.
class NeedToken extends Error {}
function token() { try { return sessionStorage.getItem('wirecode-token') || ''; } catch (e) { return ''; } }

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
  const res = await fetch('/api/' + path + (q.toString() ? '?' + q : ''), { headers });
  if (res.status === 401) throw new NeedToken();
  let body;
  try { body = await res.json(); } catch (e) { throw new Error('HTTP ' + res.status); }
  if (!res.ok) throw new Error(body.error || 'HTTP ' + res.status);
  return body;
}

function askToken() {
  const input = el('input', { type: 'password', name: 'token', autocomplete: 'off' });
  const form = el('form', { class: 'filters' }, el('label', {}, 'Token', input), el('button', { type: 'submit' }, 'Use'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    try { sessionStorage.setItem('wirecode-token', input.value.trim()); } catch (e) { /* storage off */ }
    render();
  });
  view.replaceChildren(el('p', { class: 'status' }, token() ? 'That token was refused.' : 'This server needs a token.'), form);
}

function fail(e) {
  view.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'Error: ', e.message));
}

// A filter form: fields [{name, label, type?, options?}], values from params.
function filterForm(fields, params, onSubmit) {
  const form = el('form', { class: 'filters' });
  for (const f of fields) {
    let input;
    if (f.options) {
      input = el('select', { name: f.name },
        el('option', { value: '' }, 'any'),
        f.options.map(([v, label]) => el('option', { value: v }, label)));
    } else {
      input = el('input', { name: f.name, type: f.type || 'text', placeholder: f.placeholder || '' });
    }
    input.value = params.get(f.name) || '';
    form.append(el('label', {}, f.label, input));
  }
  form.append(el('button', { type: 'submit' }, 'Apply'));
  form.append(el('button', { type: 'button', onclick: () => onSubmit({}) }, 'Clear'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values = {};
    for (const f of fields) values[f.name] = form.elements[f.name].value.trim();
    onSubmit(values);
  });
  return form;
}

// Totals past the server's count cap come as total_exact: false ("more than").
function pager(data, params, tab) {
  const offset = data.offset, n = data.items.length;
  const base = Object.fromEntries(params.entries());
  const exact = data.total_exact !== false;
  const more = exact ? offset + n < data.total : n === data.limit;
  return el('div', { class: 'pager' },
    el('span', { class: 'count' }, data.total === 0 ? 'nothing found'
      : n === 0 ? `nothing from ${offset + 1} on`
        : `${offset + 1}–${offset + n} of ${exact ? '' : 'more than '}${data.total.toLocaleString('en')}`),
    offset > 0 && el('button', { onclick: () => go(tab, { ...base, offset: Math.max(0, offset - data.limit) }) }, '← previous'),
    more && el('button', { onclick: () => go(tab, { ...base, offset: offset + data.limit }) }, 'next →'));
}

function articleLink(id, label) {
  return el('a', { href: '#article=' + Number(id) }, label);
}

function actorLabel(code, name) {
  if (!code && !name) return '—';
  return el('span', { title: name || '' }, code || name);
}

// ---- (1) timeline ---------------------------------------------------------

const EVENT_FIELDS = [
  { name: 'actor', label: 'Actor code', placeholder: 'RUS' },
  { name: 'code', label: 'CAMEO root', options: CAMEO_ROOTS.map(([c, n]) => [c, c + ' ' + n]) },
  { name: 'plover', label: 'PLOVER type', options: PLOVER.map((p) => [p, p]) },
  { name: 'mode', label: 'Mode', options: MODES.map((m) => [m, m]) },
  { name: 'from', label: 'From', type: 'date' },
  { name: 'to', label: 'To', type: 'date' },
  { name: 'place', label: 'Place', placeholder: 'Sittwe' },
];

async function timeline(params) {
  const filters = {};
  for (const f of EVENT_FIELDS) filters[f.name] = params.get(f.name) || '';
  const data = await api('events', { ...filters, limit: PAGE, offset: params.get('offset') || 0 });
  const table = el('table', { class: 'timeline' },
    el('thead', {}, el('tr', {}, ['Event', 'Source', 'Target', 'Mode', 'Place', 'Evidence', 'Article'].map((h) => el('th', {}, h)))));
  let body = null, last;
  for (const e of data.items) {
    if (!body || e.date !== last) {
      last = e.date;
      body = el('tbody', { class: 'date-group', 'data-date': e.date || 'undated' },
        el('tr', { class: 'date-row' }, el('th', { colspan: 7 }, e.date || 'Undated')));
      table.append(body);
    }
    body.append(el('tr', {
      class: 'event-row', 'data-quad': e.quad_class,
      'data-source': e.source_code || '', 'data-target': e.target_code || '',
    },
    el('td', { class: 'code', title: `QuadClass ${e.quad_class}, Goldstein ${e.goldstein}${e.plover ? ', PLOVER ' + e.plover : ''}` },
      el('b', {}, e.code), ' ', e.name),
    el('td', {}, actorLabel(e.source_code, e.source)),
    el('td', {}, actorLabel(e.target_code, e.target)),
    el('td', {}, el('span', { class: 'tag mode-' + e.mode }, e.mode)),
    el('td', {}, e.place ? el('span', { title: e.country || '' }, e.place) : ''),
    el('td', { class: 'evidence' }, e.evidence),
    el('td', {}, articleLink(e.article_id, e.article_title || e.article))));
  }
  view.replaceChildren(
    filterForm(EVENT_FIELDS, params, (v) => go('timeline', v)),
    pager(data, params, 'timeline'),
    data.items.length ? table : el('p', { class: 'status' }, 'No events match these filters.'));
}

// ---- (1b) map of events ---------------------------------------------------

// Country outlines (Natural Earth 1:110m via world-atlas), fetched once: SVG
// path data already projected (x = lon + 180, y = 90 - lat).
let world = null;
async function worldMap() {
  if (!world) {
    const res = await fetch('/world-110m.json');
    if (!res.ok) throw new Error('map outlines: HTTP ' + res.status);
    world = await res.json();
  }
  return world;
}

async function map(params) {
  const filters = {};
  for (const f of EVENT_FIELDS) filters[f.name] = params.get(f.name) || '';
  const [w, data] = await Promise.all([worldMap(), api('places', { ...filters, limit: 1000 })]);
  // Latitudes 84N to 60S: Antarctica would take a quarter of the height.
  const top = 6, height = 150;
  const root = svg('svg', { class: 'map', viewBox: `0 ${top} ${w.width} ${height}`, role: 'img', 'aria-label': 'Map of events' },
    svg('rect', { class: 'sea', x: 0, y: top, width: w.width, height }));
  const land = svg('g', { class: 'countries' });
  for (const c of w.countries) land.append(svg('path', { class: 'country', d: c.d }, svg('title', {}, c.name || '')));
  root.append(land);
  const max = Math.max(1, ...data.items.map((p) => p.events));
  const dots = svg('g', { class: 'dots' });
  // Largest first, so small places stay on top and can be hovered.
  for (const p of data.items) {
    const x = p.lon + 180, y = 90 - p.lat;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const conflict = p.conflict > p.cooperation;
    const a = svg('a', { href: '#timeline?' + new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), place: p.place }) },
      svg('circle', {
        class: 'dot ' + (conflict ? 'conflict' : 'coop'), cx: x.toFixed(2), cy: y.toFixed(2),
        r: (0.8 + 3.2 * Math.sqrt(p.events / max)).toFixed(2), 'data-place': p.place,
      }, svg('title', {}, `${p.place}${p.country ? ', ' + p.country : ''}: ${p.events} event${p.events > 1 ? 's' : ''} ` +
        `(cooperation ${p.cooperation}, conflict ${p.conflict})${p.first ? '; ' + p.first + (p.last !== p.first ? ' to ' + p.last : '') : ''}`)));
    dots.append(a);
  }
  root.append(dots);
  const placed = data.items.reduce((n, p) => n + p.events, 0);
  view.replaceChildren(
    filterForm(EVENT_FIELDS, params, (v) => go('map', v)),
    el('p', { class: 'meta' },
      `${data.items.length} place${data.items.length === 1 ? '' : 's'}, ${placed} events with coordinates. `,
      'Dot area: number of events; red: mostly conflict (QuadClass 3-4), green: mostly cooperation. Hover a dot for counts, click it for the events.'),
    root,
    el('p', { class: 'meta' }, 'Country outlines: Natural Earth 1:110m (public domain), via world-atlas.'));
}

// ---- (2) articles ---------------------------------------------------------

async function articles(params) {
  const search = params.get('search') || '';
  const data = await api('articles', { search, limit: PAGE, offset: params.get('offset') || 0 });
  const list = el('ul', { class: 'article-list' }, data.items.map((a) => el('li', {},
    articleLink(a.id, a.title || a.article),
    el('div', { class: 'meta' }, [a.published || 'undated', a.article,
      `${a.entities} entities, ${a.quotes} quotes, ${a.events} events`].join(' · ')),
    a.snippet ? el('div', { class: 'snippet' }, a.snippet) : null)));
  view.replaceChildren(
    filterForm([{ name: 'search', label: 'Search title and text', placeholder: 'veto' }], params,
      (v) => go('articles', v)),
    pager(data, params, 'articles'), list);
}

function speakerOf(q) {
  const s = q.speaker;
  if (s && (s.name || s.code)) return s.name + (s.code ? ' (' + s.code + ')' : '');
  return q.source ? q.source + ' (unresolved)' : 'unattributed';
}

function eventTitle(e) {
  const who = (p) => (p ? (p.code || p.name || p.text) : '—');
  return `Event ${e.code} ${e.name}: ${who(e.source)} → ${who(e.target)} (${e.mode}` +
    `${e.date ? ', ' + e.date : ''}${e.location ? ', ' + e.location.name : ''})`;
}

// Highlights from code-point offsets: split the text at every span boundary,
// then wrap each piece in the spans covering it (events outside, quotes,
// entities inside).
function highlightedText(a) {
  const cps = Array.from(a.text);
  const n = cps.length;
  const anns = [];
  const add = (start, end, layer, cls, title, key) => {
    const s = Math.max(0, Math.min(n, start)), e = Math.max(0, Math.min(n, end));
    if (e > s) anns.push({ s, e, layer, cls, title, key });
  };
  a.events.forEach((e, i) => add(e.evidence.start, e.evidence.end, 0, 'ev', eventTitle(e), 'ev' + i));
  a.quotes.forEach((q, i) => q.content.forEach((sp) =>
    add(sp.start, sp.end, 1, 'q q-' + q.kind, 'Speaker: ' + speakerOf(q), 'q' + i)));
  a.entities.forEach((en, i) => add(en.start, en.end, 2, 'ent ent-' + en.type,
    en.type + (en.actor ? ': ' + (en.actor.name || '') + (en.actor.code ? ' (' + en.actor.code + ')' : '') : '') +
    (en.place ? ' · place ' + en.place.name + (en.place.country ? ', ' + en.place.country : '') : ''), 'ent' + i));
  const cuts = new Set([0, n]);
  for (const x of anns) { cuts.add(x.s); cuts.add(x.e); }
  const points = [...cuts].sort((x, y) => x - y);
  const out = el('div', { class: 'text' });
  for (let i = 0; i + 1 < points.length; i++) {
    const b = points[i], e = points[i + 1];
    const covering = anns.filter((x) => x.s <= b && x.e >= e)
      .sort((x, y) => x.layer - y.layer || (y.e - y.s) - (x.e - x.s));
    let node = document.createTextNode(cps.slice(b, e).join(''));
    for (let j = covering.length - 1; j >= 0; j--) {
      const x = covering[j];
      node = el('span', { class: x.cls, title: x.title, 'data-key': x.key }, node);
    }
    out.append(node);
  }
  return out;
}

function focusKey(key) {
  document.querySelectorAll('.focus').forEach((x) => x.classList.remove('focus'));
  const hits = document.querySelectorAll(`[data-key="${key}"]`);
  hits.forEach((x) => x.classList.add('focus'));
  if (hits.length) hits[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
}

async function article(id) {
  const a = await api('articles/' + encodeURIComponent(id));
  const text = highlightedText(a);
  const who = (p) => (p ? (p.code || p.name || p.text) : '—');
  const records = el('aside', { class: 'records' },
    el('h3', {}, `Events (${a.events.length})`),
    el('ol', { class: 'events' }, a.events.map((e, i) => el('li', { 'data-rec': 'ev' + i, onclick: () => focusKey('ev' + i) },
      el('b', {}, e.code), ' ', e.name, ': ', who(e.source), ' → ', who(e.target), ' ',
      el('span', { class: 'tag mode-' + e.mode }, e.mode),
      el('div', { class: 'meta' }, [e.date, e.location && e.location.name, e.plover, 'QuadClass ' + e.quad_class]
        .filter(Boolean).join(' · '))))),
    el('h3', {}, `Quotes (${a.quotes.length})`),
    el('ol', { class: 'quotes', start: 0 }, a.quotes.map((q, i) => el('li', { 'data-rec': 'q' + i, onclick: () => focusKey('q' + i) },
      el('b', {}, speakerOf(q)), ' ', q.cue || '', ' ', el('span', { class: 'tag' }, q.kind),
      q.responds_to !== null && q.responds_to !== undefined ? el('span', { class: 'meta' }, ' answers quote ' + q.responds_to) : null,
      el('blockquote', {}, q.text)))),
    el('h3', {}, `Entities (${a.entities.length})`),
    el('ol', { class: 'entities' }, a.entities.map((en, i) => el('li', { onclick: () => focusKey('ent' + i) },
      en.text, ' ', el('span', { class: 'tag' }, en.type), en.actor && en.actor.code ? ' ' + en.actor.code : ''))));
  view.replaceChildren(
    el('p', {}, el('a', { href: '#articles' }, '← all articles')),
    el('div', { class: 'article-view' },
      el('section', { class: 'article-text' },
        el('h2', {}, a.title || a.article),
        el('p', { class: 'meta' }, [a.published || 'undated', a.article, a.url].filter(Boolean).join(' · ')),
        el('div', { class: 'legend' }, el('span', { class: 'ev' }, 'event'), el('span', { class: 'q' }, 'quote'),
          el('span', { class: 'ent' }, 'entity'), 'hover for details, click a record to find it'),
        text),
      records));
}

// ---- (3) who said what ----------------------------------------------------

async function quotes(params) {
  const speaker = params.get('speaker') || '', search = params.get('search') || '';
  const [qs, claims] = await Promise.all([
    api('quotes', { speaker, search, limit: 500 }),
    api('claims', { speaker, limit: 200 }),
  ]);
  const groups = new Map();
  for (const q of qs.items) {
    const key = q.speaker ? q.speaker + (q.speaker_code ? ' (' + q.speaker_code + ')' : '')
      : (q.source ? q.source + ' (unresolved)' : 'Unattributed');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(q);
  }
  const bySpeaker = [...groups.entries()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
  const who = (x) => (x.speaker ? x.speaker + (x.speaker_code ? ' (' + x.speaker_code + ')' : '') : (x.source || 'someone'));
  view.replaceChildren(
    filterForm([{ name: 'speaker', label: 'Speaker (name or code)', placeholder: 'USA' },
      { name: 'search', label: 'Words in the quote', placeholder: 'ceasefire' }], params, (v) => go('quotes', v)),
    el('div', { class: 'columns' },
      el('section', {},
        el('h2', {}, `Quotes by speaker (${qs.total})`),
        bySpeaker.map(([name, list]) => el('div', { class: 'speaker' },
          el('h3', {}, name, ' ', el('span', { class: 'meta' }, `${list.length} quote${list.length > 1 ? 's' : ''}`)),
          el('ul', {}, list.map((q) => el('li', {},
            el('blockquote', { class: 'q-' + q.kind }, q.content),
            el('span', { class: 'meta' }, [q.cue, q.kind].filter(Boolean).join(' · '), ' · '),
            articleLink(q.article_id, q.article))))))),
      el('section', { class: 'claims' },
        el('h2', {}, `Claims and denials (${claims.total})`),
        claims.items.map((c) => el('div', { class: 'claim' },
          el('div', {}, el('b', {}, who(c)), ' ', c.cue || 'claimed', ':'),
          el('blockquote', {}, c.content),
          c.denials.length ? c.denials.map((d) => el('div', { class: 'denial' },
            el('b', {}, who(d)), ' ', d.cue || 'denied', ': ', el('q', {}, d.content)))
            : el('div', { class: 'meta' }, 'no denial recorded'),
          el('div', { class: 'meta' }, articleLink(c.article_id, c.article)))))));
}

// ---- (4) actor network ----------------------------------------------------

async function network(params) {
  const fields = EVENT_FIELDS.filter((f) => ['actor', 'code', 'mode', 'from', 'to', 'place'].includes(f.name));
  const filters = {};
  for (const f of fields) filters[f.name] = params.get(f.name) || '';
  const data = await api('network', { ...filters, limit: 80 });
  const W = 820, H = 720, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 90;
  const pos = new Map();
  data.nodes.forEach((nd, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, data.nodes.length) - Math.PI / 2;
    pos.set(nd.code, { x: cx + R * Math.cos(t), y: cy + R * Math.sin(t), t, nd });
  });
  const max = Math.max(1, ...data.pairs.map((p) => p.events));
  const marker = (id, colour) => svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 12, markerHeight: 12, orient: 'auto-start-reverse' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
  const root = svg('svg', { class: 'network', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Actor network' },
    svg('defs', {}, marker('arrow-coop', '#238b57'), marker('arrow-conf', '#c8362f')));
  const radius = (nd) => 5 + 2.5 * Math.sqrt(nd.events);
  for (const p of data.pairs) {
    const a = pos.get(p.source), b = pos.get(p.target);
    if (!a || !b) continue;
    const coop = p.cooperation >= p.conflict;
    const title = `${p.source} → ${p.target}: ${p.events} event${p.events > 1 ? 's' : ''} ` +
      `(cooperation ${p.cooperation}, conflict ${p.conflict}; QuadClass 1:${p.quad_class['1']} 2:${p.quad_class['2']} 3:${p.quad_class['3']} 4:${p.quad_class['4']})`;
    if (a === b) {
      root.append(svg('circle', { cx: a.x + 14 * Math.cos(a.t), cy: a.y + 14 * Math.sin(a.t), r: 10, fill: 'none', stroke: coop ? '#238b57' : '#c8362f', 'stroke-width': 1.5, class: 'edge' }, svg('title', {}, title)));
      continue;
    }
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const ra = radius(a.nd) + 2, rb = radius(b.nd) + 4;
    root.append(svg('line', {
      class: 'edge ' + (coop ? 'coop' : 'conflict'),
      x1: a.x + (dx * ra) / len, y1: a.y + (dy * ra) / len, x2: b.x - (dx * rb) / len, y2: b.y - (dy * rb) / len,
      stroke: coop ? '#238b57' : '#c8362f', 'stroke-opacity': 0.7,
      'stroke-width': (1 + 7 * Math.sqrt(p.events / max)).toFixed(1),
      'marker-end': `url(#${coop ? 'arrow-coop' : 'arrow-conf'})`,
    }, svg('title', {}, title)));
  }
  for (const { x, y, t, nd } of pos.values()) {
    const right = Math.cos(t) >= 0;
    root.append(svg('g', { class: 'node' },
      svg('circle', { cx: x, cy: y, r: radius(nd), fill: '#1f5fa8', 'fill-opacity': 0.85 }),
      svg('text', { x: x + Math.cos(t) * (radius(nd) + 6), y: y + Math.sin(t) * (radius(nd) + 6) + 4, 'text-anchor': right ? 'start' : 'end' }, nd.code),
      svg('title', {}, `${nd.code}${nd.name ? ' ' + nd.name : ''}: ${nd.events} events`)));
  }
  const table = el('table', { class: 'pairs' },
    el('thead', {}, el('tr', {}, ['Source', 'Target', 'Events', 'Cooperation (1-2)', 'Conflict (3-4)'].map((h) => el('th', {}, h)))),
    el('tbody', {}, data.pairs.map((p) => el('tr', {},
      el('td', {}, p.source), el('td', {}, p.target), el('td', {}, p.events),
      el('td', {}, p.cooperation), el('td', {}, p.conflict)))));
  view.replaceChildren(
    filterForm(fields, params, (v) => go('network', v)),
    el('p', { class: 'meta' },
      `${data.nodes.length} actors, ${data.pairs.length} pairs. `,
      'Green: mostly cooperation (QuadClass 1-2); red: mostly conflict (3-4). Line width: number of events. Hover a line for counts.'),
    data.pairs.length ? root : el('p', { class: 'status' }, 'No events with both a source and a target code match these filters.'),
    data.pairs.length ? table : null);
}

// ---- routing --------------------------------------------------------------

async function render() {
  const r = route();
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('active', a.dataset.tab === r.tab);
  view.replaceChildren(el('p', { class: 'status' }, 'Loading…'));
  try {
    if (r.article) await article(r.article);
    else if (r.tab === 'articles') await articles(r.params);
    else if (r.tab === 'quotes') await quotes(r.params);
    else if (r.tab === 'network') await network(r.params);
    else if (r.tab === 'map') await map(r.params);
    else await timeline(r.params);
    document.body.dataset.ready = r.article ? 'article' : r.tab;
  } catch (e) {
    if (e instanceof NeedToken) {
      askToken();
      document.body.dataset.ready = 'token';
      return;
    }
    fail(e);
    document.body.dataset.ready = 'error';
  }
  // Time from navigation start to the rendered view (read by scripts/bench_page.sh).
  document.body.dataset.renderMs = Math.round(performance.now());
}

window.addEventListener('hashchange', render);
render();
