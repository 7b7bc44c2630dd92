import type { QueueStats } from '../store/store.js';
import { plan } from './planner.js';
import type { ServiceTime } from './service-time.js';

/**
 * The autoscaling signal (served as GET /v1/scaling and as metrics).
 *
 * backlogPerWorker = (queued + running) / workers. Counting running jobs is
 * the point: a fleet that is 100% busy with an empty queue reads 1.0, not 0,
 * so a target-tracking policy aimed at ~1 does not scale a busy fleet in.
 * The value falls as workers are added, which is what target tracking needs.
 *
 * recommendedWorkers = the planner's steady-state count for the measured
 * arrival rate and service time at the declared wait SLO, plus enough extra
 * workers to drain the backlog above the steady-state queue within
 * `drainWithinMs`. Never 0 while anything is queued or running.
 */
export interface ScalingInput {
  stats: readonly Pick<QueueStats, 'queue' | 'counts'>[];
  /** Only these queues (all when omitted). */
  queues?: readonly string[];
  /** Workers serving these queues now, across the fleet. */
  workers: number;
  /** Measured attempt arrivals per second (see measureArrivalRate); null when unknown. */
  arrivalPerSec: number | null;
  /** Measured service time (see measureService); null when there is no history yet. */
  service: Pick<ServiceTime, 'meanMs' | 'cv'> | null;
  waitSloMs: number;
  percentile: number;
  /** How soon a backlog above the steady state should be cleared (default 5 minutes). */
  drainWithinMs?: number;
  minWorkers?: number;
  maxWorkers?: number;
}

export interface ScalingSignal {
  queued: number;
  running: number;
  /** queued + running. */
  inFlight: number;
  workers: number;
  /** inFlight / workers; inFlight itself when there are no workers, so scale-from-zero sees the work. */
  backlogPerWorker: number;
  /** Null when there is work but no service-time history to size it with. */
  recommendedWorkers: number | null;
  /** The planner's answer for the measured load, before backlog drain. */
  steadyStateWorkers: number | null;
  /** Extra workers to clear the excess backlog within drainWithinMs. */
  drainWorkers: number;
  /** Queue length the planner expects at the steady state (λ × mean wait). */
  expectedQueued: number | null;
  reason: string;
}

export const DEFAULT_DRAIN_WITHIN_MS = 5 * 60_000;

export function scalingSignal(input: ScalingInput): ScalingSignal {
  const wanted = input.queues ? new Set(input.queues) : null;
  let queued = 0;
  let running = 0;
  for (const s of input.stats) {
    if (wanted && !wanted.has(s.queue)) continue;
    queued += s.counts.queued ?? 0;
    running += s.counts.running ?? 0;
  }
  const inFlight = queued + running;
  const workers = Math.max(0, input.workers);
  const backlogPerWorker = workers > 0 ? inFlight / workers : inFlight;
  const base = { queued, running, inFlight, workers, backlogPerWorker };
  const clamp = (n: number) => Math.min(input.maxWorkers ?? Number.POSITIVE_INFINITY, Math.max(input.minWorkers ?? 0, n));
  const arrival = input.arrivalPerSec ?? 0;

  if (!input.service || input.service.meanMs <= 0) {
    if (inFlight === 0 && arrival === 0) {
      return { ...base, recommendedWorkers: clamp(0), steadyStateWorkers: 0, drainWorkers: 0, expectedQueued: 0, reason: 'idle' };
    }
    return {
      ...base,
      recommendedWorkers: null,
      steadyStateWorkers: null,
      drainWorkers: 0,
      expectedQueued: null,
      reason: 'no service-time history yet: scale on backlogPerWorker until attempts have finished',
    };
  }

  let steady = 0;
  let expectedQueued = 0;
  if (arrival > 0) {
    const p = plan({
      arrivalPerSec: arrival,
      service: { shape: 'measured', meanMs: input.service.meanMs, cv: input.service.cv },
      waitSloMs: input.waitSloMs,
      percentile: input.percentile,
    });
    steady = p.chosen.cores;
    expectedQueued = arrival * (p.chosen.meanWaitMs / 1000);
  }
  const excess = Math.max(0, queued - expectedQueued);
  const drainWithin = input.drainWithinMs ?? DEFAULT_DRAIN_WITHIN_MS;
  const drainWorkers = excess > 0 ? Math.ceil((excess * input.service.meanMs) / drainWithin) : 0;
  const recommended = clamp(Math.max(steady + drainWorkers, inFlight > 0 ? 1 : 0));
  const reason =
    arrival > 0
      ? `planner: ${steady} workers for ${arrival.toFixed(3)}/s at mean ${(input.service.meanMs / 1000).toFixed(2)}s` +
        (drainWorkers > 0 ? ` + ${drainWorkers} to drain ${Math.round(excess)} excess queued` : '')
      : inFlight > 0
        ? `no recent arrivals; ${drainWorkers || 1} to finish the ${inFlight} in flight`
        : 'idle';
  return { ...base, recommendedWorkers: recommended, steadyStateWorkers: steady, drainWorkers, expectedQueued, reason };
}
