import { BATCH, ENDED_COLS, FENCE, FINAL, insertEndedAttempts, NO_LEASE, NOW, stmt } from './common.js';

/** Rescue, promotion and pruning: run by the elected maintenance leader. */
export const maintenanceSql = (s: string) => ({
  /**
   * Running jobs whose lease expired ($1 now, $2 limit). SKIP LOCKED: a row
   * locked right now is being completed or failed by its worker, which wins.
   */
  expiredLeases: stmt(
    'expired_leases',
    `SELECT id, lease_token, crashes, max_crashes FROM ${s}.jobs
     WHERE state = 'running' AND lease_expires_at < ${NOW}
     ORDER BY lease_expires_at LIMIT $2
     FOR UPDATE SKIP LOCKED`,
  ),
  /**
   * $1 now, $2 ids, $3 tokens, $4 states, $5 crashes, $6 dead reasons,
   * $7 last_error json, $8 error code, $9 message, $10 wake channel.
   */
  rescueTo: stmt(
    'rescue_to',
    `WITH i AS (
       SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::text[])
         AS t(id, token, state, crashes, dead_reason)
     ),
     upd AS (
       UPDATE ${s}.jobs j SET state = i.state, crashes = i.crashes, dead_reason = i.dead_reason, run_at = ${NOW},
         last_error = $7::json, ${NO_LEASE}, finished_at = CASE WHEN i.state = 'dead' THEN ${NOW} END,
         updated_at = ${NOW}, version = j.version + 1
       FROM i JOIN ${s}.jobs o ON o.id = i.id
       WHERE ${FENCE('$2')}
       RETURNING ${ENDED_COLS}, i.token, j.state
     ),
     att AS (
       ${insertEndedAttempts(s, 'upd', { outcome: `'lease_expired'`, code: '$8', message: '$9' })}
     )
     SELECT id, state, (SELECT pg_notify($10, '') FROM upd WHERE state = 'queued' LIMIT 1) AS woke FROM upd`,
    BATCH, // a batch joined to jobs, as in lease.ts
  ),
  /** $1 now, $2 limit, $3 wake channel. Due rows come from the jobs_due partial index. */
  promoteDue: stmt(
    'promote_due',
    `WITH due AS MATERIALIZED (
       SELECT id FROM ${s}.jobs WHERE state IN ('scheduled', 'retrying') AND run_at <= ${NOW}
       ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ),
     upd AS (
       UPDATE ${s}.jobs j SET state = 'queued', updated_at = ${NOW}, version = j.version + 1
       FROM due WHERE j.id = due.id AND j.state IN ('scheduled', 'retrying') RETURNING j.id
     )
     SELECT count(*)::int AS n, (SELECT pg_notify($3, '') FROM upd LIMIT 1) AS woke FROM upd`,
  ),
  nextDueAt: stmt('next_due_at', `SELECT min(run_at) AS t FROM ${s}.jobs WHERE state IN ('scheduled', 'retrying')`),
  /**
   * One batch of pruning ($1 now, $2 retention ms, $3 limit): final jobs
   * finished before now - retention, their attempts, and results no other job
   * points at. All CTEs share one snapshot, so jobs deleted in this statement
   * are excluded by hand; a result reused by a completion after this snapshot
   * has used_at >= the cutoff and is kept (the completion locks and bumps it).
   */
  prune: stmt(
    'prune',
    `WITH victims AS MATERIALIZED (
       SELECT id FROM ${s}.jobs WHERE state IN ${FINAL} AND finished_at < ${NOW} - $2::bigint
       ORDER BY finished_at LIMIT $3 FOR UPDATE SKIP LOCKED
     ),
     dj AS (DELETE FROM ${s}.jobs j USING victims v WHERE j.id = v.id RETURNING j.id, j.result_sha),
     da AS (DELETE FROM ${s}.attempts a USING dj WHERE a.job_id = dj.id),
     dr AS (
       DELETE FROM ${s}.results r
       WHERE r.sha256 IN (SELECT result_sha FROM dj WHERE result_sha IS NOT NULL)
         AND r.used_at < ${NOW} - $2::bigint
         AND NOT EXISTS (
           SELECT 1 FROM ${s}.jobs o WHERE o.result_sha = r.sha256 AND o.id NOT IN (SELECT id FROM dj)
         )
     )
     SELECT count(*)::int AS n FROM dj`,
  ),
});
