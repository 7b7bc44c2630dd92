import type { Job } from '../../core/job.js';
import type * as S from '../store.js';
import { type PgCtx } from './context.js';
/** Worker-side operations: claim and everything that needs a lease. */
export declare function claim(ctx: PgCtx, req: S.ClaimRequest): Promise<Job[]>;
export declare function heartbeat(ctx: PgCtx, items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult>;
export declare function saveCheckpoint(ctx: PgCtx, lease: S.Lease, state: unknown): Promise<boolean>;
export declare function complete(ctx: PgCtx, items: S.Completion[]): Promise<S.LeaseOutcome[]>;
export declare function fail(ctx: PgCtx, items: S.Failure[]): Promise<S.LeaseOutcome[]>;
export declare function release(ctx: PgCtx, items: S.Release[]): Promise<S.LeaseOutcome[]>;
