/**
 * Monte Carlo pricing of an arithmetic-average Asian call under geometric
 * Brownian motion. Each shard simulates `paths` paths from its own seed, so
 * the answer is reproducible and shards can run anywhere in any order.
 */
export interface AsianParams {
    spot: number;
    strike: number;
    rate: number;
    volatility: number;
    years: number;
    steps: number;
}
export interface ShardSums {
    n: number;
    sum: number;
    sumSq: number;
}
export declare function simulateShard(p: AsianParams, seed: number, paths: number, onProgress?: (fraction: number) => void): ShardSums;
/** Combines shards: the price estimate and its 95% confidence interval. */
export declare function combine(shards: ShardSums[]): {
    paths: number;
    price: number;
    stderr: number;
    low: number;
    high: number;
};
