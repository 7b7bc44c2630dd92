import pg from 'pg';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Attempt, Job, JobState, StoredResult } from '../../core/job.js';
import { Defaults } from '../../core/limits.js';
import type { EnqueueSpec } from '../../core/spec.js';
import { type PreparedSpec, prepareSpec } from '../../core/validate.js';
import { enqueuedJob, rowToJob } from '../rows.js';
import type * as S from '../store.js';
import * as admin from './admin.js';
import { type PostgresStoreOptions, type ResolvedPgConfig, resolvePgConfig } from './config.js';
import type { PgCtx, Row } from './context.js';
import { Db, type Queryable } from './db.js';
import { pendingMigrations, runMigrations } from './migrator.js';
import * as reads from './reads.js';
import { type Statements, statements } from './sql/index.js';
import { PgWake, type WakeMode, wakeChannel } from './wake.js';
import * as work from './work.js';

/**
 * The PostgreSQL store: many nodes on many machines share one database.
 * Same contract as the SQLite store (test/conformance runs unchanged against
 * both); what differs is how: claims use FOR UPDATE SKIP LOCKED, batches are
 * one statement over unnest()ed arrays, wake-ups are LISTEN/NOTIFY, and
 * connection failures surface as CB_STORE_UNAVAILABLE while the pool
 * reconnects on later calls. SQL lives in ./sql, one module per concern.
 */
