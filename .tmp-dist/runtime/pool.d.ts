import type { Isolation } from './channel.js';
import type { FromWorker, RunMsg } from './protocol.js';
import { type Outcome, Slot, type SlotJob } from './slot.js';
export interface PoolOptions {
    /** Threads; default os.availableParallelism(). */
    size?: number;
    /** Heap cap per thread (resourceLimits.maxOldGenerationSizeMb); default 1024. */
    maxOldGenerationSizeMb?: number;
    maxResultBytes?: number;
    progressEveryMs?: number;
    /** Register tsx in the threads (task modules are TypeScript). */
    tsx?: boolean;
    /** 'thread' (default) or 'process': a child process per slot, killed with SIGKILL (native code). */
    isolation?: Isolation;
}
export interface PoolEvents {
    /** A thread became ready (booted or replaced): a worker is free. */
    ready(): void;
    outcome(slot: Slot, job: SlotJob, outcome: Outcome): void;
    message(slot: Slot, m: FromWorker): void;
    bootFailure(err: Error | null): void;
}
/**
 * Long-lived worker threads, one job each. Hard timeouts and
 * kill-after-ignored-abort share one timer armed at the earliest deadline,
 * so the hot path sets no per-job timer.
 */
export declare class Pool {
    readonly slots: Slot[];
    private readonly idle;
    private sweepAt;
    private sweepTimer;
    private closed;
    constructor(opts: PoolOptions, events: PoolEvents);
    get size(): number;
    /** Ready threads with no job. */
    get free(): number;
    get busy(): number;
    /** Runs a job on a free thread; the caller checked `free > 0`. */
    run(msg: RunMsg, timeoutMs: number): Slot;
    /** Signals the job's AbortSignal; terminates the thread if it has not finished after graceMs. */
    abort(slot: Slot, graceMs: number): void;
    close(): Promise<void>;
    private arm;
    private sweep;
}
