import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { Defaults } from '../../src/core/limits.js';
import { Hand, MAX_HELD_INPUT_CHARS, MAX_HELD_PER_WORKER } from '../../src/runtime/hand.js';
import { nextTag } from '../../src/runtime/slot.js';
import type { ToWorker } from '../../src/runtime/protocol.js';
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

/** Once armed, holds the first store call that passes through it until open(). */
class Gate {
  holding = false;
  private armed = false;
  private release = () => {};
  private signal = () => {};
  private readonly opened = new Promise<void>((r) => {
    this.release = r;
  });
  /** Resolves when a call is being held. */
  readonly entered = new Promise<void>((r) => {
    this.signal = r;
  });

  arm(): void {
    this.armed = true;
  }

  open(): void {
    this.release();
  }

  async pass(): Promise<void> {
    if (!this.armed) return;
    this.armed = false;
    this.holding = true;
    this.signal();
    await this.opened;
    this.holding = false;
  }
}

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

  test('large inputs bound the hand by their size, and keep bounding it for a while after', () => {
    const h = new Hand(500, 2);
    h.observe(0.01);
    h.observeInput(100);
    expect(h.room()).toBe(2 * MAX_HELD_PER_WORKER); // small inputs: the count bound
    h.observeInput(1_000_000);
    expect(h.room()).toBe(Math.floor(MAX_HELD_INPUT_CHARS / 1_000_000));
    for (let i = 0; i < 100; i++) h.observeInput(100);
    // 0.99^100 of a million is still ~366,000 characters: a hundred small jobs do not undo it at once.
    expect(h.room()).toBe(Math.floor(MAX_HELD_INPUT_CHARS / (1_000_000 * 0.99 ** 100)));
    for (let i = 0; i < 2000; i++) h.observeInput(100);
    expect(h.room()).toBe(2 * MAX_HELD_PER_WORKER);
  });

  test('the average follows recent jobs: a run of long jobs stops the holding', () => {
    const h = new Hand(50, 1);
    h.observe(1);
    expect(h.room()).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) h.observe(1000);
    expect(h.room()).toBe(0);
  });

  test('queues about 1 ms of work in a busy worker, and nothing behind a job that looks long', () => {
    const h = new Hand(500, 2);
    expect(h.queuePolicy()).toEqual({ depth: 0, maxRunMs: 0 }); // nothing measured: nothing held, nothing queued
    h.observe(20);
    expect(h.queuePolicy()).toEqual({ depth: 1, maxRunMs: 160 }); // at least one; stuck after 8 × 20 ms
    const tiny = new Hand(500, 2);
    tiny.observe(0.01);
    expect(tiny.queuePolicy()).toEqual({ depth: 32, maxRunMs: 20 }); // capped, and never stuck before 20 ms
    const long = new Hand(500, 2);
    long.observe(600);
    expect(long.queuePolicy().depth).toBe(0); // longer than the lookahead: not held, not queued
  });

  test('start-control tags stay positive int32 forever, so each reads back from its word as written', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    for (const seq of [0, 1, 2 ** 31 - 3, 2 ** 31 - 2, 2 ** 31 - 1]) {
      const tag = nextTag(seq);
      expect(tag).toBeGreaterThan(0);
      Atomics.store(word, 0, tag);
      expect(Atomics.compareExchange(word, 0, tag, -tag)).toBe(tag);
    }
    expect(nextTag(2 ** 31 - 1)).toBe(1);
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

/**
 * A one-worker node with a long lookahead that has measured a job as long as
 * the `block` job it is now busy with, so the short jobs enqueued next are
 * held (the first of them queued in the worker: the blocker is no older than
 * the jobs it has seen).
 */
async function busyNode(blockMs: number, opts: Parameters<typeof fixtureNode>[1] = {}) {
  store = await memoryStore();
  node = await fixtureNode(store, { workers: 1, lookaheadMs: 60_000, ...opts });
  const events: AttemptEvent[] = [];
  node.on('attempt', (e: AttemptEvent) => events.push(e));
  await waitForState(store, (await enqueue(store, 'block', { ms: blockMs })).id, ['succeeded']);
  const blocker = await enqueue(store, 'block', { ms: blockMs });
  await waitForState(store, blocker.id, ['running']);
  return { s: store, n: node, blocker, events };
}

describe('lookahead on a running node', { timeout: 120_000 }, () => {
  test('claims nothing before startNode returns the node, so every attempt can be observed', async () => {
    const s = await memoryStore();
    store = s;
    await s.enqueue(Array.from({ length: 20 }, (_, i) => ({ task: 'noop', input: { i } })));
    let returned = false;
    const early: string[] = [];
    for (const m of ['claim', 'settle'] as const) {
      const real = (s[m] as ((...a: unknown[]) => unknown) | undefined)?.bind(s);
      if (!real) continue;
      (s as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        if (!returned) early.push(m);
        return real(...a);
      };
    }
    // Threads boot one by one: the first ready used to claim while the others still booted.
    node = await fixtureNode(s, { workers: 3 });
    returned = true;
    const events: AttemptEvent[] = [];
    node.on('attempt', (e) => events.push(e));
    await waitFor(() => events.length === 20, '20 attempt events');
    expect(early).toEqual([]);
    expect(new Set(events.map((e) => e.job.id)).size).toBe(20);
    expect(events.every((e) => e.outcome === 'succeeded')).toBe(true);
  });

  test('long jobs: never more claimed than free workers', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1 });
    // One job measured longer than the default lookahead, then three more.
    const ms = Defaults.lookaheadMs + 100;
    await waitForState(store, (await enqueue(store, 'block', { ms })).id, ['succeeded']);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(store, 'block', { ms })).id);
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
    const { s, n, events } = await busyNode(1500);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enqueue(s, 'noop')).id);
    // The busy node claims all five ahead: they are running in the store, held by the node.
    await waitFor(() => n.stats().held === 5, 'five held jobs');
    expect((await s.list({ state: 'running' })).jobs.length).toBe(6);
    for (const id of ids) await waitForState(s, id, ['succeeded']);
    const started = events.filter((e) => e.outcome === 'succeeded').map((e) => e.job.id);
    expect(started.slice(-5)).toEqual(ids);
    for (const id of ids) expect((await s.attempts(id)).map((a) => a.outcome)).toEqual(['succeeded']);
  });

  test('the input size of each claimed job feeds the bound on held input', async () => {
    const { s, n } = await busyNode(1500);
    const seen = vi.spyOn(Hand.prototype, 'observeInput');
    try {
      const inputs = [{ pad: 'x'.repeat(10_000) }, { pad: 'y'.repeat(20_000) }];
      for (const input of inputs) await enqueue(s, 'noop', input);
      await waitFor(() => n.stats().held === 2, 'two held jobs');
      // Sorted: two claims in flight may come back in either order.
      const sizes = (xs: number[]) => [...xs].sort((a, b) => a - b);
      expect(sizes(seen.mock.calls.map(([chars]) => chars))).toEqual(sizes(inputs.map((i) => JSON.stringify(i).length)));
    } finally {
      seen.mockRestore();
    }
  });

  test('drain gives held jobs back at once, as releases, not crashes', async () => {
    const { s, n, blocker } = await busyNode(1000);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(s, 'noop')).id);
    await waitFor(() => n.stats().held === 3, 'three held jobs');
    await n.drain(30_000);
    node = undefined;
    expect((await s.get(blocker.id))?.state).toBe('succeeded');
    for (const id of ids) {
      const j = await s.get(id);
      expect(j?.state).toBe('queued');
      expect(j?.crashes).toBe(0);
    }
  });

  test('a held job whose lease is lost is dropped and never started', async () => {
    const { s, n, blocker, events } = await busyNode(1500, { heartbeatMs: 100 });
    const victim = await enqueue(s, 'noop');
    await waitFor(() => n.stats().held === 1, 'one held job');
    await s.cancel(victim.id);
    await waitFor(() => events.find((e) => e.job.id === victim.id && e.outcome === 'lost'), 'the held job to be dropped');
    expect(n.stats().held).toBe(0);
    await waitForState(s, blocker.id, ['succeeded']);
    expect((await s.get(victim.id))?.state).toBe('cancelled');
    expect(events.filter((e) => e.job.id === victim.id).map((e) => e.outcome)).toEqual(['lost']);
  });

  test('a short job waits in the busy worker itself and starts there next', async () => {
    const { s, n, blocker, events } = await busyNode(2000);
    const next = await enqueue(s, 'noop');
    await waitFor(() => n.stats().perWorker[0].queuedJobId === next.id, 'the job queued in the worker');
    expect(n.stats().perWorker[0].jobId).toBe(blocker.id);
    await waitForState(s, next.id, ['succeeded']);
    expect(n.stats().perWorker[0].queuedJobId).toBe(null);
    expect(events.filter((e) => e.job.id === next.id).map((e) => [e.outcome, e.worker])).toEqual([['succeeded', 0]]);
    // Its wait runs until the blocker ended (~2 s after it was enqueued), not until it was handed to the worker (~0).
    const [a] = await s.attempts(next.id);
    expect(a.waitMs).toBeGreaterThan(500);
  });

  test('a job queued behind a long one is taken back by a worker that goes idle', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 2, lookaheadMs: 60_000 });
    const s = store;
    await waitForState(s, (await enqueue(s, 'noop')).id, ['succeeded']);
    const blocker = await enqueue(s, 'block', { ms: 5000 });
    await waitForState(s, blocker.id, ['running']);
    // Dispatched together, some of these are queued behind the blocker (the shortest queue wins, ties to worker 0).
    const jobs = await s.enqueue(Array.from({ length: 6 }, () => ({ task: 'noop' })));
    for (const { job } of jobs) await waitForState(s, job.id, ['succeeded']);
    expect((await s.get(blocker.id))?.state).toBe('running');
    for (const { job } of jobs) expect((await s.attempts(job.id)).map((a) => a.outcome)).toEqual(['succeeded']);
  });

  test('a job queued behind one that turns out long is taken back while the other worker stays busy', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 2, lookaheadMs: 60_000 });
    const s = store;
    const done: number[] = [];
    node.on('attempt', (e: AttemptEvent) => e.outcome === 'succeeded' && done.push(e.job.id));
    const warm = await s.enqueue(Array.from({ length: 10 }, () => ({ task: 'wait', input: { ms: 5 } })));
    for (const { job } of warm) await waitForState(s, job.id, ['succeeded']);
    // One batch: the blocker starts first, young enough to get a job queued behind it; the hand then keeps
    // the other worker busy for about a second, so no worker goes idle to take that job back.
    const [blocker, ...rest] = await s.enqueue([
      { task: 'block', input: { ms: 5000 } },
      ...Array.from({ length: 200 }, () => ({ task: 'wait', input: { ms: 5 } })),
    ]);
    const ids = rest.map((r) => r.job.id);
    for (const id of ids) await waitForState(s, id, ['succeeded']);
    expect((await s.get(blocker.job.id))?.state).toBe('running');
    // How many places later than its turn each job finished: one left behind the blocker finishes last (~200).
    const order = done.filter((id) => ids.includes(id));
    const late = Math.max(...ids.map((id, i) => order.indexOf(id) - i));
    expect(late).toBeLessThan(100);
  });

  test('a job queued behind one that times out runs on the new thread, charged nothing', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1, lookaheadMs: 60_000 });
    const s = store;
    const n = node;
    // Measured as long as the spinner's timeout, so the spinner does not look stuck before it times out.
    await waitForState(s, (await enqueue(s, 'block', { ms: 1500 })).id, ['succeeded']);
    const spinner = await enqueue(s, 'spin', null, { timeoutMs: 1500, maxAttempts: 1 });
    await waitForState(s, spinner.id, ['running']);
    const next = await enqueue(s, 'noop');
    await waitFor(() => n.stats().perWorker[0].queuedJobId === next.id, 'the job queued behind the spinner');
    expect((await waitForState(s, spinner.id, ['dead'])).lastError?.code).toBe(ErrorCodes.TASK_TIMEOUT);
    await waitForState(s, next.id, ['succeeded']);
    const j = await s.get(next.id);
    expect([j?.attempt, j?.errors, j?.crashes]).toEqual([1, 0, 0]);
    expect((await s.attempts(next.id)).map((a) => a.outcome)).toEqual(['succeeded']);
  });

  test('tiny jobs reach a busy worker in batches, not one message per job', async () => {
    store = await memoryStore();
    const s = store;
    node = await fixtureNode(s, { workers: 1 });
    await waitForState(s, (await enqueue(s, 'noop')).id, ['succeeded']);
    const post = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const jobs = await s.enqueue(Array.from({ length: 600 }, () => ({ task: 'noop', input: null })));
      for (const { job } of jobs) await waitForState(s, job.id, ['succeeded']);
      const msgs = post.mock.calls.map(([m]) => m as ToWorker);
      const runs = msgs.flatMap((m) => (m.t === 'batch' ? m.msgs : [m])).filter((m) => m.t === 'run').length;
      expect(runs).toBeGreaterThanOrEqual(600);
      // Topped up after every job it finished (the old behaviour), the worker got one message per job.
      expect(msgs.length).toBeLessThan(runs / 2);
    } finally {
      post.mockRestore();
    }
  });

  test('once the queue has run dry, outcomes gather instead of each paying a write', async () => {
    store = await memoryStore();
    const s = store;
    let writes = 0;
    const settle = s.settle!.bind(s);
    s.settle = (b) => {
      if ((b.complete?.length ?? 0) > 0) writes++;
      return settle(b);
    };
    const complete = s.complete.bind(s);
    s.complete = (items) => {
      writes++;
      return complete(items);
    };
    node = await fixtureNode(s, { workers: 1, lookaheadMs: 60_000 });
    await waitForState(s, (await enqueue(s, 'wait', { ms: 40 })).id, ['succeeded']);
    writes = 0;
    // One batch: the node claims all twelve at once and its claim comes back short of its room.
    const jobs = await s.enqueue(Array.from({ length: 12 }, () => ({ task: 'wait', input: { ms: 40 } })));
    for (const { job } of jobs) await waitForState(s, job.id, ['succeeded']);
    // Written one by one (the old behaviour, as the hand stays under half its target) this is 12.
    expect(writes).toBeLessThan(9);
  });

  test('while a claim is in flight, outcomes gather for it instead of going out alone', async () => {
    store = await memoryStore();
    const s = store;
    // The first write that carries a claim while the node holds at least ten jobs is held open here until
    // five more jobs have finished (the claimed jobs reach the node only when it returns).
    const gate = new Gate();
    let alone = 0;
    const settle = s.settle!.bind(s);
    s.settle = async (b) => {
      if (gate.holding && !b.claim && (b.complete?.length ?? 0) > 0) alone++;
      const holding = (node?.stats().held ?? 0) >= 10;
      const res = await settle(b);
      if (b.claim && holding) await gate.pass();
      return res;
    };
    node = await fixtureNode(s, { workers: 1, lookaheadMs: 2_000, maintenance: false });
    const n = node;
    await waitForState(s, (await enqueue(s, 'wait', { ms: 40 })).id, ['succeeded']);
    gate.arm();
    // 40 ms jobs, 2 s lookahead: the node holds ~50 and asks for more once under half of that.
    const jobs = await s.enqueue(Array.from({ length: 60 }, () => ({ task: 'wait', input: { ms: 40 } })));
    await gate.entered;
    const before = n.stats().perWorker[0].jobs;
    await waitFor(() => n.stats().perWorker[0].jobs >= before + 5, 'five more jobs to finish');
    const aloneDuringClaim = alone;
    gate.open();
    for (const { job } of jobs) await waitForState(s, job.id, ['succeeded']);
    // Rushed out for a refill that the claim in flight already brings, each of the five went alone.
    expect(aloneDuringClaim).toBeLessThanOrEqual(1);
  });

  test('a claim that comes back short while a wake arrives does not leave the node waiting', async () => {
    store = await memoryStore();
    const s = store;
    // The claim below reads an empty (paused) queue, then waits here while the queue is resumed.
    const gate = new Gate();
    const claim = s.claim.bind(s);
    s.claim = async (req) => {
      const jobs = await claim(req);
      await gate.pass();
      return jobs;
    };
    // No poll to fall back on: only the wake can bring the job in.
    node = await fixtureNode(s, { workers: 1, pollMs: 3_600_000, maintenance: false });
    gate.arm();
    await s.pauseQueue('noop');
    const job = await enqueue(s, 'noop');
    await gate.entered;
    await s.resumeQueue('noop');
    gate.open();
    expect((await waitForState(s, job.id, ['succeeded'], 20_000)).state).toBe('succeeded');
  });
});

