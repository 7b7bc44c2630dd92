import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Job } from '../../core/job.js';
import { Defaults } from '../../core/limits.js';
import { afterLeaseExpiry } from '../../core/transitions.js';
import { rowToJob, rowToQueueConfig, rowToToken } from '../rows.js';
import type * as S from '../store.js';
import { type PgCtx, withLocal } from './context.js';

/** Operator and maintenance operations. Read-check-write ones lock the job row first. */

export async function cancel(ctx: PgCtx, id: number): Promise<Job> {
  return ctx.db.tx(async (c) => {
    const [row] = await ctx.db.query(ctx.sql.jobByIdForUpdate, [id], c);
    if (!row) throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${id} not found`);
    const job = rowToJob(row);
    if (job.state === 'cancelled') return job;
    if (job.state === 'succeeded' || job.state === 'dead') {
      throw new CoreboundError(
        ErrorCodes.INVALID_STATE,
        `job ${id} is ${job.state}; only unfinished jobs can be cancelled`,
      );
    }
    const now = ctx.now();
    const [after] = await ctx.db.query(ctx.sql.cancel, [now, id], c);
    if (job.state === 'running' && job.leaseToken !== null) {
      await ctx.db.query(
        ctx.sql.endRunningAttempt,
        [now, id, job.leaseToken, 'cancelled', null, 'cancelled while running', job.attempt, job.leaseOwner, job.startedAt, job.runAt],
        c,
      );
    }
    return rowToJob(after);
  });
}

export async function retry(ctx: PgCtx, id: number): Promise<Job> {
  const job = await ctx.db.tx(async (c) => {
    const [row] = await ctx.db.query(ctx.sql.jobByIdForUpdate, [id], c);
    if (!row) throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${id} not found`);
    const j = rowToJob(row);
    const args = [ctx.now(), id, ctx.wake.channel];
    if (j.state === 'dead' || j.state === 'cancelled') return rowToJob((await ctx.db.query(ctx.sql.replay, args, c))[0]);
    if (j.state === 'scheduled' || j.state === 'retrying') {
      return rowToJob((await ctx.db.query(ctx.sql.runNow, args, c))[0]);
    }
    if (j.state !== 'queued') {
      throw new CoreboundError(
        ErrorCodes.INVALID_STATE,
        `job ${id} is ${j.state}; only dead, cancelled or waiting jobs can be retried`,
      );
    }
    return j;
  });
  ctx.wake.local();
  return job;
}

export async function replayDead(ctx: PgCtx, f: { queue?: string; task?: string; limit?: number }): Promise<number> {
  const [r] = await ctx.db.query(ctx.sql.replayDead, [
    ctx.now(),
    f.queue ?? null,
    f.task ?? null,
    f.limit ?? Defaults.maxBatch,
    ctx.wake.channel,
  ]);
  const n = Number(r.n);
  if (n > 0) ctx.wake.local();
  return n;
}

export async function setQueueConfig(
  ctx: PgCtx,
  queue: string,
  config: Partial<Omit<S.QueueConfig, 'queue'>>,
): Promise<S.QueueConfig> {
  const out = await ctx.db.tx(async (c) => {
    const [cur] = await ctx.db.query(ctx.sql.queueForUpdate, [queue], c);
    const base = cur ? rowToQueueConfig(cur) : { queue, paused: false, maxDepth: null, publicResults: false };
    const next = { ...base, ...config, queue };
    const [row] = await ctx.db.query(ctx.sql.upsertQueue, [queue, next.paused, next.maxDepth, next.publicResults], c);
    // A resumed queue may have runnable jobs: wake every node on commit.
    if (cur && rowToQueueConfig(cur).paused && !next.paused) await ctx.db.query(ctx.sql.notify, [ctx.wake.channel], c);
    return rowToQueueConfig(row);
  });
  if (!out.paused) ctx.wake.local();
  return out;
}

export async function queueConfigs(ctx: PgCtx): Promise<S.QueueConfig[]> {
  return (await ctx.db.query(ctx.sql.queues, [])).map(rowToQueueConfig);
}

export async function createToken(ctx: PgCtx, t: { id: string; name: string; hash: string; scopes: string[] }) {
  await ctx.db.query(ctx.sql.createToken, [ctx.now(), t.id, t.name, t.hash, JSON.stringify(t.scopes)]);
}

export async function findToken(ctx: PgCtx, hash: string): Promise<S.ApiToken | null> {
  const [r] = await ctx.db.query(ctx.sql.findToken, [hash]);
  return r ? rowToToken(r) : null;
}

export async function revokeToken(ctx: PgCtx, id: string): Promise<boolean> {
  return (await ctx.db.query(ctx.sql.revokeToken, [ctx.now(), id])).length === 1;
}

export async function listTokens(ctx: PgCtx): Promise<S.ApiToken[]> {
  return (await ctx.db.query(ctx.sql.listTokens, [])).map(rowToToken);
}

// ---- maintenance ----

const LEASE_ERROR = {
  code: ErrorCodes.LEASE_EXPIRED,
  message: 'lease expired: the worker or its node stopped heartbeating',
};

/** Runs every second on the maintenance leader; walks jobs_running without bitmap scans (context.ts withLocal). */
export async function rescueExpired(ctx: PgCtx, limit = 1000): Promise<S.RescueResult[]> {
  const out = await withLocal(ctx, undefined, ['enable_bitmapscan = off'], async (c) => {
    const now = ctx.now();
    const rows = await ctx.db.query(ctx.sql.expiredLeases, [now, limit], c);
    if (rows.length === 0) return [];
    const next = rows.map((r) => afterLeaseExpiry({ crashes: Number(r.crashes), maxCrashes: Number(r.max_crashes) }));
    await ctx.db.query(
      ctx.sql.rescueTo,
      [
        now,
        rows.map((r) => r.id),
        rows.map((r) => r.lease_token),
        next.map((n) => n.state),
        next.map((n) => n.crashes),
        next.map((n) => n.deadReason),
        JSON.stringify(LEASE_ERROR),
        LEASE_ERROR.code,
        LEASE_ERROR.message,
        ctx.wake.channel,
      ],
      c,
    );
    return rows.map((r, i) => ({ id: Number(r.id), state: next[i].state }));
  });
  if (out.some((r) => r.state === 'queued')) ctx.wake.local();
  return out;
}

export async function promoteDue(ctx: PgCtx, limit: number = Defaults.maxBatch): Promise<number> {
  const [r] = await ctx.db.query(ctx.sql.promoteDue, [ctx.now(), limit, ctx.wake.channel]);
  const n = Number(r.n);
  if (n > 0) ctx.wake.local();
  return n;
}

export async function nextDueAt(ctx: PgCtx): Promise<number | null> {
  const [r] = await ctx.db.query(ctx.sql.nextDueAt, []);
  return r?.t === null || r?.t === undefined ? null : Number(r.t);
}

export async function prune(ctx: PgCtx, opts: { olderThanMs: number; limit?: number }): Promise<number> {
  const [r] = await ctx.db.query(ctx.sql.prune, [ctx.now(), Math.round(opts.olderThanMs), opts.limit ?? 1000]);
  return Number(r.n);
}
