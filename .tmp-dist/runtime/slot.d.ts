import type { ResourceLimits } from 'node:worker_threads';
import type { AttemptMetrics, JobError } from '../core/job.js';
import { type Isolation } from './channel.js';
import type { FromWorker, RunMsg, ToWorker, WorkerInit } from './protocol.js';
/** How one run on a thread ended, before the supervisor turns it into a store call. */
export type Outcome = {
    kind: 'ok';
    json: string;
    metrics: AttemptMetrics;
} | {
    kind: 'error';
    error: JobError;
    retryable: boolean;
    aborted: boolean;
    metrics: AttemptMetrics;
}
/** The thread was terminated or died: hard timeout, heap limit, exit/uncaught error, or killed after an ignored abort. */
 | {
    kind: 'timeout' | 'oom' | 'crash' | 'killed';
    error: JobError;
    metrics: AttemptMetrics;
};
export interface SlotJob {
    id: number;
    startedAt: number;
    /** performance.now() deadlines: hard timeout, and terminate-after-ignored-abort (Infinity when unset). */
    deadline: number;
    killAt: number;
}
export interface SlotHost {
    readonly init: WorkerInit;
    readonly bootUrl: URL;
    readonly resourceLimits: ResourceLimits;
    readonly isolation: Isolation;
    onReady(slot: Slot): void;
    onMessage(slot: Slot, m: FromWorker): void;
    onOutcome(slot: Slot, job: SlotJob, outcome: Outcome): void;
    onBootFailure(slot: Slot, err: Error | null): void;
    /** The thread is gone (it may have been idle); it is not free until its replacement is ready. */
    onDown(slot: Slot): void;
}
/** One long-lived worker thread (or process), replaced whenever it dies or is terminated. */
export declare class Slot {
    readonly index: number;
    private readonly host;
    private channel;
    ready: boolean;
    job: SlotJob | null;
    busyMs: number;
    jobs: number;
    closed: boolean;
    private schedstat;
    private cpuNs;
    private killReason;
    private killCpuMs;
    constructor(index: number, host: SlotHost);
    private spawn;
    post(m: ToWorker): void;
    run(msg: RunMsg, timeoutMs: number): SlotJob;
    abort(graceMs: number): void;
    /** Terminates the thread; the running job ends as `reason` and a fresh thread replaces it. */
    kill(reason: 'timeout' | 'killed'): void;
    close(): Promise<void>;
    private message;
    private done;
    private finish;
    private exited;
    private deathOutcome;
}
