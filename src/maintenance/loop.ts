import { type Clock, systemClock } from '../core/clock.js';
import { ErrorCodes, isCoreboundError } from '../core/errors.js';
import { Defaults } from '../core/limits.js';
import type { TaskLogger } from '../core/task.js';
import type { Store } from '../store/store.js';
import { alwaysLeader, type Leader } from './leader.js';

export interface MaintenanceOptions {
  store: Store;
  clock?: Clock;
  leader?: Leader;
  logger?: TaskLogger;
  /** Expired-lease rescue interval; crash recovery takes at most lease + this. */
  rescueEveryMs?: number;
  /**
   * How long after the store last failed this node (unreachable, or a
   * statement timed out: this loop's calls or, through
   * `store.msSinceUnavailable`, any of the node's) the rescue of expired
   * leases waits (default: the default lease). After an outage every lease
   * may look expired only because no node could renew it: the live nodes get
   * this long to renew theirs and write their outcomes. A node gives it its
   * lease plus one heartbeat interval.
   */
  rescueGraceMs?: number;
  /** Fallback promotion interval; promotion also runs exactly at the next due time. */
  promoteEveryMs?: number;
  pruneEveryMs?: number;
  retentionMs?: number;
  /** Called when rescue or promotion made jobs runnable. */
  onWork?: () => void;
}

export interface Maintenance {
  /** Runs rescue, promotion and pruning now (each unless already running). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

type Job = 'rescue' | 'promote' | 'prune';

/**
 * In-process maintenance: rescue expired leases, promote due scheduled and
 * retrying jobs, prune finished jobs past retention. Each job runs on its own
 * timer, never overlapping itself, and only while `leader.isLeader()`; the
 * rescue also waits out `rescueGraceMs` after the store failed (see there).
 */
export function startMaintenance(opts: MaintenanceOptions): Maintenance {
  const { store } = opts;
  const clock = opts.clock ?? systemClock;
  const leader = opts.leader ?? alwaysLeader;
  const log = opts.logger;
  const every: Record<Job, number> = {
    rescue: opts.rescueEveryMs ?? 1000,
    promote: opts.promoteEveryMs ?? 1000,
    prune: opts.pruneEveryMs ?? 10 * 60_000,
  };
  const retentionMs = opts.retentionMs ?? Defaults.retentionMs;
  const busy = new Set<Job>();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let dueTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const rescueGraceMs = opts.rescueGraceMs ?? Defaults.leaseMs;
  // When this loop's own calls last found the store unreachable or too slow (maintenance clock).
  let troubleAt = Number.NEGATIVE_INFINITY;
  let holding = false;
  /**
   * Within the grace of the store last failing this node (this loop's calls, or any of the node's, which
   * the store reports): a lease may have lapsed only because nobody could renew it. A node that starts,
   * or takes over from a crashed leader, with no such failure rescues at once.
   */
  const inGrace = (): boolean => {
    const ago = store.msSinceUnavailable?.() ?? null;
    const last = Math.max(troubleAt, ago === null ? Number.NEGATIVE_INFINITY : clock.now() - ago);
    return clock.now() - last < rescueGraceMs;
  };

  const work: Record<Job, () => Promise<void>> = {
    rescue: async () => {
      if (inGrace()) {
        if (!holding) log?.warn('store failed: rescue of expired leases held back while live nodes renew', { graceMs: rescueGraceMs });
        holding = true;
        return;
      }
      holding = false;
      const rescued = await store.rescueExpired();
      if (rescued.length) {
        log?.warn('rescued jobs with expired leases', { count: rescued.length });
        if (rescued.some((r) => r.state === 'queued')) opts.onWork?.();
      }
    },
    promote: async () => {
      if ((await store.promoteDue()) > 0) opts.onWork?.();
      await armDue();
    },
    prune: async () => {
      const n = await store.prune({ olderThanMs: retentionMs });
      if (n) log?.info('pruned finished jobs', { count: n });
    },
  };

  function run(job: Job): Promise<void> {
    if (stopped || busy.has(job) || !leader.isLeader()) return Promise.resolve();
    busy.add(job);
    const p = work[job]()
      .catch((e) => {
        if (isCoreboundError(e, ErrorCodes.STORE_UNAVAILABLE)) troubleAt = clock.now();
        log?.warn(`maintenance ${job} failed`, { error: (e as Error).message });
      })
      .finally(() => {
        busy.delete(job);
        running.delete(p);
      });
    running.add(p);
    return p;
  }

  // Promotion at the exact due time, so a 200 ms delay is not rounded up to the fallback interval.
  async function armDue(): Promise<void> {
    const due = await store.nextDueAt();
    if (dueTimer) clearTimeout(dueTimer);
    dueTimer = null;
    if (due === null || stopped) return;
    const delay = due - clock.now();
    if (delay >= every.promote) return;
    dueTimer = setTimeout(() => void run('promote'), Math.max(0, delay) + 1);
    dueTimer.unref();
  }

  // A wake-up may mean a new scheduled job due sooner than the armed timer (cross-process
  // enqueues always wake; see the store's onWake). Re-arming is one indexed MIN query, throttled.
  let armPending = false;
  const unsubscribe = store.onWake(() => {
    if (armPending || stopped || !leader.isLeader()) return;
    armPending = true;
    setTimeout(() => {
      armPending = false;
      if (!stopped) armDue().catch((e) => log?.warn('maintenance nextDueAt failed', { error: (e as Error).message }));
    }, 50).unref();
  });

  for (const job of ['rescue', 'promote', 'prune'] as const) {
    const t = setInterval(() => void run(job), every[job]);
    t.unref();
    timers.add(t);
  }
  void run('rescue');
  void run('promote');

  return {
    async runOnce() {
      await Promise.all([...running]);
      await Promise.all([run('rescue'), run('promote'), run('prune')]);
    },
    async stop() {
      stopped = true;
      unsubscribe();
      for (const t of timers) clearInterval(t);
      if (dueTimer) clearTimeout(dueTimer);
      await Promise.all([...running]);
    },
  };
}
