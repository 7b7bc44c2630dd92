import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { buildApiServer } from '../../src/http/server.js';
import type { Node } from '../../src/runtime/supervisor.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { metricsRoute, startMetricsServer } from '../../src/telemetry/metrics-http.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { NodeTelemetry } from '../../src/telemetry/node-telemetry.js';
import { startQueueSnapshot } from '../../src/telemetry/snapshot.js';
import { sample, testNode, waitFinal, waitFor } from './helpers.js';

const basis = { rate: { name: 'test-rate', vcpuHour: 3.6, gbHour: 0 }, memoryGbPerWorker: 0 };

/**
 * A known workload on a real node (SQLite, two worker threads):
 *   3 × noop                     → 3 succeeded
 *   1 × throws, maxAttempts 2    → 2 failed (error), dead (exhausted)
 *   1 × rejects {permanent}      → 1 failed (error), dead (non_retryable)
 *   1 × exit, maxCrashes 1       → 1 failed (crash), crash, dead (poison)
 *   1 × burn 200 ms of CPU       → 1 succeeded, ≥ 0.15 CPU-seconds
 */
describe('metrics after a known workload', () => {
  let raw: Store;
  let store: Store;
  let node: Node;
  const metrics = new CoreboundMetrics({ defaultMetrics: false });
  const r = () => metrics.registry;

  beforeAll(async () => {
    raw = await openStore('sqlite::memory:');
    const t = new NodeTelemetry({ metrics, logger: pino({ level: 'silent' }), cost: basis });
    store = t.wrapStore(raw);
    node = await testNode(store);
    t.attach(node);
    const results = await store.enqueue([
      { task: 'noop' },
      { task: 'noop' },
      { task: 'noop' },
      { task: 'throws', maxAttempts: 2 },
      { task: 'rejects', input: { permanent: true } },
      { task: 'exit', maxCrashes: 1 },
      { task: 'burn', input: { ms: 200 } },
    ]);
    const jobs = await waitFinal(raw, results.map((x) => x.job.id), 60_000);
    expect(jobs.map((j) => j?.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'dead', 'dead', 'dead', 'succeeded']);
    // Outcomes are counted when the node's write returns, which can be a moment after the store shows them.
    await waitFor(async () => (await sample(metrics.registry, 'corebound_job_run_seconds_count')) === 8, 'all 8 attempts counted');
  }, 90_000);

  afterAll(async () => {
    await node?.stop();
    await raw?.close();
  });

  it('counts enqueued, started, succeeded, failed and dead by queue and task', async () => {
    expect(await sample(r(), 'corebound_jobs_enqueued_total', { queue: 'noop', task: 'noop' })).toBe(3);
    expect(await sample(r(), 'corebound_jobs_enqueued_total')).toBe(7);
    expect(await sample(r(), 'corebound_jobs_started_total', { task: 'noop' })).toBe(3);
    expect(await sample(r(), 'corebound_jobs_started_total', { task: 'throws' })).toBe(2);
    expect(await sample(r(), 'corebound_jobs_started_total')).toBe(8);
    expect(await sample(r(), 'corebound_jobs_succeeded_total', { task: 'noop' })).toBe(3);
    expect(await sample(r(), 'corebound_jobs_succeeded_total', { task: 'burn' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_failed_total', { task: 'throws', kind: 'error' })).toBe(2);
    expect(await sample(r(), 'corebound_jobs_failed_total', { task: 'rejects', kind: 'error' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_failed_total', { task: 'exit', kind: 'crash' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_dead_total', { task: 'throws', reason: 'exhausted' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_dead_total', { task: 'rejects', reason: 'non_retryable' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_dead_total', { task: 'exit', reason: 'poison' })).toBe(1);
    expect(await sample(r(), 'corebound_jobs_dead_total')).toBe(3);
    expect(await sample(r(), 'corebound_crashes_total', { task: 'exit', kind: 'crash' })).toBe(1);
    expect(await sample(r(), 'corebound_leases_lost_total')).toBe(0);
  });

  it('measures wait and run times, CPU-seconds and cost', async () => {
    expect(await sample(r(), 'corebound_job_run_seconds_count')).toBe(8);
    expect(await sample(r(), 'corebound_job_run_seconds_count', { task: 'noop', outcome: 'succeeded' })).toBe(3);
    expect(await sample(r(), 'corebound_job_wait_seconds_count')).toBe(8);
    const cpu = await sample(r(), 'corebound_job_cpu_seconds_total', { task: 'burn' });
    expect(cpu).toBeGreaterThanOrEqual(0.15);
    expect(cpu).toBeLessThan(5);
    const burnRun = await sample(r(), 'corebound_job_run_seconds_sum', { task: 'burn' });
    const core = await sample(r(), 'corebound_job_core_seconds_total', { task: 'burn' });
    expect(core).toBeCloseTo(burnRun, 6);
    // 3.6 $/vCPU-hour = 0.001 $ per core-second.
    expect(await sample(r(), 'corebound_job_cost_usd_total', { task: 'burn' })).toBeCloseTo(core * 0.001, 9);
  });

  it('times store operations by op, and reports the workers of the node', async () => {
    expect(await sample(r(), 'corebound_store_operation_seconds_count', { op: 'claim' })).toBeGreaterThan(0);
    expect(await sample(r(), 'corebound_store_operation_seconds_count', { op: 'enqueue' })).toBe(1);
    // Outcomes go through settle() (one transaction with the next claim) where the store has it.
    const writes = async (op: string) => sample(r(), 'corebound_store_operation_seconds_count', { op });
    expect((await writes('settle')) + (await writes('complete'))).toBeGreaterThan(0);
    expect(await sample(r(), 'corebound_workers')).toBe(2);
    expect(await sample(r(), 'corebound_workers_busy')).toBe(0);
    expect(await sample(r(), 'corebound_jobs_held')).toBe(0);
    expect(await sample(r(), 'corebound_outcomes_unwritten')).toBe(0);
    const busy = await sample(r(), 'corebound_worker_busy_seconds_total');
    expect(busy).toBeGreaterThanOrEqual(0.15);
    const cpu = await sample(r(), 'corebound_node_cpu_utilization');
    expect(cpu).toBeGreaterThanOrEqual(0);
    expect(cpu).toBeLessThanOrEqual(1);
  });

  it('reads queue gauges from the shared snapshot, and counts store errors', async () => {
    const snap = await startQueueSnapshot(raw, { intervalMs: 60_000 });
    try {
      metrics.observeQueues(snap.monitor);
      await raw.enqueue([{ task: 'noop', queue: 'parked', delayMs: 3_600_000 }]);
      await raw.pauseQueue('held');
      await raw.enqueue([{ task: 'noop', queue: 'held' }]);
      await snap.monitor.refresh();
      expect(await sample(r(), 'corebound_queue_jobs', { queue: 'noop', state: 'succeeded' })).toBe(3);
      expect(await sample(r(), 'corebound_queue_jobs', { queue: 'throws', state: 'dead' })).toBe(1);
      expect(await sample(r(), 'corebound_queue_depth', { queue: 'parked' })).toBe(1);
      expect(await sample(r(), 'corebound_queue_paused', { queue: 'held' })).toBe(1);
      expect(await sample(r(), 'corebound_queue_oldest_job_age_seconds', { queue: 'held' })).toBeGreaterThanOrEqual(0);
      expect(await sample(r(), 'corebound_scaling_in_flight', { queue: 'held' })).toBe(1);
    } finally {
      snap.stop();
    }
    await expect(store.retry(999_999)).rejects.toThrow();
    expect(await sample(r(), 'corebound_store_errors_total', { op: 'retry' })).toBe(1);
  });

  it('never puts a job id in a label', async () => {
    const text = await r().metrics();
    const labelNames = new Set([...text.matchAll(/[{,]([a-z_]+)="/g)].map((m) => m[1]));
    expect([...labelNames].sort()).toEqual(
      ['kind', 'le', 'op', 'outcome', 'queue', 'reason', 'state', 'task', 'worker'].filter((l) => labelNames.has(l)),
    );
    for (const l of labelNames) expect(['kind', 'le', 'op', 'outcome', 'queue', 'reason', 'state', 'task', 'worker']).toContain(l);
    expect(text).toMatch(/^# TYPE corebound_jobs_succeeded_total counter$/m);
    expect(text).toMatch(/^# TYPE corebound_job_run_seconds histogram$/m);
  });
});

describe('GET /metrics', () => {
  it('is served by the API with request timings and admission rejections, behind read auth', async () => {
    const store = await openStore('sqlite::memory:');
    const metrics = new CoreboundMetrics({ defaultMetrics: false });
    const server = await buildApiServer({ store, clock: systemClock, maxQueueDepth: 1, cost: null, tokenCacheMs: 0 });
    await server.app.register(metricsRoute, { metrics, auth: server.ctx.auth });
    await server.app.ready();
    try {
      const ok = await server.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'a' } });
      expect(ok.statusCode).toBe(201);
      await server.refresh();
      const full = await server.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'a' } });
      expect(full.statusCode).toBe(429);
      const res = await server.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain('corebound_admission_rejections_total{queue="a"} 1');
      expect(res.body).toMatch(/corebound_http_request_duration_seconds_count\{method="POST",route="\/v1\/jobs",status="2xx"\} 1/);
      expect(res.body).toMatch(/corebound_http_request_duration_seconds_count\{method="POST",route="\/v1\/jobs",status="4xx"\} 1/);
      // Once a token exists the API requires one, /metrics included.
      await store.createToken({ id: 't1', name: 'scraper', hash: 'ab'.repeat(32), scopes: ['read'] });
      await server.ctx.auth.refresh();
      expect((await server.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('has a standalone server for worker-only nodes, on loopback by default', async () => {
    const metrics = new CoreboundMetrics();
    metrics.started.inc({ queue: 'q', task: 't' }, 2);
    const s = await startMetricsServer({ metrics, port: 0 });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${s.url}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('corebound_jobs_started_total{queue="q",task="t"} 2');
      expect(body).toContain('process_cpu_seconds_total');
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('keeps registries apart', async () => {
    const a = new CoreboundMetrics({ defaultMetrics: false });
    const b = new CoreboundMetrics({ defaultMetrics: false });
    a.succeeded.inc({ queue: 'q', task: 't' });
    expect(await sample(a.registry, 'corebound_jobs_succeeded_total')).toBe(1);
    expect(await sample(b.registry, 'corebound_jobs_succeeded_total')).toBe(0);
  });
});
