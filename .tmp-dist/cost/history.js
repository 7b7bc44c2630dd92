import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { attemptWallMs } from './attempt-cost.js';
import { coefficientOfVariation, mean, percentile } from './stats.js';
/** Attempts that held a worker: everything that finished except a zero-length record. */
function worked(attempts) {
    const wall = [];
    const jobs = new Set();
    for (const a of attempts) {
        const w = attemptWallMs(a);
        if (w <= 0)
            continue;
        wall.push(w);
        jobs.add(a.jobId);
    }
    return { wall, jobs };
}
/** Mean and cv of attempt wall times; throws CB_NOT_FOUND when there is nothing to measure. */
export function measureService(attempts, what, minSamples = 2) {
    const { wall, jobs } = worked(attempts);
    if (wall.length < minSamples) {
        throw new CoreboundError(ErrorCodes.NOT_FOUND, wall.length === 0
            ? `no finished attempts of ${what} to measure a service time from; run some jobs first or give --service-time`
            : `only ${wall.length} finished attempt(s) of ${what}; need at least ${minSamples} to measure a service time`);
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
export function measureArrivalRate(attempts, window, inFlightNow = 0) {
    const seconds = (window.until - window.since) / 1000;
    if (seconds <= 0)
        return 0;
    let n = 0;
    for (const a of attempts) {
        const arrivedAt = a.startedAt - (a.waitMs ?? 0);
        if (arrivedAt >= window.since && arrivedAt <= window.until)
            n++;
    }
    return (n + inFlightNow) / seconds;
}
//# sourceMappingURL=history.js.map