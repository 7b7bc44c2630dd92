import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Job } from '../../core/job.js';
import { sha256Hex } from '../../core/sha256.js';
import { afterFailure } from '../../core/transitions.js';
import { rowToJob } from '../rows.js';
import { INLINE_RESULT_BYTES } from '../store.js';
import type * as S from '../store.js';
import { clean, type PgCtx, type Row, withLocal } from './context.js';
import type { Queryable } from './db.js';

/** Worker-side operations: claim and everything that needs a lease. */

const claimable = (req: S.ClaimRequest | undefined): req is S.ClaimRequest =>
  !!req && req.limit > 0 && !(req.queues && req.queues.length === 0);

const claimArgs = (req: S.ClaimRequest) => {
  const args: unknown[] = [Math.floor(req.limit), req.workerId, Math.max(1, Math.round(req.leaseMs))];
  if (req.queues) args.push(req.queues);
  return args;
};

export async function claim(ctx: PgCtx, req: S.ClaimRequest, client?: Queryable): Promise<Job[]> {
  if (!claimable(req)) return [];
  const args = [ctx.now(), ...claimArgs(req)];
  const rows = req.queues
    ? await ctx.db.query(ctx.sql.claimQueues, args, client)
    : await withLocal(ctx, client, ['jit = off'], (c) => ctx.db.query(ctx.sql.claimAll, args, c));
  return rows.map(rowToJob);
}

/** A heartbeat stuck longer than a third of the lease would let the lease lapse: the next one goes on a new connection. */
function heartbeatTimeoutMs(queryTimeoutMs: number, leaseMs: number): number {
  const third = Math.max(1_000, Math.floor(leaseMs / 3));
  return queryTimeoutMs > 0 ? Math.min(queryTimeoutMs, third) : third;
}

export async function heartbeat(ctx: PgCtx, items: S.HeartbeatItem[], leaseMs: number): Promise<S.HeartbeatResult> {
  if (items.length === 0) return { ok: [], lost: [] };
  const rows = await ctx.db.query(ctx.sql.heartbeat, [
    ctx.now(),
    Math.max(1, Math.round(leaseMs)),
    items.map((i) => i.id),
    items.map((i) => i.token),
    items.map((i) =>
      i.progress === undefined || !Number.isFinite(i.progress) ? null : Math.min(1, Math.max(0, i.progress)),
    ),
    items.map((i) => clean(i.progressMessage, 500)),
  ], undefined, false, heartbeatTimeoutMs(ctx.db.queryTimeoutMs, leaseMs));
  const alive = new Set(rows.map((r) => `${r.id}:${r.lease_token}`));
  const ok: S.Lease[] = [];
  const lost: S.Lease[] = [];
  for (const i of items) (alive.has(`${i.id}:${i.token}`) ? ok : lost).push({ id: i.id, token: i.token });
  return { ok, lost };
}

export async function saveCheckpoint(ctx: PgCtx, lease: S.Lease, state: unknown): Promise<boolean> {
  const checkpoint = JSON.stringify(state ?? null);
  const bytes = Buffer.byteLength(checkpoint);
  if (bytes > ctx.maxPayloadBytes) {
    throw new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, `checkpoint of ${bytes} bytes is over the limit of ${ctx.maxPayloadBytes}`);
  }
  const rows = await ctx.db.query(ctx.sql.saveCheckpoint, [ctx.now(), lease.id, lease.token, checkpoint]);
  return rows.length === 1;
}

const metricCols = (items: { metrics?: import('../../core/job.js').AttemptMetrics }[]) => [
  items.map((i) => i.metrics?.wallMs ?? null),
  items.map((i) => i.metrics?.cpuMs ?? null),
  items.map((i) => (i.metrics?.peakMemBytes === undefined ? null : Math.round(i.metrics.peakMemBytes))),
  items.map((i) => i.metrics?.waitMs ?? null),
];

export async function complete(ctx: PgCtx, items: S.Completion[], client?: Queryable): Promise<S.LeaseOutcome[]> {
  if (items.length === 0) return [];
  const args = completeArgs(ctx, items);
  const rows = await ctx.db.query(ctx.sql.complete, args, client);
  const applied = new Set(rows.map((r) => `${r.id}:${r.token}`));
  return completed(items, (c) => applied.has(`${c.id}:${c.token}`), args[3] as (string | null)[]);
}

/** $1..$14 of the complete statement; throws CB_RESULT_TOO_LARGE before anything is written. */
function completeArgs(ctx: PgCtx, items: S.Completion[]): unknown[] {
  const shas = items.map((c) => {
    if (c.result && c.result.length > ctx.maxResultBytes) {
      throw new CoreboundError(
        ErrorCodes.RESULT_TOO_LARGE,
        `result of job ${c.id} is ${c.result.length} bytes; the limit is ${ctx.maxResultBytes}`,
      );
    }
    return c.result ? sha256Hex(c.result) : null;
  });
  const small = (c: S.Completion) => !!c.result && c.result.length <= INLINE_RESULT_BYTES;
  const big = new Map<string, { bytes: Buffer; ct: string }>();
  items.forEach((c, i) => {
    const sha = shas[i];
    if (c.result && sha && !small(c) && !big.has(sha)) {
      big.set(sha, { bytes: c.result, ct: c.contentType ?? 'application/json' });
    }
  });
  const rs = [...big.entries()];
  return [
    ctx.now(),
    items.map((c) => c.id),
    items.map((c) => c.token),
    shas,
    ...metricCols(items),
    items.map((c) => (small(c) ? c.result : null)),
    items.map((c) => (small(c) ? (c.contentType ?? 'application/json') : null)),
    rs.map(([sha]) => sha),
    rs.map(([, r]) => r.bytes),
    rs.map(([, r]) => r.ct),
    rs.map(([, r]) => r.bytes.length),
  ];
}

