import { type Context, type Span, type SpanContext } from '@opentelemetry/api';
import type { Job, JobError } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';
/** Parses a W3C traceparent; null when malformed or all-zero. */
export declare function parseTraceparent(header: string | null | undefined): SpanContext | null;
export declare function formatTraceparent(sc: SpanContext): string | null;
/** The trace id of a job's trace, for log lines; null when the job was not traced. */
export declare function traceIdOf(job: Pick<Job, 'traceparent'>): string | null;
/** The context a stored or received traceparent names, on top of `base`. */
export declare function contextFromTraceparent(traceparent: string | null | undefined, base?: Context): Context;
/** The traceparent of the span in `ctx`, or null when there is no valid one. */
export declare function traceparentOf(ctx: Context): string | null;
/**
 * Starts and ends an enqueue span, returning the spec with the span's
 * traceparent. For callers that enqueue elsewhere; `traceEnqueue` also
 * records the job id and any failure.
 */
export declare function traceEnqueueSpec(spec: EnqueueSpec): EnqueueSpec;
/** Runs an enqueue with one span per spec around it; the specs it passes on carry their span's traceparent. */
export declare function traceEnqueue<R extends {
    job: Pick<Job, 'id'>;
    created: boolean;
}>(specs: EnqueueSpec[], run: (specs: EnqueueSpec[]) => Promise<R[]>): Promise<R[]>;
/**
 * A span for one attempt, a child of the job's enqueue span (a new root
 * when the job carries no trace context). The caller ends it, normally with
 * `endAttemptSpan`.
 */
export declare function startAttemptSpan(job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>, opts?: {
    workerId?: string;
    startTime?: number;
}): Span;
export interface AttemptEnd {
    outcome: string;
    state?: string;
    error?: JobError;
    metrics?: {
        waitMs?: number;
        wallMs?: number;
        cpuMs?: number;
        peakMemBytes?: number;
    };
}
/** Records an attempt's outcome and measurements on its span and ends it. */
export declare function endAttemptSpan(span: Span, end: AttemptEnd): void;
