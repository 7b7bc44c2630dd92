/**
 * Numbered migrations for the PostgreSQL store; each runs once, in order, in
 * its own transaction, recorded in `<schema>.migrations`. `s` is the quoted
 * schema name. Never edit a shipped migration: add the next one.
 *
 * Same column names as the SQLite schema (rows.ts maps both), ms-epoch bigint
 * timestamps. Vacuum and index notes:
 * - Every hot query reads one partial index that holds exactly the rows it
 *   wants (queued / due / running / finished), so claim cost does not grow
 *   with scheduled or finished rows, nor with another queue's backlog
 *   (jobs_claim leads with queue; claims walk it per queue).
 * - Heartbeats touch only unindexed columns (lease_expires_at is deliberately
 *   not indexed: running jobs are few, found through jobs_running), so with
 *   fillfactor 85 they are HOT updates that add no index entries.
 * - Finished jobs are deleted in batches by prune (jobs_finished); autovacuum
 *   then reclaims them. Aggressive per-table autovacuum settings keep dead
 *   tuples from the claim/complete churn from piling up between passes.
 */
export interface PgMigration {
    name: string;
    sql: (s: string) => string;
}
export declare const pgMigrations: PgMigration[];
