import { JOB_COLUMNS } from '../rows.js';

/**
 * Every SQL statement the SQLite store runs, by name. Lists are passed as one
 * JSON parameter and expanded with json_each, so each statement is prepared
 * once and never built from strings at run time.
 *
 * Every LIMIT takes its parameter through a scalar subquery, `LIMIT (SELECT
 * @limit)`: a bare `LIMIT @limit` lets the query planner (SQLite 3.53 with
 * STAT4, as built by better-sqlite3) look at the bound value, so binding it
 * expires the statement and every call re-prepares it: 5-20 µs per call on
 * the claim path, more than the rest of the statement.
 *
 * INDEXED BY pins the partial indexes made for a query where the planner,
 * without ANALYZE statistics, would rather walk jobs_state_id and sort every
 * scheduled or finished job (promotion runs every second).
 */
const FINAL = `('succeeded', 'dead', 'cancelled')`;
/** Jobs whose result is `p`, found through the jobs_result_prefix expression index (migration 004). */
const BY_RESULT = (p: string) => `substr(result_sha, 1, 12) = substr(${p}, 1, 12) AND result_sha = ${p}`;

export const sql = {
  insertJob: `
    INSERT INTO jobs (task, queue, state, input, priority, run_at, created_at, updated_at,
      max_attempts, max_crashes, timeout_ms, idem_key, parent_id, group_id, traceparent)
    VALUES (@task, @queue, @state, @input, @priority, @run_at, @now, @now,
      @max_attempts, @max_crashes, @timeout_ms, @idem_key, @parent_id, @group_id, @traceparent)
    ON CONFLICT (queue, idem_key) WHERE idem_key IS NOT NULL DO NOTHING
    RETURNING ${JOB_COLUMNS.join(', ')}`,
  jobByKey: `SELECT * FROM jobs WHERE queue = @queue AND idem_key = @key`,
  jobById: `SELECT * FROM jobs WHERE id = ?`,

  /**
   * Candidates for one queue, in claim order; served by the jobs_claim partial
   * index. Whole rows: the claim then updates each by id and patches the row in
   * JS (claimById sets exactly the values it computed), which is much cheaper
   * than UPDATE … RETURNING * (SQLite materializes RETURNING rows).
   */
  claimCandidates: `
    SELECT * FROM jobs
    WHERE state = 'queued' AND queue = @queue
    ORDER BY priority, run_at, id LIMIT (SELECT @limit)`,
  /**
   * The queues with queued jobs, for a claim that names none: one index seek
   * per queue (a skip scan of jobs_claim), so its cost does not grow with the
   * backlog. SELECT DISTINCT walked every queued job (7 ms per claim with
   * 50,000 queued, without ANALYZE statistics).
   */
  queuedQueues: `
    WITH RECURSIVE q(queue) AS (
      SELECT (SELECT min(queue) FROM jobs INDEXED BY jobs_claim WHERE state = 'queued')
      UNION ALL
      SELECT (SELECT min(queue) FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND queue > q.queue)
      FROM q WHERE q.queue IS NOT NULL
    )
    SELECT queue FROM q WHERE queue IS NOT NULL`,
  pausedQueues: `SELECT queue FROM queues WHERE paused = 1`,
  /** The lease_seq guard makes a mismatch between the row we read and the row we update impossible to miss. */
  claimById: `
    UPDATE jobs SET state = 'running', attempt = @attempt, lease_seq = @seq, lease_token = @seq,
      lease_owner = @worker, lease_expires_at = @expires, started_at = @now, updated_at = @now,
      progress = NULL, progress_message = NULL, version = version + 1
    WHERE id = @id AND state = 'queued' AND lease_seq = @seq - 1`,
  heartbeat: `
    UPDATE jobs SET lease_expires_at = @expires,
      progress = coalesce(@progress, progress),
      progress_message = coalesce(@progress_message, progress_message),
      version = version + (CASE WHEN @progress IS NULL THEN 0 ELSE 1 END)
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  saveCheckpoint: `
    UPDATE jobs SET checkpoint = @checkpoint, updated_at = @now
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  leasedJob: `SELECT * FROM jobs WHERE id = @id AND state = 'running' AND lease_token = @token`,

  /**
   * The fence of a success (0 rows: stale token) and its attempt's record:
   * the att_* columns (migration 005), from the row as it was before this
   * update (SQLite evaluates SET expressions against the old row).
   */
  complete: `
    UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
      finished_at = @now, updated_at = @now, result_sha = @sha, result_bytes = @bytes, result_type = @type,
      progress = 1, checkpoint = NULL,
      cpu_ms = cpu_ms + coalesce(@cpu_ms, 0), wall_ms = wall_ms + coalesce(@wall_ms, 0), version = version + 1,
      att_worker = lease_owner, att_wait_ms = coalesce(@wait_ms, max(0, started_at - run_at)),
      att_wall_ms = coalesce(@wall_ms, @now - started_at), att_cpu_ms = @cpu_ms, att_peak_mem_bytes = @peak_mem_bytes
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  insertResult: `
    INSERT INTO results (sha256, bytes, content_type, size, created_at)
    VALUES (@sha, @bytes, @content_type, @size, @now) ON CONFLICT (sha256) DO NOTHING`,
  /**
   * The row of an attempt that ended other than in success, written before
   * the job row's lease is cleared: who ran it and since when come from the
   * job row. Matching only the current lease makes this the fence of those
   * outcomes (0 rows: stale token). The upsert covers an open row that a
   * node of an earlier version inserted at claim.
   */
  endAttempt: `
    INSERT INTO attempts (job_id, token, attempt, worker_id, started_at, ended_at, outcome, error_code,
      error_message, error_stack, wait_ms, wall_ms, cpu_ms, peak_mem_bytes)
    SELECT id, lease_token, attempt, lease_owner, started_at, @now, @outcome, @error_code,
      @error_message, @error_stack, coalesce(@wait_ms, max(0, started_at - run_at)),
      coalesce(@wall_ms, @now - started_at), @cpu_ms, @peak_mem_bytes
    FROM jobs WHERE id = @job_id AND state = 'running' AND lease_token = @token
    ON CONFLICT (job_id, token) DO UPDATE SET ended_at = excluded.ended_at, outcome = excluded.outcome,
      error_code = excluded.error_code, error_message = excluded.error_message,
      error_stack = excluded.error_stack, wait_ms = excluded.wait_ms, wall_ms = excluded.wall_ms,
      cpu_ms = excluded.cpu_ms, peak_mem_bytes = excluded.peak_mem_bytes`,
  failTo: `
    UPDATE jobs SET state = @state, errors = @errors, crashes = @crashes, dead_reason = @dead_reason,
      run_at = @run_at, last_error = @last_error, lease_token = NULL, lease_owner = NULL,
      lease_expires_at = NULL, finished_at = @finished_at, updated_at = @now,
      cpu_ms = cpu_ms + @cpu_ms, wall_ms = wall_ms + @wall_ms, version = version + 1
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  release: `
    UPDATE jobs SET state = 'queued', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
      updated_at = @now, cpu_ms = cpu_ms + @cpu_ms, wall_ms = wall_ms + @wall_ms, version = version + 1
    WHERE id = @id AND state = 'running' AND lease_token = @token`,

  cancel: `
    UPDATE jobs SET state = 'cancelled', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
      finished_at = @now, updated_at = @now, version = version + 1
    WHERE id = @id AND state IN ('scheduled', 'queued', 'running', 'retrying')`,
  replay: `
    UPDATE jobs SET state = 'queued', errors = 0, crashes = 0, dead_reason = NULL, finished_at = NULL,
      run_at = @now, updated_at = @now, version = version + 1
    WHERE id = @id AND state IN ('dead', 'cancelled')`,
  runNow: `
    UPDATE jobs SET state = 'queued', run_at = @now, updated_at = @now, version = version + 1
    WHERE id = @id AND state IN ('scheduled', 'retrying')`,
  replayDead: `
    UPDATE jobs SET state = 'queued', errors = 0, crashes = 0, dead_reason = NULL, finished_at = NULL,
      run_at = @now, updated_at = @now, version = version + 1
    WHERE id IN (SELECT id FROM jobs WHERE state = 'dead'
      AND (@queue IS NULL OR queue = @queue) AND (@task IS NULL OR task = @task)
      ORDER BY id LIMIT (SELECT @limit))`,

  expiredLeases: `
    SELECT id, lease_token, crashes, max_crashes FROM jobs
    WHERE state = 'running' AND lease_expires_at < @now ORDER BY lease_expires_at LIMIT (SELECT @limit)`,
  rescueTo: `
    UPDATE jobs SET state = @state, crashes = @crashes, dead_reason = @dead_reason, run_at = @now,
      last_error = @last_error, lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
      finished_at = @finished_at, updated_at = @now, version = version + 1
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  promoteDue: `
    UPDATE jobs SET state = 'queued', updated_at = @now, version = version + 1
    WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_due WHERE state IN ('scheduled', 'retrying') AND run_at <= @now
      ORDER BY run_at LIMIT (SELECT @limit))`,
  nextDueAt: `SELECT min(run_at) AS t FROM jobs INDEXED BY jobs_due WHERE state IN ('scheduled', 'retrying')`,
  prunable: `
    SELECT id, result_sha FROM jobs INDEXED BY jobs_finished WHERE state IN ${FINAL} AND finished_at < @before
    ORDER BY finished_at LIMIT (SELECT @limit)`,
  deleteJob: `DELETE FROM jobs WHERE id = ?`,
  deleteAttempts: `DELETE FROM attempts WHERE job_id = ?`,
  deleteOrphanResult: `
    DELETE FROM results WHERE sha256 = @sha
    AND NOT EXISTS (SELECT 1 FROM jobs WHERE ${BY_RESULT('@sha')})`,

  /**
   * Ended attempts, then the running one or the succeeded one, which live in
   * the job row (the running one until it ends; see migration 005). An open
   * row that a node older than migration 004 inserted at claim is shown only
   * while its attempt runs: a success ends it in the job row.
   */
  attempts: `
    SELECT job_id, token, attempt, worker_id, started_at, ended_at, outcome, error_code, error_message,
      error_stack, wait_ms, wall_ms, cpu_ms, peak_mem_bytes
    FROM attempts a WHERE job_id = @id
      AND (ended_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM jobs WHERE id = a.job_id AND state = 'running' AND lease_token = a.token))
    UNION ALL
    SELECT id, lease_token, attempt, lease_owner, started_at, NULL, 'running', NULL, NULL, NULL,
      max(0, started_at - run_at), NULL, NULL, NULL
    FROM jobs WHERE id = @id AND state = 'running'
      AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.job_id = jobs.id AND a.token = jobs.lease_token)
    UNION ALL
    SELECT id, lease_seq, attempt, att_worker, started_at, finished_at, 'succeeded', NULL, NULL, NULL,
      att_wait_ms, att_wall_ms, att_cpu_ms, att_peak_mem_bytes
    FROM jobs WHERE id = @id AND state = 'succeeded' AND att_worker IS NOT NULL
    ORDER BY token`,
  result: `SELECT * FROM results WHERE sha256 = ?`,
  /** A result small enough to live in its job's row (see migration 004). */
  inlineResult: `
    SELECT result_sha AS sha256, result_bytes AS bytes, result_type AS content_type,
      length(result_bytes) AS size, finished_at AS created_at
    FROM jobs WHERE ${BY_RESULT('@sha')} AND result_bytes IS NOT NULL LIMIT 1`,
  resultQueues: `SELECT DISTINCT queue FROM jobs WHERE ${BY_RESULT('@sha')}`,
  /** Distinct queues by skip-scan of the (queue, id) index: O(queues · log n), not O(n). */
  distinctQueues: `
    WITH RECURSIVE q(queue) AS (
      SELECT min(queue) FROM jobs
      UNION ALL
      SELECT (SELECT min(queue) FROM jobs WHERE queue > q.queue) FROM q WHERE q.queue IS NOT NULL)
    SELECT queue FROM q WHERE queue IS NOT NULL`,
  /** Per (queue, state), capped; queued from jobs_claim, running from jobs_state_id, the rest from jobs_queue_done. */
  countCapped: `
    SELECT count(*) AS n FROM (SELECT 1 FROM jobs
      WHERE queue = @queue AND state = @state AND state NOT IN ('queued', 'running') LIMIT (SELECT @cap))`,
  countQueued: `SELECT count(*) AS n FROM (SELECT 1 FROM jobs WHERE state = 'queued' AND queue = @queue LIMIT (SELECT @cap))`,
  /** `+queue`: keeps the planner on jobs_state_id (a few running rows) instead of scanning the queue's rows. */
  countRunning: `SELECT count(*) AS n FROM (SELECT 1 FROM jobs WHERE state = 'running' AND +queue = @queue LIMIT (SELECT @cap))`,
  /**
   * The first queued job of the next (queue, priority) group of jobs_claim:
   * the next priority of this queue, else the next queue, one seek each. So
   * the oldest queued job per queue costs O(groups), not a walk of the
   * backlog (`min(run_at) … GROUP BY queue` took 240 ms with 800,000
   * queued). A row value `(queue, priority) > (?, ?)` seeks only on queue
   * here and walked the rest of the queue (53 ms). Start from ('', -Infinity).
   */
  nextQueuedGroup: `
    SELECT * FROM (SELECT queue, priority, run_at FROM jobs INDEXED BY jobs_claim
      WHERE state = 'queued' AND queue = @queue AND priority > @priority ORDER BY priority, run_at LIMIT 1)
    UNION ALL
    SELECT * FROM (SELECT queue, priority, run_at FROM jobs INDEXED BY jobs_claim
      WHERE state = 'queued' AND queue > @queue ORDER BY queue, priority, run_at LIMIT 1)
    LIMIT 1`,
  /**
   * Attempts rows and successes recorded in job rows (migration 005), each
   * arm read in end-time order from its index (attempts_ended,
   * jobs_finished) and merged, so the LIMIT stops both walks early.
   */
  finishedAttempts: `
    SELECT a.job_id, a.attempt, a.outcome, a.started_at, a.ended_at, a.wait_ms, a.wall_ms, a.cpu_ms,
      a.peak_mem_bytes, j.task, j.queue
    FROM attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.ended_at IS NOT NULL AND a.ended_at >= @since AND (@task IS NULL OR j.task = @task)
    UNION ALL
    SELECT id, attempt, 'succeeded', started_at, finished_at, att_wait_ms, att_wall_ms, att_cpu_ms,
      att_peak_mem_bytes, task, queue
    FROM jobs INDEXED BY jobs_finished
    WHERE finished_at >= @since AND state = 'succeeded' AND att_worker IS NOT NULL
      AND (@task IS NULL OR task = @task)
    ORDER BY 5 LIMIT (SELECT @limit)`,

  upsertQueue: `
    INSERT INTO queues (queue, paused, max_depth, public_results) VALUES (@queue, @paused, @max_depth, @public_results)
    ON CONFLICT (queue) DO UPDATE SET paused = excluded.paused, max_depth = excluded.max_depth,
      public_results = excluded.public_results
    RETURNING *`,
  queue: `SELECT * FROM queues WHERE queue = ?`,
  queues: `SELECT * FROM queues ORDER BY queue`,

  createToken: `INSERT INTO api_tokens (id, name, hash, scopes, created_at) VALUES (@id, @name, @hash, @scopes, @now)`,
  findToken: `SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`,
  revokeToken: `UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL`,
  listTokens: `SELECT * FROM api_tokens ORDER BY created_at`,
} as const;

export type StatementName = keyof typeof sql;

/** A job listing newest first, with a WHERE clause from list-query.ts (one statement per filter combination). */
export const listSql = (where: string) => `SELECT * FROM jobs ${where} ORDER BY id DESC LIMIT (SELECT @limit)`;
