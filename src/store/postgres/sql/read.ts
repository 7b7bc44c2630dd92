import { JobStates } from '../../../core/job.js';
import { FINAL, stmt } from './common.js';

/** Read-only statements. */
export const readSql = (s: string) => ({
  /**
   * Ended attempts, then the running one or the succeeded one, which live in
   * the job row (the running one until it ends; see migration 004). An open
   * row that a node older than migration 003 inserted at claim is shown only
   * while its attempt runs: a success ends it in the job row.
   */
  attempts: stmt(
    'attempts',
    `SELECT job_id, token, attempt, worker_id, started_at, ended_at, outcome, error_code, error_message,
       error_stack, wait_ms, wall_ms, cpu_ms, peak_mem_bytes
     FROM ${s}.attempts a WHERE job_id = $1
       AND (ended_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM ${s}.jobs WHERE id = a.job_id AND state = 'running' AND lease_token = a.token))
     UNION ALL
     SELECT id, lease_token, attempt, lease_owner, started_at, NULL, 'running', NULL, NULL, NULL,
       greatest(0, started_at - run_at), NULL, NULL, NULL
     FROM ${s}.jobs j WHERE id = $1 AND state = 'running'
       AND NOT EXISTS (SELECT 1 FROM ${s}.attempts a WHERE a.job_id = j.id AND a.token = j.lease_token)
     UNION ALL
     SELECT id, lease_seq, attempt, att_worker, started_at, finished_at, 'succeeded', NULL, NULL, NULL,
       att_wait_ms, att_wall_ms, att_cpu_ms, att_peak_mem_bytes
     FROM ${s}.jobs WHERE id = $1 AND state = 'succeeded' AND att_worker IS NOT NULL
     ORDER BY token`,
  ),
  /**
   * Jobs newest first, with the WHERE clause of list-query.ts (its values,
   * then the limit). Planned at each execution: only with the state's value
   * in hand can the planner pick the partial index that holds that state.
   * A queue's jobs of every state (`byQueue`: a queue filter, no state) are
   * one newest-first walk per state, merged: the index that holds a queue's
   * jobs is ordered by state before id (jobs_queue_state_id, running jobs in
   * jobs_running), so no single walk yields them newest first.
   */
  list: (where: string, limitParam: string, byQueue = false) =>
    byQueue
      ? stmt(
          'list_queue',
          `SELECT * FROM (${JobStates.map(
            (st) => `(SELECT * FROM ${s}.jobs ${where} AND state = '${st}' ORDER BY id DESC LIMIT ${limitParam})`,
          ).join(' UNION ALL ')}) x ORDER BY id DESC LIMIT ${limitParam}`,
          { customPlan: true },
        )
      : stmt('list', `SELECT * FROM ${s}.jobs ${where} ORDER BY id DESC LIMIT ${limitParam}`, { customPlan: true }),
  /** A small result lives in a job row (any job with that content), a big one in results. */
  result: stmt(
    'result',
    `(SELECT result_sha AS sha256, result_bytes AS bytes, result_type AS content_type,
        octet_length(result_bytes) AS size, finished_at AS created_at
      FROM ${s}.jobs WHERE result_sha = $1 AND result_bytes IS NOT NULL LIMIT 1)
     UNION ALL
     (SELECT sha256, bytes, content_type, size, created_at FROM ${s}.results WHERE sha256 = $1)
     LIMIT 1`,
  ),
  resultQueues: stmt('result_queues', `SELECT DISTINCT queue FROM ${s}.jobs WHERE result_sha = $1`),
  /**
   * Counts per (queue, state), each capped at $1, finished states at $3
   * ($2: the states). Queues are found by a loose scan of
   * jobs_queue_state_id (one probe per queue) plus those of the running
   * jobs, which that index leaves out; each count walks at most its cap of
   * entries of the index that holds that state: jobs_claim (queued),
   * jobs_running (running: few rows, filtered by queue) or jobs_queue_state_id.
   */
  countsCapped: stmt(
    'counts_capped',
    `WITH RECURSIVE q(queue) AS (
       SELECT min(queue) FROM ${s}.jobs WHERE state <> 'running'
       UNION ALL
       SELECT (SELECT min(queue) FROM ${s}.jobs WHERE state <> 'running' AND queue > q.queue)
       FROM q WHERE q.queue IS NOT NULL
     ),
     qs AS (
       SELECT queue FROM q WHERE queue IS NOT NULL
       UNION
       SELECT queue FROM ${s}.jobs WHERE state = 'running'
     )
     SELECT qs.queue, st.state, (CASE st.state
       WHEN 'queued' THEN (SELECT count(*) FROM (SELECT 1 FROM ${s}.jobs j
         WHERE j.state = 'queued' AND j.queue = qs.queue LIMIT $1) x)
       WHEN 'running' THEN (SELECT count(*) FROM (SELECT 1 FROM ${s}.jobs j
         WHERE j.state = 'running' AND j.queue = qs.queue LIMIT $1) x)
       ELSE (SELECT count(*) FROM (SELECT 1 FROM ${s}.jobs j
         WHERE j.state <> 'running' AND j.queue = qs.queue AND j.state = st.state
         LIMIT CASE WHEN st.state IN ${FINAL} THEN $3 ELSE $1 END) x)
     END)::bigint AS n
     FROM qs CROSS JOIN unnest($2::text[]) AS st(state)`,
  ),
  oldestQueued: stmt(
    'oldest_queued',
    // A skip scan of jobs_claim: the first job of each (queue, priority)
    // group, one index probe each, not a walk of every queued job.
    `WITH RECURSIVE g AS (
       (SELECT queue, priority, run_at FROM ${s}.jobs WHERE state = 'queued' ORDER BY queue, priority, run_at LIMIT 1)
       UNION ALL
       SELECT n.queue, n.priority, n.run_at FROM g CROSS JOIN LATERAL (
         SELECT queue, priority, run_at FROM ${s}.jobs
         WHERE state = 'queued' AND (queue, priority) > (g.queue, g.priority)
         ORDER BY queue, priority, run_at LIMIT 1) n
     )
     SELECT queue, min(run_at) AS t FROM g GROUP BY queue`,
  ),
  /**
   * $1 since, $2 task, $3 limit. Attempts rows and successes recorded in job
   * rows (migration 004), each arm in end-time order from its index
   * (attempts_ended, jobs_finished), merged, so the LIMIT stops both walks.
   */
  finishedAttempts: stmt(
    'finished_attempts',
    `SELECT * FROM (
       SELECT a.job_id, a.attempt, a.outcome, a.started_at, a.ended_at, a.wait_ms, a.wall_ms, a.cpu_ms,
         a.peak_mem_bytes, j.task, j.queue
       FROM ${s}.attempts a JOIN ${s}.jobs j ON j.id = a.job_id
       WHERE a.ended_at IS NOT NULL AND a.ended_at >= $1 AND ($2::text IS NULL OR j.task = $2)
       UNION ALL
       SELECT id, attempt, 'succeeded', started_at, finished_at, att_wait_ms, att_wall_ms, att_cpu_ms,
         att_peak_mem_bytes, task, queue
       FROM ${s}.jobs
       WHERE state = 'succeeded' AND finished_at >= $1 AND att_worker IS NOT NULL AND ($2::text IS NULL OR task = $2)
     ) x ORDER BY ended_at LIMIT $3`,
  ),
  ping: stmt('ping', 'SELECT 1 AS ok'),
});
