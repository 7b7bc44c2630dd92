/**
 * Erlang B and C without factorials or powers, so c in the thousands is as
 * exact as c = 2. The textbook form a^c/c! overflows a double past c ≈ 170;
 * the recurrence below only ever multiplies numbers in [0, 1] by a/k-sized
 * factors and stays in range for any c.
 *
 *   B(0, a) = 1
 *   B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a))          (Erlang B, blocking)
 *   C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a)))        (Erlang C, P(wait > 0)), a < c
 */
export function erlangB(c, a) {
    let b = 1;
    for (let k = 1; k <= c; k++)
        b = (a * b) / (k + a * b);
    return b;
}
/** Erlang C from Erlang B at the same c. Requires a < c (a stable queue). */
export function erlangCFromB(c, a, b) {
    return (c * b) / (c - a * (1 - b));
}
/** P(an arrival waits) in M/M/c with offered load a = λ/μ erlangs; 1 when a ≥ c (the queue grows without bound). */
export function erlangC(c, a) {
    if (a <= 0)
        return 0;
    if (a >= c)
        return 1;
    return erlangCFromB(c, a, erlangB(c, a));
}
/**
 * The smallest c > a for which `ok(c, C(c, a))` holds, walking the Erlang B
 * recurrence once (O(answer), not O(answer²)). Null if none up to maxC.
 */
export function smallestServers(a, maxC, ok) {
    let b = 1;
    for (let k = 1; k <= maxC; k++) {
        b = (a * b) / (k + a * b);
        if (k > a && ok(k, erlangCFromB(k, a, b)))
            return k;
    }
    return null;
}
//# sourceMappingURL=erlang.js.map