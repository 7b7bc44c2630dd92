import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { Job, JobError } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';

/**
 * OpenTelemetry through @opentelemetry/api only. Without an SDK every call
 * here hits the API's no-op tracer: no span is recorded and nothing new is
 * stored on the job (a traceparent that came with the request is kept).
 *
 * One trace per job: the enqueue span's context is stored on the job as a
 * W3C `traceparent`, and every attempt's span, on whichever node and after
 * however many retries, is a child of it. Propagation uses the API's global
 * propagator when one handles `traceparent` (an SDK registers W3C trace
 * context); otherwise the same W3C header is read and written here, so the
 * link holds even with a tracer provider and no propagator.
 */
const TRACER = 'corebound';
const tracer = () => trace.getTracer(TRACER);

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Parses a W3C traceparent; null when malformed or all-zero. */
export function parseTraceparent(header: string | null | undefined): SpanContext | null {
  const m = TRACEPARENT.exec((header ?? '').trim().toLowerCase());
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return null;
  const sc: SpanContext = { traceId: m[2], spanId: m[3], traceFlags: Number.parseInt(m[4], 16) & 0xff, isRemote: true };
  return isSpanContextValid(sc) ? sc : null;
}

export function formatTraceparent(sc: SpanContext): string | null {
  if (!isSpanContextValid(sc)) return null;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The trace id of a job's trace, for log lines; null when the job was not traced. */
export function traceIdOf(job: Pick<Job, 'traceparent'>): string | null {
  return parseTraceparent(job.traceparent)?.traceId ?? null;
}

const usesGlobalPropagator = () => propagation.fields().includes('traceparent');

/** The context a stored or received traceparent names, on top of `base`. */
export function contextFromTraceparent(traceparent: string | null | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!traceparent) return base;
  if (usesGlobalPropagator()) return propagation.extract(base, { traceparent });
  const sc = parseTraceparent(traceparent);
  return sc ? trace.setSpanContext(base, sc) : base;
}

/** The traceparent of the span in `ctx`, or null when there is no valid one. */
export function traceparentOf(ctx: Context): string | null {
  if (usesGlobalPropagator()) {
    const carrier: Record<string, string> = {};
    propagation.inject(ctx, carrier);
    return carrier.traceparent ?? null;
  }
  const sc = trace.getSpanContext(ctx);
  return sc ? formatTraceparent(sc) : null;
}

function enqueueSpan(spec: EnqueueSpec): { span: Span; spec: EnqueueSpec } {
  // A producer's traceparent (HTTP header, client) wins over this process's active span.
  const parent = spec.traceparent ? contextFromTraceparent(spec.traceparent, context.active()) : context.active();
  const queue = spec.queue ?? spec.task;
  const span = tracer().startSpan(
    `enqueue ${spec.task}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'corebound',
        'messaging.operation.type': 'send',
        'messaging.destination.name': queue,
        'corebound.task': spec.task,
        'corebound.queue': queue,
      },
    },
    parent,
  );
  const tp = traceparentOf(trace.setSpan(parent, span));
  return { span, spec: tp && tp !== spec.traceparent ? { ...spec, traceparent: tp } : spec };
}

/**
 * Starts and ends an enqueue span, returning the spec with the span's
 * traceparent. For callers that enqueue elsewhere; `traceEnqueue` also
 * records the job id and any failure.
 */
export function traceEnqueueSpec(spec: EnqueueSpec): EnqueueSpec {
  const { span, spec: out } = enqueueSpan(spec);
  span.end();
  return out;
}

/** Runs an enqueue with one span per spec around it; the specs it passes on carry their span's traceparent. */
export async function traceEnqueue<R extends { job: Pick<Job, 'id'>; created: boolean }>(
  specs: EnqueueSpec[],
  run: (specs: EnqueueSpec[]) => Promise<R[]>,
): Promise<R[]> {
  const started = specs.map(enqueueSpan);
  let results: R[];
  try {
    results = await run(started.map((s) => s.spec));
  } catch (e) {
    for (const { span } of started) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error)?.message });
      span.end();
    }
    throw e;
  }
  started.forEach(({ span }, i) => {
    const r = results[i];
    if (r) span.setAttributes({ 'corebound.job.id': r.job.id, 'corebound.job.created': r.created });
    span.end();
  });
  return results;
}

/**
 * A span for one attempt, a child of the job's enqueue span (a new root
 * when the job carries no trace context). The caller ends it, normally with
 * `endAttemptSpan`.
 */
export function startAttemptSpan(
  job: Pick<Job, 'id' | 'attempt' | 'task' | 'queue' | 'traceparent'>,
  opts: { workerId?: string; startTime?: number } = {},
): Span {
  const attributes: Attributes = {
    'messaging.system': 'corebound',
    'messaging.operation.type': 'process',
    'messaging.destination.name': job.queue,
    'messaging.message.id': String(job.id),
    'corebound.job.id': job.id,
    'corebound.job.attempt': job.attempt,
    'corebound.task': job.task,
    'corebound.queue': job.queue,
  };
  if (opts.workerId) attributes['corebound.worker.id'] = opts.workerId;
  return tracer().startSpan(
    `run ${job.task}`,
    { kind: SpanKind.CONSUMER, attributes, startTime: opts.startTime },
    contextFromTraceparent(job.traceparent),
  );
}

export interface AttemptEnd {
  outcome: string;
  state?: string;
  error?: JobError;
  metrics?: { waitMs?: number; wallMs?: number; cpuMs?: number; peakMemBytes?: number };
}

/** Records an attempt's outcome and measurements on its span and ends it. */
export function endAttemptSpan(span: Span, end: AttemptEnd): void {
  const a: Attributes = { 'corebound.outcome': end.outcome };
  if (end.state) a['corebound.job.state'] = end.state;
  const m = end.metrics ?? {};
  if (m.waitMs !== undefined) a['corebound.wait_ms'] = m.waitMs;
  if (m.wallMs !== undefined) a['corebound.wall_ms'] = m.wallMs;
  if (m.cpuMs !== undefined) a['corebound.cpu_ms'] = m.cpuMs;
  if (m.peakMemBytes !== undefined) a['corebound.peak_mem_bytes'] = m.peakMemBytes;
  span.setAttributes(a);
  if (end.outcome !== 'succeeded' && end.outcome !== 'released') {
    const message = end.error ? `${end.error.code}: ${end.error.message}` : end.outcome;
    if (end.error) span.setAttribute('error.type', end.error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end();
}
