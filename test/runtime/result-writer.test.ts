import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
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
