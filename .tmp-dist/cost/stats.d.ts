/** Small descriptive statistics shared by the cost report and the planner. */
export declare function mean(xs: readonly number[]): number;
/**
 * Nearest-rank percentile (p in (0, 1]): the smallest value with at least
 * p of the samples at or below it. Always one of the samples, so "p95 cost
 * per job" is a cost some job actually had.
 */
export declare function percentile(xs: readonly number[], p: number): number;
/** Coefficient of variation: sample standard deviation over mean (0 for fewer than two samples). */
export declare function coefficientOfVariation(xs: readonly number[]): number;
