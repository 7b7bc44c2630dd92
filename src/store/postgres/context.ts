import type { Db } from './db.js';
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

/** PostgreSQL text cannot hold NUL; task errors and messages sometimes do. */
export function clean(text: string | undefined | null, max: number): string | null {
  if (text === undefined || text === null) return null;
  const t = text.length > max ? text.slice(0, max) : text;
  return t.includes('\0') ? t.replaceAll('\0', '') : t;
}

export type Row = Record<string, unknown>;
