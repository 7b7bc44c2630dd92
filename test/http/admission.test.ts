import { afterEach, describe, expect, it, vi } from 'vitest';
import { Defaults } from '../../src/core/limits.js';
import { QueuesResponseSchema } from '../../src/http/schemas.js';
import { COUNT_BOUND, STATS_COUNT_CAP, type Store } from '../../src/store/store.js';
import { freshStore, harness } from './helpers.js';

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

const enqueue = (payload: object) => h.app.inject({ method: 'POST', url: '/v1/jobs', payload });
const count = async (queue?: string) => (await h.store.list({ queue, limit: 1000 })).jobs.length;

async function drain(n: number) {
  const jobs = await h.store.claim({ workerId: 'w', limit: n, leaseMs: 60_000 });
  await h.store.complete(jobs.map((j) => ({ id: j.id, token: j.leaseToken as number, result: Buffer.from('1') })));
}

describe('admission control', () => {
  it('429 past the queue bound with Retry-After, storing nothing; Retry-After follows the measured drain rate', async () => {
    h = await harness();
    await h.store.setQueueConfig('q', { maxDepth: 3 });
    await h.server.refresh();
    for (let i = 0; i < 3; i++) expect((await enqueue({ task: 't', queue: 'q' })).statusCode).toBe(201);
    const full = await enqueue({ task: 't', queue: 'q' });
    expect(full.statusCode).toBe(429);
    expect(full.json().error).toMatchObject({ code: 'CB_QUEUE_FULL', details: { queue: 'q', maxDepth: 3 } });
    // Nothing drains yet: the stalled-queue answer.
    expect(full.headers['retry-after']).toBe('30');
    expect(full.headers['cache-control']).toBe('no-store');
    expect(await count('q')).toBe(3);
    // Other queues are unaffected.
    expect((await enqueue({ task: 't', queue: 'other' })).statusCode).toBe(201);

    // Workers finish 2 jobs in 10 s: 0.2 jobs/s.
    await drain(2);
    h.clock.advance(10_000);
    await h.server.refresh();
    for (let i = 0; i < 2; i++) expect((await enqueue({ task: 't', queue: 'q' })).statusCode).toBe(201);
    const one = await enqueue({ task: 't', queue: 'q' });
    expect(one.statusCode).toBe(429);
    expect(one.headers['retry-after']).toBe('5'); // 1 job over at 0.2/s
    const batch = await h.app.inject({ method: 'POST', url: '/v1/jobs:batch', payload: { jobs: [1, 2, 3].map(() => ({ task: 't', queue: 'q' })) } });
    expect(batch.statusCode).toBe(429);
    expect(batch.headers['retry-after']).toBe('15'); // 3 over at 0.2/s
    expect(await count('q')).toBe(5);
  });

  it('the snapshot counts waiting jobs past the deepest queue bound, finished ones to the dashboard bound', async () => {
    h = await harness({ maxQueueDepth: 50 });
    const stats = vi.spyOn(h.store, 'stats');
    await h.server.refresh();
    expect(stats).toHaveBeenLastCalledWith({ cap: STATS_COUNT_CAP, finishedCap: COUNT_BOUND });
    await h.store.setQueueConfig('deep', { maxDepth: 2_500_000 });
    await h.server.refresh();
    expect(stats).toHaveBeenLastCalledWith({ cap: 2_500_001, finishedCap: COUNT_BOUND });
  });

  it('a batch is admitted all or nothing; idempotent repeats give their slot back', async () => {
    h = await harness({ maxQueueDepth: 2 });
    expect((await enqueue({ task: 't', key: 'k' })).statusCode).toBe(201);
    expect((await enqueue({ task: 't', key: 'k' })).statusCode).toBe(200);
    const batch = await h.app.inject({ method: 'POST', url: '/v1/jobs:batch', payload: { jobs: [{ task: 't' }, { task: 't' }] } });
    expect(batch.statusCode).toBe(429);
    expect(await count()).toBe(1);
    expect((await enqueue({ task: 't' })).statusCode).toBe(201);
    expect((await enqueue({ task: 't' })).statusCode).toBe(429);
  });

  it('failed enqueues give their reservation back', async () => {
    h = await harness({ maxQueueDepth: 1, maxPayloadBytes: 100 });
    // Rejected before admission (422) and inside the store's transaction: neither holds a slot.
    expect((await enqueue({ task: 't', priority: 'x' })).statusCode).toBe(422);
    expect((await enqueue({ task: 't', input: 'z'.repeat(150) })).statusCode).toBe(413);
    expect((await enqueue({ task: 't' })).statusCode).toBe(201);
  });

  it('defaults to Defaults.maxQueueDepth and never counts the jobs table per request', async () => {
    const { store, clock } = await freshStore();
    let statsCalls = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop === 'stats') {
          return () => {
            statsCalls++;
            return (v as Store['stats']).apply(target);
          };
        }
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    h = await harness({ store: counting, clock });
    const before = statsCalls;
    for (let i = 0; i < 50; i++) expect((await enqueue({ task: 't' })).statusCode).toBe(201);
    await h.app.inject({ method: 'GET', url: '/v1/queues' });
    expect(statsCalls).toBe(before);
    await h.server.refresh();
    const { queues } = QueuesResponseSchema.parse((await h.app.inject({ method: 'GET', url: '/v1/queues' })).json());
    expect(queues[0]).toMatchObject({ queue: 't', depth: 50, maxDepth: Defaults.maxQueueDepth });
    await h.close();
    await store.close();
  });
});

