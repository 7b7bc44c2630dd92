import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../../core/clock.js';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Attempt, Job, StoredResult } from '../../core/job.js';
import { Defaults } from '../../core/limits.js';
import type { EnqueueSpec } from '../../core/spec.js';
import { prepareSpec } from '../../core/validate.js';
import { listLimit, listWhere } from '../list-query.js';
import {
  rowToAttempt,
  rowToFinishedAttempt,
  rowToJob,
  rowToQueueConfig,
  rowToResult,
  rowToToken,
} from '../rows.js';
import type * as S from '../store.js';
import { claimJobs } from './claim.js';
import { mapSqliteError } from './errors.js';
import { pruneFinished, rescueExpiredLeases } from './maintenance.js';
import { migrations } from './migrations.js';
import { cancelJob } from './operators.js';
import { completeOne, failOne, hashResults, releaseOne } from './outcomes.js';
import { getRow } from './raw-rows.js';
import { listSql, type StatementName, sql } from './statements.js';
import { queueStats } from './stats.js';
import { SqliteWake } from './wake.js';
import { WalSync } from './wal-sync.js';

export interface SqliteStoreOptions extends S.StoreOptions {
  /**
   * 'full' (default): an acknowledged write survives power loss.
   * 'normal': survives a process crash; the last commits may be lost on power
   * loss, for several times the single-transaction rate. See docs/operations.md.
   */
  durability?: 'full' | 'normal';
  busyTimeoutMs?: number;
}

type Row = Record<string, unknown>;

/**
 * How a transaction's commit reaches the disk. 'inline': at the connection's
 * setting (FULL by default: fsync before COMMIT returns). 'none': no fsync,
 * for writes whose loss on power failure is harmless (see tx()). 'group': no
 * fsync at COMMIT; the caller then awaits durable(), a shared fsync of the
 * WAL off the event loop (wal-sync.ts). Falls back to 'inline' when there is
 * no WAL file to sync (':memory:', or a filesystem without WAL).
 */
type Sync = 'inline' | 'none' | 'group';

/**
 * The embedded store: one better-sqlite3 connection per process (SQLite
 * allows one writer at a time anyway), WAL so readers never block the writer,
 * and BEGIN IMMEDIATE for every read-modify-write so two processes on the same
 * file serialize instead of failing with SQLITE_BUSY mid-transaction.
 */
export class SqliteStore implements S.Store {
  readonly kind = 'sqlite' as const;
  readonly capabilities: S.StoreCapabilities = {
    crossProcessWake: true,
    listenNotify: false,
    skipLocked: false,
    transactionalEnqueue: false,
    multiNode: false,
  };
  private db: Database.Database;
  private stmts = new Map<StatementName, Database.Statement>();
  /** Job listings by their WHERE clause: one per filter combination (list-query.ts). */
  private lists = new Map<string, Database.Statement>();
  private clock: Clock;
  private wake: SqliteWake;
  private maxPayloadBytes: number;
  private maxResultBytes: number;
  private durability: 'full' | 'normal';
  private walSync: WalSync | null = null;
  private control!: Record<'begin' | 'commit' | 'rollback', Database.Statement>;

