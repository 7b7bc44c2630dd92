import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/core/clock.js';
import { ErrorCodes } from '../../src/core/errors.js';
import { inputChars } from '../../src/store/rows.js';
import type { Store } from '../../src/store/store.js';
import type { Conformance } from './suite.js';

/** Conformance, part 1: a job's life: enqueue, claim, fencing, outcomes, retry policy, settle. */
export function lifecycleConformance(t: Conformance): void {
  // The suite makes a fresh store and clock before each test; these follow it.
  let store: Store;
  let clock: ManualClock;
  beforeEach(() => {
    store = t.store;
    clock = t.clock;
  });
  const { W, LEASE, one, claimOne, lease, failErr } = t;
  describe('enqueue', () => {
    it('applies defaults: queue = task, queued now, no attempts yet', async () => {
      const j = await one({ task: 'sim', input: { n: 1 } });
      expect(j).toMatchObject({ task: 'sim', queue: 'sim', state: 'queued', attempt: 0, input: { n: 1 }, priority: 0 });
      expect(j.runAt).toBe(clock.now());
      expect(await store.get(j.id)).toMatchObject({ id: j.id, state: 'queued' });
    });

    it('round-trips any JSON input, including a bare string, null and unicode', async () => {
      const inputs = ['abc', null, 0, [1, 'two'], { nested: { ü: '日本', emoji: '🚀' } }, '{"looks":"like json"}'];
      const res = await store.enqueue(inputs.map((input) => ({ task: 't', input })));
      for (const [i, r] of res.entries()) expect((await store.get(r.job.id))?.input).toEqual(inputs[i]);
    });

    it('an enqueued job reads as the stored one, field for field, new or found by its key', async () => {
      const parent = await one({ task: 'p' });
      const specs = [
        { task: 'plain' },
        { task: 'all', queue: 'q2', input: { nested: { ü: '日本', emoji: '🚀' } }, priority: -3, maxAttempts: 7, maxCrashes: 2 },
        { task: 'later', input: '{"looks":"like json"}', delayMs: 30_000, timeoutMs: 1234, key: 'k1', groupId: 'g' },
        { task: 'at', input: [1, 'two', null], runAt: clock.now() + 5, parentId: parent.id, traceparent: 'tp' },
        // Text is stored as UTF-8, which has no lone surrogates: the returned job holds what was stored.
        { task: 'odd', input: 'x\ud800y', key: 'lone\udc00', groupId: 'g\ud800' },
      ];
      const res = await store.enqueue(specs);
      for (const r of res) expect(r.job).toEqual(await store.get(r.job.id));
      expect(res[4].job.key).toMatch(/^lone\ufffd+$/);
      const again = await store.enqueue([specs[2]]);
      expect(again[0]).toMatchObject({ created: false, job: { id: res[2].job.id } });
      expect(again[0].job).toEqual(await store.get(res[2].job.id));
    });

    it('delay and runAt in the future make the job scheduled', async () => {
      const a = await one({ task: 't', delayMs: 30_000 });
      const b = await one({ task: 't', runAt: clock.now() + 60_000 });
      expect(a.state).toBe('scheduled');
      expect(a.runAt).toBe(clock.now() + 30_000);
      expect(b.state).toBe('scheduled');
    });

    it('stores options: priority, attempts, timeout, parent and group', async () => {
      const j = await one({ task: 't', queue: 'q', priority: -5, maxAttempts: 2, maxCrashes: 7, timeoutMs: 1234, parentId: 9, groupId: 'g' });
      expect(j).toMatchObject({ queue: 'q', priority: -5, maxAttempts: 2, maxCrashes: 7, timeoutMs: 1234, parentId: 9, groupId: 'g' });
    });

    it('bulk enqueue is one transaction: one invalid spec stores nothing', async () => {
      await expect(store.enqueue([{ task: 'ok' }, { task: 'bad name!' }])).rejects.toMatchObject({ code: ErrorCodes.INVALID_INPUT });
      expect((await store.list({})).jobs).toHaveLength(0);
      const res = await store.enqueue(Array.from({ length: 50 }, (_, i) => ({ task: 'bulk', input: i })));
      expect(res.every((r) => r.created)).toBe(true);
      expect(new Set(res.map((r) => r.job.id)).size).toBe(50);
      expect(res.map((r) => r.job.input)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('rejects a payload over the limit and stores nothing', async () => {
      const big = 'x'.repeat(1024 * 1024 + 1);
      await expect(one({ task: 't', input: big })).rejects.toMatchObject({ code: ErrorCodes.PAYLOAD_TOO_LARGE });
      expect((await store.list({})).jobs).toHaveLength(0);
    });

    it('an idempotency key returns the existing job, never a second one', async () => {
      const [a] = await store.enqueue([{ task: 't', key: 'k1', input: 1 }]);
      const [b, c] = await store.enqueue([{ task: 't', key: 'k1', input: 2 }, { task: 't', key: 'k1', input: 3 }]);
      expect(a.created).toBe(true);
      expect(b.created).toBe(false);
      expect(c.created).toBe(false);
      expect(b.job.id).toBe(a.job.id);
      expect(b.job.input).toBe(1);
      const other = await one({ task: 't', queue: 'elsewhere', key: 'k1' });
      expect(other.id).not.toBe(a.job.id);
      expect((await store.list({})).jobs).toHaveLength(2);
    });

    it('a batch mixing new jobs, known keys and repeated keys answers each spec in its place', async () => {
      const [known] = await store.enqueue([{ task: 't', key: 'k1', input: 'known' }]);
      const res = await store.enqueue([
        { task: 't', key: 'k2', input: 'a' },
        { task: 't', input: 'b' },
        { task: 't', key: 'k1', input: 'c' },
        { task: 't', key: 'k2', input: 'd' },
        { task: 't', input: 'e' },
      ]);
      expect(res.map((r) => r.created)).toEqual([true, true, false, false, true]);
      expect(res.map((r) => r.job.input)).toEqual(['a', 'b', 'known', 'a', 'e']);
      expect(res[2].job.id).toBe(known.job.id);
      expect(res[3].job.id).toBe(res[0].job.id);
    });
  });

  describe('claim', () => {
    it('claims by priority, then runAt, then id, up to the limit', async () => {
      const low = await one({ task: 't', priority: 5 });
      clock.advance(1);
      const first = await one({ task: 't' });
      clock.advance(1);
      const second = await one({ task: 't' });
      const urgent = await one({ task: 't', priority: -1 });
      const got = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE, queues: ['t'] });
      expect(got.map((j) => j.id)).toEqual([urgent.id, first.id, second.id]);
      expect((await store.get(low.id))?.state).toBe('queued');
    });

    it('gives each claim a new fencing token, a lease and an attempt row', async () => {
      const j = await one({ task: 't' });
      clock.advance(250);
      const c = await claimOne(['t']);
      expect(c).toMatchObject({ id: j.id, state: 'running', attempt: 1, leaseOwner: W });
      expect(c.leaseExpiresAt).toBe(clock.now() + LEASE);
      const [att] = await store.attempts(j.id);
      expect(att).toMatchObject({ attempt: 1, token: c.leaseToken, workerId: W, outcome: 'running', waitMs: 250, endedAt: null });
      clock.advance(30);
      await store.release([lease(c)]);
      const again = await claimOne(['t']);
      expect(again.leaseToken).not.toBe(c.leaseToken);
      expect(again.attempt).toBe(2);
      const [ended, running] = await store.attempts(j.id);
      expect(ended).toMatchObject({ token: c.leaseToken, workerId: W, outcome: 'released', waitMs: 250, wallMs: 30, endedAt: clock.now() });
      expect(running).toMatchObject({ token: again.leaseToken, attempt: 2, outcome: 'running', startedAt: clock.now() });
    });

    it('never claims scheduled, retrying or running jobs, nor other queues', async () => {
      await one({ task: 't', delayMs: 1000 });
      await one({ task: 'other' });
      const r = await one({ task: 't' });
      expect((await claimOne(['t'])).id).toBe(r.id);
      expect(await store.claim({ workerId: W, limit: 10, leaseMs: LEASE, queues: ['t'] })).toEqual([]);
    });

    it('claims across several named queues in one global order', async () => {
      const a1 = await one({ task: 't', queue: 'a', priority: 3 });
      const b1 = await one({ task: 't', queue: 'b', priority: 1 });
      clock.advance(1);
      const a2 = await one({ task: 't', queue: 'a', priority: 1 });
      await one({ task: 't', queue: 'c', priority: -9 });
      const got = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE, queues: ['a', 'b'] });
      expect(got.map((j) => j.id)).toEqual([b1.id, a2.id, a1.id]);
    });

    it('claims across all queues when none are named', async () => {
      await one({ task: 'a' });
      await one({ task: 'b' });
      expect(await store.claim({ workerId: W, limit: 10, leaseMs: LEASE })).toHaveLength(2);
    });

    it('skips paused queues until resumed', async () => {
      await one({ task: 't' });
      await store.pauseQueue('t');
      expect(await store.claim({ workerId: W, limit: 1, leaseMs: LEASE, queues: ['t'] })).toEqual([]);
      expect(await store.claim({ workerId: W, limit: 1, leaseMs: LEASE })).toEqual([]);
      await store.resumeQueue('t');
      expect(await claimOne(['t'])).toBeDefined();
    });

    it('returns nothing for limit 0', async () => {
      await one({ task: 't' });
      expect(await store.claim({ workerId: W, limit: 0, leaseMs: LEASE })).toEqual([]);
    });
  });

  describe('fencing', () => {
    it('a stale token cannot complete, fail, heartbeat, release or checkpoint a re-claimed job', async () => {
      await one({ task: 't', maxCrashes: 5 });
      const first = await claimOne();
      clock.advance(LEASE + 1);
      expect(await store.rescueExpired()).toEqual([{ id: first.id, state: 'queued' }]);
      const second = await claimOne();
      expect(second.id).toBe(first.id);
      const stale = lease(first);
      expect(await store.complete([{ ...stale, result: Buffer.from('"zombie"') }])).toEqual([{ id: first.id, ok: false }]);
      expect((await failErr(first))[0].ok).toBe(false);
      expect(await store.heartbeat([stale], LEASE)).toEqual({ ok: [], lost: [stale] });
      expect((await store.release([stale]))[0].ok).toBe(false);
      expect(await store.saveCheckpoint(stale, { step: 1 })).toBe(false);
      const now = await store.get(first.id);
      expect(now).toMatchObject({ state: 'running', leaseToken: second.leaseToken, resultSha: null, checkpoint: null });
      const done = await store.complete([{ ...lease(second), result: Buffer.from('"real"') }]);
      expect(done[0]).toMatchObject({ ok: true, state: 'succeeded' });
    });

    it('heartbeats extend the lease and record progress', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      clock.advance(LEASE - 1);
      const hb = await store.heartbeat([{ ...lease(c), progress: 0.5, progressMessage: 'half' }], LEASE);
      expect(hb.ok).toEqual([lease(c)]);
      clock.advance(LEASE - 1);
      expect(await store.rescueExpired()).toEqual([]);
      expect(await store.get(c.id)).toMatchObject({ state: 'running', progress: 0.5, progressMessage: 'half' });
    });
  });

  describe('complete', () => {
    it('stores the result once by sha256 and records the attempt', async () => {
      await store.enqueue([{ task: 't' }, { task: 't' }]);
      const [a, b] = await store.claim({ workerId: W, limit: 2, leaseMs: LEASE });
      clock.advance(40);
      const bytes = Buffer.from(JSON.stringify({ price: 4.2 }));
      const out = await store.complete([
        { ...lease(a), result: bytes, metrics: { wallMs: 40, cpuMs: 35, peakMemBytes: 1000 } },
        { ...lease(b), result: Buffer.from(bytes) },
      ]);
      expect(out[0].resultSha).toMatch(/^[0-9a-f]{64}$/);
      expect(out[1].resultSha).toBe(out[0].resultSha);
      const job = await store.get(a.id);
      expect(job).toMatchObject({ state: 'succeeded', resultSha: out[0].resultSha, finishedAt: clock.now(), leaseToken: null, cpuMs: 35 });
      const r = await store.getResult(out[0].resultSha as string);
      expect(r?.bytes.toString()).toBe(bytes.toString());
      expect(r).toMatchObject({ contentType: 'application/json', size: bytes.length });
      const [att] = await store.attempts(a.id);
      expect(att).toMatchObject({ outcome: 'succeeded', wallMs: 40, cpuMs: 35, peakMemBytes: 1000, endedAt: clock.now() });
    });

    it('serves small and large results alike, by content address, until pruned', async () => {
      await store.enqueue([{ task: 't', queue: 'rq' }, { task: 't', queue: 'rq' }, { task: 't', queue: 'rq' }]);
      const [a, b, c] = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE });
      const small = Buffer.from('small result');
      const large = Buffer.alloc(64 * 1024, 7);
      const out = await store.complete([
        { ...lease(a), result: small, contentType: 'text/plain' },
        { ...lease(b), result: large, contentType: 'application/octet-stream' },
        { ...lease(c), result: Buffer.from(large), contentType: 'application/octet-stream' },
      ]);
      expect(out[2].resultSha).toBe(out[1].resultSha);
      for (const [i, bytes, contentType] of [[0, small, 'text/plain'], [1, large, 'application/octet-stream']] as const) {
        const r = await store.getResult(out[i].resultSha as string);
        expect(r?.bytes.equals(bytes)).toBe(true);
        expect(r).toMatchObject({ sha256: out[i].resultSha, contentType, size: bytes.length, createdAt: clock.now() });
        if (store.resultQueues) expect(await store.resultQueues(out[i].resultSha as string)).toEqual(['rq']);
      }
      clock.advance(10_000);
      expect(await store.prune({ olderThanMs: 5_000 })).toBe(3);
      expect(await store.getResult(out[0].resultSha as string)).toBeNull();
      expect(await store.getResult(out[1].resultSha as string)).toBeNull();
    });

    it('refuses a result over the limit and leaves the job running', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      const huge = Buffer.alloc(4 * 1024 * 1024 + 1);
      await expect(store.complete([{ ...lease(c), result: huge }])).rejects.toMatchObject({ code: ErrorCodes.RESULT_TOO_LARGE });
      expect((await store.get(c.id))?.state).toBe('running');
    });
  });

  describe('fail and retry policy', () => {
    it('an error schedules a retry after the given delay, then promotion makes it runnable', async () => {
      await one({ task: 't', maxAttempts: 3 });
      const c = await claimOne();
      const [o] = await failErr(c);
      expect(o).toMatchObject({ ok: true, state: 'retrying' });
      const j = await store.get(c.id);
      expect(j).toMatchObject({ state: 'retrying', errors: 1, crashes: 0, runAt: clock.now() + 5000, lastError: { code: 'E', message: 'boom' } });
      expect(await store.nextDueAt()).toBe(clock.now() + 5000);
      expect(await store.promoteDue()).toBe(0);
      clock.advance(5000);
      expect(await store.promoteDue()).toBe(1);
      expect((await claimOne()).attempt).toBe(2);
    });

    it('a zero delay retries at once', async () => {
      await one({ task: 't' });
      const c = await claimOne();
      expect((await failErr(c, { retryDelayMs: 0 }))[0].state).toBe('queued');
    });

    it('goes dead (exhausted) after maxAttempts errors, keeping every attempt', async () => {
      await one({ task: 't', maxAttempts: 2 });
      await failErr(await claimOne(), { retryDelayMs: 0 });
      const [o] = await failErr(await claimOne(), { kind: 'timeout', error: { code: ErrorCodes.TASK_TIMEOUT, message: 'too slow' } });
      expect(o.state).toBe('dead');
      const j = (await store.list({ state: 'dead' })).jobs[0];
      expect(j).toMatchObject({ deadReason: 'exhausted', errors: 2, finishedAt: clock.now() });
      const atts = await store.attempts(j.id);
      expect(atts.map((a) => a.outcome)).toEqual(['error', 'timeout']);
      expect(atts[1]).toMatchObject({ errorCode: ErrorCodes.TASK_TIMEOUT, errorMessage: 'too slow' });
    });

    it('a non-retryable error goes dead at once', async () => {
      await one({ task: 't', maxAttempts: 10 });
      const [o] = await failErr(await claimOne(), { retryable: false });
      expect(o.state).toBe('dead');
      expect((await store.list({})).jobs[0].deadReason).toBe('non_retryable');
    });

    it('crashes retry at once, do not use up attempts, and quarantine as poison at maxCrashes', async () => {
      await one({ task: 't', maxAttempts: 1, maxCrashes: 2 });
      const crash = { kind: 'crash', error: { code: ErrorCodes.TASK_CRASH, message: 'exit' } };
      expect((await failErr(await claimOne(), crash))[0].state).toBe('queued');
      const [o] = await failErr(await claimOne(), { ...crash, kind: 'oom' });
      expect(o.state).toBe('dead');
      expect((await store.list({})).jobs[0]).toMatchObject({ deadReason: 'poison', crashes: 2, errors: 0 });
    });

    it('release (drain) re-queues at once and spends neither budget', async () => {
      await one({ task: 't', maxAttempts: 1, maxCrashes: 1 });
      const c = await claimOne();
      expect((await store.release([lease(c)]))[0]).toMatchObject({ ok: true, state: 'queued' });
      expect(await store.get(c.id)).toMatchObject({ state: 'queued', errors: 0, crashes: 0, leaseToken: null });
      expect((await store.attempts(c.id))[0].outcome).toBe('released');
    });
  });

  describe('settle (outcomes and the next claim in one transaction)', () => {
    const settle = (batch: Parameters<NonNullable<Store['settle']>>[0]) => {
      if (!store.settle) throw new Error('store has no settle()');
      return store.settle(batch);
    };

    it('completes, fails and releases, then claims for the freed workers', async () => {
      await store.enqueue([1, 2, 3, 4, 5].map((i) => ({ task: 't', input: i })));
      const [a, b, c] = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE });
      clock.advance(10);
      const res = await settle({
        complete: [{ ...lease(a), result: Buffer.from('"a"'), metrics: { wallMs: 10, cpuMs: 9 } }],
        fail: [{ ...lease(b), kind: 'error', error: { code: 'E', message: 'boom' }, retryable: true, retryDelayMs: 0 }],
        release: [lease(c)],
        claim: { workerId: W, limit: 2, leaseMs: LEASE, queues: ['t'] },
      });
      await res.durable;
      expect(res.complete).toEqual([{ id: a.id, ok: true, state: 'succeeded', resultSha: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      expect(res.fail).toEqual([{ id: b.id, ok: true, state: 'queued' }]);
      expect(res.release).toEqual([{ id: c.id, ok: true, state: 'queued' }]);
      // b was re-queued at now (t0 + 10), so c (released, runAt t0) and the never-claimed 4th job come first.
      expect(res.claimed.map((j) => j.input)).toEqual([3, 4]);
      const again = res.claimed[0];
      expect(again).toMatchObject({ id: c.id, state: 'running', attempt: 2, leaseOwner: W, leaseExpiresAt: clock.now() + LEASE });
      expect(again.leaseToken).not.toBe(c.leaseToken);
      expect(await store.get(a.id)).toMatchObject({ state: 'succeeded', resultSha: res.complete[0].resultSha, cpuMs: 9 });
      expect((await store.attempts(a.id))[0]).toMatchObject({ outcome: 'succeeded', wallMs: 10, cpuMs: 9 });
      expect((await store.attempts(b.id)).map((t) => t.outcome)).toEqual(['error']);
      expect((await store.attempts(c.id)).map((t) => t.outcome)).toEqual(['released', 'running']);
      expect(await store.get(b.id)).toMatchObject({ state: 'queued', errors: 1 });
    });

    it('completes and claims in one call (the hot path), with named queues or all of them', async () => {
      await store.enqueue([1, 2, 3, 4].map((i) => ({ task: 't', input: i })));
      await store.enqueue([{ task: 'other', input: 5 }]);
      const [a, b] = await store.claim({ workerId: W, limit: 2, leaseMs: LEASE, queues: ['t'] });
      const r1 = await settle({ complete: [lease(a)], claim: { workerId: W, limit: 1, leaseMs: LEASE, queues: ['t'] } });
      await r1.durable;
      expect(r1.complete).toEqual([{ id: a.id, ok: true, state: 'succeeded' }]);
      expect(r1.claimed.map((j) => j.input)).toEqual([3]);
      expect((await store.attempts(r1.claimed[0].id))[0]).toMatchObject({ outcome: 'running', token: r1.claimed[0].leaseToken });
      const r2 = await settle({
        complete: [{ ...lease(b), result: Buffer.from('"b"') }, { ...lease(r1.claimed[0]), result: Buffer.from('"b"') }],
        claim: { workerId: W, limit: 5, leaseMs: LEASE },
      });
      await r2.durable;
      expect(r2.complete.map((o) => o.ok)).toEqual([true, true]);
      expect(r2.complete[1].resultSha).toBe(r2.complete[0].resultSha);
      expect(r2.claimed.map((j) => j.input)).toEqual([4, 5]);
      expect((await store.getResult(r2.complete[0].resultSha as string))?.bytes.toString()).toBe('"b"');
    });

    it('a claimed job reads as the stored one, field for field, whether claim or settle claimed it', async () => {
      const inputs = ['abc', null, 0, [1, 'two'], { nested: { ü: '日本', emoji: '🚀' } }, '{"looks":"like json"}'];
      await store.enqueue(inputs.map((input, i) => ({ task: 't', input, key: `k${i}`, parentId: 9, groupId: 'g', priority: i })));
      // One job comes back for a second attempt with a checkpoint (a JSON string) and its last error.
      const first = await claimOne(['t']);
      expect(await store.saveCheckpoint(lease(first), 'step "2"')).toBe(true);
      await store.fail([{ ...lease(first), kind: 'error', error: { code: 'E', message: 'boom' }, retryable: true, retryDelayMs: 0 }]);
      clock.advance(5);
      const claimed = await store.claim({ workerId: W, limit: 3, leaseMs: LEASE, queues: ['t'] });
      for (const j of claimed) expect(j).toEqual(await store.get(j.id));
      const res = await settle({ complete: claimed.map(lease), claim: { workerId: W, limit: 10, leaseMs: LEASE, queues: ['t'] } });
      await res.durable;
      for (const j of res.claimed) expect(j).toEqual(await store.get(j.id));
      expect(claimed[0]).toMatchObject({ id: first.id, attempt: 2, checkpoint: 'step "2"', lastError: { code: 'E', message: 'boom' } });
      expect(res.claimed.map((j) => j.input)).toEqual(inputs.slice(3));
      expect(res.claimed[0]).toMatchObject({ state: 'running', key: 'k3', parentId: 9, groupId: 'g', priority: 3 });
      // The size of each claimed job's stored input, which a node bounds what it holds by.
      for (const j of [...claimed, ...res.claimed]) expect(inputChars(j)).toBe(JSON.stringify(j.input).length);
    });

    it('completes and claims in one statement and stays fenced: a stale or repeated completion is refused', async () => {
      await store.enqueue([1, 2, 3].map((i) => ({ task: 't', input: i })));
      const [a, b] = await store.claim({ workerId: W, limit: 2, leaseMs: LEASE, queues: ['t'] });
      const stale = { id: b.id, token: (b.leaseToken as number) + 1 };
      const res = await settle({
        complete: [{ ...lease(a), result: Buffer.from('"a"') }, stale, { ...lease(a), result: Buffer.from('"a"') }, lease(b)],
        claim: { workerId: W, limit: 5, leaseMs: LEASE, queues: ['t'] },
      });
      await res.durable;
      const sha = expect.stringMatching(/^[0-9a-f]{64}$/);
      expect(res.complete).toEqual([
        { id: a.id, ok: true, state: 'succeeded', resultSha: sha },
        { id: b.id, ok: false },
        { id: a.id, ok: false },
        { id: b.id, ok: true, state: 'succeeded' },
      ]);
      expect((await store.get(a.id))?.resultSha).toBe(res.complete[0].resultSha);
      expect(res.claimed.map((j) => j.input)).toEqual([3]);
      // The same rule outside settle: the outcome belongs to the lease, not to the job id.
      const [c] = res.claimed;
      expect(await store.complete([{ id: c.id, token: (c.leaseToken as number) + 1 }, lease(c)])).toEqual([
        { id: c.id, ok: false },
        { id: c.id, ok: true, state: 'succeeded' },
      ]);
    });

    it('is fenced like the single operations: stale items change nothing, the claim still happens', async () => {
      await one({ task: 't', maxCrashes: 5 });
      const first = await claimOne();
      clock.advance(LEASE + 1);
      await store.rescueExpired();
      const second = await claimOne();
      expect(second.id).toBe(first.id);
      const other = await one({ task: 't' });
      const stale = lease(first);
      const res = await settle({
        complete: [{ ...stale, result: Buffer.from('"zombie"') }],
        fail: [{ ...stale, kind: 'crash', error: { code: 'X', message: 'x' }, retryable: true, retryDelayMs: 0 }],
        release: [stale],
        claim: { workerId: W, limit: 5, leaseMs: LEASE },
      });
      await res.durable;
      expect([...res.complete, ...res.fail, ...res.release]).toEqual([
        { id: first.id, ok: false },
        { id: first.id, ok: false },
        { id: first.id, ok: false },
      ]);
      expect(res.claimed.map((j) => j.id)).toEqual([other.id]);
      expect(await store.get(first.id)).toMatchObject({ state: 'running', leaseToken: second.leaseToken, resultSha: null });
    });

    it('claims nothing for limit 0 and writes only outcomes without a claim', async () => {
      await store.enqueue([{ task: 't' }, { task: 't' }]);
      const a = await claimOne();
      const none = await settle({ claim: { workerId: W, limit: 0, leaseMs: LEASE } });
      expect(none.claimed).toEqual([]);
      const res = await settle({ complete: [lease(a)] });
      await res.durable;
      expect(res).toMatchObject({ complete: [{ id: a.id, ok: true, state: 'succeeded' }], fail: [], release: [], claimed: [] });
      expect((await store.stats()).find((q) => q.queue === 't')?.counts).toMatchObject({ queued: 1, running: 0, succeeded: 1 });
    });

    it('refuses a result over the limit and changes nothing, not even the claim', async () => {
      await store.enqueue([{ task: 't' }, { task: 't' }]);
      const a = await claimOne();
      const huge = Buffer.alloc(4 * 1024 * 1024 + 1);
      await expect(
        settle({ complete: [{ ...lease(a), result: huge }], claim: { workerId: W, limit: 1, leaseMs: LEASE } }),
      ).rejects.toMatchObject({ code: ErrorCodes.RESULT_TOO_LARGE });
      expect((await store.get(a.id))?.state).toBe('running');
      expect((await store.stats()).find((q) => q.queue === 't')?.counts).toMatchObject({ queued: 1, running: 1 });
    });
  });
}
