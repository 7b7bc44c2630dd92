import { performance } from 'node:perf_hooks';

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Comparable across
 * worker threads of one process (each thread's timeOrigin is itself wall-clock),
 * so a payload stamped on the main thread can be compared with a start time
 * taken inside a worker thread.
 */
export const nowMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class DeadlineError extends Error {
  constructor(label, ms) {
    super(`${label} did not finish within ${Math.round(ms)} ms`);
    this.name = 'DeadlineError';
  }
}

/** Resolves true if `promise` settles (fulfils) before `deadline` (absolute nowMs), false otherwise. */
export async function beforeDeadline(promise, deadline) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - nowMs()));
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Like beforeDeadline but rejects with DeadlineError; a relative timeout in ms. */
export async function within(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(label, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls an async condition until it is true (returns true) or the absolute deadline passes (false). */
export async function waitUntil(cond, deadline, intervalMs = 5) {
  for (;;) {
    if (await cond()) return true;
    if (nowMs() >= deadline) return false;
    await sleep(intervalMs);
  }
}
