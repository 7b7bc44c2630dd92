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
export declare function erlangB(c: number, a: number): number;
/** Erlang C from Erlang B at the same c. Requires a < c (a stable queue). */
export declare function erlangCFromB(c: number, a: number, b: number): number;
/** P(an arrival waits) in M/M/c with offered load a = λ/μ erlangs; 1 when a ≥ c (the queue grows without bound). */
export declare function erlangC(c: number, a: number): number;
/**
 * The smallest c > a for which `ok(c, C(c, a))` holds, walking the Erlang B
 * recurrence once (O(answer), not O(answer²)). Null if none up to maxC.
 */
export declare function smallestServers(a: number, maxC: number, ok: (c: number, erlangC: number) => boolean): number | null;
