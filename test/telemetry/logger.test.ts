import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../../src/runtime/supervisor.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { attemptLogger, createLogger, resolveLogFormat, toTaskLogger } from '../../src/telemetry/logger.js';
import { CoreboundMetrics } from '../../src/telemetry/metrics.js';
import { NodeTelemetry } from '../../src/telemetry/node-telemetry.js';
import { captureLines, testNode, waitFinal, waitFor } from './helpers.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE}-00f067aa0ba902b7-01`;

describe('job log lines from a real node', () => {
  const out = captureLines();
  let raw: Store;
  let node: Node;
  let ids: number[];

  beforeAll(async () => {
    raw = await openStore('sqlite::memory:');
    const logger = createLogger({ format: 'json', level: 'info', destination: out.stream });
    const t = new NodeTelemetry({ logger, metrics: new CoreboundMetrics({ defaultMetrics: false }) });
    const store = t.wrapStore(raw);
    node = await testNode(store, { logger: t.taskLogger, queues: ['flaky-q'] });
    t.attach(node);
    const res = await store.enqueue([
      { task: 'logs', input: { word: 'hi' }, traceparent: TRACEPARENT },
      { task: 'flaky', queue: 'flaky-q' },
    ]);
    ids = res.map((r) => r.job.id);
    await waitFinal(raw, ids);
    await waitFor(() => out.json().filter((l) => l.msg === 'attempt succeeded').length === 2, 'both success lines');
  }, 60_000);

  afterAll(async () => {
    await node?.stop();
    await raw?.close();
  });

  it('writes task code’s ctx.log lines with job id, attempt, task, queue and trace id', () => {
    const line = out.json().find((l) => l.msg === 'hello from the task');
    expect(line).toBeDefined();
    expect(line).toMatchObject({ level: 'info', jobId: ids[0], attempt: 1, task: 'logs', queue: 'logs', traceId: TRACE, word: 'hi' });
    expect(typeof line?.time).toBe('string');
  });

  it('writes one line per attempt outcome with its measurements', () => {
    const lines = out.json();
    const ok = lines.find((l) => l.msg === 'attempt succeeded' && l.jobId === ids[0]);
    expect(ok).toMatchObject({ jobId: ids[0], attempt: 1, task: 'logs', queue: 'logs', traceId: TRACE, outcome: 'succeeded', state: 'succeeded' });
    expect(ok?.wallMs).toBeGreaterThanOrEqual(0);
    expect(ok?.cpuMs).toBeGreaterThanOrEqual(0);

    const failed = lines.find((l) => l.jobId === ids[1] && l.outcome === 'error');
    expect(failed).toMatchObject({ level: 'warn', attempt: 1, task: 'flaky', queue: 'flaky-q' });
    // A backoff of 0-1 ms (full jitter) may send it straight back to the queue.
    expect(['retrying', 'queued']).toContain(failed?.state);
    expect(failed?.error).toMatchObject({ message: 'first attempt always fails' });
    // The job was enqueued without trace context and no SDK is registered: no trace id is invented.
    expect(failed).not.toHaveProperty('traceId');
    const retried = lines.find((l) => l.jobId === ids[1] && l.msg === 'attempt succeeded');
    expect(retried).toMatchObject({ attempt: 2, task: 'flaky', queue: 'flaky-q' });
  });

  it('gives every line that names a job the same fields', () => {
    for (const l of out.json().filter((x) => x.jobId !== undefined)) {
      expect(l).toHaveProperty('attempt');
      expect(l).toHaveProperty('task');
      expect(l).toHaveProperty('queue');
    }
  });
});

describe('logger formats', () => {
  it('auto-detects: pretty on a terminal, JSON otherwise', () => {
    expect(resolveLogFormat('auto', { isTTY: true })).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: false })).toBe('json');
    expect(resolveLogFormat(undefined, {})).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true })).toBe('json');
    expect(resolveLogFormat('pretty', {})).toBe('pretty');
  });

  it('pretty output is human-readable and names the job', async () => {
    const out = captureLines({ tty: true });
    const logger = createLogger({ format: 'auto', destination: out.stream });
    const job = { id: 42, attempt: 3, task: 'render', queue: 'gpu', traceparent: TRACEPARENT };
    attemptLogger(logger, job).warn({ wallMs: 12 }, 'attempt timeout');
    await waitFor(() => out.lines.length > 0, 'a pretty line');
    const text = out.lines.join('\n');
    expect(() => JSON.parse(out.lines[0])).toThrow();
    expect(text).toContain('job 42#3 render');
    expect(text).toContain('attempt timeout');
    expect(text).toContain('WARN');
    expect(text).toContain(TRACE);
  });

  it('adapts a pino logger to the TaskLogger interface', () => {
    const out = captureLines();
    const logger = createLogger({ format: 'json', level: 'debug', destination: out.stream });
    const tl = toTaskLogger(logger.child({ jobId: 7 }));
    tl.debug('d');
    tl.info('i', { n: 1 });
    tl.warn('w');
    tl.error('e', { code: 'X' });
    expect(out.json().map((l) => [l.level, l.msg, l.jobId])).toEqual([
      ['debug', 'd', 7],
      ['info', 'i', 7],
      ['warn', 'w', 7],
      ['error', 'e', 7],
    ]);
    expect(out.json()[1].n).toBe(1);
    expect(out.json()[3].code).toBe('X');
  });
});
