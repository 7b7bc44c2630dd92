import { type Attempt, type Job, type StoredResult } from '../../core/job.js';
import type { EnqueueSpec } from '../../core/spec.js';
import type * as S from '../store.js';
export interface SqliteStoreOptions extends S.StoreOptions {
    /**
     * 'full' (default): an acknowledged write survives power loss.
     * 'normal': survives a process crash; the last commits may be lost on power
     * loss, for several times the single-transaction rate. See docs/operations.md.
     */
    durability?: 'full' | 'normal';
    busyTimeoutMs?: number;
}
/**
 * The embedded store: one better-sqlite3 connection per process (SQLite
 * allows one writer at a time anyway), WAL so readers never block the writer,
 * and BEGIN IMMEDIATE for every read-modify-write so two processes on the same
 * file serialize instead of failing with SQLITE_BUSY mid-transaction.
 */
export declare class SqliteStore implements S.Store {
    readonly path: string;
    readonly kind: "sqlite";
    readonly capabilities: S.StoreCapabilities;
    private db;
    private stmts;
    private clock;
    private wake;
    private maxPayloadBytes;
    private maxResultBytes;
    private durability;
    constructor(path: string, opts?: SqliteStoreOptions);
    private st;
    /**
     * Runs fn in BEGIN IMMEDIATE, mapping SQLite errors to coded ones.
     * `durable: false` commits without an fsync (synchronous=NORMAL) for writes
     * whose loss on power failure is harmless: a lost claim, heartbeat,
     * promotion or rescue only means a job runs again or is rescued again,
     * which at-least-once already allows. The next durable commit fsyncs the
     * WAL, and with it these frames. Acknowledged enqueues, completions,
     * failures and checkpoints are always fsynced at the configured durability.
     */
    private tx;
    migrate(): Promise<void>;
    pendingMigrations(): Promise<string[]>;
    ping(): Promise<void>;
    close(): Promise<void>;
    onWake(listener: () => void): () => void;
    enqueue(specs: EnqueueSpec[], _opts?: S.EnqueueOptions): Promise<S.EnqueueResult[]>;
    claim(req: S.ClaimRequest): Promise<Job[]>;
    heartbeat(items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult>;
    saveCheckpoint(lease: S.Lease, state: unknown): Promise<boolean>;
    complete(items: S.Completion[]): Promise<S.LeaseOutcome[]>;
    fail(items: S.Failure[]): Promise<S.LeaseOutcome[]>;
    release(items: S.Release[]): Promise<S.LeaseOutcome[]>;
    private endAttempt;
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
    rescueExpired(): Promise<S.RescueResult[]>;
    promoteDue(limit?: 10000): Promise<number>;
    nextDueAt(): Promise<number | null>;
    prune(opts: {
        olderThanMs: number;
        limit?: number;
    }): Promise<number>;
    private mustGet;
    get(id: number): Promise<Job | null>;
    attempts(id: number): Promise<Attempt[]>;
    list(f: S.ListFilter): Promise<{
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
    createToken(t: {
        id: string;
        name: string;
        hash: string;
        scopes: string[];
    }): Promise<void>;
    findToken(hash: string): Promise<S.ApiToken | null>;
    revokeToken(id: string): Promise<boolean>;
    listTokens(): Promise<S.ApiToken[]>;
}
