import type pg from 'pg';
/** Advisory-lock namespaces (first key of the two-int form); the second key is hashtext(schema). */
export declare const LockSpace: {
    readonly migrate: 1128398849;
    readonly leader: 1128398850;
};
/**
 * Applies pending migrations under a session advisory lock, so any number of
 * nodes may start at once: one applies, the others wait on the lock and then
 * find nothing left to do. The schema is created under the same lock because
 * concurrent CREATE SCHEMA IF NOT EXISTS can itself fail with a unique violation.
 * Returns the names applied by this call.
 */
export declare function runMigrations(pool: pg.Pool, schema: string, now: number): Promise<string[]>;
/** Names not yet applied; all of them when the schema or its migrations table is missing. */
export declare function pendingMigrations(pool: pg.Pool, schema: string): Promise<string[]>;
