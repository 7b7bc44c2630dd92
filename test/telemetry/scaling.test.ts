import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { registerTelemetryRoutes } from '../../src/telemetry/routes.js';

describe('GET /v1/scaling', () => {
  it('reports backlog per worker counting running jobs, and recommends workers once there is history', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const store = await openStore('sqlite::memory:', { clock });
    const server = await buildApiServer({ store, clock, cost: null, tokenCacheMs: 0 });
    const metrics = new CoreboundMetrics({ defaultMetrics: false });
    await registerTelemetryRoutes(server, { metrics });
    await server.app.ready();
    const get = async (url: string) => server.app.inject({ method: 'GET', url });
    try {
      // A busy fleet with an empty queue: 4 running, 0 queued, 4 workers → 1.0, not 0.
      await store.enqueue(Array.from({ length: 4 }, () => ({ task: 'sim' })));
      await store.claim({ workerId: 'w', limit: 4, leaseMs: 60_000 });
      await server.refresh();
      const busy = (await get('/v1/scaling?workers=4')).json();
      expect(busy).toMatchObject({ queued: 0, running: 4, inFlight: 4, workers: 4, backlogPerWorker: 1, recommendedWorkers: null });
      expect(busy.reason).toMatch(/history/);

      // History: 120 finished 60 s jobs in the window give a measured load; the recommendation sizes for it and
      // is never fewer than the workers already busy.
      for (let i = 0; i < 120; i++) {
        await store.enqueue([{ task: 'hist' }]);
        const [j] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 600_000, queues: ['hist'] });
        clock.advance(2_000);
        await store.complete([{ id: j.id, token: j.leaseToken as number, metrics: { wallMs: 60_000 } }]);
      }
      await server.refresh();
      const sized = (await get('/v1/scaling?workers=4&waitSlo=60s&percentile=0.95&queue=sim')).json();
      expect(sized.backlogPerWorker).toBe(1);
      expect(sized.recommendedWorkers).toBeGreaterThanOrEqual(4);
      expect(sized.steadyStateWorkers).toBeGreaterThan(0);

      expect((await get('/v1/scaling?workers=-1')).json().error.code).toBe('CB_INVALID_INPUT');
      expect((await get('/v1/scaling?percentile=2')).statusCode).toBe(422);
      expect((await get('/v1/scaling?waitSlo=soon')).statusCode).toBe(422);
      const twice = await get('/v1/scaling?queue=a&queue=b');
      expect(twice.statusCode).toBe(422);
      expect(twice.json().error.code).toBe('CB_INVALID_INPUT');

      const m = (await get('/metrics')).body;
      expect(m).toMatch(/corebound_scaling_backlog_per_worker \d/);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
