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

export const sql = {
  insertJob: `
    INSERT INTO jobs (task, queue, state, input, priority, run_at, created_at, updated_at,
      max_attempts, max_crashes, timeout_ms, idem_key, parent_id, group_id, traceparent)
    VALUES (@task, @queue, @state, @input, @priority, @run_at, @now, @now,
      @max_attempts, @max_crashes, @timeout_ms, @idem_key, @parent_id, @group_id, @traceparent)
    ON CONFLICT (queue, idem_key) WHERE idem_key IS NOT NULL DO NOTHING
    RETURNING *`,
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
  insertAttempt: `
    INSERT INTO attempts (job_id, token, attempt, worker_id, started_at, outcome, wait_ms)
    VALUES (@job_id, @token, @attempt, @worker, @now, 'running', @wait_ms)`,

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

  complete: `
    UPDATE jobs SET state = 'succeeded', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL,
      finished_at = @now, updated_at = @now, result_sha = @sha, progress = 1, checkpoint = NULL,
      cpu_ms = cpu_ms + @cpu_ms, wall_ms = wall_ms + @wall_ms, version = version + 1
    WHERE id = @id AND state = 'running' AND lease_token = @token`,
  insertResult: `
    INSERT INTO results (sha256, bytes, content_type, size, created_at)
    VALUES (@sha, @bytes, @content_type, @size, @now) ON CONFLICT (sha256) DO NOTHING`,
  endAttempt: `
    UPDATE attempts SET ended_at = @now, outcome = @outcome, error_code = @error_code,
      error_message = @error_message, error_stack = @error_stack,
      wall_ms = coalesce(@wall_ms, @now - started_at), cpu_ms = @cpu_ms,
      peak_mem_bytes = @peak_mem_bytes, wait_ms = coalesce(@wait_ms, wait_ms)
    WHERE job_id = @job_id AND token = @token`,
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
  endRunningAttempt: `
    UPDATE attempts SET ended_at = @now, outcome = @outcome, wall_ms = @now - started_at,
      error_code = @error_code, error_message = @error_message
    WHERE job_id = @job_id AND token = @token AND ended_at IS NULL`,
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
    AND NOT EXISTS (SELECT 1 FROM jobs WHERE result_sha = @sha)`,

  attempts: `SELECT * FROM attempts WHERE job_id = ? ORDER BY token`,
  list: `
    SELECT * FROM jobs
    WHERE (@state IS NULL OR state = @state) AND (@queue IS NULL OR queue = @queue)
      AND (@task IS NULL OR task = @task) AND (@cursor IS NULL OR id < @cursor)
    ORDER BY id DESC LIMIT (SELECT @limit)`,
  result: `SELECT * FROM results WHERE sha256 = ?`,
  resultQueues: `SELECT DISTINCT queue FROM jobs WHERE result_sha = ?`,
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
  oldestQueued: `SELECT queue, min(run_at) AS t FROM jobs WHERE state = 'queued' GROUP BY queue`,
  finishedAttempts: `
    SELECT a.*, j.task, j.queue FROM attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.ended_at IS NOT NULL AND a.ended_at >= @since AND (@task IS NULL OR j.task = @task)
    ORDER BY a.ended_at LIMIT (SELECT @limit)`,

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
