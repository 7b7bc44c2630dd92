import type { Attempt, AttemptMetrics, FailureKind, Job, JobError, JobState, StoredResult } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';

/**
 * The storage seam, named in queue terms. SQLite and PostgreSQL implement it
 * and both run test/conformance unchanged. Every method that changes a job is
 * one atomic statement or transaction. Methods that take a lease act only
 * when `token` is the job's current fencing token; otherwise they report the
 * item as stale and leave the job untouched.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly capabilities: StoreCapabilities;

  /** Applies pending migrations (idempotent, safe to race). */
  migrate(): Promise<void>;
  /** Names of migrations not yet applied; empty when up to date. */
  pendingMigrations(): Promise<string[]>;
  /** Cheap round trip; throws CB_STORE_UNAVAILABLE when unreachable. */
  ping(): Promise<void>;
  /**
   * How long ago one of this store's calls last found it unreachable (null:
   * never). A node that becomes the maintenance leader right after an
   * outage waits before rescuing; one taking over from a crashed leader
   * does not. Stores that cannot be unreachable need not implement it.
   */
  msSinceUnavailable?(): number | null;
  close(): Promise<void>;

  // ---- producers ----
  /**
   * Enqueues in one transaction. A spec whose (queue, key) already exists
   * returns the existing job with `created: false` and stores nothing.
   * Throws (storing nothing) on any invalid spec.
   */
  enqueue(specs: EnqueueSpec[], opts?: EnqueueOptions): Promise<EnqueueResult[]>;

  // ---- workers ----
  /**
   * Claims up to `limit` runnable jobs (state queued, queue not paused), by
   * priority (lower first), then runAt, then id. Each claimed job gets a new
   * fencing token, a lease until now + leaseMs, attempt + 1, and an attempt row.
   */
  claim(req: ClaimRequest): Promise<Job[]>;
  /** Extends leases and records progress; stale leases are reported in `lost`. */
  heartbeat(items: HeartbeatItem[], leaseMs: number): Promise<HeartbeatResult>;
  /** Saves checkpoint state, durable before it returns; false when the lease is stale. */
  saveCheckpoint(lease: Lease, state: unknown): Promise<boolean>;
  complete(items: Completion[]): Promise<LeaseOutcome[]>;
  fail(items: Failure[]): Promise<LeaseOutcome[]>;
  /** Graceful drain: back to queued now, using up neither budget. */
  release(items: Release[]): Promise<LeaseOutcome[]>;
  /**
   * The runtime's hot path: complete + fail + release, then claim, in ONE
   * transaction (one commit, one fsync). Same fencing, validation and results
   * as calling those methods in that order, but all or nothing: when it
   * throws, nothing changed. The claimed jobs may be started as soon as this
   * resolves; the outcomes must not be acknowledged (reported as written)
   * before `durable` resolves, which is when the commit is on disk at the
   * store's configured durability. Optional: callers fall back to the
   * separate methods.
   */
  settle?(batch: SettleBatch): Promise<SettleResult>;

  // ---- operators ----
  /** queued/scheduled/retrying/running → cancelled (a running job's lease is revoked). */
  cancel(id: number): Promise<Job>;
  /** dead/cancelled → queued with fresh budgets; scheduled/retrying → queued now. */
  retry(id: number): Promise<Job>;
  /** Replays up to `limit` dead jobs (dead-letter replay); returns how many. */
  replayDead(filter: { queue?: string; task?: string; limit?: number }): Promise<number>;
  pauseQueue(queue: string): Promise<void>;
  resumeQueue(queue: string): Promise<void>;
  /** Per-queue settings; queues without a row use the defaults (not paused, default depth, private results). */
  setQueueConfig(queue: string, config: Partial<Omit<QueueConfig, 'queue'>>): Promise<QueueConfig>;
  queueConfigs(): Promise<QueueConfig[]>;

  // ---- API tokens (HTTP API); only the sha256 of a token is stored ----
  createToken(t: { id: string; name: string; hash: string; scopes: string[] }): Promise<void>;
  findToken(hash: string): Promise<ApiToken | null>;
  revokeToken(id: string): Promise<boolean>;
  listTokens(): Promise<ApiToken[]>;

  // ---- maintenance (run by one elected node on shared stores) ----
  /** Running jobs whose lease expired → queued (a crash) or dead/poison at maxCrashes. */
  rescueExpired(): Promise<RescueResult[]>;
  /** scheduled/retrying jobs with runAt <= now → queued. Returns how many. */
  promoteDue(limit?: number): Promise<number>;
  /** Earliest runAt among scheduled/retrying jobs, or null. */
  nextDueAt(): Promise<number | null>;
  /** Deletes final jobs finished before now - olderThanMs (in batches of `limit`), and unreferenced results. */
  prune(opts: { olderThanMs: number; limit?: number }): Promise<number>;

  // ---- readers ----
  get(id: number): Promise<Job | null>;
  attempts(id: number): Promise<Attempt[]>;
  list(filter: ListFilter): Promise<{ jobs: Job[]; nextCursor: number | null }>;
  getResult(sha256: string): Promise<StoredResult | null>;
  /**
   * Distinct queues of the jobs whose result is `sha256` (empty when none).
   * The HTTP API serves a result publicly only when one of them has public
   * results. Optional until every store has it: without it, every result is
   * treated as private (served with a token or a signed URL).
   */
  resultQueues?(sha256: string): Promise<string[]>;
  /**
   * Per-queue counts by state, each stopping at `cap` (default
   * STATS_COUNT_CAP), finished states at `finishedCap` (default `cap`), so
   * the cost is bounded: counting walks an index, about 50 ms per million
   * jobs counted (SQLite, warm). Call from a snapshot on a timer, not per request.
   */
  stats(opts?: StatsOptions): Promise<QueueStats[]>;
  /** Finished attempts with endedAt >= since, oldest first; feeds cost and planner. */
  finishedAttempts(opts: { since: number; task?: string; limit?: number }): Promise<FinishedAttempt[]>;

  /**
   * Calls `listener` soon after jobs may have become runnable (enqueue,
   * retry, release, promotion), in this process or (where the capability
   * says so) another. Wake-ups are hints: a listener must still claim.
   */
  onWake(listener: () => void): () => void;
}

