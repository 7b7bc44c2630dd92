import { availableParallelism } from 'node:os';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
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
  clock?: { now(): number };
}

/** Job times: CPU-bound work spans milliseconds to an hour. */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

const JOB = ['queue', 'task'] as const;

export class CoreboundMetrics {
  readonly registry = new Registry();
  private readonly clock: { now(): number };
  private queueSource: QueueSnapshotSource | null = null;
  private nodeSource: NodeStatsSource | null = null;

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

  constructor(opts: MetricsOptions = {}) {
    this.clock = opts.clock ?? { now: () => Date.now() };
    const registers = [this.registry];
    if (opts.defaultLabels) this.registry.setDefaultLabels(opts.defaultLabels);
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter<L>({ name, help, labelNames, registers });

    this.enqueued = counter('corebound_jobs_enqueued_total', 'Jobs created by enqueue through this process.', JOB);
    this.started = counter('corebound_jobs_started_total', 'Attempts started: jobs claimed by this node.', JOB);
    this.succeeded = counter('corebound_jobs_succeeded_total', 'Attempts that completed successfully.', JOB);
    this.failed = counter('corebound_jobs_failed_total', 'Attempts that failed, by kind (error, timeout, crash, oom).', [
      ...JOB,
      'kind',
    ]);
    this.dead = counter('corebound_jobs_dead_total', 'Jobs that went dead, by reason (exhausted, non_retryable, poison).', [
      ...JOB,
      'reason',
    ]);
    this.released = counter('corebound_jobs_released_total', 'Attempts handed back unfinished by a graceful drain.', JOB);
    this.leasesLost = counter(
      'corebound_leases_lost_total',
      'Attempts whose lease was lost (rescued, cancelled or fenced) so their outcome was discarded.',
      JOB,
    );
    this.crashes = counter(
      'corebound_crashes_total',
      'Crashed attempts, by kind: crash and oom (seen by this node), lease_expired (rescued by maintenance here).',
      [...JOB, 'kind'],
    );
    this.cpuSeconds = counter('corebound_job_cpu_seconds_total', 'CPU time used by task threads, in seconds.', JOB);
    this.coreSeconds = counter(
      'corebound_job_core_seconds_total',
      'Core-seconds reserved by attempts (one core for the wall time of each attempt).',
      JOB,
    );
    this.costUsd = counter('corebound_job_cost_usd_total', 'Cost of attempts in USD at the configured rate.', JOB);
    this.waitSeconds = new Histogram({
      name: 'corebound_job_wait_seconds',
      help: 'Time from runnable to started, per attempt.',
      labelNames: JOB,
      buckets: JOB_BUCKETS,
      registers,
    });
    this.runSeconds = new Histogram({
      name: 'corebound_job_run_seconds',
      help: 'Wall time of attempts, by outcome.',
      labelNames: [...JOB, 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    this.storeSeconds = new Histogram({
      name: 'corebound_store_operation_seconds',
      help: 'Latency of store operations, by operation.',
      labelNames: ['op'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.storeErrors = counter('corebound_store_errors_total', 'Store operations that threw, by operation.', ['op']);
    this.admissionRejections = counter(
      'corebound_admission_rejections_total',
      'Enqueues refused with 429 because the queue was full.',
      ['queue'],
    );
    this.httpSeconds = new Histogram({
      name: 'corebound_http_request_duration_seconds',
      help: 'HTTP API request latency, by route pattern and status class.',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.queueGauges(registers);
    this.nodeGauges(registers);
  }

  /** Feeds the queue gauges from the shared stats snapshot. */
  observeQueues(source: QueueSnapshotSource): this {
    this.queueSource = source;
    return this;
  }

  /** Feeds the worker and utilization gauges from a node in this process. */
  observeNode(source: NodeStatsSource): this {
    this.nodeSource = source;
    return this;
  }

  /** The text exposition format, for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private queueGauges(registers: Registry[]): void {
    const views = () => this.queueSource?.views() ?? [];
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          // Reset so queues that vanished (pruned) stop being reported.
          this.reset();
          fill(this);
        },
      });
    gauge('corebound_queue_jobs', 'Jobs per queue and state, from the stats snapshot (waiting and running counts stop at 1,000,000 or past the largest max depth, finished ones at 100,000).', ['queue', 'state'], (g) => {
      for (const v of views()) for (const [state, n] of Object.entries(v.counts)) g.set({ queue: v.queue, state }, n);
    });
    gauge('corebound_queue_depth', 'Waiting jobs per queue (queued + scheduled + retrying).', ['queue'], (g) => {
      for (const v of views()) g.set({ queue: v.queue }, v.depth);
    });
    gauge(
      'corebound_queue_oldest_job_age_seconds',
      'Age of the oldest runnable (queued) job per queue; 0 when none waits.',
      ['queue'],
      (g) => {
        for (const v of views()) g.set({ queue: v.queue }, (v.oldestAgeMs ?? 0) / 1000);
      },
    );
    gauge('corebound_queue_paused', '1 when the queue is paused.', ['queue'], (g) => {
      for (const v of views()) g.set({ queue: v.queue }, v.paused ? 1 : 0);
    });
    gauge('corebound_queue_drain_rate', 'Jobs leaving the waiting set per second (smoothed).', ['queue'], (g) => {
      for (const v of views()) g.set({ queue: v.queue }, v.drainPerSec);
    });
    gauge(
      'corebound_scaling_in_flight',
      'Autoscaling signal: queued + running jobs per queue (divide by workers for backlog per worker).',
      ['queue'],
      (g) => {
        for (const v of views()) g.set({ queue: v.queue }, (v.counts.queued ?? 0) + v.running);
      },
    );
    const clock = this.clock;
    const source = () => this.queueSource;
    new Gauge({
      name: 'corebound_stats_snapshot_age_seconds',
      help: 'How old the stats snapshot behind the queue gauges is.',
      registers,
      collect() {
        const s = source();
        this.set(s && s.snapshotAt > 0 ? Math.max(0, clock.now() - s.snapshotAt) / 1000 : 0);
      },
    });
  }

  private nodeGauges(registers: Registry[]): void {
    const stats = () => this.nodeSource?.stats() ?? null;
    new Gauge({
      name: 'corebound_workers',
      help: 'Worker threads of this node (one per core by default).',
      registers,
      collect() {
        this.set(stats()?.workers ?? 0);
      },
    });
    new Gauge({
      name: 'corebound_workers_busy',
      help: 'Worker threads running a job now.',
      registers,
      collect() {
        this.set(stats()?.busy ?? 0);
      },
    });
    new Gauge({
      name: 'corebound_jobs_held',
      help: 'Jobs this node claimed ahead of a free worker (lookahead), not yet started.',
      registers,
      collect() {
        this.set(stats()?.held ?? 0);
      },
    });
    new Gauge({
      name: 'corebound_outcomes_unwritten',
      help: 'Attempts that ended whose outcome is not in the store yet; grows while the store is away.',
      registers,
      collect() {
        this.set(stats()?.unwritten ?? 0);
      },
    });
    // Counters fed from the node's cumulative busy time: rate() gives per-core utilization.
    const seen = new Map<number, number>();
    new Counter({
      name: 'corebound_worker_busy_seconds_total',
      help: 'Time each worker thread spent running jobs; rate() is its utilization.',
      labelNames: ['worker'],
      registers,
      collect() {
        for (const w of stats()?.perWorker ?? []) {
          const before = seen.get(w.index) ?? 0;
          // A replaced thread keeps its slot's total, so busyMs only grows; guard anyway. inc(0) still exports an idle worker.
          this.inc({ worker: String(w.index) }, Math.max(0, w.busyMs - before) / 1000);
          seen.set(w.index, Math.max(before, w.busyMs));
        }
      },
    });
    let last = { at: performance.now(), cpu: process.cpuUsage() };
    let utilization = 0;
    const cores = availableParallelism();
    new Gauge({
      name: 'corebound_node_cpu_utilization',
      help: 'CPU used by this process (all threads) over the cores of the machine, 0 to 1, since the previous scrape.',
      registers,
      collect() {
        const now = performance.now();
        const elapsedMs = now - last.at;
        // Shorter than a second is too noisy to be worth replacing the previous value.
        if (elapsedMs >= 1000) {
          const d = process.cpuUsage(last.cpu);
          utilization = Math.min(1, (d.user + d.system) / 1000 / (elapsedMs * cores));
          last = { at: now, cpu: process.cpuUsage() };
        }
        this.set(utilization);
      },
    });
  }
}

export function createMetrics(opts?: MetricsOptions): CoreboundMetrics {
  return new CoreboundMetrics(opts);
}
