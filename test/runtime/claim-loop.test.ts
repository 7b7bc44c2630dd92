import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/job.js';
import { silentLogger } from '../../src/runtime/node-options.js';
import { ClaimLoop, type ClaimHost } from '../../src/runtime/claim-loop.js';
import type { ClaimRequest, Store } from '../../src/store/store.js';
import { memoryStore } from './helpers.js';

const turn = () => new Promise((r) => setImmediate(r));

/**
 * The claim loop against a real (in-memory SQLite) store, with a node reduced
 * to its answers: how many jobs it wants (`limit`) and what it was given.
 */
describe('claim loop', () => {
  let store: Store;
  let loop: ClaimLoop;
  // Per test: a loop still running after its test must not touch the next one's state.
  let t: { claims: ClaimRequest[]; placed: Job[]; limit: number; queued: number; expedited: number; gate: Promise<void> };

  beforeEach(async () => {
    store = await memoryStore();
    // gate: a claim waits for it, so a test can act while one is in flight.
    const state = { claims: [] as ClaimRequest[], placed: [] as Job[], limit: 2, queued: 0, expedited: 0, gate: Promise.resolve() };
    t = state;
    const claim = store.claim.bind(store);
    store.claim = async (req) => {
      state.claims.push(req);
      await state.gate;
      return claim(req);
    };
    const host: ClaimHost = {
      needsWork: (pending) => state.limit > pending,
      request: (pending) =>
        state.limit > pending ? { workerId: 'w', limit: state.limit - pending, leaseMs: 60_000, queues: ['t'] } : null,
      outcomesQueued: () => state.queued > 0,
      expediteOutcomes: () => state.expedited++,
      place: (jobs) => {
        state.placed.push(...jobs);
        state.limit -= jobs.length;
        return false;
      },
      stopping: () => false,
    };
    loop = new ClaimLoop(store, silentLogger, host);
  });
  afterEach(async () => {
    await turn();
    await loop.settled();
    await store.close();
  });

  const enqueue = (n: number) => store.enqueue(Array.from({ length: n }, () => ({ task: 't' })));

  it('makes one claim for what is wanted however often it is kicked, and claims again after a full one', async () => {
    await enqueue(5);
    for (let i = 0; i < 10; i++) loop.kick();
    await turn();
    expect(t.claims).toHaveLength(1);
    await loop.settled();
    await turn();
    // A full claim (2 of 2) asks for another, made only while the host still wants work.
    expect(t.placed).toHaveLength(2);
    t.limit = 3;
    loop.kick();
    await turn();
    await loop.settled();
    expect(t.placed).toHaveLength(5);
  });

  it('a short claim marks the queue dry until a wake', async () => {
    await enqueue(1);
    loop.kick();
    await turn();
    await loop.settled();
    expect(t.placed).toHaveLength(1);
    await enqueue(1);
    loop.kick();
    await turn();
    expect(t.claims).toHaveLength(1);
    expect(loop.wantsWork()).toBe(false);
    loop.wake();
    await turn();
    await loop.settled();
    expect(t.claims).toHaveLength(2);
    expect(t.placed).toHaveLength(2);
  });

  it('a wake while a claim is in flight keeps the queue from being marked dry', async () => {
    let open = () => {};
    t.gate = new Promise((r) => {
      open = r;
    });
    loop.kick();
    await turn();
    expect(loop.inFlight).toBe(true);
    loop.wake();
    open();
    await loop.settled();
    expect(t.claims[0].limit).toBe(2);
    expect(t.placed).toHaveLength(0);
    expect(loop.wantsWork()).toBe(true);
  });

  it('lets queued outcomes carry the claim, and claims alone when their write fails', async () => {
    await enqueue(2);
    t.queued = 1;
    loop.kick();
    await turn();
    expect(t.expedited).toBe(1);
    expect(t.claims).toHaveLength(0);
    const riding = loop.rider.take();
    expect(riding?.req.limit).toBe(2);
    expect(loop.rider.take()).toBeNull(); // the claim in flight asks for all that is wanted
    t.queued = 0;
    riding?.claimed(null);
    await turn();
    await loop.settled();
    expect(t.claims).toHaveLength(1);
    expect(t.placed).toHaveLength(2);
  });

  it('a second claim goes out while one is in flight, for what the first did not ask, and never a third', async () => {
    await enqueue(10);
    let open = () => {};
    t.gate = new Promise((r) => {
      open = r;
    });
    loop.kick();
    await turn();
    expect(t.claims.map((c) => c.limit)).toEqual([2]);
    t.limit = 5; // the node now wants more: three beyond the two on their way
    loop.kick();
    await turn();
    expect(t.claims.map((c) => c.limit)).toEqual([2, 3]);
    t.limit = 9;
    expect(loop.wantsWork()).toBe(false);
    expect(loop.rider.take()).toBeNull();
    loop.kick();
    await turn();
    expect(t.claims).toHaveLength(2);
    open();
    await loop.settled();
    await turn();
    await loop.settled();
    // Both placed, disjoint; a full one asked again for what is still wanted (9 - 5).
    expect(new Set(t.placed.map((j) => j.id)).size).toBe(t.placed.length);
    expect(t.claims.map((c) => c.limit)).toEqual([2, 3, 4]);
    expect(t.placed).toHaveLength(9);
  });
});
