import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DB = process.env.BENCH_DATABASE || 'corebound_bench';

export const adminUrl = () => process.env.DATABASE_URL || DEFAULT_URL;

/** The bench database on the same server as DATABASE_URL. */
export function benchDbUrl() {
  const u = new URL(adminUrl());
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
}

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name) => `"${name.replaceAll('"', '""')}"`;

/** Drops (terminating its connections) and creates the bench database: every run starts empty. */
export async function recreateBenchDb() {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(BENCH_DB)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(BENCH_DB)}`);
  });
  return benchDbUrl();
}

export async function dropBenchDb() {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(BENCH_DB)} WITH (FORCE)`));
}

export async function serverVersion() {
  return withAdmin(async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
}

/**
 * Waits until the server has no autovacuum worker running (at most `maxMs`),
 * then checkpoints: each system starts on a quiet server instead of paying
 * for the vacuum and checkpoint of the dead rows the previous system left.
 * Returns how long it waited for autovacuum, in ms.
 */
export async function quietServer(maxMs = 120_000) {
  return withAdmin(async (c) => {
    const t0 = Date.now();
    for (;;) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      if (rows[0].n === 0 || Date.now() - t0 > maxMs) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const waited = Date.now() - t0;
    // Superusers and pg_checkpoint members only: without it the runs are still valid, a checkpoint may overlap one.
    await c.query('CHECKPOINT').catch(() => console.log('  (CHECKPOINT not permitted: runs may overlap one)'));
    return waited;
  });
}