  constructor(
    readonly path: string,
    opts: SqliteStoreOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.maxPayloadBytes = opts.maxPayloadBytes ?? Defaults.maxPayloadBytes;
    this.maxResultBytes = opts.maxResultBytes ?? Defaults.maxResultBytes;
    this.durability = opts.durability ?? 'full';
    try {
      this.db = new Database(path, { timeout: opts.busyTimeoutMs ?? 5000 });
      const wal = path !== ':memory:' && this.db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
      this.db.pragma(`synchronous = ${this.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('foreign_keys = OFF');
      // A checkpoint runs inside the commit that crosses this many WAL pages and
      // fsyncs twice on the event loop. A busy node writes ~15 pages per
      // transaction, so SQLite's default (1000) meant a checkpoint every ~70
      // transactions; 8192 (32 MiB of WAL) makes them 8× rarer, and cheaper per
      // page because hot pages are copied once. Measured ~10% on no-op jobs.
      if (wal) this.db.pragma('wal_autocheckpoint = 8192');
      if (wal && this.durability === 'full') this.walSync = new WalSync(this.db.name);
      const prep = (text: string) => this.db.prepare(text);
      this.control = {
        begin: prep('BEGIN IMMEDIATE'),
        commit: prep('COMMIT'),
        rollback: prep('ROLLBACK'),
      };
    } catch (e) {
      throw mapSqliteError(e, path);
    }
    this.wake = new SqliteWake(this.db);
  }

  /** st() as a function value, for the hot-path modules (claim.ts, outcomes.ts). */
  private readonly stf = (name: StatementName): Database.Statement => this.st(name);

  private st(name: StatementName): Database.Statement {
    let s = this.stmts.get(name);
    if (!s) {
      s = this.db.prepare(sql[name]);
      this.stmts.set(name, s);
    }
    return s;
  }

  /**
   * Runs fn in BEGIN IMMEDIATE, mapping SQLite errors to coded ones.
   * sync 'none' commits without an fsync (synchronous=NORMAL) for writes
   * whose loss on power failure is harmless: a lost claim, heartbeat,
   * promotion or rescue only means a job runs again or is rescued again,
   * which at-least-once already allows. The next fsync of the WAL covers these
   * frames too. Acknowledged enqueues, completions, failures and checkpoints
   * use 'group' and are fsynced before they are acknowledged (durable()).
   */
  private tx<T>(fn: (now: number) => T, sync: Sync = 'inline'): T {
    if (sync === 'group' && !this.walSync) sync = 'inline';
    const now = this.clock.now();
    const relax = sync !== 'inline' && this.durability === 'full';
    const c = this.control;
    try {
      // exec, not a prepared statement: SQLite applies this pragma when it is compiled.
      if (relax) this.db.exec('PRAGMA synchronous = NORMAL');
      c.begin.run();
      try {
        const out = fn(now);
        c.commit.run();
        return out;
      } catch (e) {
        if (this.db.inTransaction) c.rollback.run();
        throw e;
      }
    } catch (e) {
      throw mapSqliteError(e, this.path);
    } finally {
      if (relax && this.db.open) this.db.exec('PRAGMA synchronous = FULL');
    }
  }

  /** Resolves once every 'group' commit made so far is on disk (see wal-sync.ts). */
  private durable(): Promise<void> {
    return this.walSync ? this.walSync.durable() : Promise.resolve();
  }

  async migrate(): Promise<void> {
    try {
      this.db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    } catch (e) {
      throw mapSqliteError(e, this.path);
    }
    this.tx((now) => {
      const done = new Set(
        (this.db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((r) => r.name),
      );
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        if (m.sql) this.db.exec(m.sql);
        m.run?.(this.db);
        this.db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(m.name, now);
      }
    });
  }

  async pendingMigrations(): Promise<string[]> {
    try {
      const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get();
      const done = has
        ? new Set((this.db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((r) => r.name))
        : new Set<string>();
      return migrations.map((m) => m.name).filter((n) => !done.has(n));
    } catch (e) {
      throw mapSqliteError(e, this.path);
    }
  }

  async ping(): Promise<void> {
    if (!this.db.open) throw new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'store is closed');
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.wake.stop();
    await this.walSync?.close();
    if (this.db.open) this.db.close();
  }

  onWake(listener: () => void): () => void {
    return this.wake.subscribe(listener);
  }

  // ---- producers ----

  async enqueue(specs: EnqueueSpec[], _opts?: S.EnqueueOptions): Promise<S.EnqueueResult[]> {
    if (specs.length > Defaults.maxBatch) {
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, `at most ${Defaults.maxBatch} jobs per batch`);
    }
    const prepared = specs.map((s) => prepareSpec(s, this.maxPayloadBytes));
    const results = this.tx((now) =>
      prepared.map((p) => {
        const queue = p.queue ?? p.task;
        const runAt = p.runAt ?? now + (p.delayMs ?? 0);
        const row = getRow(this.st('insertJob'), {
          task: p.task,
          queue,
          state: runAt > now ? 'scheduled' : 'queued',
          input: p.inputJson,
          priority: p.priority ?? Defaults.priority,
          run_at: runAt,
          now,
          max_attempts: p.maxAttempts ?? Defaults.maxAttempts,
          max_crashes: p.maxCrashes ?? Defaults.maxCrashes,
          timeout_ms: p.timeoutMs ?? Defaults.timeoutMs,
          idem_key: p.key ?? null,
          parent_id: p.parentId ?? null,
          group_id: p.groupId ?? null,
          traceparent: p.traceparent ?? null,
        });
        if (row) return { job: rowToJob(row), created: true };
        const existing = this.st('jobByKey').get({ queue, key: p.key }) as Row;
        return { job: rowToJob(existing), created: false };
      }),
      'group',
    );
    // Scheduled jobs wake listeners too, so a node re-reads nextDueAt and promotes exactly on time.
    // A local node may start the job before the fsync below; a power loss then loses the enqueue
    // (never acknowledged) and the run, which at-least-once allows.
    // A node in this process claims at the next check phase (setImmediate, claim-loop.ts): yielding one
    // lets it hand the job to a worker before this fdatasync starts, instead of beside it on the same
    // cores. Measured (bench/noop-throughput.ts --latency 1500, five alternating pairs): idle
    // enqueue-to-start p99 1.77–2.33 → 1.15–1.71 ms; the enqueue call itself ~0.1 ms longer.
    if (results.some((r) => r.created) && this.wake.notify() && this.walSync) await new Promise((r) => setImmediate(r));
    await this.durable();
    return results;
  }

  // ---- workers ----

  async claim(req: S.ClaimRequest): Promise<Job[]> {
    if (req.limit <= 0) return [];
    return this.tx((now) => claimJobs(this.stf, now, req), 'none');
  }

  async heartbeat(items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult> {
    const ok: S.Lease[] = [];
    const lost: S.Lease[] = [];
    if (items.length === 0) return { ok, lost };
    this.tx((now) => {
      for (const it of items) {
        const progress =
          it.progress === undefined || !Number.isFinite(it.progress) ? null : Math.min(1, Math.max(0, it.progress));
        const r = this.st('heartbeat').run({
          id: it.id,
          token: it.token,
          expires: now + leaseMs,
          progress,
          progress_message: it.progressMessage?.slice(0, 500) ?? null,
        });
        (r.changes === 1 ? ok : lost).push({ id: it.id, token: it.token });
      }
    }, 'none');
    return { ok, lost };
  }

  async saveCheckpoint(lease: S.Lease, state: unknown): Promise<boolean> {
    const checkpoint = JSON.stringify(state ?? null);
    const bytes = Buffer.byteLength(checkpoint);
    if (bytes > this.maxPayloadBytes) {
      throw new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, `checkpoint of ${bytes} bytes is over the limit of ${this.maxPayloadBytes}`);
    }
    const ok = this.tx((now) => this.st('saveCheckpoint').run({ ...lease, checkpoint, now }).changes === 1, 'group');
    await this.durable();
    return ok;
  }

  async complete(items: S.Completion[]): Promise<S.LeaseOutcome[]> {
    const hashed = hashResults(items, this.maxResultBytes);
    const out = this.tx((now) => hashed.map((h) => completeOne(this.stf, h, now)), 'group');
    await this.durable();
    return out;
  }

  async fail(items: S.Failure[]): Promise<S.LeaseOutcome[]> {
    const outcomes = this.tx((now) => items.map((f) => failOne(this.stf, f, now)), 'group');
    if (outcomes.some((o) => o.state === 'queued')) this.wake.notify();
    await this.durable();
    return outcomes;
  }

  async release(items: S.Release[]): Promise<S.LeaseOutcome[]> {
    const outcomes = this.tx((now) => items.map((it) => releaseOne(this.stf, it, now)), 'group');
    if (outcomes.some((o) => o.ok)) this.wake.notify();
    await this.durable();
    return outcomes;
  }

  async settle(batch: S.SettleBatch): Promise<S.SettleResult> {
    const hashed = hashResults(batch.complete ?? [], this.maxResultBytes);
    const fails = batch.fail ?? [];
    const releases = batch.release ?? [];
    const writes = hashed.length + fails.length + releases.length > 0;
    const r = this.tx(
      (now) => ({
        complete: hashed.map((h) => completeOne(this.stf, h, now)),
        fail: fails.map((f) => failOne(this.stf, f, now)),
        release: releases.map((it) => releaseOne(this.stf, it, now)),
        claimed: batch.claim ? claimJobs(this.stf, now, batch.claim) : [],
      }),
      writes ? 'group' : 'none',
    );
    if (r.fail.some((o) => o.state === 'queued') || r.release.some((o) => o.ok)) this.wake.notify();
    const durable = writes ? this.durable() : Promise.resolve();
    durable.catch(() => {}); // the caller awaits it; never an unhandled rejection
    return { ...r, durable };
  }

  // ---- operators ----

  async cancel(id: number): Promise<Job> {
    return this.tx((now) => {
      const job = this.mustGet(id);
      return cancelJob(this.stf, job, now) ? this.mustGet(id) : job;
    });
  }

  async retry(id: number): Promise<Job> {
    const job = this.tx((now) => {
      const j = this.mustGet(id);
      if (j.state === 'dead' || j.state === 'cancelled') this.st('replay').run({ id, now });
      else if (j.state === 'scheduled' || j.state === 'retrying') this.st('runNow').run({ id, now });
      else if (j.state !== 'queued') {
        throw new CoreboundError(ErrorCodes.INVALID_STATE, `job ${id} is ${j.state}; only dead, cancelled or waiting jobs can be retried`);
      }
      return this.mustGet(id);
    });
    this.wake.notify();
    return job;
  }

  async replayDead(filter: { queue?: string; task?: string; limit?: number }): Promise<number> {
    const n = this.tx(
      (now) =>
        this.st('replayDead').run({
          now,
          queue: filter.queue ?? null,
          task: filter.task ?? null,
          limit: filter.limit ?? Defaults.maxBatch,
        }).changes,
    );
    if (n > 0) this.wake.notify();
    return n;
  }

  async pauseQueue(queue: string): Promise<void> {
    await this.setQueueConfig(queue, { paused: true });
  }

  async resumeQueue(queue: string): Promise<void> {
    await this.setQueueConfig(queue, { paused: false });
    this.wake.notify();
  }

  async setQueueConfig(queue: string, config: Partial<Omit<S.QueueConfig, 'queue'>>): Promise<S.QueueConfig> {
    return this.tx(() => {
      const cur = this.st('queue').get(queue) as Row | undefined;
      const base = cur ? rowToQueueConfig(cur) : { queue, paused: false, maxDepth: null, publicResults: false };
      const next = { ...base, ...config };
      const row = this.st('upsertQueue').get({
        queue,
        paused: next.paused ? 1 : 0,
        max_depth: next.maxDepth,
        public_results: next.publicResults ? 1 : 0,
      }) as Row;
      return rowToQueueConfig(row);
    });
  }

  async queueConfigs(): Promise<S.QueueConfig[]> {
    return (this.st('queues').all() as Row[]).map(rowToQueueConfig);
  }

  // ---- maintenance ----

  async rescueExpired(): Promise<S.RescueResult[]> {
    const out = this.tx((now) => rescueExpiredLeases(this.stf, now, 1000), 'none');
    if (out.some((r) => r.state === 'queued')) this.wake.notify();
    return out;
  }

  async promoteDue(limit = Defaults.maxBatch): Promise<number> {
    const n = this.tx((now) => this.st('promoteDue').run({ now, limit }).changes, 'none');
    if (n > 0) this.wake.notify();
    return n;
  }

  async nextDueAt(): Promise<number | null> {
    const r = this.st('nextDueAt').get() as { t: number | null };
    return r.t ?? null;
  }

  async prune(opts: { olderThanMs: number; limit?: number }): Promise<number> {
    return this.tx((now) => pruneFinished(this.stf, now - opts.olderThanMs, opts.limit ?? 1000));
  }

  // ---- readers ----

  private mustGet(id: number): Job {
    const row = this.st('jobById').get(id) as Row | undefined;
    if (!row) throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${id} not found`);
    return rowToJob(row);
  }

  async get(id: number): Promise<Job | null> {
    const row = this.st('jobById').get(id) as Row | undefined;
    return row ? rowToJob(row) : null;
  }

  async attempts(id: number): Promise<Attempt[]> {
    return (this.st('attempts').all({ id }) as Row[]).map(rowToAttempt);
  }

  async list(f: S.ListFilter): Promise<{ jobs: Job[]; nextCursor: number | null }> {
    const limit = listLimit(f);
    const q = listWhere(f, (name) => `@${name}`);
    let stmt = this.lists.get(q.where);
    if (!stmt) {
      stmt = this.db.prepare(listSql(q.where));
      this.lists.set(q.where, stmt);
    }
    const params: Record<string, unknown> = { limit: limit + 1 };
    q.names.forEach((n, i) => {
      params[n] = q.values[i];
    });
    const rows = stmt.all(params) as Row[];
    const jobs = rows.slice(0, limit).map(rowToJob);
    return { jobs, nextCursor: rows.length > limit ? jobs[jobs.length - 1].id : null };
  }

  async getResult(sha256: string): Promise<StoredResult | null> {
    const r = (this.st('inlineResult').get({ sha: sha256 }) ?? this.st('result').get(sha256)) as Row | undefined;
    return r ? rowToResult(r) : null;
  }

  async resultQueues(sha256: string): Promise<string[]> {
    return (this.st('resultQueues').all({ sha: sha256 }) as Row[]).map((r) => r.queue as string);
  }

  async stats(opts: S.StatsOptions = {}): Promise<S.QueueStats[]> {
    return queueStats(this.stf, opts, await this.queueConfigs());
  }

  async finishedAttempts(opts: { since: number; task?: string; limit?: number }): Promise<S.FinishedAttempt[]> {
    return (
      this.st('finishedAttempts').all({ since: opts.since, task: opts.task ?? null, limit: opts.limit ?? 100_000 }) as Row[]
    ).map(rowToFinishedAttempt);
  }

  // ---- tokens ----

  async createToken(t: { id: string; name: string; hash: string; scopes: string[] }): Promise<void> {
    this.tx((now) => this.st('createToken').run({ ...t, scopes: JSON.stringify(t.scopes), now }));
  }

  async findToken(hash: string): Promise<S.ApiToken | null> {
    const r = this.st('findToken').get(hash) as Row | undefined;
    return r ? rowToToken(r) : null;
  }

  async revokeToken(id: string): Promise<boolean> {
    return this.tx((now) => this.st('revokeToken').run({ id, now }).changes === 1);
  }

  async listTokens(): Promise<S.ApiToken[]> {
    return (this.st('listTokens').all() as Row[]).map(rowToToken);
  }
}
