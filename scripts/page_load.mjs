// Times one page load in headless Chromium through the DevTools protocol
// (real time: Chromium's --virtual-time-budget freezes performance.now()
// while scripts run, so --dump-dom cannot time a page).
//
//   node --experimental-websocket scripts/page_load.mjs URL READY [TIMEOUT_MS]
//
// Starts a fresh headless Chromium (own profile, no network beyond URL),
// opens URL, polls until body[data-ready] is READY (the page sets it when a
// view is rendered; "error" fails), and prints one JSON line:
// {"render_ms": the page's own performance.now() when rendered,
//  "harness_ms": navigate-to-ready as seen from here,
//  "rows": timeline rows in the DOM, "nodes": elements in the DOM}.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, ready, timeoutArg] = process.argv.slice(2);
if (!url || !ready) {
  console.error('usage: page_load.mjs URL READY [TIMEOUT_MS]');
  process.exit(2);
}
const timeout = Number(timeoutArg || 30000);
const profile = mkdtempSync(join(tmpdir(), 'wirecode-page-'));
const chrome = spawn('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions',
  '--mute-audio', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });

function finish(code, message) {
  if (message) console.error('page_load: ' + message);
  chrome.kill('SIGKILL');
  try { rmSync(profile, { recursive: true, force: true }); } catch (e) { /* gone */ }
  process.exit(code);
}
const timer = setTimeout(() => finish(1, `no ${ready} view within ${timeout} ms`), timeout);

const wsUrl = await new Promise((resolve, reject) => {
  let err = '';
  chrome.stderr.on('data', (d) => {
    err += d;
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
  chrome.on('exit', (c) => reject(new Error('chromium exited ' + c + ': ' + err.slice(-500))));
}).catch((e) => finish(1, e.message));

const ws = new WebSocket(wsUrl);
await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
let nextId = 1;
const waiting = new Map();
ws.addEventListener('message', (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.id && waiting.has(msg.id)) {
    const { resolve, reject } = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error) reject(new Error(JSON.stringify(msg.error)));
    else resolve(msg.result);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}

try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  const evaluate = async (expression) =>
    (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)).result.value;
  const t0 = performance.now();
  await send('Page.navigate', { url }, sessionId);
  for (;;) {
    const state = await evaluate('document.body ? (document.body.dataset.ready || "") : ""');
    if (state === ready) break;
    if (state === 'error') finish(1, 'the page shows an error');
    await new Promise((r) => setTimeout(r, 5));
  }
  const harness = performance.now() - t0;
  const out = await evaluate(`({
    render_ms: Number(document.body.dataset.renderMs),
    rows: document.querySelectorAll('tr.event-row').length,
    nodes: document.getElementsByTagName('*').length })`);
  clearTimeout(timer);
  console.log(JSON.stringify({ ...out, harness_ms: Math.round(harness) }));
  finish(0);
} catch (e) {
  finish(1, e.message);
}
