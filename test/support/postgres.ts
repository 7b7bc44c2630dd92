import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedPostgres } from './postgres-server.js';

/**
 * PostgreSQL for tests. The server is DATABASE_URL when set (CI, a local
 * server); otherwise the one pg-global-setup.ts started for this run; failing
 * both, a throwaway server started in this worker. Every store a test makes
 * gets its own fresh schema, so files and tests never see each other's rows;
 * call dropTestSchemas() in afterAll.
 */
let fallback: Promise<EmbeddedServer> | undefined;
const created = new Set<{ url: string; schema: string }>();
let seq = 0;

export async function baseDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!fallback) {
    fallback = startEmbeddedPostgres();
    const server = await fallback;
    // A worker's own server goes when the worker does ('exit' handlers must be synchronous).
    process.once('exit', () => server.killNow());
  }
  return (await fallback).url;
}

/** A URL whose `?schema=` names a schema no one else uses; the store creates it. */
export async function testDatabaseUrl(label = 't'): Promise<string> {
  const base = await baseDatabaseUrl();
  const schema = `cbt_${label.replace(/[^a-z0-9_]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${seq++}_${randomBytes(3).toString('hex')}`;
  created.add({ url: base, schema });
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** The schema named in a URL from testDatabaseUrl(). */
export function schemaOf(url: string): string {
  return new URL(url).searchParams.get('schema') ?? 'corebound';
}

/** A plain client on the test server, for poking at it (pg_terminate_backend, counts). */
export async function adminClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: await baseDatabaseUrl(), application_name: 'corebound-test-admin' });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** Kills every backend of this database with the given application_name; returns how many. */
export async function terminateBackends(applicationName: string): Promise<number> {
  const c = await adminClient();
  try {
    const r = await c.query(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE application_name = $1 AND pid <> pg_backend_pid() AND datname = current_database()`,
      [applicationName],
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

export async function dropTestSchemas(): Promise<void> {
  if (created.size === 0) return;
  const c = await adminClient();
  try {
    for (const s of created) {
      await c.query(`DROP SCHEMA IF EXISTS "${s.schema}" CASCADE`);
      created.delete(s);
    }
  } finally {
    await c.end();
  }
}
