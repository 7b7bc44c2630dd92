import { afterEach, describe, expect, test } from 'vitest';
import { Hand, MAX_HELD_PER_WORKER } from '../../src/runtime/hand.js';
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

const held = (id: number) => ({ id, token: 1, progressDirty: false, lost: false });

describe('hand: how much a node may claim ahead', () => {
  test('holds nothing until a job time is known, then lookahead ÷ average per worker', () => {
    const h = new Hand(50, 2);
    expect(h.room()).toBe(0);
    h.observe(20);
    expect(h.room()).toBe(2 * 2); // floor(50 / 20) per worker
    h.hold(held(1));
    expect(h.room()).toBe(3);
  });

  test('jobs longer than the lookahead are never held; very short ones up to the cap', () => {
    const h = new Hand(50, 2);
    h.observe(51);
    expect(h.room()).toBe(0);
    const fast = new Hand(50, 2);
    fast.observe(0);
    expect(fast.room()).toBe(2 * MAX_HELD_PER_WORKER);
    expect(new Hand(0, 2).room()).toBe(0);
  });

  test('the average follows recent jobs: a run of long jobs stops the holding', () => {
    const h = new Hand(50, 1);
    h.observe(1);
    expect(h.room()).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) h.observe(1000);
    expect(h.room()).toBe(0);
  });

  test('FIFO take, remove and takeAll', () => {
    const h = new Hand(50, 1);
    const [a, b, c] = [held(1), held(2), held(3)];
    h.hold(a);
    h.hold(b);
    h.hold(c);
    expect(h.remove(b)).toBe(true);
    expect(h.remove(b)).toBe(false);
    expect(h.take()).toBe(a);
    expect(h.find(3)).toBe(c);
    expect(h.takeAll()).toEqual([c]);
    expect(h.size).toBe(0);
  });
});

describe('lookahead on a running node', { timeout: 120_000 }, () => {
  test('long jobs: never more claimed than free workers', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1 });
    // One job measured at 300 ms (> the 50 ms default lookahead), then three more.
    await waitForState(store, (await enqueue(store, 'block', { ms: 300 })).id, ['succeeded']);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(store, 'block', { ms: 300 })).id);
    let maxRunning = 0;
    let maxHeld = 0;
    await waitFor(async () => {
      maxRunning = Math.max(maxRunning, (await store!.list({ state: 'running' })).jobs.length);
      maxHeld = Math.max(maxHeld, node!.stats().held);
      const jobs = await Promise.all(ids.map((id) => store!.get(id)));
      return jobs.every((j) => j?.state === 'succeeded');
    }, 'three long jobs');
    expect(maxRunning).toBe(1);
    expect(maxHeld).toBe(0);
  });

  test('short jobs: held while the worker is busy, started in order, each run once', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1, lookaheadMs: 60_000 });
    const started: number[] = [];
    node.on('attempt', (e: AttemptEvent) => e.outcome === 'succeeded' && started.push(e.job.id));
    await waitForState(store, (await enqueue(store, 'noop')).id, ['succeeded']);
    const blocker = await enqueue(store, 'block', { ms: 1500 });
    await waitForState(store, blocker.id, ['running']);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue(store, 'noop')).id);
    // The busy node claims all five ahead: they are running in the store, held by the node.
    await waitFor(() => node!.stats().held === 5, 'five held jobs');
    expect((await store.list({ state: 'running' })).jobs.length).toBe(6);
    for (const id of ids) await waitForState(store, id, ['succeeded']);
    expect(started.slice(-5)).toEqual(ids);
    for (const id of ids) expect((await store.attempts(id)).map((a) => a.outcome)).toEqual(['succeeded']);
  });

  test('drain gives held jobs back at once, as releases, not crashes', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1, lookaheadMs: 60_000 });
    await waitForState(store, (await enqueue(store, 'noop')).id, ['succeeded']);
    const blocker = await enqueue(store, 'block', { ms: 1000 });
    await waitForState(store, blocker.id, ['running']);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(store, 'noop')).id);
    await waitFor(() => node!.stats().held === 3, 'three held jobs');
    await node.drain(30_000);
    node = undefined;
    expect((await store.get(blocker.id))?.state).toBe('succeeded');
    for (const id of ids) {
      const j = await store.get(id);
      expect(j?.state).toBe('queued');
      expect(j?.crashes).toBe(0);
    }
  });

  test('a held job whose lease is lost is dropped and never started', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1, lookaheadMs: 60_000, heartbeatMs: 100 });
    const events: AttemptEvent[] = [];
    node.on('attempt', (e: AttemptEvent) => events.push(e));
    await waitForState(store, (await enqueue(store, 'noop')).id, ['succeeded']);
    const blocker = await enqueue(store, 'block', { ms: 1500 });
    await waitForState(store, blocker.id, ['running']);
    const victim = await enqueue(store, 'noop');
    await waitFor(() => node!.stats().held === 1, 'one held job');
    await store.cancel(victim.id);
    await waitFor(() => events.find((e) => e.job.id === victim.id && e.outcome === 'lost'), 'the held job to be dropped');
    expect(node.stats().held).toBe(0);
    await waitForState(store, blocker.id, ['succeeded']);
    expect((await store.get(victim.id))?.state).toBe('cancelled');
    expect(events.filter((e) => e.job.id === victim.id).map((e) => e.outcome)).toEqual(['lost']);
  });
});
