import { fileURLToPath } from 'node:url';

/** Task modules the corebound node should load: noop.mjs and burn.mjs (default exports). */
export const COREBOUND_TASKS_DIR = fileURLToPath(new URL('../corebound-tasks/', import.meta.url));

/**
 * TODO(corebound): the corebound side of every comparison, driven through the
 * same QueueAdapter shape as the competitors (see lib/harness.mjs and
 * adapters/README.md), against the compiled package (`npm run build`, then
 * `import('../../dist/index.js')`). Until it is written the suites print a
 * "TODO" row for it. Mapping, once the runtime exists:
 *
 * - setup():      store = await openStore(url, { migrate: true }) with
 *                 url = `sqlite:${tmpdir}/bench.db` (embedded default, the CPU
 *                 bench and issue 3's targets) or benchDbUrl() from lib/pg.mjs
 *                 (issue 4's comparison; use its own schema in corebound_bench).
 * - reset():      empty every queue (SQLite: close, delete the file, reopen;
 *                 PostgreSQL: TRUNCATE the job/attempt/result tables).
 * - enqueueOne(queue, payload):  store.enqueue([{ queue, task: payload.task, input: payload }])
 *                 (or the public Client), one call per job: this is what is timed.
 * - enqueueMany(queue, payloads): one store.enqueue(specs) transaction, so all
 *                 jobs commit at once (a drain is timed from its return).
 * - startWorkers(queue, { task, concurrency, onResult }): start a node in this
 *                 process on that store, tasks dir COREBOUND_TASKS_DIR, only
 *                 `queue`, workers = concurrency ?? os.availableParallelism();
 *                 call onResult(payload, result) for every job that succeeds —
 *                 the tasks return { startedAt } taken inside the worker thread,
 *                 so enqueue-to-start is measured without the completion path.
 * - remaining(queue): queued + scheduled + running for that queue (store.stats()).
 * - stopWorkers(): graceful drain of the node; teardown(): store.close() and
 *                 delete the SQLite file.
 *
 * Then remove `todo`, and each suite runs it like the others.
 */
export function coreboundAdapter({ name = 'corebound', store = 'sqlite', workers } = {}) {
  return {
    name,
    todo: 'adapter not written yet (needs the runtime in dist/)',
    config: { store, workers: workers ?? 'os.availableParallelism()', tasks: 'bench/corebound-tasks/' },
  };
}
