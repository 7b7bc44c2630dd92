/**
 * Enqueue: one statement for the whole batch, parameters as parallel arrays
 * (unnest), so a bulk enqueue is one round trip and one transaction.
 * Ids are drawn from the sequence up front so every input row is matched to
 * its inserted row by id (RETURNING order is not guaranteed). A spec whose
 * (queue, key) exists is skipped by ON CONFLICT; jobsByKey then reads the
 * existing job. pg_notify fires on commit, only when a runnable job was created.
 */
export declare const producerSql: (s: string) => {
    insertJobs: import("../db.js").Stmt;
    jobsByKey: import("../db.js").Stmt;
    jobById: import("../db.js").Stmt;
    jobByIdForUpdate: import("../db.js").Stmt;
};
