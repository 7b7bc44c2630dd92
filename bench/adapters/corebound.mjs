import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDbUrl } from '../lib/pg.mjs';
import { cpuSplit, threadTimes } from '../lib/thread-split.mjs';

/** Task modules the corebound node loads: noop.mjs and burn.mjs (default exports, named after their files). */
export const COREBOUND_TASKS_DIR = fileURLToPath(new URL('../corebound-tasks/', import.meta.url));

const WAITING = `('queued', 'scheduled', 'running', 'retrying')`;

/** corebound's public API, from the TypeScript sources through tsx (no build step needed for the bench). */
async function corebound() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../../src/index.ts');
}

/**
 * corebound through the same adapter shape as the competitors: the durable
 * store (SQLite file at its safe default, or PostgreSQL) and a node in this
 * process with one worker thread per core. `remaining` counts through the
 * (queue, state) index on a connection of its own, as the other adapters ask
 * their stores directly.
 */
export function coreboundAdapter({ name = 'corebound', store: kind = 'sqlite', workers } = {}) {
  let api;
  let store;
  let node;
  let dir;
  let counter;
  let cpu0;
  let finished = 0;
  const schema = 'corebound';

  const open = async () => {
    if (kind === 'sqlite') {
      store = await api.openStore(`sqlite:${join(dir, 'bench.db')}`);
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(join(dir, 'bench.db'), { readonly: true });
      const st = db.prepare(`SELECT count(*) AS n FROM jobs WHERE queue = ? AND state IN ${WAITING}`);
      // SQLite takes no caller transaction: bulk loads of more than one call commit call by call.
      counter = { count: async (q) => st.get(q).n, close: async () => db.close(), inOneTransaction: (fn) => fn({}) };
    } else {
      const url = benchDbUrl();
      store = await api.openStore(url);
      const { default: pg } = await import('pg');
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      // The bench drops its database WITH (FORCE) at the end: an idle connection ended then is expected.
      pool.on('error', () => {});
      counter = {
        count: async (q) =>
          Number((await pool.query(`SELECT count(*) AS n FROM ${schema}.jobs WHERE queue = $1 AND state IN ${WAITING}`, [q])).rows[0].n),
        close: () => pool.end(),
        truncate: () => pool.query(`TRUNCATE ${schema}.jobs, ${schema}.attempts, ${schema}.results`),
        async inOneTransaction(fn) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await fn({ client });
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => {});
            throw err;
          } finally {
            client.release();
          }
        },
      };
    }
  };
  const close = async () => {
    await counter?.close();
    await store?.close();
  };

  return {
    name,
    config: {
      store: kind === 'sqlite' ? 'sqlite file, synchronous=FULL (the safe default)' : 'postgres (pool 10, LISTEN/NOTIFY)',
      workers: workers ?? 'os.availableParallelism()',
      tasks: 'bench/corebound-tasks/',
      enqueue: kind === 'sqlite' ? 'store.enqueue()' : 'store.enqueue(); bulk loads: calls of 5,000 jobs in one transaction',
      // Defaults.lookaheadMs in src/core/limits.ts (this file runs without tsx, so it cannot import it).
      claim: 'default lookahead (500 ms of expected work per worker claimed ahead; short jobs only)',
    },
    async setup() {
      api = await corebound();
      dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
      await open();
    },
    async reset() {
      if (kind === 'sqlite') {
        await close();
        rmSync(dir, { recursive: true, force: true });
        dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
        await open();
      } else {
        await counter.truncate();
      }
    },
    async enqueueOne(queue, payload) {
      await store.enqueue([{ task: payload.task, queue, input: payload }]);
    },
    async enqueueMany(queue, payloads) {
      // A drain's timed interval starts with this bulk load: the CPU split covers the same span.
      if (node) {
        finished = 0;
        cpu0 = threadTimes();
      }
      // One commit, as the other systems' bulk calls: an enqueue call takes at most 5,000 jobs here, so on
      // PostgreSQL the calls join one transaction (transactional enqueue). Committed one by one, the node
      // started on the first batch while the rest were still being written, inside the timed interval.
      const chunks = [];
      for (let i = 0; i < payloads.length; i += 5000) chunks.push(payloads.slice(i, i + 5000).map((p) => ({ task: p.task, queue, input: p })));
      await counter.inOneTransaction(async (opts) => {
        for (const specs of chunks) await store.enqueue(specs, opts);
      });
    },
    async startWorkers(queue, { concurrency, onResult }) {
      node = await api.startNode({ store, tasksDir: COREBOUND_TASKS_DIR, workers: concurrency ?? workers, queues: [queue] });
      cpu0 = undefined;
      node.on('attempt', (e) => {
        finished++;
        if (e.outcome === 'succeeded' && e.job.queue === queue) onResult(e.job.input, e.result ? JSON.parse(e.result) : {});
      });
    },
    async stopWorkers() {
      // Read while the worker threads still exist.
      this.cpu = cpuSplit(cpu0, threadTimes(), { workers: node?.stats().workers ?? 0, jobs: finished });
      await node?.drain();
      node = undefined;
    },
    /** Where the last drain's CPU went (see lib/thread-split.mjs). */
    cpu: null,
    remaining: (queue) => counter.count(queue),
    async teardown() {
      await close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
