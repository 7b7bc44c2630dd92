import { BATCH, ENDED_COLS, FENCE, insertEndedAttempts, NO_LEASE, NOW, stmt } from './common.js';

/**
 * The completion as CTEs (i, done, res), shared with settle: $1 now,
 * $2 ids, $3 tokens, $4 result shas, $5 wall, $6 cpu, $7 peak mem, $8 wait,
 * $9 small results' bytes (null for none or a big one), $10 their content
 * types; big results (deduplicated): $11 shas, $12 bytes, $13 content types,
 * $14 sizes. A small result is written into its job's row, a big one into
 * results. The attempt is recorded in the job row too (att_*, migration 004),
 * from the row's values before the update (SET expressions read the old row).
 */
export const completeCtes = (s: string) => `i AS (
       SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[],
                            $7::float8[], $8::float8[], $9::bytea[], $10::text[])
         AS t(id, token, sha, wall_ms, cpu_ms, peak, wait_ms, bytes, ct)
     ),
     done AS (
       UPDATE ${s}.jobs j SET state = 'succeeded', ${NO_LEASE}, finished_at = ${NOW}, updated_at = ${NOW},
         result_sha = i.sha, result_bytes = i.bytes, result_type = i.ct, progress = 1, checkpoint = NULL,
         cpu_ms = j.cpu_ms + coalesce(i.cpu_ms, 0), wall_ms = j.wall_ms + coalesce(i.wall_ms, 0), version = j.version + 1,
         att_worker = j.lease_owner, att_wait_ms = coalesce(i.wait_ms, greatest(0, j.started_at - j.run_at)),
         att_wall_ms = coalesce(i.wall_ms, ${NOW} - j.started_at), att_cpu_ms = i.cpu_ms, att_peak_mem_bytes = i.peak::bigint
       FROM i
       WHERE ${FENCE('$2')}
       RETURNING j.id, i.token, j.result_sha
     ),
     res AS (
       INSERT INTO ${s}.results (sha256, bytes, content_type, size, created_at, used_at)
       SELECT r.sha, r.bytes, r.ct, r.size, ${NOW}, ${NOW}
       FROM unnest($11::text[], $12::bytea[], $13::text[], $14::int[]) AS r(sha, bytes, ct, size)
       WHERE r.sha IN (SELECT result_sha FROM done)
       ON CONFLICT (sha256) DO UPDATE SET used_at = greatest(${s}.results.used_at, excluded.used_at)
     )`;

/**
 * Statements that act on a lease. Every one matches the item's lease token
 * (the fence, common.ts FENCE): a stale token matches no row, so the job is
 * untouched and the item is reported back as not ok. Batches are parallel
 * arrays expanded with unnest: one round trip per batch.
 *
 * Those that join a batch to jobs are planned at every execution (`BATCH`),
 * as claims are. As named prepared statements PostgreSQL switched them to a
 * generic plan that cannot see the batch size: it walked jobs_running and
 * re-ran the unnest for every running row, O(running × batch). A node holding
 * ~500 claimed jobs spent ~25 ms of the server's CPU per completion batch,
 * about 200 µs per job: the no-op drain ran at 6,000 jobs/s, and at 10,000
 * once planned per execution (docs/benchmarks.md). A plan costs ~0.5 ms per
 * batch.
 */
