import type { Command } from 'commander';
/**
 * The main job: price an Asian option by Monte Carlo, split into CPU-bound
 * shards that run one per core. Interrupt it (Ctrl-C, or kill -9) and run it
 * again: finished shards come from the store, only the rest are computed.
 */
export declare function registerDemo(program: Command): void;