export interface StoreCapabilities {
  /** Wake-ups reach other processes (LISTEN/NOTIFY, or SQLite data_version polling). */
  crossProcessWake: boolean;
  listenNotify: boolean;
  skipLocked: boolean;
  /** enqueue() can join a caller's transaction (opts.client). */
  transactionalEnqueue: boolean;
  /** Many nodes on different machines can share it. */
  multiNode: boolean;
}

export interface EnqueueOptions {
  /** PostgreSQL only: a `pg` client inside the caller's open transaction. */
  client?: unknown;
}

export interface EnqueueResult {
  job: Job;
  /** False when the idempotency key matched an existing job. */
  created: boolean;
}

export interface ClaimRequest {
  workerId: string;
  limit: number;
  leaseMs: number;
  /** Only these queues; undefined means every queue. */
  queues?: string[];
}

export interface Lease {
  id: number;
  token: number;
}

export interface HeartbeatItem extends Lease {
  progress?: number;
  progressMessage?: string;
}

export interface HeartbeatResult {
  ok: Lease[];
  lost: Lease[];
}

export interface Completion extends Lease {
  /** The result, already serialized. Stored once by its sha256. */
  result?: Buffer;
  contentType?: string;
  metrics?: AttemptMetrics;
}

export interface Failure extends Lease {
  kind: FailureKind;
  error: JobError;
  /** False for NonRetryableError: the job goes dead (non_retryable) at once. */
  retryable: boolean;
  /** Delay before the next attempt when the job is retried; computed by the runtime's retry policy. */
  retryDelayMs: number;
  metrics?: AttemptMetrics;
}

export interface Release extends Lease {
  metrics?: AttemptMetrics;
}

export interface LeaseOutcome {
  id: number;
  /** False when the token was stale: nothing was changed. */
  ok: boolean;
  /** The job's state after the operation (when ok). */
  state?: JobState;
  resultSha?: string;
}

export interface SettleBatch {
  complete?: Completion[];
  fail?: Failure[];
  release?: Release[];
  /** Claimed after the outcomes are written, in the same transaction. */
  claim?: ClaimRequest;
}

export interface SettleResult {
  /** One outcome per item, in order, as complete/fail/release would return. */
  complete: LeaseOutcome[];
  fail: LeaseOutcome[];
  release: LeaseOutcome[];
  claimed: Job[];
  /** Resolves when the outcomes are durable; rejects if they may not be (the store is then unusable). */
  durable: Promise<void>;
}

export interface RescueResult {
  id: number;
  state: 'queued' | 'dead';
}

export interface ListFilter {
  state?: JobState;
  queue?: string;
  task?: string;
  limit?: number;
  /** Keyset cursor: return jobs with id < cursor (newest first). */
  cursor?: number;
}

/** stats() stops counting a (queue, state) at this many jobs unless told otherwise: readers show "1M+". */
export const STATS_COUNT_CAP = 1_000_000;

export interface StatsOptions {
  cap?: number;
  finishedCap?: number;
}

/**
 * Readers show counts past this as "100k+" (exact big numbers are noise on a
 * dashboard), so the shared snapshot counts finished jobs no further
 * (src/http/admission.ts).
 */
export const COUNT_BOUND = 100_000;

/** Results up to this size are stored in their job's row, bigger ones in a results table (same API either way). */
export const INLINE_RESULT_BYTES = 1024;

export interface QueueStats {
  queue: string;
  paused: boolean;
  counts: Record<JobState, number>;
  /** runAt of the oldest queued job, or null. */
  oldestQueuedAt: number | null;
}

export interface FinishedAttempt {
  jobId: number;
  task: string;
  queue: string;
  attempt: number;
  outcome: Attempt['outcome'];
  startedAt: number;
  endedAt: number;
  waitMs: number | null;
  wallMs: number | null;
  cpuMs: number | null;
  peakMemBytes: number | null;
}

export interface QueueConfig {
  queue: string;
  paused: boolean;
  /** Admission bound: enqueue is refused past this many waiting jobs; null = default. */
  maxDepth: number | null;
  /** Results of this queue may be cached publicly by a CDN. */
  publicResults: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  hash: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

export interface StoreOptions {
  clock?: import('../core/clock.js').Clock;
  maxPayloadBytes?: number;
  maxResultBytes?: number;
}
