import { type ResourceLimits } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
/** Where a slot runs task code: a worker thread (default) or a child process. */
export type Isolation = 'thread' | 'process';
export interface ChannelEvents {
    message(m: FromWorker): void;
    /** The thread or process is gone. `error` carries why, when known (code ERR_WORKER_OUT_OF_MEMORY for a heap OOM). */
    exit(code: number | null, error: (Error & {
        code?: string;
    }) | null): void;
}
export interface Channel {
    post(m: ToWorker): void;
    /** Stops it now: worker.terminate() for a thread, SIGKILL for a process. */
    kill(): Promise<void>;
}
export interface ChannelOptions {
    bootUrl: URL;
    init: WorkerInit;
    resourceLimits: ResourceLimits;
}
export declare function openChannel(isolation: Isolation, opts: ChannelOptions, on: ChannelEvents): Channel;
