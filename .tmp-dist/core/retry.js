export const defaultRetryPolicy = {
    maxAttempts: 5,
    baseMs: 1_000,
    capMs: 10 * 60_000,
    maxCrashes: 3,
};
export function backoffDelay(attempt, policy = {}, random = Math.random) {
    const base = policy.baseMs ?? defaultRetryPolicy.baseMs;
    const cap = policy.capMs ?? defaultRetryPolicy.capMs;
    const exp = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt - 1, 40)));
    return Math.floor(random() * exp);
}
//# sourceMappingURL=retry.js.map