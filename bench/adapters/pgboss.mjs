import PgBoss from 'pg-boss';
import pg from 'pg';
import { runTask } from '../lib/tasks.mjs';
import { pkgVersion } from '../lib/versions.mjs';

/**
 * pg-boss 10 on PostgreSQL. Its workers poll: each work() loop fetches up to
 * batchSize jobs, runs the handler, and waits out the rest of
 * pollingIntervalSeconds (minimum 0.5 s) before fetching again, so throughput
 * is at most workers × batchSize / interval. Tasks run on the main thread.
 * Completions are written by pg-boss after the handler returns (not awaited by
 * it), so the harness waits for the store to show none left.
 */
export function pgbossAdapter({ name = 'pg-boss', connectionString, batchSize = 100, workers = 1, pollingIntervalSeconds = 0.5 }) {
  const cfg = {
    version: pkgVersion('pg-boss'),
    constructor: { schema: 'pgboss', max: 10 },
    work: { batchSize, pollingIntervalSeconds, workCalls: workers },
    enqueue: 'boss.send(); bulk loads with boss.insert()',
    queue: 'pg-boss queue (createQueue, one partition each)',
  };
  let boss;
  let pool;
  const created = new Map(); // queue → createQueue promise, so concurrent enqueues create it once
  const working = new Set();

  const ensure = (q) => {
    if (!created.has(q)) created.set(q, boss.createQueue(q));
    return created.get(q);
  };

  return {
    name,
    config: cfg,
    async setup() {
      boss = new PgBoss({ connectionString, ...cfg.constructor });
      boss.on('error', (err) => console.error(`  ! pg-boss: ${err.message}`));
      await boss.start();
      pool = new pg.Pool({ connectionString, max: 2 });
      // The bench drops its database WITH (FORCE) at the end: an idle connection ended then is expected.
      pool.on('error', () => {});
    },
    async reset() {
      // Each queue is its own partition: truncating it is instant, unlike
      // deleting 200,000 rows (and deleteQueue fails while jobs reference it).
      const { rows } = await pool.query('SELECT partition_name FROM pgboss.queue WHERE name = ANY($1)', [[...created.keys()]]);
      for (const { partition_name: p } of rows) await retryDeadlock(() => pool.query(`TRUNCATE pgboss."${p}"`));
    },
    async enqueueOne(q, payload) {
      await ensure(q);
      await boss.send(q, payload);
    },
    async enqueueMany(q, payloads) {
      await ensure(q);
      await boss.insert(payloads.map((data) => ({ name: q, data })));
    },
    async afterLoad() {
      await pool.query('ANALYZE pgboss.job');
    },
    async startWorkers(q, { task, concurrency, onResult }) {
      await ensure(q);
      const calls = concurrency ?? workers;
      for (let i = 0; i < calls; i++) {
        await boss.work(q, { batchSize, pollingIntervalSeconds }, async (jobs) => {
          for (const job of jobs) onResult(job.data, runTask(task, job.data));
        });
      }
      working.add(q);
    },
    async stopWorkers() {
      for (const q of working) await boss.offWork(q);
      working.clear();
    },
    async remaining(q) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`,
        [q],
      );
      return rows[0].n;
    },
    async teardown() {
      if (boss) await boss.stop({ graceful: false, wait: true, timeout: 5000 });
      if (pool) await pool.end();
    },
  };
}

// pg-boss's own maintenance can lock the same tables in another order; a
// deadlock aborts only our TRUNCATE, which is safe to retry.
async function retryDeadlock(fn, tries = 5) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (err.code !== '40P01' || i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * i));
    }
  }
}
