import { type CostBasis } from '../cost/attempt-cost.js';
import type { AttemptEvent, NodeStats } from '../runtime/node-options.js';
import type { CoreboundMetrics } from './metrics.js';
/** What telemetry needs from a node (src/runtime/supervisor.ts Node). */
export interface ObservableNode {
    readonly workerId: string;
    on(event: 'attempt', listener: (e: AttemptEvent) => void): unknown;
    off(event: 'attempt', listener: (e: AttemptEvent) => void): unknown;
    stats(): NodeStats;
}
export interface NodeMetricsOptions {
    /** Rate used for corebound_job_cost_usd_total; omitted or null: cost is not counted. */
    cost?: CostBasis | null;
}
/** Why an attempt that left its job dead killed it; the event carries the job as it was claimed. */
export declare function deadReasonOf(e: Pick<AttemptEvent, 'job' | 'outcome' | 'error'>): 'exhausted' | 'non_retryable' | 'poison';
/** Counts one settled attempt into the job metrics. */
export declare function recordAttempt(metrics: CoreboundMetrics, e: AttemptEvent, cost?: CostBasis | null): void;
/**
 * Subscribes the metrics to a node: its 'attempt' events feed the job
 * counters and histograms; its stats() feed the worker gauges at scrape
 * time. Returns a function that unsubscribes.
 */
export declare function attachNodeMetrics(node: ObservableNode, metrics: CoreboundMetrics, opts?: NodeMetricsOptions): () => void;
