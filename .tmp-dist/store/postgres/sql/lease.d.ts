/**
 * Statements that act on a lease. Every one matches `state = 'running' AND
 * lease_token = token` (the fence): a stale token matches no row, so the job
 * is untouched and the item is reported back as not ok. Batches are parallel
 * arrays expanded with unnest: one round trip per batch.
 */
export declare const leaseSql: (s: string) => {
    /** $1 now, $2 lease ms, $3 ids, $4 tokens, $5 progress, $6 progress messages. */
    heartbeat: import("../db.js").Stmt;
    /** $1 now, $2 id, $3 token, $4 checkpoint json. */
    saveCheckpoint: import("../db.js").Stmt;
    /**
     * $1 now, $2 ids, $3 tokens, $4 result shas, $5 wall, $6 cpu, $7 peak mem, $8 wait;
     * results (deduplicated): $9 shas, $10 bytes, $11 content types, $12 sizes.
     * The result is stored only for completions that won the fence; a result
     * that already exists is touched (used_at), which also locks it against a
     * concurrent prune.
     */
    complete: import("../db.js").Stmt;
    /** Current leases among ($1 ids, $2 tokens), locked for the failure decision. */
    leasedForUpdate: import("../db.js").Stmt;
    /**
     * Applies decided failures. $1 now, $2 ids, $3 tokens, $4 states, $5 errors, $6 crashes,
     * $7 dead reasons, $8 delay ms, $9 last_error json, $10 outcome, $11 error code,
     * $12 message, $13 stack, $14 wall, $15 cpu, $16 peak, $17 wait, $18 wake channel.
     */
    failTo: import("../db.js").Stmt;
    /** Graceful drain. $1 now, $2 ids, $3 tokens, $4 wall, $5 cpu, $6 peak, $7 wait, $8 wake channel. */
    release: import("../db.js").Stmt;
};
