import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/core/sha256.js';
import { listWhere } from '../../src/store/list-query.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { statements } from '../../src/store/postgres/sql/index.js';
import { dropTestSchemas, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

type Pool = { query(q: string): Promise<{ rows: Record<string, string>[] }> };

/** A migrated store on one connection, with that pool and its schema: plans and session state are the store's own. */
async function planStore() {
  const store = await openPostgresStore(await testDatabaseUrl('plans'), { poolMax: 1 });
  await store.migrate();
  const { pool, schema } = store as unknown as { pool: Pool; schema: string };
  return { store, pool, schema };
}

/** `n` jobs inserted in one statement (columns: SQL over `i`, on top of a queued job's), then ANALYZEd. */
async function fillJobs(pool: Pool, schema: string, n: number, columns: Record<string, string>) {
  const cols = { task: "'t'", queue: "'q'", state: "'queued'", input: "'null'", run_at: '0', created_at: '0', updated_at: '0',
    max_attempts: '1', max_crashes: '1', timeout_ms: '1000', ...columns };
  await pool.query(
    `INSERT INTO "${schema}".jobs (${Object.keys(cols).join(', ')})
     SELECT ${Object.values(cols).join(', ')} FROM generate_series(1, ${n}) i`,
  );
  await pool.query(`ANALYZE "${schema}".jobs`);
}

/** The root node of `EXPLAIN (<options> FORMAT JSON)` of `text` run with `args`. */
async function jsonPlan(pool: Pool, options: string, text: string, args: unknown[]): Promise<Record<string, unknown>> {
  const res = await (pool as unknown as pg.Pool).query(`EXPLAIN (${options} FORMAT JSON) ${text}`, args);
  return (res.rows[0]['QUERY PLAN'] as unknown as { Plan: Record<string, unknown> }[])[0].Plan;
}

/** The texts of the statements pg clients send from now on: `clear()` starts over, `restore()` stops recording. */
function recordQueries() {
  const query = vi.spyOn(pg.Client.prototype, 'query');
  return {
    sent: () => query.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text)),
    clear: () => query.mockClear(),
    restore: () => query.mockRestore(),
  };
}

/**
 * Claims must be planned with their actual LIMIT at every execution: as named
 * prepared statements PostgreSQL moved them to a generic plan that scanned and
 * sorted the queue (sql/claim.ts). So must every statement that joins a batch
 * to jobs: the generic plan re-ran the batch's unnest per running job
 * (sql/lease.ts). Named statements show up in the session's
 * pg_prepared_statements; with a pool of one connection, that session is the
 * store's only one.
 */
