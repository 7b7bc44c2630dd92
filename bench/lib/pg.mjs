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
