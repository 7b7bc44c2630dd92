import type { FinishedAttempt } from '../store/store.js';
import type { ServiceTime } from './service-time.js';
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
/** Mean and cv of attempt wall times; throws CB_NOT_FOUND when there is nothing to measure. */
export declare function measureService(attempts: readonly FinishedAttempt[], what: string, minSamples?: number): MeasuredService;
/**
 * Attempt arrivals per second over [since, until]: attempts whose wait began
 * in the window (startedAt − waitMs), plus the jobs in flight now, which have
 * arrived but not finished. Assumes the in-flight ones arrived within the
 * window, so a short window over a large old backlog reads high; that errs
 * towards more workers, which is the safe side for a scaling signal.
 */
export declare function measureArrivalRate(attempts: readonly FinishedAttempt[], window: {
    since: number;
    until: number;
}, inFlightNow?: number): number;
