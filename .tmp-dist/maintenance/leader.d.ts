/**
 * Who runs maintenance. On a single node (SQLite) that node always leads;
 * on a shared PostgreSQL store a leader holding an advisory lock is plugged
 * in, so rescue, promotion and pruning run once, not on every node.
 */
export interface Leader {
    isLeader(): boolean;
}
export declare const alwaysLeader: Leader;
