import type pg from 'pg';
import { isConnectionError, mapPgError } from './db.js';
import { pgMigrations } from './migrations.js';

/** Advisory-lock namespaces (first key of the two-int form); the second key is hashtext(schema). */
export const LockSpace = { migrate: 0x43420001, leader: 0x43420002 } as const;

const q = (schema: string) => `"${schema}"`;

/**
 * Applies pending migrations under a session advisory lock, so any number of
 * nodes may start at once: one applies, the others wait on the lock and then
 * find nothing left to do. The schema is created under the same lock because
 * concurrent CREATE SCHEMA IF NOT EXISTS can itself fail with a unique violation.
 * Returns the names applied by this call.
 */
export async function runMigrations(pool: pg.Pool, schema: string, now: number): Promise<string[]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    throw mapPgError(e);
  }
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e; // checked out: no pool listener; an unhandled 'error' would crash the process
  };
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LockSpace.migrate, schema]);
    try {
      return await applyPending(client, schema, now);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LockSpace.migrate, schema]).catch(() => {});
    }
  } catch (e) {
    if (isConnectionError(e)) broken = e as Error;
    throw mapPgError(e);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

async function applyPending(client: pg.PoolClient, schema: string, now: number): Promise<string[]> {
  const s = q(schema);
  // Checked rather than IF NOT EXISTS: CREATE SCHEMA needs the CREATE privilege
  // on the database even when the schema exists, and a pre-created schema is a
  // legitimate setup for a role without it.
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)`,
  );
  const done = new Set((await client.query(`SELECT name FROM ${s}.migrations`)).rows.map((r) => r.name as string));
  const applied: string[] = [];
  for (const m of pgMigrations) {
    if (done.has(m.name)) continue;
    await client.query('BEGIN');
    try {
      await client.query(m.sql(s));
      await client.query(`INSERT INTO ${s}.migrations (name, applied_at) VALUES ($1, $2)`, [m.name, now]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    applied.push(m.name);
  }
  return applied;
}

/** Names not yet applied; all of them when the schema or its migrations table is missing. */
export async function pendingMigrations(pool: pg.Pool, schema: string): Promise<string[]> {
  try {
    const reg = await pool.query('SELECT to_regclass($1) AS t', [`${q(schema)}.migrations`]);
    const done = new Set<string>();
    if (reg.rows[0]?.t) {
      for (const r of (await pool.query(`SELECT name FROM ${q(schema)}.migrations`)).rows) done.add(r.name as string);
    }
    return pgMigrations.map((m) => m.name).filter((n) => !done.has(n));
  } catch (e) {
    throw mapPgError(e);
  }
}
