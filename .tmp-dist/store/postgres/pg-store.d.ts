import type { Attempt, Job, StoredResult } from '../../core/job.js';
import type { EnqueueSpec } from '../../core/spec.js';
import type * as S from '../store.js';
import { type PostgresStoreOptions, type ResolvedPgConfig } from './config.js';
import { type WakeMode } from './wake.js';
/**
 * The PostgreSQL store: many nodes on many machines share one database.
 * Same contract as the SQLite store (test/conformance runs unchanged against
 * both); what differs is how: claims use FOR UPDATE SKIP LOCKED, batches are
 * one statement over unnest()ed arrays, wake-ups are LISTEN/NOTIFY, and
 * connection failures surface as CB_STORE_UNAVAILABLE while the pool
 * reconnects on later calls. SQL lives in ./sql, one module per concern.
 */
export declare class PostgresStore implements S.Store {
    readonly kind: "postgres";
    readonly capabilities: S.StoreCapabilities;
    readonly config: ResolvedPgConfig;
    private readonly db;
    private readonly sql;
    private readonly wake;
    private readonly ctx;
    constructor(url: string, opts?: PostgresStoreOptions);
    get schema(): string;
    /** The bounded pool, for callers that want to share it (e.g. transactional enqueue). */
    get pool(): import("pg").Pool;
    /** 'listening' once a LISTEN connection is verified; 'polling' without LISTEN. */
    get wakeMode(): WakeMode;
    migrate(): Promise<void>;
    pendingMigrations(): Promise<string[]>;
    ping(): Promise<void>;
    close(): Promise<void>;
    onWake(listener: () => void): () => void;
    /**
     * One INSERT … SELECT FROM unnest(…) for the batch: atomic, one round trip.
     * With `opts.client` (a pg client inside the caller's open transaction) the
     * same statements run on that client, so the jobs exist iff the caller
     * commits, and the NOTIFY is delivered only at that commit.
     */
    enqueue(specs: EnqueueSpec[], opts?: S.EnqueueOptions): Promise<S.EnqueueResult[]>;
    private insert;
    claim(req: S.ClaimRequest): Promise<Job[]>;
    heartbeat(items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult>;
    saveCheckpoint(lease: S.Lease, state: unknown): Promise<boolean>;
    complete(items: S.Completion[]): Promise<S.LeaseOutcome[]>;
    fail(items: S.Failure[]): Promise<S.LeaseOutcome[]>;
    release(items: S.Release[]): Promise<S.LeaseOutcome[]>;
    cancel(id: number): Promise<Job>;
    retry(id: number): Promise<Job>;
    replayDead(filter: {
        queue?: string;
        task?: string;
        limit?: number;
    }): Promise<number>;
    pauseQueue(queue: string): Promise<void>;
    resumeQueue(queue: string): Promise<void>;
    setQueueConfig(queue: string, config: Partial<Omit<S.QueueConfig, 'queue'>>): Promise<S.QueueConfig>;
    queueConfigs(): Promise<S.QueueConfig[]>;
    createToken(t: {
        id: string;
        name: string;
        hash: string;
        scopes: string[];
    }): Promise<void>;
    findToken(hash: string): Promise<S.ApiToken | null>;
    revokeToken(id: string): Promise<boolean>;
    listTokens(): Promise<S.ApiToken[]>;
    rescueExpired(): Promise<S.RescueResult[]>;
    promoteDue(limit?: number): Promise<number>;
    nextDueAt(): Promise<number | null>;
    prune(opts: {
        olderThanMs: number;
        limit?: number;
    }): Promise<number>;
    get(id: number): Promise<Job | null>;
    attempts(id: number): Promise<Attempt[]>;
    list(filter: S.ListFilter): Promise<{
        jobs: Job[];
        nextCursor: number | null;
    }>;
    getResult(sha256: string): Promise<StoredResult | null>;
    resultQueues(sha256: string): Promise<string[]>;
    stats(): Promise<S.QueueStats[]>;
    finishedAttempts(opts: {
        since: number;
        task?: string;
        limit?: number;
    }): Promise<S.FinishedAttempt[]>;
}
