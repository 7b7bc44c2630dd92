import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import pg from 'pg';
import { runTask } from '../lib/tasks.mjs';
import { pkgVersion } from '../lib/versions.mjs';

// Only warnings and errors: the info lines would drown the report.
const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`  ! graphile-worker ${level}: ${message}`);
});

/**
 * graphile-worker 0.17 on PostgreSQL. A bench "queue" is a task identifier:
 * the runner only fetches jobs of the identifiers in its task list, so jobs of
 * another identifier are exactly "another queue" waiting in the same table.
 * Tasks run on the main thread (its only model).
 * `worker` is merged into preset.worker (concurrentJobs, maxPoolSize,
 * localQueue, completeJobBatchDelay, ...).
 */
export function graphileAdapter({ name = 'graphile-worker', connectionString, worker = {} }) {
  const presetWorker = { concurrentJobs: 1, maxPoolSize: 10, ...worker };
  const cfg = {
    version: pkgVersion('graphile-worker'),
    preset: { worker: presetWorker },
    enqueue: 'workerUtils.addJob(); bulk loads with workerUtils.addJobs()',
    queue: 'task identifier',
  };
  let utils;
  let pool;
  let runner = null;

  return {
    name,
    config: cfg,
    async setup() {
      utils = await makeWorkerUtils({ connectionString, logger: quietLogger });
      await utils.migrate();
      pool = new pg.Pool({ connectionString, max: 2 });
      // The bench drops its database WITH (FORCE) at the end: an idle connection ended then is expected.
      pool.on('error', () => {});
    },
    async reset() {
      await pool.query('TRUNCATE graphile_worker._private_jobs, graphile_worker._private_job_queues');
    },
    async enqueueOne(q, payload) {
      await utils.addJob(q, payload);
    },
    async enqueueMany(q, payloads) {
      await utils.addJobs(payloads.map((payload) => ({ identifier: q, payload })));
    },
    async afterLoad() {
      await pool.query('ANALYZE graphile_worker._private_jobs');
    },
    async startWorkers(q, { task, concurrency, onResult }) {
      const w = concurrency ? { ...presetWorker, concurrentJobs: concurrency } : presetWorker;
      runner = await run({
        noHandleSignals: true,
        logger: quietLogger,
        taskList: {
          [q]: async (payload) => {
            onResult(payload, runTask(task, payload));
          },
        },
        preset: { worker: { connectionString, ...w } },
      });
    },
    async stopWorkers() {
      const r = runner;
      runner = null;
      if (r) await r.stop();
    },
    async remaining(q) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
           JOIN graphile_worker._private_tasks t ON t.id = j.task_id
          WHERE t.identifier = $1`,
        [q],
      );
      return rows[0].n;
    },
    async teardown() {
      if (runner) await runner.stop().catch(() => {});
      if (utils) await utils.release();
      if (pool) await pool.end();
    },
  };
}
