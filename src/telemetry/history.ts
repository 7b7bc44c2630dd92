import { availableParallelism } from 'node:os';
import { type Clock, systemClock } from '../core/clock.js';
import { type CostBasis, ZERO_COST, addCost, attemptCost } from '../cost/attempt-cost.js';
import type { FinishedAttempt, Store } from '../store/store.js';
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

/** Read at most this many new attempts per tick; the rest are read on the next ticks. */
const PAGE = 10_000;
/** Re-read this far back each tick: attempts from other nodes may land slightly out of end-time order. */
const OVERLAP_MS = 2_000;
const CRASHED = new Set(['crash', 'oom', 'lease_expired']);
const FAILED = new Set(['error', 'timeout']);

export class StatsHistory {
  readonly intervalMs: number;
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly startedAt: number;
  private readonly clock: Clock;
  private readonly buckets = new Map<number, ThroughputBucket>();
  private readonly depth: { t: number; waiting: number; running: number }[] = [];
  private readonly util: UtilizationSample[] = [];
  private readonly seen = new Map<string, number>();
  private since: number;
  private spent = { ...ZERO_COST };
  private readonly byTask = new Map<string, { usd: number; attempts: number; cpuSeconds: number }>();
  private lastNode: { at: number; busy: Map<number, number>; cpu: NodeJS.CpuUsage } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private failures = 0;
  private behind = false;

  constructor(private readonly opts: StatsHistoryOptions) {
    this.clock = opts.clock ?? systemClock;
    this.intervalMs = opts.intervalMs ?? 2000;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.bucketMs = opts.bucketMs ?? 5000;
    this.startedAt = this.clock.now();
    this.since = this.startedAt;
  }

  start(): this {
    if (!this.timer) {
      void this.tick();
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes one sample now; concurrent calls share it. */
  tick(): Promise<void> {
    this.ticking ??= this.sample().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** How many tick failures in a row (store unreachable); the view still serves the last data. */
  get failing(): number {
    return this.failures;
  }

  private async sample(): Promise<void> {
    const now = this.clock.now();
    let waiting = 0;
    let running = 0;
    for (const v of this.opts.monitor.views()) {
      waiting += v.depth;
      running += v.running;
    }
    this.depth.push({ t: now, waiting, running });
    this.sampleNode(now);
    try {
      if (this.opts.store) await this.readAttempts();
      this.failures = 0;
    } catch {
      this.failures++;
    }
    this.trim(now);
  }

  private sampleNode(now: number): void {
    const stats = this.opts.node?.stats();
    if (!stats) return;
    const at = performance.now();
    const busy = new Map(stats.perWorker.map((w) => [w.index, w.busyMs]));
    const cpu = process.cpuUsage();
    const last = this.lastNode;
    this.lastNode = { at, busy, cpu };
    if (!last || at - last.at < 100) return;
    const dt = at - last.at;
    const workers = stats.perWorker.map((w) => clamp01((w.busyMs - (last.busy.get(w.index) ?? w.busyMs)) / dt));
    const used = (cpu.user - last.cpu.user + cpu.system - last.cpu.system) / 1000;
    this.util.push({ t: now, workers, cpu: clamp01(used / (dt * availableParallelism())) });
  }

  private async readAttempts(): Promise<void> {
    // After a full page, continue exactly where it ended, or a busy window could be re-read forever.
    const from = this.behind ? this.since : Math.max(this.startedAt, this.since - OVERLAP_MS);
    const page = await this.opts.store!.finishedAttempts({ since: from, limit: PAGE });
    this.behind = page.length === PAGE;
    for (const a of page) {
      const key = `${a.jobId}:${a.attempt}`;
      if (this.seen.has(key)) continue;
      this.seen.set(key, a.endedAt);
      this.count(a);
    }
    if (page.length > 0) this.since = Math.max(this.since, page[page.length - 1].endedAt);
    // Forget keys that can no longer be re-read.
    const horizon = this.since - OVERLAP_MS;
    for (const [k, t] of this.seen) if (t < horizon) this.seen.delete(k);
  }

  private count(a: FinishedAttempt): void {
    const t = Math.floor(a.endedAt / this.bucketMs) * this.bucketMs;
    let b = this.buckets.get(t);
    if (!b) {
      b = { t, succeeded: 0, failed: 0, crashed: 0 };
      this.buckets.set(t, b);
    }
    if (a.outcome === 'succeeded') b.succeeded++;
    else if (FAILED.has(a.outcome)) b.failed++;
    else if (CRASHED.has(a.outcome)) b.crashed++;
    if (this.opts.cost) {
      const c = attemptCost(a, this.opts.cost);
      this.spent = addCost(this.spent, c);
      const s = this.byTask.get(a.task) ?? { usd: 0, attempts: 0, cpuSeconds: 0 };
      s.usd += c.usd;
      s.attempts++;
      s.cpuSeconds += c.cpuSeconds;
      this.byTask.set(a.task, s);
    }
  }

  private trim(now: number): void {
    const cut = now - this.windowMs;
    for (const t of this.buckets.keys()) if (t < cut - this.bucketMs) this.buckets.delete(t);
    while (this.depth.length > 0 && this.depth[0].t < cut) this.depth.shift();
    while (this.util.length > 0 && this.util[0].t < cut) this.util.shift();
  }

  /** Throughput per second in each bucket of the window, oldest first, gaps filled with zeros; the current (partial) bucket is left out. */
  throughput(): ThroughputBucket[] {
    const now = this.clock.now();
    const last = Math.floor(now / this.bucketMs) * this.bucketMs - this.bucketMs;
    const first = Math.max(Math.floor((now - this.windowMs) / this.bucketMs) * this.bucketMs, Math.floor(this.startedAt / this.bucketMs) * this.bucketMs);
    const per = 1000 / this.bucketMs;
    const out: ThroughputBucket[] = [];
    for (let t = first; t <= last; t += this.bucketMs) {
      const b = this.buckets.get(t);
      out.push({ t, succeeded: (b?.succeeded ?? 0) * per, failed: (b?.failed ?? 0) * per, crashed: (b?.crashed ?? 0) * per });
    }
    return out;
  }

  depthSeries() {
    return [...this.depth];
  }

  utilization(): UtilizationSample[] {
    return [...this.util];
  }

  costSoFar() {
    if (!this.opts.cost) return null;
    return {
      since: this.startedAt,
      rate: this.opts.cost.rate.name,
      usd: this.spent.usd,
      coreSeconds: this.spent.coreSeconds,
      cpuSeconds: this.spent.cpuSeconds,
      byTask: [...this.byTask.entries()]
        .map(([task, s]) => ({ task, ...s }))
        .sort((a, b) => b.usd - a.usd)
        .slice(0, 20),
    };
  }
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
