// The corebound dashboard: plain JS over the public HTTP API (GET /v1/queues, /v1/stats, /v1/jobs,
// /v1/jobs/{id}/explain, POST /v1/jobs/{id}/retry). Polls every 2 s while the tab is visible.
import { heatmap, lineChart } from './charts.js';
import { clock, count, duration, el, rate, usd } from './format.js';

const TOKEN_KEY = 'corebound.token';
const POLL_MS = 2000;
const COLORS = { succeeded: '#4cc38a', failed: '#f0a14a', crashed: '#e5534b' };
const $ = (s) => document.querySelector(s);

let token = localStorage.getItem(TOKEN_KEY) || '';
let timer = null;
let last = null;
const explained = new Map();

async function api(path, opts = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { ...opts, headers, cache: 'no-store' });
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(body?.error?.message || `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

function banner(text) {
  const b = $('#banner');
  b.hidden = !text;
  b.textContent = text || '';
}

function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    t.hidden = true;
  }, 4000);
}

function fill(tbody, rows, cols, empty) {
  tbody.replaceChildren(...(rows.length ? rows : [el('tr', { class: 'empty' }, el('td', { text: empty, colSpan: cols }))]));
}

function tiles(data) {
  const { queues, stats } = data;
  const set = (k, v) => {
    $(`[data-k="${k}"]`).textContent = v;
  };
  const sum = (f) => queues.reduce((n, q) => n + f(q), 0);
  set('waiting', stats ? stats.totals.display.waiting : count(sum((q) => q.depth)));
  set('running', stats ? stats.totals.display.running : count(sum((q) => q.running)));
  set('dead', count(sum((q) => q.counts.dead ?? 0)));
  set('workers', stats?.node ? `${stats.node.busy} / ${stats.node.workers}` : '–');
  const pts = stats?.throughput.points ?? [];
  const perBucket = (stats?.throughput.bucketMs ?? 5000) / 1000;
  const lastMin = pts.slice(-Math.round(60 / perBucket));
  set('rate', lastMin.length ? rate(lastMin.reduce((n, p) => n + p.succeeded, 0) / lastMin.length) : '–');
  const last5 = pts.slice(-Math.round(300 / perBucket));
  set('failures', stats ? count(Math.round(last5.reduce((n, p) => n + (p.failed + p.crashed) * perBucket, 0))) : '–');
  set('cost', stats?.cost ? usd(stats.cost.usd) : '–');
  set('cost-since', stats?.cost ? `since ${clock(stats.cost.since)} · ${stats.cost.rate}` : 'no rate table');
}

function queueTable({ queues, snapshotAt }) {
  const rows = queues.map((q) =>
    el(
      'tr',
      { 'data-queue': q.queue },
      el('td', {}, q.queue, ...(q.paused ? [el('span', { class: 'paused', text: 'paused' })] : [])),
      ...[
        ['depth', count(q.depth)],
        ['running', count(q.running)],
        ['queued', count(q.counts.queued ?? 0)],
        ['scheduled', count(q.counts.scheduled ?? 0)],
        ['retrying', count(q.counts.retrying ?? 0)],
        ['dead', count(q.counts.dead ?? 0)],
        ['rate', rate(q.drainPerSec)],
        ['oldest', q.oldestAgeMs === null ? '–' : duration(q.oldestAgeMs)],
      ].map(([col, text]) => el('td', { class: 'num', 'data-col': col, text })),
    ),
  );
  fill($('#queues tbody'), rows, 9, 'no queues yet');
  $('#snapshot-age').textContent = snapshotAt ? `snapshot at ${clock(snapshotAt)}` : '';
}

function progressBar(j) {
  const f = j.progress;
  const bar = el('div', { class: 'bar' }, el('span'), el('em', { text: f === null ? 'no progress reported' : `${Math.round(f * 100)}%${j.progressMessage ? ` · ${j.progressMessage}` : ''}` }));
  bar.firstChild.style.width = `${Math.round((f ?? 0) * 100)}%`;
  return bar;
}

function jobCell(j) {
  return el('td', { text: `#${j.id}` });
}

function explainButton(j) {
  const b = el('button', { text: explained.has(j.id) ? 'hide' : 'explain', type: 'button' });
  b.addEventListener('click', async () => {
    if (explained.has(j.id)) explained.delete(j.id);
    else {
      try {
        explained.set(j.id, (await api(`/v1/jobs/${j.id}/explain`)).text);
      } catch (e) {
        toast(`explain ${j.id}: ${e.message}`);
      }
    }
    if (last) render(last);
  });
  return b;
}

function withExplain(j, row, cols) {
  const text = explained.get(j.id);
  return text ? [row, el('tr', { 'data-explain': j.id }, el('td', { colSpan: cols }, el('pre', { class: 'explain', text })))] : [row];
}

function replayButton(j) {
  const b = el('button', { text: 'replay', type: 'button', 'data-replay': j.id });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const job = await api(`/v1/jobs/${j.id}/retry`, { method: 'POST' });
      toast(`job ${j.id} replayed: now ${job.state}`);
      poll();
    } catch (e) {
      b.disabled = false;
      toast(e.status === 403 ? 'replay needs a token with the admin scope' : `replay ${j.id}: ${e.message}`);
    }
  });
  return b;
}

const lastError = (j) => (j.lastError ? `${j.lastError.code}: ${j.lastError.message}` : '–');

