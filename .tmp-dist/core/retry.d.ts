/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter"): delay = random(0, min(cap, base * 2^(attempt-1))).
 * Full jitter spreads a burst of failures so retries do not arrive in lockstep.
 */
export interface RetryPolicy {
    /** Total attempts that may end in an error (crashes are bounded separately by maxCrashes). */
    maxAttempts?: number;
    baseMs?: number;
    capMs?: number;
    /** Crash-type failures (thread died, OOM, lease expired) before the job is quarantined as `poison`. */
    maxCrashes?: number;
}
export declare const defaultRetryPolicy: Required<RetryPolicy>;
export declare function backoffDelay(attempt: number, policy?: RetryPolicy, random?: () => number): number;
