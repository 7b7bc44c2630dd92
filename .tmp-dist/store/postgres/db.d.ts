import pg from 'pg';
import type { ResolvedPgConfig } from './config.js';
/** One named SQL statement; `name` makes pg prepare it once per connection. */
export interface Stmt {
    name: string;
    text: string;
}
export type Queryable = Pick<pg.ClientBase, 'query'>;
type Row = Record<string, unknown>;
export declare function isConnectionError(e: unknown): boolean;
/**
 * Connection-level failures become CB_STORE_UNAVAILABLE (retry later); a
 * missing table means the schema was never migrated; text PostgreSQL cannot
 * store (a NUL character) is bad input. Anything else is rethrown as is.
 */
export declare function mapPgError(e: unknown): unknown;
/**
 * The bounded pool plus the only two ways the store talks to it: one
 * statement, or one transaction. A connection that failed is destroyed
 * (never returned to the pool), so later calls reconnect by themselves.
 */
export declare class Db {
    private readonly cfg;
    private readonly onError;
    readonly pool: pg.Pool;
    private closed;
    constructor(cfg: ResolvedPgConfig, onError?: (e: Error) => void);
    /**
     * Runs one named statement (on the pool, or on `client` inside a
     * transaction); rows come back untyped for rows.ts to map. A caller's own
     * client (`external`) gets unnamed statements: we do not own its
     * prepared-statement namespace.
     */
    query<R extends Row = Row>(stmt: Stmt, values: unknown[], client?: Queryable, external?: boolean): Promise<R[]>;
    /** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error. */
    tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
    close(): Promise<void>;
}
export {};
