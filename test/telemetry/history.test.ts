import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { StatsHistory } from '../../src/telemetry/history.js';
import { statsRoutes } from '../../src/telemetry/stats-route.js';
import { QueueMonitor, boundedCount } from '../../src/telemetry/snapshot.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const basis = { rate: { name: 'test-rate', vcpuHour: 3.6, gbHour: 0 }, memoryGbPerWorker: 0 };

/** Runs `n` jobs of `task` through the store: claim, then complete (or fail) after `wallMs` of clock time. */
async function work(store: Store, clock: ManualClock, task: string, n: number, opts: { wallMs: number; fail?: boolean }) {
  await store.enqueue(Array.from({ length: n }, () => ({ task, maxAttempts: 1 })));
  const jobs = await store.claim({ workerId: 'w', limit: n, leaseMs: 60_000, queues: [task] });
  clock.advance(opts.wallMs);
  const metrics = { wallMs: opts.wallMs, cpuMs: opts.wallMs / 2 };
  if (opts.fail) {
    await store.fail(
      jobs.map((j) => ({
        id: j.id,
        token: j.leaseToken as number,
        kind: 'error' as const,
        error: { code: 'CB_TASK_ERROR', message: 'x' },
        retryable: true,
        retryDelayMs: 0,
        metrics,
      })),
    );
  } else {
    await store.complete(jobs.map((j) => ({ id: j.id, token: j.leaseToken as number, metrics })));
  }
}

describe('bounded counts', () => {
  it('shows exact numbers below the bound and "100k+" from it', () => {
    expect(boundedCount(0)).toBe('0');
    expect(boundedCount(1234)).toBe('1,234');
    expect(boundedCount(99_999)).toBe('99,999');
    expect(boundedCount(100_000)).toBe('100k+');
    expect(boundedCount(5_000_000)).toBe('100k+');
    expect(boundedCount(2_000_000, 1_000_000)).toBe('1M+');
    expect(boundedCount(-1)).toBe('0');
  });
});

describe('stats history', () => {
  it('buckets attempt throughput by outcome, totals cost, and reads each attempt once', async () => {
    const clock = new ManualClock(T0);
    const store = await openStore('sqlite::memory:', { clock });
    const monitor = new QueueMonitor(store, clock, 1000);
    const h = new StatsHistory({ monitor, store, clock, cost: basis, bucketMs: 5000, windowMs: 60_000 });
    try {
      await work(store, clock, 'a', 4, { wallMs: 1000 }); // ends at T0+1s
      await work(store, clock, 'b', 2, { wallMs: 2000, fail: true }); // ends at T0+3s
      await h.tick();
      clock.advance(4000); // T0+7s
      await work(store, clock, 'a', 1, { wallMs: 1000 }); // ends at T0+8s
      await h.tick();
      await h.tick(); // re-reads the overlap window; must not count twice
      clock.advance(5000); // T0+13s: buckets [0,5) and [5,10) are complete
      await monitor.refresh();
      await h.tick();

      const points = h.throughput();
      expect(points.map((p) => p.t - T0)).toEqual([0, 5000]);
      // Per second over 5 s buckets.
      expect(points[0]).toMatchObject({ succeeded: 4 / 5, failed: 2 / 5, crashed: 0 });
      expect(points[1]).toMatchObject({ succeeded: 1 / 5, failed: 0, crashed: 0 });

      const cost = h.costSoFar();
      // 4×1 s + 2×2 s + 1×1 s = 9 core-seconds at 0.001 $/s.
      expect(cost?.coreSeconds).toBeCloseTo(9, 9);
      expect(cost?.usd).toBeCloseTo(0.009, 12);
      expect(cost?.cpuSeconds).toBeCloseTo(4.5, 9);
      expect(cost?.byTask.map((t) => [t.task, t.attempts])).toEqual([
        ['a', 5],
        ['b', 2],
      ]);
      expect(cost?.rate).toBe('test-rate');
      expect(h.depthSeries().length).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('samples per-worker utilization from a node’s busy time', async () => {
    const clock = new ManualClock(T0);
    const monitor = { snapshotAt: 0, views: () => [] };
    let busy = [0, 0];
    const node = {
      stats: () => ({
        workerId: 'n',
        workers: 2,
        busy: 1,
        held: 0,
        unwritten: 0,
        draining: false,
        uptimeMs: 1,
        perWorker: busy.map((b, index) => ({ index, busyMs: b, jobs: 0, jobId: null })),
        counts: { claimed: 0, succeeded: 0, failed: 0, released: 0, lost: 0, stale: 0 },
      }),
    };
    const h = new StatsHistory({ monitor, clock, node });
    await h.tick();
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 200));
    const elapsed = performance.now() - start;
    busy = [elapsed, elapsed / 2];
    await h.tick();
    const [u] = h.utilization();
    expect(u.workers).toHaveLength(2);
    // Busy time added ÷ the real time between samples (slightly more than `elapsed`).
    expect(u.workers[0]).toBeGreaterThan(0.8);
    expect(u.workers[0]).toBeLessThanOrEqual(1);
    expect(u.workers[1]).toBeGreaterThan(0.35);
    expect(u.workers[1]).toBeLessThanOrEqual(0.5);
  });
});

describe('GET /v1/stats', () => {
  it('serves totals, series and cost from memory', async () => {
    const clock = new ManualClock(T0);
    const store = await openStore('sqlite::memory:', { clock });
    const server = await buildApiServer({ store, clock, cost: basis, tokenCacheMs: 0 });
    const history = new StatsHistory({ monitor: server.ctx.monitor, store, clock, cost: basis });
    await server.app.register(statsRoutes, { auth: server.ctx.auth, monitor: server.ctx.monitor, history });
    await server.app.ready();
    try {
      await work(store, clock, 'a', 3, { wallMs: 1000 });
      await store.enqueue([{ task: 'a' }, { task: 'a' }]);
      await server.refresh();
      await history.tick();
      const res = await server.app.inject({ method: 'GET', url: '/v1/stats' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.totals).toEqual({ queues: 1, waiting: 2, running: 0, dead: 0, display: { waiting: '2', running: '0', dead: '0' } });
      expect(body.node).toBeNull();
      expect(body.cost).toMatchObject({ rate: 'test-rate', coreSeconds: 3 });
      expect(body.throughput.bucketMs).toBe(5000);
      expect(body.snapshotAt).toBe(server.ctx.monitor.snapshotAt);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
