import type { Clock } from '../core/clock.js';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
import type { JobState } from '../core/job.js';
import {
  COUNT_BOUND,
  type QueueConfig,
  type QueueStats,
  STATS_COUNT_CAP,
  type StatsOptions,
  type Store,
} from '../store/store.js';
import type { QueueView } from './schemas.js';

const WAITING: JobState[] = ['queued', 'scheduled', 'retrying'];
const LEFT: JobState[] = ['running', 'succeeded', 'dead', 'cancelled'];
const sum = (s: QueueStats | undefined, states: JobState[]) => (s ? states.reduce((n, k) => n + (s.counts[k] ?? 0), 0) : 0);

/** Retry-After bounds (seconds) and the answer when a queue is not draining at all. */
const MIN_RETRY_S = 1;
const MAX_RETRY_S = 300;
const STALLED_RETRY_S = 30;

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
export class QueueMonitor {
  private stats = new Map<string, QueueStats>();
  private configs = new Map<string, QueueConfig>();
  private admitted = new Map<string, number>();
  private rates = new Map<string, number>();
  private at = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly defaultMaxDepth: number,
  ) {}

  get snapshotAt(): number {
    return this.at;
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const taken = this.admitted;
    this.admitted = new Map();
    const now = this.clock.now();
    let stats: QueueStats[];
    let configs: QueueConfig[];
    try {
      configs = await this.store.queueConfigs();
      stats = await this.store.stats(this.countCaps(configs));
    } catch (e) {
      // Keep counting against the old snapshot: the bound stays conservative.
      for (const [q, n] of taken) this.admitted.set(q, (this.admitted.get(q) ?? 0) + n);
      throw e;
    }
    const next = new Map(stats.map((s) => [s.queue, s]));
    const dt = (now - this.at) / 1000;
    if (this.at > 0 && dt > 0) {
      for (const [queue, cur] of next) {
        const prev = this.stats.get(queue);
        const viaDepth = sum(prev, WAITING) + (taken.get(queue) ?? 0) - sum(cur, WAITING);
        const viaLeft = sum(cur, LEFT) - sum(prev, LEFT);
        const sample = Math.max(0, viaDepth, viaLeft) / dt;
        const old = this.rates.get(queue);
        this.rates.set(queue, old === undefined ? sample : 0.7 * old + 0.3 * sample);
      }
    }
    this.stats = next;
    this.configs = new Map(configs.map((c) => [c.queue, c]));
    this.at = now;
  }

  /**
   * How far stats() counts. Waiting and running jobs: to a million, and past
   * every queue's bound (a waiting state's count reaching bound + 1 already
   * refuses), for admission, the autoscaling signal's backlog and explain.
   * Finished jobs pile up over the retention period and only feed displays
   * ("100k+"): to COUNT_BOUND. A count costs ~50 ms per million jobs, and a
   * SQLite snapshot runs on the node's main thread. Drain rates from the
   * growth of finished counts stop at that bound; the depth-based estimate
   * (exact for this process's own admissions) still holds.
   */
  private countCaps(configs: QueueConfig[]): StatsOptions {
    const deepest = configs.reduce((m, c) => Math.max(m, c.maxDepth ?? 0), this.defaultMaxDepth);
    return { cap: Math.max(STATS_COUNT_CAP, deepest + 1), finishedCap: COUNT_BOUND };
  }

  config(queue: string): QueueConfig {
    return this.configs.get(queue) ?? { queue, paused: false, maxDepth: null, publicResults: false };
  }

  /** Queues whose results a CDN may cache publicly (as of the last snapshot). */
  publicQueues(): Set<string> {
    return new Set([...this.configs.values()].filter((c) => c.publicResults).map((c) => c.queue));
  }

  /** Records a local change (pause, resume) so the next read does not wait for the timer. */
  noteConfig(config: QueueConfig): void {
    this.configs.set(config.queue, config);
    const s = this.stats.get(config.queue);
    if (s) s.paused = config.paused;
  }

  maxDepth(queue: string): number {
    return this.config(queue).maxDepth ?? this.defaultMaxDepth;
  }

  depth(queue: string): number {
    return sum(this.stats.get(queue), WAITING) + (this.admitted.get(queue) ?? 0);
  }

  drainPerSec(queue: string): number {
    return this.rates.get(queue) ?? 0;
  }

  /**
   * Reserves room for `wanted` jobs per queue, all or nothing; throws
   * CB_QUEUE_FULL (429) naming the first full queue. Returns a function that
   * gives back the unused part of the reservation.
   */
  reserve(wanted: Map<string, number>): (unused: Map<string, number>) => void {
    for (const [queue, n] of wanted) {
      const depth = this.depth(queue);
      const max = this.maxDepth(queue);
      if (depth + n > max) {
        const retryAfter = this.retryAfterSeconds(queue, depth + n - max);
        throw new CoreboundError(
          ErrorCodes.QUEUE_FULL,
          `queue "${queue}" is full: about ${depth} waiting jobs, limit ${max}; retry in ${retryAfter}s`,
          { queue, depth, maxDepth: max, retryAfter },
        );
      }
    }
    for (const [queue, n] of wanted) this.admitted.set(queue, (this.admitted.get(queue) ?? 0) + n);
    const counter = this.admitted;
    return (unused) => {
      // After a refresh the reservation belongs to the new snapshot's count; give back only to the map it was taken from.
      if (counter !== this.admitted) return;
      for (const [queue, n] of unused) if (n > 0) this.admitted.set(queue, (this.admitted.get(queue) ?? 0) - n);
    };
  }

  /** Seconds until `excess` jobs have drained at the measured rate, within [1, 300]. */
  retryAfterSeconds(queue: string, excess: number): number {
    const rate = this.drainPerSec(queue);
    if (rate <= 0) return STALLED_RETRY_S;
    return Math.min(MAX_RETRY_S, Math.max(MIN_RETRY_S, Math.ceil(excess / rate)));
  }

  views(): QueueView[] {
    const names = new Set([...this.stats.keys(), ...this.configs.keys()]);
    const now = this.clock.now();
    return [...names].sort().map((queue) => {
      const s = this.stats.get(queue);
      const c = this.config(queue);
      const counts = Object.fromEntries(Object.entries(s?.counts ?? {}));
      return {
        queue,
        paused: c.paused,
        depth: this.depth(queue),
        running: s?.counts.running ?? 0,
        counts,
        oldestAgeMs: s?.oldestQueuedAt != null ? Math.max(0, now - s.oldestQueuedAt) : null,
        drainPerSec: Math.round(this.drainPerSec(queue) * 1000) / 1000,
        maxDepth: this.maxDepth(queue),
        publicResults: c.publicResults,
      };
    });
  }
}
