import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../src/http/auth.js';
import { type ApiServer, buildApiServer } from '../../src/http/server.js';
import type { Node } from '../../src/runtime/supervisor.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { NodeTelemetry } from '../../src/telemetry/node-telemetry.js';
import { registerTelemetryRoutes } from '../../src/telemetry/routes.js';
import { testNode, waitFor } from '../telemetry/helpers.js';

// Browser globals inside page.evaluate callbacks (this file is compiled without the DOM lib).
declare const document: any;
declare const localStorage: any;

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const basis = { rate: { name: 'fargate-x86-us-east-1', vcpuHour: 0.04048, gbHour: 0.004445 }, memoryGbPerWorker: 2 };

/**
 * The dashboard against a real node running real jobs, through the public
 * API with bearer auth on: the page must show what the API says, replay a
 * dead job, and leave a screenshot (test-artifacts/ and docs/ for the README).
 */
describe.skipIf(!existsSync(CHROMIUM))('dashboard in headless Chromium', () => {
  let raw: Store;
  let node: Node;
  let server: ApiServer;
  let url: string;
  let browser: Browser;
  let page: Page;
  const token = newToken();
  const errors: string[] = [];
  const deadIds: number[] = [];

  const api = async (path: string, init: RequestInit = {}): Promise<any> => {
    const res = await fetch(url + path, { ...init, headers: { authorization: `Bearer ${token.token}`, ...init.headers } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };

  beforeAll(async () => {
    raw = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-dash-')), 'dash.db')}`);
    await raw.createToken({ id: token.id, name: 'dashboard-test', hash: token.hash, scopes: ['admin'] });
    const metrics = new CoreboundMetrics({ defaultMetrics: false });
    const t = new NodeTelemetry({ metrics, logger: pino({ level: 'silent' }), cost: basis });
    const store = t.wrapStore(raw);
    node = await testNode(store, { logger: t.taskLogger });
    t.attach(node);
    server = await buildApiServer({ store, cost: basis, statsIntervalMs: 300, tokenCacheMs: 0 });
    await registerTelemetryRoutes(server, { metrics, node, historyIntervalMs: 500, historyBucketMs: 1000, historyWindowMs: 120_000 });
    url = await server.listen();

    // A workload with a shape: short CPU bursts, failures that die, one long job with progress, a parked queue.
    await raw.pauseQueue('parked');
    await store.enqueue([1, 2, 3].map(() => ({ task: 'noop', queue: 'parked' })));
    const dead = await store.enqueue([
      { task: 'throws', maxAttempts: 1 },
      { task: 'throws', maxAttempts: 1 },
      { task: 'rejects', input: { permanent: true } },
    ]);
    deadIds.push(...dead.map((r) => r.job.id));
    for (let i = 0; i < 24; i++) await store.enqueue([{ task: 'burn', input: { ms: 150 + (i % 4) * 100 } }]);
    await waitFor(async () => (await raw.list({ state: 'dead', limit: 10 })).jobs.length === 3, '3 dead jobs', 60_000);
    await store.enqueue([{ task: 'burn', input: { ms: 40_000 } }]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 1250 } });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // 401s before the token is entered are expected; anything else is a defect.
      if (m.type() === 'error' && !/401/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await node?.stop();
    await raw?.close();
  });

  it('asks for a token, then loads with it', async () => {
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent !== 'connecting…', null, { timeout: 10_000 }).catch(() => {});
    expect(errors).toEqual([]);
    await page.waitForSelector('#banner:not([hidden])');
    expect(await page.textContent('#banner')).toContain('needs a token');
    await page.fill('#token', token.token);
    await page.click('#auth button');
    await page.waitForSelector('tr[data-queue="parked"]', { timeout: 15_000 });
    expect(await page.isHidden('#banner')).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('corebound.token'))).toBe(token.token);
  }, 30_000);

  it('shows the numbers the API gives', async () => {
    // Wait for the burst to end so the numbers hold still between the page's poll and ours.
    await waitFor(async () => (await raw.list({ state: 'queued', queue: 'burn', limit: 1 })).jobs.length === 0, 'burst drained', 60_000);
    // …and the API's snapshot has caught up (its timer can lag on a busy machine).
    await waitFor(
      async () => (await api('/v1/queues')).queues.find((q: { queue: string }) => q.queue === 'burn')?.depth === 0,
      'the snapshot to show the burst drained',
      20_000,
    );
    const cols = ['depth', 'running', 'queued', 'scheduled', 'retrying', 'dead'] as const;
    const shown = async () =>
      page.$$eval('tr[data-queue]', (rows) =>
        Object.fromEntries(
          rows.map((r) => [
            r.getAttribute('data-queue'),
            Object.fromEntries(Array.from(r.querySelectorAll('td[data-col]'), (td: any) => [td.getAttribute('data-col'), td.textContent])),
          ]),
        ),
      );
    await waitFor(
      async () => {
        const { queues } = await api('/v1/queues');
        const page = await shown();
        for (const q of queues) {
          const row = page[q.queue];
          if (!row) return false;
          const want = { depth: q.depth, running: q.running, queued: q.counts.queued ?? 0, scheduled: q.counts.scheduled ?? 0, retrying: q.counts.retrying ?? 0, dead: q.counts.dead ?? 0 };
          for (const c of cols) if (row[c] !== want[c].toLocaleString('en-US')) return false;
        }
        return Object.keys(page).length === queues.length;
      },
      'the queue table to match GET /v1/queues',
      20_000,
    );
    const row = (await shown()).parked;
    expect(row.depth).toBe('3');
    expect(await page.textContent('tr[data-queue="parked"] .paused')).toBe('paused');

    await waitFor(async () => (await page.textContent('[data-k="dead"]')) === '3', 'dead tile', 10_000);
    await waitFor(
      async () => (await page.textContent('[data-k="waiting"]')) === (await api('/v1/stats')).totals.display.waiting,
      'the waiting tile to match GET /v1/stats',
      10_000,
    );
    expect(await page.textContent('[data-k="waiting"]')).toBe('3');
    expect(await page.textContent('[data-k="workers"]')).toMatch(/^\d \/ 2$/);
    expect(await page.textContent('[data-k="cost"]')).toMatch(/^\$\d/);
    // The long burn job is running with progress.
    await page.waitForSelector('#running tr[data-job] .bar', { timeout: 15_000 });
    // The page polls every 2 s: wait for a poll that saw the same running jobs as the API.
    await waitFor(
      async () => {
        const ids = (await api('/v1/jobs?state=running')).jobs.map((j: { id: number }) => String(j.id));
        const shown = await page.$$eval('#running tr[data-job]', (r) => r.map((x) => x.getAttribute('data-job')));
        return ids.length > 0 && ids.join() === shown.join();
      },
      'the running table to match GET /v1/jobs?state=running',
      20_000,
    );
    expect(await page.$$eval('#dead tr[data-job]', (r) => r.map((x) => Number(x.getAttribute('data-job'))).sort())).toEqual([...deadIds].sort());
  }, 90_000);

  it('explains and replays a dead job', async () => {
    const id = deadIds[0];
    await page.click(`#dead tr[data-job="${id}"] button:not([data-replay])`);
    await page.waitForSelector(`tr[data-explain="${id}"] pre`);
    expect(await page.textContent(`tr[data-explain="${id}"] pre`)).toContain(`is dead (exhausted)`);

    await page.click(`button[data-replay="${id}"]`);
    await page.waitForSelector('#toast:not([hidden])');
    expect(await page.textContent('#toast')).toMatch(new RegExp(`job ${id} replayed: now (queued|running)`));
    // It runs again (fresh budgets) and, as `throws` always throws, dies again with a second attempt.
    const job = await waitFor(async () => {
      const j = await raw.get(id);
      return j && j.attempt === 2 && j.state === 'dead' ? j : null;
    }, 'the replayed job to run again');
    expect((await raw.attempts(id)).length).toBe(2);
    expect(job.errors).toBe(1);
  }, 60_000);

  it('lists failures waiting to retry, draws both charts and saves a screenshot', async () => {
    // Keeps failing with a growing backoff, so it spends most of its life in `retrying`.
    const [{ job: flaky }] = await raw.enqueue([{ task: 'rejects', maxAttempts: 20 }]);
    await page.waitForSelector(`#failures tr[data-job="${flaky.id}"]`, { timeout: 30_000 });
    expect(await page.textContent(`#failures tr[data-job="${flaky.id}"] td.err`)).toBe('CB_TASK_ERROR: rejected');
    await waitFor(async () => ((await api('/v1/stats')).node?.utilization.length ?? 0) >= 8, 'utilization samples', 30_000);
    // One more poll of the page, so the charts hold the latest samples.
    const before = await page.evaluate(() => document.body.dataset.updated);
    await page.waitForFunction((b) => document.body.dataset.updated !== b, before, { timeout: 15_000 });
    const painted = await page.$$eval('canvas', (cs) =>
      cs.map((c) => {
        const d = (c as any).getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      }),
    );
    for (const n of painted) expect(n).toBeGreaterThan(1000);
    await page.waitForSelector('#toast', { state: 'hidden', timeout: 10_000 });
    const png = await page.screenshot({ fullPage: true });
    // docs/dashboard.png (the README's picture) is refreshed only on request, so a test run leaves the tree clean.
    const dirs = [join(ROOT, 'test-artifacts'), ...(process.env.UPDATE_SCREENSHOT ? [join(ROOT, 'docs')] : [])];
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'dashboard.png'), png);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});
