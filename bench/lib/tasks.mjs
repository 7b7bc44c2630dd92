import { burn } from './burn.mjs';
import { nowMs } from './time.mjs';

/**
 * The task bodies every system runs. Each returns { startedAt } (wall-clock ms,
 * see nowMs) so the harness can measure enqueue-to-start and the start of a
 * drain, whether the task ran on the main thread or in a worker thread.
 * Payloads: noop {seq?, enqueuedAt?}; burn {iterations, seed}.
 */
export const tasks = {
  noop: () => ({ startedAt: nowMs() }),
  burn: (payload) => {
    const startedAt = nowMs();
    const sum = burn(payload.iterations, payload.seed);
    return { startedAt, sum };
  },
};

export function runTask(name, payload) {
  const fn = tasks[name];
  if (!fn) throw new Error(`unknown bench task ${name}`);
  return fn(payload);
}
