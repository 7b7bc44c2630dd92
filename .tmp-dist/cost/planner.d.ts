import type { Rate } from './rates.js';
import type { ServiceTime } from './service-time.js';
/**
 * How many cores for this arrival rate, service time and wait target.
 *
 * M/M/c (Poisson arrivals, c workers, one job per worker), Erlang C:
 *   a = λ·E[S] (offered load),  θ = cμ − λ = (c − a)/E[S]
 *   P(W > 0) = C(c, a),  P(W > t) = C·e^(−θt),  E[W] = C/θ
 * For service times that are not exponential, the wait is scaled by
 * k = (1 + cs²)/2 (Allen–Cunneen with Poisson arrivals, cs = the service
 * time's coefficient of variation): P(W > t) ≈ C·e^(−θt/k), E[W] ≈ k·C/θ.
 * k = 1 for exponential service (exact M/M/c), 1/2 for constant. See
 * docs/cost.md for where this approximation holds and where it does not.
 */
export interface PlanInput {
    /** Arrivals per second (of attempts, if service is per attempt). */
    arrivalPerSec: number;
    service: ServiceTime;
    waitSloMs: number;
    /** e.g. 0.95: at least this share of jobs wait no longer than waitSloMs. */
    percentile: number;
    /** Evaluate this many cores instead of searching. */
    cores?: number;
    /** Search bound (default 1,000,000). */
    maxCores?: number;
}
export interface QueueEstimate {
    cores: number;
    /** Offered load a = λ·E[S], in erlangs (busy cores on average). */
    offeredLoad: number;
    /** a / c. */
    utilization: number;
    /** P(wait > 0): Erlang C. */
    pWait: number;
    /** P(wait > SLO). */
    pWaitOverSlo: number;
    meanWaitMs: number;
    /** The wait at the requested percentile. */
    percentileWaitMs: number;
    meetsSlo: boolean;
}
export interface Plan {
    model: 'M/M/c' | 'M/G/c (Allen–Cunneen)';
    /** (1 + cs²)/2; 1 for exponential service. */
    varianceFactor: number;
    offeredLoad: number;
    chosen: QueueEstimate;
    /** The chosen count's neighbours (up to two fewer, one more), for seeing how steep the curve is. */
    around: QueueEstimate[];
}
export declare const DEFAULT_MAX_CORES = 1000000;
export declare function varianceFactor(cv: number): number;
/** The queue's behaviour with exactly c cores; throws when c ≤ a (the backlog would grow forever). */
export declare function evaluate(c: number, input: PlanInput): QueueEstimate;
export declare function plan(input: PlanInput): Plan;
export interface PlanCost {
    name: string;
    label: string;
    usdPerHour: number;
    /** usdPerHour over the jobs that arrive in an hour: what a job costs including the idle headroom. */
    usdPerJob: number;
    /** The same job on a fleet that is never idle: the floor no sizing can beat. */
    busyUsdPerJob: number;
}
/**
 * $ for a fleet of `cores` workers under each rate. `jobsPerSec` may differ
 * from the planner's arrival rate when that counts attempts (retries).
 */
export declare function planCosts(cores: number, jobsPerSec: number, serviceMsPerJob: number, rates: readonly Pick<Rate, 'name' | 'label' | 'vcpuHour' | 'gbHour'>[], memoryGbPerWorker: number): PlanCost[];
