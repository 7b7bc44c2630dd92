import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { CoreboundError, ErrorCodes } from '../../src/core/errors.js';
import { type Leased, Heartbeats } from '../../src/runtime/heartbeats.js';
import { silentLogger } from '../../src/runtime/node-options.js';
import type { Store } from '../../src/store/store.js';
import { memoryStore, waitFor } from './helpers.js';

let store: Store | undefined;
let beats: Heartbeats | undefined;
afterEach(async () => {
  beats?.stop();
  await store?.close();
  beats = store = undefined;
});

/** A running job's lease on the real store, and a store whose heartbeats fail while `down.on`. */
async function setup(down: { on: boolean; calls: number }) {
  const real = await memoryStore();
  store = real;
  await real.enqueue([{ task: 't' }]);
  const [job] = await real.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
  const lease: Leased = { id: job.id, token: job.leaseToken as number, progressDirty: false, lost: false };
  const flaky = new Proxy(real, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop !== 'heartbeat') return typeof v === 'function' ? v.bind(target) : v;
      return (...args: unknown[]) => {
        down.calls++;
        if (down.on) return Promise.reject(new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'PostgreSQL unavailable'));
        return v.apply(target, args);
      };
    },
  });
  return { flaky, lease };
}

describe('heartbeats of unwritten outcomes', () => {
  test('the lease of a finished job whose outcome waits to be written is renewed with the running ones', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    await store.enqueue([{ task: 't' }]);
    const [job] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 1000, queues: ['t'] });
    const waiting = { id: job.id, token: job.leaseToken as number };
    beats = new Heartbeats(store, 60_000, 60_000, () => [], () => undefined, () => {}, silentLogger, () => [waiting]);
    await beats.beat();
    clock.advance(5_000); // past the claim's lease, within the renewed one
    expect(await store.rescueExpired()).toEqual([]);
    expect((await store.get(job.id))?.state).toBe('running');
  });
});

describe('heartbeats after a failure', () => {
  test('the next beat comes within a second, not at the next interval, and only one is pending', async () => {
    const down = { on: true, calls: 0 };
    const { flaky, lease } = await setup(down);
    // An interval of a minute: any beat within the test is a retry.
    beats = new Heartbeats(flaky, 180_000, 60_000, () => [lease], () => lease, () => {}, silentLogger);
    beats.start();
    await beats.beat();
    await beats.beat(); // a second failure must not start a second chain of retries
    expect(down.calls).toBe(2);
    down.on = false;
    await waitFor(() => down.calls >= 3, 'the retry', 10_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(down.calls).toBe(3); // the retry succeeded: nothing more until the interval
  });

  test('stop() cancels a pending retry', async () => {
    const down = { on: true, calls: 0 };
    const { flaky, lease } = await setup(down);
    beats = new Heartbeats(flaky, 180_000, 60_000, () => [lease], () => lease, () => {}, silentLogger);
    beats.start();
    await beats.beat();
    beats.stop();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(down.calls).toBe(1);
  });
});
