import { type Attempt, type Job, type StoredResult } from '../../core/job.js';
import type * as S from '../store.js';
import type { PgCtx } from './context.js';
/** Readers: no locks, one statement each (stats: three). */
export declare function get(ctx: PgCtx, id: number): Promise<Job | null>;
export declare function attempts(ctx: PgCtx, id: number): Promise<Attempt[]>;
export declare function list(ctx: PgCtx, f: S.ListFilter): Promise<{
    jobs: Job[];
    nextCursor: number | null;
}>;
export declare function getResult(ctx: PgCtx, sha256: string): Promise<StoredResult | null>;
export declare function resultQueues(ctx: PgCtx, sha256: string): Promise<string[]>;
/** Bounded: each (queue, state) count stops at STATS_COUNT_CAP. Meant for a snapshot on a timer. */
export declare function stats(ctx: PgCtx): Promise<S.QueueStats[]>;
export declare function finishedAttempts(ctx: PgCtx, opts: {
    since: number;
    task?: string;
    limit?: number;
}): Promise<S.FinishedAttempt[]>;
