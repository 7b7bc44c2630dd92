import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
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

  test('promotes at the due time, not at the next fallback tick', async () => {
    store = await memoryStore(); // real clock: a real timer fires at runAt
    const later = await enqueue(store, 'noop', null, { delayMs: 300 });
    m = startMaintenance({ store, ...slow });
    // The fallback tick is a minute away; this gives up after 30 s.
    await waitForState(store, later.id, ['queued'], 30_000);
  });
});
