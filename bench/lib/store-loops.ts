/**
 * Store-level loops shared by the store benches: they call the Store
 * interface only, so SQLite and PostgreSQL are measured the same way.
 */
import type { EnqueueSpec } from '../../src/core/spec.js';
import type { Store } from '../../src/store/store.js';

/** Enqueues `count` jobs in batches of 5,000; returns jobs/s. */
export async function fill(s: Store, count: number, queue: string, extra: Partial<EnqueueSpec> = {}) {
  const batch = Array.from({ length: 5000 }, (_, i) => ({ task: 'noop', queue, input: { i }, ...extra }));
  const t0 = performance.now();
  for (let done = 0; done < count; done += batch.length) await s.enqueue(batch.slice(0, Math.min(batch.length, count - done)));
  return count / ((performance.now() - t0) / 1000);
}

/** Claims and completes `count` jobs, `batch` at a time, as a node with `batch` free workers would. */
export async function claimComplete(s: Store, count: number, batch: number, queue = 'noop') {
  const t0 = performance.now();
  let done = 0;
  while (done < count) {
    const jobs = await s.claim({ workerId: 'w', limit: batch, leaseMs: 15_000, queues: [queue] });
    if (jobs.length === 0) break;
    await s.complete(jobs.map((j) => ({ id: j.id, token: j.leaseToken as number, metrics: { wallMs: 0, cpuMs: 0 } })));
    done += jobs.length;
  }
  return done / ((performance.now() - t0) / 1000);
}

/**
 * The runtime's hot path: each transaction completes the previous batch and
 * claims the next one (store.settle), waiting for durability like a node
 * acknowledging its outcomes.
 */
export async function settleLoop(s: Store, count: number, batch: number, queue = 'noop') {
  if (!s.settle) throw new Error(`${s.kind} store has no settle`);
  const req = { workerId: 'w', limit: batch, leaseMs: 15_000, queues: [queue] };
  let held = await s.claim(req);
  const t0 = performance.now();
  let done = 0;
  while (done < count && held.length > 0) {
    const res = await s.settle({
      complete: held.map((j) => ({ id: j.id, token: j.leaseToken as number, metrics: { wallMs: 0, cpuMs: 0 } })),
      claim: req,
    });
    await res.durable;
    done += held.length;
    held = res.claimed;
  }
  const rate = done / ((performance.now() - t0) / 1000);
  if (held.length) await s.complete(held.map((j) => ({ id: j.id, token: j.leaseToken as number })));
  return rate;
}