describe('postgres: claim, batch and listing statements are not server-side prepared', () => {
  it('claim, settle and every lease batch run unnamed; other statements stay prepared', async () => {
    const store = await openPostgresStore(await testDatabaseUrl('plans'), { poolMax: 1 });
    try {
      await store.migrate();
      await store.enqueue(Array.from({ length: 20 }, () => ({ task: 't' })));
      for (let i = 0; i < 7; i++) {
        const [j] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
        const r = await store.settle({ complete: [{ id: j.id, token: j.leaseToken as number }], claim: { workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] } });
        const [c] = r.claimed;
        const lease = { id: c.id, token: c.leaseToken as number };
        await store.heartbeat([lease], 60_000);
        await store.get(c.id);
        await store.list({ state: 'dead' });
        if (i % 3 === 0) await store.complete([lease]);
        else if (i % 3 === 1) await store.fail([{ ...lease, kind: 'error', error: { code: 'E', message: 'm' }, retryable: true, retryDelayMs: 0 }]);
        else await store.release([lease]);
      }
      const pool = (store as unknown as { pool: { query(q: string): Promise<{ rows: { name: string }[] }> } }).pool;
      const names = (await pool.query('SELECT name FROM pg_prepared_statements')).rows.map((r) => r.name);
      expect(names).toContain('cb_job_by_id');
      expect(names.filter((n) => /claim|settle|complete|heartbeat|leased|fail|release|list/.test(n))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a listing reads the index that holds the state it asks for', async () => {
    const { store, pool, schema } = await planStore();
    try {
      await fillJobs(pool, schema, 20_000, { queue: "CASE WHEN i <= 10 THEN 'rare' ELSE 'q' END", state: "'succeeded'", finished_at: 'i' });
      const plan = async (f: Parameters<typeof listWhere>[0]) => {
        const q = listWhere(f, (_, i) => `$${i + 1}`);
        const st = statements(schema).list(q.where, `$${q.values.length + 1}`, f.queue !== undefined && f.state === undefined);
        const lit = (v: unknown) => (typeof v === 'number' ? String(v) : `'${v}'`);
        const param = (i: number) => new RegExp(`\\$${i + 1}(?!\\d)`, 'g');
        const text = [...q.values, 51].reduce<string>((t, v, i) => t.replace(param(i), lit(v)), st.text);
        return (await pool.query(`EXPLAIN ${text}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      expect(await plan({ state: 'dead' })).toMatch(/Index Scan Backward using jobs_state_id/);
      expect(await plan({ state: 'running' })).toMatch(/Index Scan Backward using jobs_running/);
      // A queue's jobs: one backward walk per state, of jobs_queue_state_id (running ones: jobs_running).
      const byQueue = await plan({ queue: 'rare' });
      expect(byQueue).toMatch(/Index Scan Backward using jobs_queue_state_id/);
      expect(byQueue).toMatch(/Index Scan Backward using jobs_running/);
      expect(byQueue).not.toMatch(/Seq Scan/);
      expect(await plan({ queue: 'rare', state: 'succeeded' })).toMatch(/Index Scan Backward using jobs_queue_state_id/);
    } finally {
      await store.close();
    }
  });
});

describe('postgres: stats snapshot statements', () => {
  it('the oldest queued job per queue comes from one probe per priority group, not a walk of the backlog', async () => {
    const { store, pool, schema } = await planStore();
    try {
      await fillJobs(pool, schema, 20_000, { queue: "'q' || (i % 2)", priority: 'i % 3', run_at: '1000 + i' });
      const text = statements(schema).oldestQueued.text;
      const analyzed = (await pool.query(`EXPLAIN ANALYZE ${text}`)).rows.map((r) => r['QUERY PLAN']);
      // Every scan of jobs returns at most one row per loop: 2 queues × 3 priorities, plus the probe that finds none.
      const scans = analyzed.filter((l) => /Scan .*on jobs/.test(l));
      expect(scans.length).toBeGreaterThan(0);
      const visited = scans.map((l) => {
        const m = /actual time=\S+ rows=(\d+) loops=(\d+)/.exec(l);
        return m ? Number(m[1]) * Number(m[2]) : Number.POSITIVE_INFINITY;
      });
      expect(visited.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(7);
      expect((await pool.query(text)).rows.map((r) => [r.queue, Number(r.t)]).sort()).toEqual([
        ['q0', 1002],
        ['q1', 1001],
      ]);
    } finally {
      await store.close();
    }
  });

  it('counts find queues by index probes, not by a scan of the jobs', async () => {
    const { store, pool, schema } = await planStore();
    try {
      await fillJobs(pool, schema, 20_000, { queue: "'q' || (i % 3)", state: "'succeeded'", finished_at: 'i' });
      const text = statements(schema)
        .countsCapped.text.replace(/\$[13]\b/g, '100')
        .replaceAll('$2::text[]', "'{queued,running,succeeded}'::text[]");
      const analyzed = (await pool.query(`EXPLAIN ANALYZE ${text}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      // The queues: a loose scan of the index (4 probes for 3 queues), plus those of the (here no) running jobs.
      const walk = analyzed.slice(0, analyzed.search(/SubPlan \d+\n\s*->\s+Aggregate/));
      expect(walk).toMatch(/Index Only Scan using jobs_queue_state_id .* rows=1 loops=1\)/);
      expect(walk).toMatch(/Index Only Scan using jobs_queue_state_id .* rows=1 loops=3\)/);
      expect(walk).toMatch(/Index Scan using jobs_running/);
      expect(walk).not.toMatch(/Seq Scan/);
    } finally {
      await store.close();
    }
  });

  it('counts with JIT and bitmap scans off, inside a transaction of their own, leaving the session as it was', async () => {
    const { store, pool, schema } = await planStore();
    const queries = recordQueries();
    try {
      await store.enqueue([{ task: 't' }]);
      const jit = (await pool.query('SHOW jit')).rows[0].jit;
      const bitmap = (await pool.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan;
      queries.clear();
      const [s] = await store.stats();
      expect(s.counts.queued).toBe(1);
      const sent = queries.sent();
      const countsText = statements(schema).countsCapped.text;
      const at = sent.indexOf(countsText);
      expect(sent.slice(at - 2, at + 2)).toEqual(['BEGIN', 'SET LOCAL jit = off; SET LOCAL enable_bitmapscan = off', countsText, 'COMMIT']);
      // The pool's one connection: its session settings are untouched.
      expect((await pool.query('SHOW jit')).rows[0].jit).toBe(jit);
      expect((await pool.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan).toBe(bitmap);
    } finally {
      queries.restore();
      await store.close();
    }
  });
});

describe('postgres: the settle statement', () => {
  /** Sort nodes of a JSON plan, depth first. */
  const sorts = (node: Record<string, unknown>): Record<string, unknown>[] => [
    ...(node['Node Type'] === 'Sort' ? [node] : []),
    ...((node.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(sorts),
  ];

  it('orders the claimed rows without the completed ids attached: no sort grows with the batch', async () => {
    const { store, pool, schema } = await planStore();
    try {
      // The server's default, so the test sees what a default server does whatever this one is set to.
      await pool.query(`SET work_mem = '4MB'`);
      const n = 500;
      await store.enqueue(Array.from({ length: 2 * n }, (_, i) => ({ task: 't', input: { i } })));
      const held = await store.claim({ workerId: 'w', limit: n, leaseMs: 60_000, queues: ['t'] });
      expect(held).toHaveLength(n);
      const none = held.map(() => null);
      const results = held.map((j) => Buffer.from(JSON.stringify({ id: j.id })));
      // $1..$14 of the completion (small results, no metrics), then the claim's limit, worker, lease and queues.
      const args = [null, held.map((j) => j.id), held.map((j) => j.leaseToken), results.map((r) => sha256Hex(r)),
        none, none, none, none, results, held.map(() => 'application/json'), [], [], [], [], n, 'w', 60_000, ['t']];
      const found = sorts(await jsonPlan(pool, 'ANALYZE,', statements(schema).settleQueues.text, args));
      expect(found.length).toBeGreaterThan(0);
      // Before, every sort tuple carried both arrays (500 ids and 500 shas): ~18 MB, sorted on disk.
      for (const s of found) {
        expect(s['Sort Space Type']).toBe('Memory');
        expect(s['Sort Space Used'] as number).toBeLessThan(1024);
      }
      const count = async (state: string) =>
        Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".jobs WHERE state = '${state}'`)).rows[0].n);
      expect([await count('succeeded'), await count('running')]).toEqual([n, n]);
    } finally {
      await store.close();
    }
  });
});

describe('postgres: statements that act on a lease', () => {
  /** Index names read anywhere in a JSON plan. */
  const indexes = (node: Record<string, unknown>): string[] => [
    ...(typeof node['Index Name'] === 'string' ? [node['Index Name'] as string] : []),
    ...((node.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(indexes),
  ];

  it('find their rows by id however many jobs ran since the last vacuum, not through jobs_running', async () => {
    const { store, pool, schema } = await planStore();
    try {
      // Statistics from when nothing ran; then 5,000 jobs run and finish: jobs_running keeps an entry for
      // each until a vacuum. A batch's rows read through it cost a visit to every one of them.
      await fillJobs(pool, schema, 5_000, { state: "'succeeded'", finished_at: 'i' });
      await pool.query(`UPDATE "${schema}".jobs SET state = 'running', lease_token = id, lease_seq = id`);
      await pool.query(`UPDATE "${schema}".jobs SET state = 'succeeded', lease_token = NULL`);
      await store.enqueue(Array.from({ length: 200 }, (_, i) => ({ task: 't', input: { i } })));
      const held = await store.claim({ workerId: 'w', limit: 200, leaseMs: 60_000, queues: ['t'] });
      expect(held).toHaveLength(200);
      const ids = held.map((j) => j.id);
      const tokens = held.map((j) => j.leaseToken);
      const none = held.map(() => null);
      const sql = statements(schema);
      const plans = {
        complete: await jsonPlan(pool, '', sql.complete.text, [null, ids, tokens, none, none, none, none, none, none, none, [], [], [], []]),
        heartbeat: await jsonPlan(pool, '', sql.heartbeat.text, [null, 60_000, ids, tokens, none, none]),
        leasedForUpdate: await jsonPlan(pool, '', sql.leasedForUpdate.text, [ids, tokens]),
      };
      for (const [name, plan] of Object.entries(plans)) expect(indexes(plan), name).not.toContain('jobs_running');
      // The fence still holds: a stale token completes nothing, the right one completes the job.
      const [a, b] = held;
      const out = await store.complete([{ id: a.id, token: (a.leaseToken as number) + 1 }, { id: b.id, token: b.leaseToken as number }]);
      expect(out.map((o) => o.ok)).toEqual([false, true]);
      expect((await store.get(a.id))?.state).toBe('running');
    } finally {
      await store.close();
    }
  });

  it('can rely on the token alone: the table holds a token exactly while a job runs', async () => {
    const { store, pool, schema } = await planStore();
    try {
      const [{ job: queued }] = await store.enqueue([{ task: 't' }]);
      await expect(pool.query(`UPDATE "${schema}".jobs SET lease_token = 7 WHERE id = ${queued.id}`)).rejects.toThrow(/jobs_lease_while_running/);
      await expect(pool.query(`UPDATE "${schema}".jobs SET state = 'running' WHERE id = ${queued.id}`)).rejects.toThrow(/jobs_lease_while_running/);
      const [running] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
      await expect(pool.query(`UPDATE "${schema}".jobs SET lease_token = NULL WHERE id = ${running.id}`)).rejects.toThrow(/jobs_lease_while_running/);
    } finally {
      await store.close();
    }
  });
});

describe('postgres: expired-lease rescue', () => {
  it('walks jobs_running without bitmap scans, inside its own transaction, leaving the session as it was', async () => {
    const { store, pool, schema } = await planStore();
    const queries = recordQueries();
    try {
      await store.enqueue([{ task: 't' }, { task: 't' }]);
      const [a] = await store.claim({ workerId: 'w', limit: 2, leaseMs: 1, queues: ['t'] });
      await new Promise((r) => setTimeout(r, 20));
      const bitmap = (await pool.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan;
      queries.clear();
      const rescued = await store.rescueExpired();
      expect(rescued.map((r) => r.id)).toContain(a.id);
      const sql = statements(schema);
      const at = queries.sent().indexOf(sql.expiredLeases.text);
      expect(queries.sent().slice(at - 2, at + 1)).toEqual(['BEGIN', 'SET LOCAL enable_bitmapscan = off', sql.expiredLeases.text]);
      expect(queries.sent().at(-1)).toBe('COMMIT');
      expect((await pool.query('SHOW enable_bitmapscan')).rows[0].enable_bitmapscan).toBe(bitmap);
    } finally {
      queries.restore();
      await store.close();
    }
  });
});

describe('postgres: the bulk enqueue statement', () => {
  it('is priced under the default jit_above_cost for a full batch, and sorts no job rows at the end', async () => {
    const { store, pool, schema } = await planStore();
    try {
      const n = 10_000; // Limits.maxBatch
      const col = <T>(v: T) => Array.from({ length: n }, () => v);
      const args = [null, col('t'), col('t'), col('{}'), col(0), col(null), col(0), col(3), col(3), col(60_000), col(null),
        col(null), col(null), col(null), 'chan'];
      const plan = await jsonPlan(pool, '', statements(schema).insertJobs.text, args);
      // The join of input and inserted rows is estimated at n² / 200 rows: sorting it priced the statement at
      // ~400,000, so every large batch was JIT-compiled; the rows are now put in order by the caller.
      expect(plan['Node Type']).not.toBe('Sort');
      expect(plan['Total Cost'] as number).toBeLessThan(100_000);
    } finally {
      await store.close();
    }
  });
});

describe('postgres: claims over every queue', () => {
  it('run with JIT off in their own transaction; claims that name their queues run alone', async () => {
    const { store, pool, schema } = await planStore();
    const queries = recordQueries();
    try {
      await store.enqueue(Array.from({ length: 4 }, (_, i) => ({ task: 't', queue: `q${i % 2}` })));
      const jit = (await pool.query('SHOW jit')).rows[0].jit;
      const sql = statements(schema);
      queries.clear();
      const [a] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000 });
      expect(queries.sent()).toEqual(['BEGIN', 'SET LOCAL jit = off', sql.claimAll.text, 'COMMIT']);
      queries.clear();
      const r = await store.settle({ complete: [{ id: a.id, token: a.leaseToken as number }], claim: { workerId: 'w', limit: 1, leaseMs: 60_000 } });
      expect(queries.sent()).toEqual(['BEGIN', 'SET LOCAL jit = off', sql.settleAll.text, 'COMMIT']);
      expect([r.complete[0].ok, r.claimed.length]).toEqual([true, 1]);
      queries.clear();
      expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 60_000, queues: ['q0', 'q1'] })).toHaveLength(2);
      expect(queries.sent()).toEqual([sql.claimQueues.text]);
      expect((await pool.query('SHOW jit')).rows[0].jit).toBe(jit);
    } finally {
      queries.restore();
      await store.close();
    }
  });
});
