import { type Attempt, type Job, JobStates, type StoredResult } from '../../core/job.js';
import { listLimit, listWhere } from '../list-query.js';
import { rowToAttempt, rowToFinishedAttempt, rowToJob, rowToResult, statsAccumulator } from '../rows.js';
import type * as S from '../store.js';
import { STATS_COUNT_CAP } from '../store.js';
import { queueConfigs } from './admin.js';
import { type PgCtx, withLocal } from './context.js';

/** Readers: no locks, one statement each (stats: three, its counts in a transaction of their own). */

export async function get(ctx: PgCtx, id: number): Promise<Job | null> {
  const [row] = await ctx.db.query(ctx.sql.jobById, [id]);
  return row ? rowToJob(row) : null;
}

export async function attempts(ctx: PgCtx, id: number): Promise<Attempt[]> {
  return (await ctx.db.query(ctx.sql.attempts, [id])).map(rowToAttempt);
}

export async function list(ctx: PgCtx, f: S.ListFilter): Promise<{ jobs: Job[]; nextCursor: number | null }> {
  const limit = listLimit(f);
  const q = listWhere(f, (_, i) => `$${i + 1}`);
  const byQueue = f.queue != null && f.state == null;
  const rows = await ctx.db.query(ctx.sql.list(q.where, `$${q.values.length + 1}`, byQueue), [...q.values, limit + 1]);
  const jobs = rows.slice(0, limit).map(rowToJob);
  return { jobs, nextCursor: rows.length > limit ? jobs[jobs.length - 1].id : null };
}

export async function getResult(ctx: PgCtx, sha256: string): Promise<StoredResult | null> {
  const [r] = await ctx.db.query(ctx.sql.result, [sha256]);
  return r ? rowToResult(r) : null;
}

export async function resultQueues(ctx: PgCtx, sha256: string): Promise<string[]> {
  return (await ctx.db.query(ctx.sql.resultQueues, [sha256])).map((r) => r.queue as string);
}

/**
 * Bounded: each (queue, state) count stops at `cap` (default STATS_COUNT_CAP), finished states at
 * `finishedCap` (default `cap`). Meant for a snapshot on a timer.
 * The counts run with JIT and bitmap scans off (context.ts withLocal).
 */
export async function stats(ctx: PgCtx, opts: S.StatsOptions): Promise<S.QueueStats[]> {
  const cap = opts.cap ?? STATS_COUNT_CAP;
  const { entry, sorted } = statsAccumulator();
  const [counts, oldest, configs] = await Promise.all([
    withLocal(ctx, undefined, ['jit = off', 'enable_bitmapscan = off'], (c) =>
      ctx.db.query(ctx.sql.countsCapped, [cap, JobStates, opts.finishedCap ?? cap], c),
    ),
    ctx.db.query(ctx.sql.oldestQueued, []),
    queueConfigs(ctx),
  ]);
  for (const r of counts) entry(r.queue as string).counts[r.state as Job['state']] = Number(r.n);
  for (const r of oldest) entry(r.queue as string).oldestQueuedAt = Number(r.t);
  for (const q of configs) entry(q.queue).paused = q.paused;
  return sorted();
}

export async function finishedAttempts(
  ctx: PgCtx,
  opts: { since: number; task?: string; limit?: number },
): Promise<S.FinishedAttempt[]> {
  const rows = await ctx.db.query(ctx.sql.finishedAttempts, [opts.since, opts.task ?? null, opts.limit ?? 100_000]);
  return rows.map(rowToFinishedAttempt);
}
