import { ErrorCodes, isCoreboundError } from '../core/errors.js';
import type { Job } from '../core/job.js';
import type { TaskLogger } from '../core/task.js';
import type { ClaimRequest, Completion, Failure, LeaseOutcome, Release, Store } from '../store/store.js';

export type Pending =
  | { op: 'complete'; item: Completion; meta: unknown }
  | { op: 'fail'; item: Failure; meta: unknown }
  | { op: 'release'; item: Release; meta: unknown };

/** Lets the claim for the workers these outcomes freed ride along in the same store transaction. */
export interface ClaimRider {
  /** A claim for the free workers, or null (none free, draining, or enough claims in flight). */
  take(): RidingClaim | null;
}

export interface RidingClaim {
  req: ClaimRequest;
  /** Once: the jobs claimed as soon as the write committed, or null when nothing was claimed. */
  claimed(jobs: Job[] | null): void;
}

type Groups = Record<Pending['op'], Pending[]>;

/** Outcomes per transaction at most: a flush starts at once when this many are queued. */
const MAX_BATCH = 1000;

/**
 * Batches attempt outcomes: everything that finished in the same event-loop
 * turn (or, while the workers have work in hand, within `deferMs`) goes to
 * the store together. With store.settle, that is ONE
 * transaction that also claims the next jobs for the workers it freed (one
 * commit per turn instead of two); the claimed jobs are dispatched as soon as
 * it commits, and the outcomes are reported as written only once they are
 * durable. Settles do not wait for each other: the store shares one fsync
 * among all the commits waiting for it (SQLite: wal-sync.ts). (Holding
 * outcomes back until the previous fsync finished, a classic group commit,
 * was measured: batches stayed small because fsyncs are short, and the
 * claims then needed transactions of their own, so it cost more CPU per job.)
 * Without settle: one complete/fail/release call per kind and turn. A failed
 * write is retried a few times, op by op; if it still fails the lease simply
 * expires and the job is rescued and re-run (at-least-once), never lost.
 */
export class ResultWriter {
  private queue: Pending[] = [];
  private scheduled: 'now' | 'later' | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  /**
   * `deferMs`: how long outcomes may gather before they are written. While
   * the workers have work in hand nothing needs the refill claim at once, so
   * outcomes gather (up to MAX_BATCH) and go to the store together: fewer
   * transactions and fsyncs per job, which is what makes short jobs cheap.
   * 0 writes at the next turn.
   */
  constructor(
    private readonly store: Store,
    private readonly logger: TaskLogger,
    private readonly written: (p: Pending, outcome: LeaseOutcome | null) => void,
    private readonly rider?: ClaimRider,
    private readonly deferMs: () => number = () => 0,
  ) {}

  push(p: Pending): void {
    this.queue.push(p);
    if (this.scheduled === 'now') return;
    if (this.scheduled) {
      if (this.queue.length >= MAX_BATCH) this.expedite();
      return;
    }
    const ms = this.deferMs();
    if (ms <= 0) this.expedite();
    else {
      this.scheduled = 'later';
      this.timer = setTimeout(this.flush, ms);
    }
  }

  /** Writes what is queued at the next turn instead of waiting out the deferral. */
  expedite(): void {
    if (this.scheduled === 'now' || this.queue.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduled = 'now';
    setImmediate(this.flush);
  }

  /** Outcomes waiting to be written (not yet in flight). */
  get queued(): number {
    return this.queue.length;
  }

  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves when everything pushed so far is written (or given up on). */
  idle(): Promise<void> {
    if (this.pending === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush = (): void => {
    this.scheduled = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    if (batch.length === 0) {
      this.checkIdle();
      return;
    }
    this.queue = [];
    const by: Groups = { complete: [], fail: [], release: [] };
    for (const p of batch) by[p.op].push(p);
    if (this.store.settle) void this.settle(by, batch.length);
    else this.writeEach(by);
  };

  private writeEach(by: Groups): void {
    if (by.complete.length) void this.write(by.complete, 0);
    if (by.fail.length) void this.write(by.fail, 0);
    if (by.release.length) void this.write(by.release, 0);
  }

  private async settle(by: Groups, n: number): Promise<void> {
    this.inFlight += n;
    const riding = this.rider?.take() ?? null;
    const claim = riding?.req;
    const items = <T>(ps: Pending[]) => ps.map((p) => p.item as T);
    let res: Awaited<ReturnType<NonNullable<Store['settle']>>>;
    try {
      res = await this.store.settle!({
        complete: items<Completion>(by.complete),
        fail: items<Failure>(by.fail),
        release: items<Release>(by.release),
        claim,
      });
    } catch {
      // Nothing was written or claimed: fall back to the op-by-op path and its error handling.
      riding?.claimed(null);
      this.inFlight -= n;
      this.writeEach(by);
      return;
    }
    riding?.claimed(res.claimed);
    let durable = true;
    try {
      await res.durable;
    } catch (e) {
      durable = false;
      this.logger.error('store write may not be durable; the affected jobs may run again', { error: (e as Error).message });
    }
    this.inFlight -= n;
    for (const op of ['complete', 'fail', 'release'] as const) {
      const ps = by[op];
      for (let i = 0; i < ps.length; i++) this.written(ps[i], durable ? (res[op][i] ?? null) : null);
    }
    this.checkIdle();
  }

  private async write(batch: Pending[], tries: number): Promise<void> {
    this.inFlight += batch.length;
    let outcomes: LeaseOutcome[] | null = null;
    try {
      const op = batch[0].op;
      const items = batch.map((p) => p.item);
      if (op === 'complete') outcomes = await this.store.complete(items as Completion[]);
      else if (op === 'fail') outcomes = await this.store.fail(items as Failure[]);
      else outcomes = await this.store.release(items as Release[]);
    } catch (e) {
      if (batch.length > 1) {
        // One bad item (e.g. a result the store refuses) must not sink the others.
        this.inFlight -= batch.length;
        for (const p of batch) await this.write([p], tries);
        return;
      }
      const p = batch[0];
      if (p.op === 'complete' && isCoreboundError(e, ErrorCodes.RESULT_TOO_LARGE)) {
        // The store's bound is tighter than the node's: the result can never be stored.
        this.inFlight -= 1;
        const { id, token, metrics } = p.item;
        const error = { code: e.code, message: e.message };
        this.push({ op: 'fail', item: { id, token, kind: 'error', error, retryable: false, retryDelayMs: 0, metrics }, meta: p.meta });
        return;
      }
      // While the store is away (restart, failover, a locked file) keep the outcome and retry for about a
      // minute with capped backoff, so completions land once it is back. Safe because writes are fenced:
      // if the lease was lost meanwhile, the late write is refused and the job re-runs. Other errors: 4 tries.
      const transient = isCoreboundError(e, ErrorCodes.STORE_UNAVAILABLE) || isCoreboundError(e, ErrorCodes.STORE_LOCKED);
      if (tries < (transient ? 40 : 4)) {
        if (tries < 4 || tries % 10 === 0) {
          this.logger.warn('store write failed; retrying', { op: batch[0].op, tries, error: (e as Error).message });
        }
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** tries)));
        this.inFlight -= batch.length;
        return this.write(batch, tries + 1);
      }
      this.logger.error('store write failed; the lease will expire and the job will be re-run', {
        op: batch[0].op,
        id: batch[0].item.id,
        error: (e as Error).message,
      });
    }
    this.inFlight -= batch.length;
    for (let i = 0; i < batch.length; i++) this.written(batch[i], outcomes ? (outcomes[i] ?? null) : null);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.pending > 0 || this.scheduled) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of w) resolve();
  }
}
