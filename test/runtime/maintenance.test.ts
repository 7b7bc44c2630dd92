import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { CoreboundError, ErrorCodes } from '../../src/core/errors.js';
import { type Maintenance, startMaintenance } from '../../src/maintenance/loop.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, memoryStore, waitForState } from './helpers.js';

let store: Store | undefined;
let m: Maintenance | undefined;
afterEach(async () => {
  await m?.stop();
  await store?.close();
  m = store = undefined;
});

const slow = { rescueEveryMs: 60_000, promoteEveryMs: 60_000, pruneEveryMs: 60_000 };

/**
 * The real store, failing every call as unreachable while `down.on`, and promotion and pruning as too slow
 * while `slow`; with `unavailableAt` (on `clock`) it reports that time of its last failure, as a PostgreSQL
 * store does of its node's calls.
 */
function flaky(real: Store, clock: ManualClock, down: { on: boolean; slow?: boolean; unavailableAt?: number }): Store {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'msSinceUnavailable') {
        return () => (down.unavailableAt === undefined ? null : clock.now() - down.unavailableAt);
      }
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (down.on && prop !== 'onWake' && prop !== 'close') {
          return Promise.reject(new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'PostgreSQL unavailable'));
        }
        if (down.slow && (prop === 'promoteDue' || prop === 'prune')) {
          const e = new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'PostgreSQL unavailable: Query read timeout', { timedOut: true });
          return Promise.reject(e);
        }
        return v.apply(target, args);
      };
    },
  });
}

let leases = 0;
/** A running job whose lease expired `ms` ago, as every lease does after an outage that long. */
async function expiredLease(s: Store, clock: ManualClock, ms: number) {
  const queue = `lease-${++leases}`;
  await enqueue(s, 'noop', null, { queue });
  const [job] = await s.claim({ workerId: 'w', limit: 1, leaseMs: 1000, queues: [queue] });
  clock.advance(1000 + ms);
  return job;
}

describe('maintenance loop', () => {
  test('rescues expired leases, promotes due jobs and prunes old finished ones', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    m = startMaintenance({ store, clock, ...slow, retentionMs: 3_600_000 });
    const lost = await enqueue(store, 'noop');
    await store.claim({ workerId: 'gone', limit: 1, leaseMs: 1000, queues: ['noop'] });
    const later = await enqueue(store, 'noop', null, { delayMs: 5000 });
    const old = await enqueue(store, 'noop', null, { queue: 'other' });
    const [c] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 1000, queues: ['other'] });
    await store.complete([{ id: old.id, token: c.leaseToken! }]);

    clock.advance(5000);
    await m.runOnce();
    expect((await store.get(lost.id))?.state).toBe('queued');
    expect((await store.attempts(lost.id))[0].outcome).toBe('lease_expired');
    expect((await store.get(later.id))?.state).toBe('queued');
    expect(await store.get(old.id)).not.toBeNull();

    clock.advance(3_600_000);
    await m.runOnce();
    expect(await store.get(old.id)).toBeNull();
  });

  test('does nothing while not the leader', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    let leader = false;
    m = startMaintenance({ store, clock, ...slow, leader: { isLeader: () => leader } });
    const later = await enqueue(store, 'noop', null, { delayMs: 1000 });
    clock.advance(1000);
    await m.runOnce();
    expect((await store.get(later.id))?.state).toBe('scheduled');
    leader = true;
    await m.runOnce();
    expect((await store.get(later.id))?.state).toBe('queued');
  });

  test('after the store was unreachable, rescues nothing until it has been back for the grace', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    const down = { on: true };
    m = startMaintenance({ store: flaky(store, clock, down), clock, ...slow, rescueGraceMs: 1000 });
    await m.runOnce();
    const job = await expiredLease(store, clock, 5000); // the outage goes on meanwhile
    await m.runOnce();
    down.on = false;
    await m.runOnce();
    clock.advance(999);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('running'); // its node has had no chance to renew it
    clock.advance(1);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('queued');
  });

  test('a statement that timed out counts too: the rescue waits the grace after it', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    const down = { on: false, slow: true };
    m = startMaintenance({ store: flaky(store, clock, down), clock, ...slow, rescueGraceMs: 2000 });
    const job = await enqueue(store, 'noop');
    await store.claim({ workerId: 'w', limit: 1, leaseMs: 1000, queues: ['noop'] });
    await m.runOnce(); // promotion and pruning time out (nothing has expired yet)
    down.slow = false;
    clock.advance(1500);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('running');
    clock.advance(500);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('queued');
  });

  test('taking over just after its node found the store away, a leader gives the grace; from a crashed leader, none', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    const down: { on: boolean; unavailableAt?: number } = { on: false };
    let leader = false;
    const opts = { clock, ...slow, rescueGraceMs: 1000, leader: { isLeader: () => leader } };
    m = startMaintenance({ store: flaky(store, clock, down), ...opts });
    const job = await expiredLease(store, clock, 5000);
    down.unavailableAt = clock.now() - 400; // the node's heartbeats failed 400 ms ago
    leader = true;
    await m.runOnce();
    clock.advance(599);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('running');
    clock.advance(1);
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('queued');

    leader = false;
    const other = await expiredLease(store, clock, 5000); // no failure within the grace: the leader before died
    leader = true;
    await m.runOnce();
    expect((await store.get(other.id))?.state).toBe('queued');
  });

  test('a leader from the start rescues at once', async () => {
    const clock = new ManualClock();
    store = await memoryStore(clock);
    const job = await expiredLease(store, clock, 1);
    expect((await store.get(job.id))?.state).toBe('running');
    m = startMaintenance({ store, clock, ...slow, rescueGraceMs: 1000 });
    await m.runOnce();
    expect((await store.get(job.id))?.state).toBe('queued');
  });

  test('promotes at the due time, not at the next fallback tick', async () => {
    store = await memoryStore(); // real clock: a real timer fires at runAt
    const later = await enqueue(store, 'noop', null, { delayMs: 300 });
    m = startMaintenance({ store, ...slow });
    // The fallback tick is a minute away; this gives up after 30 s.
    await waitForState(store, later.id, ['queued'], 30_000);
  });
});
