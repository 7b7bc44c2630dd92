import { type DestinationStream, type Logger } from 'pino';
import type { Job } from '../core/job.js';
import type { TaskLogger } from '../core/task.js';
/**
 * Structured logs with pino: one JSON object per line in production,
 * pino-pretty's coloured lines in a terminal. Every line about a job comes
 * from a child logger that carries jobId, attempt, task, queue and traceId,
 * so a log search for a job or a trace finds all of it, including the lines
 * task code writes through ctx.log.
 */
export type LogFormat = 'pretty' | 'json' | 'auto';
export declare const LogFormats: readonly LogFormat[];
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export interface CreateLoggerOptions {
    /** 'auto' (default): pretty when the output is a terminal, JSON otherwise. */
    format?: LogFormat;
    level?: LogLevel;
    /** Where lines go; default stdout. A stream with `isTTY` drives 'auto'. */
    destination?: DestinationStream & {
        isTTY?: boolean;
    };
    /** Fields on every line, e.g. { node: workerId }. */
    base?: Record<string, unknown>;
}
export declare function resolveLogFormat(format: LogFormat | undefined, out?: {
    isTTY?: boolean;
}): 'pretty' | 'json';
export declare function createLogger(opts?: CreateLoggerOptions): Logger;
/** The fields every job line carries. */
export declare function jobFields(job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>): Record<string, unknown>;
/** A child logger for one attempt of a job. */
export declare function attemptLogger(base: Logger, job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>): Logger;
/** Adapts a pino logger to the TaskLogger interface (message first, fields second). */
export declare function toTaskLogger(logger: Logger): TaskLogger;
/**
 * A TaskLogger for a node: a line whose fields name a `jobId` (the
 * supervisor's own lines and task code's ctx.log lines both do) is written
 * through that attempt's child logger when `lookup` knows it, so it gains
 * attempt, queue and traceId as well.
 */
export declare function enrichingTaskLogger(base: Logger, lookup: (jobId: number) => Logger | undefined): TaskLogger;
