import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { succeed } from './helpers.js';
import { findNginx, type RunningNginx, startNginx } from './nginx.js';

/**
 * The read path against a real cache: nginx (proxy_cache, cache lock, stale
 * serving) in front of the API on 127.0.0.1. Runs whenever nginx is
 * installed; on CI (CI=true) a missing nginx is a failure, not a skip.
 */
const bin = findNginx();
const skip = !bin && process.env.CI !== 'true';
if (skip) console.warn('nginx e2e skipped: nginx is not installed (apt-get install -y nginx) and CI is not set');

interface Got {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One GET on its own connection (agent: false), so 1,000 of them are 1,000 concurrent clients. */
function get(url: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(skip)('nginx in front of the API', () => {
  let store: Store;
  let origin: ApiServer;
  let originUrl: string;
  let nginx: RunningNginx;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but nginx is not installed: apt-get install -y nginx');
    store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-e2e-')), 'e2e.db')}`);
    await store.setQueueConfig('pub', { publicResults: true });
    origin = await buildApiServer({ store, port: 0, cost: null, urlSecret: 'e2e-secret-0123456789abcdef' });
    // Count what reaches the origin, per path.
    origin.app.addHook('onRequest', async (req) => {
      const path = req.url.split('?')[0];
      hits.set(path, (hits.get(path) ?? 0) + 1);
    });
    originUrl = await origin.listen();
    nginx = await startNginx(bin, Number(new URL(originUrl).port));
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    await origin?.close().catch(() => {});
    await store?.close();
  });

  it('1,000 concurrent GETs of a cold result reach the origin once', async () => {
    const [{ job }] = await store.enqueue([{ task: 'render', queue: 'pub' }]);
    const result = JSON.stringify({ pixels: Array.from({ length: 500 }, (_, i) => i) });
    const sha = await succeed(store, job.id, result);
    await origin.refresh(); // the origin learns that queue "pub" is public
    const path = `/v1/results/${sha}`;
    expect(hits.get(path) ?? 0).toBe(0);

    const responses = await Promise.all(Array.from({ length: 1000 }, () => get(`${nginx.url}${path}`)));
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.body).toBe(result);
      expect(r.headers.etag).toBe(`"${sha}"`);
    }
    expect(hits.get(path)).toBe(1);
    const statuses = new Set(responses.map((r) => r.headers['x-cache-status']));
    expect(statuses.has('MISS')).toBe(true);
    // Warm: a later request is a hit and still does not touch the origin.
    expect((await get(`${nginx.url}${path}`)).headers['x-cache-status']).toBe('HIT');
    expect(hits.get(path)).toBe(1);
  }, 120_000);

  it('serves job status stale while the origin is down', async () => {
    const [{ job }] = await store.enqueue([{ task: 'render', queue: 'pub' }]);
    const path = `/v1/jobs/${job.id}`;
    const first = await get(`${nginx.url}${path}`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(/max-age=1, stale-while-revalidate=2, stale-if-error=600/);
    expect(first.headers['x-cache-status']).toBe('MISS');
    expect(JSON.parse(first.body)).toMatchObject({ id: job.id, state: 'queued' });

    await origin.close();
    await expect(get(`${originUrl}${path}`)).rejects.toThrow(/ECONNREFUSED/);

    // Wait (on the cache's own answer, not a timer) until the entry has expired
    // and nginx must go to the dead origin: it answers with the stale copy.
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await get(`${nginx.url}${path}`);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ id: job.id, state: 'queued' });
      seen.add(String(r.headers['x-cache-status']));
      if (r.headers['x-cache-status'] === 'STALE') break;
      if (Date.now() > deadline) throw new Error(`never served STALE; saw ${[...seen].join(', ')}\n${nginx.errorLog()}`);
      await new Promise((res) => setTimeout(res, 250));
    }
    // Under stale-while-revalidate the STALE answer may come before nginx's background refresh has
    // hit the dead origin and logged it: wait for the log line instead of reading it once.
    const refused = /connect\(\) failed|Connection refused/;
    while (!refused.test(nginx.errorLog()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    expect(nginx.errorLog()).toMatch(refused);
  }, 60_000);
});