export class PostgresStore implements S.Store {
  readonly kind = 'postgres' as const;
  readonly capabilities: S.StoreCapabilities;
  readonly config: ResolvedPgConfig;
  private readonly db: Db;
  private readonly sql: Statements;
  private readonly wake: PgWake;
  private readonly ctx: PgCtx;

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    this.config = resolvePgConfig(url, opts);
    const cfg = this.config;
    this.capabilities = {
      crossProcessWake: true,
      listenNotify: cfg.listen,
      skipLocked: true,
      transactionalEnqueue: true,
      multiNode: true,
    };
    this.db = new Db(cfg);
    this.sql = statements(cfg.schema);
    const channel = wakeChannel(cfg.schema);
    this.wake = new PgWake(cfg, channel, async (payload) => {
      await this.db.pool.query({ ...this.db.bounded('SELECT pg_notify($1, $2)'), values: [channel, payload] });
    });
    const clock = cfg.clock;
    this.ctx = {
      db: this.db,
      sql: this.sql,
      wake: this.wake,
      now: clock ? () => clock.now() : () => null,
      maxPayloadBytes: opts.maxPayloadBytes ?? Defaults.maxPayloadBytes,
      maxResultBytes: opts.maxResultBytes ?? Defaults.maxResultBytes,
    };
  }

  get schema(): string {
    return this.config.schema;
  }

  /** The bounded pool, for callers that want to share it (e.g. transactional enqueue). */
  get pool() {
    return this.db.pool;
  }

  /** 'listening' once a LISTEN connection is verified; 'polling' without LISTEN. */
  get wakeMode(): WakeMode {
    return this.wake.state;
  }

  async migrate(): Promise<void> {
    const now = this.ctx.now() ?? Date.now();
    if (this.config.lockConnectionString === this.config.connectionString) {
      await runMigrations(this.db.pool, this.config.schema, now);
      return;
    }
    // Behind a transaction pooler: the lock and the migrations on a direct connection of their own.
    const direct = new pg.Pool({
      connectionString: this.config.lockConnectionString,
      max: 1,
      connectionTimeoutMillis: this.config.connectTimeoutMs,
      keepAlive: true,
      application_name: 'corebound-migrate',
    });
    direct.on('error', () => {}); // an idle client dying; runMigrations reports what matters
    try {
      await runMigrations(direct, this.config.schema, now);
    } finally {
      await direct.end();
    }
    // A lock URL that reaches another database (a pooler's alias) would migrate that one instead.
    if ((await this.pendingMigrations()).length > 0) {
      throw new CoreboundError(
        ErrorCodes.STORE_URL,
        'lock_url reaches another database than the store URL: migrations applied through it are not seen through the store URL',
      );
    }
  }

  pendingMigrations(): Promise<string[]> {
    return pendingMigrations(this.db.pool, this.config.schema);
  }

  async ping(): Promise<void> {
    await this.db.query(this.sql.ping, []);
  }

  msSinceUnavailable(): number | null {
    const at = this.db.unavailableAt;
    return at === null ? null : performance.now() - at;
  }

  async close(): Promise<void> {
    this.wake.stop();
    await this.db.close();
  }

  onWake(listener: () => void): () => void {
    return this.wake.subscribe(listener);
  }

  // ---- producers ----

  /**
   * One INSERT … SELECT FROM unnest(…) for the batch: atomic, one round trip.
   * With `opts.client` (a pg client inside the caller's open transaction) the
   * same statements run on that client, so the jobs exist iff the caller
   * commits, and the NOTIFY is delivered only at that commit.
   */
  async enqueue(specs: EnqueueSpec[], opts?: S.EnqueueOptions): Promise<S.EnqueueResult[]> {
    if (specs.length > Defaults.maxBatch) {
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, `at most ${Defaults.maxBatch} jobs per batch`);
    }
    const prepared = specs.map((s) => prepareSpec(s, this.ctx.maxPayloadBytes));
    if (prepared.length === 0) return [];
    const client = opts?.client as Queryable | undefined;
    if (client !== undefined && typeof client?.query !== 'function') {
      throw new CoreboundError(ErrorCodes.INVALID_OPTION, 'enqueue client must be a pg Client or PoolClient');
    }
    const out = await this.insert(prepared, client);
    if (!client && out.some((r) => r.created && r.job.state === 'queued')) this.wake.local();
    return out;
  }

  private async insert(prepared: PreparedSpec[], client?: Queryable): Promise<S.EnqueueResult[]> {
    const ext = client !== undefined;
    const col = <T>(f: (p: PreparedSpec) => T) => prepared.map(f);
    const unordered = await this.db.query(
      this.sql.insertJobs,
      [
        this.ctx.now(),
        col((p) => p.task),
        col((p) => p.queue ?? p.task),
        col((p) => p.inputJson),
        col((p) => p.priority ?? Defaults.priority),
        col((p) => p.runAt ?? null),
        col((p) => p.delayMs ?? 0),
        col((p) => p.maxAttempts ?? Defaults.maxAttempts),
        col((p) => p.maxCrashes ?? Defaults.maxCrashes),
        col((p) => p.timeoutMs ?? Defaults.timeoutMs),
        col((p) => p.key ?? null),
        col((p) => p.parentId ?? null),
        col((p) => p.groupId ?? null),
        col((p) => p.traceparent ?? null),
        this.wake.channel,
      ],
      client,
      ext,
    );
    const rows: Row[] = new Array(unordered.length);
    for (const r of unordered) rows[Number(r.ord) - 1] = r;
    const skipped = rows.filter((r) => r.id === null);
    const existing = new Map<string, Row>();
    if (skipped.length > 0) {
      // The key's job committed before our insert (or earlier in this batch); read it.
      const found = await this.db.query(
        this.sql.jobsByKey,
        [skipped.map((r) => r.spec_queue), skipped.map((r) => r.spec_key)],
        client,
        ext,
      );
      for (const r of found) existing.set(`${r.queue}\0${r.idem_key}`, r);
    }
    return rows.map((r, i) => {
      if (r.id !== null) {
        const decided = { id: Number(r.id), state: r.state as JobState, runAt: Number(r.run_at), createdAt: Number(r.created_at) };
        return { job: enqueuedJob(prepared[i], decided), created: true };
      }
      const hit = existing.get(`${r.spec_queue}\0${r.spec_key}`);
      if (!hit) {
        // Pruned between our conflict and our read: rare; the caller may retry.
        throw new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, `job with key "${r.spec_key}" vanished; retry`);
      }
      return { job: rowToJob(hit), created: false };
    });
  }

  // ---- workers ----
  claim(req: S.ClaimRequest): Promise<Job[]> {
    return work.claim(this.ctx, req);
  }
  heartbeat(items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult> {
    return work.heartbeat(this.ctx, items, leaseMs);
  }
  saveCheckpoint(lease: S.Lease, state: unknown): Promise<boolean> {
    return work.saveCheckpoint(this.ctx, lease, state);
  }
  complete(items: S.Completion[]): Promise<S.LeaseOutcome[]> {
    return work.complete(this.ctx, items);
  }
  fail(items: S.Failure[]): Promise<S.LeaseOutcome[]> {
    return work.fail(this.ctx, items);
  }
  release(items: S.Release[]): Promise<S.LeaseOutcome[]> {
    return work.release(this.ctx, items);
  }
  settle(batch: S.SettleBatch): Promise<S.SettleResult> {
    return work.settle(this.ctx, batch);
  }

  // ---- operators ----
  cancel(id: number): Promise<Job> {
    return admin.cancel(this.ctx, id);
  }
  retry(id: number): Promise<Job> {
    return admin.retry(this.ctx, id);
  }
  replayDead(filter: { queue?: string; task?: string; limit?: number }): Promise<number> {
    return admin.replayDead(this.ctx, filter);
  }
  async pauseQueue(queue: string): Promise<void> {
    await admin.setQueueConfig(this.ctx, queue, { paused: true });
  }
  async resumeQueue(queue: string): Promise<void> {
    await admin.setQueueConfig(this.ctx, queue, { paused: false });
  }
  setQueueConfig(queue: string, config: Partial<Omit<S.QueueConfig, 'queue'>>): Promise<S.QueueConfig> {
    return admin.setQueueConfig(this.ctx, queue, config);
  }
  queueConfigs(): Promise<S.QueueConfig[]> {
    return admin.queueConfigs(this.ctx);
  }
  createToken(t: { id: string; name: string; hash: string; scopes: string[] }): Promise<void> {
    return admin.createToken(this.ctx, t);
  }
  findToken(hash: string): Promise<S.ApiToken | null> {
    return admin.findToken(this.ctx, hash);
  }
  revokeToken(id: string): Promise<boolean> {
    return admin.revokeToken(this.ctx, id);
  }
  listTokens(): Promise<S.ApiToken[]> {
    return admin.listTokens(this.ctx);
  }

  // ---- maintenance ----
  rescueExpired(): Promise<S.RescueResult[]> {
    return admin.rescueExpired(this.ctx);
  }
  promoteDue(limit?: number): Promise<number> {
    return admin.promoteDue(this.ctx, limit);
  }
  nextDueAt(): Promise<number | null> {
    return admin.nextDueAt(this.ctx);
  }
  prune(opts: { olderThanMs: number; limit?: number }): Promise<number> {
    return admin.prune(this.ctx, opts);
  }

  // ---- readers ----
  get(id: number): Promise<Job | null> {
    return reads.get(this.ctx, id);
  }
  attempts(id: number): Promise<Attempt[]> {
    return reads.attempts(this.ctx, id);
  }
  list(filter: S.ListFilter): Promise<{ jobs: Job[]; nextCursor: number | null }> {
    return reads.list(this.ctx, filter);
  }
  getResult(sha256: string): Promise<StoredResult | null> {
    return reads.getResult(this.ctx, sha256);
  }
  resultQueues(sha256: string): Promise<string[]> {
    return reads.resultQueues(this.ctx, sha256);
  }
  stats(opts: S.StatsOptions = {}): Promise<S.QueueStats[]> {
    return reads.stats(this.ctx, opts);
  }
  finishedAttempts(opts: { since: number; task?: string; limit?: number }): Promise<S.FinishedAttempt[]> {
    return reads.finishedAttempts(this.ctx, opts);
  }
}
