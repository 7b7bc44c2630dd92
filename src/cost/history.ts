import { CoreboundError, ErrorCodes } from '../core/errors.js';
import type { FinishedAttempt } from '../store/store.js';
import { attemptWallMs } from './attempt-cost.js';
import type { ServiceTime } from './service-time.js';
import { coefficientOfVariation, mean, percentile } from './stats.js';

/**
 * Measured inputs for the planner and the scaling signal. Every attempt
 * holds a worker for its wall time, failed or not, so the service-time
 * distribution is over attempts, and retries show up as extra arrivals
 * (attemptsPerJob) rather than as longer jobs.
 */
export interface MeasuredService extends ServiceTime {
  shape: 'measured';
  samples: number;
  jobs: number;
  /** Finished attempts per distinct job in the window; > 1 when jobs retry or crash. */
  attemptsPerJob: number;
  p50Ms: number;
  p95Ms: number;
}

/** Attempts that held a worker: everything that finished except a zero-length record. */
function worked(attempts: readonly FinishedAttempt[]): { wall: number[]; jobs: Set<number> } {
  const wall: number[] = [];
  const jobs = new Set<number>();
  for (const a of attempts) {
    const w = attemptWallMs(a);
    if (w <= 0) continue;
    wall.push(w);
    jobs.add(a.jobId);
  }
  return { wall, jobs };
}

/** Mean and cv of attempt wall times; throws CB_NOT_FOUND when there is nothing to measure. */
export function measureService(attempts: readonly FinishedAttempt[], what: string, minSamples = 2): MeasuredService {
  const { wall, jobs } = worked(attempts);
  if (wall.length < minSamples) {
    throw new CoreboundError(
      ErrorCodes.NOT_FOUND,
      wall.length === 0
        ? `no finished attempts of ${what} to measure a service time from; run some jobs first or give --service-time`
        : `only ${wall.length} finished attempt(s) of ${what}; need at least ${minSamples} to measure a service time`,
    );
  }
  return {
    shape: 'measured',
    meanMs: mean(wall),
    cv: coefficientOfVariation(wall),
    samples: wall.length,
    jobs: jobs.size,
    attemptsPerJob: wall.length / jobs.size,
    p50Ms: percentile(wall, 0.5),
    p95Ms: percentile(wall, 0.95),
  };
}

/**
 * Attempt arrivals per second over [since, until]: attempts whose wait began
 * in the window (startedAt − waitMs), plus the jobs in flight now, which have
 * arrived but not finished. Assumes the in-flight ones arrived within the
 * window, so a short window over a large old backlog reads high; that errs
 * towards more workers, which is the safe side for a scaling signal.
 */
export function measureArrivalRate(
  attempts: readonly FinishedAttempt[],
  window: { since: number; until: number },
  inFlightNow = 0,
): number {
  const seconds = (window.until - window.since) / 1000;
  if (seconds <= 0) return 0;
  let n = 0;
  for (const a of attempts) {
    const arrivedAt = a.startedAt - (a.waitMs ?? 0);
    if (arrivedAt >= window.since && arrivedAt <= window.until) n++;
  }
  return (n + inFlightNow) / seconds;
}
