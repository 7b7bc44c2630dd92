import { insertEndedAttempts, NO_LEASE, NOW, stmt } from './common.js';

/** Operator actions, queue settings and API tokens. $1 is `now` wherever time is written. */
export const operatorSql = (s: string) => ({
  /** $1 now, $2 id. The caller has locked the row and checked its state. */
  cancel: stmt(
    'cancel',
    `UPDATE ${s}.jobs SET state = 'cancelled', ${NO_LEASE}, finished_at = ${NOW}, updated_at = ${NOW},
       version = version + 1
     WHERE id = $2 AND state IN ('scheduled', 'queued', 'running', 'retrying')
     RETURNING *`,
  ),
  /**
   * The ended attempt of a job cancelled while running, from its row as read
   * before the cancel: $1 now, $2 job id, $3 token, $4 outcome, $5 error code,
   * $6 message, $7 attempt, $8 lease owner, $9 started_at, $10 run_at.
   */
  endRunningAttempt: stmt(
    'end_running_attempt',
    `WITH prev AS (
       SELECT $2::bigint AS id, $3::bigint AS token, $7::int AS attempt, $8::text AS owner,
         $9::bigint AS started_at, $10::bigint AS old_run_at
     )
     ${insertEndedAttempts(s, 'prev', { outcome: '$4::text', code: '$5::text', message: '$6::text' })}`,
  ),
  /** dead/cancelled → queued with fresh budgets. $1 now, $2 id, $3 wake channel. */
  replay: stmt(
    'replay',
    `WITH upd AS (
       UPDATE ${s}.jobs SET state = 'queued', errors = 0, crashes = 0, dead_reason = NULL, finished_at = NULL,
         run_at = ${NOW}, updated_at = ${NOW}, version = version + 1
       WHERE id = $2 AND state IN ('dead', 'cancelled') RETURNING *
     )
     SELECT *, (SELECT pg_notify($3, '')) AS woke FROM upd`,
  ),
  /** scheduled/retrying → queued now. $1 now, $2 id, $3 wake channel. */
  runNow: stmt(
    'run_now',
    `WITH upd AS (
       UPDATE ${s}.jobs SET state = 'queued', run_at = ${NOW}, updated_at = ${NOW}, version = version + 1
       WHERE id = $2 AND state IN ('scheduled', 'retrying') RETURNING *
     )
     SELECT *, (SELECT pg_notify($3, '')) AS woke FROM upd`,
  ),
  /** $1 now, $2 queue|null, $3 task|null, $4 limit, $5 wake channel. */
  replayDead: stmt(
    'replay_dead',
    `WITH pick AS MATERIALIZED (
       SELECT id FROM ${s}.jobs WHERE state = 'dead'
         AND ($2::text IS NULL OR queue = $2) AND ($3::text IS NULL OR task = $3)
       ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED
     ),
     upd AS (
       UPDATE ${s}.jobs j SET state = 'queued', errors = 0, crashes = 0, dead_reason = NULL, finished_at = NULL,
         run_at = ${NOW}, updated_at = ${NOW}, version = j.version + 1
       FROM pick WHERE j.id = pick.id AND j.state = 'dead' RETURNING j.id
     )
     SELECT count(*)::int AS n, (SELECT pg_notify($5, '') FROM upd LIMIT 1) AS woke FROM upd`,
  ),

  queueForUpdate: stmt('queue_lock', `SELECT * FROM ${s}.queues WHERE queue = $1 FOR UPDATE`),
  upsertQueue: stmt(
    'upsert_queue',
    `INSERT INTO ${s}.queues (queue, paused, max_depth, public_results) VALUES ($1, $2, $3, $4)
     ON CONFLICT (queue) DO UPDATE SET paused = excluded.paused, max_depth = excluded.max_depth,
       public_results = excluded.public_results
     RETURNING *`,
  ),
  queues: stmt('queues', `SELECT * FROM ${s}.queues ORDER BY queue`),
  /** $1 wake channel; used when a queue is resumed. */
  notify: stmt('notify', `SELECT pg_notify($1, '')`),

  /** $1 now, $2 id, $3 name, $4 hash, $5 scopes json. */
  createToken: stmt(
    'create_token',
    `INSERT INTO ${s}.api_tokens (id, name, hash, scopes, created_at) VALUES ($2, $3, $4, $5::json, ${NOW})`,
  ),
  findToken: stmt('find_token', `SELECT * FROM ${s}.api_tokens WHERE hash = $1 AND revoked_at IS NULL`),
  /** $1 now, $2 id. */
  revokeToken: stmt(
    'revoke_token',
    `UPDATE ${s}.api_tokens SET revoked_at = ${NOW} WHERE id = $2 AND revoked_at IS NULL RETURNING id`,
  ),
  listTokens: stmt('list_tokens', `SELECT * FROM ${s}.api_tokens ORDER BY created_at, id`),
});
