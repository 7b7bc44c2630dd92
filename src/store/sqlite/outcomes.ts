import type Database from 'better-sqlite3';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Attempt, AttemptMetrics, JobError } from '../../core/job.js';
import { sha256Hex } from '../../core/sha256.js';
import { afterFailure } from '../../core/transitions.js';
import { rowToJob } from '../rows.js';
import { INLINE_RESULT_BYTES } from '../store.js';
import type * as S from '../store.js';
import type { StatementName } from './statements.js';

/**
 * Attempt outcomes, one lease each, inside the caller's transaction (used by
 * complete/fail/release and by settle). Each acts only when the token is the
 * job's current one (the fence in the statements) and otherwise reports the
 * item as not ok, leaving the job untouched.
 */
type St = (name: StatementName) => Database.Statement;
type Row = Record<string, unknown>;
export interface Hashed {
  c: S.Completion;
  sha: string | null;
}

/** Refuses results over the bound before anything is written; hashes only results that are present. */
export function hashResults(items: S.Completion[], maxResultBytes: number): Hashed[] {
  return items.map((c) => {
    if (c.result && c.result.length > maxResultBytes) {
      throw new CoreboundError(
        ErrorCodes.RESULT_TOO_LARGE,
        `result of job ${c.id} is ${c.result.length} bytes; the limit is ${maxResultBytes}`,
      );
    }
    return { c, sha: c.result ? sha256Hex(c.result) : null };
  });
}

/** A success is recorded in its job row (no attempts row): the update is its fence. */
export function completeOne(st: St, { c, sha }: Hashed, now: number): S.LeaseOutcome {
  const m = c.metrics ?? {};
  const inline = c.result && c.result.length <= INLINE_RESULT_BYTES ? c.result : null;
  const r = st('complete').run({
    id: c.id,
    token: c.token,
    now,
    sha,
    bytes: inline,
    type: inline ? (c.contentType ?? 'application/json') : null,
    cpu_ms: m.cpuMs ?? null,
    wall_ms: m.wallMs ?? null,
    wait_ms: m.waitMs ?? null,
    peak_mem_bytes: m.peakMemBytes ?? null,
  });
  if (r.changes === 0) return { id: c.id, ok: false };
  if (c.result && sha && !inline) {
    st('insertResult').run({ sha, bytes: c.result, content_type: c.contentType ?? 'application/json', size: c.result.length, now });
  }
  return sha ? { id: c.id, ok: true, state: 'succeeded', resultSha: sha } : { id: c.id, ok: true, state: 'succeeded' };
}

export function failOne(st: St, f: S.Failure, now: number): S.LeaseOutcome {
  const row = st('leasedJob').get({ id: f.id, token: f.token }) as Row | undefined;
  if (!row) return { id: f.id, ok: false };
  const next = afterFailure(rowToJob(row), f);
  const m = f.metrics ?? {};
  endAttempt(st, f, now, f.kind, f.error, m);
  st('failTo').run({
    id: f.id,
    token: f.token,
    now,
    state: next.state,
    errors: next.errors,
    crashes: next.crashes,
    dead_reason: next.deadReason,
    run_at: now + next.delayMs,
    last_error: JSON.stringify(f.error),
    finished_at: next.state === 'dead' ? now : null,
    cpu_ms: m.cpuMs ?? 0,
    wall_ms: m.wallMs ?? 0,
  });
  return { id: f.id, ok: true, state: next.state };
}

export function releaseOne(st: St, it: S.Release, now: number): S.LeaseOutcome {
  const m = it.metrics ?? {};
  if (!endAttempt(st, it, now, 'released', null, m)) return { id: it.id, ok: false };
  st('release').run({ id: it.id, token: it.token, now, cpu_ms: m.cpuMs ?? 0, wall_ms: m.wallMs ?? 0 });
  return { id: it.id, ok: true, state: 'queued' };
}

/**
 * Writes the attempt's row; must run before the job row's lease is cleared.
 * False when the lease is not the job's current one (nothing written).
 */
export function endAttempt(
  st: St,
  lease: S.Lease,
  now: number,
  outcome: Attempt['outcome'],
  error: Partial<JobError> | null,
  m: AttemptMetrics,
): boolean {
  const r = st('endAttempt').run({
    job_id: lease.id,
    token: lease.token,
    now,
    outcome,
    error_code: error?.code ?? null,
    error_message: error?.message?.slice(0, 4000) ?? null,
    error_stack: error?.stack?.slice(0, 16000) ?? null,
    wall_ms: m.wallMs ?? null,
    cpu_ms: m.cpuMs ?? null,
    peak_mem_bytes: m.peakMemBytes ?? null,
    wait_ms: m.waitMs ?? null,
  });
  return r.changes > 0;
}
