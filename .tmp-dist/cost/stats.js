/** Small descriptive statistics shared by the cost report and the planner. */
export function mean(xs) {
    if (xs.length === 0)
        return 0;
    let s = 0;
    for (const x of xs)
        s += x;
    return s / xs.length;
}
/**
 * Nearest-rank percentile (p in (0, 1]): the smallest value with at least
 * p of the samples at or below it. Always one of the samples, so "p95 cost
 * per job" is a cost some job actually had.
 */
export function percentile(xs, p) {
    if (xs.length === 0)
        return 0;
    const sorted = [...xs].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil(p * sorted.length));
    return sorted[Math.min(rank, sorted.length) - 1];
}
/** Coefficient of variation: sample standard deviation over mean (0 for fewer than two samples). */
export function coefficientOfVariation(xs) {
    if (xs.length < 2)
        return 0;
    const m = mean(xs);
    if (m === 0)
        return 0;
    let ss = 0;
    for (const x of xs)
        ss += (x - m) ** 2;
    return Math.sqrt(ss / (xs.length - 1)) / m;
}
//# sourceMappingURL=stats.js.map