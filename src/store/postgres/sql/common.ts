import type { Stmt } from '../db.js';

/**
 * `now` in every statement is parameter $1: the injected clock's time when
 * there is one (tests), else NULL, and then the database's own clock. Stable
 * within a statement (statement_timestamp), so index bounds can use it.
 */
export const NOW = `coalesce($1::bigint, (extract(epoch FROM statement_timestamp()) * 1000)::bigint)`;

export const FINAL = `('succeeded', 'dead', 'cancelled')`;

/** Columns cleared whenever a job leaves `running`. */
export const NO_LEASE = 'lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL';

/**
 * The fence of a batch `i` (id, token) over jobs `j`, `ids` being the
 * batch's id array: the row must hold the item's lease token. A token is set
 * exactly while a job runs (CHECK jobs_lease_while_running, migration 007),
 * so this is `state = 'running' AND lease_token = token` without naming the
 * state. Naming it let the planner read a batch's rows by a bitmap scan of
 * all of jobs_running, which keeps an entry for every job that ran since the
 * last vacuum: a completion of 240 jobs took 16 ms with 100,000 jobs done
 * since, against 3.6 ms through the primary key (EXPLAIN ANALYZE,
 * 2026-12-05), and with fresh statistics saying nothing runs it chose a
 * nested loop over the batch for every row (37 ms). `j.id = ANY(ids)` gives
 * the primary key an exact row estimate.
 */
export const FENCE = (ids: string) => `j.id = ANY(${ids}::bigint[]) AND j.id = i.id AND j.lease_token = i.token`;

/**
 * Inserts the row of each attempt that just ended, from `src`: a CTE with
 * id, token, attempt, owner (the lease owner before the lease was cleared),
 * started_at and old_run_at, plus the columns named in `v` (SQL expressions
 * over `src`). The upsert covers an open row that a node of an earlier
 * version inserted at claim.
 */
export const insertEndedAttempts = (
  s: string,
  src: string,
  v: { outcome: string; code?: string; message?: string; stack?: string; wait?: string; wall?: string; cpu?: string; peak?: string },
) => `INSERT INTO ${s}.attempts (job_id, token, attempt, worker_id, started_at, ended_at, outcome, error_code,
         error_message, error_stack, wait_ms, wall_ms, cpu_ms, peak_mem_bytes)
       SELECT id, token, attempt, owner, started_at, ${NOW}, ${v.outcome}, ${v.code ?? 'NULL'}, ${v.message ?? 'NULL'},
         ${v.stack ?? 'NULL'}, coalesce(${v.wait ?? 'NULL'}, greatest(0, started_at - old_run_at)),
         coalesce(${v.wall ?? 'NULL'}, ${NOW} - started_at), ${v.cpu ?? 'NULL'}, ${v.peak ?? 'NULL'}
       FROM ${src}
       ON CONFLICT (job_id, token) DO UPDATE SET ended_at = excluded.ended_at, outcome = excluded.outcome,
         error_code = excluded.error_code, error_message = excluded.error_message, error_stack = excluded.error_stack,
         wait_ms = excluded.wait_ms, wall_ms = excluded.wall_ms, cpu_ms = excluded.cpu_ms,
         peak_mem_bytes = excluded.peak_mem_bytes`;

/** RETURNING columns that insertEndedAttempts reads, for an UPDATE of jobs `j` joined to its pre-update row `o`. */
export const ENDED_COLS = 'j.id, j.attempt, j.started_at, o.lease_owner AS owner, o.run_at AS old_run_at';

/** Options of a statement that joins a batch (unnest'ed arrays) to jobs: planned at every execution, see lease.ts. */
export const BATCH = { customPlan: true } as const;

export function stmt(name: string, text: string, opts: { customPlan?: boolean } = {}): Stmt {
  return { name: `cb_${name}`, text, ...opts };
}