/**
 * Outcomes in item order: `applied` says whether the store completed an
 * item's lease; `shas` are the result shas sent for the items. A repeated
 * item is stale after the first, as in one-by-one processing.
 */
function completed(items: S.Completion[], applied: (c: S.Completion) => boolean, shas: (string | null)[]): S.LeaseOutcome[] {
  const seen = new Set<number>();
  return items.map((c, i) => {
    if (seen.has(c.id) || !applied(c)) return { id: c.id, ok: false };
    seen.add(c.id);
    const sha = shas[i];
    return { id: c.id, ok: true, state: 'succeeded' as const, ...(sha ? { resultSha: sha } : {}) };
  });
}

export async function fail(ctx: PgCtx, items: S.Failure[]): Promise<S.LeaseOutcome[]> {
  if (items.length === 0) return [];
  const outcomes = await ctx.db.tx((c) => failIn(ctx, items, c));
  if (outcomes.some((o) => o.state === 'queued')) ctx.wake.local();
  return outcomes;
}

/** The failure decision and write, inside the caller's transaction. */
async function failIn(ctx: PgCtx, items: S.Failure[], c: Queryable): Promise<S.LeaseOutcome[]> {
  if (items.length === 0) return [];
  const current = await ctx.db.query(
    ctx.sql.leasedForUpdate,
    [items.map((f) => f.id), items.map((f) => f.token)],
    c,
  );
  const byLease = new Map<string, Row>(current.map((r) => [`${r.id}:${r.lease_token}`, r]));
  const decided: { f: S.Failure; next: ReturnType<typeof afterFailure> }[] = [];
  const out: S.LeaseOutcome[] = items.map((f) => {
    const row = byLease.get(`${f.id}:${f.token}`);
    if (!row) return { id: f.id, ok: false };
    byLease.delete(`${f.id}:${f.token}`);
    const next = afterFailure(
      {
        errors: Number(row.errors),
        crashes: Number(row.crashes),
        maxAttempts: Number(row.max_attempts),
        maxCrashes: Number(row.max_crashes),
      },
      f,
    );
    decided.push({ f, next });
    return { id: f.id, ok: true, state: next.state };
  });
  if (decided.length === 0) return out;
  const fs = decided.map((d) => d.f);
  await ctx.db.query(
    ctx.sql.failTo,
    [
      ctx.now(),
      fs.map((f) => f.id),
      fs.map((f) => f.token),
      decided.map((d) => d.next.state),
      decided.map((d) => d.next.errors),
      decided.map((d) => d.next.crashes),
      decided.map((d) => d.next.deadReason),
      decided.map((d) => d.next.delayMs),
      fs.map((f) => JSON.stringify(f.error)),
      fs.map((f) => f.kind),
      fs.map((f) => clean(f.error.code, 200)),
      fs.map((f) => clean(f.error.message, 4000)),
      fs.map((f) => clean(f.error.stack, 16000)),
      ...metricCols(fs),
      ctx.wake.channel,
    ],
    c,
  );
  return out;
}

export async function release(ctx: PgCtx, items: S.Release[], client?: Queryable): Promise<S.LeaseOutcome[]> {
  if (items.length === 0) return [];
  const rows = await ctx.db.query(
    ctx.sql.release,
    [ctx.now(), items.map((i) => i.id), items.map((i) => i.token), ...metricCols(items), ctx.wake.channel],
    client,
  );
  const done = new Set(rows.map((r) => Number(r.id)));
  const out = items.map((i) => {
    if (!done.delete(i.id)) return { id: i.id, ok: false };
    return { id: i.id, ok: true, state: 'queued' as const };
  });
  if (rows.length > 0) ctx.wake.local();
  return out;
}

const durableNow = Promise.resolve();

/**
 * Completions, failures and releases, then the claim, in one transaction.
 * The common case (completions and a claim) is ONE statement: one round trip
 * and one commit. Commits are synchronous (synchronous_commit as configured,
 * on by default), so the outcomes are durable when this resolves.
 */
export async function settle(ctx: PgCtx, b: S.SettleBatch): Promise<S.SettleResult> {
  const done = b.complete ?? [];
  const failed = b.fail ?? [];
  const released = b.release ?? [];
  const req = claimable(b.claim) ? b.claim : undefined;
  const result = (r: Partial<S.SettleResult>): S.SettleResult => ({
    complete: [],
    fail: [],
    release: [],
    claimed: [],
    durable: durableNow,
    ...r,
  });
  if (failed.length === 0 && released.length === 0) {
    if (done.length === 0) return result({ claimed: req ? await claim(ctx, req) : [] });
    if (!req) return result({ complete: await complete(ctx, done) });
    const completion = completeArgs(ctx, done);
    const args = [...completion, ...claimArgs(req)];
    const rows = req.queues
      ? await ctx.db.query(ctx.sql.settleQueues, args)
      : await withLocal(ctx, undefined, ['jit = off'], (c) => ctx.db.query(ctx.sql.settleAll, args, c));
    const missed = new Set((rows[0]?.missed as string[] | null) ?? []);
    const outcomes = completed(done, (c) => !missed.has(`${c.id}:${c.token}`), completion[3] as (string | null)[]);
    return result({ complete: outcomes, claimed: rows.filter((r) => r.id !== null).map(rowToJob) });
  }
  const out = await ctx.db.tx(async (c) => ({
    complete: await complete(ctx, done, c),
    fail: await failIn(ctx, failed, c),
    release: await release(ctx, released, c),
    claimed: req ? await claim(ctx, req, c) : [],
  }));
  if (out.fail.some((o) => o.state === 'queued') || out.release.some((o) => o.ok)) ctx.wake.local();
  return result(out);
}
