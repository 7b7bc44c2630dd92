export declare const claimSql: (s: string) => {
    claimQueues: import("../db.js").Stmt;
    claimAll: import("../db.js").Stmt;
};
