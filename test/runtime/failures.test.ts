import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Node } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, fixtureNode, memoryStore, waitFor, waitForState } from './helpers.js';

/**
 * Every failure path on one node: after each, the node must still run the
 * next job. The store's clock is manual (retries wait until we say so); the
 * threads are real, so waits are on conditions.
 */
describe('failure isolation', { timeout: 120_000 }, () => {
  const clock = new ManualClock();
  let store: Store;
  let node: Node;

  beforeAll(async () => {
    store = await memoryStore(clock);
    node = await fixtureNode(store, { clock, maxResultBytes: 1000 });
  });
  afterAll(async () => {
    await node?.stop();
    await store?.close();
  });

  async function lastAttempt(id: number) {
    const attempts = await store.attempts(id);
    return attempts[attempts.length - 1];
  }

  /** The node survived: a fresh job on it succeeds. */
  async function nodeStillServes() {
    const j = await enqueue(store, 'noop');
    await waitForState(store, j.id, ['succeeded']);
    expect(node.stats().workers).toBe(2);
  }

  test('a hard timeout terminates the spinning thread and the node keeps serving', async () => {
    const j = await enqueue(store, 'spin', null, { timeoutMs: 300, maxAttempts: 1 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('exhausted');
    expect(done.lastError?.code).toBe('CB_TASK_TIMEOUT');
    const a = await lastAttempt(j.id);
    expect(a.outcome).toBe('timeout');
    expect(a.errorCode).toBe('CB_TASK_TIMEOUT');
    // Read from the thread before it was terminated, so killed attempts are still costed.
    expect(a.cpuMs).toBeGreaterThan(0);
    await nodeStillServes();
  });

  test('running out of heap fails the attempt as oom, isolated from the node', async () => {
    const j = await enqueue(store, 'oom', null, { maxCrashes: 1 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.lastError?.code).toBe('CB_TASK_OOM');
    expect((await lastAttempt(j.id)).outcome).toBe('oom');
    await nodeStillServes();
  });

  test('process.exit in a task ends only its thread: a crash', async () => {
    const j = await enqueue(store, 'exit', null, { maxCrashes: 1 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.lastError?.code).toBe('CB_TASK_CRASH');
    expect(done.lastError?.message).toMatch(/exited with code 3/);
    await nodeStillServes();
  });

  test('an uncaught asynchronous throw crashes the thread, not the node', async () => {
    const j = await enqueue(store, 'async-throw', null, { maxCrashes: 1 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.lastError?.code).toBe('CB_TASK_CRASH');
    expect(done.lastError?.message).toMatch(/uncaught from a timer/);
    await nodeStillServes();
  });

  test('a job that keeps crashing is quarantined as poison after maxCrashes', async () => {
    const j = await enqueue(store, 'exit', null, { maxCrashes: 3, maxAttempts: 10 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('poison');
    expect(done.crashes).toBe(3);
    expect(done.errors).toBe(0);
    const attempts = await store.attempts(j.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['crash', 'crash', 'crash']);
    await nodeStillServes();
  });

  test('a thrown error is retried with backoff, then dead when attempts run out', async () => {
    const j = await enqueue(store, 'throws', null, { maxAttempts: 2 });
    // baseMs 1 → the backoff is 0 or 1 ms of (manual) store time.
    await waitForState(store, j.id, ['retrying', 'queued', 'dead']);
    clock.advance(10);
    await store.promoteDue();
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('exhausted');
    expect(done.lastError).toMatchObject({ code: 'CB_TASK_ERROR', message: 'boom (thrown synchronously)' });
    expect(done.lastError?.stack).toMatch(/throws\.ts/);
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['error', 'error']);
  });

  test('a rejection schedules a retry after a backoff delay', async () => {
    const j = await enqueue(store, 'rejects', null, { maxAttempts: 3 });
    const retrying = await waitFor(async () => {
      const x = await store.get(j.id);
      return x && x.errors > 0 ? x : null;
    });
    expect(retrying.errors).toBe(1);
    expect(retrying.lastError?.message).toBe('rejected');
    // Full jitter over [0, 1000) ms: it waits in `retrying` unless the draw was 0.
    if (retrying.state === 'retrying') expect(retrying.runAt).toBeGreaterThan(clock.now());
    expect(retrying.runAt - clock.now()).toBeLessThan(1000);
    await store.cancel(j.id);
  });

  test('NonRetryableError crosses the thread boundary: dead at once', async () => {
    const j = await enqueue(store, 'rejects', { permanent: true }, { maxAttempts: 5 });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('non_retryable');
    expect(done.lastError?.code).toBe('CB_NON_RETRYABLE');
    expect(done.attempt).toBe(1);
  });

  test('input that fails the task schema is non-retryable', async () => {
    const j = await enqueue(store, 'burn', { ms: 'lots' });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('non_retryable');
    expect(done.lastError?.code).toBe('CB_INVALID_INPUT');
    expect(done.lastError?.message).toMatch(/ms/);
  });

  test('a result over the limit fails non-retryably; one under it succeeds', async () => {
    const big = await enqueue(store, 'big-result', { bytes: 5000 });
    const small = await enqueue(store, 'big-result', { bytes: 500 });
    const bigDone = await waitForState(store, big.id, ['dead']);
    expect(bigDone.deadReason).toBe('non_retryable');
    expect(bigDone.lastError?.code).toBe('CB_RESULT_TOO_LARGE');
    const smallDone = await waitForState(store, small.id, ['succeeded']);
    const result = await store.getResult(smallDone.resultSha!);
    expect(JSON.parse(result!.bytes.toString())).toBe('x'.repeat(500));
    expect(result!.contentType).toBe('application/json');
  });

  test('a checkpoint over the payload limit is refused as too large, not as a lost lease', async () => {
    const j = await enqueue(store, 'checkpoint-big', { bytes: 1024 * 1024 + 1 });
    const done = await waitForState(store, j.id, ['succeeded', 'dead']);
    const result = JSON.parse((await store.getResult(done.resultSha!))!.bytes.toString());
    expect(result.code).toBe('CB_PAYLOAD_TOO_LARGE');
    expect(result.message).toMatch(/checkpoint of 1048579 bytes is over the limit of 1048576/);
  });

  test('a job for a task this node does not know fails with CB_UNKNOWN_TASK', async () => {
    const j = await enqueue(store, 'no-such-task', null, { queue: 'noop' });
    const done = await waitForState(store, j.id, ['dead']);
    expect(done.deadReason).toBe('non_retryable');
    expect(done.lastError?.code).toBe('CB_UNKNOWN_TASK');
    await nodeStillServes();
  });

  test('undefined results are stored as JSON null', async () => {
    const j = await enqueue(store, 'noop');
    const done = await waitForState(store, j.id, ['succeeded']);
    const result = await store.getResult(done.resultSha!);
    expect(result!.bytes.toString()).toBe('null');
  });
});
