import { NOW, stmt } from './common.js';

/**
 * Enqueue: one statement for the whole batch, parameters as parallel arrays
 * (unnest), so a bulk enqueue is one round trip and one transaction.
 * Ids are drawn from the sequence up front so every input row is matched to
 * its inserted row by id (RETURNING order is not guaranteed). A spec whose
 * (queue, key) exists is skipped by ON CONFLICT; jobsByKey then reads the
 * existing job. pg_notify fires on commit, only when a runnable job was created.
 * Rows come back unordered; the caller puts them in input order by `ord`, and
 * builds each new job from its spec and the four columns the insert decided
 * (rows.ts enqueuedJob). The
 * planner cannot know that each input row meets at most one inserted row and
 * estimates the join at n² / 200 rows: sorted in SQL, a batch of 10,000 was
 * priced over jit_above_cost and JIT-compiled (16 ms of a 134 ms statement),
 * and the sort of full job rows spilled to disk.
 */
export const producerSql = (s: string) => ({
  insertJobs: stmt(
    'insert_jobs',
    `WITH input AS MATERIALIZED (
       SELECT nextval('${s}.jobs_id_seq') AS id, t.*, coalesce(t.run_at_abs, ${NOW} + t.delay_ms) AS run_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::int[],
                   $9::int[], $10::bigint[], $11::text[], $12::bigint[], $13::text[], $14::text[])
         WITH ORDINALITY AS t(task, queue, input, priority, run_at_abs, delay_ms, max_attempts,
                              max_crashes, timeout_ms, idem_key, parent_id, group_id, traceparent, ord)
     ),
     ins AS (
       INSERT INTO ${s}.jobs (id, task, queue, state, input, priority, run_at, created_at, updated_at,
         max_attempts, max_crashes, timeout_ms, idem_key, parent_id, group_id, traceparent)
       SELECT id, task, queue, CASE WHEN run_at > ${NOW} THEN 'scheduled' ELSE 'queued' END, input::json,
         priority, run_at, ${NOW}, ${NOW}, max_attempts, max_crashes, timeout_ms, idem_key, parent_id,
         group_id, traceparent
       FROM input ORDER BY ord
       ON CONFLICT (queue, idem_key) WHERE idem_key IS NOT NULL DO NOTHING
       RETURNING id, state, run_at, created_at
     )
     SELECT input.ord, input.queue AS spec_queue, input.idem_key AS spec_key, ins.*,
       (SELECT pg_notify($15, '') FROM ins WHERE state = 'queued' LIMIT 1) AS woke
     FROM input LEFT JOIN ins ON ins.id = input.id`,
  ),
  jobsByKey: stmt(
    'jobs_by_key',
    `SELECT j.* FROM unnest($1::text[], $2::text[]) AS k(queue, idem_key)
     JOIN ${s}.jobs j ON j.queue = k.queue AND j.idem_key = k.idem_key`,
  ),
  jobById: stmt('job_by_id', `SELECT * FROM ${s}.jobs WHERE id = $1`),
  jobByIdForUpdate: stmt('job_by_id_lock', `SELECT * FROM ${s}.jobs WHERE id = $1 FOR UPDATE`),
});