export const leaseSql = (s: string) => ({
  /** $1 now, $2 lease ms, $3 ids, $4 tokens, $5 progress, $6 progress messages. */
  heartbeat: stmt(
    'heartbeat',
    `UPDATE ${s}.jobs j SET lease_expires_at = ${NOW} + $2::bigint,
       progress = coalesce(i.progress, j.progress),
       progress_message = coalesce(i.msg, j.progress_message),
       version = j.version + (CASE WHEN i.progress IS NULL THEN 0 ELSE 1 END)
     FROM unnest($3::bigint[], $4::bigint[], $5::float8[], $6::text[]) AS i(id, token, progress, msg)
     WHERE ${FENCE('$3')}
     RETURNING j.id, j.lease_token`,
    BATCH,
  ),
  /** $1 now, $2 id, $3 token, $4 checkpoint json. */
  saveCheckpoint: stmt(
    'save_checkpoint',
    `UPDATE ${s}.jobs SET checkpoint = $4::json, updated_at = ${NOW}
     WHERE id = $2 AND state = 'running' AND lease_token = $3
     RETURNING id`,
  ),
  /**
   * $1..$14 as in completeCtes. A big result is stored only for completions
   * that won the fence; one that already exists is touched (used_at), which
   * also locks it against a concurrent prune.
   */
  complete: stmt('complete', `WITH ${completeCtes(s)}
     SELECT id, token FROM done`, BATCH),
  /** Current leases among ($1 ids, $2 tokens), locked for the failure decision. */
  leasedForUpdate: stmt(
    'leased_for_update',
    `SELECT j.id, j.lease_token, j.errors, j.crashes, j.max_attempts, j.max_crashes
     FROM ${s}.jobs j, unnest($1::bigint[], $2::bigint[]) AS i(id, token)
     WHERE ${FENCE('$1')}
     FOR UPDATE OF j`,
    BATCH,
  ),
  /**
   * Applies decided failures. $1 now, $2 ids, $3 tokens, $4 states, $5 errors, $6 crashes,
   * $7 dead reasons, $8 delay ms, $9 last_error json, $10 outcome, $11 error code,
   * $12 message, $13 stack, $14 wall, $15 cpu, $16 peak, $17 wait, $18 wake channel.
   */
  failTo: stmt(
    'fail_to',
    `WITH i AS (
       SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::int[], $7::text[],
         $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::float8[],
         $15::float8[], $16::float8[], $17::float8[])
         AS t(id, token, state, errors, crashes, dead_reason, delay_ms, last_error, outcome, code, message,
              stack, wall_ms, cpu_ms, peak, wait_ms)
     ),
     upd AS (
       UPDATE ${s}.jobs j SET state = i.state, errors = i.errors, crashes = i.crashes,
         dead_reason = i.dead_reason, run_at = ${NOW} + i.delay_ms, last_error = i.last_error::json, ${NO_LEASE},
         finished_at = CASE WHEN i.state = 'dead' THEN ${NOW} END, updated_at = ${NOW},
         cpu_ms = j.cpu_ms + coalesce(i.cpu_ms, 0), wall_ms = j.wall_ms + coalesce(i.wall_ms, 0),
         version = j.version + 1
       FROM i JOIN ${s}.jobs o ON o.id = i.id
       WHERE ${FENCE('$2')}
       RETURNING ${ENDED_COLS}, i.token, j.state, i.outcome, i.code, i.message, i.stack, i.wall_ms, i.cpu_ms,
         i.peak, i.wait_ms
     ),
     att AS (
       ${insertEndedAttempts(s, 'upd', {
         outcome: 'outcome',
         code: 'code',
         message: 'message',
         stack: 'stack',
         wait: 'wait_ms',
         wall: 'wall_ms',
         cpu: 'cpu_ms',
         peak: 'peak::bigint',
       })}
     )
     SELECT id, state, (SELECT pg_notify($18, '') FROM upd WHERE state = 'queued' LIMIT 1) AS woke FROM upd`,
    BATCH,
  ),
  /** Graceful drain. $1 now, $2 ids, $3 tokens, $4 wall, $5 cpu, $6 peak, $7 wait, $8 wake channel. */
  release: stmt(
    'release',
    `WITH i AS (
       SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
         AS t(id, token, wall_ms, cpu_ms, peak, wait_ms)
     ),
     upd AS (
       UPDATE ${s}.jobs j SET state = 'queued', ${NO_LEASE}, updated_at = ${NOW},
         cpu_ms = j.cpu_ms + coalesce(i.cpu_ms, 0), wall_ms = j.wall_ms + coalesce(i.wall_ms, 0),
         version = j.version + 1
       FROM i JOIN ${s}.jobs o ON o.id = i.id
       WHERE ${FENCE('$2')}
       RETURNING ${ENDED_COLS}, i.token, i.wall_ms, i.cpu_ms, i.peak, i.wait_ms
     ),
     att AS (
       ${insertEndedAttempts(s, 'upd', { outcome: `'released'`, wait: 'wait_ms', wall: 'wall_ms', cpu: 'cpu_ms', peak: 'peak::bigint' })}
     )
     SELECT id, (SELECT pg_notify($8, '')) AS woke FROM upd`,
    BATCH,
  ),
});
