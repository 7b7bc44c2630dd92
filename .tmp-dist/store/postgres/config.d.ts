import type { Clock } from '../../core/clock.js';
import type { StoreOptions } from '../store.js';
/**
 * Options of the PostgreSQL store. Each can also be given in the URL's query
 * string (`?schema=jobs&pool=20&listen=off&prepare=off&poll=2s`); an explicit
 * option wins over the URL. Our own parameters are removed from the URL before
 * it reaches `pg`, so they are never sent to the server as startup parameters.
 */
export interface PostgresStoreOptions extends StoreOptions {
    /** Schema holding corebound's tables; created when missing. Default `corebound`. */
    schema?: string;
    /** Upper bound of pooled connections (the LISTEN and leader connections are extra). Default 10. */
    poolMax?: number;
    /**
     * LISTEN/NOTIFY wake-ups. Turn off behind PgBouncer in transaction mode,
     * where a LISTEN on a pooled server connection silently receives nothing:
     * nodes then poll every `pollMs`.
     */
    listen?: boolean;
    /**
     * Named (server-side prepared) statements. Turn off behind PgBouncer in
     * transaction mode older than 1.21 (or without max_prepared_statements).
     */
    prepare?: boolean;
    /** Wake-up poll while LISTEN is off or down (default 500 ms): the idle pickup latency then. */
    pollMs?: number;
    /** Safety-net poll while LISTEN works (default 5 s); notifications are the hot path. */
    safetyPollMs?: number;
    /** Milliseconds to wait for a new connection before reporting CB_STORE_UNAVAILABLE. */
    connectTimeoutMs?: number;
}
export interface ResolvedPgConfig {
    connectionString: string;
    schema: string;
    poolMax: number;
    listen: boolean;
    prepare: boolean;
    pollMs: number;
    safetyPollMs: number;
    connectTimeoutMs: number;
    /** Null when the database's own clock is used (the default system clock). */
    clock: Clock | null;
}
export declare function resolvePgConfig(url: string, opts?: PostgresStoreOptions): ResolvedPgConfig;
