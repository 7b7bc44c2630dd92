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

function nextAttempt(n: Node, outcome: AttemptEvent['outcome']): Promise<AttemptEvent> {
  return new Promise((resolve) => {
    const on = (e: AttemptEvent) => {
      if (e.outcome !== outcome) return;
      n.off('attempt', on);
      resolve(e);
    };
    n.on('attempt', on);
  });
}

describe('leases', { timeout: 120_000 }, () => {
  test('heartbeats from the main thread keep the lease while the task blocks its thread', async () => {
    // Real clock: a 2 s lease, rescue every 100 ms, and a task that blocks its thread for 5 s.
    // (2 s rather than 1 s so a loaded test box stalling the event loop cannot expire it.)
    store = await memoryStore();
    node = await fixtureNode(store, { leaseMs: 2000, maintenance: { rescueEveryMs: 100 } });
    const j = await enqueue(store, 'block', { ms: 5000 });
    const done = await waitForState(store, j.id, ['succeeded', 'dead']);
    expect(done.state).toBe('succeeded');
    expect(done.attempt).toBe(1);
    expect(done.crashes).toBe(0);
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['succeeded']);
  });

  test('control: without heartbeats the same job loses its lease and its late completion is refused', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { leaseMs: 2000, heartbeatMs: 60_000, maintenance: { rescueEveryMs: 100 } });
    const stale = nextAttempt(node, 'stale');
    const j = await enqueue(store, 'block', { ms: 5000 }, { maxCrashes: 1 });
    const dead = await waitForState(store, j.id, ['dead', 'succeeded']);
    expect(dead.state).toBe('dead');
    expect(dead.deadReason).toBe('poison');
    expect((await stale).job.id).toBe(j.id);
    expect((await store.get(j.id))?.state).toBe('dead');
  });

  test('a stale worker cannot complete a job that was rescued and re-claimed', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    // One worker, a long lease (no heartbeat during the test), no maintenance: the test drives rescue.
    node = await fixtureNode(store, { clock, workers: 1, leaseMs: 60_000, maintenance: false });
    const stale = nextAttempt(node, 'stale');
    const j = await enqueue(store, 'block', { ms: 1500 });
    const first = await waitForState(store, j.id, ['running']);
    clock.advance(61_000);
    expect(await store.rescueExpired()).toEqual([{ id: j.id, state: 'queued' }]);
    const [again] = await store.claim({ workerId: 'other-node', limit: 1, leaseMs: 60_000, queues: ['block'] });
    expect(again.id).toBe(j.id);
    expect(again.leaseToken).not.toBe(first.leaseToken);

    // The node's thread finishes its 1.5 s block and tries to complete with the old token.
    const e = await stale;
    expect(e.job.leaseToken).toBe(first.leaseToken);
    const still = await store.get(j.id);
    expect(still).toMatchObject({ state: 'running', leaseOwner: 'other-node', leaseToken: again.leaseToken });

    const [ok] = await store.complete([{ id: j.id, token: again.leaseToken!, result: Buffer.from('1') }]);
    expect(ok.ok).toBe(true);
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['lease_expired', 'succeeded']);
  });

  test('re-claimed by the same node while its old attempt still runs: only the new attempt decides the job', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    // Two workers, a long lease (no heartbeat tells the node its lease went), no maintenance.
    node = await fixtureNode(store, { clock, workers: 2, leaseMs: 60_000, maintenance: false });
    const lost = nextAttempt(node, 'lost');
    const j = await enqueue(store, 'block', { ms: 1500 });
    const first = await waitForState(store, j.id, ['running']);
    clock.advance(61_000);
    expect(await store.rescueExpired()).toEqual([{ id: j.id, state: 'queued' }]);
    // The node's free worker claims the job again while its first attempt still blocks the other thread.
    const done = await waitForState(store, j.id, ['succeeded', 'dead']);
    // The old attempt finished first; its outcome must not be written under the new lease.
    expect(done.state).toBe('succeeded');
    const result = await store.getResult(done.resultSha!);
    expect(JSON.parse(result!.bytes.toString())).toEqual({ blockedMs: 1500, attempt: 2 });
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['lease_expired', 'succeeded']);
    expect((await lost).job.leaseToken).toBe(first.leaseToken);
    expect(node.stats().counts).toMatchObject({ succeeded: 1, lost: 1 });
  });

  /** A job re-leased to a node whose old attempt of it blocks a thread for `ms`: the new lease waits for it. */
  async function supersededWhileBlocked(clock: ManualClock, ms: number, opts: Parameters<typeof fixtureNode>[1] = {}) {
    // A long lease and abort grace: only the test moves the lease on, and the old attempt stays for its `ms`.
    node = await fixtureNode(store!, { clock, workers: 2, leaseMs: 60_000, abortGraceMs: 60_000, maintenance: false, ...opts });
    const j = await enqueue(store!, 'block', { ms });
    await waitForState(store!, j.id, ['running']);
    clock.advance(61_000);
    expect(await store!.rescueExpired()).toEqual([{ id: j.id, state: 'queued' }]);
    const again = await waitForState(store!, j.id, ['running']);
    await waitFor(() => node!.stats().held === 1, 'the new lease to wait for the old attempt');
    return again;
  }

  test('a drain releases a newer lease still waiting for its old attempt: nothing left running', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    await supersededWhileBlocked(clock, 6000);
    const n = node!;
    await n.drain(0);
    const j = (await store.list({})).jobs[0];
    expect(j.state).toBe('queued');
    expect((await store.attempts(j.id)).map((a) => a.outcome)).toEqual(['lease_expired', 'released']);
    expect(n.stats().counts).toMatchObject({ succeeded: 0, released: 1, lost: 1, stale: 0 });
  });

  test('a newer lease reported lost while it waits is dropped: it never starts after the old attempt', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    const again = await supersededWhileBlocked(clock, 8000, { heartbeatMs: 50 });
    const n = node!;
    const dropped = nextAttempt(n, 'lost');
    await store.cancel(again.id);
    // The next heartbeat reports the waiting lease lost; the old attempt then ends, lost as well.
    expect((await dropped).job.leaseToken).toBe(again.leaseToken);
    await waitFor(() => n.stats().counts.lost === 2, 'the old attempt to end');
    expect(n.stats()).toMatchObject({ held: 0, busy: 0, counts: { succeeded: 0, lost: 2, stale: 0 } });
    expect((await store.get(again.id))?.state).toBe('cancelled');
  });

  test('a cancelled job loses its lease at the next heartbeat and is aborted locally', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    node = await fixtureNode(store, { clock, workers: 1, leaseMs: 600 });
    const lost = nextAttempt(node, 'lost');
    const j = await enqueue(store, 'wait', { ms: 600_000 });
    await waitForState(store, j.id, ['running']);
    await store.cancel(j.id);
    const e = await lost;
    expect(e.job.id).toBe(j.id);
    // The task honoured its signal (an abort error), well before its 10 minutes.
    expect(e.metrics.wallMs).toBeLessThan(60_000);
    expect((await store.get(j.id))?.state).toBe('cancelled');
    // The single worker is free again.
    const next = await enqueue(store, 'noop');
    await waitForState(store, next.id, ['succeeded']);
  });

  test('a task that ignores the abort is terminated after the grace period', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    node = await fixtureNode(store, { clock, workers: 1, leaseMs: 600, abortGraceMs: 300 });
    const lost = nextAttempt(node, 'lost');
    const j = await enqueue(store, 'ignore-abort');
    await waitForState(store, j.id, ['running']);
    await store.cancel(j.id);
    await lost;
    const next = await enqueue(store, 'noop');
    await waitForState(store, next.id, ['succeeded']);
    expect((await store.get(j.id))?.state).toBe('cancelled');
  });
});
