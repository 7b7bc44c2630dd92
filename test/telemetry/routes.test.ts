import { describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import { setupNodeTelemetry } from '../../src/telemetry/cli.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { registerTelemetryRoutes } from '../../src/telemetry/routes.js';
import { captureLines, testNode, waitFinal, waitFor } from './helpers.js';

describe('registerTelemetryRoutes', () => {
  it('adds /metrics (queue gauges from the API’s snapshot), /v1/stats, explain and the dashboard', async () => {
    const store = await openStore('sqlite::memory:');
    const server = await buildApiServer({ store, cost: null, tokenCacheMs: 0 });
    const metrics = new CoreboundMetrics({ defaultMetrics: false });
    await registerTelemetryRoutes(server, { metrics });
    await server.app.ready();
    try {
      await store.enqueue([{ task: 'a' }, { task: 'a' }, { task: 'b', delayMs: 60_000 }]);
      await server.refresh();
      const inject = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });

      const m = await inject('/metrics');
      expect(m.statusCode).toBe(200);
      expect(m.body).toContain('corebound_queue_jobs{queue="a",state="queued"} 2');
      expect(m.body).toContain('corebound_queue_depth{queue="b"} 1');
      expect(m.body).toMatch(/corebound_stats_snapshot_age_seconds \d/);

      const stats = (await inject('/v1/stats')).json();
      expect(stats.totals).toMatchObject({ queues: 2, waiting: 3, running: 0 });

      const ex = (await inject('/v1/jobs/1/explain')).json();
      expect(ex.summary).toMatch(/^Job 1 \(task a, queue a\) is queued/);
      expect(ex.details).toContain('It is first in line in queue a.');
      expect(ex.details).toContain('Nothing in queue a is running and nothing has left it recently: check that a worker serves this queue (a node with a task named a, or --queues a).');

      const page = await inject('/');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.body).toContain('<script type="module" src="/dashboard/app.js">');
      const js = await inject('/dashboard/app.js');
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.body).toContain("api('/v1/queues')");
      const etag = String(js.headers.etag);
      expect((await inject('/dashboard/app.js', { 'if-none-match': etag })).statusCode).toBe(304);
      expect((await inject('/dashboard/nope.js')).statusCode).toBe(404);
      expect((await inject('/dashboard/..%2Fpackage.json')).statusCode).toBe(404);
    } finally {
      await server.close();
      await store.close();
    }
  });
});

describe('setupNodeTelemetry (corebound worker --metrics-port)', () => {
  it('serves a worker-only node’s metrics on loopback and logs its jobs', async () => {
    const raw = await openStore('sqlite::memory:');
    const out = captureLines();
    const { createLogger } = await import('../../src/telemetry/logger.js');
    const t = await setupNodeTelemetry(raw, { metricsPort: 0 }, { logger: createLogger({ format: 'json', destination: out.stream }) });
    const node = await testNode(t.store, { logger: t.taskLogger });
    try {
      const url = await t.attach(node);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const [{ job }] = await t.store.enqueue([{ task: 'logs', input: { word: 'w' } }]);
      await waitFinal(raw, [job.id]);
      const body = await waitFor(async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        return text.includes('corebound_jobs_succeeded_total{queue="logs",task="logs"} 1') ? text : null;
      }, 'the success to be counted');
      expect(body).toContain('corebound_workers 2');
      expect(body).toContain('corebound_jobs_enqueued_total{queue="logs",task="logs"} 1');
      expect(body).toMatch(/corebound_worker_busy_seconds_total\{worker="1"\} /);
      // Queue gauges come from the node's own snapshot (refreshed every 5 s here).
      await waitFor(
        async () => (await (await fetch(`${url}/metrics`)).text()).includes('corebound_queue_jobs{queue="logs",state="succeeded"} 1'),
        'the queue gauges to show the job',
      );
      await waitFor(() => out.json().some((l) => l.msg === 'hello from the task' && l.jobId === job.id && l.attempt === 1), 'the task’s log line');
    } finally {
      await node.stop();
      await t.close();
      await raw.close();
    }
  });
});
