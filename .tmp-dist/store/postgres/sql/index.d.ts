/**
 * Every statement the PostgreSQL store runs, by name, schema-qualified once
 * at open (no search_path, so it also works behind PgBouncer and inside a
 * caller's transaction whatever their search_path is).
 */
export declare function statements(schema: string): {
    attempts: import("../db.js").Stmt;
    list: import("../db.js").Stmt;
    result: import("../db.js").Stmt;
    resultQueues: import("../db.js").Stmt;
    countsCapped: import("../db.js").Stmt;
    oldestQueued: import("../db.js").Stmt;
    finishedAttempts: import("../db.js").Stmt;
    ping: import("../db.js").Stmt;
    expiredLeases: import("../db.js").Stmt;
    rescueTo: import("../db.js").Stmt;
    promoteDue: import("../db.js").Stmt;
    nextDueAt: import("../db.js").Stmt;
    prune: import("../db.js").Stmt;
    cancel: import("../db.js").Stmt;
    endRunningAttempt: import("../db.js").Stmt;
    replay: import("../db.js").Stmt;
    runNow: import("../db.js").Stmt;
    replayDead: import("../db.js").Stmt;
    queueForUpdate: import("../db.js").Stmt;
    upsertQueue: import("../db.js").Stmt;
    queues: import("../db.js").Stmt;
    notify: import("../db.js").Stmt;
    createToken: import("../db.js").Stmt;
    findToken: import("../db.js").Stmt;
    revokeToken: import("../db.js").Stmt;
    listTokens: import("../db.js").Stmt;
    heartbeat: import("../db.js").Stmt;
    saveCheckpoint: import("../db.js").Stmt;
    complete: import("../db.js").Stmt;
    leasedForUpdate: import("../db.js").Stmt;
    failTo: import("../db.js").Stmt;
    release: import("../db.js").Stmt;
    claimQueues: import("../db.js").Stmt;
    claimAll: import("../db.js").Stmt;
    insertJobs: import("../db.js").Stmt;
    jobsByKey: import("../db.js").Stmt;
    jobById: import("../db.js").Stmt;
    jobByIdForUpdate: import("../db.js").Stmt;
};
export type Statements = ReturnType<typeof statements>;
