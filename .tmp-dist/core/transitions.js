import { CrashKinds } from './job.js';
/**
 * The one rule for where a failed attempt goes; both stores apply it inside
 * the transaction that records the failure, so the decision and the write are atomic.
 * Errors and timeouts spend the error budget (maxAttempts); crashes and OOM
 * spend the crash budget (maxCrashes), so a node dying never uses up a job's
 * attempts and at-least-once holds however many machines are lost.
 */
export function afterFailure(job, failure) {
    const crash = CrashKinds.includes(failure.kind);
    const errors = job.errors + (crash ? 0 : 1);
    const crashes = job.crashes + (crash ? 1 : 0);
    let deadReason = null;
    if (!failure.retryable)
        deadReason = 'non_retryable';
    else if (crash && crashes >= job.maxCrashes)
        deadReason = 'poison';
    else if (!crash && errors >= job.maxAttempts)
        deadReason = 'exhausted';
    if (deadReason)
        return { state: 'dead', errors, crashes, deadReason, delayMs: 0 };
    // Crashes retry at once: the cause was the environment, not time.
    const delayMs = crash ? 0 : Math.max(0, failure.retryDelayMs);
    return { state: delayMs > 0 ? 'retrying' : 'queued', errors, crashes, deadReason: null, delayMs };
}
/** A lease expiry is a crash: the worker or its machine was lost. */
export function afterLeaseExpiry(job) {
    const crashes = job.crashes + 1;
    return crashes >= job.maxCrashes
        ? { state: 'dead', crashes, deadReason: 'poison' }
        : { state: 'queued', crashes, deadReason: null };
}
//# sourceMappingURL=transitions.js.map