/** Read-only statements. */
export declare const readSql: (s: string) => {
    attempts: import("../db.js").Stmt;
    /** $1 state, $2 queue, $3 task, $4 cursor, $5 limit; newest first. */
    list: import("../db.js").Stmt;
    result: import("../db.js").Stmt;
    resultQueues: import("../db.js").Stmt;
    /**
     * Counts per (queue, state), each capped at $1 ($2: the states). Queues are
     * found by a loose index scan (one probe per queue), each count walks
     * jobs_queue_state at most $1 entries.
     */
    countsCapped: import("../db.js").Stmt;
    oldestQueued: import("../db.js").Stmt;
    /** $1 since, $2 task, $3 limit. */
    finishedAttempts: import("../db.js").Stmt;
    ping: import("../db.js").Stmt;
};
