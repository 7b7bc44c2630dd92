import type { TaskLogger } from '../core/task.js';
import type { Completion, Failure, LeaseOutcome, Release, Store } from '../store/store.js';
export type Pending = {
    op: 'complete';
    item: Completion;
    meta: unknown;
} | {
    op: 'fail';
    item: Failure;
    meta: unknown;
} | {
    op: 'release';
    item: Release;
    meta: unknown;
};
/**
 * Batches attempt outcomes: everything that finished in the same event-loop
 * turn goes to the store in one complete/fail/release call each (one
 * transaction on SQLite), which is most of the no-op throughput. A failed
 * write is retried a few times; if it still fails the lease simply expires
 * and the job is rescued and re-run (at-least-once), never lost.
 */
export declare class ResultWriter {
    private readonly store;
    private readonly logger;
    private readonly written;
    private queue;
    private scheduled;
    private inFlight;
    private idleWaiters;
    constructor(store: Store, logger: TaskLogger, written: (p: Pending, outcome: LeaseOutcome | null) => void);
    push(p: Pending): void;
    get pending(): number;
    /** Resolves when everything pushed so far is written (or given up on). */
    idle(): Promise<void>;
    private flush;
    private write;
    private checkIdle;
}
