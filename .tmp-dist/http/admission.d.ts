import type { Clock } from '../core/clock.js';
import type { QueueConfig, Store } from '../store/store.js';
import type { QueueView } from './schemas.js';
/**
 * Admission control without counting the hot table per request: one
 * `store.stats()` snapshot on a timer, plus the jobs this process admitted
 * since that snapshot began. A queue's estimated depth is snapshot depth +
 * admitted-since; an enqueue that would take it past the queue's bound is
 * refused with a Retry-After from the queue's measured drain rate.
 *
 * Admissions are reserved before the store call and given back for
 * idempotent hits and failures, so concurrent requests cannot overshoot the
 * bound from this process. Other producers (another API process, the CLI)
 * are seen at the next snapshot; between snapshots the bound can be
 * exceeded by what they enqueue in one interval.
 *
 * Drain rate per queue: jobs that left the waiting set per second between
 * two snapshots, taken as the larger of two lower bounds: (previous depth +
 * admitted here − current depth), which misses other producers' arrivals,
 * and the growth of running+final counts, which misses pruned rows. Smoothed
 * with an EWMA (α = 0.3).
 */
export declare class QueueMonitor {
    private readonly store;
    private readonly clock;
    private readonly defaultMaxDepth;
    private stats;
    private configs;
    private admitted;
    private rates;
    private at;
    private refreshing;
    constructor(store: Store, clock: Clock, defaultMaxDepth: number);
    get snapshotAt(): number;
    refresh(): Promise<void>;
    private doRefresh;
    config(queue: string): QueueConfig;
    /** Queues whose results a CDN may cache publicly (as of the last snapshot). */
    publicQueues(): Set<string>;
    /** Records a local change (pause, resume) so the next read does not wait for the timer. */
    noteConfig(config: QueueConfig): void;
    maxDepth(queue: string): number;
    depth(queue: string): number;
    drainPerSec(queue: string): number;
    /**
     * Reserves room for `wanted` jobs per queue, all or nothing; throws
     * CB_QUEUE_FULL (429) naming the first full queue. Returns a function that
     * gives back the unused part of the reservation.
     */
    reserve(wanted: Map<string, number>): (unused: Map<string, number>) => void;
    /** Seconds until `excess` jobs have drained at the measured rate, within [1, 300]. */
    retryAfterSeconds(queue: string, excess: number): number;
    views(): QueueView[];
}
