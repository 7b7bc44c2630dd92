import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { CoreboundError, ErrorCodes } from '../../src/core/errors.js';
import { silentLogger } from '../../src/runtime/node-options.js';
import { type Pending, ResultWriter } from '../../src/runtime/results.js';
import type { Store } from '../../src/store/store.js';
import { memoryStore } from './helpers.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The real store, with its settle calls counted. */
async function countingStore(): Promise<{ store: Store; settles: number[] }> {
  const real = await memoryStore();
  store = real;
  const settles: number[] = [];
  const counted = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'settle') {
        return (batch: Parameters<NonNullable<Store['settle']>>[0]) => {
          settles.push(batch.complete?.length ?? 0);
          return target.settle!(batch);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: counted, settles };
}

async function completions(s: Store, n: number): Promise<Pending[]> {
  await s.enqueue(Array.from({ length: n }, () => ({ task: 't' })));
  const jobs = await s.claim({ workerId: 'w', limit: n, leaseMs: 60_000, queues: ['t'] });
  return jobs.map((j) => ({ op: 'complete', item: { id: j.id, token: j.leaseToken as number, metrics: { wallMs: 1 } }, meta: null }));
}

describe('result writer batching', () => {
  test('with work in hand, outcomes from separate turns go to the store in one transaction', async () => {
    const { store: s, settles } = await countingStore();
    const written: number[] = [];
    const w = new ResultWriter(s, silentLogger, (p, o) => o?.ok && written.push(p.item.id), undefined, () => 50);
    const ps = await completions(s, 3);
    for (const p of ps) {
      w.push(p);
      await nextTurn();
    }
    expect(settles).toEqual([]);
    await w.idle();
    expect(settles).toEqual([3]);
    expect(written.sort()).toEqual(ps.map((p) => p.item.id).sort());
    for (const p of ps) expect((await s.get(p.item.id))?.state).toBe('succeeded');
  });

  test('without work in hand, each turn writes at once', async () => {
    const { store: s, settles } = await countingStore();
    const w = new ResultWriter(s, silentLogger, () => {}, undefined, () => 0);
    for (const p of await completions(s, 2)) {
      w.push(p);
      await nextTurn();
      await nextTurn();
    }
    await w.idle();
    expect(settles).toEqual([1, 1]);
  });

  test('expedite writes a deferred batch at the next turn', async () => {
    const { store: s, settles } = await countingStore();
    const w = new ResultWriter(s, silentLogger, () => {}, undefined, () => 60_000);
    for (const p of await completions(s, 2)) w.push(p);
    await nextTurn();
    expect(settles).toEqual([]);
    w.expedite();
    await w.idle(); // would take a minute without expedite (the test times out first)
    expect(settles).toEqual([2]);
  });
});

describe('result writer while the store is unreachable', () => {
  /**
   * The real store; settle and complete fail while `down.on`, as unreachable or (`timedOut`) as too slow
   * to answer, and record how many outcomes each call carried.
   */
  async function flakyStore(down: { on: boolean; calls: number; timedOut?: boolean; sizes?: number[] }): Promise<Store> {
    const real = await memoryStore();
    store = real;
    return new Proxy(real, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop !== 'settle' && prop !== 'complete') return typeof v === 'function' ? v.bind(target) : v;
        return (...args: unknown[]) => {
          down.calls++;
          const a = args[0] as { complete?: unknown[] } | unknown[];
          down.sizes?.push(Array.isArray(a) ? a.length : (a.complete?.length ?? 0));
          if (down.on) {
            const details = down.timedOut ? { timedOut: true } : undefined;
            return Promise.reject(new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'PostgreSQL unavailable', details));
          }
          return v.apply(target, args);
        };
      },
    });
  }

  test('keeps the outcomes, offers their leases for renewal, and writes them once it is back', async () => {
    const down = { on: true, calls: 0 };
    const s = await flakyStore(down);
    const ps = await completions(s, 2);
    const written: (boolean | null)[] = [];
    const w = new ResultWriter(s, silentLogger, (_p, o) => written.push(o ? o.ok : null));
    for (const p of ps) w.push(p);
    await waitUntil(() => down.calls >= 4); // the settle, then retries of the batch
    expect([...w.leases()].map((l) => [l.id, l.token]).sort()).toEqual(ps.map((p) => [p.item.id, p.item.token]).sort());
    expect(written).toEqual([]);
    down.on = false;
    await w.idle();
    expect(written).toEqual([true, true]);
    expect([...w.leases()]).toEqual([]);
    for (const p of ps) expect((await s.get(p.item.id))?.state).toBe('succeeded');
  });

  test('writes the store keeps timing out on are halved, then given up after a few tries each', async () => {
    const down = { on: true, calls: 0, timedOut: true, sizes: [] as number[] };
    const s = await flakyStore(down);
    const ps = await completions(s, 2);
    const written: (boolean | null)[] = [];
    const w = new ResultWriter(s, silentLogger, (_p, o) => written.push(o ? o.ok : null));
    for (const p of ps) w.push(p);
    await w.idle(); // an unreachable store would be retried until it came back (the test would time out)
    expect(written).toEqual([null, null]);
    expect(down.sizes.slice(0, 2)).toEqual([2, 2]); // the settle, then the same batch once more
    expect(down.sizes.slice(2)).toEqual([1, 1, 1, 1, 1, 1]); // halved: three tries each
  });

  test('once abandoned, a batch that timed out is given up whole, not halved', async () => {
    const down = { on: true, calls: 0, timedOut: true, sizes: [] as number[] };
    const s = await flakyStore(down);
    const written: (boolean | null)[] = [];
    const w = new ResultWriter(s, silentLogger, (_p, o) => written.push(o ? o.ok : null));
    w.abandon();
    for (const p of await completions(s, 4)) w.push(p);
    await w.idle();
    expect(written).toEqual([null, null, null, null]);
    expect(down.sizes).toEqual([4, 4]); // the settle, then the batch once: no halving for a node that is leaving
  });

  test('abandon() gives up at the next try: the job keeps its lease in the store, to expire', async () => {
    const down = { on: true, calls: 0 };
    const s = await flakyStore(down);
    const [p] = await completions(s, 1);
    const written: (boolean | null)[] = [];
    const w = new ResultWriter(s, silentLogger, (_p, o) => written.push(o ? o.ok : null));
    w.push(p);
    await waitUntil(() => down.calls >= 2);
    w.abandon();
    await w.idle();
    expect(written).toEqual([null]);
    expect([...w.leases()]).toEqual([]);
    expect((await store!.get(p.item.id))?.state).toBe('running');
  });
});

async function waitUntil(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
}
