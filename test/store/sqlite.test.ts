import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { listWhere } from '../../src/store/list-query.js';
import { openStore, parseSqliteUrl } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { listSql, sql } from '../../src/store/sqlite/statements.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-sqlite-'));

describe('SQLite store specifics', () => {
  it('uses WAL with synchronous=FULL by default and NORMAL when asked', async () => {
    const full = new SqliteStore(join(dir, 'full.db'));
    const normal = new SqliteStore(join(dir, 'normal.db'), { durability: 'normal' });
    const raw = (s: SqliteStore) => (s as unknown as { db: Database.Database }).db;
    expect(raw(full).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw(full).pragma('synchronous', { simple: true })).toBe(2);
    expect(raw(normal).pragma('synchronous', { simple: true })).toBe(1);
    // A relaxed (claim) transaction must hand the connection back at FULL.
    await full.migrate();
    await full.enqueue([{ task: 't' }]);
    await full.claim({ workerId: 'w', limit: 1, leaseMs: 1000 });
    expect(raw(full).pragma('synchronous', { simple: true })).toBe(2);
    await full.close();
    await normal.close();
  });

  it('finds the queues with work without walking the backlog (a claim that names no queue)', async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    for (const queue of ['b', 'a', 'c']) await store.enqueue(Array.from({ length: 50 }, () => ({ task: 't', queue })));
    const db = (store as unknown as { db: Database.Database }).db;
    const text = sql.queuedQueues;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all() as { detail: string }[]).map((r) => r.detail);
    // Index seeks only: a SCAN of jobs or of jobs_claim is a walk over every queued job.
    expect(plan.filter((d) => /jobs/.test(d))).not.toHaveLength(0);
    expect(plan.filter((d) => /^SCAN jobs/.test(d))).toEqual([]);
    expect(db.prepare(text).all()).toEqual([{ queue: 'a' }, { queue: 'b' }, { queue: 'c' }]);
    // And a claim across all queues takes them in claim order.
    const jobs = await store.claim({ workerId: 'w', limit: 200, leaseMs: 1000 });
    expect(jobs).toHaveLength(150);
    expect(db.prepare(text).all()).toEqual([]);
    await store.close();
  });

  it('finds the oldest queued job of each queue by one seek per priority group, not a walk of the backlog', async () => {
    const store = new SqliteStore(':memory:');
    await store.migrate();
    for (const priority of [3, -3]) await store.enqueue(Array.from({ length: 50 }, () => ({ task: 't', queue: 'q', priority })));
    const db = (store as unknown as { db: Database.Database }).db;
    const args = { queue: '', priority: Number.NEGATIVE_INFINITY };
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql.nextQueuedGroup}`).all(args) as { detail: string }[]).map((r) => r.detail);
    // Both seeks bound every column they compare: a row value (queue, priority) > (?, ?) seeks on queue alone.
    const seeks = plan.filter((d) => /jobs/.test(d));
    expect(seeks).toEqual([
      'SEARCH jobs USING COVERING INDEX jobs_claim (queue=? AND priority>?)',
      'SEARCH jobs USING COVERING INDEX jobs_claim (queue>?)',
    ]);
    const next = db.prepare(sql.nextQueuedGroup);
    expect(next.get(args)).toMatchObject({ queue: 'q', priority: -3 });
    expect(next.get({ queue: 'q', priority: -3 })).toMatchObject({ queue: 'q', priority: 3 });
    expect(next.get({ queue: 'q', priority: 3 })).toBeUndefined();
    await store.close();
  });

  it('parses store URLs and refuses unknown ones', () => {
    expect(parseSqliteUrl('sqlite:./x.db')).toEqual({ path: './x.db', durability: undefined });
    expect(parseSqliteUrl('sqlite:/tmp/a.db?sync=normal')).toEqual({ path: '/tmp/a.db', durability: 'normal' });
    expect(parseSqliteUrl('data/jobs.db')).toMatchObject({ path: 'data/jobs.db' });
    expect(() => parseSqliteUrl('mysql://x')).toThrow(expect.objectContaining({ code: ErrorCodes.STORE_URL }));
    expect(() => parseSqliteUrl('sqlite:x.db?sync=yolo')).toThrow(expect.objectContaining({ code: ErrorCodes.STORE_URL }));
  });

  it('reports a file locked by another writer as CB_STORE_LOCKED, and loses nothing', async () => {
    const path = join(dir, 'locked.db');
    const store = new SqliteStore(path, { busyTimeoutMs: 50 });
    await store.migrate();
    await store.enqueue([{ task: 't', input: 1 }]);
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    await expect(store.enqueue([{ task: 't', input: 2 }])).rejects.toMatchObject({ code: ErrorCodes.STORE_LOCKED });
    other.exec('ROLLBACK');
    other.close();
    await store.enqueue([{ task: 't', input: 3 }]);
    expect((await store.list({})).jobs.map((j) => j.input)).toEqual([3, 1]);
    await store.close();
  });

  it('migrations are idempotent and reported as pending before they run', async () => {
    const s = await openStore(`sqlite:${join(dir, 'mig.db')}`, { migrate: false });
    expect(await s.pendingMigrations()).toEqual([
      '001_init',
      '002_queue_state_index',
      '003_hot_path_indexes',
      '004_inline_results_attempt_once',
      '005_success_in_job_row',
      '006_no_in_lists_on_writes',
      '007_job_ids_never_reused',
    ]);
    await s.migrate();
    await s.migrate();
    expect(await s.pendingMigrations()).toEqual([]);
    await s.close();
  });

  it('migrations 006 and 007 rebuild the jobs table keeping every job, its attempts and the state CHECK', async () => {
    const path = join(dir, 'm006.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const m of migrations.slice(0, 5)) {
      raw.exec(m.sql as string);
      raw.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, 0)').run(m.name);
    }
    raw.close();
    // The current statements run on a 005 schema: fill it through the store before migrating.
    const store = new SqliteStore(path);
    const ids = (await store.enqueue(['ok', 'dead', 'running', 'queued', 'cancel'].map((k) => ({ task: k, input: { k } })))).map((r) => r.job.id);
    await store.enqueue([{ task: 'later', delayMs: 60_000, key: 'k1' }]);
    const claimed = await store.claim({ workerId: 'old', limit: 3, leaseMs: 60_000 });
    const [ok, dead, running] = claimed;
    await store.complete([{ id: ok.id, token: ok.leaseToken as number, result: Buffer.from('"r"'), metrics: { wallMs: 3 } }]);
    await store.fail([{ id: dead.id, token: dead.leaseToken as number, kind: 'error', error: { code: 'E', message: 'm' }, retryable: false, retryDelayMs: 0 }]);
    await store.cancel(ids[4]);
    const all = (await store.list({ limit: 100 })).jobs;
    const history = await Promise.all(all.map((j) => store.attempts(j.id)));
    expect(all.map((j) => j.state).sort()).toEqual(['cancelled', 'dead', 'queued', 'running', 'scheduled', 'succeeded']);

    await store.migrate();
    expect(await store.pendingMigrations()).toEqual([]);
    expect((await store.list({ limit: 100 })).jobs).toEqual(all);
    expect(await Promise.all(all.map((j) => store.attempts(j.id)))).toEqual(history);
    expect(await store.enqueue([{ task: 'later', key: 'k1' }])).toMatchObject([{ created: false }]);
    const [done] = await store.complete([{ id: running.id, token: running.leaseToken as number }]);
    expect(done).toMatchObject({ ok: true, state: 'succeeded' });
    expect((await store.finishedAttempts({ since: 0 })).map((a) => a.outcome).sort()).toEqual(['error', 'succeeded', 'succeeded']);
    await store.close();

    const after = new Database(path);
    expect(() => after.prepare(`UPDATE jobs SET state = 'bogus' WHERE id = ?`).run(ids[3])).toThrow(/CHECK constraint failed/);
    const indexes = (after.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['jobs_claim', 'jobs_due', 'jobs_finished', 'jobs_idem', 'jobs_queue_done', 'jobs_queue_id', 'jobs_result_prefix', 'jobs_state_id']);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    // 007: the key is AUTOINCREMENT, its sequence seeded with the ids copied in (an enqueue that found its key
    // took a number too: ids may skip, never go back).
    expect((after.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'jobs'`).get() as { sql: string }).sql).toMatch(/id INTEGER PRIMARY KEY AUTOINCREMENT,/);
    const maxId = (after.prepare('SELECT max(id) AS m FROM jobs').get() as { m: number }).m;
    expect((after.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'jobs'`).get() as { seq: number }).seq).toBeGreaterThanOrEqual(maxId);
    after.close();
  });

  /** A job claimed by 'old-node' in a fresh file, and a second connection to write what an older release would. */
  async function claimedByOldNode(file: string) {
    const path = join(dir, file);
    const store = new SqliteStore(path);
    await store.migrate();
    await store.enqueue([{ task: 't' }]);
    const [job] = await store.claim({ workerId: 'old-node', limit: 1, leaseMs: 10_000 });
    return { store, job, other: new Database(path) };
  }

  it('ends an attempt that a node of an earlier version opened at claim, in one row', async () => {
    const { store, job, other } = await claimedByOldNode('open-attempt.db');
    // What a pre-004 node wrote at claim time, into the same file.
    other
      .prepare(`INSERT INTO attempts (job_id, token, attempt, worker_id, started_at, outcome, wait_ms) VALUES (?, ?, 1, 'old-node', ?, 'running', 7)`)
      .run(job.id, job.leaseToken, job.startedAt);
    other.close();
    expect((await store.attempts(job.id)).map((a) => [a.outcome, a.waitMs])).toEqual([['running', 7]]);
    const [out] = await store.complete([{ id: job.id, token: job.leaseToken as number, metrics: { wallMs: 5 } }]);
    expect(out.ok).toBe(true);
    const attempts = await store.attempts(job.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ token: job.leaseToken, outcome: 'succeeded', wallMs: 5, workerId: 'old-node' });
    await store.close();
  });

  it('a listing by state or queue reads that index, not every job', async () => {
    const path = join(dir, 'list-plan.db');
    const store = new SqliteStore(path);
    await store.migrate();
    await store.close();
    const db = new Database(path);
    const plan = (f: Parameters<typeof listWhere>[0]) => {
      const q = listWhere(f, (name) => `@${name}`);
      const params = Object.fromEntries([...q.names.map((n, i) => [n, q.values[i]]), ['limit', 51]]);
      return (db.prepare(`EXPLAIN QUERY PLAN ${listSql(q.where)}`).all(params) as { detail: string }[]).map((r) => r.detail).join('; ');
    };
    expect(plan({ state: 'dead' })).toMatch(/USING (COVERING )?INDEX jobs_state_id/);
    expect(plan({ queue: 'q', cursor: 10 })).toMatch(/USING (COVERING )?INDEX jobs_queue_id/);
    db.close();
  });

  it('reads a success that a node of the previous release recorded in attempts once', async () => {
    const { store, job, other } = await claimedByOldNode('old-success.db');
    // What a node before migration 005 wrote for a success: an attempts row, a job row without att_*.
    other
      .prepare(`INSERT INTO attempts (job_id, token, attempt, worker_id, started_at, ended_at, outcome, wall_ms)
        VALUES (?, ?, 1, 'old-node', ?, ?, 'succeeded', 5)`)
      .run(job.id, job.leaseToken, job.startedAt, (job.startedAt as number) + 5);
    other
      .prepare(`UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
        finished_at = ? WHERE id = ?`)
      .run((job.startedAt as number) + 5, job.id);
    other.close();
    expect((await store.attempts(job.id)).map((a) => [a.outcome, a.wallMs, a.workerId])).toEqual([['succeeded', 5, 'old-node']]);
    expect((await store.finishedAttempts({ since: 0 })).map((a) => [a.jobId, a.outcome])).toEqual([[job.id, 'succeeded']]);
    await store.close();
  });

  it('sees an enqueue from another process (connection) through data_version wake-ups', async () => {
    const path = join(dir, 'wake.db');
    const node = new SqliteStore(path);
    await node.migrate();
    let woke = 0;
    const off = node.onWake(() => woke++);
    const producer = new SqliteStore(path);
    await producer.enqueue([{ task: 't' }]);
    await expect.poll(() => woke, { timeout: 5000 }).toBeGreaterThan(0);
    off();
    await producer.close();
    await node.close();
  });
});
