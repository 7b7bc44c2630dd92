import type { Store } from '../../src/store/store.js';
import { type AsianParams, combine } from './monte-carlo.js';
export declare const TASKS_DIR: string;
export interface DemoOptions {
    store: Store;
    shards: number;
    paths: number;
    seed: number;
    workers?: number;
    params: AsianParams;
    /** Called as shards finish: (done, total, resumed). */
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
}
export interface DemoResult {
    complete: boolean;
    price?: ReturnType<typeof combine>;
    shards: number;
    resumed: number;
    computed: number;
    dead: number;
    wallMs: number;
    workers: number;
    busyMsPerWorker: number[];
    cpuMs: number;
    jobIds: number[];
}
/**
 * Enqueues the shards with idempotency keys derived from the parameters, so
 * a rerun (after a kill) finds the same jobs and recomputes only what is not
 * finished; runs a node until every shard is final; combines the answer.
 */
export declare function runAsianDemo(o: DemoOptions): Promise<DemoResult>;
