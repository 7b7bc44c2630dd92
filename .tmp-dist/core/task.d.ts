import type { z } from 'zod';
import type { RetryPolicy } from './retry.js';
export interface TaskLogger {
    debug(msg: string, fields?: Record<string, unknown>): void;
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
    error(msg: string, fields?: Record<string, unknown>): void;
}
/** What task code sees while it runs (inside a worker thread). */
export interface TaskContext<C = unknown> {
    id: number;
    attempt: number;
    /** Aborted when the job is cancelled, its lease is lost, or the node drains. */
    signal: AbortSignal;
    /** Reports progress in [0, 1]; throttled and sent with the next heartbeat. */
    progress(fraction: number, message?: string): void;
    /** Durably saves resumable state; a retry receives it as `checkpoint`. */
    checkpoint(state: C): Promise<void>;
    /** The last checkpoint saved by an earlier attempt, or undefined. */
    checkpointState: C | undefined;
    log: TaskLogger;
}
export interface TaskDefinition<I = unknown, O = unknown> {
    name: string;
    /** zod schema; validated at enqueue wherever tasks are known, and again before run. */
    input?: z.ZodType<I>;
    retry?: RetryPolicy;
    /** Hard timeout per attempt (ms or '30s'): the thread is terminated and replaced. */
    timeout?: number | string;
    /** Default queue (defaults to the task name). */
    queue?: string;
    run(input: I, ctx: TaskContext): Promise<O> | O;
}
/** Declares a task; input is typed from the schema. */
export declare function defineTask<S extends z.ZodType, O>(def: Omit<TaskDefinition<z.output<S>, O>, 'input'> & {
    input: S;
}): TaskDefinition<z.output<S>, O>;
export declare function defineTask<I = unknown, O = unknown>(def: TaskDefinition<I, O>): TaskDefinition<I, O>;
/** Tasks known to a process (CLI with --tasks, server, node), by name, with the module file they came from. */
export type TaskCatalog = Map<string, TaskDefinition & {
    file: string;
}>;
