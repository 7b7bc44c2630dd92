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
 * Planner settings for the rest of a transaction (`client`'s, or a new one),
 * sent as one round trip. Each is for statements whose plan the planner gets
 * wrong on a queue table in a way that costs at every call:
 * - `jit = off`: statements priced over jit_above_cost though they run in
 *   milliseconds. The claims over every queue (it expects the loose scan for
 *   queues to find ~100 and, with a million finished rows, compiled each
 *   claim of 500 for ~13 ms of a ~25 ms run; the runtime always names its
 *   queues, so this is the library path) and the stats counts (priced per
 *   possible queue and state: ~180 ms compiling a ~40 ms walk).
 * - `enable_bitmapscan = off`: statements that walk jobs_running, which also
 *   holds an entry for every job run since the last vacuum. A bitmap scan
 *   visits the heap for all of them at every call; a plain index scan marks
 *   them dead as it meets them, and later calls step over them. The expired
 *   lease rescue (every second on the leader): 14–18 → 1.3–2.3 ms a pass
 *   after 200,000 jobs; the stats counts (every 2 s on every node): 65–100
 *   → 38–51 ms, the same plan when the table is vacuumed (2026-12-05).
 */
export async function withLocal<T>(
  ctx: PgCtx,
  client: Queryable | undefined,
  settings: string[],
  fn: (c: Queryable) => Promise<T>,
): Promise<T> {
  const set = async (c: Queryable) => {
    await c.query(ctx.db.bounded(settings.map((s) => `SET LOCAL ${s}`).join('; ')));
    return fn(c);
  };
  return client ? set(client) : ctx.db.tx(set);
}

/** PostgreSQL text cannot hold NUL; task errors and messages sometimes do. */
export function clean(text: string | undefined | null, max: number): string | null {
  if (text === undefined || text === null) return null;
  const t = text.length > max ? text.slice(0, max) : text;
  return t.includes('\0') ? t.replaceAll('\0', '') : t;
}

export type Row = Record<string, unknown>;
