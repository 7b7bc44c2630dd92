import { ErrorCodes } from '../core/errors.js';
import { type CostBasis, costOfUsage } from '../cost/attempt-cost.js';
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

const FAILURES = new Set(['error', 'timeout', 'crash', 'oom']);
const CRASHES = new Set(['crash', 'oom']);

/** Why an attempt that left its job dead killed it; the event carries the job as it was claimed. */
export function deadReasonOf(e: Pick<AttemptEvent, 'job' | 'outcome' | 'error'>): 'exhausted' | 'non_retryable' | 'poison' {
  if (CRASHES.has(e.outcome)) return 'poison';
  if (e.error?.code === ErrorCodes.UNKNOWN_TASK) return 'non_retryable';
  return e.job.errors + 1 >= e.job.maxAttempts ? 'exhausted' : 'non_retryable';
}

/** Counts one settled attempt into the job metrics. */
export function recordAttempt(metrics: CoreboundMetrics, e: AttemptEvent, cost?: CostBasis | null): void {
  const labels = { queue: e.job.queue, task: e.job.task };
  if (e.outcome === 'succeeded') metrics.succeeded.inc(labels);
  else if (e.outcome === 'released') metrics.released.inc(labels);
  else if (e.outcome === 'lost' || e.outcome === 'stale') metrics.leasesLost.inc(labels);
  if (FAILURES.has(e.outcome)) metrics.failed.inc({ ...labels, kind: e.outcome });
  if (CRASHES.has(e.outcome)) metrics.crashes.inc({ ...labels, kind: e.outcome });
  if (e.state === 'dead') metrics.dead.inc({ ...labels, reason: deadReasonOf(e) });

  const m = e.metrics;
  if (m.waitMs !== undefined) metrics.waitSeconds.observe(labels, m.waitMs / 1000);
  if (m.wallMs !== undefined) {
    metrics.runSeconds.observe({ ...labels, outcome: e.outcome }, m.wallMs / 1000);
    metrics.coreSeconds.inc(labels, m.wallMs / 1000);
    if (cost) metrics.costUsd.inc(labels, costOfUsage(m.wallMs, m.cpuMs ?? 0, cost).usd);
  }
  if (m.cpuMs !== undefined && m.cpuMs > 0) metrics.cpuSeconds.inc(labels, m.cpuMs / 1000);
}

/**
 * Subscribes the metrics to a node: its 'attempt' events feed the job
 * counters and histograms; its stats() feed the worker gauges at scrape
 * time. Returns a function that unsubscribes.
 */
export function attachNodeMetrics(node: ObservableNode, metrics: CoreboundMetrics, opts: NodeMetricsOptions = {}): () => void {
  const listener = (e: AttemptEvent) => recordAttempt(metrics, e, opts.cost);
  node.on('attempt', listener);
  metrics.observeNode(node);
  return () => {
    node.off('attempt', listener);
  };
}
