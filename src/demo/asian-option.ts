import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Job } from '../core/job.js';
import { startNode } from '../runtime/start-node.js';
import type { AttemptEvent } from '../runtime/node-options.js';
import type { Store } from '../store/store.js';
import { type AsianParams, type ShardSums, combine } from './monte-carlo.js';

export const TASKS_DIR = fileURLToPath(new URL('./tasks', import.meta.url));

export interface DemoOptions {
  store: Store;
  shards: number;
  paths: number;
  seed: number;
  workers?: number;
  params: AsianParams;
  /** Called as shards finish: (done, total, resumed). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DemoResult {
  complete: boolean;
  price?: ReturnType<typeof combine>;
  shards: number;
  resumed: number;
  computed: number;
  dead: number;
  wallMs: number;
  workers: number;
  busyMsPerWorker: number[];
  cpuMs: number;
  jobIds: number[];
}

/**
 * Enqueues the shards with idempotency keys derived from the parameters, so
 * a rerun (after a kill) finds the same jobs and recomputes only what is not
 * finished; runs a node until every shard is final; combines the answer.
 */
export async function runAsianDemo(o: DemoOptions): Promise<DemoResult> {
  const run = createHash('sha256').update(JSON.stringify([o.params, o.paths, o.seed, o.shards])).digest('hex').slice(0, 12);
  const specs = Array.from({ length: o.shards }, (_, i) => ({
    task: 'asian-shard',
    key: `asian-${run}-${i}`,
    groupId: `asian-${run}`,
    input: { ...o.params, seed: o.seed * 100_003 + i, paths: o.paths },
  }));
  const enqueued: Job[] = [];
  for (let i = 0; i < specs.length; i += 1000) {
    enqueued.push(...(await o.store.enqueue(specs.slice(i, i + 1000))).map((r) => r.job));
  }
  // A previous run may have left these dead (say, a shorter timeout): give them a fresh start.
  for (const j of enqueued) if (j.state === 'dead' || j.state === 'cancelled') await o.store.retry(j.id);

  const ids = new Set(enqueued.map((j) => j.id));
  const finished = new Set(enqueued.filter((j) => j.state === 'succeeded').map((j) => j.id));
  const resumed = finished.size;
  const dead = new Set<number>();
  const t0 = performance.now();
  const node = await startNode({ store: o.store, tasksDir: TASKS_DIR, workers: o.workers, leaseMs: 5_000 });
  o.onProgress?.(finished.size, ids.size);

  await new Promise<void>((resolve) => {
    const check = () => {
      if (finished.size + dead.size >= ids.size || o.signal?.aborted) resolve();
    };
    node.on('attempt', (e: AttemptEvent) => {
      if (!ids.has(e.job.id)) return;
      if (e.outcome === 'succeeded') finished.add(e.job.id);
      else if (e.state === 'dead') dead.add(e.job.id);
      o.onProgress?.(finished.size, ids.size);
      check();
    });
    o.signal?.addEventListener('abort', check, { once: true });
    check();
  });
  const stats = node.stats();
  await node.drain();
  const wallMs = performance.now() - t0;

  const jobs = (await Promise.all([...ids].map((id) => o.store.get(id)))).filter((j): j is Job => j !== null);
  const done = jobs.filter((j) => j.state === 'succeeded');
  const sums: ShardSums[] = [];
  for (const j of done) {
    const r = await o.store.getResult(j.resultSha as string);
    if (r) sums.push(JSON.parse(r.bytes.toString('utf8')));
  }
  const computedIds = new Set([...finished].filter((id) => !enqueued.find((j) => j.id === id && j.state === 'succeeded')));
  return {
    complete: done.length === ids.size,
    price: sums.length ? combine(sums) : undefined,
    shards: ids.size,
    resumed,
    computed: computedIds.size,
    dead: dead.size,
    wallMs,
    workers: stats.workers,
    busyMsPerWorker: stats.perWorker.map((w) => w.busyMs),
    cpuMs: jobs.filter((j) => computedIds.has(j.id)).reduce((a, j) => a + j.cpuMs, 0),
    jobIds: [...ids],
  };
}
