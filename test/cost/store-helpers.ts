import type { ManualClock } from '../../src/core/clock.js';
import type { FailureKind, Job } from '../../src/core/job.js';
import type { Store } from '../../src/store/store.js';

/**
 * Drives a real store through attempts with chosen outcomes and wall times,
 * moving a manual clock, so cost tests read attempts exactly as the runtime
 * would leave them.
 */
export type Step =
  | { end: 'succeeded' | FailureKind; wallMs: number; cpuMs?: number }
  | { end: 'lease_expired'; wallMs: number };

export async function runJob(store: Store, clock: ManualClock, task: string, queue: string, steps: Step[]): Promise<number> {
  const [{ job }] = await store.enqueue([{ task, queue, maxAttempts: 10, maxCrashes: 10 }]);
  for (const step of steps) {
    await store.promoteDue();
    const [claimed] = await store.claim({ workerId: 'w1', limit: 1, leaseMs: 10_000, queues: [queue] });
    if (!claimed || claimed.id !== job.id) throw new Error(`expected to claim job ${job.id}, got ${claimed?.id}`);
    const lease = { id: claimed.id, token: (claimed as Job).leaseToken as number };
    clock.advance(step.wallMs);
    if (step.end === 'lease_expired') {
      // The lease (10 s) has run out by now as long as wallMs > 10 s; the rescue records the attempt's span.
      if (step.wallMs <= 10_000) throw new Error('lease_expired steps need wallMs > 10 s');
      await store.rescueExpired();
      continue;
    }
    const metrics = { wallMs: step.wallMs, cpuMs: step.cpuMs ?? step.wallMs };
    if (step.end === 'succeeded') {
      await store.complete([{ ...lease, metrics }]);
    } else {
      await store.fail([
        { ...lease, kind: step.end, error: { code: 'E', message: step.end }, retryable: true, retryDelayMs: 0, metrics },
      ]);
    }
    clock.advance(1_000);
  }
  return job.id;
}
