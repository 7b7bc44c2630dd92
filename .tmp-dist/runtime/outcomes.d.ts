import type { AttemptMetrics, Job } from '../core/job.js';
import { type RetryPolicy } from '../core/retry.js';
import type { LeaseOutcome } from '../store/store.js';
import type { AttemptEvent } from './node-options.js';
import type { Pending } from './results.js';
import type { Outcome } from './slot.js';
export interface AttemptMeta {
    job: Job;
    worker: number;
}
/**
 * The rule from a worker's outcome to a store write: a result completes; a
 * job aborted for a drain is released whatever it then did (unless it
 * finished); anything else fails with its kind, and the task's retry policy
 * picks the backoff. A NonRetryableError (matched by name, since it crossed a
 * thread boundary) is not retried.
 */
export declare function outcomeToWrite(run: {
    id: number;
    token: number;
    job: Job;
    draining: boolean;
    retry?: RetryPolicy;
}, outcome: Outcome, metrics: AttemptMetrics, meta: AttemptMeta): Pending;
/** The 'attempt' event for a write the store answered (or that was given up on). */
export declare function writtenEvent(p: Pending, o: LeaseOutcome | null): AttemptEvent;
