import type { DeadReason, FailureKind } from './job.js';
/**
 * The one rule for where a failed attempt goes; both stores apply it inside
 * the transaction that records the failure, so the decision and the write are atomic.
 * Errors and timeouts spend the error budget (maxAttempts); crashes and OOM
 * spend the crash budget (maxCrashes), so a node dying never uses up a job's
 * attempts and at-least-once holds however many machines are lost.
 */
export declare function afterFailure(job: {
    errors: number;
    crashes: number;
    maxAttempts: number;
    maxCrashes: number;
}, failure: {
    kind: FailureKind;
    retryable: boolean;
    retryDelayMs: number;
}): {
    state: 'queued' | 'retrying' | 'dead';
    errors: number;
    crashes: number;
    deadReason: DeadReason | null;
    delayMs: number;
};
/** A lease expiry is a crash: the worker or its machine was lost. */
export declare function afterLeaseExpiry(job: {
    crashes: number;
    maxCrashes: number;
}): {
    state: "dead";
    crashes: number;
    deadReason: DeadReason;
} | {
    state: "queued";
    crashes: number;
    deadReason: null;
};
