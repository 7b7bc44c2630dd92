import { Counter, Histogram, Registry } from 'prom-client';
import type { NodeStats } from '../runtime/node-options.js';
/**
 * Prometheus metrics for one node or API process, in a registry of their
 * own (not prom-client's global one), so tests and embedders can run several
 * side by side. Names follow the Prometheus conventions: a `corebound_`
 * prefix, base units (seconds, bytes, USD), `_total` on counters.
 *
 * Cardinality is bounded: labels are queue, task, outcome/kind/state/reason
 * (closed sets), store op, HTTP route pattern, and worker index (≤ cores).
 * Never a job id.
 *
 * Gauges about queues are read from the shared stats snapshot at scrape time
 * (see `observeQueues`), so a scrape never counts the jobs table.
 */
/** What the queue gauges read: the shared snapshot (src/http/admission.ts QueueMonitor satisfies it). */
export interface QueueSnapshotSource {
    readonly snapshotAt: number;
    views(): QueueSnapshotView[];
}
export interface QueueSnapshotView {
    queue: string;
    paused: boolean;
    depth: number;
    running: number;
    counts: Record<string, number>;
    oldestAgeMs: number | null;
    drainPerSec: number;
}
/** What the worker gauges read: a running node (src/runtime/supervisor.ts Node satisfies it). */
export interface NodeStatsSource {
    stats(): NodeStats;
}
export interface MetricsOptions {
    /** Also collect prom-client's process and Node.js runtime metrics (heap, GC, event loop lag). Default true. */
    defaultMetrics?: boolean;
    /** Labels added to every series, e.g. { node: 'worker-3' }. */
    defaultLabels?: Record<string, string>;
    clock?: {
        now(): number;
    };
}
export declare class CoreboundMetrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    private readonly clock;
    private queueSource;
    private nodeSource;
    readonly enqueued: Counter<'queue' | 'task'>;
    readonly started: Counter<'queue' | 'task'>;
    readonly succeeded: Counter<'queue' | 'task'>;
    readonly failed: Counter<'queue' | 'task' | 'kind'>;
    readonly dead: Counter<'queue' | 'task' | 'reason'>;
    readonly released: Counter<'queue' | 'task'>;
    readonly leasesLost: Counter<'queue' | 'task'>;
    readonly crashes: Counter<'queue' | 'task' | 'kind'>;
    readonly cpuSeconds: Counter<'queue' | 'task'>;
    readonly coreSeconds: Counter<'queue' | 'task'>;
    readonly costUsd: Counter<'queue' | 'task'>;
    readonly waitSeconds: Histogram<'queue' | 'task'>;
    readonly runSeconds: Histogram<'queue' | 'task' | 'outcome'>;
    readonly storeSeconds: Histogram<'op'>;
    readonly storeErrors: Counter<'op'>;
    readonly admissionRejections: Counter<'queue'>;
    readonly httpSeconds: Histogram<'method' | 'route' | 'status'>;
    constructor(opts?: MetricsOptions);
    /** Feeds the queue gauges from the shared stats snapshot. */
    observeQueues(source: QueueSnapshotSource): this;
    /** Feeds the worker and utilization gauges from a node in this process. */
    observeNode(source: NodeStatsSource): this;
    /** The text exposition format, for GET /metrics. */
    render(): Promise<{
        contentType: string;
        body: string;
    }>;
    private queueGauges;
    private nodeGauges;
}
export declare function createMetrics(opts?: MetricsOptions): CoreboundMetrics;
