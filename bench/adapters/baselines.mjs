import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { rate } from '../lib/stats.mjs';
import { nowMs } from '../lib/time.mjs';
import { cpuSplit, threadTimes } from '../lib/thread-split.mjs';
import { pkgVersion } from '../lib/versions.mjs';

/**
 * The two non-durable references for the CPU bench. Both time from the first
 * job's start to the last job's end, like the queue adapters (see harness).
 */

/** The practical limit: one free-running burn loop per thread, no queue at all. */
export async function freeLoops({ n, iterations, threads }) {
  const counter = new SharedArrayBuffer(4);
  const url = new URL('./free-loop-thread.mjs', import.meta.url);
  const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: { counter, n, iterations } }));
  try {
    // Spawn and load every thread before the clock starts.
    await Promise.all(workers.map((w) => once(w, 'ready')));
    const results = Promise.all(workers.map((w) => once(w, 'done')));
    const cpu0 = threadTimes();
    for (const w of workers) w.postMessage('go');
    const done = await results;
    const cpu = cpuSplit(cpu0, threadTimes(), { workers: threads, jobs: n });
    const first = Math.min(...done.map((d) => d.first));
    const last = Math.max(...done.map((d) => d.last));
    return { n, done: done.reduce((a, d) => a + d.done, 0), elapsedMs: last - first, rate: rate(n, last - first), perThread: done.map((d) => d.done), cpu };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function once(worker, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m.type !== type) return;
      worker.off('message', onMessage);
      resolve(m);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

/** A bare Piscina pool (no durability): maxThreads = cores, all jobs submitted at once. */
export async function piscinaPool({ n, iterations, threads }) {
  const pool = new Piscina({
    filename: new URL('./piscina-task.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  try {
    // Start every thread (and load the task module) before the clock starts.
    await Promise.all(Array.from({ length: threads * 2 }, () => pool.run({ task: 'noop' })));
    let first = Number.POSITIVE_INFINITY;
    const runs = [];
    const cpu0 = threadTimes();
    for (let i = 0; i < n; i++) {
      runs.push(
        pool.run({ task: 'burn', iterations, seed: i + 1 }).then((r) => {
          if (r.startedAt < first) first = r.startedAt;
        }),
      );
    }
    await Promise.all(runs);
    const last = nowMs();
    const cpu = cpuSplit(cpu0, threadTimes(), { workers: threads, jobs: n });
    return { n, done: n, elapsedMs: last - first, rate: rate(n, last - first), cpu };
  } finally {
    await pool.destroy();
  }
}

export const piscinaConfig = (threads) => ({ version: pkgVersion('piscina'), minThreads: threads, maxThreads: threads, durability: 'none' });
