/** Operator actions, queue settings and API tokens. $1 is `now` wherever time is written. */
export declare const operatorSql: (s: string) => {
    /** $1 now, $2 id. The caller has locked the row and checked its state. */
    cancel: import("../db.js").Stmt;
    /** $1 now, $2 job id, $3 token, $4 outcome, $5 error code, $6 message. */
    endRunningAttempt: import("../db.js").Stmt;
    /** dead/cancelled → queued with fresh budgets. $1 now, $2 id, $3 wake channel. */
    replay: import("../db.js").Stmt;
    /** scheduled/retrying → queued now. $1 now, $2 id, $3 wake channel. */
    runNow: import("../db.js").Stmt;
    /** $1 now, $2 queue|null, $3 task|null, $4 limit, $5 wake channel. */
    replayDead: import("../db.js").Stmt;
    queueForUpdate: import("../db.js").Stmt;
    upsertQueue: import("../db.js").Stmt;
    queues: import("../db.js").Stmt;
    /** $1 wake channel; used when a queue is resumed. */
    notify: import("../db.js").Stmt;
    /** $1 now, $2 id, $3 name, $4 hash, $5 scopes json. */
    createToken: import("../db.js").Stmt;
    findToken: import("../db.js").Stmt;
    /** $1 now, $2 id. */
    revokeToken: import("../db.js").Stmt;
    listTokens: import("../db.js").Stmt;
};
