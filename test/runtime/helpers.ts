import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/core/clock.js';
import type { Job } from '../../src/core/job.js';
import { loadTasks } from '../../src/runtime/load-tasks.js';
import { startNode } from '../../src/runtime/start-node.js';
import type { Node, NodeOptions } from '../../src/runtime/supervisor.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export const TASKS_DIR = fileURLToPath(new URL('../fixtures/tasks/', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function memoryStore(clock?: Clock, extra: Record<string, unknown> = {}): Promise<Store> {
  return openStore('sqlite::memory:', { clock, ...extra });
}

let catalog: Awaited<ReturnType<typeof loadTasks>> | null = null;

/** A node over the fixture tasks with test-friendly defaults (2 workers, small heap). */
export async function fixtureNode(store: Store, opts: Partial<NodeOptions> = {}): Promise<Node> {
  catalog ??= await loadTasks(TASKS_DIR);
  return startNode({
    store,
    tasks: catalog,
    workers: 2,
    maxOldGenerationSizeMb: 64,
    abortGraceMs: 500,
    ...opts,
  });
}

/** Polls `fn` until it returns a truthy value; real threads run on a shared 2-core box, so waits are generous. */
export async function waitFor<T>(
  fn: () => Promise<T> | T,
  what = 'condition',
  timeoutMs = 60_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the job is in one of the given states and returns it. */
export function waitForState(store: Store, id: number, states: Job['state'][], timeoutMs?: number): Promise<Job> {
  return waitFor(
    async () => {
      const j = await store.get(id);
      return j && states.includes(j.state) ? j : null;
    },
    `job ${id} to be ${states.join('|')}`,
    timeoutMs,
  );
}

export async function enqueue(store: Store, task: string, input: unknown = null, extra: Record<string, unknown> = {}) {
  const [r] = await store.enqueue([{ task, input, ...extra }]);
  return r.job;
}
