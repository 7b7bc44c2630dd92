import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/core/clock.js';
import { ErrorCodes } from '../../src/core/errors.js';
import type { Store } from '../../src/store/store.js';
import type { Conformance } from './suite.js';

/** Conformance, part 2: rescue, checkpoints, operators, maintenance, readers, queues and tokens, wake-ups. */
export function operationsConformance(t: Conformance): void {
  // The suite makes a fresh store and clock before each test; these follow it.
  let store: Store;
  let clock: ManualClock;
  beforeEach(() => {
    store = t.store;
    clock = t.clock;
  });
  const { W, LEASE, one, claimOne, lease, failErr } = t;
  describe('rescue', () => {
    it('an expired lease is a crash: re-queued, then poison at maxCrashes', async () => {
      await one({ task: 't', maxCrashes: 2 });
      const c = await claimOne();
      clock.advance(LEASE - 1);
      expect(await store.rescueExpired()).toEqual([]);
      clock.advance(2);
      expect(await store.rescueExpired()).toEqual([{ id: c.id, state: 'queued' }]);
      expect(await store.get(c.id)).toMatchObject({ state: 'queued', crashes: 1, leaseToken: null });
      expect((await store.attempts(c.id))[0]).toMatchObject({ outcome: 'lease_expired', errorCode: ErrorCodes.LEASE_EXPIRED });
      await claimOne();
      clock.advance(LEASE + 1);
      expect(await store.rescueExpired()).toEqual([{ id: c.id, state: 'dead' }]);
      expect((await store.get(c.id))?.deadReason).toBe('poison');
    });
  });

  describe('checkpoints', () => {
    it('a checkpoint survives into the next attempt', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      expect(await store.saveCheckpoint(lease(c), { done: 7 })).toBe(true);
      clock.advance(LEASE + 1);
      await store.rescueExpired();
      const again = await claimOne();
      expect(again.checkpoint).toEqual({ done: 7 });
    });
  });

  describe('operators', () => {
    it('cancels waiting and running jobs; a cancelled running job loses its lease', async () => {
      const waiting = await one({ task: 't', delayMs: 1000 });
      expect((await store.cancel(waiting.id)).state).toBe('cancelled');
      await one({ task: 't' });
      const c = await claimOne();
      expect((await store.cancel(c.id)).state).toBe('cancelled');
      expect((await store.heartbeat([lease(c)], LEASE)).lost).toHaveLength(1);
      expect((await store.complete([lease(c)]))[0].ok).toBe(false);
      expect((await store.attempts(c.id))[0].outcome).toBe('cancelled');
      expect((await store.cancel(c.id)).state).toBe('cancelled');
    });

    it('refuses to cancel finished jobs and reports unknown ids', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      await store.complete([lease(c)]);
      await expect(store.cancel(c.id)).rejects.toMatchObject({ code: ErrorCodes.INVALID_STATE });
      await expect(store.cancel(999_999)).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
      await expect(store.retry(999_999)).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
    });

    it('retry replays dead and cancelled jobs with fresh budgets, and runs waiting ones now', async () => {
      await one({ task: 't', maxAttempts: 1 });
      const c = await claimOne();
      await failErr(c);
      const replayed = await store.retry(c.id);
      expect(replayed).toMatchObject({ state: 'queued', errors: 0, deadReason: null });
      const s = await one({ task: 't', delayMs: 60_000 });
      expect((await store.retry(s.id)).state).toBe('queued');
      const running = await claimOne();
      await expect(store.retry(running.id)).rejects.toMatchObject({ code: ErrorCodes.INVALID_STATE });
    });

    it('replays dead jobs in bulk by queue', async () => {
      await store.enqueue([{ task: 'a', maxAttempts: 1 }, { task: 'a', maxAttempts: 1 }, { task: 'b', maxAttempts: 1 }]);
      for (const j of await store.claim({ workerId: W, limit: 3, leaseMs: LEASE })) await failErr(j);
      expect(await store.replayDead({ queue: 'a' })).toBe(2);
      expect((await store.list({ state: 'dead' })).jobs.map((j) => j.queue)).toEqual(['b']);
    });
  });

  describe('maintenance', () => {
    it('prunes finished jobs past retention with their attempts and orphaned results', async () => {
      await store.enqueue([{ task: 't' }, { task: 't' }, { task: 't' }]);
      const [a, b] = await store.claim({ workerId: W, limit: 2, leaseMs: LEASE });
      const out = await store.complete([
        { ...lease(a), result: Buffer.from('"only-a"') },
        { ...lease(b), result: Buffer.from('"only-b"') },
      ]);
      clock.advance(10_000);
      const [c] = await store.claim({ workerId: W, limit: 1, leaseMs: LEASE });
      await store.complete([{ ...lease(c), result: Buffer.from('"only-b"') }]);
      expect(await store.prune({ olderThanMs: 5_000 })).toBe(2);
      expect(await store.get(a.id)).toBeNull();
      expect(await store.attempts(a.id)).toEqual([]);
      expect(await store.getResult(out[0].resultSha as string)).toBeNull();
      expect(await store.getResult(out[1].resultSha as string)).not.toBeNull();
      expect((await store.get(c.id))?.state).toBe('succeeded');
    });

    it('never gives a new job the id of a pruned one, even the newest', async () => {
      const first = await one({ task: 't' });
      const c = await claimOne();
      await store.complete([{ ...lease(c), result: Buffer.from('1') }]);
      clock.advance(10_000);
      expect(await store.prune({ olderThanMs: 5_000 })).toBe(1);
      const next = await one({ task: 't' });
      expect(next.id).toBeGreaterThan(first.id);
      expect(await store.get(first.id)).toBeNull();
    });

    it('never prunes unfinished jobs', async () => {
      await one({ task: 't' });
      await one({ task: 't', delayMs: 1 });
      clock.advance(1e9);
      expect(await store.prune({ olderThanMs: 0 })).toBe(0);
    });

    it('reports the earliest due time and promotes only due jobs', async () => {
      expect(await store.nextDueAt()).toBeNull();
      await one({ task: 't', delayMs: 2000 });
      await one({ task: 't', delayMs: 1000 });
      expect(await store.nextDueAt()).toBe(clock.now() + 1000);
      clock.advance(1500);
      expect(await store.promoteDue()).toBe(1);
    });
  });

  describe('readers', () => {
    it('lists newest first with keyset pagination and filters', async () => {
      await store.enqueue(Array.from({ length: 5 }, (_, i) => ({ task: i % 2 ? 'odd' : 'even', input: i })));
      const p1 = await store.list({ limit: 2 });
      expect(p1.jobs.map((j) => j.input)).toEqual([4, 3]);
      const p2 = await store.list({ limit: 2, cursor: p1.nextCursor as number });
      expect(p2.jobs.map((j) => j.input)).toEqual([2, 1]);
      const p3 = await store.list({ limit: 2, cursor: p2.nextCursor as number });
      expect(p3).toMatchObject({ nextCursor: null });
      expect(p3.jobs.map((j) => j.input)).toEqual([0]);
      expect((await store.list({ queue: 'odd' })).jobs).toHaveLength(2);
      expect((await store.list({ state: 'running' })).jobs).toHaveLength(0);
    });

    it('stats count jobs per queue and state, with the oldest waiting job', async () => {
      const t0 = clock.now();
      await one({ task: 'a' });
      clock.advance(100);
      await one({ task: 'a' });
      await one({ task: 'a', delayMs: 10 });
      await store.pauseQueue('b');
      const stats = await store.stats();
      const a = stats.find((s) => s.queue === 'a');
      expect(a?.counts).toMatchObject({ queued: 2, scheduled: 1, running: 0 });
      expect(a?.oldestQueuedAt).toBe(t0);
      expect(stats.find((s) => s.queue === 'b')).toMatchObject({ paused: true, oldestQueuedAt: null });
    });

    it('the oldest waiting job of a queue is found across its priorities', async () => {
      const t0 = clock.now();
      await one({ task: 'a', queue: 'low-first', priority: -5 });
      await one({ task: 'a', queue: 'high-first', priority: 5 });
      clock.advance(100);
      await one({ task: 'a', queue: 'low-first', priority: 5 });
      await one({ task: 'a', queue: 'high-first', priority: -5 });
      await one({ task: 'a', queue: 'high-first', priority: 0 });
      const stats = await store.stats();
      expect(stats.find((s) => s.queue === 'low-first')?.oldestQueuedAt).toBe(t0);
      expect(stats.find((s) => s.queue === 'high-first')?.oldestQueuedAt).toBe(t0);
    });

    it('stats stop counting each state at the cap asked for, finished states at their own', async () => {
      await store.enqueue(Array.from({ length: 9 }, (_, i) => ({ task: 'a', input: i })));
      await store.enqueue(Array.from({ length: 4 }, () => ({ task: 'a', delayMs: 60_000 })));
      const jobs = await store.claim({ workerId: W, limit: 5, leaseMs: LEASE });
      await store.complete(jobs.slice(0, 4).map(lease));
      const exact = (await store.stats()).find((s) => s.queue === 'a');
      expect(exact?.counts).toMatchObject({ queued: 4, scheduled: 4, running: 1, succeeded: 4 });
      const capped = (await store.stats({ cap: 3 })).find((s) => s.queue === 'a');
      expect(capped?.counts).toMatchObject({ queued: 3, scheduled: 3, running: 1, succeeded: 3, dead: 0 });
      const finishedCapped = (await store.stats({ cap: 10, finishedCap: 2 })).find((s) => s.queue === 'a');
      expect(finishedCapped?.counts).toMatchObject({ queued: 4, scheduled: 4, running: 1, succeeded: 2 });
    });

    it('lists by every combination of state, queue, task and cursor', async () => {
      const specs = Array.from({ length: 12 }, (_, i) => ({ task: `t${i % 3}`, queue: `q${i % 2}`, input: i }));
      await store.enqueue(specs);
      const running = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE, queues: ['q0'] });
      await store.complete([lease(running[0])]);
      await failErr(running[1], { retryable: false });
      const all = (await store.list({ limit: 1000 })).jobs;
      expect(all.map((j) => j.state).sort()).toEqual([...Array(9).fill('queued'), 'dead', 'running', 'succeeded'].sort());
      const cursor = all[3].id;
      for (const state of [undefined, 'queued', 'running', 'succeeded', 'dead'] as const) {
        for (const queue of [undefined, 'q0']) {
          for (const task of [undefined, 't1']) {
            for (const c of [undefined, cursor]) {
              const want = all.filter(
                (j) => (!state || j.state === state) && (!queue || j.queue === queue) && (!task || j.task === task) && (!c || j.id < c),
              );
              const got = await store.list({ state, queue, task, cursor: c, limit: 1000 });
              expect(got.jobs.map((j) => j.id), JSON.stringify({ state, queue, task, c })).toEqual(want.map((j) => j.id));
            }
          }
        }
      }
      // A queue's jobs of every state, two to a page: newest first across the states.
      const paged: number[] = [];
      for (let c: number | null | undefined; c !== null; ) {
        const page = await store.list({ queue: 'q0', limit: 2, cursor: c });
        paged.push(...page.jobs.map((j) => j.id));
        c = page.nextCursor;
      }
      expect(paged).toEqual(all.filter((j) => j.queue === 'q0').map((j) => j.id));
    });

    it('stats show a queue whose only jobs are running', async () => {
      await one({ task: 'solo' });
      await claimOne(['solo']);
      expect((await store.stats()).find((s) => s.queue === 'solo')?.counts).toMatchObject({ queued: 0, running: 1 });
    });

    it('lists finished attempts since a time, with task and queue', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      clock.advance(20);
      await store.complete([{ ...lease(c), metrics: { wallMs: 20, cpuMs: 18 } }]);
      const rows = await store.finishedAttempts({ since: clock.now() - 1000 });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ task: 't', queue: 't', outcome: 'succeeded', wallMs: 20, cpuMs: 18 });
      expect(await store.finishedAttempts({ since: clock.now() + 1 })).toEqual([]);
    });

    it('lists failures and successes together in end-time order, filtered by task and limited', async () => {
      const t0 = clock.now();
      await one({ task: 'a', queue: 'q' });
      await one({ task: 'b', queue: 'q' });
      const x = await claimOne(['q']);
      clock.advance(5);
      await failErr(x, { retryDelayMs: 0 });
      const y = await claimOne(['q']);
      clock.advance(10);
      await store.complete([{ ...lease(y), metrics: { wallMs: 10, cpuMs: 9, waitMs: 3, peakMemBytes: 2048 } }]);
      const again = await claimOne(['q']);
      clock.advance(7);
      await store.complete([lease(again)]);
      const all = await store.finishedAttempts({ since: t0 });
      expect(all.map((a) => [a.task, a.outcome, a.endedAt - t0])).toEqual([
        ['a', 'error', 5],
        ['b', 'succeeded', 15],
        ['a', 'succeeded', 22],
      ]);
      expect(all[1]).toMatchObject({ jobId: y.id, attempt: 1, wallMs: 10, cpuMs: 9, waitMs: 3, peakMemBytes: 2048 });
      // Without metrics from the node, the store's own clock measures the attempt.
      expect(all[2]).toMatchObject({ jobId: x.id, attempt: 2, wallMs: 7, cpuMs: null, startedAt: t0 + 15 });
      expect((await store.finishedAttempts({ since: t0, limit: 2 })).map((a) => a.endedAt - t0)).toEqual([5, 15]);
      expect((await store.finishedAttempts({ since: t0, task: 'a' })).map((a) => a.outcome)).toEqual(['error', 'succeeded']);
      expect((await store.finishedAttempts({ since: t0 + 6 })).map((a) => a.task)).toEqual(['b', 'a']);
      expect((await store.attempts(x.id)).map((a) => [a.attempt, a.outcome, a.workerId])).toEqual([
        [1, 'error', W],
        [2, 'succeeded', W],
      ]);
    });
  });

  describe('queues and tokens', () => {
    it('keeps queue config', async () => {
      const q = await store.setQueueConfig('q', { maxDepth: 10, publicResults: true });
      expect(q).toEqual({ queue: 'q', paused: false, maxDepth: 10, publicResults: true });
      await store.pauseQueue('q');
      expect(await store.queueConfigs()).toEqual([{ queue: 'q', paused: true, maxDepth: 10, publicResults: true }]);
    });

    it('stores tokens by hash and revokes them', async () => {
      await store.createToken({ id: 'tok1', name: 'ci', hash: 'h'.repeat(64), scopes: ['read', 'enqueue'] });
      expect(await store.findToken('h'.repeat(64))).toMatchObject({ id: 'tok1', scopes: ['read', 'enqueue'], revokedAt: null });
      expect(await store.revokeToken('tok1')).toBe(true);
      expect(await store.revokeToken('tok1')).toBe(false);
      expect(await store.findToken('h'.repeat(64))).toBeNull();
      expect(await store.listTokens()).toHaveLength(1);
    });
  });

  describe('wake-ups', () => {
    it('wakes listeners when work is enqueued', async () => {
      let woke = 0;
      const off = store.onWake(() => woke++);
      await one({ task: 't' });
      await expect.poll(() => woke, { timeout: 5000 }).toBeGreaterThan(0);
      off();
    });
  });
}
