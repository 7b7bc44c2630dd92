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
export declare function clean(text: string | undefined | null, max: number): string | null;
export type Row = Record<string, unknown>;
