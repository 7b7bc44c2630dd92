import type { ClaimRequest } from '../store/store.js';
import type { Hand } from './hand.js';
import type { Held } from './node-jobs.js';
import { NO_QUEUE, type Pool, type QueuePolicy } from './pool.js';

/**
 * How much a node claims and when its outcomes go out: the arithmetic
 * between the hand (jobs held ahead of free workers), the workers' own short
 * queues and the claim loop. No state of its own.
 */
export class ClaimSizing {
  constructor(
    private readonly hand: Hand<Held>,
    private readonly pool: Pool,
    private readonly stopping: () => boolean,
    /** The claim loop would claim now (see ClaimLoop.wantsWork). */
    private readonly claimDue: () => boolean,
    private readonly base: Omit<ClaimRequest, 'limit'>,
  ) {}

  /** What busy workers may have queued (hand.ts); nothing once draining. */
  queuePolicy(): QueuePolicy {
    return this.stopping() ? NO_QUEUE : this.hand.queuePolicy();
  }

  /** Jobs the workers can take now: free ones, and room in busy ones' queues (see queuePolicy). */
  room(): number {
    return this.pool.room(this.queuePolicy());
  }

  /** A worker has room for a job that the hand cannot give, or the hand is running low; `pending`: claimed for, on its way. */
  needsWork(pending: number): boolean {
    return this.room() > this.hand.size + pending || this.hand.low(pending);
  }

  /**
   * How long outcomes may wait to be written together: half the work in hand
   * per worker, at least 2 ms and at most half the lookahead; 0 (write now)
   * when a claim should start, so it rides on them; not when the claims in
   * flight will bring the work needed (rushing the outcomes out alone would
   * cost a transaction for nothing; on PostgreSQL, no-op jobs went out ~6 per
   * transaction so). Tying the bound to the lookahead keeps one knob:
   * a result becomes visible at most about as late as a held job may start.
   * (A fixed 20 ms cap gave 20 ms jobs ~0.75 transactions per job; each costs
   * the main thread ~0.5 ms of CPU, which the busy workers then lack.)
   */
  writeDeferMs(): number {
    if (this.stopping() || this.claimDue()) return 0;
    const perWorkerMs = (this.hand.size / this.pool.size) * this.hand.averageMs;
    return Math.min(this.hand.lookaheadMs / 2, Math.max(2, perWorkerMs / 2));
  }

  /**
   * A claim for every free worker plus the hand's room (short jobs only),
   * less `pending` (what the claims in flight asked for), or null when none
   * should be made.
   */
  claimRequest(pending: number): ClaimRequest | null {
    if (this.stopping()) return null;
    const limit = Math.max(0, this.room() - this.hand.size) + this.hand.room() - pending;
    if (limit <= 0) return null;
    return { ...this.base, limit };
  }
}
