import type { Db, Queryable } from './db.js';
import type { Statements } from './sql/index.js';
import type { PgWake } from './wake.js';

/** What the store's operation modules share. */
export interface PgCtx {
  db: Db;
  sql: Statements;
  wake: PgWake;
  /** `now` for SQL ($1): the injected clock's time, or null for the database's clock. */
  now(): number | null;
  maxPayloadBytes: number;
  maxResultBytes: number;
}

/**
 * Runs `fn` with JIT off for the rest of its transaction (`client`'s, or a
 * new one). For statements the planner prices over jit_above_cost though
 * they run in milliseconds: the claims over every queue (it expects the
 * loose scan for queues to find ~100 and, with a million finished rows,
 * compiled each claim of 500 for ~13 ms of a ~25 ms run; the runtime always
 * names its queues, so this is the library path) and the stats counts
 * (priced per possible queue and state: ~180 ms compiling a ~40 ms walk).
 */
export async function withoutJit<T>(
  ctx: PgCtx,
  client: Queryable | undefined,
  fn: (c: Queryable) => Promise<T>,
): Promise<T> {
  const off = async (c: Queryable) => {
    await c.query('SET LOCAL jit = off');
    return fn(c);
  };
  return client ? off(client) : ctx.db.tx(off);
}

/** PostgreSQL text cannot hold NUL; task errors and messages sometimes do. */
export function clean(text: string | undefined | null, max: number): string | null {
  if (text === undefined || text === null) return null;
  const t = text.length > max ? text.slice(0, max) : text;
  return t.includes('\0') ? t.replaceAll('\0', '') : t;
}

export type Row = Record<string, unknown>;