function jobTables({ running, retrying, dead }) {
  fill(
    $('#running tbody'),
    running.map((j) =>
      el('tr', { 'data-job': j.id }, jobCell(j), el('td', { text: j.task }), el('td', { text: j.queue }), el('td', { text: String(j.attempt) }), el('td', { class: 'wide' }, progressBar(j)), el('td', { class: 'num', text: duration(j.timings.runMs) })),
    ),
    6,
    'nothing running',
  );
  fill(
    $('#failures tbody'),
    retrying.flatMap((j) => {
      const row = el('tr', { 'data-job': j.id }, jobCell(j), el('td', { text: j.task }), el('td', { text: `${j.attempt} / ${j.maxAttempts}` }), el('td', { class: 'wide err', text: lastError(j) }));
      row.append(el('td', {}, explainButton(j)));
      return withExplain(j, row, 5);
    }),
    5,
    'no failures waiting to retry',
  );
  fill(
    $('#dead tbody'),
    dead.flatMap((j) => {
      const row = el('tr', { 'data-job': j.id }, jobCell(j), el('td', { text: j.task }), el('td', { text: j.deadReason ?? '–' }), el('td', { class: 'wide err', text: lastError(j) }));
      row.append(el('td', {}, replayButton(j), ' ', explainButton(j)));
      return withExplain(j, row, 5);
    }),
    5,
    'no dead jobs',
  );
}

function legend(target, items) {
  target.replaceChildren(
    ...items
      .filter(([, text]) => text)
      .map(([color, text]) => {
        const swatch = el('i');
        swatch.style.background = color;
        return el('span', {}, swatch, text);
      }),
  );
}

function charts({ stats }) {
  const now = stats?.at ?? Date.now();
  const pts = stats?.throughput.points ?? [];
  const bucket = stats?.throughput.bucketMs ?? 5000;
  const series = ['succeeded', 'failed', 'crashed'].map((k) => ({ name: k, color: COLORS[k], values: pts.map((p) => p[k]) }));
  lineChart($('#throughput'), { times: pts.map((p) => p.t + bucket), series, now, format: (v) => (v >= 10 ? String(Math.round(v)) : v.toFixed(1)) });
  const minute = pts.slice(-Math.round(60_000 / bucket));
  const mean = (k) => (minute.length ? minute.reduce((n, p) => n + p[k], 0) / minute.length : 0);
  legend($('#throughput-legend'), [...series.map((s) => [s.color, `${s.name} ${rate(mean(s.name))}`]), ['transparent', 'average of the last minute']]);

  const node = stats?.node;
  const util = node?.utilization ?? [];
  heatmap($('#utilization'), { samples: util, rows: node?.workers ?? 0, now, windowMs: stats?.throughput.windowMs });
  $('#util-note').textContent = node ? `${node.workers} worker threads on ${node.workerId}` : 'no workers in this API process';
  const recent = util.filter((s) => s.t >= now - 60_000);
  const avg = recent.length ? recent.reduce((n, s) => n + s.workers.reduce((a, b) => a + b, 0) / Math.max(1, s.workers.length), 0) / recent.length : null;
  legend($('#utilization-legend'), [
    ['rgb(28,36,48)', 'idle'],
    ['rgb(76,195,138)', 'busy'],
    ['transparent', avg === null ? '' : `average ${Math.round(avg * 100)}% (1 min)`],
    ['transparent', util.length ? `process CPU ${Math.round(util.at(-1).cpu * 100)}% of the machine` : ''],
  ]);
}

function costTable({ stats }) {
  const c = stats?.cost;
  $('#cost-note').textContent = c ? `${usd(c.usd)} since ${clock(c.since)} at ${c.rate} (${duration(c.coreSeconds * 1000)} of cores)` : 'no rate table configured';
  fill(
    $('#cost tbody'),
    (c?.byTask ?? []).map((t) =>
      el('tr', { 'data-task': t.task }, el('td', { text: t.task }), el('td', { class: 'num', text: count(t.attempts) }), el('td', { class: 'num', text: duration(t.cpuSeconds * 1000) }), el('td', { class: 'num', text: usd(t.usd) })),
    ),
    4,
    'no finished attempts yet',
  );
}

function render(data) {
  tiles(data);
  queueTable(data);
  jobTables(data);
  charts(data);
  costTable(data);
  const s = data.stats;
  $('#status').textContent = `updated ${clock(Date.now())}${s?.node ? ` · node ${s.node.workerId}` : ''}${s?.historyFailing ? ' · history stale' : ''}`;
  document.body.dataset.updated = String(Date.now());
}

async function poll() {
  clearTimeout(timer);
  try {
    const [queues, stats, running, retrying, dead] = await Promise.all([
      api('/v1/queues'),
      api('/v1/stats').catch((e) => {
        if (e.status === 404) return null;
        throw e;
      }),
      api('/v1/jobs?state=running&limit=50'),
      api('/v1/jobs?state=retrying&limit=10'),
      api('/v1/jobs?state=dead&limit=10'),
    ]);
    // Open explanations follow the job (a replayed job's story changes).
    await Promise.all(
      [...explained.keys()].map((id) =>
        api(`/v1/jobs/${id}/explain`).then(
          (e) => explained.set(id, e.text),
          () => {},
        ),
      ),
    );
    const sorted = [...queues.queues].sort((a, b) => a.queue.localeCompare(b.queue));
    last = { queues: sorted, snapshotAt: queues.snapshotAt, stats, running: running.jobs, retrying: retrying.jobs, dead: dead.jobs };
    banner(null);
    render(last);
  } catch (e) {
    if (e.status === 401) banner('This API needs a token: paste one with the read scope (admin to replay) above.');
    else if (e.status === 403) banner('This token lacks the read scope.');
    else banner(`The API did not answer: ${e.message}`);
    $('#status').textContent = `last attempt ${clock(Date.now())} failed`;
  }
  if (!document.hidden) timer = setTimeout(poll, POLL_MS);
}

$('#token').value = token;
$('#auth').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#token').value.trim();
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  poll();
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) poll();
});
window.addEventListener('resize', () => last && charts({ stats: last.stats }));
poll();
