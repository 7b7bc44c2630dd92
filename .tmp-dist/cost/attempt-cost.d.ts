import type { Rate } from './rates.js';
/**
 * What one attempt cost. A worker holds one whole core (and its memory) for
 * an attempt's wall time whether the task keeps it busy or not, so the price
 * is on reserved core-seconds, not on CPU-seconds. CPU-seconds are reported
 * beside it: a low CPU/core ratio means a task waits on I/O while holding a
 * core that CPU-bound work could use.
 */
export interface CostBasis {
    rate: Pick<Rate, 'name' | 'vcpuHour' | 'gbHour'>;
    /** Memory reserved per worker (one worker = one core), in GB. */
    memoryGbPerWorker: number;
}
/** Fargate's smallest memory size for one vCPU; a fair default for one worker per core. */
export declare const DEFAULT_MEMORY_GB_PER_WORKER = 2;
export interface Cost {
    /** Reserved core-seconds: one core for the wall time. */
    coreSeconds: number;
    /** CPU-seconds the task's thread actually used (reported, not priced). */
    cpuSeconds: number;
    /** Reserved memory: memoryGbPerWorker × wall seconds. */
    gbSeconds: number;
    vcpuUsd: number;
    memoryUsd: number;
    usd: number;
}
export declare const ZERO_COST: Readonly<Cost>;
/** The fields of an attempt that cost depends on (FinishedAttempt and Attempt both fit). */
export interface AttemptUsage {
    startedAt: number;
    endedAt: number | null;
    wallMs: number | null;
    cpuMs: number | null;
}
export declare function validateBasis(basis: CostBasis): void;
/** USD for one worker (one core plus its memory) for one hour. */
export declare function workerHourUsd(basis: CostBasis): number;
/** Wall time as measured by the supervisor; the attempt's span when that is missing (a crash has no report). */
export declare function attemptWallMs(a: AttemptUsage): number;
export declare function costOfUsage(wallMs: number, cpuMs: number, basis: CostBasis): Cost;
export declare function attemptCost(a: AttemptUsage, basis: CostBasis): Cost;
export declare function addCost(x: Cost, y: Cost): Cost;
/** A job's cost is the sum of all its attempts: retries and crashed attempts are paid for too. */
export declare function jobCost(attempts: readonly AttemptUsage[], basis: CostBasis): Cost;
