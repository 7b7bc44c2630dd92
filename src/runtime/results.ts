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
/** Tries of one outcome that each ran into the store's statement timeout before it is given up on. */
const MAX_TIMEOUTS = 3;

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
 * write is retried op by op: while the store is unreachable for as long as it
 * takes (the leases of outcomes waiting here are renewed with the running
 * jobs', see `leases()`), other errors a few times; an outcome given up on
 * leaves its lease to expire and the job is rescued and re-run
 * (at-least-once), never lost.
 */
export class ResultWriter {
  private queue: Pending[] = [];
  private scheduled: 'now' | 'later' | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  /** Batches being written or waiting to be retried: their leases still need renewing. */
  private readonly writing = new Set<Pending[]>();
  private abandoned = false;
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

  /** The leases of outcomes not yet written, so heartbeats keep them while the store is away. */
  *leases(): Iterable<{ id: number; token: number }> {
    for (const p of this.queue) yield p.item;
    for (const batch of this.writing) for (const p of batch) yield p.item;
  }

  /**
   * Stops waiting for an unreachable store: writes being retried give up at
   * their next try (their jobs re-run once their leases expire). For a node
   * that is leaving.
   */
  abandon(): void {
    this.abandoned = true;
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
    if (this.store.settle) void this.settle(by, batch.length, batch);
    else this.writeEach(by);
  };

  private writeEach(by: Groups): void {
    if (by.complete.length) void this.write(by.complete);
    if (by.fail.length) void this.write(by.fail);
    if (by.release.length) void this.write(by.release);
  }

  private async settle(by: Groups, n: number, batch: Pending[]): Promise<void> {
    this.inFlight += n;
    this.writing.add(batch);
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
      this.writing.delete(batch);
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
    this.writing.delete(batch);
    for (const op of ['complete', 'fail', 'release'] as const) {
      const ps = by[op];
      for (let i = 0; i < ps.length; i++) this.written(ps[i], durable ? (res[op][i] ?? null) : null);
    }
    this.checkIdle();
  }

  private async write(batch: Pending[]): Promise<void> {
    this.inFlight += batch.length;
    this.writing.add(batch);
    try {
      await this.writeRetrying(batch);
    } finally {
      this.inFlight -= batch.length;
      this.writing.delete(batch);
      this.checkIdle();
    }
  }

  /** Writes outcomes of one kind; every one is reported written, refused or given up on. */
  private async writeRetrying(batch: Pending[]): Promise<void> {
    let timeouts = 0;
    for (let tries = 0; ; tries++) {
      let outcomes: LeaseOutcome[];
      try {
        outcomes = await this.send(batch);
      } catch (e) {
        // While the store is away (restart, failover, a locked file) keep the outcomes and retry with capped
        // backoff, so they land once it is back. Safe because writes are fenced: if a lease was lost
        // meanwhile, the late write is refused and the job re-runs. Other errors: a few tries, item by item.
        const transient = isCoreboundError(e, ErrorCodes.STORE_UNAVAILABLE) || isCoreboundError(e, ErrorCodes.STORE_LOCKED);
        // A store that answers too slowly (rather than not at all) may never take this write whole.
        const timedOut = transient && (e.details as { timedOut?: boolean } | undefined)?.timedOut === true;
        if (batch.length > 1 && !this.abandoned && (timedOut || !transient)) {
          // Halved when too slow; item by item otherwise, so one bad item (a result the store refuses)
          // does not sink the others.
          const half = Math.ceil(batch.length / 2);
          await this.writeParts(batch, timedOut ? [batch.slice(0, half), batch.slice(half)] : batch.map((p) => [p]));
          return;
        }
        const p = batch[0];
        if (p.op === 'complete' && isCoreboundError(e, ErrorCodes.RESULT_TOO_LARGE)) {
          // The store's bound is tighter than the node's: the result can never be stored.
          const { id, token, metrics } = p.item;
          const error = { code: e.code, message: e.message };
          this.push({ op: 'fail', item: { id, token, kind: 'error', error, retryable: false, retryDelayMs: 0, metrics }, meta: p.meta });
          return;
        }
        if (timedOut) timeouts++;
        // An outage is waited out however long it lasts; one write the store keeps timing out on is not.
        const retry = timedOut ? timeouts < MAX_TIMEOUTS : transient || tries < 4;
        if (!this.abandoned && retry) {
          if (tries < 4 || tries % 30 === 0) {
            this.logger.warn('store write failed; retrying', { op: p.op, count: batch.length, tries, error: (e as Error).message });
          }
          await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** tries)));
          if (!this.abandoned) continue;
        }
        this.logger.error('store write failed; the leases will expire and the jobs will be re-run', {
          op: p.op,
          ids: batch.map((x) => x.item.id),
          error: (e as Error).message,
        });
        for (const x of batch) this.written(x, null);
        return;
      }
      for (let i = 0; i < batch.length; i++) this.written(batch[i], outcomes[i] ?? null);
      return;
    }
  }

  /** Writes `parts` of `batch` one after another; only the parts not yet written keep their leases renewed. */
  private async writeParts(batch: Pending[], parts: Pending[][]): Promise<void> {
    const tracked = this.writing.delete(batch);
    if (tracked) for (const part of parts) this.writing.add(part);
    for (const part of parts) {
      try {
        await this.writeRetrying(part);
      } finally {
        this.writing.delete(part);
      }
    }
  }

  private send(batch: Pending[]): Promise<LeaseOutcome[]> {
    const items = batch.map((p) => p.item);
    if (batch[0].op === 'complete') return this.store.complete(items as Completion[]);
    if (batch[0].op === 'fail') return this.store.fail(items as Failure[]);
    return this.store.release(items as Release[]);
  }

  private checkIdle(): void {
    if (this.pending > 0 || this.scheduled) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of w) resolve();
  }
}
