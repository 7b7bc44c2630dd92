import { JOB_COLUMNS } from '../../rows.js';
import { NOW, stmt } from './common.js';

/**
 * Claim: lock candidates with FOR UPDATE SKIP LOCKED so concurrent claimers
 * on many nodes never wait for or double-claim each other's rows, then update
 * exactly those rows and insert their attempt rows, in one statement.
 *
 * - Per queue: a LATERAL walk of the jobs_claim partial index
 *   (queue, priority, run_at, id) WHERE state = 'queued' takes the first
 *   `limit` unlocked rows of each queue; the overall first `limit` of those
 *   are claimed. Cost depends on the number of queues and `limit`, not on
 *   scheduled or finished rows or on other queues' backlog. Rows locked but
 *   not chosen are released at commit, a moment later.
 * - The candidate set is a MATERIALIZED CTE: written as `WHERE id IN
 *   (SELECT … LIMIT … FOR UPDATE SKIP LOCKED)`, the planner may re-run the
 *   subquery per outer row and update more rows than the limit (Oban hit
 *   this); a materialized CTE runs exactly once.
 * - claimAll finds the queues with queued jobs by a loose index scan over
 *   jobs_claim (one index probe per distinct queue) rather than a scan.
 * - Claims are planned at every execution (customPlan: sent unnamed). As a
 *   named prepared statement PostgreSQL switched, after a few executions, to
 *   a generic plan that does not know the LIMIT; on a churning table that
 *   plan scanned and sorted the queue (about 200 ms a claim, measured in
 *   bench/pg-queues.mjs, drain 5,000/s → 900/s on some runs). Planning costs
 *   a fraction of a millisecond, once per batch.
 *
 * $1 now, $2 limit, $3 worker id, $4 lease ms, [$5 queues].
 */
/** The claim's CTEs (cand, claimed) after `qs`; shared with settle. */
export const claimCtes = (s: string) => `
  cand AS MATERIALIZED (
    SELECT j.id, j.priority, j.run_at
    FROM qs
    CROSS JOIN LATERAL (
      SELECT id, priority, run_at FROM ${s}.jobs
      WHERE state = 'queued' AND queue = qs.queue
      ORDER BY priority, run_at, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    ) j
    WHERE qs.queue IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ${s}.queues p WHERE p.queue = qs.queue AND p.paused)
    ORDER BY j.priority, j.run_at, j.id
    LIMIT $2
  ),
  claimed AS (
    UPDATE ${s}.jobs j SET state = 'running', attempt = j.attempt + 1, lease_seq = j.lease_seq + 1,
      lease_token = j.lease_seq + 1, lease_owner = $3, lease_expires_at = ${NOW} + $4::bigint,
      started_at = ${NOW}, updated_at = ${NOW}, progress = NULL, progress_message = NULL,
      version = j.version + 1
    FROM cand WHERE j.id = cand.id AND j.state = 'queued'
    RETURNING ${JOB_COLUMNS.map((c) => `j.${c}`).join(', ')}
  )`;

const claimTail = (s: string) => `${claimCtes(s)}
  SELECT * FROM claimed ORDER BY priority, run_at, id`;

/** The `qs` CTE: the named queues ($5), or every queue with queued jobs (needs WITH RECURSIVE). */
export const claimQueuesHead = () => `qs AS (SELECT DISTINCT unnest($5::text[]) AS queue)`;
export const claimAllHead = (s: string) => `qs(queue) AS (
       SELECT min(queue) FROM ${s}.jobs WHERE state = 'queued'
       UNION ALL
       SELECT (SELECT min(queue) FROM ${s}.jobs WHERE state = 'queued' AND queue > qs.queue)
       FROM qs WHERE qs.queue IS NOT NULL
     )`;

export const claimSql = (s: string) => ({
  claimQueues: stmt(
    'claim_queues',
    `WITH ${claimQueuesHead()},
     ${claimTail(s)}`,
    { customPlan: true },
  ),
  claimAll: stmt(
    'claim_all',
    `WITH RECURSIVE ${claimAllHead(s)},
     ${claimTail(s)}`,
    { customPlan: true },
  ),
});
