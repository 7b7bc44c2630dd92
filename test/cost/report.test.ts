import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCost } from '../../src/cli/commands/cost.js';
import { ManualClock } from '../../src/core/clock.js';
import { ErrorCodes } from '../../src/core/errors.js';
import { formatCostReport } from '../../src/cost/format.js';
import { pickRate, loadRateTable } from '../../src/cost/rates.js';
import { readFinishedAttempts } from '../../src/cost/read-attempts.js';
import { costReport, spendClass } from '../../src/cost/report.js';
import { openStore } from '../../src/store/open.js';
import type { FinishedAttempt, Store } from '../../src/store/store.js';
import { runJob } from './store-helpers.js';

const HOUR = 3_600_000;
const WORKER_HOUR = 0.04048 + 2 * 0.004445; // fargate-x86, 2 GB
const perCoreSecond = WORKER_HOUR / 3600;

describe('cost report on a real SQLite store', () => {
  let clock: ManualClock;
  let store: Store;
  let t0: number;

  beforeEach(async () => {
    clock = new ManualClock();
    t0 = clock.now();
    store = await openStore('sqlite::memory:', { clock });
    // Job A: an error (30 s) then success (90 s). Job B: success (60 s).
    // Job C: its worker dies (lease expires after 20 s), then success (40 s, 10 s CPU).
    await runJob(store, clock, 'sim', 'cpu', [
      { end: 'error', wallMs: 30_000, cpuMs: 29_000 },
      { end: 'succeeded', wallMs: 90_000, cpuMs: 88_000 },
    ]);
    await runJob(store, clock, 'sim', 'cpu', [{ end: 'succeeded', wallMs: 60_000 }]);
    await runJob(store, clock, 'etl', 'io', [
      { end: 'lease_expired', wallMs: 20_000 },
      { end: 'succeeded', wallMs: 40_000, cpuMs: 10_000 },
    ]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('the store recorded the attempts with the outcomes the report classifies', async () => {
    const { attempts } = await readFinishedAttempts(store, { since: t0, until: t0 + HOUR });
    expect(attempts.map((a) => [a.task, a.outcome, a.wallMs])).toEqual([
      ['sim', 'error', 30_000],
      ['sim', 'succeeded', 90_000],
      ['sim', 'succeeded', 60_000],
      ['etl', 'lease_expired', 20_000],
      ['etl', 'succeeded', 40_000],
    ]);
    expect(attempts.map((a) => spendClass(a.outcome))).toEqual(['failed', 'succeeded', 'succeeded', 'crashed', 'succeeded']);
  });

  it('spend, per-job cost, lost share, utilization and idle waste match the hand-worked numbers', async () => {
    const out = await runCost(store, { since: '1h', workers: '2' }, t0 + HOUR);
    const t = out.totals;
    expect(t.attempts).toBe(5);
    expect(t.jobs).toBe(3);
    expect(t.cost.coreSeconds).toBe(240);
    // The expired attempt reported no CPU time: the worker died before it could.
    expect(t.cost.cpuSeconds).toBe(29 + 88 + 60 + 10);
    expect(t.cost.usd).toBeCloseTo(240 * perCoreSecond, 12);
    // Jobs cost 120, 60 and 60 core-seconds: mean 80, p95 (nearest rank) 120.
    expect(t.perJob.meanUsd).toBeCloseTo(80 * perCoreSecond, 12);
    expect(t.perJob.p95Usd).toBeCloseTo(120 * perCoreSecond, 12);
    expect(t.failedShare).toBeCloseTo(30 / 240, 12);
    expect(t.crashedShare).toBeCloseTo(20 / 240, 12);
    expect(t.lostShare).toBeCloseTo(50 / 240, 12);
    const u = out.utilization;
    expect(u.availableCoreSeconds).toBe(7200);
    expect(u.busyCoreSeconds).toBe(240);
    expect(u.utilization).toBeCloseTo(240 / 7200, 12);
    expect(u.idleUsd).toBeCloseTo(6960 * perCoreSecond, 12);
    expect(u.fleetUsd).toBeCloseTo(2 * WORKER_HOUR, 12);
    expect(out.workersSource).toContain('--workers');
    expect(out.rate.name).toBe('fargate-x86');
  });

  it('groups by task and by queue, most expensive first', async () => {
    const byTask = await runCost(store, { since: '1h', workers: '2', by: 'task' }, t0 + HOUR);
    expect(byTask.groups?.map((g) => [g.key, g.jobs, g.attempts, g.cost.coreSeconds])).toEqual([
      ['sim', 2, 3, 180],
      ['etl', 1, 2, 60],
    ]);
    expect(byTask.groups?.[1].crashedShare).toBeCloseTo(20 / 60, 12);
    const byQueue = await runCost(store, { since: '1h', workers: '2', by: 'queue' }, t0 + HOUR);
    expect(byQueue.groups?.map((g) => g.key)).toEqual(['cpu', 'io']);
  });

  it('prices with the chosen rate and memory size', async () => {
    const out = await runCost(store, { since: '1h', workers: '2', pricing: 'ec2-c7g', memoryGb: '4' }, t0 + HOUR);
    expect(out.totals.cost.usd).toBeCloseTo((240 / 3600) * 0.03625, 12);
    expect(out.totals.cost.memoryUsd).toBe(0);
  });

  it('a window that ends before the attempts sees nothing; defaults to this machine’s cores', async () => {
    const out = await runCost(store, { since: '1h' }, t0 - 1);
    expect(out.totals.attempts).toBe(0);
    expect(out.workersSource).toContain('os.availableParallelism()');
  });

  it('the text view states the worker count and where it came from', async () => {
    const out = await runCost(store, { since: '1h', by: 'task' }, t0 + HOUR);
    const text = formatCostReport(out, { rate: out.rate, sinceText: '1h', workersSource: out.workersSource });
    expect(text).toMatch(/utilization 3\.3% = busy 240\.0 s/);
    expect(text).toContain('os.availableParallelism() on this machine');
    expect(text).toMatch(/^sim\s+\$/m);
    expect(text).toMatch(/= 20\.8% of spend/);
  });

  it.each([
    [{ since: '0s' }, /longer than 0/],
    [{ since: '1' }, /give a unit/],
    [{ by: 'worker' }, /--by must be task or queue/],
    [{ workers: '0' }, /--workers must be a whole number/],
    [{ memoryGb: '-1' }, /--memory-gb/],
    [{ pricing: 'gcp' }, /unknown pricing "gcp"/],
  ])('bad options %j are coded errors', async (opts, message) => {
    const err = await runCost(store, opts, t0 + HOUR).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    expect(err.message).toMatch(message);
  });
});

describe('reading attempts in pages', () => {
  let clock: ManualClock;
  let store: Store;
  beforeEach(async () => {
    clock = new ManualClock();
    store = await openStore('sqlite::memory:', { clock });
  });
  afterEach(async () => {
    await store.close();
  });

  /** n jobs claimed together and completed in the same millisecond. */
  async function finishTogether(n: number) {
    await store.enqueue(Array.from({ length: n }, () => ({ task: 't' })));
    const jobs = await store.claim({ workerId: 'w', limit: n, leaseMs: 60_000 });
    clock.advance(1_000);
    await store.complete(jobs.map((j) => ({ id: j.id, token: j.leaseToken as number, metrics: { wallMs: 1_000 } })));
  }

  it('ties on endedAt across a page edge are neither lost nor counted twice', async () => {
    const since = clock.now();
    await finishTogether(3);
    await finishTogether(4);
    await finishTogether(2);
    const { attempts, truncated } = await readFinishedAttempts(store, { since, until: clock.now(), pageSize: 5 });
    expect(truncated).toBe(false);
    expect(attempts).toHaveLength(9);
    expect(new Set(attempts.map((a) => a.jobId)).size).toBe(9);
  });

  it('says truncated rather than looping when more rows share one millisecond than a page holds', async () => {
    const since = clock.now();
    await finishTogether(7);
    const { attempts, truncated } = await readFinishedAttempts(store, { since, until: clock.now(), pageSize: 3 });
    expect(truncated).toBe(true);
    expect(attempts).toHaveLength(3);
  });

  it('stops at max and says so', async () => {
    const since = clock.now();
    for (let i = 0; i < 4; i++) await finishTogether(2);
    const r = await readFinishedAttempts(store, { since, until: clock.now(), pageSize: 3, max: 5 });
    expect(r).toMatchObject({ truncated: true });
    expect(r.attempts).toHaveLength(5);
  });
});

describe('utilization is clipped to the window', () => {
  const rate = pickRate(loadRateTable({ env: {} }), 'fargate-x86');
  const a = (startedAt: number, endedAt: number): FinishedAttempt => ({
    jobId: startedAt,
    task: 't',
    queue: 'q',
    attempt: 1,
    outcome: 'succeeded',
    startedAt,
    endedAt,
    waitMs: 0,
    wallMs: endedAt - startedAt,
    cpuMs: endedAt - startedAt,
    peakMemBytes: null,
  });

  it('an attempt begun before the window counts only its part inside for utilization, in full for spend', () => {
    const r = costReport({
      attempts: [a(-30_000, 30_000), a(100_000, 160_000)],
      since: 0,
      until: 600_000,
      workers: 1,
      basis: { rate, memoryGbPerWorker: 2 },
    });
    expect(r.utilization.busyCoreSeconds).toBe(90);
    expect(r.utilization.utilization).toBeCloseTo(90 / 600, 12);
    expect(r.totals.cost.coreSeconds).toBe(120);
  });

  it('more busy time than the workers could give is flagged, not hidden', () => {
    const r = costReport({
      attempts: [a(0, 600_000), a(0, 600_000)],
      since: 0,
      until: 600_000,
      workers: 1,
      basis: { rate, memoryGbPerWorker: 2 },
    });
    expect(r.utilization.utilization).toBe(2);
    expect(r.notes.join('\n')).toMatch(/--workers is too low/);
  });
});
