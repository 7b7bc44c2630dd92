import { type Clock } from '../core/clock.js';
import { type CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import type { NodeStatsSource, QueueSnapshotSource } from './metrics.js';
/**
 * Short history for the dashboard, kept in memory and sampled on a timer
 * shared by every viewer (GET /v1/stats only reads it):
 *
 * - attempt throughput by outcome, in fixed buckets of `bucketMs` by the
 *   attempt's end time, from an incremental read of finished attempts (an
 *   indexed range over new rows only; every node's attempts, prune-proof);
 * - waiting and running totals from the shared queue snapshot;
 * - per-worker utilization of the node in this process (busy-time deltas),
 *   and this process's CPU over the machine's cores;
 * - cost so far: every attempt read since this process started, priced
 *   with the configured rate.
 */
export interface StatsHistoryOptions {
    monitor: QueueSnapshotSource;
    store?: Pick<Store, 'finishedAttempts'>;
    node?: NodeStatsSource;
    cost?: CostBasis | null;
    clock?: Clock;
    intervalMs?: number;
    windowMs?: number;
    bucketMs?: number;
}
export interface ThroughputBucket {
    t: number;
    succeeded: number;
    failed: number;
    crashed: number;
}
export interface UtilizationSample {
    t: number;
    /** Busy fraction per worker thread, index order. */
    workers: number[];
    /** This process's CPU over all cores of the machine. */
    cpu: number;
}
export declare class StatsHistory {
    private readonly opts;
    readonly intervalMs: number;
    readonly windowMs: number;
    readonly bucketMs: number;
    readonly startedAt: number;
    private readonly clock;
    private readonly buckets;
    private readonly depth;
    private readonly util;
    private readonly seen;
    private since;
    private spent;
    private readonly byTask;
    private lastNode;
    private timer;
    private ticking;
    private failures;
    private behind;
    constructor(opts: StatsHistoryOptions);
    start(): this;
    stop(): void;
    /** Takes one sample now; concurrent calls share it. */
    tick(): Promise<void>;
    /** How many tick failures in a row (store unreachable); the view still serves the last data. */
    get failing(): number;
    private sample;
    private sampleNode;
    private readAttempts;
    private count;
    private trim;
    /** Throughput per second in each bucket of the window, oldest first, gaps filled with zeros; the current (partial) bucket is left out. */
    throughput(): ThroughputBucket[];
    depthSeries(): {
        t: number;
        waiting: number;
        running: number;
    }[];
    utilization(): UtilizationSample[];
    costSoFar(): {
        since: number;
        rate: string;
        usd: number;
        coreSeconds: number;
        cpuSeconds: number;
        byTask: {
            usd: number;
            attempts: number;
            cpuSeconds: number;
            task: string;
        }[];
    } | null;
}
