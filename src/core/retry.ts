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

export const defaultRetryPolicy: Required<RetryPolicy> = {
  maxAttempts: 5,
  baseMs: 1_000,
  capMs: 10 * 60_000,
  maxCrashes: 3,
};

export function backoffDelay(attempt: number, policy: RetryPolicy = {}, random: () => number = Math.random): number {
  const base = policy.baseMs ?? defaultRetryPolicy.baseMs;
  const cap = policy.capMs ?? defaultRetryPolicy.capMs;
  const exp = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt - 1, 40)));
  return Math.floor(random() * exp);
}
