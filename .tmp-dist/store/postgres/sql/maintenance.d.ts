/** Rescue, promotion and pruning: run by the elected maintenance leader. */
export declare const maintenanceSql: (s: string) => {
    /**
     * Running jobs whose lease expired ($1 now, $2 limit). SKIP LOCKED: a row
     * locked right now is being completed or failed by its worker, which wins.
     */
    expiredLeases: import("../db.js").Stmt;
    /**
     * $1 now, $2 ids, $3 tokens, $4 states, $5 crashes, $6 dead reasons,
     * $7 last_error json, $8 error code, $9 message, $10 wake channel.
     */
    rescueTo: import("../db.js").Stmt;
    /** $1 now, $2 limit, $3 wake channel. Due rows come from the jobs_due partial index. */
    promoteDue: import("../db.js").Stmt;
    nextDueAt: import("../db.js").Stmt;
    /**
     * One batch of pruning ($1 now, $2 retention ms, $3 limit): final jobs
     * finished before now - retention, their attempts, and results no other job
     * points at. All CTEs share one snapshot, so jobs deleted in this statement
     * are excluded by hand; a result reused by a completion after this snapshot
     * has used_at >= the cutoff and is kept (the completion locks and bumps it).
     */
    prune: import("../db.js").Stmt;
};
