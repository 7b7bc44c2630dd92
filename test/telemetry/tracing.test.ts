import { type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, type TextMapPropagator, propagation, trace } from '@opentelemetry/api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { NodeTelemetry } from '../../src/telemetry/node-telemetry.js';
import {
  contextFromTraceparent,
  formatTraceparent,
  parseTraceparent,
  startAttemptSpan,
  traceEnqueueSpec,
  traceIdOf,
} from '../../src/telemetry/tracing.js';
import { testNode, waitFinal, waitFor } from './helpers.js';
import { MemoryTracerProvider } from './tracer.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE}-${PRODUCER_SPAN}-01`;

const telemetry = () => new NodeTelemetry({ logger: pino({ level: 'silent' }), metrics: new CoreboundMetrics({ defaultMetrics: false }) });

// Tests run in order: first without any tracer provider (the no-SDK case), then with one registered.
describe('W3C traceparent', () => {
  it('parses and formats', () => {
    const sc = parseTraceparent(TRACEPARENT);
    expect(sc).toEqual({ traceId: TRACE, spanId: PRODUCER_SPAN, traceFlags: 1, isRemote: true });
    expect(formatTraceparent(sc!)).toBe(TRACEPARENT);
    expect(parseTraceparent(`00-${TRACE}-${PRODUCER_SPAN}-00`)?.traceFlags).toBe(0);
    expect(traceIdOf({ traceparent: TRACEPARENT })).toBe(TRACE);
    expect(traceIdOf({ traceparent: null })).toBeNull();
  });

  it('refuses malformed and all-zero ids', () => {
    for (const bad of [
      '',
      'garbage',
      `00-${'0'.repeat(32)}-${PRODUCER_SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `ff-${TRACE}-${PRODUCER_SPAN}-01`,
      `00-${TRACE}-${PRODUCER_SPAN}-01-extra`,
      `00-${TRACE.slice(1)}-${PRODUCER_SPAN}-01`,
    ]) {
      expect(parseTraceparent(bad), bad).toBeNull();
    }
    // A future version may append fields.
    expect(parseTraceparent(`01-${TRACE}-${PRODUCER_SPAN}-01-extra`)?.traceId).toBe(TRACE);
  });
});

describe('without an SDK', () => {
  it('records nothing and stores nothing new on the job', () => {
    const spec = { task: 't' };
    expect(traceEnqueueSpec(spec)).toBe(spec);
    const withParent = { task: 't', traceparent: TRACEPARENT };
    expect(traceEnqueueSpec(withParent).traceparent).toBe(TRACEPARENT);
    const span = startAttemptSpan({ id: 1, attempt: 1, task: 't', queue: 'q', traceparent: TRACEPARENT });
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});

describe('with a tracer provider', () => {
  const provider = new MemoryTracerProvider();
  const spans = provider.tracer.spans;
  let registered = false;

  beforeAll(() => {
    registered = trace.setGlobalTracerProvider(provider);
  });

  afterAll(() => {
    trace.disable();
  });

  it('makes every attempt, across nodes and retries, a child of the enqueue span', async () => {
    expect(registered).toBe(true);
    const raw = await openStore('sqlite::memory:');
    const ta = telemetry();
    const tb = telemetry();
    // Node A never promotes or rescues: after it drains, only node B can run the retry.
    const a = await testNode(ta.wrapStore(raw), { maintenance: false, workers: 1 });
    ta.attach(a);
    let b: Awaited<ReturnType<typeof testNode>> | undefined;
    try {
      const [{ job }] = await ta.wrapStore(raw).enqueue([{ task: 'slow-flaky', input: { ms: 1500 }, traceparent: TRACEPARENT }]);
      await waitFor(async () => (await raw.get(job.id))?.state === 'running', 'attempt 1 to start on node A');
      await a.drain(30_000);
      expect((await raw.get(job.id))?.errors).toBe(1);
      b = await testNode(tb.wrapStore(raw), { workers: 1 });
      tb.attach(b);
      const [done] = await waitFinal(raw, [job.id]);
      expect(done?.state).toBe('succeeded');
      await waitFor(() => spans.filter((s) => s.name === 'run slow-flaky' && s.ended).length === 2, 'both attempt spans to end');

      const enqueue = spans.filter((s) => s.name === 'enqueue slow-flaky');
      expect(enqueue).toHaveLength(1);
      const e = enqueue[0];
      expect(e.kind).toBe(SpanKind.PRODUCER);
      expect(e.ended).toBe(true);
      // The enqueue span continues the producer's trace (its traceparent came with the request).
      expect(e.spanContext().traceId).toBe(TRACE);
      expect(e.parentSpanId).toBe(PRODUCER_SPAN);
      expect(e.attributes['corebound.job.id']).toBe(job.id);
      // The job carries the enqueue span's context.
      expect(done?.traceparent).toBe(`00-${TRACE}-${e.spanContext().spanId}-01`);

      const runs = spans.filter((s) => s.name === 'run slow-flaky');
      expect(runs.map((s) => s.attributes['corebound.job.attempt'])).toEqual([1, 2]);
      for (const r of runs) {
        expect(r.kind).toBe(SpanKind.CONSUMER);
        expect(r.spanContext().traceId).toBe(TRACE);
        expect(r.parentSpanId).toBe(e.spanContext().spanId);
        expect(r.attributes['corebound.job.id']).toBe(job.id);
      }
      expect(runs[0].attributes['corebound.worker.id']).toBe(a.workerId);
      expect(runs[1].attributes['corebound.worker.id']).toBe(b.workerId);
      expect(a.workerId).not.toBe(b.workerId);
      expect(runs[0].status.code).toBe(SpanStatusCode.ERROR);
      expect(runs[0].status.message).toContain('first attempt fails late');
      expect(runs[0].attributes['corebound.outcome']).toBe('error');
      expect(runs[1].status.code).toBe(SpanStatusCode.UNSET);
      expect(runs[1].attributes['corebound.outcome']).toBe('succeeded');
      expect(runs[1].attributes['corebound.wall_ms']).toBeGreaterThanOrEqual(0);
    } finally {
      await a.stop();
      await b?.stop();
      await raw.close();
    }
  }, 60_000);

  it('starts a new trace for a job enqueued without trace context', async () => {
    const raw = await openStore('sqlite::memory:');
    try {
      const [{ job }] = await telemetry().wrapStore(raw).enqueue([{ task: 'noop' }]);
      const e = spans.find((s) => s.name === 'enqueue noop' && s.attributes['corebound.job.id'] === job.id);
      expect(e?.parentSpanId).toBeUndefined();
      expect(job.traceparent).toBe(`00-${e?.spanContext().traceId}-${e?.spanContext().spanId}-01`);
      const run = startAttemptSpan(job);
      expect((run as unknown as { parentSpanId: string }).parentSpanId).toBe(e?.spanContext().spanId);
      run.end();
    } finally {
      await raw.close();
    }
  });

  it('uses the global propagator when one handles traceparent', () => {
    const calls: string[] = [];
    const w3c: TextMapPropagator = {
      inject(ctx: Context, carrier: any) {
        calls.push('inject');
        const sc = trace.getSpanContext(ctx);
        if (sc) carrier.traceparent = formatTraceparent(sc);
      },
      extract(ctx: Context, carrier: any) {
        calls.push('extract');
        const sc = parseTraceparent(carrier.traceparent);
        return sc ? trace.setSpanContext(ctx, sc) : ctx;
      },
      fields: () => ['traceparent'],
    };
    propagation.setGlobalPropagator(w3c);
    try {
      const out = traceEnqueueSpec({ task: 't', traceparent: TRACEPARENT });
      expect(calls).toEqual(['extract', 'inject']);
      expect(out.traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
      expect(trace.getSpanContext(contextFromTraceparent(out.traceparent, ROOT_CONTEXT))?.traceId).toBe(TRACE);
    } finally {
      propagation.disable();
    }
  });
});
