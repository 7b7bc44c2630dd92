import { ErrorCodes, isCoreboundError } from '../core/errors.js';
import type { TaskLogger } from '../core/task.js';
import type { Completion, Failure, LeaseOutcome, Release, Store } from '../store/store.js';

export type Pending =
  | { op: 'complete'; item: Completion; meta: unknown }
  | { op: 'fail'; item: Failure; meta: unknown }
  | { op: 'release'; item: Release; meta: unknown };

/**
 * Batches attempt outcomes: everything that finished in the same event-loop
 * turn goes to the store in one complete/fail/release call each (one
 * transaction on SQLite), which is most of the no-op throughput. A failed
 * write is retried a few times; if it still fails the lease simply expires
 * and the job is rescued and re-run (at-least-once), never lost.
 */
export class ResultWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly logger: TaskLogger,
    private readonly written: (p: Pending, outcome: LeaseOutcome | null) => void,
  ) {}

  push(p: Pending): void {
    this.queue.push(p);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
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
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) {
      this.checkIdle();
      return;
    }
    this.queue = [];
    const by = { complete: [] as Pending[], fail: [] as Pending[], release: [] as Pending[] };
    for (const p of batch) by[p.op].push(p);
    if (by.complete.length) void this.write(by.complete, 0);
    if (by.fail.length) void this.write(by.fail, 0);
    if (by.release.length) void this.write(by.release, 0);
  };

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
      if (tries < 4) {
        this.logger.warn('store write failed; retrying', { op: batch[0].op, error: (e as Error).message });
        await new Promise((r) => setTimeout(r, 100 * 2 ** tries));
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
