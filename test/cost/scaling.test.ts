import { describe, expect, it } from 'vitest';
import type { JobState } from '../../src/core/job.js';
import { measureArrivalRate, measureService } from '../../src/cost/history.js';
import { plan } from '../../src/cost/planner.js';
import { scalingSignal } from '../../src/cost/scaling.js';
import type { FinishedAttempt } from '../../src/store/store.js';

const counts = (queued: number, running: number) =>
  ({ scheduled: 0, queued, running, retrying: 0, succeeded: 100, dead: 3, cancelled: 0 }) as Record<JobState, number>;
const slo = { waitSloMs: 60_000, percentile: 0.95 };
const exp60 = { meanMs: 60_000, cv: 1 };

describe('backlog per worker', () => {
  it('a busy fleet with an empty queue reads 1, not 0', () => {
    const s = scalingSignal({ stats: [{ queue: 'a', counts: counts(0, 4) }], workers: 4, arrivalPerSec: null, service: null, ...slo });
    expect(s).toMatchObject({ queued: 0, running: 4, inFlight: 4, backlogPerWorker: 1 });
  });

  it('counts queued and running over the chosen queues only', () => {
    const stats = [
      { queue: 'a', counts: counts(6, 4) },
      { queue: 'b', counts: counts(100, 0) },
    ];
    expect(scalingSignal({ stats, queues: ['a'], workers: 5, arrivalPerSec: null, service: null, ...slo }).backlogPerWorker).toBe(2);
    expect(scalingSignal({ stats, workers: 5, arrivalPerSec: null, service: null, ...slo }).backlogPerWorker).toBe(22);
  });

  it('with no workers it reads the in-flight count, so scale-from-zero sees the work', () => {
    const s = scalingSignal({ stats: [{ queue: 'a', counts: counts(5, 0) }], workers: 0, arrivalPerSec: null, service: null, ...slo });
    expect(s.backlogPerWorker).toBe(5);
  });
});

describe('recommended workers', () => {
  it('is the planner’s answer for the measured load when the backlog is at its steady-state size', () => {
    const s = scalingSignal({ stats: [{ queue: 'a', counts: counts(3, 30) }], workers: 33, arrivalPerSec: 0.5, service: exp60, ...slo });
    expect(s.steadyStateWorkers).toBe(33);
    expect(s.drainWorkers).toBe(0);
    expect(s.recommendedWorkers).toBe(33);
    // λ × E[W] for 33 cores: 0.5/s × 9.81 s.
    expect(s.expectedQueued).toBeCloseTo(0.5 * (plan({ arrivalPerSec: 0.5, service: { shape: 'exponential', ...exp60 }, ...slo }).chosen.meanWaitMs / 1000), 9);
  });

  it('adds workers to drain an excess backlog within the drain horizon', () => {
    const s = scalingSignal({ stats: [{ queue: 'a', counts: counts(300, 33) }], workers: 33, arrivalPerSec: 0.5, service: exp60, ...slo });
    // (300 − 4.9 expected) × 60 s ÷ 300 s = 59.02 → 60 extra workers.
    expect(s.drainWorkers).toBe(60);
    expect(s.recommendedWorkers).toBe(93);
    const slower = scalingSignal({ stats: [{ queue: 'a', counts: counts(300, 33) }], workers: 33, arrivalPerSec: 0.5, service: exp60, ...slo, drainWithinMs: 600_000 });
    expect(slower.drainWorkers).toBe(30);
  });

  it('is never 0 while work is in flight, and 0 when idle; min/max clamp it', () => {
    const finishing = scalingSignal({ stats: [{ queue: 'a', counts: counts(0, 2) }], workers: 2, arrivalPerSec: 0, service: exp60, ...slo });
    expect(finishing.recommendedWorkers).toBe(1);
    const idle = scalingSignal({ stats: [{ queue: 'a', counts: counts(0, 0) }], workers: 2, arrivalPerSec: 0, service: exp60, ...slo });
    expect(idle.recommendedWorkers).toBe(0);
    expect(scalingSignal({ stats: [], workers: 2, arrivalPerSec: 0, service: exp60, ...slo, minWorkers: 1 }).recommendedWorkers).toBe(1);
    const capped = scalingSignal({ stats: [{ queue: 'a', counts: counts(300, 33) }], workers: 33, arrivalPerSec: 0.5, service: exp60, ...slo, maxWorkers: 50 });
    expect(capped.recommendedWorkers).toBe(50);
  });

  it('is null, with a reason, when there is work but no service-time history yet', () => {
    const s = scalingSignal({ stats: [{ queue: 'a', counts: counts(4, 0) }], workers: 1, arrivalPerSec: 0.1, service: null, ...slo });
    expect(s.recommendedWorkers).toBeNull();
    expect(s.reason).toMatch(/no service-time history/);
  });
});

describe('measuring the workload', () => {
  const att = (jobId: number, attempt: number, startedAt: number, wallMs: number, waitMs = 0, outcome: FinishedAttempt['outcome'] = 'succeeded'): FinishedAttempt => ({
    jobId,
    task: 't',
    queue: 'q',
    attempt,
    outcome,
    startedAt,
    endedAt: startedAt + wallMs,
    waitMs,
    wallMs,
    cpuMs: wallMs,
    peakMemBytes: null,
  });

  it('service time is the mean and cv of attempt wall times; retries raise attempts per job', () => {
    const m = measureService([att(1, 1, 0, 40_000, 0, 'error'), att(1, 2, 50_000, 60_000), att(2, 1, 0, 80_000)], 'task t');
    expect(m.meanMs).toBe(60_000);
    expect(m.cv).toBeCloseTo(20_000 / 60_000, 12); // sample sd of 40, 60, 80 s is 20 s
    expect(m.samples).toBe(3);
    expect(m.jobs).toBe(2);
    expect(m.attemptsPerJob).toBe(1.5);
    expect(m.p95Ms).toBe(80_000);
  });

  it('no history is a not-found error that says what to do', () => {
    expect(() => measureService([], 'task "render"')).toThrow(expect.objectContaining({ code: 'CB_NOT_FOUND' }));
    expect(() => measureService([], 'task "render"')).toThrow(/give --service-time/);
    expect(() => measureService([att(1, 1, 0, 1_000)], 'x')).toThrow(/need at least 2/);
  });

  it('arrivals are counted when their wait began, plus what is in flight now', () => {
    const window = { since: 100_000, until: 200_000 };
    const attempts = [
      att(1, 1, 90_000, 5_000), // arrived at 90 s: before the window
      att(2, 1, 120_000, 5_000, 30_000), // arrived at 90 s too (waited 30 s)
      att(3, 1, 150_000, 5_000, 10_000), // arrived at 140 s
      att(4, 1, 160_000, 5_000), // arrived at 160 s
    ];
    expect(measureArrivalRate(attempts, window)).toBeCloseTo(2 / 100, 12);
    expect(measureArrivalRate(attempts, window, 3)).toBeCloseTo(5 / 100, 12);
  });
});
