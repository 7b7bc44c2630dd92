import { randomBytes } from 'node:crypto';
import {
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanOptions,
  type SpanStatus,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  context,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';

/**
 * The smallest tracer that records: enough of the OpenTelemetry API's
 * TracerProvider/Tracer/Span to check parent/child links in tests without
 * an SDK package.
 */
export class MemorySpan implements Span {
  readonly attributes: Attributes = {};
  status: SpanStatus = { code: 0 };
  ended = false;
  exceptions: unknown[] = [];
  constructor(
    public name: string,
    private readonly ctx: SpanContext,
    readonly parentSpanId: string | undefined,
    readonly kind: SpanKind | undefined,
    attributes: Attributes | undefined,
  ) {
    Object.assign(this.attributes, attributes);
  }
  spanContext() {
    return this.ctx;
  }
  setAttribute(key: string, value: any) {
    this.attributes[key] = value;
    return this;
  }
  setAttributes(a: Attributes) {
    Object.assign(this.attributes, a);
    return this;
  }
  addEvent() {
    return this;
  }
  addLink(_l: Link) {
    return this;
  }
  addLinks(_l: Link[]) {
    return this;
  }
  setStatus(s: SpanStatus) {
    this.status = s;
    return this;
  }
  updateName(n: string) {
    this.name = n;
    return this;
  }
  end() {
    this.ended = true;
  }
  isRecording() {
    return !this.ended;
  }
  recordException(e: unknown) {
    this.exceptions.push(e);
  }
}

export class MemoryTracer implements Tracer {
  readonly spans: MemorySpan[] = [];
  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    const parent = options.root ? undefined : trace.getSpanContext(ctx);
    const valid = parent && isSpanContextValid(parent) ? parent : undefined;
    const sc: SpanContext = {
      traceId: valid?.traceId ?? randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      traceFlags: TraceFlags.SAMPLED,
    };
    const span = new MemorySpan(name, sc, valid?.spanId, options.kind, options.attributes);
    this.spans.push(span);
    return span;
  }
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (rest.length > 1 ? rest[0] : {}) as SpanOptions;
    const ctx = (rest.length > 2 ? rest[1] : context.active()) as Context;
    const span = this.startSpan(name, options, ctx);
    return context.with(trace.setSpan(ctx, span), fn as (s: Span) => ReturnType<F>, undefined, span);
  }
}

export class MemoryTracerProvider implements TracerProvider {
  readonly tracer = new MemoryTracer();
  getTracer(): Tracer {
    return this.tracer;
  }
}
