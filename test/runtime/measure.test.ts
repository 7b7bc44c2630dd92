import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { AttemptEvent, Node } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, fixtureNode, memoryStore, waitFor, waitForState } from './helpers.js';

let store: Store | undefined;
let node: Node | undefined;
afterEach(async () => {
  await node?.stop();
  await store?.close();
  node = store = undefined;
});

describe('measurement, checkpoints and drain', { timeout: 120_000 }, () => {
  test('attempts record the thread CPU time of the task, not the whole process', async () => {
    store = await memoryStore();
    node = await fixtureNode(store);
    const events: AttemptEvent[] = [];
    node.on('attempt', (e) => events.push(e));
    // Two burners at once: process-wide CPU would count both (about twice the wall time).
    const jobs = [await enqueue(store, 'burn', { ms: 400 }), await enqueue(store, 'burn', { ms: 400 })];
    for (const j of jobs) {
      await waitForState(store, j.id, ['succeeded']);
      const [a] = await store.attempts(j.id);
      expect(a.cpuMs).toBeGreaterThanOrEqual(400);
      expect(a.cpuMs).toBeLessThan(400 * 1.5 + 100);
      expect(a.cpuMs!).toBeLessThanOrEqual(a.wallMs! * 1.05 + 5);
      expect(a.peakMemBytes).toBeGreaterThan(0);
      expect(a.waitMs).toBeGreaterThanOrEqual(0);
      const job = await store.get(j.id);
      expect(job?.cpuMs).toBeCloseTo(a.cpuMs!, 3);
    }
    await waitFor(() => events.length === 2, 'two attempt events');
    expect(events.every((e) => e.outcome === 'succeeded' && e.state === 'succeeded')).toBe(true);
    const stats = node.stats();
    expect(stats.counts.succeeded).toBe(2);
    expect(stats.perWorker.reduce((s, w) => s + w.busyMs, 0)).toBeGreaterThanOrEqual(800);
  });

  test('progress of a running job reaches the store with the heartbeats', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { leaseMs: 600 });
    const j = await enqueue(store, 'burn', { ms: 3000 });
    const seen = await waitFor(async () => {
      const x = await store!.get(j.id);
      return x?.state === 'running' && x.progress !== null && x.progress > 0 && x.progress < 1 ? x : null;
    }, 'progress while running');
    expect(seen.progress).toBeGreaterThan(0);
  });

  test('a retry resumes from the last checkpoint', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    node = await fixtureNode(store, { clock });
    const j = await enqueue(store, 'checkpoint', { steps: 10, failAt: 4 });
    const done = await waitFor(async () => {
      // The retry's backoff is 0-1 ms of manual time: move time and promote until it has run.
      clock.advance(5);
      await store!.promoteDue();
      const x = await store!.get(j.id);
      return x && (x.state === 'succeeded' || x.state === 'dead') ? x : null;
    }, 'checkpoint job to finish');
    expect(done.state).toBe('succeeded');
    const result = JSON.parse((await store.getResult(done.resultSha!))!.bytes.toString());
    expect(result).toEqual({ sum: 55, resumedFrom: 4, attempt: 2 });
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['error', 'succeeded']);
  });

  test('drain lets short jobs finish, then aborts and releases the rest', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { abortGraceMs: 300 });
    const short = await enqueue(store, 'wait', { ms: 300 });
    const long = await enqueue(store, 'ignore-abort');
    await waitForState(store, short.id, ['running']);
    await waitForState(store, long.id, ['running']);
    await node.drain(1500);
    expect((await store.get(short.id))?.state).toBe('succeeded');
    const released = await store.get(long.id);
    expect(released?.state).toBe('queued');
    expect(released?.crashes).toBe(0);
    expect(released?.errors).toBe(0);
    expect((await store.attempts(long.id)).map((a) => a.outcome)).toEqual(['released']);
    const running = await store.list({ state: 'running' });
    expect(running.jobs).toEqual([]);
    expect(node.stats().busy).toBe(0);
  });
});
