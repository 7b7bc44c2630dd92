import { afterEach, beforeEach, describe } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Job } from '../../src/core/job.js';
import type { Store } from '../../src/store/store.js';
import { lifecycleConformance } from './suite-lifecycle.js';
import { operationsConformance } from './suite-operations.js';

/** What the conformance groups share: the current test's store and clock, and small helpers. */
export interface Conformance {
  readonly store: Store;
  readonly clock: ManualClock;
  readonly W: string;
  readonly LEASE: number;
  one(spec: Parameters<Store['enqueue']>[0][0]): Promise<Job>;
  claimOne(queues?: string[]): Promise<Job>;
  lease(j: Job): { id: number; token: number };
  failErr(j: Job, over?: Record<string, unknown>): ReturnType<Store['fail']>;
}

/**
 * The store contract, run unchanged against every store. `makeStore` gets a
 * manual clock that the store must use for `now`, and returns a fresh,
 * migrated, empty store.
 */
export function runStoreConformance(name: string, makeStore: (clock: ManualClock) => Promise<Store>) {
  describe(`store conformance: ${name}`, () => {
    let clock: ManualClock;
    let store: Store;
    const W = 'worker-a';
    const LEASE = 10_000;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await makeStore(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    const one = async (spec: Parameters<Store['enqueue']>[0][0]) => (await store.enqueue([spec]))[0].job;
    const claimOne = async (queues?: string[]) => {
      const [job] = await store.claim({ workerId: W, limit: 1, leaseMs: LEASE, queues });
      return job as Job;
    };
    const lease = (j: Job) => ({ id: j.id, token: j.leaseToken as number });
    const failErr = (j: Job, over: Record<string, unknown> = {}) =>
      store.fail([
        { ...lease(j), kind: 'error', error: { code: 'E', message: 'boom' }, retryable: true, retryDelayMs: 5000, ...over },
      ]);

    const t: Conformance = {
      get store() {
        return store;
      },
      get clock() {
        return clock;
      },
      W,
      LEASE,
      one,
      claimOne,
      lease,
      failErr,
    };
    lifecycleConformance(t);
    operationsConformance(t);
  });
}
