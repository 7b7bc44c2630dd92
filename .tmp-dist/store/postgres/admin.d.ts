import type { Job } from '../../core/job.js';
import type * as S from '../store.js';
import type { PgCtx } from './context.js';
/** Operator and maintenance operations. Read-check-write ones lock the job row first. */
export declare function cancel(ctx: PgCtx, id: number): Promise<Job>;
export declare function retry(ctx: PgCtx, id: number): Promise<Job>;
export declare function replayDead(ctx: PgCtx, f: {
    queue?: string;
    task?: string;
    limit?: number;
}): Promise<number>;
export declare function setQueueConfig(ctx: PgCtx, queue: string, config: Partial<Omit<S.QueueConfig, 'queue'>>): Promise<S.QueueConfig>;
export declare function queueConfigs(ctx: PgCtx): Promise<S.QueueConfig[]>;
export declare function createToken(ctx: PgCtx, t: {
    id: string;
    name: string;
    hash: string;
    scopes: string[];
}): Promise<void>;
export declare function findToken(ctx: PgCtx, hash: string): Promise<S.ApiToken | null>;
export declare function revokeToken(ctx: PgCtx, id: string): Promise<boolean>;
export declare function listTokens(ctx: PgCtx): Promise<S.ApiToken[]>;
export declare function rescueExpired(ctx: PgCtx, limit?: number): Promise<S.RescueResult[]>;
export declare function promoteDue(ctx: PgCtx, limit?: number): Promise<number>;
export declare function nextDueAt(ctx: PgCtx): Promise<number | null>;
export declare function prune(ctx: PgCtx, opts: {
    olderThanMs: number;
    limit?: number;
}): Promise<number>;