describe('queues', () => {
  it('GET /v1/queues: depth, running, oldest age, drain rate, bound and flags from the snapshot', async () => {
    h = await harness();
    await h.store.setQueueConfig('pub', { publicResults: true, maxDepth: 10 });
    for (let i = 0; i < 4; i++) await enqueue({ task: 'a' });
    await enqueue({ task: 'b', queue: 'pub', delay: '1h' });
    await h.server.refresh();
    h.clock.advance(4_000);
    await h.store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['a'] });
    await drain(1);
    h.clock.advance(1_000);
    await h.server.refresh();
    const res = await h.app.inject({ method: 'GET', url: '/v1/queues' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=1, stale-if-error=60');
    const body = QueuesResponseSchema.parse(res.json());
    expect(body.snapshotAt).toBe(h.clock.now());
    const a = body.queues.find((q) => q.queue === 'a');
    expect(a).toMatchObject({ depth: 2, running: 1, paused: false, publicResults: false, maxDepth: Defaults.maxQueueDepth });
    expect(a?.counts).toMatchObject({ queued: 2, running: 1, succeeded: 1 });
    expect(a?.oldestAgeMs).toBe(5_000);
    // Two jobs left the waiting set in 5 s.
    expect(a?.drainPerSec).toBeCloseTo(0.4, 3);
    expect(body.queues.find((q) => q.queue === 'pub')).toMatchObject({ depth: 1, running: 0, publicResults: true, maxDepth: 10, oldestAgeMs: null });
  });

  it('pause and resume: 200 with the state; paused queues are not claimed; bad names 400', async () => {
    h = await harness();
    await enqueue({ task: 'a' });
    const p = await h.app.inject({ method: 'POST', url: '/v1/queues/a/pause' });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toEqual({ queue: 'a', paused: true });
    expect(await h.store.claim({ workerId: 'w', limit: 1, leaseMs: 1000 })).toEqual([]);
    const listed = QueuesResponseSchema.parse((await h.app.inject({ method: 'GET', url: '/v1/queues' })).json());
    expect(listed.queues.find((q) => q.queue === 'a')?.paused).toBe(true);
    const r = await h.app.inject({ method: 'POST', url: '/v1/queues/a/resume' });
    expect(r.json()).toEqual({ queue: 'a', paused: false });
    expect(await h.store.claim({ workerId: 'w', limit: 1, leaseMs: 1000 })).toHaveLength(1);
    const bad = await h.app.inject({ method: 'POST', url: '/v1/queues/bad%20name!/pause' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CB_INVALID_OPTION');
  });
});
